// Tests of region profiles: parsing, validation messages, presets,
// TOML round trips and kilometre points.
#include "georiviere/region/region_profile.hpp"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

namespace georiviere {
namespace {

// The message of the ConfigError that parsing `text` throws, or "".
std::string config_error(const std::string& text,
                         const std::string& source = "regions/jura.toml") {
  try {
    parse_region_profile(text, source);
  } catch (const ConfigError& error) {
    return error.what();
  }
  return "";
}

TEST(RegionProfile, EmptyTextGivesDefaults) {
  const RegionProfile profile = parse_region_profile("", "empty.toml");
  EXPECT_EQ(profile.name, "empty");
  EXPECT_EQ(profile.epsg, 0);
  EXPECT_EQ(profile.topology.mode, TopologyMode::geometric);
  EXPECT_DOUBLE_EQ(profile.topology.snap_tolerance_m, 0.0);
  EXPECT_DOUBLE_EQ(profile.topology.gap_tolerance_m, -1.0);
  EXPECT_DOUBLE_EQ(profile.streams.threshold_km2, 1.0);
  EXPECT_EQ(profile.main_stem.criteria.back(),
            MainStemCriterion::longest_path);
}

TEST(RegionProfile, ReadsEveryTable) {
  const RegionProfile profile = parse_region_profile(R"(
[region]
name = "jura"
description = "Haut-Jura karst"
[crs]
epsg = 2154
[input]
path = "rivers.gpkg"
layer = "troncons"
where = "nature <> 'Canal'"
[fields]
id = "cleabs"
name = "nom"
river_code = "code"
direction = "sens"
class = "nature"
ground = "pos"
unnamed_values = ["NR"]
[classes]
default = "drop"
keep = ["Ecoulement naturel"]
artificial = ["Canal"]
[[filters]]
field = "persistance"
drop = ["Intermittent"]
[direction]
forward = ["Sens direct"]
reverse = ["Sens inverse"]
both = ["Double sens"]
unknown = ["Inconnu"]
unlisted = "forward"
chain = ["field", "z_fields", "dem", "outlets"]
z_start_field = "z_ini"
z_end_field = "z_fin"
z_nodata = [9999, -1000.5]
min_drop_m = 0.2
dem_path = "dem.tif"
[ground]
above = [1, 2]
below = [-1]
[topology]
mode = "from_to_nodes"
snap_tolerance_m = 0.5
gap_tolerance_m = 3
split_crossings = true
from_node_field = "a"
to_node_field = "b"
minor_branch_field = "div"
minor_branch_values = [2]
mismatch_tolerance_m = 2.5
[outlets]
method = "polygon_layer"
path = "sea.gpkg"
layer = "sea"
distance_m = 50
[streams]
threshold_km2 = 0.5
[[streams.overrides]]
name = "plateau"
threshold_km2 = 5
bbox = [900000, 6500000, 950000, 6550000]
[[streams.overrides]]
name = "marsh"
threshold_km2 = 0.1
polygon_path = "zones.gpkg"
polygon_where = "kind = 'marsh'"
[main_stem]
criteria = ["river_code", "name", "longest_path"]
[kilometre_points]
origin = "mouth"
unit = "km"
offset = 1000
increase = "downstream"
[[karst.links]]
name = "Perte de la Lemme"
sink = [910000.0, 6520000.0]
resurgence = [912500.0, 6518000.0]
max_distance_m = 100
)",
                                                     "jura.toml");
  EXPECT_EQ(profile.name, "jura");
  EXPECT_EQ(profile.epsg, 2154);
  EXPECT_EQ(profile.input.where, "nature <> 'Canal'");
  EXPECT_EQ(profile.fields.class_name, "nature");
  EXPECT_EQ(profile.classes.default_action, ClassAction::drop);
  EXPECT_EQ(profile.classes.action_for("Canal"), ClassAction::artificial);
  EXPECT_EQ(profile.classes.action_for("Ecoulement naturel"),
            ClassAction::keep);
  EXPECT_EQ(profile.classes.action_for("Lac"), ClassAction::drop);
  ASSERT_EQ(profile.filters.size(), 1u);
  EXPECT_EQ(profile.filters[0].field, "persistance");
  EXPECT_EQ(profile.direction.direction_for("Sens inverse"),
            FlowDirection::reverse);
  EXPECT_EQ(profile.direction.direction_for("???"), FlowDirection::forward);
  ASSERT_EQ(profile.direction.chain.size(), 4u);
  EXPECT_EQ(profile.direction.chain[3], DirectionStep::outlets);
  ASSERT_EQ(profile.direction.z_nodata.size(), 2u);
  EXPECT_DOUBLE_EQ(profile.direction.z_nodata[1], -1000.5);
  EXPECT_EQ(profile.ground.above, (ValueList{"1", "2"}));
  EXPECT_EQ(profile.ground.below, (ValueList{"-1"}));
  EXPECT_EQ(profile.topology.mode, TopologyMode::from_to_nodes);
  EXPECT_DOUBLE_EQ(profile.topology.gap_tolerance_m, 3.0);
  EXPECT_TRUE(profile.topology.split_crossings);
  EXPECT_EQ(profile.topology.minor_branch_values, (ValueList{"2"}));
  EXPECT_EQ(profile.outlets.method, OutletMethod::polygon_layer);
  ASSERT_EQ(profile.streams.overrides.size(), 2u);
  EXPECT_DOUBLE_EQ(profile.streams.threshold_at({920000, 6520000}), 5.0);
  EXPECT_DOUBLE_EQ(profile.streams.threshold_at({800000, 6520000}), 0.5);
  EXPECT_EQ(profile.streams.overrides[1].polygon_where, "kind = 'marsh'");
  ASSERT_EQ(profile.karst_links.size(), 1u);
  EXPECT_EQ(profile.karst_links[0].name, "Perte de la Lemme");
  EXPECT_DOUBLE_EQ(profile.karst_links[0].resurgence.x, 912500.0);
  EXPECT_DOUBLE_EQ(profile.karst_links[0].max_distance_m, 100.0);
}

TEST(RegionProfileErrors, UnknownKeySuggestsSpelling) {
  const std::string text = "[region]\nname = \"jura\"\n\n[topology]\n"
                           "mode = \"geometric\"\nsnap_tolerence_m = 2.0\n";
  EXPECT_EQ(config_error(text),
            "regions/jura.toml:6: unknown key 'snap_tolerence_m' in "
            "[topology]; did you mean 'snap_tolerance_m'?");
}

TEST(RegionProfileErrors, UnknownTableSuggestsSpelling) {
  EXPECT_EQ(config_error("[topolgy]\nmode = \"geometric\"\n"),
            "regions/jura.toml:1: unknown key 'topolgy' at the top level; "
            "did you mean 'topology'?");
}

TEST(RegionProfileErrors, UnknownKeyFarFromAllListsKeys) {
  const std::string message = config_error("[crs]\nzzzzzzzz = 1\n");
  EXPECT_NE(message.find("regions/jura.toml:2: unknown key 'zzzzzzzz' in "
                         "[crs]; valid keys are epsg"),
            std::string::npos)
      << message;
}

TEST(RegionProfileErrors, NegativeToleranceRejected) {
  EXPECT_EQ(config_error("\n[topology]\nsnap_tolerance_m = -0.5\n"),
            "regions/jura.toml:3: key 'snap_tolerance_m' in [topology]: "
            "invalid value -0.5; expected zero or more");
}

TEST(RegionProfileErrors, WrongTypeRejected) {
  EXPECT_EQ(config_error("[topology]\nsplit_crossings = \"yes\"\n"),
            "regions/jura.toml:2: key 'split_crossings' in [topology]: "
            "expected true or false, found a string");
  EXPECT_EQ(config_error("[fields]\nname = 3\n"),
            "regions/jura.toml:2: key 'name' in [fields]: expected a "
            "string, found an integer");
}

TEST(RegionProfileErrors, UnknownEnumValueRejected) {
  EXPECT_EQ(config_error("[topology]\nmode = \"next_downstreem\"\n"),
            "regions/jura.toml:2: key 'mode' in [topology]: invalid value "
            "'next_downstreem'; did you mean 'next_downstream'? Expected "
            "one of geometric, from_to_nodes, next_downstream");
}

TEST(RegionProfileErrors, ValueInTwoListsRejected) {
  EXPECT_EQ(config_error("[fields]\nclass = \"c\"\n[classes]\n"
                         "keep = [\"a\"]\ndrop = [\"b\", \"a\"]\n"),
            "regions/jura.toml:5: key 'drop' in [classes]: value 'a' is "
            "also listed in 'keep'");
}

TEST(RegionProfileErrors, SyntaxErrorHasLineAndColumn) {
  const std::string message = config_error("[topology]\nmode = \n");
  EXPECT_EQ(message.rfind("regions/jura.toml:2:", 0), 0u) << message;
  EXPECT_NE(message.find("invalid TOML"), std::string::npos) << message;
}

TEST(RegionProfileErrors, ModeWithoutFieldsRejected) {
  EXPECT_EQ(config_error("[topology]\nmode = \"next_downstream\"\n"),
            "regions/jura.toml: [topology] mode 'next_downstream' needs "
            "'next_down_field' in [topology] and 'id' in [fields]");
}

TEST(RegionProfileErrors, MainStemMustEndWithLongestPath) {
  const std::string message =
      config_error("[main_stem]\ncriteria = [\"longest_path\", \"name\"]\n");
  EXPECT_NE(message.find("regions/jura.toml:2:"), std::string::npos)
      << message;
  EXPECT_NE(message.find("must be 'longest_path'"), std::string::npos)
      << message;
}

TEST(RegionProfileErrors, KarstLinkNeedsPoints) {
  const std::string message = config_error(
      "[[karst.links]]\nname = \"perte\"\nsink = [1.0, 2.0]\n");
  EXPECT_NE(message.find("karst link 'perte' needs 'resurgence'"),
            std::string::npos)
      << message;
  EXPECT_NE(config_error("[[karst.links]]\nname = \"p\"\nsink = [1.0]\n"
                         "resurgence = [1.0, 2.0]\n")
                .find("regions/jura.toml:3: key 'sink' in [[karst.links]]: "
                      "expected [x, y]"),
            std::string::npos);
}

TEST(RegionProfileErrors, OverrideNeedsBboxOrPolygon) {
  const std::string message = config_error(
      "[[streams.overrides]]\nname = \"a\"\nthreshold_km2 = 2\n");
  EXPECT_NE(message.find("needs either 'bbox' or 'polygon_path'"),
            std::string::npos)
      << message;
}

TEST(RegionProfileErrors, UnknownBasePresetListsPresets) {
  const std::string message =
      config_error("[region]\nbase = \"bdtopoo\"\n");
  EXPECT_NE(message.find("regions/jura.toml:2: unknown preset 'bdtopoo' in "
                         "'base'; did you mean 'bdtopo'?"),
            std::string::npos)
      << message;
}

TEST(RegionProfile, BaseProfileIsOverridden) {
  const RegionProfile profile = parse_region_profile(
      "[region]\nname = \"lyon\"\nbase = \"bdtopo\"\n"
      "[topology]\nsnap_tolerance_m = 2.0\n",
      "lyon.toml");
  const RegionProfile bdtopo = region_preset("bdtopo");
  EXPECT_EQ(profile.name, "lyon");
  EXPECT_DOUBLE_EQ(profile.topology.snap_tolerance_m, 2.0);
  EXPECT_EQ(profile.fields, bdtopo.fields);
  EXPECT_EQ(profile.direction, bdtopo.direction);
  EXPECT_EQ(profile.epsg, 2154);
}

TEST(RegionProfile, BaseFileIsRelativeToProfile) {
  namespace fs = std::filesystem;
  const fs::path directory =
      fs::path(GEORIVIERE_BINARY_DIR) / "test_region_profile_base";
  fs::create_directories(directory / "sub");
  std::ofstream(directory / "sub" / "parent.toml")
      << "[region]\nbase = \"osm\"\n[topology]\nsnap_tolerance_m = 1.5\n";
  std::ofstream(directory / "child.toml")
      << "[region]\nbase = \"sub/parent.toml\"\n[crs]\nepsg = 32632\n";
  std::ofstream(directory / "loop.toml")
      << "[region]\nbase = \"loop.toml\"\n";

  const RegionProfile child =
      load_region_profile((directory / "child.toml").string());
  EXPECT_EQ(child.name, "child");
  EXPECT_EQ(child.epsg, 32632);
  EXPECT_DOUBLE_EQ(child.topology.snap_tolerance_m, 1.5);
  EXPECT_EQ(child.fields.class_name, "waterway");
  EXPECT_THROW(load_region_profile((directory / "loop.toml").string()),
               ConfigError);
  EXPECT_THROW(load_region_profile((directory / "missing.toml").string()),
               FileNotFoundError);
}

TEST(RegionPresets, ExpectedPresetsShipped) {
  const std::vector<std::string> names = region_preset_names();
  for (const char* expected : {"bdcarthage", "bdtopage", "bdtopo",
                               "bdtopo_v2", "generic", "hydrorivers",
                               "nhdplus", "osm"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), expected), names.end())
        << expected;
  }
  EXPECT_THROW(region_preset("nope"), ConfigError);
}

TEST(RegionPresets, UnknownPresetMessageListsPresets) {
  try {
    region_preset("nope");
    FAIL() << "no exception";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("unknown region preset 'nope'. Presets are "),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("bdtopo_v2"), std::string::npos) << message;
  }
  try {
    region_preset("bdtopoo");
    FAIL() << "no exception";
  } catch (const ConfigError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("did you mean 'bdtopo'? Presets are "),
              std::string::npos)
        << message;
  }
}

TEST(RegionPresets, EachPresetRoundTrips) {
  for (const std::string& name : region_preset_names()) {
    SCOPED_TRACE(name);
    const RegionProfile preset = region_preset(name);
    EXPECT_EQ(preset.name, name);
    const std::string text = to_toml(preset);
    const RegionProfile reloaded =
        parse_region_profile(text, name + "-round-trip.toml");
    EXPECT_EQ(reloaded, preset) << text;
  }
}

TEST(RegionPresets, PresetsCarryTheirConventions) {
  const RegionProfile osm = region_preset("osm");
  EXPECT_EQ(osm.classes.action_for("canal"), ClassAction::artificial);
  EXPECT_EQ(osm.classes.action_for("ditch"), ClassAction::artificial);
  EXPECT_EQ(osm.classes.action_for("stream"), ClassAction::keep);
  EXPECT_EQ(osm.classes.action_for("riverbank"), ClassAction::drop);
  EXPECT_EQ(osm.classes.action_for(""), ClassAction::drop);
  EXPECT_EQ(osm.ground.tag, "tunnel");

  const RegionProfile nhdplus = region_preset("nhdplus");
  EXPECT_EQ(nhdplus.topology.mode, TopologyMode::from_to_nodes);
  EXPECT_EQ(nhdplus.topology.from_node_field, "FromNode");
  EXPECT_EQ(nhdplus.topology.minor_branch_values, (ValueList{"2"}));

  const RegionProfile hydrorivers = region_preset("hydrorivers");
  EXPECT_EQ(hydrorivers.topology.mode, TopologyMode::next_downstream);
  EXPECT_EQ(hydrorivers.topology.outlet_values, (ValueList{"0"}));

  const RegionProfile bdtopo = region_preset("bdtopo");
  EXPECT_EQ(bdtopo.direction.direction_for("Sens inverse"),
            FlowDirection::reverse);
}

TEST(RegionProfile, CustomProfileRoundTrips) {
  RegionProfile profile = region_preset("bdtopage");
  profile.name = "custom";
  profile.topology.gap_tolerance_m = 4.25;
  profile.streams.overrides.push_back(
      {"box", 3.5, RegionBox{1.0, 2.0, 3.0, 4.0}, "", "", ""});
  profile.streams.overrides.push_back(
      {"poly", 0.25, std::nullopt, "zones.gpkg", "zones", "id = 1"});
  profile.karst_links.push_back({"perte", {1.5, 2.5}, {10.0, 20.0}, 75.0});
  profile.filters.push_back({"persistance", ClassRules{}});
  profile.filters.back().rules.drop = {"Intermittent"};
  profile.direction.z_nodata = {9999.0, 0.1};
  const RegionProfile reloaded =
      parse_region_profile(to_toml(profile), "custom.toml");
  EXPECT_EQ(reloaded, profile) << to_toml(profile);
}

TEST(KilometrePoints, FrenchConventionCountsFromThousand) {
  KilometrePointRules rules;
  rules.origin = KilometreOrigin::mouth;
  rules.unit = KilometreUnit::km;
  rules.offset = 1000.0;
  rules.increase = KilometreIncrease::downstream;
  // 12.5 km above the mouth: PK 987.5; at the mouth: 1000.
  EXPECT_DOUBLE_EQ(rules.value(12500.0, 3000.0), 987.5);
  EXPECT_DOUBLE_EQ(rules.value(0.0, 15500.0), 1000.0);
}

TEST(KilometrePoints, OtherConventions) {
  KilometrePointRules from_mouth; // mouth, km, 0, upstream
  EXPECT_DOUBLE_EQ(from_mouth.value(2500.0, 100.0), 2.5);
  KilometrePointRules from_source;
  from_source.origin = KilometreOrigin::source;
  from_source.unit = KilometreUnit::m;
  from_source.increase = KilometreIncrease::downstream;
  from_source.offset = 10.0;
  EXPECT_DOUBLE_EQ(from_source.value(2500.0, 100.0), 110.0);
  from_source.increase = KilometreIncrease::upstream;
  EXPECT_DOUBLE_EQ(from_source.value(2500.0, 100.0), -90.0);
}

} // namespace
} // namespace georiviere
