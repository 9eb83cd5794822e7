// Longitudinal profiles and zoning in georiviere._georiviere.
#include <cstdint>
#include <limits>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/polygon_reader.hpp"
#include "georiviere/io/raster_sampler.hpp"
#include "georiviere/referencing/profile.hpp"
#include "georiviere/referencing/rivers.hpp"
#include "georiviere/referencing/zoning.hpp"

namespace georiviere::python {

namespace {

using namespace pybind11::literals;

using HandlePtr = std::shared_ptr<NetworkHandle>;
using ProfilePtr = std::shared_ptr<LongitudinalProfile>;

py::array make_object_array(const std::vector<py::object>& values) {
  return python::make_object_array(
      values.size(), [&](std::size_t i) { return values[i].inc_ref().ptr(); });
}

py::object to_python(const FieldValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return py::int_(*integer);
  }
  if (const auto* real = std::get_if<double>(&value)) {
    return py::float_(*real);
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return py::str(*text);
  }
  return py::none();
}

ProfileValues values_of(bool smoothed) {
  return smoothed ? ProfileValues::smoothed : ProfileValues::raw;
}

py::dict summary_dict(const ProfileSummary& s) {
  return py::dict(
      "start_m"_a = s.start_m, "end_m"_a = s.end_m, "length_m"_a = s.length_m(),
      "start_z"_a = s.start_z, "end_z"_a = s.end_z, "min_z"_a = s.min_z,
      "max_z"_a = s.max_z, "drop_m"_a = s.drop_m, "mean_slope"_a = s.mean_slope,
      "ascent_m"_a = s.ascent_m, "descent_m"_a = s.descent_m,
      "sample_count"_a = s.sample_count, "nodata_count"_a = s.nodata_count);
}

// Samples the profile of the river named or numbered `river` (the longest
// of that name), or else of reach `reach`, with the GIL released.
ProfilePtr sample(const HandlePtr& handle, const std::string& dem_path,
                  const std::optional<std::string>& river,
                  std::optional<ReachId> reach, double step_m,
                  double smoothing_m, int band) {
  if (river.has_value() == reach.has_value()) {
    throw py::value_error("give exactly one of river and reach");
  }
  ProfileOptions options;
  options.step_m = step_m;
  options.smoothing_window_m = smoothing_m;
  std::shared_ptr<LongitudinalProfile> profile;
  {
    py::gil_scoped_release release;
    const RiverNetwork& network = handle->network;
    const RasterSampler dem(dem_path, network.crs_wkt, band);
    if (river) {
      const std::vector<River> rivers = list_rivers(network);
      profile = std::make_shared<LongitudinalProfile>(
          river_profile(network, find_river(rivers, *river), dem, options));
    } else {
      profile = std::make_shared<LongitudinalProfile>(
          reach_profile(network, *reach, dem, options));
    }
  }
  return profile;
}

py::dict profile_arrays(const ProfilePtr& profile) {
  std::vector<double> xs;
  std::vector<double> ys;
  for (const Point& point : profile->points) {
    xs.push_back(point.x);
    ys.push_back(point.y);
  }
  const std::vector<std::int64_t> reaches(profile->reach.begin(),
                                          profile->reach.end());

  std::vector<double> gap_starts;
  std::vector<double> gap_ends;
  std::vector<std::int64_t> gap_counts;
  for (const NodataGap& gap : profile->gaps) {
    gap_starts.push_back(gap.start_m);
    gap_ends.push_back(gap.end_m);
    gap_counts.push_back(static_cast<std::int64_t>(gap.sample_count));
  }

  std::vector<std::int64_t> span_reaches;
  std::vector<double> span_starts;
  std::vector<double> span_ends;
  for (const RiverReachSpan& span : profile->reaches) {
    span_reaches.push_back(span.reach);
    span_starts.push_back(span.start_m);
    span_ends.push_back(span.end_m);
  }

  py::object smoothed = py::none();
  if (profile->smoothed()) {
    smoothed = make_array(profile->smoothed_z);
  }
  return py::dict(
      "main_stem_id"_a = profile->main_stem_id, "name"_a = profile->name,
      "length_m"_a = profile->length_m, "step_m"_a = profile->step_m,
      "smoothing_m"_a = profile->smoothing_window_m,
      "measure_m"_a = make_array(profile->measure_m),
      "reach_id"_a = make_array(reaches), "x"_a = make_array(xs),
      "y"_a = make_array(ys), "z"_a = make_array(profile->z),
      "smoothed_z"_a = smoothed, "gap_starts_m"_a = make_array(gap_starts),
      "gap_ends_m"_a = make_array(gap_ends),
      "gap_sample_counts"_a = make_array(gap_counts),
      "reach_ids"_a = make_array(span_reaches),
      "reach_starts_m"_a = make_array(span_starts),
      "reach_ends_m"_a = make_array(span_ends));
}

py::dict summarize(const ProfilePtr& profile, double start_m, double end_m,
                   bool smoothed) {
  return summary_dict(summarize_profile(
      *profile, MeasureInterval{start_m, end_m}, values_of(smoothed)));
}

py::list summarize_reach_spans(const ProfilePtr& profile, bool smoothed) {
  py::list result;
  for (const ProfileSummary& s :
       summarize_reaches(*profile, values_of(smoothed))) {
    result.append(summary_dict(s));
  }
  return result;
}

// The columns of the zone tables, one row per stretch.
struct ZoneColumns {
  std::vector<std::int64_t> reach_id;
  std::vector<std::int64_t> main_stem_id;
  std::vector<std::string> river;
  std::vector<std::int64_t> polygon_fid;
  std::vector<std::int64_t> polygon_index;
  std::vector<double> start_m;
  std::vector<double> end_m;
  std::vector<double> length_m;

  void add(std::int64_t reach, std::int64_t stem, const std::string& name,
           const ZoneStretch& stretch, const PolygonLayer& layer) {
    reach_id.push_back(reach);
    main_stem_id.push_back(stem);
    river.push_back(name);
    polygon_fid.push_back(layer.attributes.fids[stretch.polygon]);
    polygon_index.push_back(static_cast<std::int64_t>(stretch.polygon));
    start_m.push_back(stretch.start_m);
    end_m.push_back(stretch.end_m);
    length_m.push_back(stretch.length_m());
  }

  py::dict to_dict(const PolygonLayer& layer, int field) const {
    std::vector<py::object> rivers;
    std::vector<py::object> labels;
    for (std::size_t i = 0; i < river.size(); ++i) {
      rivers.push_back(py::str(river[i]));
      labels.push_back(
          field < 0 ? py::none()
                    : to_python(layer.attributes.rows[static_cast<std::size_t>(
                          polygon_index[i])][field]));
    }
    return py::dict("reach_id"_a = make_array(reach_id),
                    "river"_a = make_object_array(rivers),
                    "main_stem_id"_a = make_array(main_stem_id),
                    "polygon_fid"_a = make_array(polygon_fid),
                    "polygon"_a = make_object_array(labels),
                    "start_m"_a = make_array(start_m),
                    "end_m"_a = make_array(end_m),
                    "length_m"_a = make_array(length_m));
  }
};

// Zones the network against the polygons of a dataset; returns the river
// and the reach tables as dictionaries of columns.
py::dict zones(const HandlePtr& handle, const std::string& path,
               const std::string& layer, const std::string& where,
               const std::string& polygon_crs, const std::string& field,
               py::object progress) {
  PolygonLayer polygons;
  NetworkZoning zoning;
  ProgressBridge bridge(std::move(progress));
  run_without_gil(bridge, [&] {
    PolygonReadOptions read;
    read.path = path;
    read.layer = layer;
    read.where = where;
    read.working_crs = handle->network.crs_wkt;
    read.layer_crs_if_missing = polygon_crs;
    read.layer_option = "layer";
    read.crs_option = "polygon_crs=";
    read.progress = bridge.callback();
    polygons = read_polygons(read);
    zoning =
        zone_network(handle->network, polygons.polygons, bridge.callback());
  });

  int field_index = -1;
  if (!field.empty()) {
    field_index = polygons.attributes.field_index(field);
    if (field_index < 0) {
      std::string names;
      for (const FieldDefinition& definition : polygons.attributes.fields) {
        names += (names.empty() ? "" : ", ") + definition.name;
      }
      throw InvalidInputError("field '" + field + "' not found in " +
                              polygons.source + "; its fields are " +
                              (names.empty() ? "none" : names));
    }
  }

  ZoneColumns rivers;
  for (const RiverZones& river : zoning.river_zones) {
    for (const ZoneStretch& stretch : river.stretches) {
      rivers.add(no_id, river.main_stem_id, river.name, stretch, polygons);
    }
  }
  const RiverOfReach river_of_reach(handle->network, zoning.rivers);
  ZoneColumns reaches;
  for (std::size_t id = 0; id < zoning.reach_zones.size(); ++id) {
    const std::size_t r = river_of_reach.river[id];
    const ReachId stem =
        r == RiverOfReach::npos ? no_id : zoning.rivers[r].main_stem_id;
    const std::string name =
        r == RiverOfReach::npos ? std::string() : zoning.rivers[r].name;
    for (const ZoneStretch& stretch : zoning.reach_zones[id]) {
      reaches.add(static_cast<std::int64_t>(id), stem, name, stretch, polygons);
    }
  }
  return py::dict("rivers"_a = rivers.to_dict(polygons, field_index),
                  "reaches"_a = reaches.to_dict(polygons, field_index),
                  "polygon_count"_a = polygons.size(),
                  "source"_a = polygons.source);
}

} // namespace

void bind_profile(py::module_& module) {
  py::class_<LongitudinalProfile, ProfilePtr>(module, "Profile",
                                              "A longitudinal profile.")
      .def("arrays", &profile_arrays)
      .def("summary", &summarize, "start_m"_a, "end_m"_a, "smoothed"_a)
      .def("reach_summaries", &summarize_reach_spans, "smoothed"_a);
  module.def("longitudinal_profile", &sample, "network"_a, "dem"_a, "river"_a,
             "reach"_a, "step_m"_a, "smoothing_m"_a, "band"_a);
  module.def("zones", &zones, "network"_a, "path"_a, "layer"_a, "where"_a,
             "polygon_crs"_a, "field"_a, "progress"_a);
}

} // namespace georiviere::python
