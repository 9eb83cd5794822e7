// Tests of building a network from topology fields (NEXT_DOWN, FromNode).
#include "georiviere/region/trusted_topology.hpp"

#include <algorithm>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

namespace georiviere {
namespace {

struct TestLine {
  std::vector<FieldValue> values;
  std::vector<Point> points;
};

LineSet make_lines(const std::vector<std::string>& fields,
                   const std::vector<TestLine>& input) {
  LineSet lines;
  lines.source = "test layer";
  for (const std::string& name : fields) {
    lines.attributes.fields.push_back({name, FieldType::integer});
  }
  for (std::size_t i = 0; i < input.size(); ++i) {
    lines.attributes.rows.push_back(input[i].values);
    lines.attributes.fids.push_back(static_cast<std::int64_t>(i));
    SourceLine line;
    line.fid = static_cast<std::int64_t>(i);
    line.row = static_cast<std::uint32_t>(i);
    line.geometry.points = input[i].points;
    lines.lines.push_back(line);
  }
  return lines;
}

// Two sources join at (10, 0). The trunk runs to an outlet at (10, -20)
// as two lines, C and D, which meet at (10, -10).
std::vector<TestLine> y_network() {
  return {{{std::int64_t{1}, std::int64_t{3}}, {{0, 10}, {10, 0}}},
          {{std::int64_t{2}, std::int64_t{3}}, {{20, 10}, {10, 0}}},
          {{std::int64_t{3}, std::int64_t{4}}, {{10, 0}, {10, -10}}},
          {{std::int64_t{4}, std::int64_t{0}}, {{10, -10}, {10, -20}}}};
}

const Reach* reach_with_fid(const RiverNetwork& network, std::int64_t fid) {
  for (const Reach& reach : network.reaches) {
    if (std::find(reach.source_fids.begin(), reach.source_fids.end(), fid) !=
        reach.source_fids.end()) {
      return &reach;
    }
  }
  return nullptr;
}

TEST(TrustedTopology, NextDownBuildsExpectedGraph) {
  const RiverNetwork network = build_topology_from_fields(
      make_lines({"HYRIV_ID", "NEXT_DOWN"}, y_network()),
      region_preset("hydrorivers"));
  EXPECT_TRUE(network.problems.empty());
  // C and D meet at a node of one inflow and one outflow: one reach.
  ASSERT_EQ(network.reaches.size(), 3u);
  ASSERT_EQ(network.nodes.size(), 4u);
  const Reach* trunk = reach_with_fid(network, 2);
  ASSERT_NE(trunk, nullptr);
  EXPECT_EQ(trunk->source_fids, (std::vector<std::int64_t>{2, 3}));
  EXPECT_EQ(trunk->geometry.size(), 3u);
  EXPECT_DOUBLE_EQ(trunk->length_m, 20.0);
  const Node& confluence = network.nodes[trunk->from_node];
  EXPECT_EQ(confluence.kind, NodeKind::confluence);
  EXPECT_EQ(confluence.position, (Point{10, 0}));
  EXPECT_EQ(network.nodes[trunk->to_node].kind, NodeKind::outlet);
  EXPECT_EQ(network.nodes[trunk->to_node].position, (Point{10, -20}));
  EXPECT_EQ(reach_with_fid(network, 0)->to_node, trunk->from_node);
  EXPECT_EQ(reach_with_fid(network, 1)->to_node, trunk->from_node);
  EXPECT_EQ(boost::num_edges(network.graph()), 3u);
}

TEST(TrustedTopology, NextDownReportsGeometryMismatch) {
  std::vector<TestLine> input = y_network();
  input[1].points.back() = {13, 0}; // B ends 3 m from the confluence
  const RiverNetwork network = build_topology_from_fields(
      make_lines({"HYRIV_ID", "NEXT_DOWN"}, input),
      region_preset("hydrorivers"));
  ASSERT_EQ(network.problems.size(), 1u);
  const Problem& problem = network.problems[0];
  EXPECT_EQ(problem.kind, ProblemKind::topology_mismatch);
  EXPECT_EQ(problem.source_fids, (std::vector<std::int64_t>{1}));
  EXPECT_NE(problem.message.find("ends 3.0 m from its downstream node"),
            std::string::npos)
      << problem.message;
  EXPECT_EQ(problem.points.front(), (Point{10, 0}));
  // The graph follows the fields all the same.
  EXPECT_EQ(reach_with_fid(network, 1)->to_node,
            reach_with_fid(network, 2)->from_node);
}

TEST(TrustedTopology, ReversedLineIsTurnedAround) {
  std::vector<TestLine> input = y_network();
  std::reverse(input[3].points.begin(), input[3].points.end());
  const RiverNetwork network = build_topology_from_fields(
      make_lines({"HYRIV_ID", "NEXT_DOWN"}, input),
      region_preset("hydrorivers"));
  ASSERT_EQ(network.count_problems(ProblemKind::topology_mismatch), 1u);
  EXPECT_NE(network.problems[0].message.find("were reversed"),
            std::string::npos)
      << network.problems[0].message;
  const Reach* trunk = reach_with_fid(network, 3);
  ASSERT_NE(trunk, nullptr);
  EXPECT_EQ(trunk->geometry.back(), (Point{10, -20}));
  EXPECT_EQ(network.nodes[trunk->to_node].position, (Point{10, -20}));
}

TEST(TrustedTopology, UnknownNextDownIsOutlet) {
  std::vector<TestLine> input = y_network();
  input[3].values[1] = std::int64_t{99};
  const RiverNetwork network = build_topology_from_fields(
      make_lines({"HYRIV_ID", "NEXT_DOWN"}, input),
      region_preset("hydrorivers"));
  ASSERT_EQ(network.problems.size(), 1u);
  EXPECT_NE(network.problems[0].message.find("next-down id 99"),
            std::string::npos);
  EXPECT_EQ(network.reaches.size(), 3u);
}

TEST(TrustedTopology, FromToNodesWithMinorBranch) {
  // Real-valued node ids, as NHDPlus stores them.
  const std::vector<TestLine> input{
      {{1.0, 2.0, std::int64_t{0}}, {{0, 0}, {10, 0}}},
      {{2.0, 3.0, std::int64_t{0}}, {{10, 0}, {20, 5}}},
      {{2.0, 4.0, std::int64_t{2}}, {{10, 0}, {20, -5}}},
      // Starts where the line above ends, but at another node.
      {{5.0, 6.0, std::int64_t{0}}, {{20, 5}, {30, 5}}}};
  const RiverNetwork network = build_topology_from_fields(
      make_lines({"FromNode", "ToNode", "Divergence"}, input),
      region_preset("nhdplus"));
  ASSERT_EQ(network.reaches.size(), 4u);
  EXPECT_FALSE(reach_with_fid(network, 1)->is_minor_branch);
  EXPECT_TRUE(reach_with_fid(network, 2)->is_minor_branch);
  EXPECT_EQ(network.nodes[reach_with_fid(network, 1)->from_node].kind,
            NodeKind::diffluence);
  ASSERT_EQ(network.problems.size(), 1u);
  EXPECT_EQ(network.problems[0].kind, ProblemKind::topology_mismatch);
  EXPECT_EQ(network.problems[0].source_fids,
            (std::vector<std::int64_t>{1, 3}));
  EXPECT_NE(network.problems[0].message.find("different nodes"),
            std::string::npos);
}

TEST(TrustedTopology, GeometricModeRejected) {
  EXPECT_THROW(build_topology_from_fields(
                   make_lines({"HYRIV_ID", "NEXT_DOWN"}, y_network()),
                   region_preset("generic")),
               InvalidInputError);
}

} // namespace
} // namespace georiviere
