#include "georiviere/io/point_reader.hpp"

#include <cmath>
#include <limits>
#include <utility>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogrsf_frmts.h>

#include "crs.hpp"
#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"
#include "ogr_layer.hpp"

namespace georiviere {
namespace {

using detail::GdalErrorCapture;
using detail::LayerCrsPlan;
using detail::ProjContext;

bool is_point_type(OGRwkbGeometryType type) {
  const OGRwkbGeometryType flat = wkbFlatten(type);
  return flat == wkbPoint || flat == wkbMultiPoint;
}

[[noreturn]] void throw_not_points(const std::string& layer_text,
                                   OGRwkbGeometryType type, std::int64_t fid) {
  throw InvalidInputError(
      layer_text + " contains " + detail::geometry_type_name(type) +
      " geometries (feature " + std::to_string(fid) +
      "), but a Point or MultiPoint layer is needed here; choose a point "
      "layer");
}

// Appends the points of a Point or MultiPoint geometry.
void append_points(const OGRGeometry& geometry, std::vector<Point>& points,
                   const std::string& layer_text, std::int64_t fid) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPoint) {
    const OGRPoint& point = *geometry.toPoint();
    const Point p{point.getX(), point.getY()};
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      throw InvalidInputError("feature " + std::to_string(fid) + " of " +
                              layer_text +
                              " has a NaN or infinite coordinate; fix or "
                              "remove that feature");
    }
    points.push_back(p);
    return;
  }
  if (type == wkbMultiPoint || type == wkbGeometryCollection) {
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
      if (!part->IsEmpty()) {
        append_points(*part, points, layer_text, fid);
      }
    }
    return;
  }
  throw_not_points(layer_text, geometry.getGeometryType(), fid);
}

OGRLayer* select_layer(GDALDataset& dataset, const PointReadOptions& options) {
  if (options.layer.empty() && detail::is_osm(dataset)) {
    return dataset.GetLayerByName("points");
  }
  return detail::select_layer(dataset, options.path, options.layer,
                              &is_point_type, "point", options.layer_option);
}

} // namespace

PointLayer read_points(const PointReadOptions& options) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  GDALDatasetUniquePtr dataset = detail::open_vector_dataset(options.path);
  OGRLayer* layer = select_layer(*dataset, options);
  if (layer == nullptr) {
    throw InvalidInputError(options.path +
                            " has no 'points' layer; pass the layer to read "
                            "with " +
                            options.layer_option);
  }
  const std::string layer_name = layer->GetName();
  const std::string layer_text =
      "layer '" + layer_name + "' of " + options.path;

  detail::check_declared_geometry_type(
      *layer, &is_point_type, layer_text,
      "a Point or MultiPoint layer is needed here; choose a point layer");
  detail::apply_attribute_filter(*layer, options.where, layer_text);

  ProjContext context;
  const std::string& crs_if_missing = options.layer_crs_if_missing.empty()
                                          ? options.working_crs
                                          : options.layer_crs_if_missing;
  const LayerCrsPlan plan =
      detail::plan_layer_crs(context, *dataset, *layer, layer_text,
                             crs_if_missing, options.working_crs, "points");

  PointLayer result;
  result.source = options.path + " (" + layer_name + ")";
  result.attributes.fields =
      detail::read_field_definitions(*layer->GetLayerDefn());

  errors.clear();
  std::int64_t index = 0;
  constexpr double nan = std::numeric_limits<double>::quiet_NaN();
  detail::for_each_feature(
      *dataset, *layer, options.progress, "reading points",
      [&](OGRFeature& feature) {
        const std::int64_t fid = detail::feature_id(feature, index);
        ++index;
        const auto row = static_cast<std::uint32_t>(result.attributes.size());
        result.attributes.fids.push_back(fid);
        result.attributes.rows.push_back(detail::read_field_values(feature));

        std::vector<Point> points;
        const OGRGeometry* geometry = feature.GetGeometryRef();
        if (geometry != nullptr && !geometry->IsEmpty()) {
          append_points(*geometry, points, layer_text, fid);
        }
        if (points.empty()) {
          ++result.features_without_geometry;
          result.points.push_back({nan, nan});
          result.rows.push_back(row);
          return;
        }
        if (plan.transform &&
            !detail::transform_points(*plan.transform, points)) {
          detail::throw_transform_failed(
              context, "feature " + std::to_string(fid) + " of " + layer_text,
              plan.layer_crs.get(), plan.working_crs.get());
        }
        for (const Point& p : points) {
          result.points.push_back(p);
          result.rows.push_back(row);
        }
      });

  detail::check_read_errors(errors, *layer, layer_text, options.where);
  if (result.attributes.size() == 0) {
    // No feature was read, so none was counted without geometry either.
    detail::throw_no_features("point", layer_text, options.where,
                              result.features_without_geometry);
  }

  result.crs_wkt = detail::crs_to_wkt2(context, plan.working_crs.get());
  return result;
}

} // namespace georiviere
