// Tests of region catalogues: several regions, each a base plus overrides.
#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {
namespace {

const char* const catalogue_text = R"(
[catalogue]
name = "Parc naturel"

[regions.jura]
base = "bdtopo"
description = "Karst plateau"
[regions.jura.topology]
snap_tolerance_m = 2.0
[regions.jura.streams]
threshold_km2 = 5.0
[[regions.jura.karst.links]]
name = "Perte de l'Ain"
sink = [920000.0, 6600000.0]
resurgence = [921000.0, 6598000.0]

[regions.camargue]
base = "bdtopo"
[regions.camargue.classes]
artificial = ["Canal", "Ecoulement canalisé"]
[[regions.camargue.filters]]
field = "persistance"
drop = ["Intermittent"]

[regions.alps]
base = "osm"
[regions.alps.crs]
epsg = 32632
)";

std::string catalogue_error(const std::string& text) {
  try {
    parse_region_catalogue(text, "parc.toml");
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(RegionCatalogue, OverridesApplyOverBase) {
  const RegionCatalogue catalogue =
      parse_region_catalogue(catalogue_text, "parc.toml");
  EXPECT_EQ(catalogue.size(), 3u);
  EXPECT_EQ(catalogue.names(),
            (std::vector<std::string>{"alps", "camargue", "jura"}));

  const RegionProfile bdtopo = region_preset("bdtopo");
  const RegionProfile jura = catalogue.resolve("jura");
  EXPECT_EQ(jura.name, "jura");
  EXPECT_EQ(jura.description, "Karst plateau");
  EXPECT_DOUBLE_EQ(jura.topology.snap_tolerance_m, 2.0);
  EXPECT_DOUBLE_EQ(jura.streams.threshold_km2, 5.0);
  ASSERT_EQ(jura.karst_links.size(), 1u);
  EXPECT_EQ(jura.karst_links[0].name, "Perte de l'Ain");
  // Keys the override does not set keep the base's values.
  EXPECT_EQ(jura.topology.mode, bdtopo.topology.mode);
  EXPECT_EQ(jura.fields, bdtopo.fields);
  EXPECT_EQ(jura.classes, bdtopo.classes);

  const RegionProfile camargue = catalogue.resolve("camargue");
  // An array replaces the base's array; other lists stay.
  EXPECT_EQ(camargue.classes.artificial,
            (ValueList{"Canal", "Ecoulement canalisé"}));
  EXPECT_EQ(camargue.classes.drop, bdtopo.classes.drop);
  ASSERT_EQ(camargue.filters.size(), 1u);
  EXPECT_EQ(camargue.classes.action_for("Ecoulement canalisé"),
            ClassAction::artificial);
  EXPECT_TRUE(camargue.description.empty());

  const RegionProfile alps = catalogue.resolve("alps");
  EXPECT_EQ(alps.epsg, 32632);
  EXPECT_EQ(alps.fields.class_name, "waterway");
}

TEST(RegionCatalogue, UnknownRegionListsNames) {
  const RegionCatalogue catalogue =
      parse_region_catalogue(catalogue_text, "parc.toml");
  try {
    catalogue.resolve("vosges");
    FAIL() << "expected ConfigError";
  } catch (const ConfigError& error) {
    EXPECT_STREQ(error.what(), "parc.toml: no region named 'vosges'; the "
                               "catalogue has alps, camargue, jura");
  }
}

TEST(RegionCatalogue, OverrideErrorsNameLineAndTable) {
  EXPECT_EQ(catalogue_error("[regions.jura]\nbase = \"bdtopo\"\n"
                            "[regions.jura.topology]\n"
                            "snap_tolerance = 2.0\n"),
            "parc.toml:4: unknown key 'snap_tolerance' in "
            "[regions.jura.topology]; did you mean 'snap_tolerance_m'?");
  EXPECT_EQ(catalogue_error("[regions.jura]\nbase = \"bdtopo\"\n"
                            "[regions.jura.topology]\n"
                            "mismatch_tolerance_m = -1\n"),
            "parc.toml:4: key 'mismatch_tolerance_m' in "
            "[regions.jura.topology]: invalid value -1; expected zero or "
            "more");
  EXPECT_EQ(catalogue_error("[regions.jura]\nbase = \"bdtopo\"\n"
                            "colour = \"blue\"\n"),
            "parc.toml:3: unknown key 'colour' in [regions.jura]; valid "
            "keys are crs, input, fields, classes, filters, direction, "
            "ground, topology, outlets, streams, main_stem, "
            "kilometre_points, karst");
}

TEST(RegionCatalogue, EntryNeedsBase) {
  const std::string message =
      catalogue_error("[regions.jura.topology]\nsnap_tolerance_m = 1.0\n");
  EXPECT_NE(message.find("region 'jura' needs 'base'"), std::string::npos)
      << message;
  EXPECT_NE(catalogue_error("[regions]\n").find("at least one"),
            std::string::npos);
  EXPECT_NE(catalogue_error("[region]\nname = \"x\"\n[regions.a]\n"
                            "base = \"osm\"\n")
                .find("unknown key 'region' at the top level of a "
                      "catalogue; did you mean 'regions'?"),
            std::string::npos);
}

TEST(RegionCatalogue, FileBaseIsRelativeToCatalogue) {
  namespace fs = std::filesystem;
  const fs::path directory =
      fs::path(GEORIVIERE_BINARY_DIR) / "test_region_catalogue_files";
  fs::create_directories(directory / "profiles");
  std::ofstream(directory / "profiles" / "lyon.toml")
      << "[region]\nname = \"lyon\"\nbase = \"bdtopo_v2\"\n"
         "[topology]\nsnap_tolerance_m = 0.25\n";
  std::ofstream(directory / "catalogue.toml")
      << "[regions.yzeron]\nbase = \"profiles/lyon.toml\"\n"
         "[regions.yzeron.crs]\nepsg = 2154\n";
  const std::string path = (directory / "catalogue.toml").string();
  EXPECT_TRUE(is_region_catalogue(path));
  EXPECT_FALSE(is_region_catalogue((directory / "profiles" / "lyon.toml")
                                       .string()));
  const RegionProfile yzeron = load_region_catalogue(path).resolve("yzeron");
  EXPECT_EQ(yzeron.name, "yzeron");
  EXPECT_DOUBLE_EQ(yzeron.topology.snap_tolerance_m, 0.25);
  EXPECT_EQ(yzeron.direction.z_start_field, "z_ini");
  EXPECT_THROW(load_region_profile(path), ConfigError);
}

} // namespace
} // namespace georiviere
