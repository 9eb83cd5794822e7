// Region presets on real extracts, read from GEORIVIERE_SHARED_DATA when it
// exists: BD TOPO (Yzeron, Culet), OpenStreetMap (Liechtenstein) and
// NHDPlus (Walker Creek). The expected counts were read from the files with
// ogrinfo and networkx.
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/region/apply_direction.hpp"
#include "georiviere/region/class_filter.hpp"
#include "georiviere/region/ground_position.hpp"
#include "georiviere/region/read_options.hpp"
#include "georiviere/region/trusted_topology.hpp"

namespace georiviere {
namespace {

std::string data_path(const std::string& relative) {
  return std::string(GEORIVIERE_SHARED_DATA) + "/vector/" + relative;
}

#define REQUIRE_DATA(relative)                                              \
  if (!std::filesystem::exists(data_path(relative))) {                     \
    GTEST_SKIP() << "no real data at " << data_path(relative);              \
  }

TEST(RegionRealData, BdtopoOnYzeronFiltersByRegime) {
  REQUIRE_DATA("yzeron/hydrography3.shp");
  // The extract is a shapefile whose only layer is not named as in the
  // product, so the override clears the layer name.
  const RegionProfile profile = parse_region_profile(
      "[region]\nbase = \"bdtopo\"\n[input]\nlayer = \"\"\n"
      "[fields]\nclass = \"regime\"\n"
      "direction = \"\"\nground = \"\"\n"
      "[classes]\nkeep = [\"Permanent\"]\ndrop = [\"Intermittent\"]\n"
      "artificial = []\n[direction]\nforward = []\nreverse = []\n"
      "both = []\nunknown = []\n[ground]\nabove = []\nbelow = []\n",
      "yzeron.toml");
  EXPECT_THROW(read_lines(read_options_for(
                   region_preset("bdtopo"),
                   data_path("yzeron/hydrography3.shp"))),
               InvalidInputError);
  LineSet lines = read_lines(
      read_options_for(profile, data_path("yzeron/hydrography3.shp")));
  ASSERT_EQ(lines.lines.size(), 542u);

  // The extract is BD TOPO v2: the v3 field 'nature' is missing.
  LineSet copy = lines;
  EXPECT_THROW(apply_class_filter(copy, region_preset("bdtopo")),
               InvalidInputError);

  const ClassFilterResult result = apply_class_filter(lines, profile);
  EXPECT_EQ(result.kept, 147u);
  EXPECT_EQ(result.dropped, 395u);
  EXPECT_EQ(result.dropped_by_value.at("regime=Intermittent"), 395u);
  EXPECT_EQ(lines.lines.size(), 147u);
}

TEST(RegionRealData, BdtopoV2OnCuletUsesZFields) {
  REQUIRE_DATA("culet/network0.gml");
  const RegionProfile profile = region_preset("bdtopo_v2");
  LineSet lines =
      read_lines(read_options_for(profile, data_path("culet/network0.gml")));
  ASSERT_EQ(lines.lines.size(), 38u);
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(lines, profile, problems);
  // z_ini > z_fin on 23 lines, z_ini < z_fin on 9; 2 are flat and 4 have
  // 9999 (no data), which keep their digitised order.
  EXPECT_EQ(result.decided_by_z_fields, 32u);
  EXPECT_EQ(result.reversed, 9u);
  EXPECT_EQ(result.forward, 29u);
  EXPECT_EQ(result.decided_by_digitized, 6u);
  EXPECT_TRUE(problems.empty());

  // Without the digitized step those six are reported.
  RegionProfile strict = profile;
  strict.direction.chain = {DirectionStep::z_fields};
  LineSet again =
      read_lines(read_options_for(strict, data_path("culet/network0.gml")));
  apply_direction(again, strict, problems);
  EXPECT_EQ(problems.size(), 6u);
}

TEST(RegionRealData, OsmPresetOnLiechtenstein) {
  REQUIRE_DATA("liechtenstein/liechtenstein-2013-08-03.osm.pbf");
  const RegionProfile profile = region_preset("osm");
  LineSet lines = read_lines(read_options_for(
      profile, data_path("liechtenstein/liechtenstein-2013-08-03.osm.pbf")));
  ASSERT_EQ(lines.lines.size(), 76u);
  const ClassFilterResult result = apply_class_filter(lines, profile);
  EXPECT_EQ(result.kept, 48u);       // 44 stream, 4 river
  EXPECT_EQ(result.artificial, 25u); // 18 drain, 5 canal, 2 ditch
  EXPECT_EQ(result.dropped, 3u);     // 2 riverbank, 1 dam
  EXPECT_EQ(result.dropped_by_value.at("waterway=riverbank"), 2u);

  std::size_t below = 0;
  for (GroundPosition position : classify_ground(lines, profile)) {
    below += position == GroundPosition::below ? 1 : 0;
  }
  EXPECT_EQ(below, 10u); // 7 tunnel=yes, 3 tunnel=culvert
}

TEST(RegionRealData, NhdplusOnWalkerUsesFromToNodes) {
  REQUIRE_DATA("walker/walker.gpkg");
  const RegionProfile profile = region_preset("nhdplus");
  LineSet lines =
      read_lines(read_options_for(profile, data_path("walker/walker.gpkg")));
  ASSERT_EQ(lines.lines.size(), 62u);
  const ClassFilterResult classes = apply_class_filter(lines, profile);
  EXPECT_EQ(classes.kept, 62u); // 56 StreamRiver, 6 ArtificialPath
  std::vector<Problem> problems;
  const DirectionResult direction = apply_direction(lines, profile, problems);
  EXPECT_EQ(direction.decided_by_field, 62u); // all "With Digitized"

  const RiverNetwork network = build_topology_from_fields(lines, profile);
  // 62 lines over 63 FromNode/ToNode values; 11 nodes have one inflow and
  // one outflow, so 51 reaches between 52 nodes.
  EXPECT_EQ(network.reaches.size(), 51u);
  EXPECT_EQ(network.nodes.size(), 52u);
  std::size_t outlets = 0;
  std::size_t sources = 0;
  std::size_t confluences = 0;
  for (const Node& node : network.nodes) {
    outlets += node.kind == NodeKind::outlet ? 1 : 0;
    sources += node.kind == NodeKind::source ? 1 : 0;
    confluences += node.kind == NodeKind::confluence ? 1 : 0;
  }
  EXPECT_EQ(outlets, 1u);
  EXPECT_EQ(sources, 26u);
  EXPECT_EQ(confluences, 25u);
  // The NHDPlus geometry agrees with its node fields everywhere.
  EXPECT_EQ(network.count_problems(ProblemKind::topology_mismatch), 0u);
}

} // namespace
} // namespace georiviere
