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
#include "georiviere/region/build_region_network.hpp"
#include "georiviere/region/region_profile.hpp"
#include "progress_display.hpp"
#include "region_argument.hpp"

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
  std::string region;    // preset name or profile file; empty: no profile
  std::string catalogue; // catalogue file holding `region`
  // The options that override a region profile when given explicitly.
  const CLI::Option* layer_option = nullptr;
  const CLI::Option* where_option = nullptr;
  const CLI::Option* crs_option = nullptr;
  const CLI::Option* snap_option = nullptr;
  const CLI::Option* gap_option = nullptr;
  const CLI::Option* split_option = nullptr;
  const CLI::Option* name_option = nullptr;
};

// Checks the output path before the long work starts, so a run that would
// fail at the end fails at once. write_network checks again when writing.
void check_output_path(const NetworkArguments& args) {
  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input};
  georiviere::check_output_path(args.output, write);
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

// Rejects a tolerance that is negative or not a number; CLI11 lets NaN
// through its range check.
void check_tolerance(const char* option, double value_m) {
  if (!(value_m >= 0.0) || !std::isfinite(value_m)) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", value_m);
    throw InvalidInputError(std::string("invalid ") + option + " " + text +
                            ": give a distance in metres, 0 or more");
  }
}

void check_tolerances(const NetworkArguments& args) {
  check_tolerance("--snap-tolerance", args.snap_tolerance_m);
  if (args.gap_option != nullptr && args.gap_option->count() > 0) {
    check_tolerance("--gap-tolerance", args.gap_tolerance_m);
  }
}

// An empty network means every line was dropped; writing it would hide
// that behind an output with no reach.
void check_not_empty(const RiverNetwork& network, std::size_t line_count,
                     const std::string& source) {
  if (network.reaches.empty()) {
    throw InvalidInputError(
        "no usable line in " + source + ": all " +
        std::to_string(line_count) +
        " line parts have zero length or duplicate another line");
  }
}

std::string format_tolerance(double metres) {
  char text[64];
  std::snprintf(text, sizeof text, "%g m", metres);
  return text;
}

// Prints what the region profile changed, one "region:" line per step.
void print_region_report(const RegionReport& report,
                         const std::string& origin) {
  std::printf("region: %s (%s)\n", report.profile_name.c_str(),
              origin.c_str());
  const ClassFilterResult& classes = report.classes;
  if (classes.dropped > 0 || classes.artificial > 0) {
    std::printf("region: %zu lines dropped by class (%s), %zu kept as "
                "artificial\n",
                classes.dropped,
                format_counts(classes.dropped_by_value).c_str(),
                classes.artificial);
  }
  const DirectionResult& direction = report.direction;
  std::printf("region: %zu lines reversed (%zu by the direction field, %zu "
              "by elevation fields, %zu by vertex Z, %zu away from "
              "outlets), %zu flowing both ways, %zu of unknown direction\n",
              direction.reversed + report.reversed_from_outlets,
              direction.reversed_by_field, direction.reversed_by_z_fields,
              direction.reversed_by_geometry_z, report.reversed_from_outlets,
              direction.both, report.unknown_direction);
  if (report.lines_above > 0 || report.lines_below > 0) {
    std::printf("region: %zu lines above and %zu below the ground, not "
                "noded with the lines they cross\n",
                report.lines_above, report.lines_below);
  }
  if (report.topology_mode == TopologyMode::geometric) {
    std::printf("region: geometric topology, snap tolerance %s, gap "
                "tolerance %s, crossings %s\n",
                format_tolerance(report.snap_tolerance_m).c_str(),
                report.gap_tolerance_m < 0.0
                    ? "default"
                    : format_tolerance(report.gap_tolerance_m).c_str(),
                report.split_crossings ? "split" : "left unsplit");
  } else {
    std::printf("region: trusted topology from fields (%s), %zu "
                "mismatches, %zu minor branches marked\n",
                std::string(to_string(report.topology_mode)).c_str(),
                report.topology_mismatches,
                report.minor_branches_from_field);
  }
  if (report.karst_links_added > 0 || report.karst_links_skipped > 0) {
    std::printf("region: %zu karst links added, %zu skipped\n",
                report.karst_links_added, report.karst_links_skipped);
  }
}

// `georiviere network --region`: the profile configures the pipeline and
// the explicit options override it.
void run_region_network(const NetworkArguments& args) {
  std::string origin;
  const RegionProfile profile =
      resolve_region(args.region, args.catalogue, origin);
  const auto given = [](const CLI::Option* option) {
    return option != nullptr && option->count() > 0;
  };
  check_tolerances(args);
  check_output_path(args);
  ProgressDisplay display(!args.quiet);

  RegionInputOptions input;
  input.path = args.input;
  if (given(args.layer_option)) {
    input.layer = args.layer;
  }
  if (given(args.where_option)) {
    input.where = args.where;
  }
  if (given(args.crs_option)) {
    input.crs = args.crs;
  }
  if (given(args.snap_option)) {
    input.overrides.snap_tolerance_m = args.snap_tolerance_m;
  }
  if (given(args.gap_option)) {
    input.overrides.gap_tolerance_m = args.gap_tolerance_m;
  }
  if (given(args.split_option)) {
    input.overrides.split_crossings = args.split_crossings;
  }
  if (given(args.name_option)) {
    input.overrides.name_field = args.name_field;
  }
  input.progress = display.callback();
  RegionNetwork built = build_region_network(profile, input);
  const RiverNetwork& network = built.network;
  check_not_empty(network, built.report.lines_read, built.report.source);

  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input};
  write.progress = display.callback();
  const std::vector<std::string> written =
      write_network(network, args.output, write);
  display.finish();

  if (!args.quiet) {
    LineSet summary_source;
    summary_source.source = built.report.source;
    print_region_report(built.report, origin);
    print_summary(summary_source, built.report.lines_read,
                  built.report.length_read_m, network, written);
  }
}

void run_network(const NetworkArguments& args) {
  if (!args.region.empty()) {
    run_region_network(args);
    return;
  }
  check_tolerances(args);
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
  const std::size_t skipped = lines.features_without_geometry;

  NetworkOptions options;
  options.snap_tolerance_m = args.snap_tolerance_m;
  options.gap_tolerance_m = args.gap_tolerance_m;
  options.split_crossings = args.split_crossings;
  options.name_field = args.name_field;
  options.progress = display.callback();
  const RiverNetwork network = build_network(std::move(lines), options);
  check_not_empty(network, line_count, summary_source.source);

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
  if (skipped > 0) {
    std::fprintf(stderr,
                 "georiviere: warning: skipped %zu features without a "
                 "geometry (null, empty, or not readable such as NaN "
                 "coordinates in text formats)\n",
                 skipped);
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
  args->layer_option =
      command->add_option("--layer", args->layer,
                          "Layer to read; default: the only line layer "
                          "(use 'lines' for OSM PBF)");
  args->where_option =
      command->add_option("--where", args->where,
                          "OGR SQL attribute filter, such as "
                          "\"waterway IN ('river','stream')\"");
  args->snap_option = command->add_option(
      "--snap-tolerance", args->snap_tolerance_m,
      "Join endpoints closer than this, in metres, and split lines at "
      "endpoints this close (default 0)");
  args->gap_option = command->add_option(
      "--gap-tolerance", args->gap_tolerance_m,
      "Report dangling ends closer than this to a line, in metres (default "
      "10 x snap tolerance, at least 1)");
  args->split_option = command->add_flag(
      "--split-crossings,!--no-split-crossings", args->split_crossings,
      "Split lines where they cross (default: leave crossings unsplit, as "
      "at bridges and culverts)");
  args->name_option = command->add_option(
      "--name-field", args->name_field,
      "Field holding river names; main stems then follow names before the "
      "longest upstream path");
  args->crs_option = command->add_option(
      "--crs", args->crs,
      "Working CRS, such as EPSG:2154: assumed for input without a CRS, and "
      "the target of reprojection");
  CLI::Option* region_option = command->add_option(
      "--region", args->region,
      "Region profile: a preset name (see 'georiviere regions list'), a "
      "profile file, or a region of the --catalogue file. It sets the "
      "layer, fields, class filter, flow direction, ground levels, "
      "tolerances and topology; the options above override it when given");
  command
      ->add_option("--catalogue", args->catalogue,
                   "Catalogue file that holds the --region region")
      ->needs(region_option);
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
