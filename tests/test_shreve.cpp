// Shreve magnitudes on hand-built networks with hand-checked answers.
#include "georiviere/graph/shreve.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

TEST(Shreve, YNetworkSumsSources) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[0].shreve, 1);
  EXPECT_EQ(network.reaches[1].shreve, 1);
  EXPECT_EQ(network.reaches[2].shreve, 2);
}

TEST(Shreve, UnequalTreeCountsSources) {
  // Sources 0 and 1 join at node 2, source 3 joins below at node 4.
  RiverNetwork network = unequal_tree_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[2].shreve, 2);
  EXPECT_EQ(network.reaches[3].shreve, 1);
  EXPECT_EQ(network.reaches[4].shreve, 3);
}

TEST(Shreve, BraidCountsSourcesOnce) {
  // Sources 0 and 4 join at node 1, which splits into two arms that rejoin
  // at node 2 above the outlet node 3.
  RiverNetwork network = braid_network();
  compute_all_metrics(network);
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_EQ(network.reaches[1].shreve, 2); // what the minor arm receives
  EXPECT_EQ(network.reaches[2].shreve, 2);
  EXPECT_EQ(network.reaches[3].shreve, 2); // not 4
}

TEST(Shreve, MinorArmCarriesThroughPseudoNode) {
  // The straight arm of the braid is cut at pseudo-node 5.
  RiverNetwork network = split_braid_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[1].shreve, 2);
  EXPECT_EQ(network.reaches[2].shreve, 2);
  EXPECT_EQ(network.reaches[4].shreve, 2);
}

TEST(Shreve, TributaryOfMinorArmCounted) {
  // Source 5 joins the minor arm at node 6 before the arm rejoins at node
  // 2: the outlet counts the three sources once each.
  RiverNetwork network = braid_with_tributary_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[1].shreve, 2);
  EXPECT_EQ(network.reaches[2].shreve, 3);
  EXPECT_EQ(network.reaches[4].shreve, 3);
}

TEST(Shreve, CycleReachesGetZero) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network = cycle_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[1].shreve, 0);
  EXPECT_EQ(network.reaches[2].shreve, 0);
  EXPECT_EQ(network.reaches[3].shreve, 0);
  EXPECT_EQ(network.reaches[4].shreve, 1);
}

} // namespace
} // namespace georiviere
