// The acyclic flow graph that every metric pass walks: nodes grouped into
// strongly connected components, reaches in directed cycles left out, the
// groups ranked in topological order (upstream first) and the reaches
// renumbered into positions that follow that order.
//
// Algorithm: Kahn's topological sort on the nodes. When it cannot order every
// node, the network has a directed cycle. The strongly connected components are
// then found with boost::strong_components (Tarjan's algorithm, whose
// depth-first search is iterative in Boost 1.74), and each component becomes
// one group. A reach whose two ends are in the same group is marked as in a
// cycle (self-loops included). Kahn's sort then runs again on the groups, which
// form a DAG.
//
// Without cycles each group is one node. With cycles, a reach that enters a
// cycle flows into the cycle's group and a reach that leaves it flows out of
// it, so the metrics below a cycle still receive what flows into it.
//
// Groups are identified by their rank in the topological order, and the
// reaches that are not in a cycle by their position. The outflows of group
// k come before those of group k + 1, and each group's outflows are in
// reach id order. The
// metric passes then read and write compact arrays in that order, so their
// memory access stays mostly sequential even when reach ids follow no
// spatial order.
//
// Complexity: O(V + E) time and memory. Iterative, so deep networks do not
// exhaust the stack. Throws InvalidInputError when a reach id differs from
// its index or a reach refers to a node that does not exist.
#pragma once

#include <algorithm>
#include <cstddef>
#include <limits>
#include <span>
#include <utility>
#include <vector>

#include <boost/graph/compressed_sparse_row_graph.hpp>
#include <boost/graph/strong_components.hpp>

#include "georiviere/detail/graph_adjacency.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere {

class FlowGraph {
public:
  // Position of a reach that is in a cycle, and major outflow of a group
  // without outflows.
  static constexpr std::size_t npos = std::numeric_limits<std::size_t>::max();

  // Builds the flow graph from the reaches' from_node and to_node. It does
  // not read the network's Boost graph, node degrees or in_cycle flags.
  explicit FlowGraph(const RiverNetwork& network) {
    const detail::ReachEnds ends = detail::reach_ends(network);
    const std::size_t node_count = network.nodes.size();
    const std::size_t reach_count = ends.from.size();
    std::vector<std::size_t> group_of(node_count);
    for (std::size_t v = 0; v < node_count; ++v) {
      group_of[v] = v;
    }
    in_cycle_.assign(reach_count, 0);

    detail::ReachAdjacency adjacency = detail::node_adjacency(node_count, ends);
    std::vector<std::size_t> order = kahn_order(adjacency);
    if (order.size() != node_count) {
      has_cycles_ = true;
      adjacency = condense_cycles(ends, group_of);
      order = kahn_order(adjacency);
    }
    number_positions(adjacency, order, group_of, ends);
  }

  // Number of groups, which is the number of nodes when there is no cycle.
  std::size_t group_count() const { return representative_.size(); }

  // Number of reaches outside cycles, each with a position.
  std::size_t position_count() const { return reach_at_.size(); }

  // Rank of the group of a node.
  std::size_t group_of(NodeId node) const {
    return group_of_node_[static_cast<std::size_t>(node)];
  }

  // Smallest node id of the group.
  NodeId representative(std::size_t group) const {
    return representative_[group];
  }

  ReachId reach_at(std::size_t position) const { return reach_at_[position]; }

  // Position of the reach, or npos when it lies on a cycle.
  std::size_t position_of(ReachId reach) const {
    return position_of_[static_cast<std::size_t>(reach)];
  }

  // Positions of the reaches flowing into the group, in reach id order.
  std::span<const std::size_t> inflows(std::size_t group) const {
    return {inflow_positions_.data() + inflow_begin_[group],
            inflow_positions_.data() + inflow_begin_[group + 1]};
  }

  // The reaches flowing out of the group are the positions
  // [outflow_begin(group), outflow_end(group)), in reach id order.
  std::size_t outflow_begin(std::size_t group) const {
    return outflow_begin_[group];
  }
  std::size_t outflow_end(std::size_t group) const {
    return outflow_begin_[group + 1];
  }

  // Group that the reach at this position flows into.
  std::size_t downstream_group(std::size_t position) const {
    return downstream_group_[position];
  }

  bool has_cycles() const { return has_cycles_; }

  // Whether the reach lies on a directed cycle, a self-loop included.
  bool in_cycle(ReachId reach) const {
    return in_cycle_[static_cast<std::size_t>(reach)] != 0;
  }

private:
  // Kahn's sort of the adjacency's vertices. Sources are queued in id
  // order, so the order is deterministic. Vertices on or below a cycle are
  // left out, which is how a cycle is detected.
  static std::vector<std::size_t>
  kahn_order(const detail::ReachAdjacency& adjacency) {
    const std::size_t count = adjacency.vertex_count();
    std::vector<std::size_t> remaining(count);
    std::vector<std::size_t> order;
    order.reserve(count);
    for (std::size_t v = 0; v < count; ++v) {
      remaining[v] = adjacency.in_degree(v);
      if (remaining[v] == 0) {
        order.push_back(v);
      }
    }
    for (std::size_t i = 0; i < order.size(); ++i) {
      for (const std::size_t head : adjacency.outflow_heads(order[i])) {
        if (--remaining[head] == 0) {
          order.push_back(head);
        }
      }
    }
    return order;
  }

  // Groups the nodes into strongly connected components, marks the reaches
  // inside a component, and returns the adjacency of the components
  // without those reaches.
  detail::ReachAdjacency condense_cycles(const detail::ReachEnds& ends,
                                         std::vector<std::size_t>& group_of) {
    const std::size_t reach_count = ends.from.size();
    std::vector<std::pair<std::size_t, std::size_t>> edges;
    edges.reserve(reach_count);
    for (std::size_t r = 0; r < reach_count; ++r) {
      edges.emplace_back(ends.from[r], ends.to[r]);
    }
    using CsrGraph = boost::compressed_sparse_row_graph<boost::directedS>;
    const CsrGraph graph(boost::edges_are_unsorted_multi_pass, edges.begin(),
                         edges.end(), group_of.size());
    const std::size_t group_count = boost::strong_components(
        graph, boost::make_iterator_property_map(
                   group_of.begin(), boost::get(boost::vertex_index, graph)));

    for (std::size_t r = 0; r < reach_count; ++r) {
      in_cycle_[r] = group_of[ends.from[r]] == group_of[ends.to[r]];
    }
    return detail::ReachAdjacency(
        group_count, reach_count,
        [&](std::size_t r) { return group_of[ends.from[r]]; },
        [&](std::size_t r) { return group_of[ends.to[r]]; },
        [&](std::size_t r) { return in_cycle_[r] == 0; });
  }

  // Ranks the groups by `order` and numbers the reaches outside cycles.
  void number_positions(const detail::ReachAdjacency& adjacency,
                        const std::vector<std::size_t>& order,
                        const std::vector<std::size_t>& group_of,
                        const detail::ReachEnds& ends) {
    const std::size_t group_count = order.size();
    std::vector<std::size_t> rank(group_count);
    for (std::size_t k = 0; k < group_count; ++k) {
      rank[order[k]] = k;
    }
    group_of_node_.resize(group_of.size());
    representative_.assign(group_count, std::numeric_limits<NodeId>::max());
    for (std::size_t v = 0; v < group_of.size(); ++v) {
      const std::size_t k = rank[group_of[v]];
      group_of_node_[v] = k;
      representative_[k] = std::min(representative_[k], static_cast<NodeId>(v));
    }

    position_of_.assign(ends.from.size(), npos);
    reach_at_.reserve(ends.from.size());
    outflow_begin_.resize(group_count + 1);
    downstream_group_.reserve(ends.from.size());
    for (std::size_t k = 0; k < group_count; ++k) {
      outflow_begin_[k] = reach_at_.size();
      const std::span<const ReachId> outflows = adjacency.outflows(order[k]);
      const std::span<const std::size_t> heads =
          adjacency.outflow_heads(order[k]);
      for (std::size_t i = 0; i < outflows.size(); ++i) {
        position_of_[outflows[i]] = reach_at_.size();
        reach_at_.push_back(outflows[i]);
        downstream_group_.push_back(rank[heads[i]]);
      }
    }
    outflow_begin_[group_count] = reach_at_.size();

    inflow_begin_.resize(group_count + 1);
    inflow_positions_.reserve(reach_at_.size());
    for (std::size_t k = 0; k < group_count; ++k) {
      inflow_begin_[k] = inflow_positions_.size();
      for (const ReachId reach : adjacency.inflows(order[k])) {
        inflow_positions_.push_back(position_of_[reach]);
      }
    }
    inflow_begin_[group_count] = inflow_positions_.size();
  }

  std::vector<std::size_t> group_of_node_;
  std::vector<NodeId> representative_;
  std::vector<ReachId> reach_at_;
  std::vector<std::size_t> position_of_;
  std::vector<std::size_t> outflow_begin_;
  std::vector<std::size_t> inflow_begin_;
  std::vector<std::size_t> inflow_positions_;
  std::vector<std::size_t> downstream_group_;
  std::vector<char> in_cycle_;
  bool has_cycles_ = false;
};

} // namespace georiviere
