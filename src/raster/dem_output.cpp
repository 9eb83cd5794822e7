// GDAL glue of io/dem_output.hpp: polygonizing label rasters, writing the
// DEM network with its extra layers, reading outlet points.
#include "georiviere/io/dem_output.hpp"

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <system_error>
#include <variant>
#include <vector>

#include <unistd.h>

#include <cpl_conv.h>
#include <cpl_string.h>
#include <gdal.h>
#include <gdal_alg.h>
#include <gdal_priv.h>
#include <ogr_api.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "../io/gdal_support.hpp"
#include "../io/output_files.hpp"
#include "georiviere/core/error.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;
using detail::GdalErrorCapture;

// ---- polygonize -----------------------------------------------------------

struct ProgressBridge {
  const ProgressCallback* callback = nullptr;
  bool cancelled = false;
};

int CPL_STDCALL report_progress(double complete, const char*, void* data) {
  auto* bridge = static_cast<ProgressBridge*>(data);
  if (bridge->callback != nullptr && *bridge->callback &&
      !(*bridge->callback)("polygonizing catchments",
                           std::clamp(complete, 0.0, 1.0))) {
    bridge->cancelled = true;
    return FALSE;
  }
  return TRUE;
}

std::vector<Point> ring_points(const OGRLinearRing& ring) {
  std::vector<Point> points;
  points.reserve(static_cast<std::size_t>(ring.getNumPoints()));
  for (int i = 0; i < ring.getNumPoints(); ++i) {
    points.push_back(Point{ring.getX(i), ring.getY(i)});
  }
  return points;
}

PolygonRings polygon_rings(const OGRPolygon& polygon) {
  PolygonRings rings;
  if (polygon.getExteriorRing() == nullptr) {
    return rings;
  }
  rings.push_back(ring_points(*polygon.getExteriorRing()));
  for (int i = 0; i < polygon.getNumInteriorRings(); ++i) {
    rings.push_back(ring_points(*polygon.getInteriorRing(i)));
  }
  return rings;
}

void transform_polygons(std::vector<LabelPolygons>& result,
                        const GridReferencing& referencing) {
  if (!referencing.needs_transform) {
    return;
  }
  std::vector<double> x;
  std::vector<double> y;
  for (const LabelPolygons& label : result) {
    for (const PolygonRings& part : label.parts) {
      for (const std::vector<Point>& ring : part) {
        for (const Point& p : ring) {
          x.push_back(p.x);
          y.push_back(p.y);
        }
      }
    }
  }
  transform_to_working_crs(referencing, x, y);
  std::size_t i = 0;
  for (LabelPolygons& label : result) {
    for (PolygonRings& part : label.parts) {
      for (std::vector<Point>& ring : part) {
        for (Point& p : ring) {
          p = Point{x[i], y[i]};
          ++i;
        }
      }
    }
  }
}

// ---- output files ---------------------------------------------------------

std::string lower(std::string text) {
  for (char& c : text) {
    c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return text;
}

bool creates_vectors(GDALDriver* driver) {
  return driver->GetMetadataItem(GDAL_DCAP_VECTOR) != nullptr &&
         driver->GetMetadataItem(GDAL_DCAP_CREATE) != nullptr;
}

// The driver of an extension outside the common ones: the vector driver
// that lists it in DMD_EXTENSIONS, preferring the one named after it.
std::string driver_listing(const std::string& extension) {
  GDALDriverManager* manager = GetGDALDriverManager();
  std::string found;
  for (int i = 0; i < manager->GetDriverCount(); ++i) {
    GDALDriver* driver = manager->GetDriver(i);
    const char* listed = driver->GetMetadataItem(GDAL_DMD_EXTENSIONS);
    if (listed == nullptr || !creates_vectors(driver)) {
      continue;
    }
    const CPLStringList extensions(CSLTokenizeString(listed));
    for (int k = 0; k < extensions.size(); ++k) {
      if (lower(extensions[k]) != extension) {
        continue;
      }
      if (lower(driver->GetDescription()) == extension) {
        return driver->GetDescription();
      }
      if (found.empty()) {
        found = driver->GetDescription();
      }
    }
  }
  return found;
}

// The driver for `format`, or for the extension of the path: the same map
// as write_network for the common extensions, GeoPackage without an
// extension. NOTE: for other extensions the choice follows DMD_EXTENSIONS
// and may differ from write_network's on drivers it rejects.
std::string driver_for(const fs::path& path, const std::string& format) {
  if (!format.empty()) {
    return format;
  }
  static const std::map<std::string, std::string> drivers = {
      {".gpkg", "GPKG"},    {".sqlite", "SQLite"},  {".geojson", "GeoJSON"},
      {".json", "GeoJSON"}, {".fgb", "FlatGeobuf"}, {".shp", "ESRI Shapefile"},
      {".gml", "GML"}};
  const std::string extension = lower(path.extension().string());
  if (extension.empty()) {
    return "GPKG";
  }
  const auto known = drivers.find(extension);
  if (known != drivers.end()) {
    return known->second;
  }
  detail::ensure_gdal_registered();
  const std::string listed = driver_listing(extension.substr(1));
  if (listed.empty()) {
    throw IoError("no GDAL vector driver writes " + extension +
                  " files; use .gpkg, .geojson, .fgb, .shp, .sqlite or .gml");
  }
  return listed;
}

GDALDriver* find_vector_driver(const std::string& name) {
  detail::ensure_gdal_registered();
  GDALDriver* driver = GetGDALDriverManager()->GetDriverByName(name.c_str());
  if (driver == nullptr || !creates_vectors(driver)) {
    throw IoError("GDAL has no vector driver named '" + name +
                  "' that creates datasets; use a format such as GPKG, "
                  "GeoJSON, FlatGeobuf or \"ESRI Shapefile\"");
  }
  return driver;
}

bool stores_several_layers(GDALDriver* driver) {
  const char* multiple =
      driver->GetMetadataItem(GDAL_DCAP_MULTIPLE_VECTOR_LAYERS);
  return multiple != nullptr && std::string_view(multiple) == "YES";
}

// Drivers whose written file can be reopened to add layers.
bool adds_layers_in_place(const std::string& driver_name) {
  return driver_name == "GPKG" || driver_name == "SQLite";
}

fs::path layer_file(const fs::path& output, const std::string& layer) {
  fs::path file = output;
  file.replace_filename(output.stem().string() + "_" + layer +
                        output.extension().string());
  return file;
}

struct DemOutputPlan {
  std::string driver_name;
  GDALDriver* driver = nullptr;
  std::vector<fs::path> network_files;
  std::vector<fs::path> extra_files; // one per extra layer
};

DemOutputPlan plan_dem_outputs(const std::string& path,
                               const std::string& format,
                               const std::vector<std::string>& extra_names) {
  DemOutputPlan plan;
  const fs::path output(path);
  plan.driver_name = driver_for(output, format);
  plan.driver = find_vector_driver(plan.driver_name);
  const bool several = stores_several_layers(plan.driver);
  if (several) {
    plan.network_files.push_back(output);
  } else {
    for (const char* layer : {"reaches", "nodes", "problems"}) {
      plan.network_files.push_back(layer_file(output, layer));
    }
  }
  for (const std::string& name : extra_names) {
    plan.extra_files.push_back(several && adds_layers_in_place(plan.driver_name)
                                   ? output
                                   : layer_file(output, name));
  }
  return plan;
}

std::vector<fs::path> all_files(const DemOutputPlan& plan) {
  std::vector<fs::path> files = plan.network_files;
  for (const fs::path& file : plan.extra_files) {
    if (std::find(files.begin(), files.end(), file) == files.end()) {
      files.push_back(file);
    }
  }
  return files;
}

void check_outputs(const std::vector<fs::path>& files, const std::string& path,
                   const WriteOptions& options) {
  fs::path directory = fs::path(path).parent_path();
  if (directory.empty()) {
    directory = ".";
  }
  if (!fs::is_directory(directory)) {
    throw IoError("output directory not found: " + directory.string() +
                  "; create it first");
  }
  for (const fs::path& file : files) {
    for (const std::string& input : options.inputs) {
      if (!input.empty() && detail::same_file(file, input)) {
        throw IoError("output " + file.string() + " is the input " + input +
                      "; write the network to another path");
      }
    }
    if (!options.overwrite && fs::exists(file)) {
      throw IoError("output " + file.string() +
                    " already exists; remove it or pass --overwrite");
    }
  }
}

fs::path temporary_directory_for(const fs::path& output) {
  static std::atomic<unsigned long> counter{0};
  std::string name(1, '.');
  name += output.stem().string();
  name += ".dem-tmp-";
  name += std::to_string(static_cast<long>(::getpid()));
  name += '-';
  name += std::to_string(counter.fetch_add(1));
  return output.parent_path() / name;
}

// ---- extra layers ---------------------------------------------------------

OGRFieldType ogr_type(FieldType type) {
  switch (type) {
  case FieldType::integer: return OFTInteger64;
  case FieldType::real: return OFTReal;
  case FieldType::string:
  case FieldType::date_time: return OFTString;
  }
  return OFTString;
}

OGRMultiPolygon to_ogr(const std::vector<PolygonRings>& parts) {
  OGRMultiPolygon multipolygon;
  for (const PolygonRings& rings : parts) {
    OGRPolygon polygon;
    for (const std::vector<Point>& ring : rings) {
      // Sizing the ring once matters: GDAL 3.6 reallocates the point
      // array on every addPoint(), which made this loop quadratic on
      // catchment rings of many thousand vertices.
      auto* ogr_ring = new OGRLinearRing();
      ogr_ring->setNumPoints(static_cast<int>(ring.size()), FALSE);
      for (std::size_t i = 0; i < ring.size(); ++i) {
        ogr_ring->setPoint(static_cast<int>(i), ring[i].x, ring[i].y);
      }
      polygon.addRingDirectly(ogr_ring);
    }
    multipolygon.addGeometry(&polygon);
  }
  return multipolygon;
}

void write_layer(GDALDataset& dataset, const FeatureLayer& extra,
                 OGRSpatialReference* srs, const std::string& driver_name,
                 GdalErrorCapture& errors) {
  const OGRwkbGeometryType type =
      extra.geometry == LayerGeometry::point ? wkbPoint : wkbMultiPolygon;
  // The CSV driver writes no geometry unless asked to, as a WKT column.
  CPLStringList options;
  if (driver_name == "CSV") {
    options.AddNameValue("GEOMETRY", "AS_WKT");
  }
  OGRLayer* layer =
      dataset.CreateLayer(extra.name.c_str(), srs, type, options.List());
  if (layer == nullptr) {
    throw IoError("creating the layer '" + extra.name + "' failed" +
                  errors.suffix());
  }
  std::vector<int> indexes;
  for (const FieldDefinition& field : extra.attributes.fields) {
    OGRFieldDefn definition(field.name.c_str(), ogr_type(field.type));
    if (layer->CreateField(&definition) != OGRERR_NONE) {
      throw IoError("creating the field '" + field.name + "' in the layer '" +
                    extra.name + "' failed" + errors.suffix());
    }
    indexes.push_back(layer->GetLayerDefn()->GetFieldCount() - 1);
  }

  const bool started = dataset.StartTransaction(FALSE) == OGRERR_NONE;
  const std::size_t count = extra.attributes.rows.size();
  for (std::size_t i = 0; i < count; ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    const std::vector<FieldValue>& row = extra.attributes.rows[i];
    for (std::size_t f = 0; f < indexes.size() && f < row.size(); ++f) {
      detail::set_field_value(feature, indexes[f], row[f]);
    }
    if (extra.geometry == LayerGeometry::point && i < extra.points.size()) {
      OGRPoint point(extra.points[i].x, extra.points[i].y);
      feature.SetGeometry(&point);
    } else if (extra.geometry == LayerGeometry::multipolygon &&
               i < extra.polygons.size()) {
      OGRMultiPolygon multipolygon = to_ogr(extra.polygons[i]);
      feature.SetGeometry(&multipolygon);
    }
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      throw IoError("writing a feature to the layer '" + extra.name +
                    "' failed" + errors.suffix());
    }
  }
  if (started && dataset.CommitTransaction() != OGRERR_NONE) {
    throw IoError("committing the layer '" + extra.name + "' failed" +
                  errors.suffix());
  }
}

void close_dataset(GDALDatasetUniquePtr& dataset, const fs::path& file,
                   GdalErrorCapture& errors) {
  errors.clear();
  dataset.reset();
  if (errors.failed()) {
    throw IoError("closing " + file.string() + " failed" + errors.suffix());
  }
}

void write_extra_layers(const DemOutputPlan& plan,
                        const std::vector<FeatureLayer>& extras,
                        const fs::path& temporary, const RiverNetwork& network,
                        GdalErrorCapture& errors) {
  std::unique_ptr<OGRSpatialReference> srs;
  if (!network.crs_wkt.empty()) {
    srs = std::make_unique<OGRSpatialReference>();
    if (srs->importFromWkt(network.crs_wkt.c_str()) != OGRERR_NONE) {
      throw CrsError("the CRS of the network is not valid WKT: " +
                     network.crs_wkt.substr(0, 80));
    }
    srs->SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  }
  for (std::size_t i = 0; i < extras.size(); ++i) {
    const fs::path file = temporary / plan.extra_files[i].filename();
    GDALDatasetUniquePtr dataset;
    if (fs::exists(file)) {
      dataset.reset(GDALDataset::Open(file.string().c_str(),
                                      GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    } else {
      dataset.reset(plan.driver->Create(file.string().c_str(), 0, 0, 0,
                                        GDT_Unknown, nullptr));
    }
    if (!dataset) {
      throw IoError("opening " + plan.extra_files[i].string() + " with the " +
                    plan.driver_name + " driver failed" + errors.suffix());
    }
    try {
      write_layer(*dataset, extras[i], srs.get(), plan.driver_name, errors);
    } catch (const IoError& error) {
      throw IoError("writing " + plan.extra_files[i].string() +
                    " failed: " + error.what());
    }
    close_dataset(dataset, plan.extra_files[i], errors);
  }
}

void remove_stale_sidecars(const DemOutputPlan& plan,
                           const std::vector<fs::path>& files) {
  static const std::vector<std::string> sidecars = {
      ".shx", ".dbf", ".prj", ".cpg", ".qix",
      ".sbn", ".sbx", ".qpj", ".xsd", ".gfs"};
  if (plan.driver_name != "ESRI Shapefile" && plan.driver_name != "GML") {
    return;
  }
  for (const fs::path& file : files) {
    for (const std::string& extension : sidecars) {
      fs::path stale = file;
      stale.replace_extension(extension);
      std::error_code ignored;
      fs::remove(stale, ignored);
    }
  }
}

void move_outputs(const fs::path& temporary, const fs::path& directory) {
  for (const auto& entry : fs::directory_iterator(temporary)) {
    const fs::path target = directory / entry.path().filename();
    std::error_code error;
    fs::rename(entry.path(), target, error);
    if (error) {
      throw IoError("moving " + entry.path().string() + " to " +
                    target.string() + " failed: " + error.message());
    }
  }
  fs::remove(temporary);
}

// ---- outlets --------------------------------------------------------------

void add_points(const OGRGeometry& geometry, std::int64_t fid,
                std::vector<OutletPoint>& points, const std::string& where) {
  const OGRwkbGeometryType type = wkbFlatten(geometry.getGeometryType());
  if (type == wkbPoint) {
    const auto& point = *geometry.toPoint();
    if (!point.IsEmpty()) {
      points.push_back(OutletPoint{fid, Point{point.getX(), point.getY()}});
    }
    return;
  }
  if (type == wkbMultiPoint) {
    for (const OGRPoint* point : *geometry.toMultiPoint()) {
      points.push_back(OutletPoint{fid, Point{point->getX(), point->getY()}});
    }
    return;
  }
  throw InvalidInputError("feature " + std::to_string(fid) + " of " + where +
                          " is a " + geometry.getGeometryName() +
                          ", not a point; give outlets as points");
}

OGRLayer* choose_outlet_layer(GDALDataset& dataset, const std::string& name,
                              const std::string& path) {
  if (!name.empty()) {
    OGRLayer* layer = dataset.GetLayerByName(name.c_str());
    if (layer == nullptr) {
      throw InvalidInputError("layer '" + name + "' not found in " + path +
                              "; pass the name of its point layer");
    }
    return layer;
  }
  if (dataset.GetLayerCount() == 1) {
    return dataset.GetLayer(0);
  }
  for (int i = 0; i < dataset.GetLayerCount(); ++i) {
    OGRLayer* layer = dataset.GetLayer(i);
    const OGRwkbGeometryType type = wkbFlatten(layer->GetGeomType());
    if (type == wkbPoint || type == wkbMultiPoint) {
      return layer;
    }
  }
  throw InvalidInputError(path + " has no point layer; give outlets as "
                                 "points");
}

} // namespace

std::vector<LabelPolygons>
polygonize_labels(GridView<const std::uint32_t> labels,
                  const GridReferencing& referencing,
                  const ProgressCallback& progress) {
  std::vector<LabelPolygons> result = trace_label_polygons(labels, progress);
  transform_polygons(result, referencing);
  return result;
}

std::vector<LabelPolygons>
polygonize_labels_with_gdal(GridView<const std::uint32_t> labels,
                            const GridReferencing& referencing,
                            const ProgressCallback& progress) {
  std::vector<LabelPolygons> result;
  if (labels.empty()) {
    return result;
  }
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;

  // A MEM raster over the caller's cells, without a copy.
  GDALDriverH mem_driver = GDALGetDriverByName("MEM");
  GDALDatasetUniquePtr raster(GDALDataset::FromHandle(
      GDALCreate(mem_driver, "", static_cast<int>(labels.cols()),
                 static_cast<int>(labels.rows()), 0, GDT_UInt32, nullptr)));
  if (!raster) {
    throw IoError("creating an in-memory raster for polygonizing failed" +
                  errors.suffix());
  }
  char pointer[64] = {};
  CPLPrintPointer(pointer, const_cast<std::uint32_t*>(labels.data()),
                  sizeof pointer);
  const std::string line_offset =
      std::to_string(labels.row_stride() * sizeof(std::uint32_t));
  CPLStringList band_options;
  band_options.AddNameValue("DATAPOINTER", pointer);
  band_options.AddNameValue("PIXELOFFSET", "4");
  band_options.AddNameValue("LINEOFFSET", line_offset.c_str());
  if (raster->AddBand(GDT_UInt32, band_options.List()) != CE_None) {
    throw IoError("wrapping the label grid in a raster failed" +
                  errors.suffix());
  }
  std::array<double, 6> transform = labels.transform().to_array();
  raster->SetGeoTransform(transform.data());
  GDALRasterBand* band = raster->GetRasterBand(1);
  band->SetNoDataValue(0.0);

  GDALDriver* memory_driver = GetGDALDriverManager()->GetDriverByName("Memory");
  GDALDatasetUniquePtr vectors(
      memory_driver->Create("", 0, 0, 0, GDT_Unknown, nullptr));
  OGRLayer* layer =
      vectors ? vectors->CreateLayer("labels", nullptr, wkbPolygon, nullptr)
              : nullptr;
  if (layer == nullptr) {
    throw IoError("creating an in-memory layer for polygonizing failed" +
                  errors.suffix());
  }
  OGRFieldDefn field("label", OFTInteger64);
  layer->CreateField(&field);

  ProgressBridge bridge{&progress, false};
  CPLStringList options;
  options.AddNameValue("8CONNECTED", "8");
  const CPLErr error =
      GDALPolygonize(band, band->GetMaskBand(), OGRLayer::ToHandle(layer), 0,
                     options.List(), report_progress, &bridge);
  if (bridge.cancelled) {
    throw CancelledError();
  }
  if (error != CE_None) {
    throw IoError("GDALPolygonize failed on the label grid" + errors.suffix());
  }

  std::map<std::uint32_t, LabelPolygons> by_label;
  layer->ResetReading();
  for (const auto& feature : *layer) {
    const auto label =
        static_cast<std::uint32_t>(feature->GetFieldAsInteger64(0));
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (geometry == nullptr ||
        wkbFlatten(geometry->getGeometryType()) != wkbPolygon) {
      continue;
    }
    LabelPolygons& entry = by_label[label];
    entry.label = label;
    entry.parts.push_back(polygon_rings(*geometry->toPolygon()));
  }
  result.reserve(by_label.size());
  for (auto& [label, polygons] : by_label) {
    result.push_back(std::move(polygons));
  }
  transform_polygons(result, referencing);
  return result;
}

std::vector<std::string>
dem_output_paths(const std::string& path, const std::string& format,
                 const std::vector<std::string>& extra_layer_names) {
  const DemOutputPlan plan = plan_dem_outputs(path, format, extra_layer_names);
  std::vector<std::string> paths;
  for (const fs::path& file : all_files(plan)) {
    paths.push_back(file.string());
  }
  return paths;
}

std::vector<std::string>
write_dem_network(const RiverNetwork& network,
                  const std::vector<FeatureLayer>& extra_layers,
                  const std::string& path, const WriteOptions& options) {
  std::vector<std::string> names;
  for (const FeatureLayer& layer : extra_layers) {
    names.push_back(layer.name);
  }
  const DemOutputPlan plan = plan_dem_outputs(path, options.format, names);
  const std::vector<fs::path> files = all_files(plan);
  check_outputs(files, path, options);

  const fs::path output(path);
  const fs::path directory =
      output.has_parent_path() ? output.parent_path() : fs::path(".");
  const fs::path temporary =
      temporary_directory_for(directory / output.filename());
  GdalErrorCapture errors;
  try {
    fs::create_directory(temporary);
    WriteOptions inner = options;
    inner.overwrite = false;
    inner.inputs.clear();
    inner.format = plan.driver_name;
    write_network(network, (temporary / output.filename()).string(), inner);
    write_extra_layers(plan, extra_layers, temporary, network, errors);
    if (options.overwrite) {
      remove_stale_sidecars(plan, files);
    }
    move_outputs(temporary, directory);
  } catch (const fs::filesystem_error& error) {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    throw IoError("writing " + path + " failed: " + error.what());
  } catch (...) {
    std::error_code ignored;
    fs::remove_all(temporary, ignored);
    throw;
  }

  std::vector<std::string> written;
  for (const fs::path& file : files) {
    written.push_back(file.string());
  }
  return written;
}

std::vector<OutletPoint>
read_outlet_points(const std::string& path, const std::string& layer_name,
                   const GridReferencing& referencing) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  std::error_code error;
  if (path.rfind("/vsi", 0) != 0 && !fs::exists(path, error)) {
    throw FileNotFoundError("outlet file not found: " + path);
  }
  GDALDatasetUniquePtr dataset(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
  if (!dataset) {
    throw IoError("cannot open " + path + " as a vector dataset" +
                  errors.suffix());
  }
  OGRLayer* layer = choose_outlet_layer(*dataset, layer_name, path);
  const std::string where =
      "layer '" + std::string(layer->GetName()) + "' of " + path;

  std::vector<OutletPoint> points;
  for (const auto& feature : *layer) {
    const OGRGeometry* geometry = feature->GetGeometryRef();
    if (geometry == nullptr) {
      throw InvalidInputError("feature " + std::to_string(feature->GetFID()) +
                              " of " + where +
                              " has no geometry; give each outlet a point");
    }
    add_points(*geometry, feature->GetFID(), points, where);
  }
  if (points.empty()) {
    throw InvalidInputError(where + " has no points; give outlets as points");
  }

  const OGRSpatialReference* srs = layer->GetSpatialRef();
  if (srs != nullptr) {
    char* wkt = nullptr;
    const char* wkt_options[] = {"FORMAT=WKT2_2019", nullptr};
    srs->exportToWkt(&wkt, wkt_options);
    const std::string source_wkt = wkt != nullptr ? wkt : "";
    CPLFree(wkt);
    std::vector<double> x;
    std::vector<double> y;
    for (const OutletPoint& point : points) {
      x.push_back(point.position.x);
      y.push_back(point.position.y);
    }
    if (!source_wkt.empty()) {
      transform_to_grid_crs(referencing, source_wkt, x, y);
    }
    for (std::size_t i = 0; i < points.size(); ++i) {
      points[i].position = Point{x[i], y[i]};
    }
  }
  return points;
}

} // namespace georiviere
