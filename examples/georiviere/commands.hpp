// Subcommands of the georiviere command-line tool.
#pragma once

#include <CLI/CLI.hpp>

namespace georiviere::cli {

// Adds `georiviere network` to the application. The returned callback-free
// subcommand runs when the application is parsed and the subcommand chosen.
void add_network_command(CLI::App& app);

} // namespace georiviere::cli
