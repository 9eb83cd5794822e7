// The output arguments shared by the subcommands that write files.
#include "output_arguments.hpp"

#include <cstdio>

namespace georiviere::cli {

void add_output_options(CLI::App& command, std::string& output, bool& overwrite,
                        bool& quiet, const std::string& output_help,
                        const std::string& overwrite_help) {
  command.add_option("-o,--output", output, output_help)->required();
  command.add_flag("--overwrite", overwrite, overwrite_help);
  command.add_flag("-q,--quiet", quiet,
                   "Print neither progress nor the summary");
}

void print_outputs(const std::vector<std::string>& paths) {
  for (const std::string& path : paths) {
    std::printf("output: %s\n", path.c_str());
  }
}

} // namespace georiviere::cli
