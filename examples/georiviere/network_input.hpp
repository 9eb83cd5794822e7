// The river-line input shared by the subcommands that build a network
// (network, locate, segment): its options, and the build from raw lines
// or through a region profile.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/region/build_region_network.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere::cli {

struct NetworkInputArguments {
  std::string input;
  std::string layer;
  std::string where;
  double snap_tolerance_m = 0.0;
  double gap_tolerance_m = -1.0;
  bool split_crossings = false;
  std::string name_field;
  std::string crs;
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

// Adds the positional river-line argument, named `input_name` and
// described by `input_help`, and the options --layer, --where,
// --snap-tolerance, --gap-tolerance, --split-crossings, --name-field,
// --crs, --region and --catalogue.
void add_network_input_options(CLI::App& command, NetworkInputArguments& args,
                               const std::string& input_name,
                               const std::string& input_help);

// The region profile of --region, resolved before any long work.
struct NetworkInputPlan {
  std::optional<RegionProfile> profile; // empty without --region
  std::string profile_origin;           // where the profile came from
};

// Runs the quick checks of the input options, to run before the output
// checks: resolves --region and rejects a negative or NaN tolerance, which
// CLI11 lets through its range checks. Throws ConfigError,
// FileNotFoundError or InvalidInputError.
NetworkInputPlan plan_network_input(const NetworkInputArguments& args);

// A network built from the input, with what the summaries print.
struct NetworkInput {
  RiverNetwork network;
  std::string source;          // dataset and layer read
  std::size_t line_count = 0;  // line parts read
  double input_length_m = 0.0; // their total length
  // Features skipped because their geometry is null or unreadable; counted
  // only without a region profile.
  std::size_t features_without_geometry = 0;
  // Set when --region is given: the profile, where it came from and what
  // it changed.
  std::optional<RegionProfile> profile;
  std::string profile_origin;
  std::optional<RegionReport> region_report;
};

// Reads the lines and builds the network as `georiviere network` does:
// through the region profile of `plan` when there is one, the explicit
// options overriding it, else with the options alone. Throws
// InvalidInputError when no usable line is left.
NetworkInput read_network_input(const NetworkInputArguments& args,
                                const NetworkInputPlan& plan,
                                const ProgressCallback& progress);

} // namespace georiviere::cli
