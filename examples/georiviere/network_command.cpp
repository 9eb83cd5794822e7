// `georiviere network`: river lines in, a directed river network out.
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <string>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/io/vector_writer.hpp"
#include "georiviere/region/build_region_network.hpp"
#include "network_input.hpp"
#include "output_arguments.hpp"
#include "progress_display.hpp"

namespace georiviere::cli {
namespace {

struct NetworkArguments {
  NetworkInputArguments input;
  std::string output;
  bool overwrite = false;
  bool quiet = false;
};

// Checks the output path before the long work starts, so a run that would
// fail at the end fails at once. write_network checks again when writing.
void check_output_path(const NetworkArguments& args) {
  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input.input};
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
  print_outputs(written);
}

std::string format_tolerance(double metres) {
  char text[64];
  std::snprintf(text, sizeof text, "%g m", metres);
  return text;
}

// Prints what the region profile changed, one "region:" line per step.
void print_region_report(const RegionReport& report,
                         const std::string& origin) {
  std::printf("region: %s (%s)\n", report.profile_name.c_str(), origin.c_str());
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
              "by elevation fields, %zu by vertex Z, %zu by the DEM, %zu "
              "away from outlets), %zu flowing both ways, %zu of unknown "
              "direction\n",
              direction.reversed + report.reversed_from_outlets,
              direction.reversed_by_field, direction.reversed_by_z_fields,
              direction.reversed_by_geometry_z, direction.reversed_by_dem,
              report.reversed_from_outlets, direction.both,
              report.unknown_direction);
  if (report.outlet_method != OutletMethod::none) {
    std::printf("region: outlets by %s (%zu %s): %zu known outlets, %zu "
                "unexpected sinks\n",
                std::string(to_string(report.outlet_method)).c_str(),
                report.outlet_features,
                report.outlet_method == OutletMethod::terminal_field
                    ? "terminal lines"
                    : "polygons",
                report.known_outlets, report.unexpected_sinks);
  }
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
                report.topology_mismatches, report.minor_branches_from_field);
  }
  if (report.karst_links_added > 0 || report.karst_links_skipped > 0) {
    std::printf("region: %zu karst links added, %zu skipped\n",
                report.karst_links_added, report.karst_links_skipped);
  }
}

// Builds the network, through the region profile when --region is given,
// and writes it.
void run_network(const NetworkArguments& args) {
  const NetworkInputPlan plan = plan_network_input(args.input);
  check_output_path(args);
  ProgressDisplay display(!args.quiet);
  const NetworkInput input =
      read_network_input(args.input, plan, display.callback());
  const RiverNetwork& network = input.network;

  WriteOptions write;
  write.overwrite = args.overwrite;
  write.inputs = {args.input.input};
  write.progress = display.callback();
  const std::vector<std::string> written =
      write_network(network, args.output, write);
  display.finish();

  if (!args.quiet) {
    LineSet summary_source;
    summary_source.source = input.source;
    if (input.region_report) {
      print_region_report(*input.region_report, input.profile_origin);
    }
    print_summary(summary_source, input.line_count, input.input_length_m,
                  network, written);
  }
  if (input.region_report) {
    const DirectionResult& direction = input.region_report->direction;
    if (direction.tried_by_dem > 0 && direction.decided_by_dem == 0) {
      std::fprintf(stderr,
                   "georiviere: warning: the [direction] DEM decided none of "
                   "the %zu lines it was given; it may not cover them, have "
                   "nodata at their ends, or drop less than min_drop_m "
                   "along them\n",
                   direction.tried_by_dem);
    }
  }
  if (input.features_without_geometry > 0) {
    std::fprintf(stderr,
                 "georiviere: warning: skipped %zu features without a "
                 "geometry (null, empty, or not readable such as NaN "
                 "coordinates in text formats)\n",
                 input.features_without_geometry);
  }
}

} // namespace

void add_network_command(CLI::App& app) {
  auto args = std::make_shared<NetworkArguments>();
  CLI::App* command = app.add_subcommand(
      "network", "Build a directed river network from river lines");

  add_network_input_options(*command, args->input, "INPUT",
                            "River lines: any OGR dataset (Shapefile, "
                            "GeoPackage, GeoJSON, GML, OSM PBF)");
  add_output_options(*command, args->output, args->overwrite, args->quiet,
                     "Output dataset; the format follows the extension "
                     "(.gpkg by default)",
                     "Replace the output if it exists");

  command->callback([args] { run_network(*args); });
}

} // namespace georiviere::cli
