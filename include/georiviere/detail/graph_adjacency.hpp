// Inflow and outflow lists of graph vertices in compressed sparse row form,
// built straight from the reaches so that they never depend on a stale
// Boost graph. Used by the direction checks and the metric passes.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere::detail {

// The from_node and to_node of every reach, copied into compact arrays so
// that graph passes do not stride through the large Reach records.
struct ReachEnds {
  std::vector<std::size_t> from;
  std::vector<std::size_t> to;
};

// Copies the reach ends. Throws InvalidInputError unless reaches[i].id == i
// and every reach's from_node and to_node are valid node indices.
inline ReachEnds reach_ends(const RiverNetwork& network) {
  const auto node_count = static_cast<NodeId>(network.nodes.size());
  ReachEnds ends;
  ends.from.resize(network.reaches.size());
  ends.to.resize(network.reaches.size());
  for (std::size_t i = 0; i < network.reaches.size(); ++i) {
    const Reach& reach = network.reaches[i];
    if (reach.id != static_cast<ReachId>(i)) {
      throw InvalidInputError("reach at index " + std::to_string(i) +
                              " has id " + std::to_string(reach.id) +
                              ": RiverNetwork::reaches[i].id must equal i");
    }
    for (const NodeId node : {reach.from_node, reach.to_node}) {
      if (node < 0 || node >= node_count) {
        throw InvalidInputError(
            "reach " + std::to_string(i) + " refers to node " +
            std::to_string(node) + ", but the network has " +
            std::to_string(node_count) + " nodes (valid ids 0 to " +
            std::to_string(node_count - 1) + ")");
      }
    }
    ends.from[i] = static_cast<std::size_t>(reach.from_node);
    ends.to[i] = static_cast<std::size_t>(reach.to_node);
  }
  return ends;
}

// Reaches entering and leaving each vertex. A vertex is a node or a group
// of nodes, depending on the tail and head functions given to the
// constructor. Each list is sorted by reach id.
class ReachAdjacency {
public:
  ReachAdjacency() = default;

  // Adds reach r for every r in [0, reach_count) with include(r), as an
  // edge from vertex tail(r) to vertex head(r). O(V + E).
  template <class Tail, class Head, class Include>
  ReachAdjacency(std::size_t vertex_count, std::size_t reach_count, Tail tail,
                 Head head, Include include)
      : in_offsets_(vertex_count + 1, 0), out_offsets_(vertex_count + 1, 0) {
    for (std::size_t r = 0; r < reach_count; ++r) {
      if (include(r)) {
        ++in_offsets_[head(r) + 1];
        ++out_offsets_[tail(r) + 1];
      }
    }
    for (std::size_t v = 0; v < vertex_count; ++v) {
      in_offsets_[v + 1] += in_offsets_[v];
      out_offsets_[v + 1] += out_offsets_[v];
    }
    in_reaches_.resize(in_offsets_.back());
    out_reaches_.resize(out_offsets_.back());
    out_heads_.resize(out_offsets_.back());

    // Counting sort: fill positions advance from each vertex's offset.
    std::vector<std::size_t> in_fill(in_offsets_.begin(),
                                     in_offsets_.end() - 1);
    std::vector<std::size_t> out_fill(out_offsets_.begin(),
                                      out_offsets_.end() - 1);
    for (std::size_t r = 0; r < reach_count; ++r) {
      if (include(r)) {
        const std::size_t out = out_fill[tail(r)]++;
        in_reaches_[in_fill[head(r)]++] = static_cast<ReachId>(r);
        out_reaches_[out] = static_cast<ReachId>(r);
        out_heads_[out] = head(r);
      }
    }
  }

  std::size_t vertex_count() const {
    return in_offsets_.empty() ? 0 : in_offsets_.size() - 1;
  }

  std::span<const ReachId> inflows(std::size_t vertex) const {
    return {in_reaches_.data() + in_offsets_[vertex],
            in_reaches_.data() + in_offsets_[vertex + 1]};
  }

  std::span<const ReachId> outflows(std::size_t vertex) const {
    return {out_reaches_.data() + out_offsets_[vertex],
            out_reaches_.data() + out_offsets_[vertex + 1]};
  }

  // Head vertex of each outflow, in the order of outflows(vertex).
  std::span<const std::size_t> outflow_heads(std::size_t vertex) const {
    return {out_heads_.data() + out_offsets_[vertex],
            out_heads_.data() + out_offsets_[vertex + 1]};
  }

  std::size_t in_degree(std::size_t vertex) const {
    return in_offsets_[vertex + 1] - in_offsets_[vertex];
  }

  std::size_t out_degree(std::size_t vertex) const {
    return out_offsets_[vertex + 1] - out_offsets_[vertex];
  }

private:
  std::vector<std::size_t> in_offsets_;
  std::vector<std::size_t> out_offsets_;
  std::vector<ReachId> in_reaches_;
  std::vector<ReachId> out_reaches_;
  std::vector<std::size_t> out_heads_;
};

// Node-level adjacency over every reach, cycles included.
inline ReachAdjacency node_adjacency(std::size_t node_count,
                                     const ReachEnds& ends) {
  return ReachAdjacency(
      node_count, ends.from.size(), [&](std::size_t r) { return ends.from[r]; },
      [&](std::size_t r) { return ends.to[r]; },
      [](std::size_t) { return true; });
}

} // namespace georiviere::detail
