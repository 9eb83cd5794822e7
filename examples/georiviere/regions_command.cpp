// `georiviere regions`: list, show and check region profiles.
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "commands.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere::cli {
namespace {

// A preset name unless the argument names an existing file or looks like a
// path.
bool is_file_argument(const std::string& argument) {
  namespace fs = std::filesystem;
  return fs::exists(argument) ||
         argument.find('/') != std::string::npos ||
         fs::path(argument).extension() == ".toml";
}

RegionProfile resolve_argument(const std::string& argument,
                               const std::string& region) {
  if (!is_file_argument(argument)) {
    if (!region.empty()) {
      throw ConfigError("--region selects a region of a catalogue file, but '" +
                        argument + "' is a preset name");
    }
    return region_preset(argument);
  }
  if (is_region_catalogue(argument)) {
    const RegionCatalogue catalogue = load_region_catalogue(argument);
    if (region.empty()) {
      std::string names;
      for (const std::string& name : catalogue.names()) {
        names += (names.empty() ? "" : ", ") + name;
      }
      throw ConfigError(argument + " is a catalogue; choose a region with "
                                   "--region NAME (regions: " +
                        names + ")");
    }
    return catalogue.resolve(region);
  }
  if (!region.empty()) {
    throw ConfigError("--region selects a region of a catalogue, but " +
                      argument + " is a single profile");
  }
  return load_region_profile(argument);
}

void list_presets() {
  for (const std::string& name : region_preset_names()) {
    const RegionProfile profile = region_preset(name);
    std::printf("%-12s %s\n", name.c_str(), profile.description.c_str());
  }
}

void check_file(const std::string& path) {
  if (!std::filesystem::exists(path)) {
    throw FileNotFoundError("region file not found: " + path);
  }
  if (is_region_catalogue(path)) {
    const RegionCatalogue catalogue = load_region_catalogue(path);
    std::string names;
    for (const std::string& name : catalogue.names()) {
      names += (names.empty() ? "" : ", ") + name;
    }
    std::printf("valid: catalogue with %zu region%s (%s)\n", catalogue.size(),
                catalogue.size() == 1 ? "" : "s", names.c_str());
    return;
  }
  const RegionProfile profile = load_region_profile(path);
  std::printf("valid: profile '%s'\n", profile.name.c_str());
}

} // namespace

void add_regions_command(CLI::App& app) {
  CLI::App* regions = app.add_subcommand(
      "regions", "List, show and check region profiles and catalogues");
  regions->require_subcommand(1);

  CLI::App* list = regions->add_subcommand(
      "list", "List the built-in region presets");
  list->callback([] { list_presets(); });

  auto show_target = std::make_shared<std::string>();
  auto show_region = std::make_shared<std::string>();
  CLI::App* show = regions->add_subcommand(
      "show", "Print a resolved profile as TOML, base and overrides applied");
  show->add_option("profile", *show_target,
                   "Preset name, profile file or catalogue file")
      ->required();
  show->add_option("--region", *show_region,
                   "Region of a catalogue file to show");
  show->callback([show_target, show_region] {
    const RegionProfile profile =
        resolve_argument(*show_target, *show_region);
    std::fputs(to_toml(profile).c_str(), stdout);
  });

  auto check_target = std::make_shared<std::string>();
  CLI::App* check = regions->add_subcommand(
      "check", "Validate a profile or catalogue file: prints \"valid\" and "
               "exits 0, or prints the error and exits 2");
  check->add_option("file", *check_target, "Profile or catalogue file")
      ->required();
  check->callback([check_target] { check_file(*check_target); });
}

} // namespace georiviere::cli
