// `georiviere network`: river lines in, a directed river network out.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/io/vector_writer.hpp"
#include "georiviere/network_builder.hpp"
#include "progress_display.hpp"

namespace georiviere::cli {
namespace {

struct NetworkArguments {
  std::string input;
  std::string layer;
  std::string where;
  double snap_tolerance_m = 0.0;
  double gap_tolerance_m = -1.0;
  bool split_crossings = false;
  std::string name_field;
  std::string crs;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

// Checks the output path before the long work starts, so a run that would
// fail at the end fails at once. write_network checks again when writing.
void check_output_path(const NetworkArguments& args) {
  namespace fs = std::filesystem;
  const fs::path output(args.output);
  const fs::path parent =
      output.has_parent_path() ? output.parent_path() : fs::path(".");
  if (!fs::is_directory(parent)) {
    throw IoError("output directory does not exist: " + parent.string() +
                  "; create it or choose another output path");
  }
  std::error_code error;
  if (fs::exists(args.input) && fs::equivalent(args.input, output, error)) {
    throw IoError("output " + args.output +
                  " is the input file; choose another output path");
  }
  if (fs::exists(output) && !args.overwrite) {
    throw IoError("output already exists: " + args.output +
                  "; pass --overwrite to replace it");
  }
}

std::string format_kilometres(double metres) {
  char text[64];
  std::snprintf(text, sizeof text, "%.3f km", metres / 1000.0);
  return text;
}

// Prints counts by kind as "kind count, kind count".
template <typename Map> std::string format_counts(const Map& counts) {
  std::string text;
  for (const auto& [kind, count] : counts) {
    if (!text.empty()) {
      text += ", ";
    }
    text += std::string(kind) + " " + std::to_string(count);
  }
  return text.empty() ? "none" : text;
}

void print_summary(const LineSet& summary_source, std::size_t line_count,
                   double input_length_m, const RiverNetwork& network,
                   const std::vector<std::string>& written) {
  double reach_length_m = 0.0;
  for (const Reach& reach : network.reaches) {
    reach_length_m += reach.length_m;
  }
  std::map<std::string_view, std::size_t> node_counts;
  for (const Node& node : network.nodes) {
    ++node_counts[to_string(node.kind)];
  }
  std::map<std::string_view, std::size_t> problem_counts;
  for (const Problem& problem : network.problems) {
    ++problem_counts[to_string(problem.kind)];
  }

  std::printf("input: %zu line parts, %s, from %s\n", line_count,
              format_kilometres(input_length_m).c_str(),
              summary_source.source.c_str());
  std::printf("reaches: %zu, %s\n", network.reaches.size(),
              format_kilometres(reach_length_m).c_str());
  std::printf("nodes: %zu (%s)\n", network.nodes.size(),
              format_counts(node_counts).c_str());
  std::printf("problems: %zu (%s)\n", network.problems.size(),
              format_counts(problem_counts).c_str());
  for (const std::string& path : written) {
    std::printf("output: %s\n", path.c_str());
  }
}

void run_network(const NetworkArguments& args) {
  if (!(args.snap_tolerance_m >= 0.0) || !std::isfinite(args.snap_tolerance_m)) {
    throw InvalidInputError("invalid --snap-tolerance " +
                            std::to_string(args.snap_tolerance_m) +
                            ": give a distance in metres, 0 or more");
  }
  check_output_path(args);
  ProgressDisplay display(!args.quiet);

  ReadOptions read;
  read.path = args.input;
  read.layer = args.layer;
  read.where = args.where;
  read.crs = args.crs;
  read.progress = display.callback();
  LineSet lines = read_lines(read);

  // Kept for the summary, because build_network consumes the lines.
  LineSet summary_source;
  summary_source.source = lines.source;
  const std::size_t line_count = lines.lines.size();
  const double input_length_m = lines.total_length();

  NetworkOptions options;
  options.snap_tolerance_m = args.snap_tolerance_m;
  options.gap_tolerance_m = args.gap_tolerance_m;
  options.split_crossings = args.split_crossings;
  options.name_field = args.name_field;
  options.progress = display.callback();
  const RiverNetwork network = build_network(std::move(lines), options);

  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input};
  write.progress = display.callback();
  const std::vector<std::string> written =
      write_network(network, args.output, write);
  display.finish();

  if (!args.quiet) {
    print_summary(summary_source, line_count, input_length_m, network,
                  written);
  }
}

} // namespace

void add_network_command(CLI::App& app) {
  auto args = std::make_shared<NetworkArguments>();
  CLI::App* command = app.add_subcommand(
      "network", "Build a directed river network from river lines");

  command->add_option("INPUT", args->input,
                      "River lines: any OGR dataset (Shapefile, GeoPackage, "
                      "GeoJSON, GML, OSM PBF)")
      ->required();
  command->add_option("--layer", args->layer,
                      "Layer to read; default: the only line layer "
                      "(use 'lines' for OSM PBF)");
  command->add_option("--where", args->where,
                      "OGR SQL attribute filter, such as "
                      "\"waterway IN ('river','stream')\"");
  command->add_option("--snap-tolerance", args->snap_tolerance_m,
                      "Join endpoints closer than this, in metres, and "
                      "split lines at endpoints this close (default 0)");
  command->add_option("--gap-tolerance", args->gap_tolerance_m,
                      "Report dangling ends closer than this to a line, in "
                      "metres (default 10 x snap tolerance, at least 1)");
  command->add_flag("--split-crossings", args->split_crossings,
                    "Split lines where they cross (default: leave crossings "
                    "unsplit, as at bridges and culverts)");
  command->add_option("--name-field", args->name_field,
                      "Field holding river names; main stems then follow "
                      "names before the longest upstream path");
  command->add_option("--crs", args->crs,
                      "Working CRS, such as EPSG:2154: assumed for input "
                      "without a CRS, and the target of reprojection");
  command->add_option("-o,--output", args->output,
                      "Output dataset; the format follows the extension "
                      "(.gpkg by default)")
      ->required();
  command->add_flag("--overwrite", args->overwrite,
                    "Replace the output if it exists");
  command->add_flag("-q,--quiet", args->quiet,
                    "Print neither progress nor the summary");

  command->callback([args] { run_network(*args); });
}

} // namespace georiviere::cli
