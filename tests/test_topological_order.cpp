// FlowGraph: topological ranks, reach positions and cycle condensation.
#include "georiviere/graph/topological_order.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace georiviere {
namespace {

// Nodes without positions and reaches without geometry: FlowGraph reads
// only from_node and to_node.
RiverNetwork make_network(std::size_t node_count,
                          const std::vector<std::pair<NodeId, NodeId>>& ends) {
  RiverNetwork network;
  for (std::size_t i = 0; i < node_count; ++i) {
    Node node;
    node.id = static_cast<NodeId>(i);
    network.nodes.push_back(node);
  }
  for (std::size_t i = 0; i < ends.size(); ++i) {
    Reach reach;
    reach.id = static_cast<ReachId>(i);
    reach.from_node = ends[i].first;
    reach.to_node = ends[i].second;
    reach.length_m = 1.0;
    network.reaches.push_back(reach);
  }
  return network;
}

// Checks that every reach's downstream group ranks after its upstream
// group, and that positions and reach ids map both ways.
void expect_topological(const RiverNetwork& network, const FlowGraph& flow) {
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    for (std::size_t p = flow.outflow_begin(group); p < flow.outflow_end(group);
         ++p) {
      EXPECT_GT(flow.downstream_group(p), group) << "position " << p;
      EXPECT_EQ(flow.position_of(flow.reach_at(p)), p);
      const Reach& reach = network.reaches[flow.reach_at(p)];
      EXPECT_EQ(flow.group_of(reach.from_node), group);
      EXPECT_EQ(flow.group_of(reach.to_node), flow.downstream_group(p));
    }
  }
}

TEST(TopologicalOrder, TreeWithoutCycles) {
  // Reaches listed downstream first, so the order must differ from the ids.
  const RiverNetwork network =
      make_network(5, {{1, 0}, {2, 1}, {3, 1}, {4, 2}});
  const FlowGraph flow(network);
  EXPECT_FALSE(flow.has_cycles());
  EXPECT_EQ(flow.group_count(), 5u);
  EXPECT_EQ(flow.position_count(), 4u);
  expect_topological(network, flow);
  EXPECT_EQ(flow.inflows(flow.group_of(1)).size(), 2u);
  EXPECT_EQ(flow.outflow_end(flow.group_of(0)),
            flow.outflow_begin(flow.group_of(0)));
}

TEST(TopologicalOrder, OutflowsInReachIdOrder) {
  const RiverNetwork network = make_network(3, {{0, 2}, {0, 1}, {1, 2}});
  const FlowGraph flow(network);
  const std::size_t group = flow.group_of(0);
  ASSERT_EQ(flow.outflow_end(group) - flow.outflow_begin(group), 2u);
  EXPECT_EQ(flow.reach_at(flow.outflow_begin(group)), 0);
  EXPECT_EQ(flow.reach_at(flow.outflow_begin(group) + 1), 1);
}

TEST(TopologicalOrder, CycleCondensedToOneGroup) {
  // Nodes 1, 2, 3 form a cycle fed by node 0 and drained to node 4.
  const RiverNetwork network =
      make_network(5, {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}});
  const FlowGraph flow(network);
  EXPECT_TRUE(flow.has_cycles());
  EXPECT_EQ(flow.group_count(), 3u);
  EXPECT_EQ(flow.group_of(1), flow.group_of(2));
  EXPECT_EQ(flow.group_of(1), flow.group_of(3));
  EXPECT_EQ(flow.representative(flow.group_of(3)), 1);
  EXPECT_FALSE(flow.in_cycle(0));
  EXPECT_TRUE(flow.in_cycle(1));
  EXPECT_TRUE(flow.in_cycle(2));
  EXPECT_TRUE(flow.in_cycle(3));
  EXPECT_FALSE(flow.in_cycle(4));
  EXPECT_EQ(flow.position_of(2), FlowGraph::npos);
  EXPECT_EQ(flow.position_count(), 2u);
  expect_topological(network, flow);
}

TEST(TopologicalOrder, SelfLoopInCycle) {
  const RiverNetwork network = make_network(3, {{0, 1}, {1, 1}, {1, 2}});
  const FlowGraph flow(network);
  EXPECT_TRUE(flow.has_cycles());
  EXPECT_EQ(flow.group_count(), 3u);
  EXPECT_TRUE(flow.in_cycle(1));
  EXPECT_FALSE(flow.in_cycle(2));
  expect_topological(network, flow);
}

TEST(TopologicalOrder, InvalidNodeThrows) {
  RiverNetwork network = make_network(2, {{0, 1}});
  network.reaches[0].to_node = 2;
  EXPECT_THROW(FlowGraph{network}, InvalidInputError);
  network.reaches[0].to_node = 1;
  network.reaches[0].id = 3;
  EXPECT_THROW(FlowGraph{network}, InvalidInputError);
}

} // namespace
} // namespace georiviere
