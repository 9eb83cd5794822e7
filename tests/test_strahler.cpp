// Strahler orders on hand-built networks with hand-checked answers.
#include "georiviere/graph/strahler.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

TEST(Strahler, YNetworkSourcesAndConfluence) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[0].strahler, 1);
  EXPECT_EQ(network.reaches[1].strahler, 1);
  EXPECT_EQ(network.reaches[2].strahler, 2);
}

TEST(Strahler, UnequalInflowsKeepMaximum) {
  // Reaches 0 and 1 make order 2 at node 2; reach 3 (order 1) joins it at
  // node 4, so reach 4 stays order 2.
  RiverNetwork network = unequal_tree_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[2].strahler, 2);
  EXPECT_EQ(network.reaches[3].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 2);
}

TEST(Strahler, ThreeEqualInflowsAddOne) {
  RiverNetwork network =
      make_network({{0, 0}, {0, 100}, {-100, 200}, {0, 200}, {100, 200}},
                   {{2, 1}, {3, 1}, {4, 1}, {1, 0}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[3].strahler, 2);
}

TEST(Strahler, JunctionKeepsOrder) {
  // Sources 0 and 1 join at node 2; node 3 is a pseudo-node (one inflow,
  // one outflow), which must not change the order.
  RiverNetwork network =
      make_network({{0, 400}, {100, 400}, {50, 300}, {50, 200}, {50, 0}},
                   {{0, 2}, {1, 2}, {2, 3}, {3, 4}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[2].strahler, 2);
  EXPECT_EQ(network.reaches[3].strahler, 2);
}

TEST(Strahler, BraidDoesNotRaiseOrder) {
  RiverNetwork network = braid_network();
  compute_all_metrics(network);
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
  RiverNetwork network = split_braid_network();
  compute_all_metrics(network);
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
  RiverNetwork network = braid_with_tributary_network();
  compute_all_metrics(network);
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_FALSE(network.reaches[2].is_minor_branch);
  EXPECT_EQ(network.reaches[1].strahler, 2);
  EXPECT_EQ(network.reaches[2].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 2);
}

TEST(Strahler, CycleReachesGetZero) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network = cycle_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[1].strahler, 0);
  EXPECT_EQ(network.reaches[2].strahler, 0);
  EXPECT_EQ(network.reaches[3].strahler, 0);
  EXPECT_EQ(network.reaches[0].strahler, 1);
  EXPECT_EQ(network.reaches[4].strahler, 1);
}

} // namespace
} // namespace georiviere
