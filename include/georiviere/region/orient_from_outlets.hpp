// Orients the lines whose flow direction no rule decided, away from the
// known outlets of the network that the other lines form: the `outlets`
// step of a region profile's direction chain.
//
// A first pass nodes every line as build_topology() does, with the same
// options. Without known outlets from the profile's [outlets] table, an
// outlet is a node where decided lines end, none starts and no undecided
// line touches. With them (known_outlets.hpp), an outlet is a node at a
// known outlet where no decided line starts and that is either a dangling
// end or touched by decided lines only. A shortest-path search (Dijkstra, by
// reach length) then walks upstream from all known outlets at once: against
// the flow along decided reaches, either way along undecided ones. Each
// undecided reach flows towards its end nearer to an outlet along the
// network, and its lines are reversed when that runs against their
// digitised order. A reach that mixes decided and undecided lines follows
// the decided ones, because build_topology() merged them in digitised order.
// A source line split between reaches takes the direction of the greater
// length.
//
// Lines stay undecided when the search does not reach their reach (a piece
// of network without decided lines or without a known outlet), or when both
// ends of the reach are equally far from an outlet (a loop).
//
// Complexity: one build_topology() pass, then O(E log V) for the search.
// Throws what build_topology() throws.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <limits>
#include <queue>
#include <span>
#include <utility>
#include <vector>

#include "georiviere/core/line_set.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/region/known_outlets.hpp"
#include "georiviere/topology/build_topology.hpp"

namespace georiviere {

struct OutletOrientation {
  // By entry of `unknown_lines`: 1 when the line was oriented.
  std::vector<char> oriented;
  std::size_t oriented_count = 0; // lines oriented, reversed or not
  std::size_t reversed = 0;       // lines reversed
};

namespace detail {

// Shortest distance, along the network, from each node to an outlet,
// walking decided reaches upstream only. Infinity where no outlet is
// reached. Outlets are the known outlets when `known` is active, else the
// sinks of the decided lines.
inline std::vector<double>
distances_from_known_outlets(const RiverNetwork& network,
                             const std::vector<char>& decided_reach,
                             const KnownOutlets* known = nullptr) {
  const std::size_t node_count = network.nodes.size();
  std::vector<std::size_t> decided_in(node_count, 0);
  std::vector<std::size_t> decided_out(node_count, 0);
  std::vector<std::size_t> undecided(node_count, 0);
  // Edges of the upstream walk: (next node, length).
  std::vector<std::vector<std::pair<NodeId, double>>> walk(node_count);
  for (const Reach& reach : network.reaches) {
    const auto from = static_cast<std::size_t>(reach.from_node);
    const auto to = static_cast<std::size_t>(reach.to_node);
    if (decided_reach[static_cast<std::size_t>(reach.id)]) {
      ++decided_out[from];
      ++decided_in[to];
      walk[to].emplace_back(reach.from_node, reach.length_m);
    } else {
      ++undecided[from];
      ++undecided[to];
      walk[to].emplace_back(reach.from_node, reach.length_m);
      walk[from].emplace_back(reach.to_node, reach.length_m);
    }
  }

  constexpr double infinity = std::numeric_limits<double>::infinity();
  std::vector<double> distance(node_count, infinity);
  using Entry = std::pair<double, NodeId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<Entry>> queue;
  const bool use_known = known != nullptr && known->active();
  for (std::size_t node = 0; node < node_count; ++node) {
    bool outlet = false;
    if (use_known) {
      const Node& at = network.nodes[node];
      const bool dangling = at.in_degree + at.out_degree == 1;
      outlet = decided_out[node] == 0 && (dangling || undecided[node] == 0) &&
               known->near(at.position);
    } else {
      outlet = decided_in[node] > 0 && decided_out[node] == 0 &&
               undecided[node] == 0;
    }
    if (outlet) {
      distance[node] = 0.0;
      queue.emplace(0.0, static_cast<NodeId>(node));
    }
  }
  while (!queue.empty()) {
    const auto [d, node] = queue.top();
    queue.pop();
    if (d > distance[static_cast<std::size_t>(node)]) {
      continue;
    }
    for (const auto& [next, length] : walk[static_cast<std::size_t>(node)]) {
      const double candidate = d + length;
      if (candidate < distance[static_cast<std::size_t>(next)]) {
        distance[static_cast<std::size_t>(next)] = candidate;
        queue.emplace(candidate, next);
      }
    }
  }
  return distance;
}

} // namespace detail

// Orients the lines of `lines` listed in `unknown_lines` (indices in
// LineSet::lines), reversing those that run against the flow. `options`
// are the topology options of the final build; their name field and
// progress callback are not used by the first pass. `known`, when active,
// replaces the sinks of the decided lines as outlets.
inline OutletOrientation
orient_from_outlets(LineSet& lines, std::span<const std::size_t> unknown_lines,
                    const TopologyOptions& options,
                    const KnownOutlets* known = nullptr) {
  OutletOrientation result;
  result.oriented.assign(unknown_lines.size(), 0);
  if (unknown_lines.empty()) {
    return result;
  }
  std::vector<char> unknown(lines.lines.size(), 0);
  for (const std::size_t index : unknown_lines) {
    unknown[index] = 1;
  }

  // The first pass numbers the lines by index, so that a reach's source
  // fids name the lines it is made of.
  LineSet probe;
  probe.crs_wkt = lines.crs_wkt;
  probe.source = lines.source;
  probe.lines.reserve(lines.lines.size());
  for (std::size_t i = 0; i < lines.lines.size(); ++i) {
    SourceLine line = lines.lines[i];
    line.fid = static_cast<std::int64_t>(i);
    probe.lines.push_back(std::move(line));
  }
  TopologyOptions probe_options;
  probe_options.snap_tolerance_m = options.snap_tolerance_m;
  probe_options.gap_tolerance_m = options.gap_tolerance_m;
  probe_options.split_crossings = options.split_crossings;
  probe_options.row_levels = options.row_levels;
  const RiverNetwork network = build_topology(std::move(probe), probe_options);

  std::vector<char> decided_reach(network.reaches.size(), 0);
  for (const Reach& reach : network.reaches) {
    for (const std::int64_t line : reach.source_fids) {
      if (!unknown[static_cast<std::size_t>(line)]) {
        decided_reach[static_cast<std::size_t>(reach.id)] = 1;
      }
    }
  }
  const std::vector<double> distance =
      detail::distances_from_known_outlets(network, decided_reach, known);

  // Votes by line, in metres: positive keeps the digitised order, negative
  // reverses it.
  std::vector<double> vote(lines.lines.size(), 0.0);
  for (const Reach& reach : network.reaches) {
    if (reach.source_fids.empty()) {
      continue;
    }
    const double from = distance[static_cast<std::size_t>(reach.from_node)];
    const double to = distance[static_cast<std::size_t>(reach.to_node)];
    double sign = 0.0;
    if (decided_reach[static_cast<std::size_t>(reach.id)]) {
      sign = 1.0;
    } else if (std::isfinite(from) && std::isfinite(to) && from != to) {
      sign = to < from ? 1.0 : -1.0;
    }
    const double share =
        reach.length_m / static_cast<double>(reach.source_fids.size());
    for (const std::int64_t line : reach.source_fids) {
      vote[static_cast<std::size_t>(line)] += sign * share;
    }
  }

  for (std::size_t k = 0; k < unknown_lines.size(); ++k) {
    const std::size_t index = unknown_lines[k];
    if (vote[index] == 0.0) {
      continue;
    }
    result.oriented[k] = 1;
    ++result.oriented_count;
    if (vote[index] < 0.0) {
      lines.lines[index].geometry.reverse();
      ++result.reversed;
    }
  }
  return result;
}

} // namespace georiviere
