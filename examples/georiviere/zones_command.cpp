// `georiviere zones`: the polygons each river and each reach crosses, as
// CSV.
//
// Outputs: OUT.csv has one row per stretch of a river inside a polygon,
// upstream to downstream: river, main_stem_id, polygon_fid, polygon,
// start_m, end_m, length_m, with measures from the river's source.
// OUT_reaches.csv beside it has one row per stretch of a reach: reach,
// river, main_stem_id, polygon_fid, polygon, start_m, end_m, length_m, with
// measures from the reach's upstream end. `polygon` contains the --field
// value, empty without --field.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "commands.hpp"
#include "csv_output.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/detail/field_value_text.hpp"
#include "georiviere/io/polygon_reader.hpp"
#include "georiviere/io/text_output.hpp"
#include "georiviere/referencing/zoning.hpp"
#include "network_input.hpp"
#include "output_arguments.hpp"
#include "progress_display.hpp"

namespace georiviere::cli {
namespace {

struct ZonesArguments {
  NetworkInputArguments input;
  std::string polygons;
  std::string polygon_layer;
  std::string polygon_where;
  std::string polygon_crs;
  std::string field;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

// The reach table's path: OUT_reaches.csv beside OUT.csv.
std::string reaches_path(const std::string& output) {
  std::filesystem::path path(output);
  path.replace_filename(path.stem().string() + "_reaches" +
                        path.extension().string());
  return path.string();
}

std::string format_metres(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f", value);
  return text;
}

// The --field value of each polygon, as text; empty without --field.
std::vector<std::string> polygon_labels(const PolygonLayer& layer,
                                        const std::string& field) {
  std::vector<std::string> labels(layer.size());
  if (field.empty()) {
    return labels;
  }
  const int index = layer.attributes.field_index(field);
  if (index < 0) {
    std::string fields;
    for (const FieldDefinition& definition : layer.attributes.fields) {
      fields += (fields.empty() ? "" : ", ") + definition.name;
    }
    throw InvalidInputError("field '" + field + "' not found in " +
                            layer.source + "; its fields are " +
                            (fields.empty() ? "none" : fields) +
                            "; pass one of them with --field");
  }
  for (std::size_t i = 0; i < layer.size(); ++i) {
    const FieldValue& value = layer.attributes.rows[i][index];
    if (!std::holds_alternative<std::monostate>(value)) {
      labels[i] = detail::field_value_text(value);
    }
  }
  return labels;
}

std::string stretch_columns(const ZoneStretch& stretch,
                            const PolygonLayer& layer,
                            const std::vector<std::string>& labels) {
  return std::to_string(layer.attributes.fids[stretch.polygon]) + "," +
         csv_field(labels[stretch.polygon]) + "," +
         format_metres(stretch.start_m) + "," + format_metres(stretch.end_m) +
         "," + format_metres(stretch.length_m()) + "\n";
}

void run_zones(const ZonesArguments& args) {
  const NetworkInputPlan plan = plan_network_input(args.input);
  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input.input, args.polygons};
  const std::vector<std::string> outputs{args.output,
                                         reaches_path(args.output)};
  check_text_output_paths(outputs, write);
  check_csv_output(args.output);

  ProgressDisplay display(!args.quiet);
  const NetworkInput input =
      read_network_input(args.input, plan, display.callback());
  const RiverNetwork& network = input.network;

  PolygonReadOptions read;
  read.path = args.polygons;
  read.layer = args.polygon_layer;
  read.where = args.polygon_where;
  read.working_crs = network.crs_wkt;
  read.layer_crs_if_missing = args.polygon_crs;
  read.layer_option = "--polygon-layer";
  read.crs_option = "--polygon-crs";
  read.progress = display.callback();
  const PolygonLayer layer = read_polygons(read);
  const std::vector<std::string> labels = polygon_labels(layer, args.field);

  const NetworkZoning zoning =
      zone_network(network, layer.polygons, display.callback());

  std::string rivers_csv = "river,main_stem_id,polygon_fid,polygon,start_m,"
                           "end_m,length_m\n";
  std::size_t river_rows = 0;
  for (const RiverZones& river : zoning.river_zones) {
    for (const ZoneStretch& stretch : river.stretches) {
      rivers_csv += csv_field(river.name) + "," +
                    std::to_string(river.main_stem_id) + "," +
                    stretch_columns(stretch, layer, labels);
      ++river_rows;
    }
  }

  // Reaches on no river (in a directed cycle) get an empty river.
  const RiverOfReach river_of_reach(network, zoning.rivers);
  std::string reaches_csv = "reach,river,main_stem_id,polygon_fid,polygon,"
                            "start_m,end_m,length_m\n";
  std::size_t reach_rows = 0;
  for (std::size_t id = 0; id < zoning.reach_zones.size(); ++id) {
    const std::size_t r = river_of_reach.river[id];
    const std::string river =
        r == RiverOfReach::npos ? "" : csv_field(zoning.rivers[r].name);
    const std::string stem =
        r == RiverOfReach::npos ? ""
                                : std::to_string(zoning.rivers[r].main_stem_id);
    for (const ZoneStretch& stretch : zoning.reach_zones[id]) {
      reaches_csv += std::to_string(id) + "," + river + "," + stem + "," +
                     stretch_columns(stretch, layer, labels);
      ++reach_rows;
    }
  }

  write_text_files({{outputs[0], rivers_csv}, {outputs[1], reaches_csv}},
                   write);
  display.finish();
  if (river_rows == 0 && reach_rows == 0) {
    std::fprintf(stderr,
                 "georiviere: warning: no river crosses a polygon of %s "
                 "(%zu polygons read); the CSV files hold only their "
                 "header\n",
                 layer.source.c_str(), layer.size());
  }
  if (!args.quiet) {
    std::printf("polygons: %zu from %s\n", layer.size(), layer.source.c_str());
    std::printf("rivers: %zu, %zu stretches inside polygons\n",
                zoning.rivers.size(), river_rows);
    std::printf("reaches: %zu, %zu stretches inside polygons\n",
                network.reaches.size(), reach_rows);
    print_outputs(outputs);
  }
}

} // namespace

void add_zones_command(CLI::App& app) {
  auto args = std::make_shared<ZonesArguments>();
  CLI::App* command = app.add_subcommand(
      "zones", "List the polygons each river and each reach crosses");
  add_network_input_options(
      *command, args->input, "NETWORK",
      "River lines: any OGR dataset (Shapefile, GeoPackage, GeoJSON, GML, "
      "OSM PBF), or the reaches layer of 'georiviere network'");
  command
      ->add_option("POLYGONS", args->polygons,
                   "Polygons (municipalities, catchments, protected areas): "
                   "any OGR dataset, reprojected to the network's CRS")
      ->required();
  command->add_option("--polygon-layer", args->polygon_layer,
                      "Layer of POLYGONS to read; default: the only polygon "
                      "layer ('multipolygons' for OSM PBF)");
  command->add_option("--polygon-where", args->polygon_where,
                      "OGR SQL attribute filter on the polygons, such as "
                      "\"admin_level = '8'\"");
  command->add_option("--polygon-crs", args->polygon_crs,
                      "CRS of POLYGONS when the file has none, such as "
                      "EPSG:2154");
  command->add_option("--field", args->field,
                      "Polygon field written in the `polygon` column, such "
                      "as a name or a code");
  add_output_options(*command, args->output, args->overwrite, args->quiet,
                     "Output CSV of the river stretches; the reach stretches "
                     "go to STEM_reaches.csv beside it",
                     "Replace the outputs if they exist");
  command->callback([args] { run_zones(*args); });
}

} // namespace georiviere::cli
