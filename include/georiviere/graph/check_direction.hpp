// Checks of flow direction and connectivity, reported as Problems.
//
// check_direction() appends to RiverNetwork::problems, in this order:
//
// - cycle: each strongly connected component of more than one node, with
//   the reaches inside it, and each self-loop (a reach that starts and ends
//   at the same node). Their reaches get Reach::in_cycle = true.
// - reversed: a reach that likely flows against its neighbours. A reversed
//   line u -> v in a tree turns its true downstream end u into a node with
//   an extra outflow and its true upstream end v into a dead end (no
//   outflow). So a reach u -> v is reported when v has no outflow and u has
//   another outflow, in three cases:
//   (a) v has an inflow from another node than u. Lines converge on a point
//       that nothing leaves, which a reversed line below a confluence
//       produces.
//   (b) No outflow of u matches (a), u has no inflow and another outflow of
//       u continues. Two lines start at one point, which rivers do not do.
//       When every outflow of such a source node ends at a dead end, the
//       reversed one cannot be identified, so one Problem lists them all.
//   (c) No outflow of u matches (a), u has inflows, another outflow of u
//       continues, and the reach is v's only inflow. This is a headwater
//       digitised from its mouth, or a real branch that ends (a canal, a
//       sinkhole), and the message names both.
//   A diffluence whose every outflow ends at a dead end, as in a delta, is
//   not reported as reversed.
// - diffluence: each node with two or more outflows, with its outflows.
// - disconnected: each weakly connected component other than the largest
//   (by total length, ties to the component with the lowest reach id),
//   with the ids of its reaches and, as geometry, its outlet points (the
//   start of its first reach when it has no outlet). The reach lines are
//   not copied, because a region of many small coastal basins would
//   otherwise copy most of the network.
// - multiple_outlets: each weakly connected component with more than one
//   outlet node (a node with inflows and no outflow).
//
// NOTE: a reversed outlet reach (the last reach, digitised towards the
// network) looks like a headwater that joins at the outlet, so it is not
// reported.
//
// Works from reaches' from_node and to_node, not from the Boost graph or the
// node degrees, so it needs no rebuild_graph() call first. Data defects
// become Problems. It throws InvalidInputError only when a reach id differs
// from its index or a reach refers to a missing node, and CancelledError
// when the progress callback returns false. Complexity: O(V + E) time and
// memory, iterative, plus the size of the reported geometries.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <numeric>
#include <span>
#include <string>
#include <vector>

#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/graph_adjacency.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/graph/topological_order.hpp"

namespace georiviere {

namespace detail {

// "3, 4 and 7", the first 20 ids only, then "and N more".
inline std::string format_ids(std::span<const std::int64_t> ids) {
  constexpr std::size_t max_listed = 20;
  std::string text;
  const std::size_t listed = std::min(ids.size(), max_listed);
  for (std::size_t i = 0; i < listed; ++i) {
    if (i > 0) {
      text += i + 1 == ids.size() ? " and " : ", ";
    }
    text += std::to_string(ids[i]);
  }
  if (ids.size() > listed) {
    text += " and " + std::to_string(ids.size() - listed) + " more";
  }
  return text;
}

inline std::string format_length_m(double length_m) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.1f m", length_m);
  return buffer;
}

inline std::string count_reaches(std::size_t count) {
  return std::to_string(count) + (count == 1 ? " reach" : " reaches");
}

// A Problem on the given reaches, with their lines and source features.
inline Problem reach_problem(const RiverNetwork& network, ProblemKind kind,
                             std::span<const ReachId> reach_ids,
                             std::string message) {
  Problem problem;
  problem.kind = kind;
  problem.message = std::move(message);
  for (const ReachId id : reach_ids) {
    const Reach& reach = network.reaches[id];
    problem.reach_ids.push_back(id);
    problem.lines.push_back(reach.geometry);
    problem.source_fids.insert(problem.source_fids.end(),
                               reach.source_fids.begin(),
                               reach.source_fids.end());
  }
  return problem;
}

// Marks cycle reaches and reports one Problem per cycle.
inline void report_cycles(RiverNetwork& network, const FlowGraph& flow) {
  for (Reach& reach : network.reaches) {
    reach.in_cycle = flow.in_cycle(reach.id);
  }
  if (!flow.has_cycles()) {
    return;
  }
  std::vector<std::size_t> group_size(flow.group_count(), 0);
  for (const Node& node : network.nodes) {
    ++group_size[flow.group_of(node.id)];
  }

  // Reaches of each cycle group, in reach id order. The Problems follow the
  // order of each group's first reach.
  std::vector<std::vector<ReachId>> cycle_reaches(flow.group_count());
  std::vector<std::size_t> cycle_order;
  for (const Reach& reach : network.reaches) {
    if (!reach.in_cycle) {
      continue;
    }
    const std::size_t group = flow.group_of(reach.from_node);
    if (group_size[group] == 1) {
      const ReachId id = reach.id;
      network.problems.push_back(reach_problem(
          network, ProblemKind::cycle, {&id, 1},
          "reach " + std::to_string(id) + " starts and ends at node " +
              std::to_string(reach.from_node) +
              ", a directed cycle of 1 reach: split the line where the "
              "river leaves the loop, or remove it, in the source data"));
      continue;
    }
    if (cycle_reaches[group].empty()) {
      cycle_order.push_back(group);
    }
    cycle_reaches[group].push_back(reach.id);
  }
  for (const std::size_t group : cycle_order) {
    const std::vector<ReachId>& ids = cycle_reaches[group];
    network.problems.push_back(reach_problem(
        network, ProblemKind::cycle, ids,
        "directed cycle of " + count_reaches(ids.size()) + " (" +
            format_ids(ids) +
            "): flow returns to where it started, so at least one of these "
            "lines is reversed. Reverse it in the source data"));
  }
}

inline void report_reversed(RiverNetwork& network,
                            const ReachAdjacency& adjacency) {
  const std::vector<Reach>& reaches = network.reaches;
  const auto is_dead_end = [&](NodeId node, ReachId reach) {
    return reaches[reach].to_node != node &&
           adjacency.out_degree(reaches[reach].to_node) == 0;
  };
  const auto converges = [&](NodeId node, ReachId reach) {
    for (const ReachId other : adjacency.inflows(reaches[reach].to_node)) {
      if (reaches[other].from_node != node) {
        return true;
      }
    }
    return false;
  };
  const std::string fix = ". Reverse the line in the source data";

  for (std::size_t u = 0; u < adjacency.vertex_count(); ++u) {
    if (adjacency.out_degree(u) < 2) {
      continue;
    }
    const auto node = static_cast<NodeId>(u);
    std::vector<ReachId> dead_ends;
    std::vector<ReachId> converging;
    for (const ReachId reach : adjacency.outflows(u)) {
      if (is_dead_end(node, reach)) {
        dead_ends.push_back(reach);
        if (converges(node, reach)) {
          converging.push_back(reach);
        }
      }
    }

    for (const ReachId reach : converging) {
      network.problems.push_back(reach_problem(
          network, ProblemKind::reversed, {&reach, 1},
          "reach " + std::to_string(reach) +
              " likely flows against its neighbours: it ends at node " +
              std::to_string(reaches[reach].to_node) +
              ", where other lines end and none leaves, and starts at node " +
              std::to_string(node) + ", which has another outflow" + fix));
    }
    if (!converging.empty() || dead_ends.empty()) {
      continue;
    }
    const bool others_continue = dead_ends.size() < adjacency.out_degree(u);
    if (adjacency.in_degree(u) == 0 && !others_continue) {
      Problem problem = reach_problem(
          network, ProblemKind::reversed, dead_ends,
          "reaches " + format_ids(dead_ends) + " start at node " +
              std::to_string(node) +
              ", which has no inflow, and each ends at a dead end: one of "
              "them likely flows against the others. Reverse it in the "
              "source data");
      problem.points.push_back(network.nodes[u].position);
      network.problems.push_back(std::move(problem));
      continue;
    }
    if (!others_continue) {
      continue; // every arm ends, as in a delta
    }
    for (const ReachId reach : dead_ends) {
      const NodeId end = reaches[reach].to_node;
      std::string message;
      if (adjacency.in_degree(u) == 0) {
        message = "reach " + std::to_string(reach) +
                  " likely flows against its neighbours: it starts at "
                  "node " +
                  std::to_string(node) +
                  " together with another line, with no inflow, and ends "
                  "at node " +
                  std::to_string(end) + ", a dead end" + fix;
      } else if (adjacency.in_degree(end) == 1) {
        message = "reach " + std::to_string(reach) + " leaves node " +
                  std::to_string(node) +
                  ", where the river continues through another outflow, "
                  "and ends at node " +
                  std::to_string(end) +
                  ", a dead end. If it is a headwater digitised from its "
                  "mouth, reverse the line in the source data. If it is a "
                  "branch that ends there, such as a canal or a sinkhole, "
                  "ignore this problem";
      } else {
        continue;
      }
      network.problems.push_back(reach_problem(
          network, ProblemKind::reversed, {&reach, 1}, std::move(message)));
    }
  }
}

inline void report_diffluences(RiverNetwork& network,
                               const ReachAdjacency& adjacency) {
  for (std::size_t u = 0; u < adjacency.vertex_count(); ++u) {
    const std::span<const ReachId> outflows = adjacency.outflows(u);
    if (outflows.size() < 2) {
      continue;
    }
    Problem problem;
    problem.kind = ProblemKind::diffluence;
    problem.message =
        "node " + std::to_string(u) + " has " +
        std::to_string(outflows.size()) + " outflows (reaches " +
        format_ids(outflows) +
        "): check that the river splits here. If it does not, one of these "
        "lines is reversed or wrongly connected";
    problem.points.push_back(network.nodes[u].position);
    problem.reach_ids.assign(outflows.begin(), outflows.end());
    network.problems.push_back(std::move(problem));
  }
}

// Weakly connected components of the nodes, by union-find with path
// halving. Returns the root node of each node.
inline std::vector<std::size_t> weak_components(const RiverNetwork& network) {
  std::vector<std::size_t> parent(network.nodes.size());
  std::iota(parent.begin(), parent.end(), std::size_t{0});
  const auto find = [&](std::size_t v) {
    while (parent[v] != v) {
      parent[v] = parent[parent[v]];
      v = parent[v];
    }
    return v;
  };
  for (const Reach& reach : network.reaches) {
    const std::size_t a = find(static_cast<std::size_t>(reach.from_node));
    const std::size_t b = find(static_cast<std::size_t>(reach.to_node));
    if (a != b) {
      parent[std::max(a, b)] = std::min(a, b);
    }
  }
  for (std::size_t v = 0; v < parent.size(); ++v) {
    parent[v] = find(v);
  }
  return parent;
}

inline void report_components(RiverNetwork& network,
                              const ReachAdjacency& adjacency) {
  const std::vector<std::size_t> root = weak_components(network);

  // Components numbered by their lowest reach id.
  std::vector<std::size_t> index_of_root(root.size(), SIZE_MAX);
  std::vector<std::vector<ReachId>> members;
  std::vector<double> length_m;
  for (const Reach& reach : network.reaches) {
    std::size_t& index = index_of_root[root[reach.from_node]];
    if (index == SIZE_MAX) {
      index = members.size();
      members.emplace_back();
      length_m.push_back(0.0);
    }
    members[index].push_back(reach.id);
    length_m[index] += reach.length_m;
  }
  if (members.empty()) {
    return;
  }

  std::size_t largest = 0;
  for (std::size_t c = 1; c < members.size(); ++c) {
    if (length_m[c] > length_m[largest]) {
      largest = c;
    }
  }
  const std::string largest_text =
      " (" + count_reaches(members[largest].size()) + ", " +
      format_length_m(length_m[largest]) + ")";
  // Outlet nodes of each component, in node id order.
  std::vector<std::vector<NodeId>> outlets(members.size());
  for (std::size_t v = 0; v < adjacency.vertex_count(); ++v) {
    if (adjacency.in_degree(v) > 0 && adjacency.out_degree(v) == 0) {
      outlets[index_of_root[root[v]]].push_back(static_cast<NodeId>(v));
    }
  }

  for (std::size_t c = 0; c < members.size(); ++c) {
    if (c == largest) {
      continue;
    }
    Problem problem;
    problem.kind = ProblemKind::disconnected;
    problem.message =
        "component of " + count_reaches(members[c].size()) + ", " +
        format_length_m(length_m[c]) +
        ", not connected to the largest component" + largest_text +
        ": if it should drain into it, close the gap in the source data "
        "or raise the snap tolerance";
    problem.reach_ids = members[c];
    for (const NodeId outlet : outlets[c]) {
      problem.points.push_back(network.nodes[outlet].position);
    }
    if (problem.points.empty()) {
      const Reach& first = network.reaches[members[c].front()];
      problem.points.push_back(network.nodes[first.from_node].position);
    }
    network.problems.push_back(std::move(problem));
  }
  for (std::size_t c = 0; c < members.size(); ++c) {
    if (outlets[c].size() < 2) {
      continue;
    }
    Problem problem;
    problem.kind = ProblemKind::multiple_outlets;
    problem.message =
        "component of " + count_reaches(members[c].size()) + " has " +
        std::to_string(outlets[c].size()) + " outlets (nodes " +
        format_ids(outlets[c]) +
        "): a river network drains to one outlet unless it has "
        "distributaries, so look for a reversed line or a missing "
        "connection near these outlets";
    for (const NodeId outlet : outlets[c]) {
      problem.points.push_back(network.nodes[outlet].position);
      for (const ReachId reach : adjacency.inflows(outlet)) {
        problem.reach_ids.push_back(reach);
      }
    }
    network.problems.push_back(std::move(problem));
  }
}

} // namespace detail

// Reports cycles, reversed lines, diffluences, disconnected components and
// components with several outlets, and sets Reach::in_cycle. See the top of
// this header for the rules.
inline void check_direction(RiverNetwork& network,
                            const ProgressCallback& progress = {}) {
  ProgressReporter reporter(progress, "checking flow direction", 5);
  const FlowGraph flow(network);
  const detail::ReachAdjacency adjacency =
      detail::node_adjacency(network.nodes.size(), detail::reach_ends(network));
  reporter.update(1);
  detail::report_cycles(network, flow);
  reporter.update(2);
  detail::report_reversed(network, adjacency);
  reporter.update(3);
  detail::report_diffluences(network, adjacency);
  reporter.update(4);
  detail::report_components(network, adjacency);
  reporter.finish();
}

} // namespace georiviere
