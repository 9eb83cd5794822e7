#include "georiviere/io/vector_reader.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <functional>
#include <string_view>
#include <type_traits>
#include <utility>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "crs.hpp"
#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"

namespace georiviere {
namespace {

using detail::CrsTransformer;
using detail::GdalErrorCapture;
using detail::PjPtr;
using detail::ProjContext;

// Paths GDAL opens that are not plain files: virtual file systems such as
// /vsizip/ and connection strings such as PG:dbname=rivers.
bool is_gdal_connection_string(const std::string& path) {
  if (path.rfind("/vsi", 0) == 0) {
    return true;
  }
  const auto colon = path.find(':');
  return colon != std::string::npos && colon > 1 &&
         path.find_first_of("/\\") > colon;
}

GDALDatasetUniquePtr open_dataset(const std::string& path) {
  if (!is_gdal_connection_string(path) && !std::filesystem::exists(path)) {
    throw FileNotFoundError("input file not found: " + path);
  }
  GdalErrorCapture errors;
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY,
                        nullptr, nullptr, nullptr));
  if (!dataset) {
    throw InvalidInputError(
        "opening " + path + " as a vector dataset failed" + errors.suffix() +
        "; check that it is a Shapefile, GeoPackage, GeoJSON, GML, OSM or "
        "another format GDAL reads");
  }
  return dataset;
}

bool is_osm(GDALDataset& dataset) {
  GDALDriver* driver = dataset.GetDriver();
  return driver != nullptr &&
         std::string_view(driver->GetDescription()) == "OSM";
}

std::string list_layers(GDALDataset& dataset) {
  std::string text;
  for (OGRLayer* layer : dataset.GetLayers()) {
    if (!text.empty()) {
      text += ", ";
    }
    text += std::string("'") + layer->GetName() + "' (" +
            detail::geometry_type_name(layer->GetGeomType()) + ")";
  }
  return text.empty() ? "none" : text;
}

OGRLayer* select_layer(GDALDataset& dataset, const ReadOptions& options) {
  const std::string& path = options.path;
  if (!options.layer.empty()) {
    OGRLayer* layer = dataset.GetLayerByName(options.layer.c_str());
    if (layer == nullptr) {
      throw InvalidInputError("layer '" + options.layer + "' not found in " +
                              path + "; its layers are " +
                              list_layers(dataset) +
                              "; pass one of them with --layer");
    }
    return layer;
  }

  // The OSM driver puts ways in 'lines' and route relations in
  // 'multilinestrings', and rivers are mapped as ways.
  if (is_osm(dataset)) {
    return dataset.GetLayerByName("lines");
  }
  const int count = dataset.GetLayerCount();
  if (count == 0) {
    throw InvalidInputError(path + " contains no vector layer");
  }
  if (count == 1) {
    return dataset.GetLayer(0);
  }
  OGRLayer* found = nullptr;
  int line_layers = 0;
  for (OGRLayer* layer : dataset.GetLayers()) {
    if (detail::is_line_type(layer->GetGeomType())) {
      found = layer;
      ++line_layers;
    }
  }
  if (line_layers != 1) {
    throw InvalidInputError(
        path + " contains " + std::to_string(count) + " layers (" +
        list_layers(dataset) + ") and " +
        (line_layers == 0 ? "none" : std::to_string(line_layers)) +
        " of them have line geometries; pass the layer to read with "
        "--layer");
  }
  return found;
}

std::string list_fields(OGRFeatureDefn& definition) {
  std::string text;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    text += (i == 0 ? "" : ", ") +
            std::string(definition.GetFieldDefn(i)->GetNameRef());
  }
  return text.empty() ? "none" : text;
}

void apply_filter(OGRLayer& layer, const ReadOptions& options,
                  const std::string& layer_text) {
  if (options.where.empty()) {
    return;
  }
  GdalErrorCapture errors;
  if (layer.SetAttributeFilter(options.where.c_str()) != OGRERR_NONE) {
    throw InvalidInputError("invalid attribute filter \"" + options.where +
                            "\" on " + layer_text + errors.suffix() +
                            "; use OGR SQL on the fields of the layer (" +
                            list_fields(*layer.GetLayerDefn()) + ")");
  }
}

// ---- attributes -----------------------------------------------------------

FieldType field_type_of(OGRFieldType type) {
  switch (type) {
  case OFTInteger:
  case OFTInteger64: return FieldType::integer;
  case OFTReal: return FieldType::real;
  case OFTDate:
  case OFTTime:
  case OFTDateTime: return FieldType::date_time;
  default: return FieldType::string;
  }
}

std::vector<FieldDefinition>
read_field_definitions(OGRFeatureDefn& definition) {
  std::vector<FieldDefinition> fields;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    const OGRFieldDefn* field = definition.GetFieldDefn(i);
    fields.push_back({field->GetNameRef(), field_type_of(field->GetType())});
  }
  return fields;
}

// ISO 8601 text of a date, time or date-time field: 2024-05-17,
// 13:45:07.250 or 2024-05-17T13:45:07+02:00.
std::string iso_8601(const OGRFeature& feature, int index, OGRFieldType type) {
  int year = 0, month = 0, day = 0, hour = 0, minute = 0, zone = 0;
  float second = 0.0f;
  feature.GetFieldAsDateTime(index, &year, &month, &day, &hour, &minute,
                             &second, &zone);

  char date[32];
  std::snprintf(date, sizeof date, "%04d-%02d-%02d", year, month, day);
  char time[32];
  const double whole = std::floor(second);
  if (second - whole > 0.0005) {
    std::snprintf(time, sizeof time, "%02d:%02d:%06.3f", hour, minute,
                  static_cast<double>(second));
  } else {
    std::snprintf(time, sizeof time, "%02d:%02d:%02d", hour, minute,
                  static_cast<int>(whole));
  }
  if (type == OFTDate) {
    return date;
  }
  if (type == OFTTime) {
    return time;
  }

  // OGR stores the time zone as 0 (unknown), 1 (local time), 100 (UTC) or
  // 100 plus the offset from UTC in quarters of an hour.
  std::string text = std::string(date) + "T" + time;
  if (zone == 100) {
    text += "Z";
  } else if (zone > 1) {
    const int minutes = (zone - 100) * 15;
    const int absolute = std::abs(minutes);
    char offset[16];
    std::snprintf(offset, sizeof offset, "%c%02d:%02d", minutes < 0 ? '-' : '+',
                  absolute / 60, absolute % 60);
    text += offset;
  }
  return text;
}

template <typename T> std::string join_list(const T* values, int count) {
  std::string text;
  for (int i = 0; i < count; ++i) {
    if (i > 0) {
      text += ",";
    }
    if constexpr (std::is_same_v<T, double>) {
      // The shortest text that reads back to the same double.
      char number[32];
      const auto end = std::to_chars(number, number + sizeof number, values[i]);
      text.append(number, end.ptr);
    } else {
      text += std::to_string(values[i]);
    }
  }
  return text;
}

FieldValue read_value(const OGRFeature& feature, int index) {
  if (!feature.IsFieldSetAndNotNull(index)) {
    return std::monostate{};
  }
  const OGRFieldType type = feature.GetFieldDefnRef(index)->GetType();
  int count = 0;
  switch (type) {
  case OFTInteger:
  case OFTInteger64:
    return static_cast<std::int64_t>(feature.GetFieldAsInteger64(index));
  case OFTReal: return feature.GetFieldAsDouble(index);
  case OFTDate:
  case OFTTime:
  case OFTDateTime: return iso_8601(feature, index, type);
  case OFTIntegerList: {
    const int* values = feature.GetFieldAsIntegerList(index, &count);
    return join_list(values, count);
  }
  case OFTInteger64List: {
    const GIntBig* values = feature.GetFieldAsInteger64List(index, &count);
    return join_list(values, count);
  }
  case OFTRealList: {
    const double* values = feature.GetFieldAsDoubleList(index, &count);
    return join_list(values, count);
  }
  case OFTStringList: {
    std::string text;
    char** values = feature.GetFieldAsStringList(index);
    for (int i = 0; values != nullptr && values[i] != nullptr; ++i) {
      if (i > 0) {
        text += ",";
      }
      text += values[i];
    }
    return text;
  }
  default: return std::string(feature.GetFieldAsString(index));
  }
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

// True for a GeoPackage layer stored without CRS: the GeoPackage standard
// gives it srs_id 0 ("Undefined geographic SRS") or -1 ("Undefined Cartesian
// SRS"), and GDAL 3.6 returns a geographic or local CRS for those ids rather
// than none.
bool has_undefined_geopackage_crs(GDALDataset& dataset, OGRLayer& layer) {
  GDALDriver* driver = dataset.GetDriver();
  if (driver == nullptr ||
      std::string_view(driver->GetDescription()) != "GPKG") {
    return false;
  }
  std::string name = layer.GetName();
  for (std::size_t at = name.find('\''); at != std::string::npos;
       at = name.find('\'', at + 2)) {
    name.insert(at, 1, '\'');
  }
  const std::string sql =
      "SELECT srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = "
      "lower('" +
      name + "')";
  OGRLayer* result = dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr);
  if (result == nullptr) {
    return false;
  }
  bool undefined = false;
  if (OGRFeatureUniquePtr row{result->GetNextFeature()}) {
    const GIntBig srs_id = row->GetFieldAsInteger64(0);
    undefined = srs_id == 0 || srs_id == -1;
  }
  dataset.ReleaseResultSet(result);
  return undefined;
}

CrsPlan plan_crs(const ProjContext& context, GDALDataset& dataset,
                 OGRLayer& layer, const ReadOptions& options,
                 const std::string& layer_text) {
  CrsPlan plan;
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs != nullptr && has_undefined_geopackage_crs(dataset, layer)) {
    srs = nullptr;
  }
  if (srs != nullptr) {
    char* wkt = nullptr;
    const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, wkt_options);
    const std::string text = wkt != nullptr ? wkt : "";
    CPLFree(wkt);
    plan.layer_crs = detail::crs_from_wkt(context, text, layer_text);
  }

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
  std::vector<double> x;
  std::vector<double> y;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    std::vector<Point>& points = lines[i].geometry.points;
    x.resize(points.size());
    y.resize(points.size());
    for (std::size_t k = 0; k < points.size(); ++k) {
      x[k] = points[k].x;
      y[k] = points[k].y;
    }
    if (!transform.transform(x, y)) {
      throw CrsError("PROJ cannot transform feature " +
                     std::to_string(lines[i].fid) + " from " +
                     detail::describe_crs(context, source) + " to " +
                     detail::describe_crs(context, target) +
                     "; check that the layer CRS matches its coordinates");
    }
    for (std::size_t k = 0; k < points.size(); ++k) {
      points[k] = {x[k], y[k]};
    }
    reporter.update(i + 1);
  }
  reporter.finish();
}

// ---- feature loop ---------------------------------------------------------

// Calls `visit` on each feature of the layer that passes the filter. The OSM
// driver builds all its layers in one pass over the file, so its features
// come through the dataset, restricted to the layer we read.
void for_each_feature(GDALDataset& dataset, OGRLayer& layer,
                      const ProgressCallback& progress,
                      const std::function<void(OGRFeature&)>& visit) {
  if (is_osm(dataset)) {
    const std::string sql =
        std::string("SET interest_layers = ") + layer.GetName();
    dataset.ReleaseResultSet(dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr));
    dataset.ResetReading();
    ProgressReporter reporter(progress, "reading lines", 1000);
    while (true) {
      OGRLayer* owner = nullptr;
      double fraction = 0.0;
      OGRFeatureUniquePtr feature(
          dataset.GetNextFeature(&owner, &fraction, nullptr, nullptr));
      if (!feature) {
        break;
      }
      reporter.update(static_cast<std::size_t>(fraction * 1000.0));
      if (owner == &layer) {
        visit(*feature);
      }
    }
    reporter.finish();
    return;
  }

  // Drivers that would have to scan the layer to count it return -1, and
  // then only the start and the end are reported.
  const GIntBig known = layer.GetFeatureCount(FALSE);
  const std::size_t total = known > 0 ? static_cast<std::size_t>(known) : 0;
  ProgressReporter reporter(progress, "reading lines", total);
  layer.ResetReading();
  std::size_t done = 0;
  for (auto& feature : layer) {
    visit(*feature);
    if (total > 0) {
      reporter.update(++done);
    }
  }
  reporter.finish();
}

} // namespace

LineSet read_lines(const ReadOptions& options) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  GDALDatasetUniquePtr dataset = open_dataset(options.path);
  OGRLayer* layer = select_layer(*dataset, options);
  const std::string layer_name = layer->GetName();
  const std::string layer_text =
      "layer '" + layer_name + "' of " + options.path;

  const OGRwkbGeometryType declared = layer->GetGeomType();
  if (declared != wkbUnknown && declared != wkbNone &&
      wkbFlatten(declared) != wkbGeometryCollection &&
      !detail::is_line_type(declared)) {
    throw InvalidInputError(
        layer_text + " contains " + detail::geometry_type_name(declared) +
        " geometries, but georiviere needs LineString or MultiLineString "
        "features; choose a line layer with --layer");
  }
  apply_filter(*layer, options, layer_text);

  // Settle the CRS before the long read, so that a missing CRS fails fast.
  ProjContext context;
  CrsPlan plan = plan_crs(context, *dataset, *layer, options, layer_text);

  LineSet result;
  result.source = options.path + " (" + layer_name + ")";
  result.attributes.fields = read_field_definitions(*layer->GetLayerDefn());
  const int field_count = layer->GetLayerDefn()->GetFieldCount();

  errors.clear();
  std::int64_t index = 0;
  std::vector<Polyline> parts;
  for_each_feature(*dataset, *layer, options.progress, [&](OGRFeature& f) {
    const std::int64_t fid = f.GetFID() == OGRNullFID ? index : f.GetFID();
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
    std::vector<FieldValue> values;
    values.reserve(field_count);
    for (int i = 0; i < field_count; ++i) {
      values.push_back(read_value(f, i));
    }
    result.attributes.rows.push_back(std::move(values));
    result.attributes.fids.push_back(fid);
    for (Polyline& part : parts) {
      check_finite(part, layer_text, fid);
      result.lines.push_back({fid, row, std::move(part)});
    }
  });

  if (errors.failed()) {
    if (!options.where.empty()) {
      throw InvalidInputError("reading " + layer_text + " with the filter \"" +
                              options.where + "\" failed" + errors.suffix() +
                              "; check the filter syntax and field names (" +
                              list_fields(*layer->GetLayerDefn()) + ")");
    }
    throw IoError("reading " + layer_text + " failed" + errors.suffix());
  }
  if (result.lines.empty()) {
    std::string text = "no line features in " + layer_text;
    if (!options.where.empty()) {
      text += " with the filter \"" + options.where + "\"";
    }
    if (result.features_without_geometry > 0) {
      text += " (" + std::to_string(result.features_without_geometry) +
              " features without geometry skipped)";
    }
    throw InvalidInputError(text + "; check the layer and the filter");
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
