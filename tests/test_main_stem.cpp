// Main stems, Hack orders, basins and major outflows on hand-built
// networks with hand-checked answers.
#include "georiviere/graph/main_stem.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "network_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

TEST(MainStem, FollowsLongerBranch) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[2].main_stem_id, 2);
  EXPECT_EQ(network.reaches[0].main_stem_id, 2);
  EXPECT_EQ(network.reaches[1].main_stem_id, 1);
}

TEST(MainStem, HackOrdersOfY) {
  RiverNetwork network = y_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[2].hack, 1);
  EXPECT_EQ(network.reaches[0].hack, 1);
  EXPECT_EQ(network.reaches[1].hack, 2);
}

TEST(MainStem, FollowsNameWhenUsed) {
  RiverNetwork network = y_network();
  network.reaches[0].name = "Aube";
  network.reaches[1].name = "Seine";
  network.reaches[2].name = "Seine";
  compute_all_metrics(network, true);
  EXPECT_EQ(network.reaches[1].main_stem_id, 2);
  EXPECT_EQ(network.reaches[1].hack, 1);
  EXPECT_EQ(network.reaches[0].main_stem_id, 0);
  EXPECT_EQ(network.reaches[0].hack, 2);
}

TEST(MainStem, IgnoresNamesWhenNotUsed) {
  RiverNetwork network = y_network();
  network.reaches[1].name = "Seine";
  network.reaches[2].name = "Seine";
  compute_all_metrics(network, false);
  EXPECT_EQ(network.reaches[0].main_stem_id, 2);
  EXPECT_EQ(network.reaches[1].main_stem_id, 1);
}

TEST(MainStem, EqualBranchesTieToLowestId) {
  RiverNetwork network = make_network(
      {{0, 0}, {0, 100}, {-100, 100}, {100, 100}}, {{3, 1}, {2, 1}, {1, 0}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[0].main_stem_id, 2);
  EXPECT_EQ(network.reaches[1].main_stem_id, 1);
}

TEST(MainStem, HackIncreasesPerJunction) {
  // Node 2 receives the long river (reach 0, 900 m) and tributary reach 1.
  // At node 3 the tributary continues into reach 3 (365 m to its farthest
  // source, through reach 5) rather than reach 4 (141 m), whose stem then
  // has order 3.
  RiverNetwork network =
      make_network({{0, 0},
                    {0, 1000},
                    {0, 100},
                    {300, 300},
                    {200, 400},
                    {500, 400},
                    {400, 500}},
                   {{1, 2}, {3, 2}, {2, 0}, {5, 3}, {4, 3}, {6, 5}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[0].hack, 1);
  EXPECT_EQ(network.reaches[2].hack, 1);
  EXPECT_EQ(network.reaches[1].hack, 2);
  EXPECT_EQ(network.reaches[3].hack, 2);
  EXPECT_EQ(network.reaches[5].hack, 2);
  EXPECT_EQ(network.reaches[4].hack, 3);
  EXPECT_EQ(network.reaches[5].main_stem_id, 1);
  EXPECT_EQ(network.reaches[4].main_stem_id, 4);
}

TEST(MainStem, BasinIdsPerOutlet) {
  // Two separate rivers: the Y draining to node 0 and reach 3 draining to
  // node 5.
  RiverNetwork network = make_network(
      {{0, 0}, {0, 100}, {0, 400}, {100, 100}, {500, 100}, {500, 0}},
      {{2, 1}, {3, 1}, {1, 0}, {4, 5}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[0].basin_id, 0);
  EXPECT_EQ(network.reaches[1].basin_id, 0);
  EXPECT_EQ(network.reaches[2].basin_id, 0);
  EXPECT_EQ(network.reaches[3].basin_id, 5);
  EXPECT_EQ(network.reaches[3].main_stem_id, 3);
  EXPECT_EQ(network.reaches[3].hack, 1);
}

TEST(MainStem, ConfluenceAtOutletNode) {
  // Two rivers end at the same outlet node 0: the longer one is the outlet
  // stem, the other joins it.
  RiverNetwork network =
      make_network({{0, 0}, {0, 400}, {100, 100}}, {{2, 0}, {1, 0}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[1].hack, 1);
  EXPECT_EQ(network.reaches[0].hack, 2);
  EXPECT_EQ(network.reaches[0].main_stem_id, 0);
  EXPECT_EQ(network.reaches[1].main_stem_id, 1);
  EXPECT_EQ(network.reaches[0].basin_id, 0);
}

TEST(MainStem, MajorOutflowHasLongestPath) {
  RiverNetwork network = braid_network();
  compute_all_metrics(network);
  EXPECT_TRUE(network.reaches[1].is_minor_branch);
  EXPECT_FALSE(network.reaches[2].is_minor_branch);
  EXPECT_FALSE(network.reaches[0].is_minor_branch);
}

TEST(MainStem, MajorOutflowFollowsName) {
  RiverNetwork network = braid_network();
  network.reaches[0].name = "Loire";
  network.reaches[1].name = "Loire";
  network.reaches[2].name = "Boire";
  compute_all_metrics(network, true);
  EXPECT_FALSE(network.reaches[1].is_minor_branch);
  EXPECT_TRUE(network.reaches[2].is_minor_branch);
}

TEST(MainStem, BraidStemSkipsMinorArm) {
  RiverNetwork network = braid_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[3].main_stem_id, 3);
  EXPECT_EQ(network.reaches[2].main_stem_id, 3);
  EXPECT_EQ(network.reaches[0].main_stem_id, 3);
  EXPECT_EQ(network.reaches[1].main_stem_id, 1);
  EXPECT_EQ(network.reaches[1].hack, 2);
  EXPECT_EQ(network.reaches[4].hack, 2);
  for (const Reach& reach : network.reaches) {
    EXPECT_EQ(reach.basin_id, 3) << "reach " << reach.id;
  }
}

TEST(MainStem, CycleReachesHaveNoStem) {
  // Nodes 1, 2, 3 form a cycle fed by source 0 and drained to outlet 4.
  RiverNetwork network = cycle_network();
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[1].main_stem_id, no_id);
  EXPECT_EQ(network.reaches[1].basin_id, no_id);
  EXPECT_EQ(network.reaches[1].hack, 0);
  EXPECT_EQ(network.reaches[0].main_stem_id, 4);
  EXPECT_EQ(network.reaches[0].basin_id, 4);
  EXPECT_EQ(network.reaches[0].hack, 1);
}

TEST(MainStem, TerminalCycleIsOutlet) {
  // Source 0 flows into the cycle of nodes 1 and 2, which has no way out:
  // the basin is the cycle's smallest node.
  RiverNetwork network = make_network({{0, 400}, {0, 300}, {100, 200}},
                                      {{0, 1}, {1, 2}, {2, 1, {{50, 200}}}});
  compute_all_metrics(network);
  EXPECT_EQ(network.reaches[0].basin_id, 1);
  EXPECT_EQ(network.reaches[0].hack, 1);
  EXPECT_EQ(network.reaches[0].main_stem_id, 0);
}

} // namespace
} // namespace georiviere
