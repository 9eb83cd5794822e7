#include "georiviere/io/point_reader.hpp"

#include <cmath>
#include <limits>
#include <memory>
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

using detail::CrsTransformer;
using detail::GdalErrorCapture;
using detail::PjPtr;
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

struct CrsPlan {
  PjPtr layer_crs;
  PjPtr working_crs;
  bool transform = false;
};

CrsPlan plan_crs(const ProjContext& context, GDALDataset& dataset,
                 OGRLayer& layer, const PointReadOptions& options,
                 const std::string& layer_text) {
  CrsPlan plan;
  plan.layer_crs = detail::read_layer_crs(context, dataset, layer, layer_text);
  if (!plan.layer_crs) {
    const std::string& assumed = options.layer_crs_if_missing.empty()
                                     ? options.working_crs
                                     : options.layer_crs_if_missing;
    if (assumed.empty()) {
      throw CrsError(layer_text +
                     " has no CRS; assign one to the file (ogr2ogr -a_srs "
                     "EPSG:XXXX) or state the CRS of the points");
    }
    plan.layer_crs = detail::crs_from_user_input(context, assumed);
  }

  if (options.working_crs.empty()) {
    plan.working_crs.reset(proj_clone(context.get(), plan.layer_crs.get()));
    detail::require_projected_in_metres(context, plan.working_crs.get(),
                                        layer_text);
    return plan;
  }
  plan.working_crs = detail::crs_from_user_input(context, options.working_crs);
  detail::require_projected_in_metres(context, plan.working_crs.get(),
                                      "the points of " + layer_text);
  plan.transform = !detail::equivalent_crs(context, plan.layer_crs.get(),
                                           plan.working_crs.get());
  return plan;
}

OGRLayer* select_layer(GDALDataset& dataset, const PointReadOptions& options) {
  if (options.layer.empty() && detail::is_osm(dataset)) {
    return dataset.GetLayerByName("points");
  }
  return detail::select_layer(dataset, options.path, options.layer,
                              &is_point_type, "point");
}

} // namespace

PointLayer read_points(const PointReadOptions& options) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  GDALDatasetUniquePtr dataset = detail::open_vector_dataset(options.path);
  OGRLayer* layer = select_layer(*dataset, options);
  if (layer == nullptr) {
    throw InvalidInputError(options.path +
                            " has no 'points' layer; pass the layer to read");
  }
  const std::string layer_name = layer->GetName();
  const std::string layer_text =
      "layer '" + layer_name + "' of " + options.path;

  const OGRwkbGeometryType declared = layer->GetGeomType();
  if (declared != wkbUnknown && declared != wkbNone &&
      wkbFlatten(declared) != wkbGeometryCollection &&
      !is_point_type(declared)) {
    throw InvalidInputError(
        layer_text + " contains " + detail::geometry_type_name(declared) +
        " geometries, but a Point or MultiPoint layer is needed here; "
        "choose a point layer");
  }
  detail::apply_attribute_filter(*layer, options.where, layer_text);

  ProjContext context;
  const CrsPlan plan = plan_crs(context, *dataset, *layer, options, layer_text);
  std::unique_ptr<CrsTransformer> transform;
  if (plan.transform) {
    transform = std::make_unique<CrsTransformer>(context, plan.layer_crs.get(),
                                                 plan.working_crs.get());
  }

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
        const std::int64_t fid =
            feature.GetFID() == OGRNullFID ? index : feature.GetFID();
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
        if (transform) {
          std::vector<double> x;
          std::vector<double> y;
          for (const Point& p : points) {
            x.push_back(p.x);
            y.push_back(p.y);
          }
          if (!transform->transform(x, y)) {
            throw CrsError(
                "PROJ cannot transform feature " + std::to_string(fid) +
                " of " + layer_text + " from " +
                detail::describe_crs(context, plan.layer_crs.get()) + " to " +
                detail::describe_crs(context, plan.working_crs.get()) +
                "; check that the layer CRS matches its coordinates");
          }
          for (std::size_t i = 0; i < points.size(); ++i) {
            points[i] = {x[i], y[i]};
          }
        }
        for (const Point& p : points) {
          result.points.push_back(p);
          result.rows.push_back(row);
        }
      });

  if (errors.failed()) {
    if (!options.where.empty()) {
      throw InvalidInputError("reading " + layer_text + " with the filter \"" +
                              options.where + "\" failed" + errors.suffix() +
                              "; check the filter syntax and field names (" +
                              detail::list_fields(*layer->GetLayerDefn()) +
                              ")");
    }
    throw IoError("reading " + layer_text + " failed" + errors.suffix());
  }
  if (result.attributes.size() == 0) {
    std::string text = "no point features in " + layer_text;
    if (!options.where.empty()) {
      text += " with the filter \"" + options.where + "\"";
    }
    throw InvalidInputError(text + "; check the layer and the filter");
  }

  result.crs_wkt = detail::crs_to_wkt2(context, plan.working_crs.get());
  return result;
}

} // namespace georiviere
