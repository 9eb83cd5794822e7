// `georiviere locate`: points in, the points with their place on the river
// network out (reach, measure, offset, bank, river, distances, kilometre
// point), and a layer of the points that could not be located.
#include <cmath>
#include <cstdio>
#include <limits>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/feature_writer.hpp"
#include "georiviere/io/point_reader.hpp"
#include "georiviere/referencing/locate.hpp"
#include "network_input.hpp"
#include "output_arguments.hpp"
#include "progress_display.hpp"

namespace georiviere::cli {
namespace {

const std::vector<std::string> layer_names = {"located", "not_located"};

struct LocateArguments {
  NetworkInputArguments network;
  std::string points;
  std::string points_layer;
  std::string points_where;
  double max_distance_m = 50.0;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

WriteOptions write_options(const LocateArguments& args) {
  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.network.input, args.points};
  return write;
}

void check_max_distance(double max_distance_m) {
  if (!(max_distance_m >= 0.0)) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", max_distance_m);
    throw InvalidInputError(std::string("invalid --max-distance ") + text +
                            ": give a distance in metres, 0 or more");
  }
}

FieldValue id_or_null(ReachId id) {
  return id == no_id ? FieldValue{} : FieldValue{std::int64_t{id}};
}

FieldValue real_or_null(double value) {
  return std::isfinite(value) ? FieldValue{value} : FieldValue{};
}

// The referencing fields of the located layer, before the point's own
// fields.
std::vector<FieldDefinition> located_fields() {
  return {{"point_fid", FieldType::integer},
          {"reach_id", FieldType::integer},
          {"reach_measure_m", FieldType::real},
          {"offset_m", FieldType::real},
          {"side", FieldType::string},
          {"main_stem_id", FieldType::integer},
          {"river_name", FieldType::string},
          {"distance_from_source_m", FieldType::real},
          {"distance_to_mouth_m", FieldType::real},
          {"distance_to_outlet_m", FieldType::real},
          {"kilometre_point", FieldType::real},
          {"snapped_x", FieldType::real},
          {"snapped_y", FieldType::real}};
}

std::vector<FieldValue> located_values(std::int64_t fid,
                                       const PointLocation& result) {
  const NetworkLocation& location = result.location;
  return {std::int64_t{fid},
          id_or_null(location.reach),
          location.measure_m,
          location.offset_m,
          std::string(to_string(result.side)),
          id_or_null(result.main_stem_id),
          result.river_name,
          result.distance_from_source_m,
          result.distance_to_mouth_m,
          result.distance_to_outlet_m,
          real_or_null(result.kilometre_point),
          location.point.x,
          location.point.y};
}

std::vector<FieldDefinition> not_located_fields() {
  return {{"point_fid", FieldType::integer},
          {"status", FieldType::string},
          {"reason", FieldType::string},
          {"nearest_distance_m", FieldType::real}};
}

std::vector<FieldValue> not_located_values(std::int64_t fid,
                                           const PointLocation& result,
                                           double max_distance_m) {
  return {std::int64_t{fid}, std::string(to_string(result.status)),
          result.reason(max_distance_m),
          real_or_null(result.nearest_distance_m)};
}

// Appends the point's own attribute values to `row`.
void append_source(std::vector<FieldValue>& row, const PointLayer& points,
                   std::size_t i) {
  const std::vector<FieldValue>& source =
      points.attributes.rows[points.rows[i]];
  row.insert(row.end(), source.begin(), source.end());
}

void run_locate(const LocateArguments& args) {
  check_max_distance(args.max_distance_m);
  const NetworkInputPlan plan = plan_network_input(args.network);
  check_layers_output_path(args.output, layer_names, write_options(args));
  ProgressDisplay display(!args.quiet);

  const NetworkInput input =
      read_network_input(args.network, plan, display.callback());
  const RiverNetwork& network = input.network;

  PointReadOptions read;
  read.path = args.points;
  read.layer = args.points_layer;
  read.layer_option = "--points-layer";
  read.where = args.points_where;
  read.working_crs = network.crs_wkt;
  read.progress = display.callback();
  const PointLayer points = read_points(read);

  const KilometrePointRules rules =
      plan.profile ? plan.profile->kilometre_points : KilometrePointRules{};
  const std::vector<PointLocation> results = locate_points(
      network, points.points, args.max_distance_m, rules, display.callback());

  OutputLayer located;
  located.name = layer_names[0];
  located.geometry = OutputGeometry::point;
  located.attributes.fields = located_fields();
  OutputLayer not_located;
  not_located.name = layer_names[1];
  not_located.geometry = OutputGeometry::point;
  not_located.attributes.fields = not_located_fields();
  for (OutputLayer* layer : {&located, &not_located}) {
    const std::vector<FieldDefinition>& own = points.attributes.fields;
    layer->attributes.fields.insert(layer->attributes.fields.end(), own.begin(),
                                    own.end());
  }
  for (std::size_t i = 0; i < results.size(); ++i) {
    const std::int64_t fid = points.attributes.fids[points.rows[i]];
    std::vector<FieldValue> row;
    OutputLayer& layer = results[i].located() ? located : not_located;
    if (results[i].located()) {
      row = located_values(fid, results[i]);
    } else {
      row = not_located_values(fid, results[i], args.max_distance_m);
    }
    append_source(row, points, i);
    layer.points.push_back(points.points[i]);
    layer.attributes.rows.push_back(std::move(row));
  }

  WriteOptions write = write_options(args);
  write.progress = display.callback();
  const std::vector<std::string> written =
      write_layers({located, not_located}, network.crs_wkt, args.output, write);
  display.finish();

  if (!args.quiet) {
    std::printf("network: %zu reaches from %s\n", network.reaches.size(),
                input.source.c_str());
    std::printf("points: %zu from %s\n", points.size(), points.source.c_str());
    std::printf("located: %zu within %g m, not located: %zu\n", located.size(),
                args.max_distance_m, not_located.size());
    print_outputs(written);
  }
}

} // namespace

void add_locate_command(CLI::App& app) {
  auto args = std::make_shared<LocateArguments>();
  CLI::App* command = app.add_subcommand(
      "locate", "Locate points on a river network: reach, measure, offset, "
                "bank, river distances and kilometre point");
  add_network_input_options(
      *command, args->network, "NETWORK",
      "River lines to build the network from: any OGR dataset, or the "
      "reaches layer of 'georiviere network'");
  command
      ->add_option("POINTS", args->points,
                   "Points to locate: any OGR dataset of points, "
                   "reprojected to the network's CRS")
      ->required();
  command->add_option("--points-layer", args->points_layer,
                      "Layer of POINTS to read; default: the only point "
                      "layer");
  command->add_option("--points-where", args->points_where,
                      "OGR SQL attribute filter on the points");
  command->add_option("--max-distance", args->max_distance_m,
                      "Maximum distance from a point to its reach, in "
                      "metres; points farther away are not located "
                      "(default 50)");
  add_output_options(*command, args->output, args->overwrite, args->quiet,
                     "Output dataset with the layers 'located' and "
                     "'not_located'; the format follows the extension "
                     "(.gpkg by default)",
                     "Replace the output if it exists");
  command->callback([args] { run_locate(*args); });
}

} // namespace georiviere::cli
