// Locating points: measure, offset, bank side, river distances and
// kilometre points on hand-made networks.
#include "georiviere/referencing/locate.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "referencing_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

constexpr double tolerance = 1e-6;

// One straight reach from (10000, 10000), its source, to the outlet at
// (50000, 50000).
RiverNetwork diagonal_network() {
  RiverNetwork network =
      make_network({{10000, 10000}, {50000, 50000}}, {{0, 1}});
  compute_all_metrics(network);
  return network;
}

KilometrePointRules kilometres_from_mouth() {
  KilometrePointRules rules;
  rules.origin = KilometreOrigin::mouth;
  rules.unit = KilometreUnit::km;
  rules.increase = KilometreIncrease::upstream;
  return rules;
}

// 1000 km at the mouth, decreasing upstream.
KilometrePointRules thousand_minus_distance_from_mouth() {
  KilometrePointRules rules = kilometres_from_mouth();
  rules.offset = 1000.0;
  rules.increase = KilometreIncrease::downstream;
  return rules;
}

TEST(Locate, DiagonalPointMeasureAndOffset) {
  const RiverNetwork network = diagonal_network();
  const PointLocator locator(network);
  const PointLocation result = locator.locate({10000, 10020}, 50.0);
  ASSERT_TRUE(result.located());
  EXPECT_EQ(result.location.reach, 0);
  EXPECT_NEAR(result.location.offset_m, 20.0 / std::sqrt(2.0), tolerance);
  EXPECT_NEAR(result.location.offset_m, 14.142, 5e-4);
  EXPECT_NEAR(result.location.measure_m, 14.142, 5e-4);
  EXPECT_NEAR(result.location.point.x, 10010.0, tolerance);
  EXPECT_NEAR(result.location.point.y, 10010.0, tolerance);
}

TEST(Locate, DiagonalPointOnLeftBank) {
  // Looking downstream to the north-east, (10000, 10020) is north-west of
  // the line: on the left. Its mirror (10020, 10000) is on the right.
  const RiverNetwork network = diagonal_network();
  const PointLocator locator(network);
  EXPECT_EQ(locator.locate({10000, 10020}, 50.0).side, BankSide::left);
  EXPECT_EQ(locator.locate({10020, 10000}, 50.0).side, BankSide::right);
  EXPECT_EQ(locator.locate({20000, 20000}, 50.0).side, BankSide::none);
}

TEST(Locate, DiagonalRiverDistances) {
  const RiverNetwork network = diagonal_network();
  const PointLocator locator(network, kilometres_from_mouth());
  const PointLocation result = locator.locate({10000, 10020}, 50.0);
  const double length = 40000.0 * std::sqrt(2.0);
  const double from_source = 20.0 / std::sqrt(2.0);
  EXPECT_EQ(result.main_stem_id, 0);
  EXPECT_NEAR(result.distance_from_source_m, from_source, tolerance);
  EXPECT_NEAR(result.distance_to_mouth_m, length - from_source, tolerance);
  EXPECT_NEAR(result.distance_to_outlet_m, length - from_source, tolerance);
  EXPECT_NEAR(result.kilometre_point, (length - from_source) / 1000.0,
              tolerance);
}

TEST(Locate, MainRiverPointFields) {
  // (10, 2500) is 10 m east of reach 1, which flows south: looking
  // downstream, east is on the left.
  const RiverNetwork network = named_network();
  const PointLocator locator(network, kilometres_from_mouth());
  const PointLocation result = locator.locate({10, 2500}, 20.0);
  ASSERT_TRUE(result.located());
  EXPECT_EQ(result.location.reach, 1);
  EXPECT_DOUBLE_EQ(result.location.measure_m, 500.0);
  EXPECT_DOUBLE_EQ(result.location.offset_m, 10.0);
  EXPECT_EQ(result.side, BankSide::left);
  EXPECT_EQ(result.main_stem_id, 2);
  EXPECT_EQ(result.river_name, "Main");
  EXPECT_DOUBLE_EQ(result.distance_from_source_m, 1500.0);
  EXPECT_DOUBLE_EQ(result.distance_to_mouth_m, 2500.0);
  EXPECT_DOUBLE_EQ(result.distance_to_outlet_m, 2500.0);
  EXPECT_DOUBLE_EQ(result.kilometre_point, 2.5);
}

TEST(Locate, TributaryPointFields) {
  // Reach 3 flows west along y = 1000, so (500, 990) is on the left.
  const RiverNetwork network = named_network();
  const PointLocator locator(network, kilometres_from_mouth());
  const PointLocation result = locator.locate({500, 990}, 20.0);
  ASSERT_TRUE(result.located());
  EXPECT_EQ(result.location.reach, 3);
  EXPECT_EQ(result.side, BankSide::left);
  EXPECT_EQ(result.main_stem_id, 3);
  EXPECT_EQ(result.river_name, "Trib");
  EXPECT_DOUBLE_EQ(result.distance_from_source_m, 500.0);
  EXPECT_DOUBLE_EQ(result.distance_to_mouth_m, 500.0);
  EXPECT_DOUBLE_EQ(result.distance_to_outlet_m, 1500.0);
  EXPECT_DOUBLE_EQ(result.kilometre_point, 0.5);
}

TEST(Locate, KilometrePointThousandMinusDistance) {
  const RiverNetwork network = named_network();
  const PointLocator locator(network, thousand_minus_distance_from_mouth());
  EXPECT_DOUBLE_EQ(locator.locate({10, 2500}, 20.0).kilometre_point, 997.5);
  EXPECT_DOUBLE_EQ(locator.locate({500, 990}, 20.0).kilometre_point, 999.5);
  EXPECT_DOUBLE_EQ(locator.locate({0, 0}, 20.0).kilometre_point, 1000.0);
  EXPECT_DOUBLE_EQ(locator.locate({0, 4000}, 20.0).kilometre_point, 996.0);
}

TEST(Locate, KilometrePointFromSourceInMetres) {
  KilometrePointRules rules;
  rules.origin = KilometreOrigin::source;
  rules.unit = KilometreUnit::m;
  rules.increase = KilometreIncrease::downstream;
  const RiverNetwork network = named_network();
  const PointLocator locator(network, rules);
  EXPECT_DOUBLE_EQ(locator.locate({10, 2500}, 20.0).kilometre_point, 1500.0);
}

TEST(Locate, PointBeyondMaxDistanceNotLocated) {
  const RiverNetwork network = named_network();
  const PointLocator locator(network);
  const PointLocation result = locator.locate({3000, 3000}, 100.0);
  EXPECT_FALSE(result.located());
  EXPECT_EQ(result.status, LocateStatus::beyond_max_distance);
  EXPECT_NEAR(result.nearest_distance_m, 2000.0 * std::sqrt(2.0), tolerance);
  EXPECT_EQ(result.location.reach, no_id);
  EXPECT_TRUE(std::isnan(result.distance_from_source_m));
  EXPECT_NE(result.reason(100.0).find("no reach within 100.000 m"),
            std::string::npos);
  EXPECT_NE(result.reason(100.0).find("2828.427 m"), std::string::npos);
}

TEST(Locate, PointAtMaxDistanceLocated) {
  const RiverNetwork network = named_network();
  const PointLocator locator(network);
  EXPECT_TRUE(locator.locate({10, 2500}, 10.0).located());
  EXPECT_FALSE(locator.locate({10, 2500}, 9.999).located());
}

TEST(Locate, BendSideJudgedAtVertex) {
  // East then north, a left turn at (100, 0). Outside the bend is the
  // right bank, inside it the left bank.
  RiverNetwork network =
      make_network({{0, 0}, {100, 100}}, {{0, 1, {{100, 0}}}});
  compute_all_metrics(network);
  const PointLocator locator(network);
  const PointLocation outside = locator.locate({110, -10}, 50.0);
  EXPECT_NEAR(outside.location.measure_m, 100.0, tolerance);
  EXPECT_EQ(outside.side, BankSide::right);
  EXPECT_EQ(locator.locate({90, 10}, 50.0).side, BankSide::left);
  EXPECT_EQ(locator.locate({150, 50}, 60.0).side, BankSide::right);
  EXPECT_EQ(locator.locate({50, 10}, 60.0).side, BankSide::left);
}

TEST(Locate, CycleReachHasNoRiver) {
  RiverNetwork network = cycle_network();
  compute_all_metrics(network);
  const PointLocator locator(network);
  const PointLocation result = locator.locate({60, 250}, 20.0);
  EXPECT_EQ(result.status, LocateStatus::no_river);
  EXPECT_EQ(result.location.reach, 1);
  EXPECT_NE(result.reason(20.0).find("directed cycle"), std::string::npos);
}

TEST(Locate, InvalidPointAndDistance) {
  const RiverNetwork network = named_network();
  const PointLocator locator(network);
  const double nan = std::numeric_limits<double>::quiet_NaN();
  const PointLocation invalid = locator.locate({nan, 0}, 10.0);
  EXPECT_EQ(invalid.status, LocateStatus::invalid_point);
  EXPECT_NE(invalid.reason(10.0).find("the feature has no geometry"),
            std::string::npos)
      << invalid.reason(10.0);
  EXPECT_THROW(locator.locate({0, 0}, -1.0), InvalidInputError);
  EXPECT_THROW(locator.locate({0, 0}, nan), InvalidInputError);
}

TEST(Locate, EmptyNetworkHasNoReach) {
  RiverNetwork network;
  network.rebuild_graph();
  const PointLocator locator(network);
  EXPECT_EQ(locator.locate({0, 0}, 10.0).status, LocateStatus::no_reach);
}

TEST(Locate, LocatePointsKeepsOrder) {
  const RiverNetwork network = named_network();
  const std::vector<Point> points{{10, 2500}, {3000, 3000}, {500, 990}};
  const std::vector<PointLocation> results =
      locate_points(network, points, 20.0);
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[0].location.reach, 1);
  EXPECT_FALSE(results[1].located());
  EXPECT_EQ(results[2].location.reach, 3);
}

TEST(Locate, LocatePointsCancelled) {
  const RiverNetwork network = named_network();
  const std::vector<Point> points{{10, 2500}};
  const ProgressCallback stop = [](std::string_view, double) { return false; };
  EXPECT_THROW(locate_points(network, points, 20.0, {}, stop), CancelledError);
}

} // namespace
} // namespace georiviere
