// Tests of adding karst links to a river network.
#include "georiviere/region/karst_links.hpp"

#include <vector>

#include <boost/graph/adjacency_list.hpp>
#include <boost/graph/connected_components.hpp>
#include <gtest/gtest.h>

namespace georiviere {
namespace {

// Two separate rivers: 0 -> 1 ends in a sink at (100, 0); 2 -> 3 starts at
// a resurgence at (2000, -500).
RiverNetwork two_rivers() {
  RiverNetwork network;
  const std::vector<Point> positions{
      {0, 0}, {100, 0}, {2000, -500}, {2100, -600}};
  for (std::size_t i = 0; i < positions.size(); ++i) {
    network.nodes.push_back({static_cast<NodeId>(i), positions[i]});
  }
  for (NodeId from : {0, 2}) {
    Reach reach;
    reach.id = static_cast<ReachId>(network.reaches.size());
    reach.from_node = from;
    reach.to_node = from + 1;
    reach.geometry.points = {positions[from], positions[from + 1]};
    network.reaches.push_back(reach);
  }
  network.rebuild_graph();
  return network;
}

std::size_t weak_components(const RiverNetwork& network) {
  boost::adjacency_list<boost::vecS, boost::vecS, boost::undirectedS>
      undirected(network.nodes.size());
  for (const Reach& reach : network.reaches) {
    boost::add_edge(static_cast<std::size_t>(reach.from_node),
                    static_cast<std::size_t>(reach.to_node), undirected);
  }
  std::vector<int> component(network.nodes.size());
  return static_cast<std::size_t>(
      boost::connected_components(undirected, component.data()));
}

RegionProfile karst_profile(double max_distance_m) {
  RegionProfile profile;
  profile.name = "jura";
  profile.karst_links.push_back(
      {"Perte du Doubs", {103, 4}, {1995, -497}, max_distance_m});
  return profile;
}

TEST(KarstLinks, LinkJoinsTwoComponents) {
  RiverNetwork network = two_rivers();
  ASSERT_EQ(weak_components(network), 2u);
  const std::vector<ReachId> added =
      add_karst_links(network, karst_profile(250.0));
  ASSERT_EQ(added.size(), 1u);
  EXPECT_EQ(weak_components(network), 1u);

  const Reach& link = network.reaches[added[0]];
  EXPECT_TRUE(link.is_virtual);
  EXPECT_EQ(link.name, "Perte du Doubs");
  EXPECT_EQ(link.from_node, 1);
  EXPECT_EQ(link.to_node, 2);
  // Straight distance from (100, 0) to (2000, -500).
  EXPECT_NEAR(link.length_m, 1964.6883, 1e-4);
  EXPECT_EQ(boost::num_edges(network.graph()), 3u);
  // The sink node now flows on; the resurgence node has an inflow.
  EXPECT_EQ(network.nodes[1].out_degree, 1u);
  EXPECT_EQ(network.nodes[2].in_degree, 1u);
  EXPECT_TRUE(network.problems.empty());
}

TEST(KarstLinks, FarPointIsReported) {
  RiverNetwork network = two_rivers();
  const std::vector<ReachId> added =
      add_karst_links(network, karst_profile(3.0));
  EXPECT_TRUE(added.empty());
  EXPECT_EQ(weak_components(network), 2u);
  ASSERT_EQ(network.problems.size(), 1u);
  EXPECT_EQ(network.problems[0].kind, ProblemKind::gap);
  EXPECT_NE(network.problems[0].message.find("sink point is 5.0 m away"),
            std::string::npos)
      << network.problems[0].message;
}

} // namespace
} // namespace georiviere
