// The --region and --catalogue arguments shared by the subcommands.
#pragma once

#include <string>

#include "georiviere/region/region_profile.hpp"

namespace georiviere::cli {

// A region profile given with --region: a region of the --catalogue file
// when one is given, a profile file (an existing file, a path with '/' or a
// name ending in .toml), or else a built-in preset. `origin` receives a
// description of where it came from. Throws ConfigError for an invalid
// profile or a catalogue given as --region, and FileNotFoundError for a
// missing profile file.
RegionProfile resolve_region(const std::string& region,
                             const std::string& catalogue, std::string& origin);

} // namespace georiviere::cli
