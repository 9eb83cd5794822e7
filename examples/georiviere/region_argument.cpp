// The --region and --catalogue arguments shared by the subcommands.
#include "region_argument.hpp"

#include <filesystem>

#include "georiviere/core/error.hpp"

namespace georiviere::cli {

RegionProfile resolve_region(const std::string& region,
                             const std::string& catalogue,
                             std::string& origin) {
  namespace fs = std::filesystem;
  if (!catalogue.empty()) {
    const RegionCatalogue regions = load_region_catalogue(catalogue);
    origin = "region '" + region + "' of catalogue " + catalogue;
    return regions.resolve(region);
  }
  const bool is_file = fs::exists(region) ||
                       region.find('/') != std::string::npos ||
                       fs::path(region).extension() == ".toml";
  if (!is_file) {
    origin = "built-in preset";
    return region_preset(region);
  }
  if (!fs::exists(region)) {
    throw FileNotFoundError("region profile not found: " + region +
                            "; give a preset name (georiviere regions list) "
                            "or the path of a profile file");
  }
  if (is_region_catalogue(region)) {
    throw ConfigError(region +
                      " is a catalogue; pass it with --catalogue FILE and "
                      "choose one of its regions with --region NAME");
  }
  origin = "profile file " + region;
  return load_region_profile(region);
}

} // namespace georiviere::cli
