// Upstream lengths and Shreve magnitudes through braids: each reach and each
// source upstream counts once, whatever the shape of the braid. Hand-built
// braids with hand-checked values, a random braided network checked against
// a search of every reach's ancestors, and the braided Culet network.
#include "georiviere/graph/upstream_sets.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <random>
#include <set>
#include <span>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/graph/main_stem.hpp"
#include "georiviere/graph/metrics.hpp"
#include "georiviere/graph/topological_order.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/network_builder.hpp"

namespace georiviere {
namespace {

struct Arc {
  NodeId from;
  NodeId to;
  double length_m;
};

// A network of `node_count` nodes and reach i from arcs[i]. compute_metrics()
// reads only the reach ends and lengths, so the reaches have no geometry.
RiverNetwork braid(std::size_t node_count, const std::vector<Arc>& arcs) {
  RiverNetwork network;
  for (std::size_t i = 0; i < node_count; ++i) {
    Node node;
    node.id = static_cast<NodeId>(i);
    node.position = {static_cast<double>(i), 0.0};
    network.nodes.push_back(node);
  }
  for (std::size_t i = 0; i < arcs.size(); ++i) {
    Reach reach;
    reach.id = static_cast<ReachId>(i);
    reach.from_node = arcs[i].from;
    reach.to_node = arcs[i].to;
    reach.length_m = arcs[i].length_m;
    network.reaches.push_back(reach);
  }
  network.rebuild_graph();
  return network;
}

RiverNetwork with_metrics(RiverNetwork network) {
  compute_metrics(network, MetricOptions{});
  return network;
}

// The reach and every reach upstream of it, found by a search, reaches in
// directed cycles left out.
std::set<ReachId> ancestors(const RiverNetwork& network, ReachId reach) {
  std::vector<std::vector<ReachId>> inflows(network.nodes.size());
  for (const Reach& r : network.reaches) {
    if (!r.in_cycle) {
      inflows[static_cast<std::size_t>(r.to_node)].push_back(r.id);
    }
  }
  std::set<ReachId> seen = {reach};
  std::vector<ReachId> stack = {reach};
  while (!stack.empty()) {
    const Reach& current = network.reaches[stack.back()];
    stack.pop_back();
    for (const ReachId inflow :
         inflows[static_cast<std::size_t>(current.from_node)]) {
      if (seen.insert(inflow).second) {
        stack.push_back(inflow);
      }
    }
  }
  return seen;
}

double distinct_length(const RiverNetwork& network, ReachId reach) {
  double total = 0.0;
  for (const ReachId id : ancestors(network, reach)) {
    total += network.reaches[id].length_m;
  }
  return total;
}

// Sources upstream of the reach, for networks without cycles.
std::int64_t distinct_sources(const RiverNetwork& network, ReachId reach) {
  std::set<NodeId> sources;
  for (const ReachId id : ancestors(network, reach)) {
    const NodeId from = network.reaches[id].from_node;
    if (network.nodes[static_cast<std::size_t>(from)].in_degree == 0) {
      sources.insert(from);
    }
  }
  return static_cast<std::int64_t>(sources.size());
}

// Checks every reach against the search of its ancestors.
void expect_distinct_totals(const RiverNetwork& network) {
  for (const Reach& reach : network.reaches) {
    EXPECT_DOUBLE_EQ(reach.upstream_length_m,
                     distinct_length(network, reach.id))
        << "reach " << reach.id;
    EXPECT_EQ(reach.shreve, distinct_sources(network, reach.id))
        << "reach " << reach.id;
  }
}

// Node 1 splits into a major arm (reach 1) to node 4 and a minor arm (reach
// 2) that splits again at node 2 into reaches 3 and 4. They rejoin at node 3
// and go on as reach 5 to node 4, and reach 6 drains to the outlet node 5.
TEST(BraidedMetrics, NestedBraidCountsOnce) {
  const RiverNetwork network = with_metrics(braid(6, {{0, 1, 100},
                                                      {1, 4, 500},
                                                      {1, 2, 50},
                                                      {2, 3, 60},
                                                      {2, 3, 70},
                                                      {3, 4, 80},
                                                      {4, 5, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_FALSE(r[1].is_minor_branch);
  ASSERT_TRUE(r[2].is_minor_branch);
  ASSERT_TRUE(r[3].is_minor_branch);
  ASSERT_TRUE(r[4].is_minor_branch);
  ASSERT_TRUE(r[5].is_minor_branch);
  EXPECT_DOUBLE_EQ(r[2].upstream_length_m, 150.0);
  EXPECT_DOUBLE_EQ(r[3].upstream_length_m, 210.0);
  EXPECT_DOUBLE_EQ(r[4].upstream_length_m, 220.0);
  // 100 + 50 + 60 + 70 + 80, not the two inner arms' 210 + 220 + 80.
  EXPECT_DOUBLE_EQ(r[5].upstream_length_m, 360.0);
  EXPECT_DOUBLE_EQ(r[6].upstream_length_m, 960.0);
  EXPECT_EQ(r[5].shreve, 1);
  EXPECT_EQ(r[6].shreve, 1);
  expect_distinct_totals(network);
}

// Reach 2 leaves the diffluence at node 1 as a minor arm and takes the
// tributary reach 3 (from source 5) at node 2. It goes on as reach 4 to node
// 3, where the major arm (reach 1) rejoins it.
TEST(BraidedMetrics, ArmJoinedByTributary) {
  const RiverNetwork network = with_metrics(braid(6, {{0, 1, 100},
                                                      {1, 3, 400},
                                                      {1, 2, 100},
                                                      {5, 2, 200},
                                                      {2, 3, 100},
                                                      {3, 4, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_TRUE(r[2].is_minor_branch);
  ASSERT_FALSE(r[1].is_minor_branch);
  EXPECT_DOUBLE_EQ(r[2].upstream_length_m, 200.0);
  // Reaches 0, 2, 3 and 4: everything above the diffluence counts too.
  EXPECT_DOUBLE_EQ(r[4].upstream_length_m, 500.0);
  EXPECT_DOUBLE_EQ(r[5].upstream_length_m, 1000.0);
  EXPECT_EQ(r[2].shreve, 1);
  EXPECT_EQ(r[4].shreve, 2);
  EXPECT_EQ(r[5].shreve, 2);
  expect_distinct_totals(network);
}

// Two diffluences in a row, at nodes 1 and 2, each send a minor arm
// (reaches 2 and 4) to node 3, where the two arms meet before they rejoin
// the river at node 4 as reach 5.
TEST(BraidedMetrics, MinorArmsMeetBeforeRejoining) {
  const RiverNetwork network = with_metrics(braid(6, {{0, 1, 100},
                                                      {1, 2, 100},
                                                      {1, 3, 150},
                                                      {2, 4, 300},
                                                      {2, 3, 50},
                                                      {3, 4, 100},
                                                      {4, 5, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_TRUE(r[2].is_minor_branch);
  ASSERT_TRUE(r[4].is_minor_branch);
  ASSERT_TRUE(r[5].is_minor_branch);
  EXPECT_DOUBLE_EQ(r[2].upstream_length_m, 250.0);
  EXPECT_DOUBLE_EQ(r[4].upstream_length_m, 250.0);
  // Reaches 0, 1, 2, 4 and 5, not the arms' 250 + 250 + 100.
  EXPECT_DOUBLE_EQ(r[5].upstream_length_m, 500.0);
  EXPECT_DOUBLE_EQ(r[6].upstream_length_m, 900.0);
  EXPECT_EQ(r[5].shreve, 1);
  expect_distinct_totals(network);
}

// The minor arm (reach 2) from node 1 splits at node 2 into reach 3, which
// rejoins the river at node 3, and reach 5, which rejoins it lower, at node
// 4. The arm's first reach counts once at the outlet.
TEST(BraidedMetrics, ArmsRejoinAtDifferentNodes) {
  const RiverNetwork network = with_metrics(braid(6, {{0, 1, 100},
                                                      {1, 3, 250},
                                                      {1, 2, 100},
                                                      {2, 3, 50},
                                                      {3, 4, 200},
                                                      {2, 4, 300},
                                                      {4, 5, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_FALSE(r[1].is_minor_branch);
  ASSERT_TRUE(r[2].is_minor_branch);
  ASSERT_TRUE(r[3].is_minor_branch);
  ASSERT_TRUE(r[5].is_minor_branch);
  EXPECT_DOUBLE_EQ(r[3].upstream_length_m, 250.0);
  EXPECT_DOUBLE_EQ(r[5].upstream_length_m, 500.0);
  EXPECT_DOUBLE_EQ(r[4].upstream_length_m, 700.0);
  EXPECT_DOUBLE_EQ(r[6].upstream_length_m, 1100.0);
  EXPECT_EQ(r[6].shreve, 1);
  expect_distinct_totals(network);
}

// The minor arm from node 1 is cut at pseudo-node 2 into reaches 2 and 3.
TEST(BraidedMetrics, ArmSplitIntoTwoReaches) {
  const RiverNetwork network = with_metrics(braid(
      5, {{0, 1, 100}, {1, 3, 300}, {1, 2, 100}, {2, 3, 150}, {3, 4, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_TRUE(r[2].is_minor_branch);
  ASSERT_TRUE(r[3].is_minor_branch);
  EXPECT_DOUBLE_EQ(r[2].upstream_length_m, 200.0);
  EXPECT_DOUBLE_EQ(r[3].upstream_length_m, 350.0);
  EXPECT_DOUBLE_EQ(r[4].upstream_length_m, 750.0);
  EXPECT_EQ(r[4].shreve, 1);
  expect_distinct_totals(network);
}

// Source node 0 has two outflows that meet at node 1: one source.
TEST(BraidedMetrics, SourceWithTwoOutflows) {
  const RiverNetwork network =
      with_metrics(braid(3, {{0, 1, 100}, {0, 1, 150}, {1, 2, 50}}));
  const std::vector<Reach>& r = network.reaches;
  EXPECT_EQ(r[0].shreve, 1);
  EXPECT_EQ(r[1].shreve, 1);
  EXPECT_EQ(r[2].shreve, 1);
  EXPECT_DOUBLE_EQ(r[2].upstream_length_m, 300.0);
}

// A minor branch (reach 2) that reaches an outlet of its own, node 3: each
// outlet counts what lies upstream of it.
TEST(BraidedMetrics, DeltaOutletsCountTheirAncestors) {
  const RiverNetwork network = with_metrics(
      braid(5, {{0, 1, 100}, {1, 2, 200}, {1, 3, 50}, {4, 1, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_TRUE(r[2].is_minor_branch);
  EXPECT_DOUBLE_EQ(r[1].upstream_length_m, 400.0);
  EXPECT_DOUBLE_EQ(r[2].upstream_length_m, 250.0);
  EXPECT_EQ(r[1].shreve, 2);
  EXPECT_EQ(r[2].shreve, 2);
}

// A directed cycle in a braid arm: its reaches count nothing, and what
// flows into it flows on.
TEST(BraidedMetrics, CycleInArmLeftOut) {
  // Node 1 splits into reach 1 to node 5 and reach 2 to the cycle of nodes
  // 2, 3 and 4 (reaches 3, 4, 5), which drains through reach 6 to node 5.
  const RiverNetwork network = with_metrics(braid(7, {{0, 1, 100},
                                                      {1, 5, 400},
                                                      {1, 2, 50},
                                                      {2, 3, 10},
                                                      {3, 4, 10},
                                                      {4, 2, 10},
                                                      {4, 5, 60},
                                                      {5, 6, 100}}));
  const std::vector<Reach>& r = network.reaches;
  ASSERT_TRUE(r[3].in_cycle);
  EXPECT_DOUBLE_EQ(r[6].upstream_length_m, 210.0);
  EXPECT_DOUBLE_EQ(r[7].upstream_length_m, 710.0);
  EXPECT_EQ(r[7].shreve, 1);
}

// The sets behind the values of ArmsRejoinAtDifferentNodes. Node 1 is an
// open diffluence at node 2, where the minor arm splits. At node 3 it is
// node 2, whose arm reach 5 has not rejoined yet, and at node 4 none is.
TEST(BraidedMetrics, OpenDiffluencesCloseWhereArmsRejoin) {
  const RiverNetwork network = braid(6, {{0, 1, 100},
                                         {1, 3, 250},
                                         {1, 2, 100},
                                         {2, 3, 50},
                                         {3, 4, 200},
                                         {2, 4, 300},
                                         {4, 5, 100}});
  const FlowGraph flow(network);
  std::vector<double> length;
  for (std::size_t p = 0; p < flow.position_count(); ++p) {
    length.push_back(network.reaches[flow.reach_at(p)].length_m);
  }
  const std::vector<double> max_upstream = max_upstream_distances(flow, length);
  const MajorOutflows major =
      choose_major_outflows(flow, length, max_upstream, {});
  const UpstreamSets sets(flow, major.major);
  const auto open_nodes = [&](NodeId node) {
    std::vector<NodeId> nodes;
    for (const std::size_t group : sets.open_diffluences(flow.group_of(node))) {
      nodes.push_back(flow.representative(group));
    }
    return nodes;
  };
  EXPECT_EQ(open_nodes(1), std::vector<NodeId>{});
  EXPECT_EQ(open_nodes(2), std::vector<NodeId>{1});
  EXPECT_EQ(open_nodes(3), std::vector<NodeId>{2});
  EXPECT_EQ(open_nodes(4), std::vector<NodeId>{});
  EXPECT_FALSE(sets.truncated());

  // Lengths of the inflows by group, summed over each group's upstream set.
  std::vector<double> inflow_length(flow.group_count(), 0.0);
  for (std::size_t p = 0; p < flow.position_count(); ++p) {
    inflow_length[flow.downstream_group(p)] += length[p];
  }
  const std::vector<double> above =
      sets.totals(std::span<const double>(inflow_length));
  EXPECT_DOUBLE_EQ(above[flow.group_of(3)], 500.0);
  EXPECT_DOUBLE_EQ(above[flow.group_of(5)], 1100.0);
}

// `rivers` rivers from sources 3i, each splitting at node 3i + 1 into a long
// major reach to its own outlet 3i + 2 and a short minor arm. The arms flow
// into a shared collector river along nodes 3 * rivers + i, which never
// rejoins the rivers.
RiverNetwork collector_network(std::size_t rivers) {
  std::vector<Arc> arcs;
  const auto collector = [&](std::size_t i) {
    return static_cast<NodeId>(3 * rivers + i);
  };
  for (std::size_t i = 0; i < rivers; ++i) {
    const auto base = static_cast<NodeId>(3 * i);
    arcs.push_back({base, base + 1, 100.0});
    arcs.push_back({base + 1, base + 2, 10000.0});
    arcs.push_back({base + 1, collector(i), 10.0});
    arcs.push_back({collector(i), collector(i + 1), 1.0});
  }
  return braid(4 * rivers + 1, arcs);
}

TEST(BraidedMetrics, ManyOpenDiffluencesStayExact) {
  const std::size_t rivers = UpstreamSets::max_open;
  const RiverNetwork network = with_metrics(collector_network(rivers));
  const Reach& last = network.reaches.back();
  ASSERT_EQ(last.to_node, static_cast<NodeId>(4 * rivers));
  EXPECT_DOUBLE_EQ(last.upstream_length_m, rivers * 111.0);
  EXPECT_EQ(last.shreve, static_cast<std::int64_t>(rivers));
}

TEST(BraidedMetrics, TruncatedSetsStayBelowDistinct) {
  const std::size_t rivers = UpstreamSets::max_open + 6;
  const RiverNetwork network = with_metrics(collector_network(rivers));
  const FlowGraph flow(network);
  std::vector<double> length;
  for (std::size_t p = 0; p < flow.position_count(); ++p) {
    length.push_back(network.reaches[flow.reach_at(p)].length_m);
  }
  const MajorOutflows major = choose_major_outflows(
      flow, length, max_upstream_distances(flow, length), {});
  EXPECT_TRUE(UpstreamSets(flow, major.major).truncated());

  double previous = 0.0;
  for (std::size_t i = 0; i < rivers; ++i) {
    const Reach& reach = network.reaches[4 * i + 3];
    EXPECT_LE(reach.upstream_length_m, distinct_length(network, reach.id))
        << "reach " << reach.id;
    EXPECT_LE(reach.shreve, distinct_sources(network, reach.id))
        << "reach " << reach.id;
    EXPECT_GT(reach.upstream_length_m, previous) << "reach " << reach.id;
    previous = reach.upstream_length_m;
  }
}

// Random braided networks: every node below the sources takes one or two
// inflows from nodes above it, so arms split, meet and rejoin in every way.
TEST(BraidedMetrics, RandomBraidsMatchSearch) {
  std::mt19937 random(20240517);
  for (int round = 0; round < 20; ++round) {
    const std::size_t node_count = 60;
    const std::size_t source_count = 6;
    std::vector<Arc> arcs;
    for (std::size_t node = source_count; node < node_count; ++node) {
      const std::size_t lowest = node > 12 ? node - 12 : 0;
      std::uniform_int_distribution<std::size_t> pick(lowest, node - 1);
      std::uniform_int_distribution<int> metres(1, 1000);
      std::uniform_int_distribution<int> one_or_two(1, 2);
      const int inflow_count = node + 1 == node_count ? 3 : one_or_two(random);
      for (int i = 0; i < inflow_count; ++i) {
        arcs.push_back({static_cast<NodeId>(pick(random)),
                        static_cast<NodeId>(node),
                        static_cast<double>(metres(random))});
      }
    }
    const RiverNetwork network = with_metrics(braid(node_count, arcs));
    SCOPED_TRACE("round " + std::to_string(round));
    expect_distinct_totals(network);
  }
}

// The Ruisseau de Culet lines hold several nested braids whose arms meet
// each other and tributaries before they rejoin.
TEST(BraidedMetrics, CuletNeverExceedsDistinct) {
  const std::filesystem::path path =
      std::filesystem::path(GEORIVIERE_SHARED_DATA) /
      "vector/culet/network0.gml";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "real data not found: " << path;
  }
  for (const bool names : {false, true}) {
    SCOPED_TRACE(names ? "with names" : "without names");
    ReadOptions read;
    read.path = path.string();
    read.crs = "EPSG:2154";
    NetworkOptions options;
    if (names) {
      options.name_field = "nom";
    }
    const RiverNetwork network = build_network(read_lines(read), options);
    ASSERT_EQ(network.reaches.size(), 32u);
    ASSERT_EQ(network.count_problems(ProblemKind::cycle), 0u);
    ASSERT_GE(network.count_problems(ProblemKind::diffluence), 6u);
    for (const Reach& reach : network.reaches) {
      const double distinct = distinct_length(network, reach.id);
      EXPECT_LE(reach.upstream_length_m, distinct * (1 + 1e-12))
          << "reach " << reach.id;
      EXPECT_NEAR(reach.upstream_length_m, distinct, 1e-9 * distinct)
          << "reach " << reach.id;
      EXPECT_EQ(reach.shreve, distinct_sources(network, reach.id))
          << "reach " << reach.id;
    }
  }
}

} // namespace
} // namespace georiviere
