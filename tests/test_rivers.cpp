// Rivers of a network: main stems as chains of reaches with measures.
#include "georiviere/referencing/rivers.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "referencing_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

std::vector<ReachId> span_reaches(const River& river) {
  std::vector<ReachId> result;
  for (const RiverReachSpan& span : river.reaches) {
    result.push_back(span.reach);
  }
  return result;
}

TEST(Rivers, ListsMainStemsUpstreamToDownstream) {
  const RiverNetwork network = named_network();
  const std::vector<River> rivers = list_rivers(network);
  ASSERT_EQ(rivers.size(), 3u);
  EXPECT_EQ(rivers[0].main_stem_id, 2);
  EXPECT_EQ(rivers[0].name, "Main");
  EXPECT_EQ(span_reaches(rivers[0]), (std::vector<ReachId>{0, 1, 2}));
  EXPECT_EQ(rivers[1].main_stem_id, 3);
  EXPECT_EQ(span_reaches(rivers[1]), (std::vector<ReachId>{3}));
  EXPECT_EQ(rivers[2].main_stem_id, 4);
  EXPECT_EQ(span_reaches(rivers[2]), (std::vector<ReachId>{4}));
}

TEST(Rivers, SpanMeasuresFromSource) {
  const River main = list_rivers(named_network())[0];
  ASSERT_EQ(main.reaches.size(), 3u);
  EXPECT_DOUBLE_EQ(main.reaches[0].start_m, 0.0);
  EXPECT_DOUBLE_EQ(main.reaches[0].end_m, 1000.0);
  EXPECT_DOUBLE_EQ(main.reaches[1].start_m, 1000.0);
  EXPECT_DOUBLE_EQ(main.reaches[1].end_m, 3000.0);
  EXPECT_DOUBLE_EQ(main.reaches[2].start_m, 3000.0);
  EXPECT_DOUBLE_EQ(main.reaches[2].end_m, 4000.0);
  EXPECT_DOUBLE_EQ(main.length_m, 4000.0);
}

TEST(Rivers, MouthDistanceToOutlet) {
  const std::vector<River> rivers = list_rivers(named_network());
  EXPECT_DOUBLE_EQ(rivers[0].mouth_distance_to_outlet_m, 0.0);
  EXPECT_DOUBLE_EQ(rivers[1].mouth_distance_to_outlet_m, 1000.0);
  EXPECT_DOUBLE_EQ(rivers[2].mouth_distance_to_outlet_m, 0.0);
}

TEST(Rivers, UnnamedUpperReachTakesDownstreamName) {
  RiverNetwork network = named_network();
  network.reaches[0].name.clear();
  EXPECT_EQ(list_rivers(network)[0].name, "Main");
}

TEST(Rivers, CycleReachesBelongToNoRiver) {
  RiverNetwork network = cycle_network();
  compute_all_metrics(network);
  const std::vector<River> rivers = list_rivers(network);
  ASSERT_EQ(rivers.size(), 1u);
  EXPECT_EQ(span_reaches(rivers[0]), (std::vector<ReachId>{0, 4}));
}

TEST(Rivers, StaleMainStemIdsRejected) {
  RiverNetwork network = named_network();
  network.reaches[3].main_stem_id = 1;
  EXPECT_THROW(list_rivers(network), InvalidInputError);
}

TEST(Rivers, FindByNameLongestFirst) {
  const std::vector<River> rivers = list_rivers(named_network());
  const std::vector<const River*> found = find_rivers(rivers, "Trib");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0]->main_stem_id, 3);
  EXPECT_EQ(found[1]->main_stem_id, 4);
  EXPECT_EQ(find_river(rivers, "Trib").main_stem_id, 3);
}

TEST(Rivers, FindByMainStemId) {
  const std::vector<River> rivers = list_rivers(named_network());
  EXPECT_EQ(find_river(rivers, "4").main_stem_id, 4);
  EXPECT_EQ(find_river(rivers, "2").name, "Main");
}

TEST(Rivers, FindUnknownRiverNamesValue) {
  const std::vector<River> rivers = list_rivers(named_network());
  try {
    find_river(rivers, "Valserine");
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("'Valserine'"), std::string::npos);
    EXPECT_NE(std::string(error.what()).find("list_rivers()"),
              std::string::npos);
  }
  EXPECT_THROW(find_river(rivers, "1"), InvalidInputError);
  EXPECT_THROW(find_river(rivers, "2x"), InvalidInputError);
  EXPECT_THROW(find_river(rivers, ""), InvalidInputError);
}

// The message of the InvalidInputError that find_river() throws, or "".
std::string find_error(const std::vector<River>& rivers,
                       const std::string& name_or_id) {
  try {
    find_river(rivers, name_or_id);
  } catch (const InvalidInputError& error) {
    return error.what();
  }
  return {};
}

TEST(Rivers, FindUnknownRiverSuggestsNames) {
  const std::vector<River> rivers = list_rivers(named_network());
  const std::string cased = find_error(rivers, "main");
  EXPECT_NE(cased.find("'main'; did you mean 'Main'? Names are"),
            std::string::npos)
      << cased;
  const std::string part = find_error(rivers, "tri");
  EXPECT_NE(part.find("did you mean 'Trib'?"), std::string::npos) << part;
  const std::string none = find_error(rivers, "Valserine");
  EXPECT_NE(none.find("'Valserine'. Names are"), std::string::npos) << none;
}

TEST(Rivers, UnnamedNetworkHintsNameField) {
  RiverNetwork network = named_network();
  for (Reach& reach : network.reaches) {
    reach.name.clear();
  }
  const std::vector<River> rivers = list_rivers(network);
  const std::string message = find_error(rivers, "Main");
  EXPECT_NE(message.find("the rivers have no names"), std::string::npos)
      << message;
  EXPECT_NE(message.find("--name-field"), std::string::npos) << message;
  EXPECT_EQ(find_river(rivers, "2").main_stem_id, 2);
}

TEST(Rivers, GeometryJoinsReachesOnce) {
  const RiverNetwork network = named_network();
  const Polyline line = river_geometry(network, list_rivers(network)[0]);
  EXPECT_EQ(line.points,
            (std::vector<Point>{{0, 4000}, {0, 3000}, {0, 1000}, {0, 0}}));
  EXPECT_FALSE(line.has_z());
  EXPECT_DOUBLE_EQ(line.length(), 4000.0);
}

TEST(Rivers, GeometryKeepsZWhenAllHaveIt) {
  RiverNetwork network = named_network();
  network.reaches[0].geometry.z = {400, 300};
  network.reaches[1].geometry.z = {300, 100};
  network.reaches[2].geometry.z = {100, 0};
  const Polyline line = river_geometry(network, list_rivers(network)[0]);
  EXPECT_EQ(line.z, (std::vector<double>{400, 300, 100, 0}));
  network.reaches[2].geometry.z.clear();
  EXPECT_FALSE(river_geometry(network, list_rivers(network)[0]).has_z());
}

TEST(Rivers, PositionOnRiverBySpan) {
  const River main = list_rivers(named_network())[0];
  const auto inside = position_on_river(main, 1500.0);
  ASSERT_TRUE(inside.has_value());
  EXPECT_EQ(inside->reach, 1);
  EXPECT_DOUBLE_EQ(inside->reach_measure_m, 500.0);
  const auto boundary = position_on_river(main, 1000.0);
  ASSERT_TRUE(boundary.has_value());
  EXPECT_EQ(boundary->reach, 1);
  EXPECT_DOUBLE_EQ(boundary->reach_measure_m, 0.0);
  const auto mouth = position_on_river(main, 4000.0);
  ASSERT_TRUE(mouth.has_value());
  EXPECT_EQ(mouth->reach, 2);
  EXPECT_DOUBLE_EQ(mouth->reach_measure_m, 1000.0);
  EXPECT_FALSE(position_on_river(main, 4000.5).has_value());
  EXPECT_FALSE(position_on_river(main, -1.0).has_value());
}

TEST(Rivers, MeasureOnRiverFromReach) {
  const River main = list_rivers(named_network())[0];
  EXPECT_EQ(measure_on_river(main, 1, 500.0), 1500.0);
  EXPECT_EQ(measure_on_river(main, 2, 1000.0), 4000.0);
  EXPECT_FALSE(measure_on_river(main, 3, 0.0).has_value());
}

TEST(Rivers, RiverOfReachLookup) {
  const RiverNetwork network = named_network();
  const std::vector<River> rivers = list_rivers(network);
  const RiverOfReach lookup(network, rivers);
  EXPECT_EQ(lookup.river[1], 0u);
  EXPECT_EQ(lookup.span[1], 1u);
  EXPECT_EQ(lookup.river[4], 2u);
  EXPECT_EQ(lookup.span[4], 0u);
}

} // namespace
} // namespace georiviere
