// Small river networks built by hand for the graph tests, with their
// hand-checked lengths, and lookups on what the algorithms leave in them.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "georiviere/graph/metrics.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere::testing {

// A reach to build by hand: straight from node to node unless `via` gives
// intermediate vertices. Its length is the length of its geometry.
struct ReachSpec {
  NodeId from;
  NodeId to;
  std::vector<Point> via = {};
  std::string name = {};
};

// Builds node i at positions[i] and reach i from specs[i] with source fid
// 100 + i, then rebuilds the graph.
inline RiverNetwork make_network(const std::vector<Point>& positions,
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

// Returns the network's problems of one kind, in their stored order.
inline std::vector<const Problem*> problems_of(const RiverNetwork& network,
                                               ProblemKind kind) {
  std::vector<const Problem*> result;
  for (const Problem& problem : network.problems) {
    if (problem.kind == kind) {
      result.push_back(&problem);
    }
  }
  return result;
}

// Runs every metric pass through compute_metrics(). The passes depend on
// each other (minor branches on distances to sources, Strahler on minor
// branches), so the tests of one pass run them all and check its fields.
inline void compute_all_metrics(RiverNetwork& network,
                                bool use_names = false) {
  MetricOptions options;
  options.use_names = use_names;
  compute_metrics(network, options);
}

// Reach 0 (300 m) and reach 1 (100 m) join at node 1, and reach 2 (100 m)
// drains to the outlet node 0.
inline RiverNetwork y_network() {
  return make_network({{0, 0}, {0, 100}, {0, 400}, {100, 100}},
                      {{2, 1}, {3, 1}, {1, 0}});
}

// Sources 0 and 1 join at node 2 (reaches 0 and 1), reach 2 goes on to
// node 4, where source 3 joins (reach 3), and reach 4 drains to the outlet
// node 5.
inline RiverNetwork unequal_tree_network() {
  return make_network(
      {{0, 300}, {100, 300}, {50, 200}, {200, 200}, {50, 100}, {50, 0}},
      {{0, 2}, {1, 2}, {2, 4}, {3, 4}, {4, 5}});
}

// Sources 0 and 4 (reaches 0 and 4, 100 m each) join at node 1, which
// splits into a straight arm (reach 1, 200 m) and a bent arm (reach 2,
// 200 * sqrt(2) m) that rejoin at node 2. Reach 3 (100 m) drains to the
// outlet node 3.
inline RiverNetwork braid_network() {
  return make_network({{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}},
                      {{0, 1}, {1, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
}

// braid_network() with its straight arm cut at pseudo-node 5 into reaches
// 1 and 2 (100 m each). The bent arm is reach 3, the outlet reach is
// reach 4 and source 4 drains through reach 5.
inline RiverNetwork split_braid_network() {
  return make_network(
      {{0, 400}, {0, 300}, {0, 100}, {0, 0}, {-100, 300}, {0, 200}},
      {{0, 1}, {1, 5}, {5, 2}, {1, 2, {{100, 200}}}, {2, 3}, {4, 1}});
}

// A braid like braid_network() whose short arm (reach 1, node 1 to node 6)
// takes source 5 (reach 6) at node 6 and goes on as reach 2 to node 2. The
// bent arm (reach 3) bows out to (300, 200), so it is the longer one.
inline RiverNetwork braid_with_tributary_network() {
  return make_network(
      {{0, 400},
       {0, 300},
       {0, 100},
       {0, 0},
       {-100, 300},
       {-100, 200},
       {-10, 200}},
      {{0, 1}, {1, 6}, {6, 2}, {1, 2, {{300, 200}}}, {2, 3}, {4, 1}, {5, 6}});
}

// Nodes 1, 2, 3 form a cycle of reaches 1, 2 and 3, fed by source 0
// through reach 0 (100 m) and drained to the outlet node 4 through reach 4
// (200 m).
inline RiverNetwork cycle_network() {
  return make_network({{0, 400}, {0, 300}, {100, 200}, {0, 200}, {0, 0}},
                      {{0, 1}, {1, 2}, {2, 3}, {3, 1}, {3, 4}});
}

} // namespace georiviere::testing
