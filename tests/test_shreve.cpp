// Shreve magnitudes on hand-built networks with hand-checked answers.
#include "georiviere/graph/shreve.hpp"

#include "georiviere/graph/shreve.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/graph/metrics.hpp"

namespace georiviere {
namespace {

// A reach to build by hand: straight from node to node unless `via` gives
// intermediate vertices. Its length is the length of its geometry.
struct ReachSpec {
  NodeId from;
  NodeId to;
  std::vector<Point> via = {};
  std::string name = {};
};

RiverNetwork make_network(const std::vector<Point>& positions,
                          const std::vector<ReachSpec>& specs) {
  RiverNetwork network;
  for (std::size_t i = 0; i < positions.size(); ++i) {
    Node node;
    node.id = static_cast<NodeId>(i);
    node.position = positions[i];
    network.nodes.push_back(node);
  }
  for (std::size_t i = 0; i < specs.size(); ++i) {
    const ReachSpec& spec = specs[i];
    Reach reach;
    reach.id = static_cast<ReachId>(i);
    reach.from_node = spec.from;
    reach.to_node = spec.to;
    reach.geometry.points.push_back(positions[spec.from]);
    for (const Point& p : spec.via) {
      reach.geometry.points.push_back(p);
    }
    reach.geometry.points.push_back(positions[spec.to]);
    reach.length_m = reach.geometry.length();
    reach.name = spec.name;
    reach.source_fids.push_back(100 + static_cast<std::int64_t>(i));
    network.reaches.push_back(reach);
  }
  network.rebuild_graph();
  return network;
}

// The metric passes depend on each other (minor branches on distances to
// sources, Strahler on minor branches), so the tests run them all through
// compute_metrics() and check this header's fields.
void compute(RiverNetwork& network, bool use_names = false) {
  MetricOptions options;
  options.use_names = use_names;
  compute_metrics(network, options);
}

TEST(Shreve, YNetworkSumsSources) {
  RiverNetwork network = make_network({{0, 0}, {0, 100}, {0, 400}, {100, 100}},
                                      {{2, 1}, {3, 1}, {1, 0}});
  compute(network);
  EXPECT_EQ(network.reaches[0].shreve, 1);
  EXPECT_EQ(network.reaches[1].shreve, 1);
  EXPECT_EQ(network.reaches[2].shreve, 2);
}

TEST(Shreve, UnequalTreeCountsSources) {
  // Sources 0 and 1 join at node 2, source 3 joins below at node 4.
  RiverNetwork network = make_network(
      {{0, 300}, {100, 300}, {50, 200}, {200, 200}, {50, 100}, {50, 0}},
      {{0, 2}, {1, 2}, {2, 4}, {3, 4}, {4, 5}});
  compute(network);
  EXPECT_EQ(network.reaches[2].shreve, 2);
  EXPECT_EQ(network.reaches[3].shreve, 1);
  EXPECT_EQ(network.reaches[4].shreve, 3);
}

TEST(Shreve, BraidCountsSourcesOnce) {
  // Sources 0 and 4 join at node 1, which splits into two arms that rejoin
  // at node 2 above the outlet node 3.
  RiverNetwork network =
      make_network({{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}},
                   {{0, 1}, {1, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
  compute(network);
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_EQ(network.reaches[1].shreve, 2); // what the minor arm receives
  EXPECT_EQ(network.reaches[2].shreve, 2);
  EXPECT_EQ(network.reaches[3].shreve, 2); // not 4
}

TEST(Shreve, MinorArmCarriesThroughPseudoNode) {
  // The straight arm of the braid is cut at pseudo-node 5.
  RiverNetwork network = make_network(
      {{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}, {0, 200}},
      {{0, 1}, {1, 5}, {5, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
  compute(network);
  EXPECT_EQ(network.reaches[1].shreve, 2);
  EXPECT_EQ(network.reaches[2].shreve, 2);
  EXPECT_EQ(network.reaches[4].shreve, 2);
}

TEST(Shreve, TributaryOfMinorArmCounted) {
  // Source 5 joins the minor arm at node 6 before the arm rejoins at node
  // 2: the outlet counts the three sources once each.
  RiverNetwork network = make_network(
      {{0, 400},
       {0, 300},
       {0, 100},
       {0, 0},
       {-100, 300},
       {-100, 200},
       {-10, 200}},
      {{0, 1}, {1, 6}, {6, 2}, {1, 2, {{300, 200}}}, {2, 3}, {4, 1}, {5, 6}});
  compute(network);
  EXPECT_EQ(network.reaches[1].shreve, 2);
  EXPECT_EQ(network.reaches[2].shreve, 1);
  EXPECT_EQ(network.reaches[4].shreve, 3);
}

TEST(Shreve, CycleReachesGetZero) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network =
      make_network({{0, 400}, {0, 300}, {100, 200}, {0, 200}, {0, 0}},
                   {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}});
  compute(network);
  EXPECT_EQ(network.reaches[1].shreve, 0);
  EXPECT_EQ(network.reaches[2].shreve, 0);
  EXPECT_EQ(network.reaches[3].shreve, 0);
  EXPECT_EQ(network.reaches[4].shreve, 1);
}

} // namespace
} // namespace georiviere
