// `georiviere segment`: cuts every river of a network into segments of a
// fixed length, at confluences or where a reach attribute changes.
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <vector>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/feature_writer.hpp"
#include "georiviere/referencing/segmentation.hpp"
#include "network_input.hpp"
#include "output_arguments.hpp"
#include "progress_display.hpp"

namespace georiviere::cli {
namespace {

const std::vector<std::string> layer_names = {"segments"};

struct SegmentArguments {
  NetworkInputArguments network;
  double length_m = 0.0;
  bool balanced = false;
  std::vector<std::string> cuts; // --at values
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

WriteOptions write_options(const SegmentArguments& args) {
  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.network.input};
  return write;
}

// Options from the arguments; throws InvalidInputError for an --at value
// other than "confluences" and "attribute:FIELD".
SegmentOptions segment_options(const SegmentArguments& args) {
  SegmentOptions options;
  options.length_m = args.length_m;
  options.balanced = args.balanced;
  const std::string prefix = "attribute:";
  for (const std::string& cut : args.cuts) {
    if (cut == "confluences") {
      options.at_confluences = true;
    } else if (cut.rfind(prefix, 0) == 0 && cut.size() > prefix.size()) {
      options.attribute = cut.substr(prefix.size());
    } else {
      throw InvalidInputError("invalid --at value '" + cut +
                              "': use 'confluences' or 'attribute:FIELD'");
    }
  }
  if (!(options.length_m >= 0.0) || !std::isfinite(options.length_m)) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", options.length_m);
    throw InvalidInputError(std::string("invalid --length ") + text +
                            ": give a length in metres, or 0 to cut only "
                            "with --at");
  }
  return options;
}

std::string join_ids(const std::vector<ReachId>& ids) {
  std::string text;
  for (const ReachId id : ids) {
    text += (text.empty() ? "" : ",") + std::to_string(id);
  }
  return text;
}

OutputLayer segment_layer(const RiverNetwork& network,
                          const std::vector<RiverSegment>& segments) {
  OutputLayer layer;
  layer.name = layer_names[0];
  layer.geometry = OutputGeometry::line_string;
  layer.attributes.fields = {{"segment_id", FieldType::integer},
                             {"main_stem_id", FieldType::integer},
                             {"river_name", FieldType::string},
                             {"segment_index", FieldType::integer},
                             {"start_m", FieldType::real},
                             {"end_m", FieldType::real},
                             {"length_m", FieldType::real},
                             {"start_reach", FieldType::integer},
                             {"start_reach_measure_m", FieldType::real},
                             {"end_reach", FieldType::integer},
                             {"end_reach_measure_m", FieldType::real},
                             {"reach_ids", FieldType::string}};
  const std::vector<FieldDefinition>& source = network.attributes.fields;
  layer.attributes.fields.insert(layer.attributes.fields.end(), source.begin(),
                                 source.end());
  for (std::size_t i = 0; i < segments.size(); ++i) {
    const RiverSegment& segment = segments[i];
    std::vector<FieldValue> row = {static_cast<std::int64_t>(i),
                                   std::int64_t{segment.main_stem_id},
                                   segment.river_name,
                                   static_cast<std::int64_t>(segment.index),
                                   segment.start_m,
                                   segment.end_m,
                                   segment.length_m(),
                                   std::int64_t{segment.start_reach},
                                   segment.start_reach_measure_m,
                                   std::int64_t{segment.end_reach},
                                   segment.end_reach_measure_m,
                                   join_ids(segment.reaches)};
    row.insert(row.end(), segment.attributes.begin(), segment.attributes.end());
    layer.lines.push_back(segment.geometry);
    layer.attributes.rows.push_back(std::move(row));
  }
  return layer;
}

void run_segment(const SegmentArguments& args) {
  SegmentOptions options = segment_options(args);
  const NetworkInputPlan plan = plan_network_input(args.network);
  check_layers_output_path(args.output, layer_names, write_options(args));
  ProgressDisplay display(!args.quiet);

  const NetworkInput input =
      read_network_input(args.network, plan, display.callback());
  const RiverNetwork& network = input.network;
  const std::vector<River> rivers = list_rivers(network);
  options.progress = display.callback();
  const std::vector<RiverSegment> segments =
      segment_rivers(network, rivers, options);

  WriteOptions write = write_options(args);
  write.progress = display.callback();
  const std::vector<std::string> written = write_layers(
      {segment_layer(network, segments)}, network.crs_wkt, args.output, write);
  display.finish();

  if (!args.quiet) {
    double total_m = 0.0;
    for (const River& river : rivers) {
      total_m += river.length_m;
    }
    std::printf("network: %zu reaches from %s\n", network.reaches.size(),
                input.source.c_str());
    std::printf("rivers: %zu, %.3f km\n", rivers.size(), total_m / 1000.0);
    std::printf("segments: %zu\n", segments.size());
    print_outputs(written);
  }
}

} // namespace

void add_segment_command(CLI::App& app) {
  auto args = std::make_shared<SegmentArguments>();
  CLI::App* command = app.add_subcommand(
      "segment", "Cut every river of a network into segments of a fixed "
                 "length, at confluences or where an attribute changes");
  add_network_input_options(
      *command, args->network, "NETWORK",
      "River lines to build the network from: any OGR dataset, or the "
      "reaches layer of 'georiviere network'");
  command
      ->add_option("--length", args->length_m,
                   "Segment length in metres, measured from each river's "
                   "source; the last segment of a river (or of a part "
                   "between --at cuts) is shorter. 0: cut only with --at")
      ->required();
  command->add_flag("--balanced", args->balanced,
                    "Cut each part into segments of equal length, as many "
                    "as --length gives, in place of a shorter last one");
  command->add_option("--at", args->cuts,
                      "Also cut at 'confluences' (where a tributary flows "
                      "in) or at 'attribute:FIELD' (between reaches whose "
                      "FIELD differs: a source field, or name, strahler, "
                      "shreve, hack); may be repeated");
  add_output_options(*command, args->output, args->overwrite, args->quiet,
                     "Output dataset with the layer 'segments'; the format "
                     "follows the extension (.gpkg by default)",
                     "Replace the output if it exists");
  command->callback([args] { run_segment(*args); });
}

} // namespace georiviere::cli
