// Lengths along the network: upstream length, distance to the outlet and
// distance to the farthest source, in metres, from Reach::length_m.
//
// upstream_length_m: the reach's own length plus the upstream length of its
// inflows, so it is the total length of river upstream of the reach's
// downstream end. A minor branch shows what it receives but passes
// downstream only the length of its own arm (the minor reaches from the
// diffluence to where it meets a major inflow). A braid is then counted
// once: at the outlet, upstream_length_m equals the total length of the
// reaches that drain to it through major branches. Where every inflow is
// minor, the reach continues the arm and carries what the arm shows.
//
// max_upstream_distance_m: the reach's own length plus the maximum of its
// inflows' values, over every inflow, minor branches included: the distance
// from the reach's downstream end to the farthest source upstream.
//
// distance_to_outlet_m: the distance from the reach's downstream end
// (to_node) to its outlet, following major outflows, so outlet reaches
// have 0.
//
// NOTE: a minor branch that reaches an outlet of its own, as in a delta,
// carries what it received. The upstream lengths of such a basin's outlets
// then add up to more than the basin's total length.
//
// Reaches in directed cycles get 0 and pass nothing on: the reaches below a
// cycle receive only what flows into the cycle.
// Complexity: O(V + E) per function, iterative.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/topological_order.hpp"

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
// lengths and the minor branch flags by position.
inline std::vector<double>
upstream_lengths(const FlowGraph& flow, std::span<const double> length,
                 std::span<const char> minor,
                 const ProgressCallback& progress = {}) {
  std::vector<double> upstream(flow.position_count(), 0.0);
  // Length of each minor reach's own arm, from its diffluence down to the
  // reach's downstream end.
  std::vector<double> arm_length(flow.position_count(), 0.0);
  ProgressReporter reporter(progress, "accumulating upstream lengths",
                            flow.group_count());
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    bool any_major = false;
    double major_sum = 0.0;
    double minor_carried = 0.0;
    double minor_arms = 0.0;
    for (const std::size_t inflow : flow.inflows(group)) {
      if (minor[inflow]) {
        minor_carried += upstream[inflow];
        minor_arms += arm_length[inflow];
      } else {
        any_major = true;
        major_sum += upstream[inflow];
      }
    }
    const double received = any_major ? major_sum + minor_arms : minor_carried;
    const double arm_before = any_major ? 0.0 : minor_arms;
    for (std::size_t p = flow.outflow_begin(group); p < flow.outflow_end(group);
         ++p) {
      upstream[p] = length[p] + received;
      if (minor[p]) {
        arm_length[p] = length[p] + arm_before;
      }
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
