#include "georiviere/io/polygon_reader.hpp"

#include <cmath>
#include <memory>
#include <string_view>
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
using detail::LayerCrsPlan;
using detail::ProjContext;

bool is_polygon_type(OGRwkbGeometryType type) {
  switch (wkbFlatten(type)) {
  case wkbPolygon:
  case wkbMultiPolygon:
  case wkbCurvePolygon:
  case wkbMultiSurface: return true;
  default: return false;
  }
}

OGRLayer* select_layer(GDALDataset& dataset,
                       const PolygonReadOptions& options) {
  // The OSM driver puts closed ways and multipolygon relations with an area
  // tag in 'multipolygons'.
  if (options.layer.empty() && detail::is_osm(dataset)) {
    return dataset.GetLayerByName("multipolygons");
  }
  return detail::select_layer(dataset, options.path, options.layer,
                              &is_polygon_type, "polygon",
                              options.layer_option);
}

[[noreturn]] void throw_not_polygons(const std::string& layer_text,
                                     OGRwkbGeometryType type,
                                     std::int64_t fid) {
  throw InvalidInputError(
      layer_text + " contains " + detail::geometry_type_name(type) +
      " geometries (feature " + std::to_string(fid) +
      "), but a Polygon or MultiPolygon layer is needed here; remove that "
      "feature or filter it out");
}

// ---- geometries -----------------------------------------------------------

// The ring's vertices without the closing vertex and without consecutive
// duplicates. Throws on a NaN or infinite coordinate.
Ring to_ring(const OGRLinearRing& source, const std::string& layer_text,
             std::int64_t fid) {
  Ring ring;
  const int count = source.getNumPoints();
  ring.reserve(count);
  for (int i = 0; i < count; ++i) {
    const Point p{source.getX(i), source.getY(i)};
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      throw InvalidInputError(
          "feature " + std::to_string(fid) + " of " + layer_text +
          " has a NaN or infinite coordinate at vertex " + std::to_string(i) +
          "; fix or remove that feature");
    }
    if (ring.empty() || !(ring.back() == p)) {
      ring.push_back(p);
    }
  }
  if (ring.size() > 1 && ring.front() == ring.back()) {
    ring.pop_back();
  }
  return ring;
}

Polygon to_polygon(const OGRPolygon& source, const std::string& layer_text,
                   std::int64_t fid) {
  Polygon polygon;
  if (const OGRLinearRing* outer = source.getExteriorRing()) {
    polygon.outer = to_ring(*outer, layer_text, fid);
  }
  for (int i = 0; i < source.getNumInteriorRings(); ++i) {
    Ring hole = to_ring(*source.getInteriorRing(i), layer_text, fid);
    if (!hole.empty()) {
      polygon.holes.push_back(std::move(hole));
    }
  }
  return polygon;
}

// Appends the non-empty polygon parts of the geometry. Curved rings are
// linearised with OGR's default step of 4 degrees of arc.
void append_parts(const OGRGeometry& geometry, MultiPolygon& result,
                  const std::string& layer_text, std::int64_t fid) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  switch (type) {
  case wkbPolygon: {
    Polygon polygon = to_polygon(*geometry.toPolygon(), layer_text, fid);
    if (!polygon.empty()) {
      result.parts.push_back(std::move(polygon));
    }
    return;
  }
  case wkbCurvePolygon: {
    std::unique_ptr<OGRPolygon> linear(
        geometry.toCurvePolygon()->CurvePolyToPoly());
    if (linear) {
      append_parts(*linear, result, layer_text, fid);
    }
    return;
  }
  case wkbMultiPolygon:
  case wkbMultiSurface:
  case wkbGeometryCollection:
    for (const OGRGeometry* part : *geometry.toGeometryCollection()) {
      append_parts(*part, result, layer_text, fid);
    }
    return;
  default: throw_not_polygons(layer_text, geometry.getGeometryType(), fid);
  }
}

// ---- CRS ------------------------------------------------------------------

// Transforms every vertex of the polygon in place, ring by ring.
bool reproject(MultiPolygon& polygon, const CrsTransformer& transform) {
  for (Polygon& part : polygon.parts) {
    if (!detail::transform_points(transform, part.outer)) {
      return false;
    }
    for (Ring& hole : part.holes) {
      if (!detail::transform_points(transform, hole)) {
        return false;
      }
    }
  }
  return true;
}

} // namespace

PolygonLayer read_polygons(const PolygonReadOptions& options) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  GDALDatasetUniquePtr dataset = detail::open_vector_dataset(options.path);
  OGRLayer* layer = select_layer(*dataset, options);
  if (layer == nullptr) {
    throw InvalidInputError(options.path +
                            " has no 'multipolygons' layer; pass the layer "
                            "to read with " +
                            options.layer_option);
  }
  const std::string layer_name = layer->GetName();
  const std::string layer_text =
      "layer '" + layer_name + "' of " + options.path;

  detail::check_declared_geometry_type(
      *layer, &is_polygon_type, layer_text,
      "a Polygon or MultiPolygon layer is needed here; choose a polygon layer "
      "with " +
          options.layer_option);
  detail::apply_attribute_filter(*layer, options.where, layer_text);

  // Settle the CRS before the read, so that a missing CRS fails fast.
  ProjContext context;
  const LayerCrsPlan plan = detail::plan_layer_crs(
      context, *dataset, *layer, layer_text, options.layer_crs_if_missing,
      options.working_crs, "polygons", options.crs_option);

  PolygonLayer result;
  result.source = options.path + " (" + layer_name + ")";
  result.attributes.fields =
      detail::read_field_definitions(*layer->GetLayerDefn());

  errors.clear();
  std::int64_t index = 0;
  detail::for_each_feature(
      *dataset, *layer, options.progress, "reading polygons",
      [&](OGRFeature& feature) {
        const std::int64_t fid = detail::feature_id(feature, index);
        ++index;
        const OGRGeometry* geometry = feature.GetGeometryRef();
        if (geometry == nullptr || geometry->IsEmpty()) {
          ++result.features_without_geometry;
          return;
        }
        MultiPolygon polygon;
        append_parts(*geometry, polygon, layer_text, fid);
        if (polygon.empty()) {
          ++result.features_without_geometry;
          return;
        }
        if (plan.transform && !reproject(polygon, *plan.transform)) {
          detail::throw_transform_failed(
              context, "feature " + std::to_string(fid) + " of " + layer_text,
              plan.layer_crs.get(), plan.working_crs.get());
        }
        result.polygons.push_back(std::move(polygon));
        result.attributes.fids.push_back(fid);
        result.attributes.rows.push_back(detail::read_field_values(feature));
      });

  detail::check_read_errors(errors, *layer, layer_text, options.where);
  if (result.polygons.empty()) {
    detail::throw_no_features("polygon", layer_text, options.where,
                              result.features_without_geometry);
  }

  result.crs_wkt = detail::crs_to_wkt2(context, plan.working_crs.get());
  return result;
}

} // namespace georiviere
