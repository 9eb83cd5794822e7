// compute_metrics() end to end on hand-built networks.
#include "georiviere/graph/metrics.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/graph/check_direction.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/network_builder.hpp"

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

TEST(Metrics, YNetworkEveryMetric) {
  RiverNetwork network = y_network();
  compute_metrics(network, MetricOptions{});
  const Reach& long_source = network.reaches[0];
  const Reach& short_source = network.reaches[1];
  const Reach& outlet = network.reaches[2];
  EXPECT_EQ(long_source.strahler, 1);
  EXPECT_EQ(outlet.strahler, 2);
  EXPECT_EQ(outlet.shreve, 2);
  EXPECT_DOUBLE_EQ(outlet.upstream_length_m, 500.0);
  EXPECT_DOUBLE_EQ(outlet.max_upstream_distance_m, 400.0);
  EXPECT_DOUBLE_EQ(short_source.distance_to_outlet_m, 100.0);
  EXPECT_EQ(long_source.main_stem_id, 2);
  EXPECT_EQ(short_source.main_stem_id, 1);
  EXPECT_EQ(short_source.hack, 2);
  EXPECT_EQ(outlet.basin_id, 0);
  for (const Reach& reach : network.reaches) {
    EXPECT_FALSE(reach.in_cycle);
    EXPECT_FALSE(reach.is_minor_branch);
  }
}

TEST(Metrics, NamesChangeMainStem) {
  RiverNetwork network = y_network();
  network.reaches[1].name = "Seine";
  network.reaches[2].name = "Seine";
  MetricOptions options;
  options.use_names = true;
  compute_metrics(network, options);
  EXPECT_EQ(network.reaches[1].main_stem_id, 2);
  EXPECT_EQ(network.reaches[0].main_stem_id, 0);
  EXPECT_EQ(network.reaches[0].hack, 2);
}

TEST(Metrics, BraidCountedOnceAtOutlet) {
  // Sources 0 and 4 join at node 1, which splits into two arms that rejoin
  // at node 2 above the outlet node 3.
  RiverNetwork network = braid_network();
  compute_metrics(network, MetricOptions{});
  double total = 0.0;
  for (const Reach& reach : network.reaches) {
    total += reach.length_m;
  }
  const Reach& outlet = network.reaches[3];
  EXPECT_EQ(outlet.strahler, 2);
  EXPECT_EQ(outlet.shreve, 2);
  EXPECT_DOUBLE_EQ(outlet.upstream_length_m, total);
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_EQ(network.reaches[1].strahler, 2);
}

TEST(Metrics, CycleMarkedAndSkipped) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network = cycle_network();
  compute_metrics(network, MetricOptions{});
  for (const ReachId id : {1, 2, 3}) {
    const Reach& reach = network.reaches[id];
    EXPECT_TRUE(reach.in_cycle) << "reach " << id;
    EXPECT_EQ(reach.strahler, 0) << "reach " << id;
    EXPECT_EQ(reach.shreve, 0) << "reach " << id;
    EXPECT_EQ(reach.main_stem_id, no_id) << "reach " << id;
    EXPECT_EQ(reach.basin_id, no_id) << "reach " << id;
  }
  EXPECT_EQ(network.reaches[4].strahler, 1);
  EXPECT_EQ(network.reaches[4].shreve, 1);
  EXPECT_EQ(network.reaches[0].basin_id, 4);
}

TEST(Metrics, SelfLoopDoesNotHang) {
  RiverNetwork network =
      make_network({{0, 200}, {0, 100}, {0, 0}},
                   {{0, 1}, {1, 1, {{50, 150}, {50, 50}}}, {1, 2}});
  compute_metrics(network, MetricOptions{});
  EXPECT_TRUE(network.reaches[1].in_cycle);
  EXPECT_EQ(network.reaches[2].strahler, 1);
  EXPECT_DOUBLE_EQ(network.reaches[2].upstream_length_m, 200.0);
}

TEST(Metrics, RecomputeClearsStaleValues) {
  // Reversing reach 3 turns the cycle into a braid. Node 1 splits into
  // reach 1 (then reach 2, 241 m to node 3) and reach 3 (100 m), so no
  // reach is in a cycle any more and reach 3 is the minor arm.
  RiverNetwork network = cycle_network();
  compute_metrics(network, MetricOptions{});
  std::swap(network.reaches[3].from_node, network.reaches[3].to_node);
  network.reaches[3].geometry.reverse();
  network.rebuild_graph();
  compute_metrics(network, MetricOptions{});
  for (const Reach& reach : network.reaches) {
    EXPECT_FALSE(reach.in_cycle) << "reach " << reach.id;
    EXPECT_NE(reach.main_stem_id, no_id) << "reach " << reach.id;
    EXPECT_GE(reach.strahler, 1) << "reach " << reach.id;
  }
  EXPECT_TRUE(network.reaches[3].is_minor_branch);
  EXPECT_EQ(network.reaches[4].strahler, 1);
  EXPECT_EQ(network.reaches[4].shreve, 1);
}

TEST(Metrics, ConsistentWithCheckDirection) {
  RiverNetwork network = cycle_network();
  check_direction(network);
  std::vector<bool> checked;
  for (const Reach& reach : network.reaches) {
    checked.push_back(reach.in_cycle);
  }
  compute_metrics(network, MetricOptions{});
  for (const Reach& reach : network.reaches) {
    EXPECT_EQ(reach.in_cycle, checked[reach.id]) << "reach " << reach.id;
  }
}

TEST(Metrics, LongChainIsIterative) {
  // 200,000 reaches in a single chain would overflow a recursive walk.
  constexpr int count = 200000;
  RiverNetwork network;
  for (int i = 0; i <= count; ++i) {
    Node node;
    node.id = i;
    node.position = {0.0, -10.0 * i};
    network.nodes.push_back(node);
  }
  for (int i = 0; i < count; ++i) {
    Reach reach;
    reach.id = i;
    reach.from_node = i;
    reach.to_node = i + 1;
    reach.geometry.points = {network.nodes[i].position,
                             network.nodes[i + 1].position};
    reach.length_m = 10.0;
    network.reaches.push_back(reach);
  }
  compute_metrics(network, MetricOptions{});
  const Reach& last = network.reaches.back();
  EXPECT_EQ(last.strahler, 1);
  EXPECT_DOUBLE_EQ(last.upstream_length_m, 10.0 * count);
  EXPECT_DOUBLE_EQ(network.reaches.front().distance_to_outlet_m,
                   10.0 * (count - 1));
  EXPECT_EQ(network.reaches.front().main_stem_id, count - 1);
  EXPECT_EQ(last.basin_id, count);
}

TEST(Metrics, ProgressReportsStages) {
  RiverNetwork network = y_network();
  std::set<std::string> stages;
  MetricOptions options;
  options.progress = [&](std::string_view stage, double fraction) {
    EXPECT_GE(fraction, 0.0);
    EXPECT_LE(fraction, 1.0);
    stages.insert(std::string(stage));
    return true;
  };
  compute_metrics(network, options);
  EXPECT_TRUE(stages.count("computing Strahler orders"));
  EXPECT_TRUE(stages.count("tracing main stems"));
  EXPECT_GE(stages.size(), 7u);
}

TEST(Metrics, ProgressCanCancel) {
  RiverNetwork network = y_network();
  MetricOptions options;
  options.progress = [](std::string_view, double) { return false; };
  EXPECT_THROW(compute_metrics(network, options), CancelledError);
}

TEST(Metrics, InvalidReachIdThrows) {
  RiverNetwork network = y_network();
  network.reaches[1].id = 5;
  EXPECT_THROW(compute_metrics(network, MetricOptions{}), InvalidInputError);
  network.reaches[1].id = 1;
  network.reaches[1].from_node = -1;
  EXPECT_THROW(compute_metrics(network, MetricOptions{}), InvalidInputError);
}

TEST(Metrics, EmptyNetworkIsFine) {
  RiverNetwork network;
  EXPECT_NO_THROW(compute_metrics(network, MetricOptions{}));
  EXPECT_NO_THROW(check_direction(network));
  EXPECT_TRUE(network.problems.empty());
}

TEST(Metrics, YzeronBasinInvariants) {
  // 542 BD TOPO lines of the Yzeron basin, digitised in flow direction.
  const std::filesystem::path path =
      std::filesystem::path(GEORIVIERE_SHARED_DATA) /
      "vector/yzeron/hydrography3.shp";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << "real data not found: " << path;
  }
  ReadOptions read;
  read.path = path.string();
  NetworkOptions options;
  options.name_field = "nom";
  const RiverNetwork network = build_network(read_lines(read), options);
  ASSERT_EQ(network.count_problems(ProblemKind::cycle), 0u);
  ASSERT_EQ(network.count_problems(ProblemKind::multiple_outlets), 0u);
  ASSERT_EQ(network.count_problems(ProblemKind::disconnected), 0u);

  std::size_t source_count = 0;
  double total_length = 0.0;
  const Reach* outlet = nullptr;
  for (const Reach& reach : network.reaches) {
    source_count += network.nodes[reach.from_node].in_degree == 0 ? 1 : 0;
    total_length += reach.length_m;
    if (network.nodes[reach.to_node].out_degree == 0) {
      outlet = &reach;
    }
  }
  ASSERT_NE(outlet, nullptr);
  EXPECT_EQ(outlet->shreve, static_cast<std::int64_t>(source_count));
  EXPECT_NEAR(outlet->upstream_length_m, total_length, 1e-6 * total_length);
  EXPECT_EQ(outlet->hack, 1);
  EXPECT_EQ(outlet->name, "l'yzeron");

  for (const Reach& reach : network.reaches) {
    EXPECT_GE(reach.strahler, 1) << "reach " << reach.id;
    EXPECT_EQ(reach.basin_id, outlet->to_node) << "reach " << reach.id;
    EXPECT_EQ(network.reaches[reach.main_stem_id].main_stem_id,
              reach.main_stem_id)
        << "reach " << reach.id;
    const std::vector<ReachId> outflows = network.outflows(reach.to_node);
    bool continues = outflows.empty();
    for (const ReachId id : outflows) {
      const Reach& below = network.reaches[id];
      if (!reach.is_minor_branch) {
        EXPECT_GE(below.strahler, reach.strahler) << "reach " << reach.id;
      }
      continues =
          continues || std::abs(below.distance_to_outlet_m + below.length_m -
                                reach.distance_to_outlet_m) < 1e-6;
    }
    EXPECT_TRUE(continues) << "reach " << reach.id;
  }
}

} // namespace
} // namespace georiviere
