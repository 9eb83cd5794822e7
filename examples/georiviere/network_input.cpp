// The river-line input shared by network, locate and segment.
#include "network_input.hpp"

#include <cmath>
#include <cstdio>
#include <utility>

#include "georiviere/core/error.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/network_builder.hpp"
#include "region_argument.hpp"

namespace georiviere::cli {
namespace {

void check_tolerance(const char* option, double value_m) {
  if (!(value_m >= 0.0) || !std::isfinite(value_m)) {
    char text[64];
    std::snprintf(text, sizeof text, "%g", value_m);
    throw InvalidInputError(std::string("invalid ") + option + " " + text +
                            ": give a distance in metres, 0 or more");
  }
}

// An empty network means every line was dropped; using it would hide that
// behind an output with no reach.
void check_not_empty(const RiverNetwork& network, std::size_t line_count,
                     const std::string& source) {
  if (network.reaches.empty()) {
    throw InvalidInputError(
        "no usable line in " + source + ": all " + std::to_string(line_count) +
        " line parts have zero length or duplicate another line");
  }
}

bool given(const CLI::Option* option) {
  return option != nullptr && option->count() > 0;
}

NetworkInput read_region_input(const NetworkInputArguments& args,
                               const NetworkInputPlan& plan,
                               const ProgressCallback& progress) {
  NetworkInput result;
  result.profile = plan.profile;
  result.profile_origin = plan.profile_origin;

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
  input.progress = progress;
  RegionNetwork built = build_region_network(*result.profile, input);
  check_not_empty(built.network, built.report.lines_read, built.report.source);

  result.network = std::move(built.network);
  result.source = built.report.source;
  result.line_count = built.report.lines_read;
  result.input_length_m = built.report.length_read_m;
  result.region_report = std::move(built.report);
  return result;
}

} // namespace

void add_network_input_options(CLI::App& command, NetworkInputArguments& args,
                               const std::string& input_name,
                               const std::string& input_help) {
  command.add_option(input_name, args.input, input_help)->required();
  args.layer_option =
      command.add_option("--layer", args.layer,
                         "Layer to read; default: the only line layer (use "
                         "'lines' for OSM PBF)");
  args.where_option =
      command.add_option("--where", args.where,
                         "OGR SQL attribute filter, such as \"waterway IN "
                         "('river','stream')\"");
  args.snap_option = command.add_option(
      "--snap-tolerance", args.snap_tolerance_m,
      "Join endpoints closer than this, in metres, and split lines at "
      "endpoints this close (default 0)");
  args.gap_option = command.add_option(
      "--gap-tolerance", args.gap_tolerance_m,
      "Report dangling ends closer than this to a line, in metres (default "
      "10 x snap tolerance, at least 1)");
  args.split_option = command.add_flag(
      "--split-crossings,!--no-split-crossings", args.split_crossings,
      "Split lines where they cross (default: leave crossings unsplit, as "
      "at bridges and culverts)");
  args.name_option = command.add_option(
      "--name-field", args.name_field,
      "Field holding river names; main stems then follow names before the "
      "longest upstream path");
  args.crs_option = command.add_option(
      "--crs", args.crs,
      "Working CRS, such as EPSG:2154: assumed for input without a CRS, and "
      "the target of reprojection");
  CLI::Option* region_option = command.add_option(
      "--region", args.region,
      "Region profile: a preset name (see 'georiviere regions list'), a "
      "profile file, or a region of the --catalogue file. It sets the "
      "layer, fields, class filter, flow direction, ground levels, "
      "tolerances and topology; the options above override it when given");
  command
      .add_option("--catalogue", args.catalogue,
                  "Catalogue file that holds the --region region")
      ->needs(region_option);
}

NetworkInputPlan plan_network_input(const NetworkInputArguments& args) {
  NetworkInputPlan plan;
  if (!args.region.empty()) {
    plan.profile =
        resolve_region(args.region, args.catalogue, plan.profile_origin);
  }
  check_tolerance("--snap-tolerance", args.snap_tolerance_m);
  if (given(args.gap_option)) {
    check_tolerance("--gap-tolerance", args.gap_tolerance_m);
  }
  return plan;
}

NetworkInput read_network_input(const NetworkInputArguments& args,
                                const NetworkInputPlan& plan,
                                const ProgressCallback& progress) {
  if (plan.profile) {
    return read_region_input(args, plan, progress);
  }

  ReadOptions read;
  read.path = args.input;
  read.layer = args.layer;
  read.where = args.where;
  read.crs = args.crs;
  read.progress = progress;
  LineSet lines = read_lines(read);

  NetworkInput result;
  result.source = lines.source;
  result.line_count = lines.lines.size();
  result.input_length_m = lines.total_length();
  result.features_without_geometry = lines.features_without_geometry;

  NetworkOptions options;
  options.snap_tolerance_m = args.snap_tolerance_m;
  options.gap_tolerance_m = args.gap_tolerance_m;
  options.split_crossings = args.split_crossings;
  options.name_field = args.name_field;
  options.progress = progress;
  result.network = build_network(std::move(lines), options);
  check_not_empty(result.network, result.line_count, result.source);
  return result;
}

} // namespace georiviere::cli
