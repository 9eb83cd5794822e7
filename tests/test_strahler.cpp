// Strahler orders on hand-built networks with hand-checked answers.
#include "georiviere/graph/strahler.hpp"

#include "georiviere/graph/strahler.hpp"

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

// Two sources joining at node 1, which drains to the outlet node 0.
RiverNetwork y_network() {
  return make_network({{0, 0}, {0, 100}, {0, 400}, {100, 100}},
                      {{2, 1}, {3, 1}, {1, 0}});
}

TEST(Strahler, YNetworkSourcesAndConfluence) {
  RiverNetwork network = y_network();
  compute(network);
  EXPECT_EQ(network.reaches[0].strahler, 1);
  EXPECT_EQ(network.reaches[1].strahler, 1);
  EXPECT_EQ(network.reaches[2].strahler, 2);
}

TEST(Strahler, UnequalInflowsKeepMaximum) {
  // Reaches 0 and 1 make order 2 at node 2; reach 3 (order 1) joins it at
  // node 4, so reach 4 stays order 2.
  RiverNetwork network = make_network(
      {{0, 300}, {100, 300}, {50, 200}, {200, 200}, {50, 100}, {50, 0}},
      {{0, 2}, {1, 2}, {2, 4}, {3, 4}, {4, 5}});
  compute(network);
  EXPECT_EQ(network.reaches[2].strahler, 2);
  EXPECT_EQ(network.reaches[3].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 2);
}

TEST(Strahler, ThreeEqualInflowsAddOne) {
  RiverNetwork network =
      make_network({{0, 0}, {0, 100}, {-100, 200}, {0, 200}, {100, 200}},
                   {{2, 1}, {3, 1}, {4, 1}, {1, 0}});
  compute(network);
  EXPECT_EQ(network.reaches[3].strahler, 2);
}

TEST(Strahler, JunctionKeepsOrder) {
  // Sources 0 and 1 join at node 2; node 3 is a pseudo-node (one inflow,
  // one outflow), which must not change the order.
  RiverNetwork network =
      make_network({{0, 400}, {100, 400}, {50, 300}, {50, 200}, {50, 0}},
                   {{0, 2}, {1, 2}, {2, 3}, {3, 4}});
  compute(network);
  EXPECT_EQ(network.reaches[2].strahler, 2);
  EXPECT_EQ(network.reaches[3].strahler, 2);
}

// Sources 0 and 4 join at node 1, which splits into a straight arm (reach
// 1, 200 m) and a bent arm (reach 2, 282.8 m) that rejoin at node 2, which
// drains to the outlet node 3.
RiverNetwork braid_network() {
  return make_network({{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}},
                      {{0, 1}, {1, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
}

TEST(Strahler, BraidDoesNotRaiseOrder) {
  RiverNetwork network = braid_network();
  compute(network);
  EXPECT_EQ(network.reaches[0].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 1);
  EXPECT_EQ(network.reaches[1].strahler, 2); // minor arm keeps the order
  EXPECT_EQ(network.reaches[2].strahler, 2);
  EXPECT_EQ(network.reaches[3].strahler, 2); // not 3
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_FALSE(network.reaches[2].is_minor_branch);
}

TEST(Strahler, MinorArmSplitByPseudoNode) {
  // The straight arm of the braid is cut at pseudo-node 5; both of its
  // reaches are minor and keep order 2.
  RiverNetwork network = make_network(
      {{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}, {0, 200}},
      {{0, 1}, {1, 5}, {5, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
  compute(network);
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_TRUE(network.reaches[2].is_minor_branch);
  EXPECT_EQ(network.reaches[1].strahler, 2);
  EXPECT_EQ(network.reaches[2].strahler, 2);
  EXPECT_EQ(network.reaches[4].strahler, 2);
}

TEST(Strahler, TributaryOfMinorArm) {
  // Source 5 joins the minor arm at node 6 before it rejoins at node 2: the
  // reach below node 6 takes the tributary's order 1, and the rejoin keeps
  // order 2.
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
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_FALSE(network.reaches[2].is_minor_branch);
  EXPECT_EQ(network.reaches[1].strahler, 2);
  EXPECT_EQ(network.reaches[2].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 2);
}

TEST(Strahler, CycleReachesGetZero) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network =
      make_network({{0, 400}, {0, 300}, {100, 200}, {0, 200}, {0, 0}},
                   {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}});
  compute(network);
  EXPECT_EQ(network.reaches[1].strahler, 0);
  EXPECT_EQ(network.reaches[2].strahler, 0);
  EXPECT_EQ(network.reaches[3].strahler, 0);
  EXPECT_EQ(network.reaches[0].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 1);
}

} // namespace
} // namespace georiviere
