// Subcommands of the georiviere command-line tool.
#pragma once

#include <CLI/CLI.hpp>

namespace georiviere::cli {

// Adds the `georiviere network` subcommand, which runs while the
// application parses its arguments.
void add_network_command(CLI::App& app);
void add_regions_command(CLI::App& app);
void add_dem_command(CLI::App& app);
void add_locate_command(CLI::App& app);
void add_segment_command(CLI::App& app);
void add_profile_command(CLI::App& app);
void add_zones_command(CLI::App& app);

} // namespace georiviere::cli
