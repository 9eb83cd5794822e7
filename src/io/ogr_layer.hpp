// Private helpers shared by the OGR layer readers (river lines, points,
// polygons): opening a dataset, choosing and filtering a layer, reading
// attributes, finding the layer's CRS, looping over its features and
// reporting what went wrong.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogrsf_frmts.h>

#include "crs.hpp"
#include "gdal_support.hpp"
#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/progress.hpp"

namespace georiviere::detail {

// Opens a vector dataset read-only. Throws FileNotFoundError for a missing
// plain file and InvalidInputError for a file GDAL cannot open as vector.
// Paths on GDAL's virtual file systems (/vsizip/...) and connection strings
// (PG:...) are passed to GDAL without the existence check.
GDALDatasetUniquePtr open_vector_dataset(const std::string& path);

// True when the dataset was opened by the OSM driver.
bool is_osm(GDALDataset& dataset);

// "'name' (Geometry Type), ..." for every layer, or "none".
std::string list_layers(GDALDataset& dataset);

// The field names of a layer, comma-separated, or "none".
std::string list_fields(OGRFeatureDefn& definition);

// The layer named `name`, or else the only layer of the dataset, or else
// the only layer whose declared geometry type passes `accepts_type`.
// `kind` names the accepted geometries in messages ("line", "polygon"),
// and `layer_option` the option that chooses the layer.
// Throws InvalidInputError for an unknown name, a dataset without layers,
// or several or no candidate layers.
OGRLayer* select_layer(GDALDataset& dataset, const std::string& path,
                       const std::string& name,
                       bool (*accepts_type)(OGRwkbGeometryType),
                       const std::string& kind,
                       const std::string& layer_option = "--layer");

// Throws InvalidInputError when the layer declares a geometry type that
// `accepts_type` rejects. A layer that declares no type, an unknown type or
// a geometry collection passes, and its features are checked one by one.
// `requirement` ends the message "LAYER contains TYPE geometries, but ".
void check_declared_geometry_type(OGRLayer& layer,
                                  bool (*accepts_type)(OGRwkbGeometryType),
                                  const std::string& layer_text,
                                  const std::string& requirement);

// Sets an OGR SQL attribute filter, unless `where` is empty. Throws
// InvalidInputError naming the filter and the layer's fields when OGR rejects
// it.
void apply_attribute_filter(OGRLayer& layer, const std::string& where,
                            const std::string& layer_text);

std::vector<FieldDefinition> read_field_definitions(OGRFeatureDefn& definition);

// The value of field `index` of the feature, converted as described in
// io/vector_reader.hpp: integers, reals, ISO 8601 dates and comma-joined
// lists.
FieldValue read_field_value(const OGRFeature& feature, int index);

// The values of every field of the feature, in field order.
std::vector<FieldValue> read_field_values(const OGRFeature& feature);

// The CRS of the layer, or null when it has none. A GeoPackage layer with
// srs_id 0 or -1 (the "Undefined geographic SRS" and "Undefined Cartesian
// SRS" entries GDAL writes for a layer created without CRS) has none.
// Throws CrsError when PROJ cannot read the layer's CRS.
PjPtr read_layer_crs(const ProjContext& context, GDALDataset& dataset,
                     OGRLayer& layer, const std::string& layer_text);

// The CRS of a point or polygon layer, the working CRS its coordinates are
// returned in, and the transformation between them.
struct LayerCrsPlan {
  PjPtr layer_crs;
  PjPtr working_crs;
  // Null when the two CRSs are equivalent.
  std::unique_ptr<CrsTransformer> transform;
};

// Reads the layer's CRS, or else uses `crs_if_missing`, and takes
// `working_crs`, or else the layer's CRS, as the working CRS. `features`
// names the features in messages ("points", "polygons"), and `crs_option`
// the option that sets `crs_if_missing`, if any. Throws CrsError when the
// layer has no CRS and `crs_if_missing` is empty, or when the working CRS
// is not projected in metres.
LayerCrsPlan plan_layer_crs(const ProjContext& context, GDALDataset& dataset,
                            OGRLayer& layer, const std::string& layer_text,
                            const std::string& crs_if_missing,
                            const std::string& working_crs,
                            const std::string& features,
                            const std::string& crs_option = {});

// Transforms the points in place. Returns false when PROJ fails on one.
bool transform_points(const CrsTransformer& transform,
                      std::vector<Point>& points);

// Throws CrsError for a feature PROJ could not transform. `feature_text`
// names it ("feature 12 of layer 'rivers' of rivers.gpkg").
[[noreturn]] void throw_transform_failed(const ProjContext& context,
                                         const std::string& feature_text,
                                         const PJ* source, const PJ* target);

// The feature's FID, or `index`, its position in the read, when the driver
// gives none.
std::int64_t feature_id(const OGRFeature& feature, std::int64_t index);

// Calls `visit` on each feature of the layer that passes the filter,
// reporting progress under `stage`. The OSM driver builds all its layers in
// one pass over the file, so its features come through the dataset,
// restricted to the layer read.
void for_each_feature(GDALDataset& dataset, OGRLayer& layer,
                      const ProgressCallback& progress, std::string_view stage,
                      const std::function<void(OGRFeature&)>& visit);

// Throws when `errors` captured a GDAL failure during the read:
// InvalidInputError naming the filter and the layer's fields when `where`
// is set, because some drivers reject a filter only when reading, and
// IoError otherwise.
void check_read_errors(const GdalErrorCapture& errors, OGRLayer& layer,
                       const std::string& layer_text, const std::string& where);

// Throws InvalidInputError for a read that kept no feature. `kind` names the
// features ("line", "polygon"). The message gives the filter, when there is
// one, and the count of features skipped for having no geometry, when there
// are any.
[[noreturn]] void throw_no_features(const std::string& kind,
                                    const std::string& layer_text,
                                    const std::string& where,
                                    std::size_t features_without_geometry);

} // namespace georiviere::detail
