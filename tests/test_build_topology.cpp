#include "georiviere/topology/build_topology.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "network_fixtures.hpp"

#if __has_include("georiviere/io/vector_reader.hpp")
#include "georiviere/io/vector_reader.hpp"
#endif

namespace georiviere {
namespace {

using namespace georiviere::testing;

SourceLine make_line(std::int64_t fid, std::vector<Point> points,
                     std::vector<double> z = {}) {
  SourceLine line;
  line.fid = fid;
  line.row = static_cast<std::uint32_t>(fid);
  line.geometry.points = std::move(points);
  line.geometry.z = std::move(z);
  return line;
}

// A LineSet without attribute fields: rows are not checked.
LineSet make_set(std::vector<SourceLine> lines) {
  LineSet set;
  set.lines = std::move(lines);
  set.source = "test lines";
  return set;
}

const Node& node_at(const RiverNetwork& network, const Point& p) {
  for (const Node& node : network.nodes) {
    if (node.position == p) {
      return node;
    }
  }
  ADD_FAILURE() << "no node at (" << p.x << ", " << p.y << ")";
  return network.nodes.front();
}

const Reach& reach_from(const RiverNetwork& network, const Point& p) {
  for (const Reach& reach : network.reaches) {
    if (reach.geometry.front() == p) {
      return reach;
    }
  }
  ADD_FAILURE() << "no reach starts at (" << p.x << ", " << p.y << ")";
  return network.reaches.front();
}

// Two lines along the x axis: fid 1 ends at x = 10 and fid 2 starts 0.4 m
// further on.
LineSet lines_with_gap() {
  return make_set({make_line(1, {{0, 0}, {10, 0}}),
                   make_line(2, {{10.4, 0}, {20, 0}})});
}

void expect_ids_are_indices(const RiverNetwork& network) {
  for (std::size_t i = 0; i < network.reaches.size(); ++i) {
    EXPECT_EQ(network.reaches[i].id, static_cast<ReachId>(i));
  }
  for (std::size_t i = 0; i < network.nodes.size(); ++i) {
    EXPECT_EQ(network.nodes[i].id, static_cast<NodeId>(i));
  }
}

TEST(BuildTopology, ConfluenceGivesThreeReaches) {
  LineSet set = make_set({make_line(1, {{0, 10}, {5, 5}}),
                          make_line(2, {{10, 10}, {5, 5}}),
                          make_line(3, {{5, 5}, {5, 0}})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 3u);
  ASSERT_EQ(network.nodes.size(), 4u);
  expect_ids_are_indices(network);
  EXPECT_EQ(node_at(network, {0, 10}).kind, NodeKind::source);
  EXPECT_EQ(node_at(network, {10, 10}).kind, NodeKind::source);
  EXPECT_EQ(node_at(network, {5, 5}).kind, NodeKind::confluence);
  EXPECT_EQ(node_at(network, {5, 5}).in_degree, 2u);
  EXPECT_EQ(node_at(network, {5, 0}).kind, NodeKind::outlet);
  // Reaches follow the input order of their first line.
  EXPECT_EQ(network.reaches[0].source_fids, std::vector<std::int64_t>{1});
  EXPECT_EQ(network.reaches[2].source_fids, std::vector<std::int64_t>{3});
  EXPECT_EQ(network.reaches[2].from_node,
            node_at(network, {5, 5}).id);
  EXPECT_DOUBLE_EQ(network.reaches[2].length_m, 5.0);
  EXPECT_TRUE(network.problems.empty());
}

TEST(BuildTopology, ChainMergesIntoOneReach) {
  // Input order is not flow order: fid 10 is upstream, then 11, then 12.
  LineSet set = make_set(
      {make_line(12, {{3, 0}, {4, 0}}, {1.0, 0.0}),
       make_line(10, {{0, 0}, {1, 0}, {2, 0}}, {3.0, 2.5, 2.0}),
       make_line(11, {{2, 0}, {3, 0}}, {2.0, 1.0})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 1u);
  ASSERT_EQ(network.nodes.size(), 2u);
  const Reach& reach = network.reaches[0];
  EXPECT_EQ(reach.source_fids, (std::vector<std::int64_t>{10, 11, 12}));
  EXPECT_EQ(reach.source_rows, (std::vector<std::uint32_t>{10, 11, 12}));
  const std::vector<Point> expected_points = {
      {0, 0}, {1, 0}, {2, 0}, {3, 0}, {4, 0}};
  EXPECT_EQ(reach.geometry.points, expected_points);
  EXPECT_EQ(reach.geometry.z, (std::vector<double>{3.0, 2.5, 2.0, 1.0, 0.0}));
  EXPECT_TRUE(reach.geometry.m.empty());
  EXPECT_DOUBLE_EQ(reach.length_m, 4.0);
  EXPECT_EQ(network.nodes[reach.from_node].position, (Point{0, 0}));
  EXPECT_EQ(network.nodes[reach.to_node].position, (Point{4, 0}));
}

TEST(BuildTopology, ChainDropsZWhenOneLineLacksIt) {
  LineSet set = make_set({make_line(1, {{0, 0}, {1, 0}}, {2.0, 1.0}),
                          make_line(2, {{1, 0}, {2, 0}})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 1u);
  EXPECT_EQ(network.reaches[0].geometry.size(), 3u);
  EXPECT_TRUE(network.reaches[0].geometry.z.empty());
}

TEST(BuildTopology, SnapToleranceJoinsCloseEnds) {
  TopologyOptions options;
  options.snap_tolerance_m = 0.5;
  const RiverNetwork joined = build_topology(lines_with_gap(), options);

  ASSERT_EQ(joined.reaches.size(), 1u);
  // The node sits at the first end in input order; the other end moved.
  const std::vector<Point> expected = {{0, 0}, {10, 0}, {20, 0}};
  EXPECT_EQ(joined.reaches[0].geometry.points, expected);
  EXPECT_EQ(joined.reaches[0].source_fids,
            (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(joined.count_problems(ProblemKind::gap), 0u);
}

TEST(BuildTopology, EndsBeyondToleranceAreGaps) {
  TopologyOptions options;
  options.snap_tolerance_m = 0.3;
  const RiverNetwork network = build_topology(lines_with_gap(), options);

  ASSERT_EQ(network.reaches.size(), 2u);
  const std::vector<const Problem*> gaps =
      problems_of(network, ProblemKind::gap);
  // Each dangling end is reported once: the end of fid 1, the start of 2.
  ASSERT_EQ(gaps.size(), 2u);
  EXPECT_EQ(gaps[0]->points, (std::vector<Point>{Point{10, 0}}));
  EXPECT_EQ(gaps[0]->source_fids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_NE(gaps[0]->message.find("0.400 m"), std::string::npos)
      << gaps[0]->message;
  EXPECT_NE(gaps[0]->message.find("--snap-tolerance 0.5"), std::string::npos)
      << gaps[0]->message;
  EXPECT_EQ(gaps[1]->points, (std::vector<Point>{Point{10.4, 0}}));
  EXPECT_EQ(gaps[1]->source_fids, (std::vector<std::int64_t>{2, 1}));
}

TEST(BuildTopology, GapToleranceLimitsGapReport) {
  TopologyOptions options;
  options.gap_tolerance_m = 0.2;
  const RiverNetwork network = build_topology(lines_with_gap(), options);
  EXPECT_EQ(network.count_problems(ProblemKind::gap), 0u);
}

TEST(BuildTopology, ShortSourceNextToConfluenceIsNoGap) {
  // A 0.5 m source line ends at a confluence: its dangling start is close
  // to the other lines at that confluence, but joined to them through it.
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 0}}),
                make_line(2, {{10, 0.5}, {10, 0}}),
                make_line(3, {{10, 0}, {20, 0}})}),
      {});
  EXPECT_EQ(network.reaches.size(), 3u);
  EXPECT_EQ(network.count_problems(ProblemKind::gap), 0u);
}

TEST(BuildTopology, TJunctionSplitsMainLine) {
  LineSet set = make_set({make_line(1, {{0, 0}, {10, 0}}, {10.0, 0.0}),
                          make_line(2, {{5, 5}, {5, 0}}, {20.0, 5.0})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 3u);
  const Reach& upstream = reach_from(network, {0, 0});
  const Reach& downstream = reach_from(network, {5, 0});
  EXPECT_EQ(upstream.geometry.points, (std::vector<Point>{{0, 0}, {5, 0}}));
  EXPECT_EQ(upstream.geometry.z, (std::vector<double>{10.0, 5.0}));
  EXPECT_EQ(downstream.geometry.points,
            (std::vector<Point>{{5, 0}, {10, 0}}));
  EXPECT_EQ(downstream.geometry.z, (std::vector<double>{5.0, 0.0}));
  EXPECT_EQ(upstream.source_fids, std::vector<std::int64_t>{1});
  EXPECT_EQ(downstream.source_fids, std::vector<std::int64_t>{1});
  EXPECT_EQ(node_at(network, {5, 0}).kind, NodeKind::confluence);
  EXPECT_TRUE(network.problems.empty());
}

TEST(BuildTopology, TJunctionWithinToleranceMovesOntoNode) {
  // The tributary stops 0.3 m short of the main line: the main line gets a
  // vertex at the tributary's end, with Z interpolated halfway.
  LineSet set = make_set({make_line(1, {{0, 0}, {10, 0}}, {10.0, 0.0}),
                          make_line(2, {{5, 5}, {5, 0.3}}, {20.0, 5.0})});
  TopologyOptions options;
  options.snap_tolerance_m = 0.5;
  const RiverNetwork network = build_topology(std::move(set), options);

  ASSERT_EQ(network.reaches.size(), 3u);
  const Reach& downstream = reach_from(network, {5, 0.3});
  EXPECT_EQ(downstream.geometry.points,
            (std::vector<Point>{{5, 0.3}, {10, 0}}));
  EXPECT_DOUBLE_EQ(downstream.geometry.z.front(), 5.0);
  EXPECT_EQ(node_at(network, {5, 0.3}).in_degree, 2u);
  EXPECT_EQ(network.count_problems(ProblemKind::gap), 0u);
}

TEST(BuildTopology, TJunctionAtVertexSplitsThere) {
  LineSet set = make_set({make_line(1, {{0, 0}, {4, 0}, {10, 0}}),
                          make_line(2, {{4, 5}, {4, 0}}),
                          make_line(3, {{6, 5}, {6, 0}})});
  const RiverNetwork network = build_topology(std::move(set), {});

  // The main line is split at its vertex (4, 0) and at (6, 0).
  ASSERT_EQ(network.reaches.size(), 5u);
  EXPECT_EQ(reach_from(network, {0, 0}).geometry.points,
            (std::vector<Point>{{0, 0}, {4, 0}}));
  EXPECT_EQ(reach_from(network, {4, 0}).geometry.points,
            (std::vector<Point>{{4, 0}, {6, 0}}));
  EXPECT_EQ(reach_from(network, {6, 0}).geometry.points,
            (std::vector<Point>{{6, 0}, {10, 0}}));
}

TEST(BuildTopology, TwoNodesNearOneVertex) {
  // Both tributary ends are within 0.5 m of the vertex (5, 0) but 0.7 m
  // apart. The first node (fid 2) takes the vertex, the second gets a new
  // vertex inserted after it.
  TopologyOptions options;
  options.snap_tolerance_m = 0.5;
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {5, 0}, {10, 0}}),
                make_line(2, {{5, 5}, {5, 0.3}}),
                make_line(3, {{5, -5}, {5, -0.4}})}),
      options);

  ASSERT_EQ(network.reaches.size(), 5u);
  EXPECT_EQ(reach_from(network, {0, 0}).geometry.points,
            (std::vector<Point>{{0, 0}, {5, 0.3}}));
  EXPECT_EQ(reach_from(network, {5, 0.3}).geometry.points.back(),
            (Point{5, -0.4}));
  EXPECT_EQ(reach_from(network, {5, -0.4}).geometry.points.back(),
            (Point{10, 0}));
}

TEST(BuildTopology, DefaultGapToleranceIsOneMetre) {
  const RiverNetwork near = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 0}}),
                make_line(2, {{5, 0.9}, {5, 5}})}),
      {});
  EXPECT_EQ(near.count_problems(ProblemKind::gap), 1u);
  const RiverNetwork far = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 0}}),
                make_line(2, {{5, 1.1}, {5, 5}})}),
      {});
  EXPECT_EQ(far.count_problems(ProblemKind::gap), 0u);
}

TEST(BuildTopology, ThreeLinesCrossingMakeOneNode) {
  TopologyOptions options;
  options.split_crossings = true;
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 10}}),
                make_line(2, {{0, 10}, {10, 0}}),
                make_line(3, {{5, 0}, {5, 10}})}),
      options);

  EXPECT_EQ(network.reaches.size(), 6u);
  const Node& middle = node_at(network, {5, 5});
  EXPECT_EQ(middle.in_degree, 3u);
  EXPECT_EQ(middle.out_degree, 3u);
}

TEST(BuildTopology, SharedInteriorVertexIsCrossing) {
  // The lines touch at (5, 5), an interior vertex of both.
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {5, 5}, {10, 0}}),
                make_line(2, {{0, 10}, {5, 5}, {10, 10}})}),
      {});
  const std::vector<const Problem*> crossings =
      problems_of(network, ProblemKind::crossing);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_EQ(crossings[0]->points, (std::vector<Point>{Point{5, 5}}));
}

TEST(BuildTopology, CrossingLeftUnsplitByDefault) {
  const auto lines = [] {
    return make_set({make_line(1, {{0, 0}, {10, 10}}, {4.0, 2.0}),
                     make_line(2, {{0, 10}, {10, 0}}, {8.0, 6.0})});
  };
  const RiverNetwork network = build_topology(lines(), {});

  EXPECT_EQ(network.reaches.size(), 2u);
  EXPECT_EQ(network.nodes.size(), 4u);
  const std::vector<const Problem*> crossings =
      problems_of(network, ProblemKind::crossing);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_EQ(crossings[0]->points, (std::vector<Point>{Point{5, 5}}));
  EXPECT_EQ(crossings[0]->source_fids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(crossings[0]->reach_ids, (std::vector<std::int64_t>{0, 1}));
  EXPECT_NE(crossings[0]->message.find("--split-crossings"),
            std::string::npos);
}

TEST(BuildTopology, CrossingSplitWhenRequested) {
  TopologyOptions options;
  options.split_crossings = true;
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 10}}, {4.0, 2.0}),
                make_line(2, {{0, 10}, {10, 0}}, {8.0, 6.0})}),
      options);

  ASSERT_EQ(network.reaches.size(), 4u);
  ASSERT_EQ(network.nodes.size(), 5u);
  EXPECT_EQ(network.count_problems(ProblemKind::crossing), 0u);
  const Node& middle = node_at(network, {5, 5});
  EXPECT_EQ(middle.in_degree, 2u);
  EXPECT_EQ(middle.out_degree, 2u);
  // Z is interpolated along each line at the crossing.
  EXPECT_DOUBLE_EQ(reach_from(network, {0, 0}).geometry.z.back(), 3.0);
  EXPECT_DOUBLE_EQ(reach_from(network, {0, 10}).geometry.z.back(), 7.0);
}

TEST(BuildTopology, OverlapIsReportedNotSplit) {
  TopologyOptions options;
  options.split_crossings = true;
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 0}}),
                make_line(2, {{5, 1}, {6, 0}, {8, 0}, {9, 1}})}),
      options);

  EXPECT_EQ(network.reaches.size(), 2u);
  const std::vector<const Problem*> crossings =
      problems_of(network, ProblemKind::crossing);
  ASSERT_EQ(crossings.size(), 1u);
  EXPECT_NE(crossings[0]->message.find("overlap"), std::string::npos);
}

TEST(BuildTopology, DuplicatesAreDroppedAndReported) {
  LineSet set = make_set({make_line(1, {{0, 0}, {1, 0}, {2, 1}}),
                          make_line(2, {{0, 0}, {1, 0}, {2, 1}}),
                          make_line(3, {{2, 1}, {1, 0}, {0, 0}}),
                          make_line(4, {{2, 1}, {3, 3}})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 1u);
  EXPECT_EQ(network.reaches[0].source_fids,
            (std::vector<std::int64_t>{1, 4}));
  const std::vector<const Problem*> duplicates =
      problems_of(network, ProblemKind::duplicate);
  ASSERT_EQ(duplicates.size(), 2u);
  EXPECT_EQ(duplicates[0]->source_fids, (std::vector<std::int64_t>{2, 1}));
  EXPECT_EQ(duplicates[0]->message.find("reverse"), std::string::npos);
  ASSERT_EQ(duplicates[0]->lines.size(), 1u);
  EXPECT_EQ(duplicates[0]->lines[0].size(), 3u);
  EXPECT_EQ(duplicates[1]->source_fids, (std::vector<std::int64_t>{3, 1}));
  EXPECT_NE(duplicates[1]->message.find("in reverse order"),
            std::string::npos);
}

TEST(BuildTopology, ZeroLengthLineIsDropped) {
  LineSet set = make_set({make_line(5, {{1, 1}, {1, 1}}),
                          make_line(6, {{0, 0}, {0, 0}, {3, 4}})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 1u);
  // The repeated vertex of fid 6 is removed.
  EXPECT_EQ(network.reaches[0].geometry.size(), 2u);
  EXPECT_DOUBLE_EQ(network.reaches[0].length_m, 5.0);
  const std::vector<const Problem*> zero =
      problems_of(network, ProblemKind::zero_length);
  ASSERT_EQ(zero.size(), 1u);
  EXPECT_EQ(zero[0]->source_fids, std::vector<std::int64_t>{5});
  EXPECT_EQ(zero[0]->points, (std::vector<Point>{Point{1, 1}}));
}

TEST(BuildTopology, LineShorterThanToleranceCollapses) {
  TopologyOptions options;
  options.snap_tolerance_m = 0.5;
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 0}}),
                make_line(2, {{10, 0}, {10.2, 0}}),
                make_line(3, {{10.2, 0}, {20, 0}})}),
      options);

  ASSERT_EQ(network.reaches.size(), 1u);
  EXPECT_EQ(network.reaches[0].geometry.points,
            (std::vector<Point>{{0, 0}, {10, 0}, {20, 0}}));
  EXPECT_EQ(network.reaches[0].source_fids,
            (std::vector<std::int64_t>{1, 3}));
  EXPECT_EQ(network.count_problems(ProblemKind::zero_length), 1u);
}

TEST(BuildTopology, RingKeepsOneJunction) {
  LineSet set = make_set({make_line(1, {{0, 0}, {10, 0}, {10, 10}}),
                          make_line(2, {{10, 10}, {0, 10}, {0, 0}})});
  const RiverNetwork network = build_topology(std::move(set), {});

  ASSERT_EQ(network.reaches.size(), 1u);
  ASSERT_EQ(network.nodes.size(), 1u);
  const Reach& ring = network.reaches[0];
  EXPECT_EQ(ring.from_node, 0);
  EXPECT_EQ(ring.to_node, 0);
  EXPECT_EQ(network.nodes[0].position, (Point{0, 0}));
  EXPECT_EQ(network.nodes[0].kind, NodeKind::junction);
  EXPECT_EQ(ring.source_fids, (std::vector<std::int64_t>{1, 2}));
  EXPECT_EQ(ring.geometry.size(), 5u);
  EXPECT_DOUBLE_EQ(ring.length_m, 40.0);
}

TEST(BuildTopology, OpposedDirectionsAreNotMerged) {
  // Both lines end at (10, 0): that node has two inflows and stays.
  const RiverNetwork network = build_topology(
      make_set({make_line(1, {{0, 0}, {10, 0}}),
                make_line(2, {{20, 0}, {10, 0}})}),
      {});
  EXPECT_EQ(network.reaches.size(), 2u);
  EXPECT_EQ(node_at(network, {10, 0}).in_degree, 2u);
}

TEST(BuildTopology, NameFieldNamesReaches) {
  LineSet set = make_set({make_line(0, {{0, 10}, {5, 5}}),
                          make_line(1, {{10, 10}, {5, 5}}),
                          make_line(2, {{5, 5}, {5, 0}})});
  set.attributes.fields = {{"code", FieldType::integer},
                           {"nom", FieldType::string}};
  set.attributes.fids = {0, 1, 2};
  set.attributes.rows = {{std::int64_t{7}, std::string("Yzeron")},
                         {std::int64_t{8}, FieldValue{}},
                         {std::int64_t{9}, std::string("Yzeron")}};
  TopologyOptions options;
  options.name_field = "nom";
  const RiverNetwork network = build_topology(std::move(set), options);

  ASSERT_EQ(network.reaches.size(), 3u);
  EXPECT_EQ(network.reaches[0].name, "Yzeron");
  EXPECT_EQ(network.reaches[1].name, "");
  EXPECT_EQ(network.reaches[2].name, "Yzeron");
  EXPECT_EQ(network.attributes.size(), 3u);
}

TEST(BuildTopology, EmptyInputThrows) {
  LineSet set;
  set.source = "rivers.gpkg, layer troncons";
  try {
    build_topology(std::move(set), {});
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("rivers.gpkg"),
              std::string::npos);
  }
}

TEST(BuildTopology, UnknownNameFieldThrows) {
  LineSet set = make_set({make_line(0, {{0, 0}, {1, 0}})});
  set.attributes.fields = {{"nom", FieldType::string},
                           {"regime", FieldType::string}};
  set.attributes.fids = {0};
  set.attributes.rows = {{std::string("a"), std::string("b")}};
  TopologyOptions options;
  options.name_field = "name";
  try {
    build_topology(std::move(set), options);
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("'name'"), std::string::npos) << message;
    EXPECT_NE(message.find("nom, regime"), std::string::npos) << message;
  }
}

TEST(BuildTopology, InvalidOptionsThrow) {
  const auto lines = [] { return make_set({make_line(0, {{0, 0}, {1, 0}})}); };
  TopologyOptions negative;
  negative.snap_tolerance_m = -1.0;
  EXPECT_THROW(build_topology(lines(), negative), InvalidInputError);
  TopologyOptions not_a_number;
  not_a_number.snap_tolerance_m = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(build_topology(lines(), not_a_number), InvalidInputError);
  TopologyOptions gap_nan;
  gap_nan.gap_tolerance_m = std::numeric_limits<double>::quiet_NaN();
  EXPECT_THROW(build_topology(lines(), gap_nan), InvalidInputError);
}

TEST(BuildTopology, NanCoordinateThrowsWithFid) {
  LineSet set = make_set(
      {make_line(0, {{0, 0}, {1, 0}}),
       make_line(42, {{0, 0}, {std::numeric_limits<double>::quiet_NaN(), 1}})});
  try {
    build_topology(std::move(set), {});
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("fid 42"), std::string::npos);
  }
}

TEST(BuildTopology, CancelledByProgressCallback) {
  TopologyOptions options;
  options.progress = [](std::string_view stage, double) {
    return stage != "merging";
  };
  EXPECT_THROW(
      build_topology(make_set({make_line(0, {{0, 0}, {1, 0}})}), options),
      CancelledError);
}

TEST(BuildTopology, ReportsEveryStage) {
  std::vector<std::string> stages;
  TopologyOptions options;
  options.progress = [&stages](std::string_view stage, double) {
    if (stages.empty() || stages.back() != stage) {
      stages.emplace_back(stage);
    }
    return true;
  };
  build_topology(make_set({make_line(0, {{0, 0}, {1, 0}})}), options);
  for (const char* stage : {"cleaning", "noding", "crossings", "merging"}) {
    EXPECT_NE(std::find(stages.begin(), stages.end(), stage), stages.end())
        << stage;
  }
}

#if __has_include("georiviere/io/vector_reader.hpp")
TEST(BuildTopology, YzeronLengthsAreKept) {
  const std::filesystem::path path =
      std::filesystem::path(GEORIVIERE_SHARED_DATA) / "vector" / "yzeron" /
      "hydrography3.shp";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " not found";
  }
  ReadOptions read;
  read.path = path.string();
  LineSet lines = read_lines(read);
  ASSERT_EQ(lines.lines.size(), 542u);
  const double input_length = lines.total_length();

  TopologyOptions options;
  options.name_field = "nom";
  const RiverNetwork network = build_topology(std::move(lines), options);

  ASSERT_GT(network.reaches.size(), 0u);
  expect_ids_are_indices(network);
  double dropped_length = 0.0;
  for (const Problem& problem : network.problems) {
    if (problem.kind == ProblemKind::duplicate) {
      dropped_length += problem.lines.at(0).length();
    }
  }
  double reach_length = 0.0;
  for (const Reach& reach : network.reaches) {
    EXPECT_DOUBLE_EQ(reach.length_m, reach.geometry.length());
    EXPECT_EQ(reach.geometry.front(),
              network.nodes[reach.from_node].position);
    EXPECT_EQ(reach.geometry.back(), network.nodes[reach.to_node].position);
    reach_length += reach.length_m;
  }
  EXPECT_NEAR(reach_length, input_length - dropped_length,
              1e-6 * input_length);
}
#endif

} // namespace
} // namespace georiviere
