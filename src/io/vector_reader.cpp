#include "georiviere/io/vector_reader.hpp"

#include <cmath>
#include <string_view>
#include <utility>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "crs.hpp"
#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"
#include "ogr_layer.hpp"

namespace georiviere {
namespace {

using detail::CrsTransformer;
using detail::GdalErrorCapture;
using detail::PjPtr;
using detail::ProjContext;

OGRLayer* select_layer(GDALDataset& dataset, const ReadOptions& options) {
  // The OSM driver puts ways in 'lines' and route relations in
  // 'multilinestrings', and rivers are mapped as ways.
  if (options.layer.empty() && detail::is_osm(dataset)) {
    return dataset.GetLayerByName("lines");
  }
  return detail::select_layer(dataset, options.path, options.layer,
                              &detail::is_line_type, "line");
}

// ---- geometries -----------------------------------------------------------

Polyline to_polyline(const OGRSimpleCurve& curve) {
  const int count = curve.getNumPoints();
  Polyline line;
  line.points.reserve(count);
  for (int i = 0; i < count; ++i) {
    line.points.push_back({curve.getX(i), curve.getY(i)});
  }
  if (curve.Is3D()) {
    line.z.reserve(count);
    for (int i = 0; i < count; ++i) {
      line.z.push_back(curve.getZ(i));
    }
  }
  if (curve.IsMeasured()) {
    line.m.reserve(count);
    for (int i = 0; i < count; ++i) {
      line.m.push_back(curve.getM(i));
    }
  }
  return line;
}

[[noreturn]] void throw_not_lines(const std::string& layer_text,
                                  OGRwkbGeometryType type, std::int64_t fid) {
  throw InvalidInputError(
      layer_text + " contains " + detail::geometry_type_name(type) +
      " geometries (feature " + std::to_string(fid) +
      "), but georiviere needs LineString or MultiLineString features; "
      "choose a line layer with --layer");
}

// Appends the non-empty line parts of the geometry. Curves are linearised
// with OGR's default step of 4 degrees of arc.
void append_parts(const OGRGeometry& geometry, std::vector<Polyline>& parts,
                  const std::string& layer_text, std::int64_t fid) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  switch (type) {
  case wkbLineString: {
    Polyline line = to_polyline(*geometry.toLineString());
    if (!line.empty()) {
      parts.push_back(std::move(line));
    }
    return;
  }
  case wkbCircularString:
  case wkbCompoundCurve: {
    std::unique_ptr<OGRLineString> linear(geometry.toCurve()->CurveToLine());
    if (linear) {
      append_parts(*linear, parts, layer_text, fid);
    }
    return;
  }
  case wkbMultiLineString:
  case wkbMultiCurve:
  case wkbGeometryCollection:
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
      append_parts(*part, parts, layer_text, fid);
    }
    return;
  default: throw_not_lines(layer_text, geometry.getGeometryType(), fid);
  }
}

void check_finite(const Polyline& line, const std::string& layer_text,
                  std::int64_t fid) {
  for (std::size_t i = 0; i < line.size(); ++i) {
    const bool finite = std::isfinite(line.points[i].x) &&
                        std::isfinite(line.points[i].y) &&
                        (line.z.empty() || std::isfinite(line.z[i]));
    if (!finite) {
      throw InvalidInputError(
          "feature " + std::to_string(fid) + " of " + layer_text +
          " has a NaN or infinite coordinate at vertex " + std::to_string(i) +
          "; fix or remove that feature");
    }
  }
}

// ---- CRS ------------------------------------------------------------------

// The CRS decision made before reading: where the layer is, and what the
// working CRS is unless it is a UTM zone chosen from the data extent.
struct CrsPlan {
  PjPtr layer_crs;   // null when the layer has none
  PjPtr working_crs; // null when a UTM zone is to be chosen
  bool transform = false;
};

CrsPlan plan_crs(const ProjContext& context, GDALDataset& dataset,
                 OGRLayer& layer, const ReadOptions& options,
                 const std::string& layer_text) {
  CrsPlan plan;
  plan.layer_crs = detail::read_layer_crs(context, dataset, layer, layer_text);

  if (!options.crs.empty()) {
    plan.working_crs = detail::crs_from_user_input(context, options.crs);
    plan.transform =
        plan.layer_crs && !detail::equivalent_crs(context, plan.layer_crs.get(),
                                                  plan.working_crs.get());
  } else if (!plan.layer_crs) {
    throw CrsError(layer_text +
                   " has no CRS; pass --crs EPSG:XXXX (for example 2154 "
                   "for Lambert-93)");
  } else if (detail::is_geographic(context, plan.layer_crs.get())) {
    plan.transform = true;
  } else {
    plan.working_crs.reset(proj_clone(context.get(), plan.layer_crs.get()));
  }

  if (plan.working_crs) {
    const std::string what =
        options.crs.empty() ? layer_text : "the --crs option";
    detail::require_projected_in_metres(context, plan.working_crs.get(), what);
  }
  return plan;
}

// Picks the WGS 84 UTM zone of the centre of the lines' extent.
PjPtr utm_crs_for(const ProjContext& context, const PJ* layer_crs,
                  const std::vector<SourceLine>& lines) {
  Box extent;
  for (const SourceLine& line : lines) {
    extent.expand(line.geometry.bounds());
  }
  double longitude = 0.0;
  double latitude = 0.0;
  detail::to_longitude_latitude(
      context, layer_crs, (extent.min_x + extent.max_x) / 2.0,
      (extent.min_y + extent.max_y) / 2.0, longitude, latitude);
  const int code = detail::utm_epsg_code(longitude, latitude);
  return detail::crs_from_user_input(context, "EPSG:" + std::to_string(code));
}

void reproject(std::vector<SourceLine>& lines, const CrsTransformer& transform,
               const ProjContext& context, const PJ* source, const PJ* target,
               const ProgressCallback& progress) {
  ProgressReporter reporter(progress, "reprojecting lines", lines.size());
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!detail::transform_points(transform, lines[i].geometry.points)) {
      detail::throw_transform_failed(
          context, "feature " + std::to_string(lines[i].fid), source, target);
    }
    reporter.update(i + 1);
  }
  reporter.finish();
}

} // namespace

LineSet read_lines(const ReadOptions& options) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  GDALDatasetUniquePtr dataset = detail::open_vector_dataset(options.path);
  OGRLayer* layer = select_layer(*dataset, options);
  const std::string layer_name = layer->GetName();
  const std::string layer_text =
      "layer '" + layer_name + "' of " + options.path;

  detail::check_declared_geometry_type(
      *layer, &detail::is_line_type, layer_text,
      "georiviere needs LineString or MultiLineString features; choose a line "
      "layer with --layer");
  detail::apply_attribute_filter(*layer, options.where, layer_text);

  // Settle the CRS before the long read, so that a missing CRS fails fast.
  ProjContext context;
  CrsPlan plan = plan_crs(context, *dataset, *layer, options, layer_text);

  LineSet result;
  result.source = options.path + " (" + layer_name + ")";
  result.attributes.fields =
      detail::read_field_definitions(*layer->GetLayerDefn());

  errors.clear();
  std::int64_t index = 0;
  std::vector<Polyline> parts;
  detail::for_each_feature(
      *dataset, *layer, options.progress, "reading lines", [&](OGRFeature& f) {
        const std::int64_t fid = detail::feature_id(f, index);
        ++index;
        const OGRGeometry* geometry = f.GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) {
          ++result.features_without_geometry;
          return;
        }
        parts.clear();
        append_parts(*geometry, parts, layer_text, fid);
        if (parts.empty()) {
          ++result.features_without_geometry;
          return;
        }

        const auto row = static_cast<std::uint32_t>(result.attributes.size());
        result.attributes.rows.push_back(detail::read_field_values(f));
        result.attributes.fids.push_back(fid);
        for (Polyline& part : parts) {
          check_finite(part, layer_text, fid);
          result.lines.push_back({fid, row, std::move(part)});
        }
      });

  detail::check_read_errors(errors, *layer, layer_text, options.where);
  if (result.lines.empty()) {
    detail::throw_no_features("line", layer_text, options.where,
                              result.features_without_geometry);
  }

  if (!plan.working_crs) {
    plan.working_crs = utm_crs_for(context, plan.layer_crs.get(), result.lines);
  }
  if (plan.transform) {
    const CrsTransformer transform(context, plan.layer_crs.get(),
                                   plan.working_crs.get());
    reproject(result.lines, transform, context, plan.layer_crs.get(),
              plan.working_crs.get(), options.progress);
  }
  result.crs_wkt = detail::crs_to_wkt2(context, plan.working_crs.get());
  return result;
}

} // namespace georiviere
