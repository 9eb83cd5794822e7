// Lengths along the network: upstream length, distance to the outlet and
// distance to the farthest source, in metres, from Reach::length_m.
//
// upstream_length_m: the reach's own length plus the length of every
// distinct reach upstream of its from_node, each counted once however many
// braid arms lead from it to the reach (see upstream_sets.hpp). It is the
// total length of river upstream of the reach's downstream end. Along a
// tree it is the reach's length plus its inflows' upstream lengths, and a
// minor branch shows everything above its diffluence. It never exceeds the
// total length of the reach and its distinct ancestors, and equals it
// unless UpstreamSets::truncated(). So where a connected network has one
// outlet and one reach into it, that reach has the network's total length,
// reaches in directed cycles left out.
//
// max_upstream_distance_m: the reach's own length plus the maximum of its
// inflows' values, over every inflow, minor branches included: the distance
// from the reach's downstream end to the farthest source upstream.
//
// distance_to_outlet_m: the distance from the reach's downstream end
// (to_node) to its outlet, following major outflows, so outlet reaches
// have 0.
//
// NOTE: where a minor branch reaches an outlet of its own, as in a delta,
// each outlet counts everything upstream of it, so the upstream lengths of
// such a basin's outlets add up to more than the basin's total length.
//
// Reaches in directed cycles get 0 and pass nothing on: the reaches below a
// cycle receive only what flows into the cycle.
// Complexity: O(V + E) per function, iterative, plus the cost of
// UpstreamSets for upstream_lengths().
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/topological_order.hpp"
#include "georiviere/graph/upstream_sets.hpp"

namespace georiviere {

// max_upstream_distance_m of the reach at each position of `flow`, from the
// reach lengths by position.
inline std::vector<double>
max_upstream_distances(const FlowGraph& flow, std::span<const double> length,
                       const ProgressCallback& progress = {}) {
  std::vector<double> distances(flow.position_count(), 0.0);
  ProgressReporter reporter(progress, "measuring distances to sources",
                            flow.group_count());
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    double farthest = 0.0;
    for (const std::size_t inflow : flow.inflows(group)) {
      farthest = std::max(farthest, distances[inflow]);
    }
    for (std::size_t p = flow.outflow_begin(group); p < flow.outflow_end(group);
         ++p) {
      distances[p] = length[p] + farthest;
    }
  }
  reporter.finish();
  return distances;
}

// upstream_length_m of the reach at each position of `flow`, from the reach
// lengths by position and the upstream sets of `flow`.
inline std::vector<double>
upstream_lengths(const FlowGraph& flow, std::span<const double> length,
                 const UpstreamSets& sets,
                 const ProgressCallback& progress = {}) {
  ProgressReporter reporter(progress, "accumulating upstream lengths",
                            flow.group_count());
  // The reaches upstream of a group are the inflows of the groups upstream
  // of it, so each group weighs the length of its inflows.
  std::vector<double> inflow_length(flow.group_count(), 0.0);
  for (std::size_t p = 0; p < flow.position_count(); ++p) {
    inflow_length[flow.downstream_group(p)] += length[p];
  }
  const std::vector<double> above =
      sets.totals(std::span<const double>(inflow_length));
  std::vector<double> upstream(flow.position_count(), 0.0);
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    // Each inflow's value is a distinct total too, so the maximum keeps the
    // value from dropping downstream where the sets are truncated.
    double received = above[group];
    for (const std::size_t inflow : flow.inflows(group)) {
      received = std::max(received, upstream[inflow]);
    }
    for (std::size_t p = flow.outflow_begin(group); p < flow.outflow_end(group);
         ++p) {
      upstream[p] = length[p] + received;
    }
  }
  reporter.finish();
  return upstream;
}

// distance_to_outlet_m of the reach at each position of `flow`, from the
// reach lengths by position and the major outflow position of each group
// (see choose_major_outflows()).
inline std::vector<double>
distances_to_outlet(const FlowGraph& flow, std::span<const double> length,
                    std::span<const std::size_t> major,
                    const ProgressCallback& progress = {}) {
  // Distance from each group to its outlet, downstream groups first.
  std::vector<double> group_distance(flow.group_count(), 0.0);
  ProgressReporter reporter(progress, "measuring distances to outlets",
                            flow.group_count());
  for (std::size_t done = 0; done < flow.group_count(); ++done) {
    reporter.update(done);
    const std::size_t group = flow.group_count() - 1 - done;
    const std::size_t downstream = major[group];
    if (downstream != FlowGraph::npos) {
      group_distance[group] = length[downstream] +
                              group_distance[flow.downstream_group(downstream)];
    }
  }
  std::vector<double> distances(flow.position_count());
  for (std::size_t p = 0; p < distances.size(); ++p) {
    distances[p] = group_distance[flow.downstream_group(p)];
  }
  reporter.finish();
  return distances;
}

} // namespace georiviere
