// Strahler stream order, as defined by Strahler (1957).
//
// Reaches without an inflow have order 1. Otherwise a reach takes the
// maximum order of its inflows, plus 1 when two or more inflows share that
// maximum. Minor branches (Reach::is_minor_branch, see main_stem.hpp) keep
// the order of the river they leave, as if it continued. They are not
// counted as inflows where they meet a major inflow, so a braid that
// rejoins its river does not raise the order. Where every inflow is minor,
// the reach continues the branch with the maximum order of those inflows.
// Along major branches the order therefore never decreases downstream.
// Where a minor branch meets a tributary before it rejoins, the reach below
// takes the tributary's order.
//
// Every outflow of a node gets the same order. Reaches in directed cycles
// get order 0 and are not counted as inflows. Complexity: O(V + E).
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/topological_order.hpp"

namespace georiviere {

// Strahler order of the reach at each position of `flow`, from the minor
// branch flags by position (see choose_major_outflows()).
inline std::vector<int> strahler_orders(const FlowGraph& flow,
                                        std::span<const char> minor,
                                        const ProgressCallback& progress = {}) {
  std::vector<int> orders(flow.position_count(), 0);
  ProgressReporter reporter(progress, "computing Strahler orders",
                            flow.group_count());
  for (std::size_t group = 0; group < flow.group_count(); ++group) {
    reporter.update(group);
    int major_max = 0;
    int major_max_count = 0;
    int minor_max = 0;
    for (const std::size_t inflow : flow.inflows(group)) {
      const int order = orders[inflow];
      if (minor[inflow]) {
        minor_max = std::max(minor_max, order);
      } else if (order > major_max) {
        major_max = order;
        major_max_count = 1;
      } else if (order == major_max) {
        ++major_max_count;
      }
    }

    int order = 1;
    if (major_max_count > 0) {
      order = major_max_count >= 2 ? major_max + 1 : major_max;
    } else if (minor_max > 0) {
      order = minor_max;
    }
    std::fill(orders.begin() + flow.outflow_begin(group),
              orders.begin() + flow.outflow_end(group), order);
  }
  reporter.finish();
  return orders;
}

} // namespace georiviere
