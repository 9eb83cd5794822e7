#include "georiviere/referencing/zoning.hpp"

#include <cmath>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/io/vector_reader.hpp"
#include "georiviere/network_builder.hpp"
#include "referencing_fixtures.hpp"

using namespace georiviere;

namespace {

Polyline line(std::vector<Point> points) {
  Polyline result;
  result.points = std::move(points);
  return result;
}

// The counter-clockwise rectangle [x0, x1] x [y0, y1].
Polygon rectangle(double x0, double y0, double x1, double y1) {
  return Polygon{{{x0, y0}, {x1, y0}, {x1, y1}, {x0, y1}}, {}};
}

MultiPolygon single(Polygon polygon) {
  return MultiPolygon{{std::move(polygon)}};
}

const MultiPolygon square = single(rectangle(0, 0, 10, 10));

} // namespace

TEST(LineInsidePolygon, CrossesSquareOnce) {
  const auto stretches = line_inside_polygon(line({{-5, 5}, {15, 5}}), square);
  ASSERT_EQ(stretches.size(), 1u);
  EXPECT_DOUBLE_EQ(stretches[0].start_m, 5.0);
  EXPECT_DOUBLE_EQ(stretches[0].end_m, 15.0);
}

TEST(LineInsidePolygon, EntersAndLeavesTwice) {
  // East along y = 2, north outside the square, west along y = 8.
  const auto stretches =
      line_inside_polygon(line({{-5, 2}, {15, 2}, {15, 8}, {-5, 8}}), square);
  ASSERT_EQ(stretches.size(), 2u);
  EXPECT_EQ(stretches[0], (MeasureInterval{5, 15}));
  EXPECT_EQ(stretches[1], (MeasureInterval{31, 41}));
}

TEST(LineInsidePolygon, HoleSplitsStretch) {
  MultiPolygon holed = square;
  holed.parts[0].holes.push_back({{4, 4}, {6, 4}, {6, 6}, {4, 6}});
  const auto stretches = line_inside_polygon(line({{-5, 5}, {15, 5}}), holed);
  ASSERT_EQ(stretches.size(), 2u);
  EXPECT_EQ(stretches[0], (MeasureInterval{5, 9}));
  EXPECT_EQ(stretches[1], (MeasureInterval{11, 15}));
}

TEST(LineInsidePolygon, StartsAndEndsInside) {
  const auto from_inside = line_inside_polygon(line({{5, 5}, {15, 5}}), square);
  ASSERT_EQ(from_inside.size(), 1u);
  EXPECT_EQ(from_inside[0], (MeasureInterval{0, 5}));

  const auto all_inside =
      line_inside_polygon(line({{1, 1}, {9, 1}, {9, 9}}), square);
  ASSERT_EQ(all_inside.size(), 1u);
  EXPECT_EQ(all_inside[0], (MeasureInterval{0, 16}));
}

TEST(LineInsidePolygon, VertexInsideKeepsOneStretch) {
  // The line bends inside the square: one stretch across the bend.
  const auto stretches =
      line_inside_polygon(line({{-5, 5}, {5, 5}, {5, 15}}), square);
  ASSERT_EQ(stretches.size(), 1u);
  EXPECT_EQ(stretches[0], (MeasureInterval{5, 15}));
}

TEST(LineInsidePolygon, TouchingCornerGivesNothing) {
  EXPECT_TRUE(line_inside_polygon(line({{5, 15}, {15, 5}}), square).empty());
  // Ending exactly on the boundary.
  EXPECT_TRUE(line_inside_polygon(line({{-5, 5}, {0, 5}}), square).empty());
  EXPECT_TRUE(line_inside_polygon(line({{-5, 5}, {-1, 5}}), square).empty());
}

TEST(LineInsidePolygon, EntersThroughCorner) {
  const auto stretches = line_inside_polygon(line({{-5, -5}, {5, 5}}), square);
  ASSERT_EQ(stretches.size(), 1u);
  EXPECT_NEAR(stretches[0].start_m, 5 * std::sqrt(2.0), 1e-9);
  EXPECT_NEAR(stretches[0].end_m, 10 * std::sqrt(2.0), 1e-9);
}

TEST(LineInsidePolygon, AlongEdgeCountsInteriorOnLeft) {
  // Heading east along the bottom edge, the interior (north) is on the
  // left; heading west it is on the right.
  const auto east = line_inside_polygon(line({{-5, 0}, {15, 0}}), square);
  ASSERT_EQ(east.size(), 1u);
  EXPECT_EQ(east[0], (MeasureInterval{5, 15}));
  EXPECT_TRUE(line_inside_polygon(line({{15, 0}, {-5, 0}}), square).empty());
}

TEST(LineInsidePolygon, RingOrientationDoesNotMatter) {
  const MultiPolygon clockwise =
      single(Polygon{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, {}});
  const auto east = line_inside_polygon(line({{-5, 0}, {15, 0}}), clockwise);
  ASSERT_EQ(east.size(), 1u);
  EXPECT_EQ(east[0], (MeasureInterval{5, 15}));
  EXPECT_TRUE(line_inside_polygon(line({{15, 0}, {-5, 0}}), clockwise).empty());
  const auto across = line_inside_polygon(line({{-5, 5}, {15, 5}}), clockwise);
  ASSERT_EQ(across.size(), 1u);
  EXPECT_EQ(across[0], (MeasureInterval{5, 15}));
}

TEST(LineInsidePolygon, AlongHoleEdgeUsesHoleSide) {
  MultiPolygon holed = square;
  holed.parts[0].holes.push_back({{4, 4}, {6, 4}, {6, 6}, {4, 6}});
  // Heading east along y = 4, the polygon's interior is on the right
  // (south) and the hole on the left, for x in [4, 6].
  const auto east = line_inside_polygon(line({{0, 4}, {10, 4}}), holed);
  ASSERT_EQ(east.size(), 2u);
  EXPECT_EQ(east[0], (MeasureInterval{0, 4}));
  EXPECT_EQ(east[1], (MeasureInterval{6, 10}));
  // Heading west, the polygon's interior is on the left all the way.
  const auto west = line_inside_polygon(line({{10, 4}, {0, 4}}), holed);
  ASSERT_EQ(west.size(), 1u);
  EXPECT_EQ(west[0], (MeasureInterval{0, 10}));
}

TEST(LineInsidePolygon, FarFromOriginCoordinates) {
  // Lambert-93 coordinates and a slanted crossing.
  const double x0 = 842000.0;
  const double y0 = 6519000.0;
  const MultiPolygon polygon =
      single(rectangle(x0, y0, x0 + 1000.0, y0 + 1000.0));
  const auto stretches = line_inside_polygon(
      line({{x0 - 300.0, y0 - 400.0}, {x0 + 300.0, y0 + 400.0}}), polygon);
  ASSERT_EQ(stretches.size(), 1u);
  // The line has slope 4/3 and enters at (x0, y0): 500 m to the corner,
  // then 500 m inside.
  EXPECT_NEAR(stretches[0].start_m, 500.0, 1e-6);
  EXPECT_NEAR(stretches[0].end_m, 1000.0, 1e-6);
}

TEST(ZoneLine, SharedBorderCountedOnce) {
  // Two squares side by side share the border x = 10. A line that follows
  // it north has square 0 on its left, heading south square 1.
  const std::vector<MultiPolygon> polygons{
      square, single(Polygon{{{10, 0}, {10, 10}, {20, 10}, {20, 0}}, {}})};
  const auto north = zone_line(line({{10, -5}, {10, 15}}), polygons);
  ASSERT_EQ(north.size(), 1u);
  EXPECT_EQ(north[0], (ZoneStretch{0, 5, 15}));
  const auto south = zone_line(line({{10, 15}, {10, -5}}), polygons);
  ASSERT_EQ(south.size(), 1u);
  EXPECT_EQ(south[0], (ZoneStretch{1, 5, 15}));
}

TEST(ZoneLine, GridLengthsAddUpToLine) {
  // A 2 x 2 grid of 10 m squares and a line that wanders through all four,
  // partly along the inner borders.
  std::vector<MultiPolygon> grid;
  for (int row = 0; row < 2; ++row) {
    for (int column = 0; column < 2; ++column) {
      grid.push_back(single(
          rectangle(10 * column, 10 * row, 10 * column + 10, 10 * row + 10)));
    }
  }
  const Polyline wandering =
      line({{1, 1}, {10, 1}, {10, 10}, {19, 10}, {13, 17}, {3, 12}});
  const auto stretches = zone_line(wandering, grid);
  double total = 0.0;
  for (const ZoneStretch& stretch : stretches) {
    total += stretch.length_m();
  }
  EXPECT_NEAR(total, wandering.length(), 1e-9);
  for (std::size_t i = 1; i < stretches.size(); ++i) {
    EXPECT_NEAR(stretches[i].start_m, stretches[i - 1].end_m, 1e-9) << i;
  }
  // Square 0 ([0, 10]²) to x = 10, then north along x = 10 with square 1
  // ([10, 20] x [0, 10]) on the right and square 0 on the left.
  ASSERT_GE(stretches.size(), 2u);
  EXPECT_EQ(stretches[0].polygon, 0u);
  EXPECT_NEAR(stretches[0].end_m, 18.0, 1e-9);
  // Then east along y = 10: square 3 ([10, 20] x [10, 20]) on the left.
  EXPECT_EQ(stretches[1].polygon, 3u);
}

TEST(ZoneLine, SortedByStartThenPolygon) {
  const std::vector<MultiPolygon> polygons{single(rectangle(20, 0, 30, 10)),
                                           square};
  const auto stretches = zone_line(line({{-5, 5}, {35, 5}}), polygons);
  ASSERT_EQ(stretches.size(), 2u);
  EXPECT_EQ(stretches[0], (ZoneStretch{1, 5, 15}));
  EXPECT_EQ(stretches[1], (ZoneStretch{0, 25, 35}));
}

TEST(ZoneNetwork, RiverStretchesJoinAcrossReaches) {
  // "Main" runs south along x = 0 from y = 4000 (measure 0) to y = 0
  // (measure 4000), through reaches 0 (4000 to 3000), 1 (3000 to 1000) and
  // 2 (1000 to 0). "Trib" runs west along y = 1000 from x = 1000.
  const RiverNetwork network = georiviere::testing::named_network();
  const std::vector<MultiPolygon> polygons{
      single(rectangle(-100, 500, 100, 3500)),
      single(rectangle(-100, 3500, 100, 5000))};
  const NetworkZoning zoning = zone_network(network, polygons);

  ASSERT_EQ(zoning.reach_zones.size(), network.reaches.size());
  ASSERT_EQ(zoning.reach_zones[0].size(), 2u);
  EXPECT_EQ(zoning.reach_zones[0][0], (ZoneStretch{1, 0, 500}));
  EXPECT_EQ(zoning.reach_zones[0][1], (ZoneStretch{0, 500, 1000}));
  ASSERT_EQ(zoning.reach_zones[1].size(), 1u);
  EXPECT_EQ(zoning.reach_zones[1][0], (ZoneStretch{0, 0, 2000}));
  ASSERT_EQ(zoning.reach_zones[2].size(), 1u);
  EXPECT_EQ(zoning.reach_zones[2][0], (ZoneStretch{0, 0, 500}));
  ASSERT_EQ(zoning.reach_zones[3].size(), 1u);
  EXPECT_EQ(zoning.reach_zones[3][0], (ZoneStretch{0, 900, 1000}));
  EXPECT_TRUE(zoning.reach_zones[4].empty());

  ASSERT_EQ(zoning.rivers.size(), 3u);
  ASSERT_EQ(zoning.river_zones.size(), 3u);
  const RiverZones& main = zoning.river_zones[0];
  EXPECT_EQ(main.name, "Main");
  EXPECT_EQ(main.main_stem_id, 2);
  EXPECT_DOUBLE_EQ(main.length_m, 4000.0);
  ASSERT_EQ(main.stretches.size(), 2u);
  EXPECT_EQ(main.stretches[0], (ZoneStretch{1, 0, 500}));
  EXPECT_EQ(main.stretches[1], (ZoneStretch{0, 500, 3500}));

  const RiverZones& trib = zoning.river_zones[1];
  EXPECT_EQ(trib.main_stem_id, 3);
  ASSERT_EQ(trib.stretches.size(), 1u);
  EXPECT_EQ(trib.stretches[0], (ZoneStretch{0, 900, 1000}));
  EXPECT_TRUE(zoning.river_zones[2].stretches.empty());
}

TEST(ZoneNetwork, SamePolygonTwiceGivesTwoEntries) {
  const RiverNetwork network = georiviere::testing::named_network();
  MultiPolygon twice;
  twice.parts.push_back(rectangle(-100, 200, 100, 800));
  twice.parts.push_back(rectangle(-100, 3200, 100, 3800));
  const NetworkZoning zoning = zone_network(network, {twice});
  const RiverZones& main = zoning.river_zones[0];
  ASSERT_EQ(main.stretches.size(), 2u);
  EXPECT_EQ(main.stretches[0], (ZoneStretch{0, 200, 800}));
  EXPECT_EQ(main.stretches[1], (ZoneStretch{0, 3200, 3800}));
}

TEST(ZoneNetwork, ReportsProgressAndCancels) {
  const RiverNetwork network = georiviere::testing::named_network();
  double last = -1.0;
  zone_network(network, {square}, [&](std::string_view, double fraction) {
    EXPECT_GE(fraction, last);
    last = fraction;
    return true;
  });
  EXPECT_DOUBLE_EQ(last, 1.0);
  EXPECT_THROW(zone_network(network, {square},
                            [](std::string_view, double) { return false; }),
               CancelledError);
}

// ---- real data ------------------------------------------------------------

TEST(ZoneNetworkRealData, YzeronGridLengthsAddUp) {
  const std::string lines =
      std::string(GEORIVIERE_SHARED_DATA) + "/vector/yzeron/hydrography3.shp";
  if (!std::filesystem::exists(lines)) {
    GTEST_SKIP() << lines << " is missing";
  }
  ReadOptions read;
  read.path = lines;
  NetworkOptions build;
  build.name_field = "nom";
  const RiverNetwork network = build_network(read_lines(read), build);

  // Squares of 500 m over the network's extent, anchored on a round
  // Lambert-93 coordinate, so that rivers cross many borders.
  Box extent;
  for (const Reach& reach : network.reaches) {
    extent.expand(reach.geometry.bounds());
  }
  const double size = 500.0;
  const double x0 = std::floor(extent.min_x / size) * size;
  const double y0 = std::floor(extent.min_y / size) * size;
  std::vector<MultiPolygon> grid;
  for (double x = x0; x < extent.max_x; x += size) {
    for (double y = y0; y < extent.max_y; y += size) {
      grid.push_back(single(rectangle(x, y, x + size, y + size)));
    }
  }

  const NetworkZoning zoning = zone_network(network, grid);
  ASSERT_FALSE(zoning.rivers.empty());
  for (std::size_t r = 0; r < zoning.rivers.size(); ++r) {
    const RiverZones& zones = zoning.river_zones[r];
    double total = 0.0;
    for (std::size_t i = 0; i < zones.stretches.size(); ++i) {
      total += zones.stretches[i].length_m();
      if (i > 0) {
        EXPECT_NEAR(zones.stretches[i].start_m, zones.stretches[i - 1].end_m,
                    1e-6)
            << zones.name;
      }
    }
    EXPECT_NEAR(total, zoning.rivers[r].length_m, 1e-6) << zones.name;
  }
  for (const Reach& reach : network.reaches) {
    double total = 0.0;
    for (const ZoneStretch& stretch : zoning.reach_zones[reach.id]) {
      total += stretch.length_m();
    }
    EXPECT_NEAR(total, reach.geometry.length(), 1e-6) << reach.id;
  }
}
