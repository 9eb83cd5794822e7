// Shreve stream magnitude, after Shreve (1966).
//
// A reach's magnitude is the number of distinct sources upstream of it (its
// own from_node included), each counted once however many braid arms lead
// from it to the reach (see upstream_sets.hpp). A source is a node without
// inflows, or a directed cycle without inflows. Along a tree this is
// Shreve's rule: 1 at sources, and the sum of the inflows' magnitudes
// below a confluence. Through a braid the magnitude does not double, a minor
// branch shows the sources above its diffluence, and a source node with
// several outflows counts once. The magnitude never exceeds the number of
// distinct sources upstream, and equals it unless UpstreamSets::truncated().
//
// A minor branch that reaches an outlet of its own, as in a delta, counts
// the sources above the diffluence, so they count at both outlets.
//
// Reaches in directed cycles get magnitude 0 and contribute nothing.
// Complexity: O(V + E) plus the cost of UpstreamSets.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/topological_order.hpp"
#include "georiviere/graph/upstream_sets.hpp"

namespace georiviere {

// Shreve magnitude of the reach at each position of `flow`, from the
// upstream sets of `flow`.
inline std::vector<std::int64_t>
shreve_magnitudes(const FlowGraph& flow, const UpstreamSets& sets,
                  const ProgressCallback& progress = {}) {
  ProgressReporter reporter(progress, "computing Shreve magnitudes",
                            flow.group_count());
  std::vector<std::int64_t> is_source(flow.group_count(), 0);
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    is_source[group] = flow.inflows(group).empty() ? 1 : 0;
  }
  const std::vector<std::int64_t> sources =
      sets.totals(std::span<const std::int64_t>(is_source));
  std::vector<std::int64_t> magnitudes(flow.position_count(), 0);
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    // Each inflow's magnitude is a distinct count too, so the maximum keeps
    // the magnitude from dropping downstream where the sets are truncated.
    std::int64_t magnitude = sources[group];
    for (const std::size_t inflow : flow.inflows(group)) {
      magnitude = std::max(magnitude, magnitudes[inflow]);
    }
    std::fill(magnitudes.begin() + flow.outflow_begin(group),
              magnitudes.begin() + flow.outflow_end(group), magnitude);
  }
  reporter.finish();
  return magnitudes;
}

} // namespace georiviere
