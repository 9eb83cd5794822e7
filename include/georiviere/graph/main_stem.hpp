// Main stems, Hack orders and basins, and the choice of the major outflow at
// each diffluence that the other metrics follow.
//
// Major outflow. Where a node has several outflows, one is major and the
// others are minor branches (Reach::is_minor_branch). The node's main inflow
// is the inflow with the maximum max_upstream_distance_m, ties to the lowest
// reach id, taken among the inflows that are not minor unless all are. When
// names are used and the main inflow has a non-empty name, the candidates
// are the outflows with that name, if there are any. Otherwise every outflow
// is a candidate. The major outflow is the candidate with the longest
// downstream path to an outlet, through any branch, ties to the lowest
// reach id. A reach whose inflows are all minor branches continues a minor
// branch and is minor too, so a secondary arm split by a pseudo-node is
// minor along its whole length until it meets a major inflow.
//
// Main stem and Hack order (the classic stream order, which counts
// tributary levels from the main stem). Stems are traced upstream from each
// outlet. At each node the stem of the major outflow continues into one
// inflow, chosen among the inflows that are not minor branches (all of them
// when every inflow is minor). It is the one with the same non-empty name as
// the major outflow when names are used, else the one with the maximum
// max_upstream_distance_m, ties to the lowest reach id. The other inflows
// start new stems. main_stem_id is the id of the most downstream reach of
// the stem. The Hack order of the outlet's stem is 1, and a stem that joins
// a stem of order h has order h + 1. At an outlet node with several inflows
// (a network clipped at a confluence), the inflow chosen by the same rule
// has Hack order 1 and the others order 2, as they would with one more
// reach below the node.
//
// Basin: basin_id is the id of the outlet node reached by following major
// outflows down from the reach. For an outlet that is a directed cycle with
// no way out, it is the cycle's smallest node id.
//
// Reaches in directed cycles have no position, so compute_metrics() gives
// them main_stem_id and basin_id no_id and Hack order 0. Complexity:
// O(V + E) per function, iterative.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <string>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/graph/topological_order.hpp"

namespace georiviere {

// The major outflow of each group and the minor branch flag of each reach
// position, as chosen by choose_major_outflows().
struct MajorOutflows {
  std::vector<std::size_t> major; // by group; FlowGraph::npos for an outlet
  std::vector<char> minor;        // by position; 1 for a minor branch
};

// Main stem, Hack order and basin of each reach position.
struct MainStems {
  std::vector<ReachId> main_stem_id;
  std::vector<int> hack;
  std::vector<NodeId> basin_id;
};

namespace detail {

// The position preferred by the rule "maximum key, ties to the lowest reach
// id" among `positions` (in reach id order) for which allowed() holds, or
// FlowGraph::npos when there is none.
template <class Key, class Allowed>
std::size_t pick_max(std::span<const std::size_t> positions, Key key,
                     Allowed allowed) {
  std::size_t best = FlowGraph::npos;
  double best_key = 0.0;
  for (const std::size_t position : positions) {
    if (!allowed(position)) {
      continue;
    }
    const double value = key(position);
    if (best == FlowGraph::npos || value > best_key) {
      best = position;
      best_key = value;
    }
  }
  return best;
}

// Positions [begin, end) as a list, for pick_max().
inline std::vector<std::size_t> position_range(std::size_t begin,
                                               std::size_t end) {
  std::vector<std::size_t> positions(end - begin);
  for (std::size_t p = begin; p < end; ++p) {
    positions[p - begin] = p;
  }
  return positions;
}

} // namespace detail

// Length of the longest downstream path from each group to an outlet, in
// metres, through any branch, from the reach lengths by position.
inline std::vector<double>
longest_downstream_paths(const FlowGraph& flow,
                         std::span<const double> length) {
  std::vector<double> longest(flow.group_count(), 0.0);
  for (std::size_t group = flow.group_count(); group-- > 0;) {
    double best = 0.0;
    for (std::size_t p = flow.outflow_begin(group); p < flow.outflow_end(group);
         ++p) {
      best = std::max(best, length[p] + longest[flow.downstream_group(p)]);
    }
    longest[group] = best;
  }
  return longest;
}

// Chooses the major outflow of every group and flags the minor branches,
// from the reach lengths, max_upstream_distances() and, when names are
// used, the reach names, all by position. `names` is empty when names are
// not used.
//
// `preset_minor`, by position, holds minor-branch flags that the data set
// (NHDPlus Divergence = 2): such an outflow stays minor, and the major
// outflow is chosen among the other outflows unless every outflow is
// preset. Empty: no preset flags.
inline MajorOutflows
choose_major_outflows(const FlowGraph& flow, std::span<const double> length,
                      std::span<const double> max_upstream,
                      std::span<const std::string* const> names,
                      const ProgressCallback& progress = {},
                      std::span<const char> preset_minor = {}) {
  const std::vector<double> longest = longest_downstream_paths(flow, length);
  const auto downstream_path = [&](std::size_t p) {
    return length[p] + longest[flow.downstream_group(p)];
  };
  const auto farthest_source = [&](std::size_t p) { return max_upstream[p]; };

  MajorOutflows result;
  result.major.assign(flow.group_count(), FlowGraph::npos);
  result.minor.assign(flow.position_count(), 0);
  std::vector<char>& minor = result.minor;
  ProgressReporter reporter(progress, "choosing major outflows",
                            flow.group_count());
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    const std::size_t begin = flow.outflow_begin(group);
    const std::size_t end = flow.outflow_end(group);
    if (begin == end) {
      continue;
    }
    const std::span<const std::size_t> inflows = flow.inflows(group);
    bool any_major_inflow = false;
    for (const std::size_t inflow : inflows) {
      any_major_inflow = any_major_inflow || !minor[inflow];
    }
    const bool continues_minor = !inflows.empty() && !any_major_inflow;

    const auto is_preset = [&](std::size_t p) {
      return !preset_minor.empty() && preset_minor[p] != 0;
    };
    bool all_preset = true;
    for (std::size_t p = begin; p < end; ++p) {
      all_preset = all_preset && is_preset(p);
    }
    const auto allowed = [&](std::size_t p) {
      return all_preset || !is_preset(p);
    };

    std::size_t chosen = begin;
    if (end - begin >= 2) {
      const std::vector<std::size_t> outflows =
          detail::position_range(begin, end);
      chosen = FlowGraph::npos;
      if (!names.empty() && !inflows.empty()) {
        const std::size_t main_inflow =
            detail::pick_max(inflows, farthest_source, [&](std::size_t p) {
              return continues_minor || !minor[p];
            });
        const std::string& name = *names[main_inflow];
        if (!name.empty()) {
          chosen =
              detail::pick_max(outflows, downstream_path, [&](std::size_t p) {
                return allowed(p) && *names[p] == name;
              });
        }
      }
      if (chosen == FlowGraph::npos) {
        chosen = detail::pick_max(outflows, downstream_path, allowed);
      }
    }
    result.major[group] = chosen;
    for (std::size_t p = begin; p < end; ++p) {
      minor[p] = continues_minor || p != chosen || is_preset(p);
    }
  }
  reporter.finish();
  return result;
}

// Traces main stems from the outlets upstream, with Hack orders and basins,
// from max_upstream_distances(), choose_major_outflows() and, when names
// are used, the reach names by position (`names` empty otherwise).
inline MainStems trace_main_stems(const FlowGraph& flow,
                                  std::span<const double> max_upstream,
                                  const MajorOutflows& major_outflows,
                                  std::span<const std::string* const> names,
                                  const ProgressCallback& progress = {}) {
  const std::size_t count = flow.position_count();
  const std::vector<char>& minor = major_outflows.minor;
  MainStems stems;
  stems.main_stem_id.assign(count, no_id);
  stems.hack.assign(count, 0);
  stems.basin_id.assign(count, no_id);
  const auto farthest_source = [&](std::size_t p) { return max_upstream[p]; };

  // Downstream first, so the major outflow of a group already has its stem.
  std::vector<NodeId> basin(flow.group_count(), no_id);
  ProgressReporter reporter(progress, "tracing main stems", flow.group_count());
  for (std::size_t done = 0; done < flow.group_count(); ++done) {
    reporter.update(done);
    const std::size_t group = flow.group_count() - 1 - done;
    const std::size_t downstream = major_outflows.major[group];
    const bool is_outlet = downstream == FlowGraph::npos;
    basin[group] = is_outlet ? flow.representative(group)
                             : basin[flow.downstream_group(downstream)];

    const std::span<const std::size_t> inflows = flow.inflows(group);
    bool any_major_inflow = false;
    for (const std::size_t inflow : inflows) {
      any_major_inflow = any_major_inflow || !minor[inflow];
    }
    const auto candidate = [&](std::size_t p) {
      return !any_major_inflow || !minor[p];
    };

    std::size_t continuation = FlowGraph::npos;
    if (!names.empty() && !is_outlet && !names[downstream]->empty()) {
      const std::string& name = *names[downstream];
      continuation =
          detail::pick_max(inflows, farthest_source, [&](std::size_t p) {
            return candidate(p) && *names[p] == name;
          });
    }
    if (continuation == FlowGraph::npos) {
      continuation = detail::pick_max(inflows, farthest_source, candidate);
    }

    const int hack = is_outlet ? 1 : stems.hack[downstream];
    for (const std::size_t inflow : inflows) {
      stems.basin_id[inflow] = basin[group];
      if (inflow == continuation && !is_outlet) {
        stems.main_stem_id[inflow] = stems.main_stem_id[downstream];
        stems.hack[inflow] = hack;
      } else {
        stems.main_stem_id[inflow] = flow.reach_at(inflow);
        stems.hack[inflow] = inflow == continuation ? hack : hack + 1;
      }
    }
  }
  reporter.finish();
  return stems;
}

} // namespace georiviere
