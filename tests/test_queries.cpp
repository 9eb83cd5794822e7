// Upstream, downstream, nearest-reach and path queries on a small tree.
#include "georiviere/graph/queries.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

// Reach 0 drains node 1 to the outlet node 0. Reaches 1 and 2 join at node
// 1; reaches 3 and 4 join at node 2 above reach 1. Reach 5 is apart.
RiverNetwork tree_network() {
  return make_network({{0, 0},
                       {0, 100},
                       {-100, 200},
                       {100, 200},
                       {-100, 300},
                       {-200, 200},
                       {1000, 100},
                       {1000, 0}},
                      {{1, 0}, {2, 1}, {3, 1}, {4, 2}, {5, 2}, {6, 7}});
}

TEST(Queries, UpstreamReachesInBreadthFirstOrder) {
  const RiverNetwork network = tree_network();
  EXPECT_EQ(upstream_reaches(network, 0), (std::vector<ReachId>{1, 2, 3, 4}));
  EXPECT_EQ(upstream_reaches(network, 1), (std::vector<ReachId>{3, 4}));
  EXPECT_TRUE(upstream_reaches(network, 3).empty());
}

TEST(Queries, DownstreamReachesToOutlet) {
  const RiverNetwork network = tree_network();
  EXPECT_EQ(downstream_reaches(network, 3), (std::vector<ReachId>{1, 0}));
  EXPECT_TRUE(downstream_reaches(network, 0).empty());
}

TEST(Queries, DownstreamThroughEveryBranch) {
  // Node 1 splits into reaches 1 and 2, which rejoin at node 2.
  const RiverNetwork network =
      make_network({{0, 300}, {0, 200}, {0, 100}, {0, 0}},
                   {{0, 1}, {1, 2}, {1, 2, {{50, 150}}}, {2, 3}});
  EXPECT_EQ(downstream_reaches(network, 0), (std::vector<ReachId>{1, 2, 3}));
  EXPECT_EQ(upstream_reaches(network, 3), (std::vector<ReachId>{1, 2, 0}));
}

TEST(Queries, UpstreamOnCycleTerminates) {
  // Reaches 1 and 2 form a cycle between nodes 1 and 2.
  const RiverNetwork network = make_network(
      {{0, 300}, {0, 200}, {0, 100}}, {{0, 1}, {1, 2}, {2, 1, {{50, 150}}}});
  EXPECT_EQ(upstream_reaches(network, 1), (std::vector<ReachId>{0, 2}));
  EXPECT_EQ(downstream_reaches(network, 1), (std::vector<ReachId>{2}));
}

TEST(Queries, UnknownReachIdThrows) {
  const RiverNetwork network = tree_network();
  EXPECT_THROW(upstream_reaches(network, 6), InvalidInputError);
  EXPECT_THROW(downstream_reaches(network, -1), InvalidInputError);
  EXPECT_THROW(path_between(network, 0, 99), InvalidInputError);
  try {
    upstream_reaches(network, 6);
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("valid ids are 0 to 5"),
              std::string::npos)
        << error.what();
  }
}

TEST(Queries, StaleGraphThrows) {
  RiverNetwork network = tree_network();
  network.reaches.pop_back();
  EXPECT_THROW(upstream_reaches(network, 0), InvalidInputError);
}

TEST(Queries, PathDownstreamEitherWay) {
  const RiverNetwork network = tree_network();
  EXPECT_EQ(path_between(network, 3, 0), (std::vector<ReachId>{3, 1, 0}));
  EXPECT_EQ(path_between(network, 0, 3), (std::vector<ReachId>{0, 1, 3}));
  EXPECT_EQ(path_between(network, 2, 2), (std::vector<ReachId>{2}));
}

TEST(Queries, PathAcrossTwoTributaries) {
  const RiverNetwork network = tree_network();
  EXPECT_EQ(path_between(network, 3, 2), (std::vector<ReachId>{3, 1, 2}));
  EXPECT_EQ(path_between(network, 3, 4), (std::vector<ReachId>{3, 4}));
}

TEST(Queries, PathTakesShorterArm) {
  // Node 1 splits into a straight arm (reach 1) and a longer bent arm
  // (reach 2) that rejoin at node 2.
  const RiverNetwork network =
      make_network({{0, 300}, {0, 200}, {0, 100}, {0, 0}},
                   {{0, 1}, {1, 2, {{80, 150}}}, {1, 2}, {2, 3}});
  EXPECT_EQ(path_between(network, 0, 3), (std::vector<ReachId>{0, 2, 3}));
}

TEST(Queries, PathBetweenComponentsEmpty) {
  const RiverNetwork network = tree_network();
  EXPECT_TRUE(path_between(network, 3, 5).empty());
}

TEST(Queries, LocatePointOnReach) {
  const RiverNetwork network = tree_network();
  const auto location = locate_point(network, Point{10, 40}, 50.0);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->reach, 0);
  EXPECT_DOUBLE_EQ(location->measure_m, 60.0); // from node 1 at y = 100
  EXPECT_DOUBLE_EQ(location->offset_m, 10.0);
  EXPECT_EQ(location->point, (Point{0, 40}));
}

TEST(Queries, LocatePointMeasureAlongBends) {
  // Reach 0 runs from (0, 0) east to (100, 0), then north to (100, 100).
  const RiverNetwork network =
      make_network({{0, 0}, {100, 100}}, {{0, 1, {{100, 0}}}});
  const auto location = locate_point(network, Point{103, 30}, 5.0);
  ASSERT_TRUE(location.has_value());
  EXPECT_DOUBLE_EQ(location->measure_m, 130.0);
  EXPECT_DOUBLE_EQ(location->offset_m, 3.0);
}

TEST(Queries, LocatePointBeyondMaxDistance) {
  const RiverNetwork network = tree_network();
  EXPECT_FALSE(locate_point(network, Point{10, 40}, 9.9).has_value());
  EXPECT_FALSE(locate_point(network, Point{-5000, 40}, 100.0).has_value());
  EXPECT_TRUE(locate_point(network, Point{10, 40}, 10.0).has_value());
}

TEST(Queries, LocatePointFarOutsideGrid) {
  const RiverNetwork network = tree_network();
  const auto location = locate_point(network, Point{1000, -5000},
                                     std::numeric_limits<double>::infinity());
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->reach, 5);
  EXPECT_DOUBLE_EQ(location->offset_m, 5000.0);
}

TEST(Queries, LocatePointTieToLowestId) {
  // The point is 50 m from both reaches.
  const RiverNetwork network =
      make_network({{0, 0}, {0, 100}, {100, 0}, {100, 100}}, {{3, 2}, {1, 0}});
  const auto location = locate_point(network, Point{50, 50}, 100.0);
  ASSERT_TRUE(location.has_value());
  EXPECT_EQ(location->reach, 0);
}

TEST(Queries, LocatePointRejectsBadInput) {
  const RiverNetwork network = tree_network();
  EXPECT_THROW(locate_point(network, Point{std::nan(""), 0}, 10.0),
               InvalidInputError);
  EXPECT_THROW(locate_point(network, Point{0, 0}, -1.0), InvalidInputError);
  EXPECT_FALSE(locate_point(RiverNetwork{}, Point{0, 0}, 10.0).has_value());
}

// Minimum distance from the point to any reach, by brute force.
double nearest_distance(const RiverNetwork& network, const Point& point) {
  double best = std::numeric_limits<double>::infinity();
  for (const Reach& reach : network.reaches) {
    const std::vector<Point>& points = reach.geometry.points;
    for (std::size_t i = 0; i + 1 < points.size(); ++i) {
      best = std::min(
          best, project_on_segment(point, points[i], points[i + 1]).distance);
    }
  }
  return best;
}

TEST(Queries, ReachIndexMatchesBruteForce) {
  // A comb of 200 reaches of uneven lengths along a 10 km trunk.
  std::vector<Point> positions;
  std::vector<ReachSpec> specs;
  for (int i = 0; i <= 100; ++i) {
    positions.push_back({100.0 * i, 0.0});
  }
  for (int i = 0; i < 100; ++i) {
    specs.push_back({i + 1, i});
    positions.push_back({100.0 * i + 30.0, 50.0 + 37.0 * (i % 7)});
    specs.push_back({static_cast<NodeId>(positions.size() - 1),
                     i,
                     {{100.0 * i + 60.0, 20.0 + 11.0 * (i % 5)}}});
  }
  const RiverNetwork network = make_network(positions, specs);
  const ReachIndex index(network);

  std::mt19937_64 engine(7);
  const auto draw = [&](double low, double high) {
    return low + (high - low) * static_cast<double>(engine() >> 11) * 0x1.0p-53;
  };
  for (int i = 0; i < 2000; ++i) {
    const Point point{draw(-2000.0, 12000.0), draw(-2000.0, 2000.0)};
    const double expected = nearest_distance(network, point);
    const auto location = locate_point(index, point, 1.0e6);
    ASSERT_TRUE(location.has_value());
    EXPECT_NEAR(location->offset_m, expected, 1e-9)
        << "point " << point.x << " " << point.y;
    EXPECT_NEAR(distance(location->point, point), location->offset_m, 1e-9);
  }
}

} // namespace
} // namespace georiviere
