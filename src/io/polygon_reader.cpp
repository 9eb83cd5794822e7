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
using detail::PjPtr;
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

struct CrsPlan {
  PjPtr layer_crs;
  PjPtr working_crs;
  bool transform = false;
};

CrsPlan plan_crs(const ProjContext& context, GDALDataset& dataset,
                 OGRLayer& layer, const PolygonReadOptions& options,
                 const std::string& layer_text) {
  CrsPlan plan;
  plan.layer_crs = detail::read_layer_crs(context, dataset, layer, layer_text);
  if (!plan.layer_crs) {
    if (options.layer_crs_if_missing.empty()) {
      throw CrsError(layer_text +
                     " has no CRS; assign one to the file (ogr2ogr -a_srs "
                     "EPSG:XXXX) or state the CRS of the polygons");
    }
    plan.layer_crs =
        detail::crs_from_user_input(context, options.layer_crs_if_missing);
  }

  if (options.working_crs.empty()) {
    plan.working_crs.reset(proj_clone(context.get(), plan.layer_crs.get()));
    detail::require_projected_in_metres(context, plan.working_crs.get(),
                                        layer_text);
    return plan;
  }
  plan.working_crs = detail::crs_from_user_input(context, options.working_crs);
  detail::require_projected_in_metres(context, plan.working_crs.get(),
                                      "the polygons of " + layer_text);
  plan.transform = !detail::equivalent_crs(context, plan.layer_crs.get(),
                                           plan.working_crs.get());
  return plan;
}

// Transforms every vertex of the polygon in place, ring by ring.
bool reproject(MultiPolygon& polygon, const CrsTransformer& transform) {
  std::vector<double> x;
  std::vector<double> y;
  auto reproject_ring = [&](Ring& ring) {
    x.resize(ring.size());
    y.resize(ring.size());
    for (std::size_t k = 0; k < ring.size(); ++k) {
      x[k] = ring[k].x;
      y[k] = ring[k].y;
    }
    if (!transform.transform(x, y)) {
      return false;
    }
    for (std::size_t k = 0; k < ring.size(); ++k) {
      ring[k] = {x[k], y[k]};
    }
    return true;
  };
  for (Polygon& part : polygon.parts) {
    if (!reproject_ring(part.outer)) {
      return false;
    }
    for (Ring& hole : part.holes) {
      if (!reproject_ring(hole)) {
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

  const OGRwkbGeometryType declared = layer->GetGeomType();
  if (declared != wkbUnknown && declared != wkbNone &&
      wkbFlatten(declared) != wkbGeometryCollection &&
      !is_polygon_type(declared)) {
    throw InvalidInputError(
        layer_text + " contains " + detail::geometry_type_name(declared) +
        " geometries, but a Polygon or MultiPolygon layer is needed here; "
        "choose a polygon layer with " +
        options.layer_option);
  }
  detail::apply_attribute_filter(*layer, options.where, layer_text);

  // Settle the CRS before the read, so that a missing CRS fails fast.
  ProjContext context;
  const CrsPlan plan = plan_crs(context, *dataset, *layer, options, layer_text);
  std::unique_ptr<CrsTransformer> transform;
  if (plan.transform) {
    transform = std::make_unique<CrsTransformer>(context, plan.layer_crs.get(),
                                                 plan.working_crs.get());
  }

  PolygonLayer result;
  result.source = options.path + " (" + layer_name + ")";
  result.attributes.fields =
      detail::read_field_definitions(*layer->GetLayerDefn());

  errors.clear();
  std::int64_t index = 0;
  detail::for_each_feature(
      *dataset, *layer, options.progress, "reading polygons",
      [&](OGRFeature& feature) {
        const std::int64_t fid =
            feature.GetFID() == OGRNullFID ? index : feature.GetFID();
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
        if (transform && !reproject(polygon, *transform)) {
          throw CrsError("PROJ cannot transform feature " +
                         std::to_string(fid) + " of " + layer_text + " from " +
                         detail::describe_crs(context, plan.layer_crs.get()) +
                         " to " +
                         detail::describe_crs(context, plan.working_crs.get()) +
                         "; check that the layer CRS matches its coordinates");
        }
        result.polygons.push_back(std::move(polygon));
        result.attributes.fids.push_back(fid);
        result.attributes.rows.push_back(detail::read_field_values(feature));
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
  if (result.polygons.empty()) {
    std::string text = "no polygon features in " + layer_text;
    if (!options.where.empty()) {
      text += " with the filter \"" + options.where + "\"";
    }
    if (result.features_without_geometry > 0) {
      text += " (" + std::to_string(result.features_without_geometry) +
              " features without geometry skipped)";
    }
    throw InvalidInputError(text + "; check the layer and the filter");
  }

  result.crs_wkt = detail::crs_to_wkt2(context, plan.working_crs.get());
  return result;
}

} // namespace georiviere
