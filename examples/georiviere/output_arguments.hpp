// The output arguments shared by the subcommands that write files: -o,
// --overwrite and -q, and the list of written files in the summary.
#pragma once

#include <string>
#include <vector>

#include <CLI/CLI.hpp>

namespace georiviere::cli {

// Adds the required option -o,--output, described by `output_help`, and
// the flags --overwrite, described by `overwrite_help`, and -q,--quiet.
void add_output_options(CLI::App& command, std::string& output, bool& overwrite,
                        bool& quiet, const std::string& output_help,
                        const std::string& overwrite_help);

// Prints "output: PATH" on stdout for each path.
void print_outputs(const std::vector<std::string>& paths);

} // namespace georiviere::cli
