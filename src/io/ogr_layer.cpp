#include "ogr_layer.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <type_traits>

#include <ogr_spatialref.h>

#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"

namespace georiviere::detail {
namespace {

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

} // namespace

GDALDatasetUniquePtr open_vector_dataset(const std::string& path) {
  ensure_gdal_registered();
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
            geometry_type_name(layer->GetGeomType()) + ")";
  }
  return text.empty() ? "none" : text;
}

std::string list_fields(OGRFeatureDefn& definition) {
  std::string text;
  for (int i = 0; i < definition.GetFieldCount(); ++i) {
    text += (i == 0 ? "" : ", ") +
            std::string(definition.GetFieldDefn(i)->GetNameRef());
  }
  return text.empty() ? "none" : text;
}

OGRLayer* select_layer(GDALDataset& dataset, const std::string& path,
                       const std::string& name,
                       bool (*accepts_type)(OGRwkbGeometryType),
                       const std::string& kind,
                       const std::string& layer_option) {
  if (!name.empty()) {
    OGRLayer* layer = dataset.GetLayerByName(name.c_str());
    if (layer == nullptr) {
      throw InvalidInputError("layer '" + name + "' not found in " + path +
                              "; its layers are " + list_layers(dataset) +
                              "; pass one of them with " + layer_option);
    }
    return layer;
  }

  const int count = dataset.GetLayerCount();
  if (count == 0) {
    throw InvalidInputError(path + " contains no vector layer");
  }
  if (count == 1) {
    return dataset.GetLayer(0);
  }
  OGRLayer* found = nullptr;
  int matching_layers = 0;
  for (OGRLayer* layer : dataset.GetLayers()) {
    if (accepts_type(layer->GetGeomType())) {
      found = layer;
      ++matching_layers;
    }
  }
  if (matching_layers != 1) {
    throw InvalidInputError(
        path + " contains " + std::to_string(count) + " layers (" +
        list_layers(dataset) + ") and " +
        (matching_layers == 0 ? "none" : std::to_string(matching_layers)) +
        " of them have " + kind + " geometries; pass the layer to read with " +
        layer_option);
  }
  return found;
}

void check_declared_geometry_type(OGRLayer& layer,
                                  bool (*accepts_type)(OGRwkbGeometryType),
                                  const std::string& layer_text,
                                  const std::string& requirement) {
  const OGRwkbGeometryType declared = layer.GetGeomType();
  if (declared != wkbUnknown && declared != wkbNone &&
      wkbFlatten(declared) != wkbGeometryCollection &&
      !accepts_type(declared)) {
    throw InvalidInputError(layer_text + " contains " +
                            geometry_type_name(declared) + " geometries, but " +
                            requirement);
  }
}

void apply_attribute_filter(OGRLayer& layer, const std::string& where,
                            const std::string& layer_text) {
  if (where.empty()) {
    return;
  }
  GdalErrorCapture errors;
  if (layer.SetAttributeFilter(where.c_str()) != OGRERR_NONE) {
    throw InvalidInputError("invalid attribute filter \"" + where + "\" on " +
                            layer_text + errors.suffix() +
                            "; use OGR SQL on the fields of the layer (" +
                            list_fields(*layer.GetLayerDefn()) + ")");
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

FieldValue read_field_value(const OGRFeature& feature, int index) {
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

std::vector<FieldValue> read_field_values(const OGRFeature& feature) {
  const int count = feature.GetFieldCount();
  std::vector<FieldValue> values;
  values.reserve(count);
  for (int i = 0; i < count; ++i) {
    values.push_back(read_field_value(feature, i));
  }
  return values;
}

PjPtr read_layer_crs(const ProjContext& context, GDALDataset& dataset,
                     OGRLayer& layer, const std::string& layer_text) {
  const OGRSpatialReference* srs = layer.GetSpatialRef();
  if (srs == nullptr || has_undefined_geopackage_crs(dataset, layer)) {
    return nullptr;
  }
  char* wkt = nullptr;
  const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
  srs->exportToWkt(&wkt, wkt_options);
  const std::string text = wkt != nullptr ? wkt : "";
  CPLFree(wkt);
  return crs_from_wkt(context, text, layer_text);
}

LayerCrsPlan plan_layer_crs(const ProjContext& context, GDALDataset& dataset,
                            OGRLayer& layer, const std::string& layer_text,
                            const std::string& crs_if_missing,
                            const std::string& working_crs,
                            const std::string& features,
                            const std::string& crs_option) {
  LayerCrsPlan plan;
  plan.layer_crs = read_layer_crs(context, dataset, layer, layer_text);
  if (!plan.layer_crs) {
    if (crs_if_missing.empty()) {
      const std::string fix =
          crs_option.empty()
              ? "state the CRS of the " + features
              : "pass the CRS of the " + features + " with " + crs_option;
      throw CrsError(layer_text +
                     " has no CRS; assign one to the file (ogr2ogr -a_srs "
                     "EPSG:XXXX) or " +
                     fix);
    }
    plan.layer_crs = crs_from_user_input(context, crs_if_missing);
  }

  if (working_crs.empty()) {
    plan.working_crs.reset(proj_clone(context.get(), plan.layer_crs.get()));
    require_projected_in_metres(context, plan.working_crs.get(), layer_text);
    return plan;
  }
  plan.working_crs = crs_from_user_input(context, working_crs);
  require_projected_in_metres(context, plan.working_crs.get(),
                              "the " + features + " of " + layer_text);
  if (!equivalent_crs(context, plan.layer_crs.get(), plan.working_crs.get())) {
    plan.transform = std::make_unique<CrsTransformer>(
        context, plan.layer_crs.get(), plan.working_crs.get());
  }
  return plan;
}

bool transform_points(const CrsTransformer& transform,
                      std::vector<Point>& points) {
  std::vector<double> x(points.size());
  std::vector<double> y(points.size());
  for (std::size_t k = 0; k < points.size(); ++k) {
    x[k] = points[k].x;
    y[k] = points[k].y;
  }
  if (!transform.transform(x, y)) {
    return false;
  }
  for (std::size_t k = 0; k < points.size(); ++k) {
    points[k] = {x[k], y[k]};
  }
  return true;
}

void throw_transform_failed(const ProjContext& context,
                            const std::string& feature_text, const PJ* source,
                            const PJ* target) {
  throw CrsError("PROJ cannot transform " + feature_text + " from " +
                 describe_crs(context, source) + " to " +
                 describe_crs(context, target) +
                 "; check that the layer CRS matches its coordinates");
}

std::int64_t feature_id(const OGRFeature& feature, std::int64_t index) {
  return feature.GetFID() == OGRNullFID ? index : feature.GetFID();
}

void for_each_feature(GDALDataset& dataset, OGRLayer& layer,
                      const ProgressCallback& progress, std::string_view stage,
                      const std::function<void(OGRFeature&)>& visit) {
  if (is_osm(dataset)) {
    const std::string sql =
        std::string("SET interest_layers = ") + layer.GetName();
    dataset.ReleaseResultSet(dataset.ExecuteSQL(sql.c_str(), nullptr, nullptr));
    dataset.ResetReading();
    ProgressReporter reporter(progress, stage, 1000);
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
  ProgressReporter reporter(progress, stage, total);
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

void check_read_errors(const GdalErrorCapture& errors, OGRLayer& layer,
                       const std::string& layer_text,
                       const std::string& where) {
  if (!errors.failed()) {
    return;
  }
  if (!where.empty()) {
    throw InvalidInputError("reading " + layer_text + " with the filter \"" +
                            where + "\" failed" + errors.suffix() +
                            "; check the filter syntax and field names (" +
                            list_fields(*layer.GetLayerDefn()) + ")");
  }
  throw IoError("reading " + layer_text + " failed" + errors.suffix());
}

void throw_no_features(const std::string& kind, const std::string& layer_text,
                       const std::string& where,
                       std::size_t features_without_geometry) {
  std::string text = "no " + kind + " features in " + layer_text;
  if (!where.empty()) {
    text += " with the filter \"" + where + "\"";
  }
  if (features_without_geometry > 0) {
    text += " (" + std::to_string(features_without_geometry) +
            " features without geometry skipped)";
  }
  throw InvalidInputError(text + "; check the layer and the filter");
}

} // namespace georiviere::detail
