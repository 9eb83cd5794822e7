#include "georiviere/io/feature_writer.hpp"

#include <cmath>
#include <filesystem>
#include <memory>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"
#include "output_files.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;
using detail::GdalErrorCapture;
using detail::OutputFile;
using detail::OutputPlan;

// Renames a planned file of the network layer "reaches" to the file of
// `layer`: STEM_reaches.EXT to STEM_LAYER.EXT, side files included.
fs::path for_layer(const fs::path& reaches_file, const fs::path& output,
                   const std::string& layer) {
  fs::path file = reaches_file;
  file.replace_filename(output.stem().string() + "_" + layer +
                        reaches_file.extension().string());
  return file;
}

// The plan of write_network with its files renamed for `layer_names`.
OutputPlan plan_layers(const std::string& path,
                       const std::vector<std::string>& layer_names,
                       const WriteOptions& options) {
  OutputPlan plan = detail::plan_outputs(path, options);
  if (plan.files.size() == 1) {
    plan.files.front().layers.clear();
    return plan;
  }
  // One file per layer: plan_outputs gave STEM_reaches.EXT first.
  const OutputFile pattern = plan.files.front();
  const fs::path output(path);
  plan.files.clear();
  for (const std::string& name : layer_names) {
    OutputFile file;
    file.final_path = for_layer(pattern.final_path, output, name);
    for (const fs::path& side : pattern.side_paths) {
      fs::path renamed = for_layer(pattern.final_path, output, name);
      renamed.replace_extension(side.extension());
      file.side_paths.push_back(renamed);
    }
    plan.files.push_back(file);
  }
  return plan;
}

OGRFieldType ogr_type(FieldType type, bool integer64) {
  switch (type) {
  case FieldType::integer: return integer64 ? OFTInteger64 : OFTReal;
  case FieldType::real: return OFTReal;
  case FieldType::string:
  case FieldType::date_time: return OFTString;
  }
  return OFTString;
}

// Adds the layer's fields and returns their indexes in the OGR layer.
std::vector<int> add_fields(OGRLayer& layer, const AttributeTable& table,
                            bool integer64, const GdalErrorCapture& errors) {
  const std::vector<std::string> names =
      detail::source_field_names(layer, table, {"fid"});
  std::vector<int> indexes;
  for (std::size_t i = 0; i < table.fields.size(); ++i) {
    const std::string& name = names[i];
    OGRFieldDefn field(name.c_str(), ogr_type(table.fields[i].type, integer64));
    if (layer.CreateField(&field) != OGRERR_NONE) {
      throw IoError("creating the field '" + name + "' in the layer '" +
                    layer.GetName() + "' failed" + errors.suffix());
    }
    indexes.push_back(layer.GetLayerDefn()->GetFieldCount() - 1);
  }
  return indexes;
}

OGRLineString to_ogr_line(const Polyline& line, bool with_z) {
  OGRLineString result;
  // Sized once, because GDAL 3.6 reallocates the array on every addPoint().
  result.setNumPoints(static_cast<int>(line.size()), FALSE);
  for (std::size_t i = 0; i < line.size(); ++i) {
    const int index = static_cast<int>(i);
    if (with_z) {
      result.setPoint(index, line.points[i].x, line.points[i].y,
                      line.has_z() ? line.z[i] : 0.0);
    } else {
      result.setPoint(index, line.points[i].x, line.points[i].y);
    }
  }
  return result;
}

void write_layer(GDALDataset& dataset, const OutputLayer& layer_data,
                 OGRSpatialReference* srs, const OutputPlan& plan,
                 GdalErrorCapture& errors, ProgressReporter& progress,
                 std::size_t& done) {
  bool with_z = false;
  for (const Polyline& line : layer_data.lines) {
    with_z = with_z || line.has_z();
  }
  OGRwkbGeometryType type = wkbPoint;
  if (layer_data.geometry == OutputGeometry::line_string) {
    type = with_z ? wkbLineString25D : wkbLineString;
  }
  CPLStringList layer_options;
  if (plan.driver_name == "CSV") {
    layer_options.AddString("GEOMETRY=AS_WKT");
    layer_options.AddString("CREATE_CSVT=YES");
  }
  OGRLayer* layer = dataset.CreateLayer(layer_data.name.c_str(), srs, type,
                                        layer_options.List());
  if (layer == nullptr) {
    throw IoError("creating the layer '" + layer_data.name + "' failed" +
                  errors.suffix());
  }
  const std::vector<int> fields = add_fields(
      *layer, layer_data.attributes,
      detail::driver_declares_field_type(*plan.driver, "Integer64"), errors);

  const bool started = dataset.StartTransaction(FALSE) == OGRERR_NONE;
  for (std::size_t i = 0; i < layer_data.size(); ++i) {
    OGRFeature feature(layer->GetLayerDefn());
    const std::vector<FieldValue>& row = layer_data.attributes.rows[i];
    for (std::size_t f = 0; f < fields.size() && f < row.size(); ++f) {
      detail::set_field_value(feature, fields[f], row[f]);
    }
    if (layer_data.geometry == OutputGeometry::point) {
      const Point& p = layer_data.points[i];
      if (std::isfinite(p.x) && std::isfinite(p.y)) {
        OGRPoint point(p.x, p.y);
        feature.SetGeometry(&point);
      }
    } else {
      const OGRLineString line = to_ogr_line(layer_data.lines[i], with_z);
      feature.SetGeometry(&line);
    }
    if (layer->CreateFeature(&feature) != OGRERR_NONE) {
      throw IoError("writing a feature to the layer '" + layer_data.name +
                    "' failed" + errors.suffix());
    }
    progress.update(++done);
  }
  if (started && dataset.CommitTransaction() != OGRERR_NONE) {
    throw IoError("committing the features of the layer '" + layer_data.name +
                  "' failed" + errors.suffix());
  }
}

void write_file(const OutputPlan& plan, const fs::path& final_path,
                const std::vector<const OutputLayer*>& layers,
                const fs::path& temporary, OGRSpatialReference* srs,
                GdalErrorCapture& errors, ProgressReporter& progress,
                std::size_t& done) {
  detail::write_output_file(
      plan, final_path, temporary, errors, [&](GDALDataset& dataset) {
        for (const OutputLayer* layer : layers) {
          write_layer(dataset, *layer, srs, plan, errors, progress, done);
        }
      });
}

std::vector<std::string> names_of(const std::vector<OutputLayer>& layers) {
  std::vector<std::string> names;
  for (const OutputLayer& layer : layers) {
    names.push_back(layer.name);
  }
  return names;
}

} // namespace

std::vector<std::string>
output_layer_paths(const std::string& path,
                   const std::vector<std::string>& layer_names,
                   const WriteOptions& options) {
  detail::ensure_gdal_registered();
  return detail::final_paths(plan_layers(path, layer_names, options));
}

void check_layers_output_path(const std::string& path,
                              const std::vector<std::string>& layer_names,
                              const WriteOptions& options) {
  detail::ensure_gdal_registered();
  detail::check_outputs(plan_layers(path, layer_names, options), options);
}

std::vector<std::string> write_layers(const std::vector<OutputLayer>& layers,
                                      const std::string& crs_wkt,
                                      const std::string& path,
                                      const WriteOptions& options) {
  detail::ensure_gdal_registered();
  std::size_t total = 0;
  for (const OutputLayer& layer : layers) {
    if (layer.size() != layer.attributes.rows.size()) {
      throw InvalidInputError(
          "layer '" + layer.name + "' has " + std::to_string(layer.size()) +
          " geometries but " + std::to_string(layer.attributes.rows.size()) +
          " attribute rows; give one row per feature");
    }
    total += layer.size();
  }
  GdalErrorCapture errors;
  const OutputPlan plan = plan_layers(path, names_of(layers), options);
  detail::check_outputs(plan, options);
  const std::unique_ptr<OGRSpatialReference> srs =
      detail::output_srs(crs_wkt, "output");

  ProgressReporter progress(options.progress, "writing layers", total);
  std::size_t done = 0;
  {
    const detail::TemporaryDirectory temporary(plan);
    if (plan.files.size() == 1 && layers.size() != 1) {
      std::vector<const OutputLayer*> all;
      for (const OutputLayer& layer : layers) {
        all.push_back(&layer);
      }
      write_file(plan, plan.files.front().final_path, all, temporary.path(),
                 srs.get(), errors, progress, done);
    } else {
      for (std::size_t i = 0; i < layers.size(); ++i) {
        write_file(plan, plan.files[i].final_path, {&layers[i]},
                   temporary.path(), srs.get(), errors, progress, done);
      }
    }
    progress.finish();
    detail::commit_outputs(plan, temporary.path(), options);
  }
  return detail::final_paths(plan);
}

} // namespace georiviere
