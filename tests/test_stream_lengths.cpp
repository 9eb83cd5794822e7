// Upstream lengths and distances on hand-built networks with hand-checked
// answers.
#include "georiviere/graph/stream_lengths.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

TEST(StreamLengths, YNetworkUpstreamLength) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_DOUBLE_EQ(network.reaches[0].upstream_length_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].upstream_length_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].upstream_length_m, 500.0);
}

TEST(StreamLengths, YNetworkMaxUpstreamDistance) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_DOUBLE_EQ(network.reaches[0].max_upstream_distance_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].max_upstream_distance_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].max_upstream_distance_m, 400.0);
}

TEST(StreamLengths, YNetworkDistanceToOutlet) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].distance_to_outlet_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].distance_to_outlet_m, 0.0);
}

TEST(StreamLengths, BraidCountsEachMetreOnce) {
  RiverNetwork network = braid_network();
  compute_all_metrics(network);
  const double bent = 200.0 * std::sqrt(2.0);
  double total = 0.0;
  for (const Reach& reach : network.reaches) {
    total += reach.length_m;
  }
  EXPECT_DOUBLE_EQ(network.reaches[1].upstream_length_m, 400.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].upstream_length_m, 200.0 + bent);
  EXPECT_DOUBLE_EQ(network.reaches[3].upstream_length_m, total);
  EXPECT_DOUBLE_EQ(total, 500.0 + bent);
}

TEST(StreamLengths, BraidDistancesFollowMajorArm) {
  RiverNetwork network = braid_network();
  compute_all_metrics(network);
  const double bent = 200.0 * std::sqrt(2.0);
  // The bent arm has the longer path to the outlet, so it is major.
  EXPECT_FALSE(network.reaches[2].is_minor_branch);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, bent + 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].distance_to_outlet_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[3].distance_to_outlet_m, 0.0);
  EXPECT_DOUBLE_EQ(network.reaches[3].max_upstream_distance_m,
                   100.0 + bent + 100.0);
}

TEST(StreamLengths, MinorArmThroughPseudoNode) {
  // The straight arm of the braid is cut at pseudo-node 5 into two 100 m
  // reaches, so the arm carries 300 m then 400 m, and passes on 200 m.
  RiverNetwork network = split_braid_network();
  compute_all_metrics(network);
  const double bent = 200.0 * std::sqrt(2.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].upstream_length_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].upstream_length_m, 400.0);
  EXPECT_DOUBLE_EQ(network.reaches[4].upstream_length_m, 500.0 + bent);
}

TEST(StreamLengths, NamedMinorArmChoice) {
  // With names, the straight arm carries the name of the inflowing river
  // and becomes major, so distances follow it.
  RiverNetwork network = braid_network();
  network.reaches[0].name = "Loire";
  network.reaches[1].name = "Loire";
  network.reaches[2].name = "Bras de Loire";
  compute_all_metrics(network, true);
  EXPECT_FALSE(network.reaches[1].is_minor_branch);
  EXPECT_TRUE(network.reaches[2].is_minor_branch);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, 300.0);
}

TEST(StreamLengths, CycleFeedsReachesBelow) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 (100 m) and drained to the
  // outlet node 4 (200 m).
  RiverNetwork network = cycle_network();
  compute_all_metrics(network);
  EXPECT_DOUBLE_EQ(network.reaches[1].upstream_length_m, 0.0);
  EXPECT_DOUBLE_EQ(network.reaches[4].upstream_length_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[4].max_upstream_distance_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, 200.0);
}

} // namespace
} // namespace georiviere
