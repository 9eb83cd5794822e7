// Shreve stream magnitude, after Shreve (1966).
//
// Reaches without an inflow have magnitude 1. Otherwise a reach takes the
// sum of its inflows' magnitudes, so it counts the sources upstream. A minor
// branch (Reach::is_minor_branch, see main_stem.hpp) shows the magnitude it
// receives but contributes 0 where it meets a major inflow, so a source
// above a braid is counted once downstream. Where every inflow is minor, the
// reach continues the branch and carries the sum of those inflows.
//
// A minor branch that reaches an outlet of its own, as in a delta, carries
// the magnitude it received, so the sources above the diffluence count at
// both outlets.
//
// Reaches in directed cycles get magnitude 0 and contribute nothing.
// Complexity: O(V + E).
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/topological_order.hpp"

namespace georiviere {

// Shreve magnitude of the reach at each position of `flow`, from the minor
// branch flags by position (see choose_major_outflows()).
inline std::vector<std::int64_t>
shreve_magnitudes(const FlowGraph& flow, std::span<const char> minor,
                  const ProgressCallback& progress = {}) {
  std::vector<std::int64_t> magnitudes(flow.position_count(), 0);
  ProgressReporter reporter(progress, "computing Shreve magnitudes",
                            flow.group_count());
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    const std::span<const std::size_t> inflows = flow.inflows(group);
    bool any_major = false;
    std::int64_t major_sum = 0;
    std::int64_t minor_sum = 0;
    for (const std::size_t inflow : inflows) {
      if (minor[inflow]) {
        minor_sum += magnitudes[inflow];
      } else {
        any_major = true;
        major_sum += magnitudes[inflow];
      }
    }

    std::int64_t magnitude = 1;
    if (any_major) {
      magnitude = major_sum;
    } else if (!inflows.empty()) {
      magnitude = minor_sum;
    }
    std::fill(magnitudes.begin() + flow.outflow_begin(group),
              magnitudes.begin() + flow.outflow_end(group), magnitude);
  }
  reporter.finish();
  return magnitudes;
}

} // namespace georiviere
