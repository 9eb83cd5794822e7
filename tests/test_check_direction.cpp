// Direction and connectivity checks on hand-built networks.
#include "georiviere/graph/check_direction.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

TEST(CheckDirection, CleanTreeHasNoProblems) {
  RiverNetwork network = y_network();
  check_direction(network);
  EXPECT_TRUE(network.problems.empty());
  for (const Reach& reach : network.reaches) {
    EXPECT_FALSE(reach.in_cycle);
  }
}

TEST(CheckDirection, CycleReportedWithReaches) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network = cycle_network();
  check_direction(network);
  const auto cycles = problems_of(network, ProblemKind::cycle);
  ASSERT_EQ(cycles.size(), 1u);
  EXPECT_EQ(cycles[0]->reach_ids, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(cycles[0]->lines.size(), 3u);
  EXPECT_EQ(cycles[0]->source_fids, (std::vector<std::int64_t>{101, 102, 103}));
  EXPECT_NE(cycles[0]->message.find("3 reaches"), std::string::npos)
      << cycles[0]->message;
  EXPECT_FALSE(network.reaches[0].in_cycle);
  EXPECT_TRUE(network.reaches[1].in_cycle);
  EXPECT_TRUE(network.reaches[2].in_cycle);
  EXPECT_TRUE(network.reaches[3].in_cycle);
  EXPECT_FALSE(network.reaches[4].in_cycle);
}

TEST(CheckDirection, TwoCyclesAndSelfLoop) {
  // Cycle of nodes 0 and 1 (two reaches), cycle of nodes 2, 3 (two
  // reaches), and a self-loop at node 4, all linked by reaches 4 and 5.
  RiverNetwork network =
      make_network({{0, 0}, {100, 0}, {200, 0}, {300, 0}, {400, 0}},
                   {{0, 1},
                    {1, 0, {{50, 50}}},
                    {2, 3},
                    {3, 2, {{250, 50}}},
                    {1, 2},
                    {3, 4},
                    {4, 4, {{450, 50}, {450, -50}}}});
  check_direction(network);
  const auto cycles = problems_of(network, ProblemKind::cycle);
  ASSERT_EQ(cycles.size(), 3u);
  EXPECT_EQ(cycles[0]->reach_ids, (std::vector<std::int64_t>{6}));
  EXPECT_NE(cycles[0]->message.find("starts and ends at node 4"),
            std::string::npos)
      << cycles[0]->message;
  EXPECT_EQ(cycles[1]->reach_ids, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(cycles[2]->reach_ids, (std::vector<std::int64_t>{2, 3}));
  EXPECT_FALSE(network.reaches[4].in_cycle);
  EXPECT_FALSE(network.reaches[5].in_cycle);
  EXPECT_TRUE(network.reaches[6].in_cycle);
}

TEST(CheckDirection, ReversedLineBelowConfluence) {
  // Sources 0 and 4 should join at node 1 and flow through node 2 to the
  // outlet node 3, but reach 2 is digitised from node 2 to node 1.
  RiverNetwork network =
      make_network({{0, 400}, {0, 300}, {0, 200}, {0, 0}, {100, 400}},
                   {{0, 1}, {4, 1}, {2, 1}, {2, 3}});
  check_direction(network);
  const auto reversed = problems_of(network, ProblemKind::reversed);
  ASSERT_EQ(reversed.size(), 1u);
  EXPECT_EQ(reversed[0]->reach_ids, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(reversed[0]->lines.size(), 1u);
  EXPECT_NE(reversed[0]->message.find("Reverse the line in the source data"),
            std::string::npos)
      << reversed[0]->message;
  // The reversal also makes a diffluence at node 2 and a second outlet.
  EXPECT_EQ(network.count_problems(ProblemKind::diffluence), 1u);
  EXPECT_EQ(network.count_problems(ProblemKind::multiple_outlets), 1u);
}

TEST(CheckDirection, ReversedLineInChain) {
  // Source 0 flows to node 1, node 2 and the outlet node 3, but reach 1 is
  // digitised from node 2 to node 1.
  RiverNetwork network = make_network({{0, 300}, {0, 200}, {0, 100}, {0, 0}},
                                      {{0, 1}, {2, 1}, {2, 3}});
  check_direction(network);
  const auto reversed = problems_of(network, ProblemKind::reversed);
  ASSERT_EQ(reversed.size(), 1u);
  EXPECT_EQ(reversed[0]->reach_ids, (std::vector<std::int64_t>{1}));
}

TEST(CheckDirection, ReversedHeadwater) {
  // Reach 0 should flow from source 0 to node 1 but starts at node 1. Node
  // 1 then has no inflow and two outflows, and reach 1 continues to node 3.
  RiverNetwork network = make_network({{0, 300}, {0, 200}, {0, 100}, {0, 0}},
                                      {{1, 0}, {1, 2}, {2, 3}});
  check_direction(network);
  const auto reversed = problems_of(network, ProblemKind::reversed);
  ASSERT_EQ(reversed.size(), 1u);
  EXPECT_EQ(reversed[0]->reach_ids, (std::vector<std::int64_t>{0}));
  EXPECT_NE(reversed[0]->message.find("dead end"), std::string::npos)
      << reversed[0]->message;
}

TEST(CheckDirection, ReversedHeadwaterAtConfluence) {
  // Sources 0 and 4 should join at node 1 above node 2 and the outlet node
  // 3, but reach 0 is digitised from node 1 to node 0.
  RiverNetwork network =
      make_network({{0, 300}, {0, 200}, {0, 100}, {0, 0}, {100, 300}},
                   {{1, 0}, {4, 1}, {1, 2}, {2, 3}});
  check_direction(network);
  const auto reversed = problems_of(network, ProblemKind::reversed);
  ASSERT_EQ(reversed.size(), 1u);
  EXPECT_EQ(reversed[0]->reach_ids, (std::vector<std::int64_t>{0}));
  EXPECT_NE(reversed[0]->message.find("headwater"), std::string::npos)
      << reversed[0]->message;
}

TEST(CheckDirection, DeltaArmsNotReversed) {
  // Node 1 splits into two arms that reach separate outlets 2 and 3.
  RiverNetwork network = make_network({{0, 200}, {0, 100}, {-50, 0}, {50, 0}},
                                      {{0, 1}, {1, 2}, {1, 3}});
  check_direction(network);
  EXPECT_EQ(network.count_problems(ProblemKind::reversed), 0u);
  EXPECT_EQ(network.count_problems(ProblemKind::diffluence), 1u);
  EXPECT_EQ(network.count_problems(ProblemKind::multiple_outlets), 1u);
}

TEST(CheckDirection, AmbiguousReversedPair) {
  // Two lines start at node 0 and end at separate dead ends. One of them
  // is reversed, but which one cannot be identified.
  RiverNetwork network =
      make_network({{0, 0}, {0, 100}, {0, -100}}, {{0, 1}, {0, 2}});
  check_direction(network);
  const auto reversed = problems_of(network, ProblemKind::reversed);
  ASSERT_EQ(reversed.size(), 1u);
  EXPECT_EQ(reversed[0]->reach_ids, (std::vector<std::int64_t>{0, 1}));
  ASSERT_EQ(reversed[0]->points.size(), 1u);
  EXPECT_EQ(reversed[0]->points[0], (Point{0, 0}));
}

TEST(CheckDirection, BraidAtOutletNotReversed) {
  // Node 1 splits into two arms that both end at the outlet node 2.
  RiverNetwork network = make_network({{0, 200}, {0, 100}, {0, 0}},
                                      {{0, 1}, {1, 2}, {1, 2, {{50, 50}}}});
  check_direction(network);
  EXPECT_EQ(network.count_problems(ProblemKind::reversed), 0u);
  EXPECT_EQ(network.count_problems(ProblemKind::multiple_outlets), 0u);
  EXPECT_EQ(network.count_problems(ProblemKind::diffluence), 1u);
}

TEST(CheckDirection, ConfluenceAtOutletNotReported) {
  // Two rivers end at the same outlet node 0.
  RiverNetwork network =
      make_network({{0, 0}, {0, 400}, {100, 100}}, {{2, 0}, {1, 0}});
  check_direction(network);
  EXPECT_TRUE(network.problems.empty());
}

TEST(CheckDirection, DiffluenceWithOutflows) {
  // Node 1 splits into reaches 1 and 2, which reach the outlets 2 and 3
  // through nodes 4 and 5.
  RiverNetwork network = make_network(
      {{0, 300}, {0, 200}, {-100, 0}, {100, 0}, {-100, 100}, {100, 100}},
      {{0, 1}, {1, 4}, {1, 5}, {4, 2}, {5, 3}});
  check_direction(network);
  const auto diffluences = problems_of(network, ProblemKind::diffluence);
  ASSERT_EQ(diffluences.size(), 1u);
  EXPECT_EQ(diffluences[0]->reach_ids, (std::vector<std::int64_t>{1, 2}));
  ASSERT_EQ(diffluences[0]->points.size(), 1u);
  EXPECT_EQ(diffluences[0]->points[0], (Point{0, 200}));
  EXPECT_EQ(network.count_problems(ProblemKind::reversed), 0u);

  const auto outlets = problems_of(network, ProblemKind::multiple_outlets);
  ASSERT_EQ(outlets.size(), 1u);
  EXPECT_EQ(outlets[0]->points, (std::vector<Point>{{-100, 0}, {100, 0}}));
  EXPECT_EQ(outlets[0]->reach_ids, (std::vector<std::int64_t>{3, 4}));
  EXPECT_NE(outlets[0]->message.find("2 outlets"), std::string::npos)
      << outlets[0]->message;
}

TEST(CheckDirection, DisconnectedComponentsReported) {
  // The Y (500 m) is the largest component; reach 3 (50 m) and the chain
  // of reaches 4 and 5 (200 m) are apart.
  RiverNetwork network =
      make_network({{0, 0},
                    {0, 100},
                    {0, 400},
                    {100, 100},
                    {1000, 50},
                    {1000, 0},
                    {2000, 200},
                    {2000, 100},
                    {2000, 0}},
                   {{2, 1}, {3, 1}, {1, 0}, {4, 5}, {6, 7}, {7, 8}});
  check_direction(network);
  const auto pieces = problems_of(network, ProblemKind::disconnected);
  ASSERT_EQ(pieces.size(), 2u);
  EXPECT_EQ(pieces[0]->reach_ids, (std::vector<std::int64_t>{3}));
  EXPECT_TRUE(pieces[0]->lines.empty());
  ASSERT_EQ(pieces[0]->points.size(), 1u);
  EXPECT_EQ(pieces[0]->points[0], (Point{1000, 0}));
  EXPECT_NE(pieces[0]->message.find("component of 1 reach, 50.0 m"),
            std::string::npos)
      << pieces[0]->message;
  EXPECT_NE(pieces[0]->message.find("(3 reaches, 500.0 m)"), std::string::npos)
      << pieces[0]->message;
  EXPECT_EQ(pieces[1]->reach_ids, (std::vector<std::int64_t>{4, 5}));
  EXPECT_EQ(network.count_problems(ProblemKind::multiple_outlets), 0u);
}

TEST(CheckDirection, LargestComponentByLength) {
  // Reach 0 alone (1000 m) outweighs the three reaches of the Y (500 m).
  RiverNetwork network = make_network(
      {{5000, 1000}, {5000, 0}, {0, 0}, {0, 100}, {0, 400}, {100, 100}},
      {{0, 1}, {4, 3}, {5, 3}, {3, 2}});
  check_direction(network);
  const auto pieces = problems_of(network, ProblemKind::disconnected);
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0]->reach_ids, (std::vector<std::int64_t>{1, 2, 3}));
}

TEST(CheckDirection, ReachWithMissingNodeThrows) {
  RiverNetwork network = make_network({{0, 0}, {0, 100}}, {{1, 0}});
  network.reaches[0].to_node = 7;
  EXPECT_THROW(check_direction(network), InvalidInputError);
}

TEST(CheckDirection, ProgressCanCancel) {
  RiverNetwork network = make_network({{0, 0}, {0, 100}}, {{1, 0}});
  int calls = 0;
  const ProgressCallback progress = [&](std::string_view stage, double) {
    EXPECT_EQ(stage, "checking flow direction");
    return ++calls < 2;
  };
  EXPECT_THROW(check_direction(network, progress), CancelledError);
  EXPECT_EQ(calls, 2);
}

} // namespace
} // namespace georiviere
