#include "georiviere/io/vector_writer.hpp"

#include <cctype>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <memory>
#include <set>
#include <utility>

#include <cpl_string.h>
#include <gdal_priv.h>
#include <ogr_feature.h>
#include <ogr_geometry.h>
#include <ogr_spatialref.h>
#include <ogrsf_frmts.h>

#include "gdal_support.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/wkt.hpp"
#include "output_files.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;
using detail::GdalErrorCapture;
using detail::layer_name;
using detail::LayerKind;
using detail::lower;
using detail::OutputFile;
using detail::OutputPlan;

// ---- fields ---------------------------------------------------------------

struct ReachFieldIndexes {
  int reach_id, from_node, to_node, length_m, strahler, shreve, hack;
  int upstream_length_m, distance_to_outlet_m, max_upstream_distance_m;
  int main_stem_id, basin_id, source_fids;
  std::vector<int> source; // one per network.attributes.fields
};

// The field types a driver takes, and where its errors go.
struct FieldFormat {
  const std::string& driver_name;
  // False when the driver declares field types without Integer64, such as
  // MapInfo or KML: 64-bit integer fields are then created as Integer.
  bool integer64;
  GdalErrorCapture& errors;
};

int add_field(OGRLayer& layer, const std::string& name, OGRFieldType type,
              const FieldFormat& format) {
  if (type == OFTInteger64 && !format.integer64) {
    type = OFTInteger;
  }
  OGRFieldDefn field(name.c_str(), type);
  if (layer.CreateField(&field) != OGRERR_NONE) {
    throw IoError("creating the field '" + name + "' in the layer '" +
                  layer.GetName() + "' failed" + format.errors.suffix());
  }
  // Drivers may rename the field (Shapefile cuts names to 10 characters),
  // so fields are found by position.
  return layer.GetLayerDefn()->GetFieldCount() - 1;
}

bool matches_pattern(const std::string& text, std::string_view pattern) {
  if (text.size() < pattern.size()) {
    return false;
  }
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    const bool digit = std::isdigit(static_cast<unsigned char>(text[i]));
    if (pattern[i] == '9' ? !digit : text[i] != pattern[i]) {
      return false;
    }
  }
  return true;
}

// The OGR type that keeps a date_time column: Date, Time or DateTime when
// every value has that ISO 8601 form, else String.
OGRFieldType date_time_type(const AttributeTable& table, std::size_t column,
                            const std::string& driver_name) {
  bool all_dates = true;
  bool all_times = true;
  bool all_date_times = true;
  for (const auto& row : table.rows) {
    if (column >= row.size()) {
      continue;
    }
    const auto* text = std::get_if<std::string>(&row[column]);
    if (text == nullptr) {
      continue;
    }
    all_dates =
        all_dates && text->size() == 10 && matches_pattern(*text, "9999-99-99");
    all_times = all_times && matches_pattern(*text, "99:99:99");
    all_date_times =
        all_date_times && matches_pattern(*text, "9999-99-99T99:99:99");
  }
  if (all_dates) {
    return OFTDate;
  }
  // Shapefiles have date fields only.
  if (driver_name == "ESRI Shapefile") {
    return OFTString;
  }
  if (all_times) {
    return OFTTime;
  }
  return all_date_times ? OFTDateTime : OFTString;
}

// Integer for a source column of 32-bit values, Real for larger values,
// which it keeps exactly up to 2^53. Only used when the driver has no
// Integer64 fields.
OGRFieldType narrow_integer_type(const AttributeTable& table,
                                 std::size_t column) {
  for (const auto& row : table.rows) {
    const auto* value =
        column < row.size() ? std::get_if<std::int64_t>(&row[column]) : nullptr;
    if (value != nullptr &&
        (*value < std::numeric_limits<std::int32_t>::min() ||
         *value > std::numeric_limits<std::int32_t>::max())) {
      return OFTReal;
    }
  }
  return OFTInteger;
}

OGRFieldType ogr_type_of(const AttributeTable& table, std::size_t column,
                         const FieldFormat& format) {
  switch (table.fields[column].type) {
  case FieldType::integer:
    return format.integer64 ? OFTInteger64 : narrow_integer_type(table, column);
  case FieldType::real: return OFTReal;
  case FieldType::date_time:
    return date_time_type(table, column, format.driver_name);
  case FieldType::string: return OFTString;
  }
  return OFTString;
}

// Source field names that clash with ours, or with the FID or geometry
// column of the layer, get the prefix "src_" (and a number if still taken).
std::vector<int> add_source_fields(OGRLayer& layer, const AttributeTable& table,
                                   std::set<std::string> used,
                                   const FieldFormat& format) {
  if (layer.GetFIDColumn() != nullptr && *layer.GetFIDColumn() != '\0') {
    used.insert(lower(layer.GetFIDColumn()));
  }
  const std::vector<std::string> names =
      detail::source_field_names(layer, table, std::move(used));
  std::vector<int> indexes;
  for (std::size_t i = 0; i < table.fields.size(); ++i) {
    indexes.push_back(
        add_field(layer, names[i], ogr_type_of(table, i, format), format));
  }
  return indexes;
}

ReachFieldIndexes add_reach_fields(OGRLayer& layer, const AttributeTable& table,
                                   const FieldFormat& format) {
  ReachFieldIndexes f{};
  f.reach_id = add_field(layer, "reach_id", OFTInteger64, format);
  f.from_node = add_field(layer, "from_node", OFTInteger64, format);
  f.to_node = add_field(layer, "to_node", OFTInteger64, format);
  f.length_m = add_field(layer, "length_m", OFTReal, format);
  f.strahler = add_field(layer, "strahler", OFTInteger, format);
  f.shreve = add_field(layer, "shreve", OFTInteger64, format);
  f.hack = add_field(layer, "hack", OFTInteger, format);
  f.upstream_length_m = add_field(layer, "upstream_length_m", OFTReal, format);
  f.distance_to_outlet_m =
      add_field(layer, "distance_to_outlet_m", OFTReal, format);
  f.max_upstream_distance_m =
      add_field(layer, "max_upstream_distance_m", OFTReal, format);
  f.main_stem_id = add_field(layer, "main_stem_id", OFTInteger64, format);
  f.basin_id = add_field(layer, "basin_id", OFTInteger64, format);
  f.source_fids = add_field(layer, "source_fids", OFTString, format);

  // "fid" is the default FID column of GeoPackage. It is kept free in every
  // format so that the field names do not depend on the format.
  const std::set<std::string> ours = {"reach_id",
                                      "from_node",
                                      "to_node",
                                      "length_m",
                                      "strahler",
                                      "shreve",
                                      "hack",
                                      "upstream_length_m",
                                      "distance_to_outlet_m",
                                      "max_upstream_distance_m",
                                      "main_stem_id",
                                      "basin_id",
                                      "source_fids",
                                      "fid"};
  f.source = add_source_fields(layer, table, ours, format);
  return f;
}

std::string join_ids(const std::vector<std::int64_t>& ids) {
  std::string text;
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) {
      text += ",";
    }
    text += std::to_string(ids[i]);
  }
  return text;
}

void set_id(OGRFeature& feature, int index, std::int64_t id) {
  if (id < 0) {
    feature.SetFieldNull(index);
  } else {
    feature.SetField(index, static_cast<GIntBig>(id));
  }
}

// The value of a source column for a reach: the value of its first source
// row when every source row has that value, else null.
FieldValue reach_value(const AttributeTable& table, const Reach& reach,
                       std::size_t column) {
  const FieldValue null_value;
  const FieldValue* first = nullptr;
  for (const std::uint32_t row : reach.source_rows) {
    if (row >= table.rows.size() || column >= table.rows[row].size()) {
      return null_value;
    }
    const FieldValue& value = table.rows[row][column];
    if (first == nullptr) {
      first = &value;
    } else if (value != *first) {
      return null_value;
    }
  }
  return first != nullptr ? *first : null_value;
}

// ---- layers ---------------------------------------------------------------

struct WriteContext {
  GDALDataset& dataset;
  const RiverNetwork& network;
  OGRSpatialReference* srs; // CreateLayer takes a non-const pointer
  const std::string& driver_name;
  const std::vector<std::string>& layer_options;
  const FieldFormat& format;
  GdalErrorCapture& errors;
  ProgressReporter& progress;
  std::size_t& done;
};

OGRLayer& create_layer(WriteContext& context, LayerKind kind,
                       OGRwkbGeometryType type) {
  CPLStringList options;
  for (const std::string& option : context.layer_options) {
    options.AddString(option.c_str());
  }
  OGRLayer* layer = context.dataset.CreateLayer(layer_name(kind), context.srs,
                                                type, options.List());
  if (layer == nullptr) {
    throw IoError(std::string("creating the layer '") + layer_name(kind) +
                  "' failed" + context.errors.suffix());
  }
  return *layer;
}

void create_feature(WriteContext& context, OGRLayer& layer,
                    OGRFeature& feature) {
  if (layer.CreateFeature(&feature) != OGRERR_NONE) {
    throw IoError(std::string("writing a feature to the layer '") +
                  layer.GetName() + "' failed" + context.errors.suffix());
  }
  context.progress.update(++context.done);
}

// Runs `write` inside a transaction when the driver supports them, because
// without one GeoPackage and SQLite commit every feature to disk.
template <typename Write>
void in_transaction(WriteContext& context, Write write) {
  const bool started = context.dataset.StartTransaction(FALSE) == OGRERR_NONE;
  write();
  if (started && context.dataset.CommitTransaction() != OGRERR_NONE) {
    throw IoError("committing the written features failed" +
                  context.errors.suffix());
  }
}

// A reach without Z or M in a layer that has them gets zeros, as OGR does
// when it promotes a 2D geometry. NaN would mark the missing values better,
// but the GeoJSON driver of GDAL 3.6 writes a null geometry instead, and
// every format should give the same values.
OGRLineString to_ogr_line(const Polyline& line, bool with_z, bool with_m) {
  const std::size_t size = line.size();
  std::vector<double> x(size);
  std::vector<double> y(size);
  for (std::size_t i = 0; i < size; ++i) {
    x[i] = line.points[i].x;
    y[i] = line.points[i].y;
  }
  const std::vector<double> zeros(with_z || with_m ? size : 0, 0.0);
  const double* z = line.has_z() ? line.z.data() : zeros.data();
  const double* m = line.has_m() ? line.m.data() : zeros.data();
  OGRLineString result;
  result.setPoints(static_cast<int>(size), x.data(), y.data(),
                   with_z ? z : nullptr, with_m ? m : nullptr);
  return result;
}

// Metrics of a reach in a directed cycle are undefined, and null there
// keeps them apart from the zeros of an outlet reach.
void set_metrics(OGRFeature& feature, const ReachFieldIndexes& f,
                 const Reach& reach) {
  if (reach.in_cycle) {
    for (const int index :
         {f.strahler, f.shreve, f.hack, f.upstream_length_m,
          f.distance_to_outlet_m, f.max_upstream_distance_m}) {
      feature.SetFieldNull(index);
    }
    return;
  }
  feature.SetField(f.strahler, reach.strahler);
  feature.SetField(f.shreve, static_cast<GIntBig>(reach.shreve));
  feature.SetField(f.hack, reach.hack);
  feature.SetField(f.upstream_length_m, reach.upstream_length_m);
  feature.SetField(f.distance_to_outlet_m, reach.distance_to_outlet_m);
  feature.SetField(f.max_upstream_distance_m, reach.max_upstream_distance_m);
}

void write_reaches(WriteContext& context) {
  const RiverNetwork& network = context.network;
  bool with_z = false;
  bool with_m = false;
  for (const Reach& reach : network.reaches) {
    with_z = with_z || reach.geometry.has_z();
    with_m = with_m || reach.geometry.has_m();
  }
  OGRwkbGeometryType type = wkbLineString;
  if (with_z) {
    type = OGR_GT_SetZ(type);
  }
  if (with_m) {
    type = OGR_GT_SetM(type);
  }

  OGRLayer& layer = create_layer(context, LayerKind::reaches, type);
  const ReachFieldIndexes f =
      add_reach_fields(layer, network.attributes, context.format);

  in_transaction(context, [&] {
    for (const Reach& reach : network.reaches) {
      OGRFeature feature(layer.GetLayerDefn());
      set_id(feature, f.reach_id, reach.id);
      set_id(feature, f.from_node, reach.from_node);
      set_id(feature, f.to_node, reach.to_node);
      feature.SetField(f.length_m, reach.length_m);
      set_metrics(feature, f, reach);
      set_id(feature, f.main_stem_id, reach.main_stem_id);
      set_id(feature, f.basin_id, reach.basin_id);
      feature.SetField(f.source_fids, join_ids(reach.source_fids).c_str());
      for (std::size_t i = 0; i < f.source.size(); ++i) {
        detail::set_field_value(feature, f.source[i],
                                reach_value(network.attributes, reach, i));
      }
      const OGRLineString line = to_ogr_line(reach.geometry, with_z, with_m);
      feature.SetGeometry(&line);
      create_feature(context, layer, feature);
    }
  });
}

void write_nodes(WriteContext& context) {
  OGRLayer& layer = create_layer(context, LayerKind::nodes, wkbPoint);
  const int node_id = add_field(layer, "node_id", OFTInteger64, context.format);
  const int kind = add_field(layer, "kind", OFTString, context.format);
  const int in_degree =
      add_field(layer, "in_degree", OFTInteger, context.format);
  const int out_degree =
      add_field(layer, "out_degree", OFTInteger, context.format);
  // "known" at a known outlet, "sink" at another node without outflow,
  // empty elsewhere; only when a region profile located outlets.
  const int outlet = context.network.has_known_outlets
                         ? add_field(layer, "outlet", OFTString, context.format)
                         : -1;

  in_transaction(context, [&] {
    for (const Node& node : context.network.nodes) {
      OGRFeature feature(layer.GetLayerDefn());
      set_id(feature, node_id, node.id);
      feature.SetField(kind, std::string(to_string(node.kind)).c_str());
      feature.SetField(in_degree, static_cast<int>(node.in_degree));
      feature.SetField(out_degree, static_cast<int>(node.out_degree));
      if (outlet >= 0) {
        feature.SetField(outlet, node.known_outlet      ? "known"
                                 : node.out_degree == 0 ? "sink"
                                                        : "");
      }
      OGRPoint point(node.position.x, node.position.y);
      feature.SetGeometry(&point);
      create_feature(context, layer, feature);
    }
  });
}

// A Shapefile layer has one geometry type, so its problems layer has points:
// the problem's points, or the middle vertex of each line when it has none.
std::unique_ptr<OGRGeometry> problem_points(const Problem& problem) {
  auto points = std::make_unique<OGRMultiPoint>();
  for (const Point& point : problem.points) {
    OGRPoint ogr_point(point.x, point.y);
    points->addGeometry(&ogr_point);
  }
  if (problem.points.empty()) {
    for (const Polyline& line : problem.lines) {
      if (!line.empty()) {
        const Point& middle = line.points[line.size() / 2];
        OGRPoint ogr_point(middle.x, middle.y);
        points->addGeometry(&ogr_point);
      }
    }
  }
  return points;
}

std::unique_ptr<OGRGeometry> problem_geometry(const Problem& problem) {
  if (problem.points.empty() && problem.lines.empty()) {
    return nullptr;
  }
  OGRGeometry* geometry = nullptr;
  const std::string wkt = problem_wkt(problem);
  OGRGeometryFactory::createFromWkt(wkt.c_str(), nullptr, &geometry);
  return std::unique_ptr<OGRGeometry>(geometry);
}

void write_problems(WriteContext& context) {
  const bool points_only = context.driver_name == "ESRI Shapefile";
  OGRLayer& layer = create_layer(context, LayerKind::problems,
                                 points_only ? wkbMultiPoint : wkbUnknown);
  const int kind = add_field(layer, "kind", OFTString, context.format);
  const int message = add_field(layer, "message", OFTString, context.format);
  const int reach_ids =
      add_field(layer, "reach_ids", OFTString, context.format);
  const int source_fids =
      add_field(layer, "source_fids", OFTString, context.format);

  in_transaction(context, [&] {
    for (const Problem& problem : context.network.problems) {
      OGRFeature feature(layer.GetLayerDefn());
      feature.SetField(kind, std::string(to_string(problem.kind)).c_str());
      feature.SetField(message, problem.message.c_str());
      feature.SetField(reach_ids, join_ids(problem.reach_ids).c_str());
      feature.SetField(source_fids, join_ids(problem.source_fids).c_str());
      std::unique_ptr<OGRGeometry> geometry =
          points_only ? problem_points(problem) : problem_geometry(problem);
      if (geometry) {
        feature.SetGeometryDirectly(geometry.release());
      }
      create_feature(context, layer, feature);
    }
  });
}

void write_file(const OutputPlan& plan, const OutputFile& file,
                const fs::path& temporary, const RiverNetwork& network,
                OGRSpatialReference* srs, GdalErrorCapture& errors,
                ProgressReporter& progress, std::size_t& done) {
  detail::write_output_file(
      plan, file.final_path, temporary, errors, [&](GDALDataset& dataset) {
        const FieldFormat format{
            plan.driver_name,
            detail::driver_declares_field_type(*plan.driver, "Integer64"),
            errors};
        WriteContext context{dataset,
                             network,
                             srs,
                             plan.driver_name,
                             plan.layer_options,
                             format,
                             errors,
                             progress,
                             done};
        for (const LayerKind kind : file.layers) {
          switch (kind) {
          case LayerKind::reaches: write_reaches(context); break;
          case LayerKind::nodes: write_nodes(context); break;
          case LayerKind::problems: write_problems(context); break;
          }
        }
      });
}

} // namespace

void check_output_path(const std::string& path, const WriteOptions& options) {
  detail::ensure_gdal_registered();
  detail::check_outputs(detail::plan_outputs(path, options), options);
}

std::vector<std::string> write_network(const RiverNetwork& network,
                                       const std::string& path,
                                       const WriteOptions& options) {
  detail::ensure_gdal_registered();
  GdalErrorCapture errors;
  const OutputPlan plan = detail::plan_outputs(path, options);
  detail::check_outputs(plan, options);
  const std::unique_ptr<OGRSpatialReference> srs =
      detail::output_srs(network.crs_wkt, "network");

  const std::size_t total =
      network.reaches.size() + network.nodes.size() + network.problems.size();
  ProgressReporter progress(options.progress, "writing network", total);
  std::size_t done = 0;
  {
    // Destroying `temporary` removes it with everything in it, whatever
    // throws: a GDAL failure, CancelledError from the progress callback or
    // an exception of the callback itself.
    const detail::TemporaryDirectory temporary(plan);
    for (const OutputFile& file : plan.files) {
      write_file(plan, file, temporary.path(), network, srs.get(), errors,
                 progress, done);
    }
    // The last call of the progress callback, so a cancel here still leaves
    // the outputs as they were. Nothing below calls it.
    progress.finish();
    detail::commit_outputs(plan, temporary.path(), options);
  }
  return detail::final_paths(plan);
}

} // namespace georiviere
