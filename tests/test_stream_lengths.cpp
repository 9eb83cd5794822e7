// Upstream lengths and distances on hand-built networks with hand-checked
// answers.
#include "georiviere/graph/stream_lengths.hpp"

#include <cmath>
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

// Reach 0 (300 m) and reach 1 (100 m) join at node 1; reach 2 (100 m)
// drains to the outlet node 0.
RiverNetwork y_network() {
  return make_network({{0, 0}, {0, 100}, {0, 400}, {100, 100}},
                      {{2, 1}, {3, 1}, {1, 0}});
}

TEST(StreamLengths, YNetworkUpstreamLength) {
  RiverNetwork network = y_network();
  compute(network);
  EXPECT_DOUBLE_EQ(network.reaches[0].upstream_length_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].upstream_length_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].upstream_length_m, 500.0);
}

TEST(StreamLengths, YNetworkMaxUpstreamDistance) {
  RiverNetwork network = y_network();
  compute(network);
  EXPECT_DOUBLE_EQ(network.reaches[0].max_upstream_distance_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].max_upstream_distance_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].max_upstream_distance_m, 400.0);
}

TEST(StreamLengths, YNetworkDistanceToOutlet) {
  RiverNetwork network = y_network();
  compute(network);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[1].distance_to_outlet_m, 100.0);
  EXPECT_DOUBLE_EQ(network.reaches[2].distance_to_outlet_m, 0.0);
}

// Sources 0 and 4 (100 m each) join at node 1, which splits into a straight
// arm (reach 1, 200 m) and a bent arm (reach 2, 200 * sqrt(2) m) that
// rejoin at node 2; reach 3 (100 m) drains to the outlet node 3.
RiverNetwork braid_network() {
  return make_network({{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}},
                      {{0, 1}, {1, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
}

TEST(StreamLengths, BraidCountsEachMetreOnce) {
  RiverNetwork network = braid_network();
  compute(network);
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
  compute(network);
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
  RiverNetwork network = make_network(
      {{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}, {0, 200}},
      {{0, 1}, {1, 5}, {5, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
  compute(network);
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
  compute(network, true);
  EXPECT_FALSE(network.reaches[1].is_minor_branch);
  EXPECT_TRUE(network.reaches[2].is_minor_branch);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, 300.0);
}

TEST(StreamLengths, CycleFeedsReachesBelow) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 (100 m) and drained to the
  // outlet node 4 (200 m).
  RiverNetwork network =
      make_network({{0, 400}, {0, 300}, {100, 200}, {0, 200}, {0, 0}},
                   {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}});
  compute(network);
  EXPECT_DOUBLE_EQ(network.reaches[1].upstream_length_m, 0.0);
  EXPECT_DOUBLE_EQ(network.reaches[4].upstream_length_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[4].max_upstream_distance_m, 300.0);
  EXPECT_DOUBLE_EQ(network.reaches[0].distance_to_outlet_m, 200.0);
}

} // namespace
} // namespace georiviere
