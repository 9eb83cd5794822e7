// Linear referencing in georiviere._georiviere: rivers, located points,
// network distances, segments and events.
#include <cstdint>
#include <limits>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/stl.h>

#include "arrays.hpp"
#include "bindings.hpp"
#include "georiviere/io/wkt.hpp"
#include "georiviere/referencing/events.hpp"
#include "georiviere/referencing/locate.hpp"
#include "georiviere/referencing/network_distance.hpp"
#include "georiviere/referencing/rivers.hpp"
#include "georiviere/referencing/segmentation.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere::python {

namespace {

using namespace pybind11::literals;

using HandlePtr = std::shared_ptr<NetworkHandle>;
using CoordinateArray =
    py::array_t<double, py::array::c_style | py::array::forcecast>;

// An object array of str, with invalid UTF-8 replaced by U+FFFD.
py::array make_text_array(const std::vector<std::string>& values) {
  return make_object_array(values.size(), [&](std::size_t i) {
    PyObject* text = PyUnicode_DecodeUTF8(
        values[i].data(), static_cast<py::ssize_t>(values[i].size()),
        "replace");
    if (text == nullptr) {
      throw py::error_already_set();
    }
    return text;
  });
}

py::dict river_dict(const River& river) {
  std::vector<std::int64_t> reaches;
  std::vector<double> starts;
  std::vector<double> ends;
  for (const RiverReachSpan& span : river.reaches) {
    reaches.push_back(span.reach);
    starts.push_back(span.start_m);
    ends.push_back(span.end_m);
  }
  return py::dict(
      "main_stem_id"_a = river.main_stem_id, "name"_a = river.name,
      "reach_ids"_a = make_array(reaches),
      "reach_starts_m"_a = make_array(starts),
      "reach_ends_m"_a = make_array(ends), "length_m"_a = river.length_m,
      "mouth_distance_to_outlet_m"_a = river.mouth_distance_to_outlet_m);
}

py::list rivers(const HandlePtr& handle) {
  std::vector<River> list;
  {
    py::gil_scoped_release release;
    list = list_rivers(handle->network);
  }
  py::list result;
  for (const River& river : list) {
    result.append(river_dict(river));
  }
  return result;
}

KilometrePointRules rules_of(const RegionProfile* profile) {
  return profile != nullptr ? profile->kilometre_points : KilometrePointRules{};
}

// Locates every point (xs[i], ys[i]); returns one column per field of
// PointLocation, with -1 ids and NaN values where a point is not located.
py::dict locate(const HandlePtr& handle, const CoordinateArray& xs,
                const CoordinateArray& ys, double max_distance_m,
                const RegionProfile* profile, py::object progress) {
  if (xs.ndim() != 1 || ys.ndim() != 1 || xs.size() != ys.size()) {
    throw py::value_error("xs and ys must be one-dimensional arrays of the "
                          "same length, got " +
                          std::to_string(xs.size()) + " and " +
                          std::to_string(ys.size()) + " values");
  }
  std::vector<Point> points(static_cast<std::size_t>(xs.size()));
  for (std::size_t i = 0; i < points.size(); ++i) {
    points[i] = {xs.data()[i], ys.data()[i]};
  }
  const KilometrePointRules rules = rules_of(profile);
  std::vector<PointLocation> results;
  ProgressBridge bridge(std::move(progress));
  run_without_gil(bridge, [&] {
    results = locate_points(handle->network, points, max_distance_m, rules,
                            bridge.callback());
  });

  const std::size_t count = results.size();
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  std::vector<std::string> status(count), side(count), river_name(count),
      reason(count);
  std::vector<std::int64_t> reach(count), stem(count);
  std::vector<double> measure(count), offset(count), from_source(count),
      to_mouth(count), to_outlet(count), kilometre(count), snapped_x(count),
      snapped_y(count), nearest(count);
  for (std::size_t i = 0; i < count; ++i) {
    const PointLocation& r = results[i];
    const bool located = r.located();
    status[i] = std::string(to_string(r.status));
    reason[i] = r.reason(max_distance_m);
    nearest[i] = r.nearest_distance_m;
    reach[i] = located ? r.location.reach : no_id;
    measure[i] = located ? r.location.measure_m : nan;
    offset[i] = located ? r.location.offset_m : nan;
    side[i] = located ? std::string(to_string(r.side)) : std::string();
    stem[i] = r.main_stem_id;
    river_name[i] = r.river_name;
    from_source[i] = r.distance_from_source_m;
    to_mouth[i] = r.distance_to_mouth_m;
    to_outlet[i] = r.distance_to_outlet_m;
    kilometre[i] = r.kilometre_point;
    snapped_x[i] = located ? r.location.point.x : nan;
    snapped_y[i] = located ? r.location.point.y : nan;
  }
  return py::dict(
      "status"_a = make_text_array(status), "reach_id"_a = make_array(reach),
      "reach_measure_m"_a = make_array(measure),
      "offset_m"_a = make_array(offset), "side"_a = make_text_array(side),
      "main_stem_id"_a = make_array(stem),
      "river_name"_a = make_text_array(river_name),
      "distance_from_source_m"_a = make_array(from_source),
      "distance_to_mouth_m"_a = make_array(to_mouth),
      "distance_to_outlet_m"_a = make_array(to_outlet),
      "kilometre_point"_a = make_array(kilometre),
      "snapped_x"_a = make_array(snapped_x),
      "snapped_y"_a = make_array(snapped_y),
      "nearest_distance_m"_a = make_array(nearest),
      "reason"_a = make_text_array(reason));
}

void check_reach(const RiverNetwork& network, ReachId reach) {
  if (reach < 0 || reach >= static_cast<ReachId>(network.reaches.size())) {
    throw py::index_error("reach id " + std::to_string(reach) +
                          " is not in the network of " +
                          std::to_string(network.reaches.size()) + " reaches");
  }
}

py::dict distance(const HandlePtr& handle, ReachId from_reach,
                  double from_measure_m, ReachId to_reach,
                  double to_measure_m) {
  check_reach(handle->network, from_reach);
  check_reach(handle->network, to_reach);
  NetworkLocation from;
  from.reach = from_reach;
  from.measure_m = from_measure_m;
  NetworkLocation to;
  to.reach = to_reach;
  to.measure_m = to_measure_m;
  NetworkDistance result;
  {
    py::gil_scoped_release release;
    result = network_distance(handle->network, from, to);
  }
  return py::dict("relation"_a = std::string(to_string(result.relation)),
                  "distance_m"_a = result.distance_m,
                  "path"_a = make_array(result.path),
                  "reason"_a = result.reason);
}

py::dict segments(const HandlePtr& handle, double length_m, bool balanced,
                  bool at_confluences, const std::string& attribute,
                  py::object progress) {
  SegmentOptions options;
  options.length_m = length_m;
  options.balanced = balanced;
  options.at_confluences = at_confluences;
  options.attribute = attribute;
  std::vector<RiverSegment> result;
  std::vector<std::string> wkts;
  ProgressBridge bridge(std::move(progress));
  run_without_gil(bridge, [&] {
    options.progress = bridge.callback();
    result =
        segment_rivers(handle->network, list_rivers(handle->network), options);
    wkts.reserve(result.size());
    for (const RiverSegment& segment : result) {
      wkts.push_back(to_wkt(segment.geometry));
    }
  });

  const std::size_t count = result.size();
  std::vector<std::int64_t> stem(count), index(count), start_reach(count),
      end_reach(count);
  std::vector<double> start(count), end(count), length(count),
      start_measure(count), end_measure(count);
  std::vector<std::string> names(count);
  py::list reach_ids;
  for (std::size_t i = 0; i < count; ++i) {
    const RiverSegment& s = result[i];
    stem[i] = s.main_stem_id;
    names[i] = s.river_name;
    index[i] = static_cast<std::int64_t>(s.index);
    start[i] = s.start_m;
    end[i] = s.end_m;
    length[i] = s.length_m();
    start_reach[i] = s.start_reach;
    start_measure[i] = s.start_reach_measure_m;
    end_reach[i] = s.end_reach;
    end_measure[i] = s.end_reach_measure_m;
    reach_ids.append(py::cast(s.reaches));
  }
  return py::dict("main_stem_id"_a = make_array(stem),
                  "river_name"_a = make_text_array(names),
                  "segment_index"_a = make_array(index),
                  "start_m"_a = make_array(start), "end_m"_a = make_array(end),
                  "length_m"_a = make_array(length),
                  "start_reach"_a = make_array(start_reach),
                  "start_reach_measure_m"_a = make_array(start_measure),
                  "end_reach"_a = make_array(end_reach),
                  "end_reach_measure_m"_a = make_array(end_measure),
                  "reach_ids"_a = reach_ids, "geometry"_a = py::cast(wkts));
}

// Events cross the boundary as (main_stem_id, start_m, end_m, attributes)
// tuples.
using EventTuple = std::tuple<ReachId, double, double, EventAttributes>;

LinearEvent event_from(const EventTuple& tuple) {
  LinearEvent event;
  event.main_stem_id = std::get<0>(tuple);
  event.start_m = std::get<1>(tuple);
  event.end_m = std::get<2>(tuple);
  event.attributes = std::get<3>(tuple);
  return event;
}

EventTuple tuple_from(const LinearEvent& event) {
  return {event.main_stem_id, event.start_m, event.end_m, event.attributes};
}

std::pair<EventTuple, EventTuple> split(const EventTuple& event, double at_m) {
  const auto [upstream, downstream] = split_event(event_from(event), at_m);
  return {tuple_from(upstream), tuple_from(downstream)};
}

std::vector<EventTuple> merge(const std::vector<EventTuple>& events,
                              const std::string& rule,
                              double touch_tolerance_m) {
  MergeOptions options;
  if (rule == "equal_attributes") {
    options.rule = MergeRule::equal_attributes;
  } else if (rule == "join_values") {
    options.rule = MergeRule::join_values;
  } else {
    throw InvalidInputError("unknown merge rule '" + rule +
                            "': use 'equal_attributes' or 'join_values'");
  }
  options.touch_tolerance_m = touch_tolerance_m;
  std::vector<LinearEvent> input;
  for (const EventTuple& event : events) {
    input.push_back(event_from(event));
  }
  std::vector<EventTuple> result;
  for (const LinearEvent& event : merge_events(std::move(input), options)) {
    result.push_back(tuple_from(event));
  }
  return result;
}

} // namespace

void bind_referencing(py::module_& module) {
  module.def("list_rivers", &rivers, "network"_a);
  module.def("locate_points", &locate, "network"_a, "xs"_a, "ys"_a,
             "max_distance_m"_a, "profile"_a, "progress"_a);
  module.def("network_distance", &distance, "network"_a, "from_reach"_a,
             "from_measure_m"_a, "to_reach"_a, "to_measure_m"_a);
  module.def("segment_rivers", &segments, "network"_a, "length_m"_a,
             "balanced"_a, "at_confluences"_a, "attribute"_a, "progress"_a);
  module.def("split_event", &split, "event"_a, "at_m"_a);
  module.def("merge_events", &merge, "events"_a, "rule"_a,
             "touch_tolerance_m"_a);
}

} // namespace georiviere::python
