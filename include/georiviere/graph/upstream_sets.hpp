// The distinct set of groups upstream of each group of a FlowGraph, so that
// sums over it (upstream length, Shreve magnitude) count every reach and
// every source once, however many braid arms lead from it.
//
// Algorithm. The major outflows chosen by choose_major_outflows() make the
// groups a forest: the parent of a group is the group that its major outflow
// flows into, and a group without outflows is a root. The major subtree of
// a group x contains the groups whose path along major outflows passes
// through x, so it lies upstream of x. Major subtrees are nested or
// disjoint. The groups upstream of g, g included, are therefore the
// disjoint union of the major subtree of g and of the major subtrees of its
// open diffluences. These are the groups upstream of g whose major outflow
// flows into a group that is neither g nor upstream of g: diffluences from
// which only minor arms lead to g.
//
// The open diffluences of g are found from its inflows. The candidates are
// the open diffluences of each inflow's upstream group, plus that group
// itself when the inflow is not its major outflow. A candidate inside the
// major subtree of g is dropped (the braid closes at g), and so is a
// candidate inside the major subtree of another candidate. A preorder
// numbering of the forest makes each subtree an interval, so both tests are
// comparisons, and the sum of a weight over a subtree is one upstream-first
// accumulation. Each group's open diffluences are kept sorted by preorder
// number, and a group whose set equals its only non-empty inflow set shares
// that set's storage.
//
// The sets depend on the choice of major outflows only for their size: the
// sums are the distinct totals for any choice.
//
// Complexity: O(V + E) time and memory on a network without diffluences.
// With k open diffluences at a group, the group costs O(log k) when it
// shares its inflow's set, and O(k log k) time and O(k) memory where sets
// merge or change. A braid that rejoins its river closes where it rejoins,
// so on braided rivers k stays small.
//
// NOTE: a group keeps at most max_open open diffluences, those with the
// lowest preorder numbers. Past that, as below many distributaries that
// never rejoin, the sums leave the other subtrees out and are below the
// distinct totals, and truncated() returns true.
#pragma once

#include <algorithm>
#include <cstddef>
#include <span>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/topological_order.hpp"

namespace georiviere {

class UpstreamSets {
public:
  // Maximum number of open diffluences kept for one group.
  static constexpr std::size_t max_open = 64;

  // Finds the open diffluences of every group of `flow`, from the major
  // outflow position of each group (choose_major_outflows(), npos for a
  // group without outflows).
  UpstreamSets(const FlowGraph& flow, std::span<const std::size_t> major,
               const ProgressCallback& progress = {}) {
    const std::size_t group_count = flow.group_count();
    parent_.assign(group_count, FlowGraph::npos);
    bool any_diffluence = false;
    for (std::size_t group = 0; group < group_count; ++group) {
      if (major[group] != FlowGraph::npos) {
        parent_[group] = flow.downstream_group(major[group]);
      }
      any_diffluence = any_diffluence ||
                       flow.outflow_end(group) - flow.outflow_begin(group) >= 2;
    }
    // Set 0 is the empty set, the only one in a network without
    // diffluences, where the forest is the whole network.
    set_begin_.assign(1, 0);
    set_end_.assign(1, 0);
    set_of_.assign(group_count, 0);
    if (any_diffluence) {
      number_preorder();
      find_open_diffluences(flow, major, progress);
    }
  }

  // Whether a group reached max_open open diffluences, so that totals()
  // may be below the distinct totals somewhere.
  bool truncated() const { return truncated_; }

  // Sum of `weight` (by group) over the distinct groups upstream of each
  // group, the group itself included.
  template <class T> std::vector<T> totals(std::span<const T> weight) const {
    const std::size_t group_count = parent_.size();
    // Groups come in topological order and a parent ranks after its
    // children, so one upstream-first pass sums every major subtree.
    std::vector<T> subtree(weight.begin(), weight.end());
    for (std::size_t group = 0; group < group_count; ++group) {
      if (parent_[group] != FlowGraph::npos) {
        subtree[parent_[group]] += subtree[group];
      }
    }
    std::vector<T> set_sum(set_begin_.size(), T{});
    for (std::size_t set = 1; set < set_begin_.size(); ++set) {
      for (std::size_t i = set_begin_[set]; i < set_end_[set]; ++i) {
        set_sum[set] += subtree[group_at_[open_[i]]];
      }
    }
    std::vector<T> result(group_count);
    for (std::size_t group = 0; group < group_count; ++group) {
      result[group] = subtree[group] + set_sum[set_of_[group]];
    }
    return result;
  }

  // The open diffluences of a group, as groups, for tests and checks.
  std::vector<std::size_t> open_diffluences(std::size_t group) const {
    const std::size_t set = set_of_[group];
    std::vector<std::size_t> groups;
    for (std::size_t i = set_begin_[set]; i < set_end_[set]; ++i) {
      groups.push_back(group_at_[open_[i]]);
    }
    return groups;
  }

private:
  // Numbers the groups in a preorder of the major forest without a
  // depth-first search: subtree sizes upstream first, then each group takes
  // the next free number in its parent's interval, downstream first.
  void number_preorder() {
    const std::size_t group_count = parent_.size();
    std::vector<std::size_t> size(group_count, 1);
    for (std::size_t group = 0; group < group_count; ++group) {
      if (parent_[group] != FlowGraph::npos) {
        size[parent_[group]] += size[group];
      }
    }
    preorder_.resize(group_count);
    subtree_end_.resize(group_count);
    group_at_.resize(group_count);
    std::vector<std::size_t> next_free(group_count);
    std::size_t next_root = 0;
    for (std::size_t done = 0; done < group_count; ++done) {
      const std::size_t group = group_count - 1 - done;
      const std::size_t parent = parent_[group];
      std::size_t number = 0;
      if (parent == FlowGraph::npos) {
        number = next_root;
        next_root += size[group];
      } else {
        number = next_free[parent];
        next_free[parent] += size[group];
      }
      preorder_[group] = number;
      subtree_end_[number] = number + size[group];
      group_at_[number] = group;
      next_free[group] = number + 1;
    }
  }

  void find_open_diffluences(const FlowGraph& flow,
                             std::span<const std::size_t> major,
                             const ProgressCallback& progress) {
    const std::size_t group_count = flow.group_count();
    std::vector<std::size_t> from_group(flow.position_count());
    for (std::size_t group = 0; group < group_count; ++group) {
      for (std::size_t p = flow.outflow_begin(group);
           p < flow.outflow_end(group); ++p) {
        from_group[p] = group;
      }
    }
    std::vector<std::size_t> candidates;
    ProgressReporter reporter(progress, "finding braids upstream", group_count);
    for (std::size_t group = 0; group < group_count; ++group) {
      reporter.update(group);
      // The usual case: at most one distinct non-empty inflow set and no
      // minor inflow, so the set only loses what closes at this group.
      std::size_t shared = 0;
      bool simple = true;
      for (const std::size_t inflow : flow.inflows(group)) {
        const std::size_t upstream = from_group[inflow];
        const std::size_t set = set_of_[upstream];
        if (major[upstream] != inflow) {
          simple = false;
        }
        if (set != 0) {
          simple = simple && (shared == 0 || shared == set);
          shared = set;
        }
      }
      if (simple) {
        set_of_[group] = shared == 0 ? 0 : close_at(shared, group);
        continue;
      }

      candidates.clear();
      for (const std::size_t inflow : flow.inflows(group)) {
        const std::size_t upstream = from_group[inflow];
        const std::size_t set = set_of_[upstream];
        candidates.insert(candidates.end(), open_.begin() + set_begin_[set],
                          open_.begin() + set_end_[set]);
        if (major[upstream] != inflow) {
          candidates.push_back(preorder_[upstream]);
        }
      }
      std::sort(candidates.begin(), candidates.end());
      set_of_[group] = store_outermost(candidates, group);
    }
    reporter.finish();
  }

  // The set `set` less the diffluences inside the major subtree of `group`:
  // `set` itself when none is, else a new set.
  std::size_t close_at(std::size_t set, std::size_t group) {
    const std::size_t first = preorder_[group];
    const std::size_t end = subtree_end_[first];
    const auto begin_it = open_.begin() + set_begin_[set];
    const auto end_it = open_.begin() + set_end_[set];
    const auto closed_begin = std::lower_bound(begin_it, end_it, first);
    if (closed_begin == end_it || *closed_begin >= end) {
      return set;
    }
    const auto closed_end = std::lower_bound(closed_begin, end_it, end);
    const std::size_t kept = (closed_begin - begin_it) + (end_it - closed_end);
    if (kept == 0) {
      return 0;
    }
    // Copy through indices: appending to open_ may reallocate it.
    const std::size_t before = closed_begin - open_.begin();
    const std::size_t after = closed_end - open_.begin();
    const std::size_t stored = open_.size();
    for (std::size_t i = set_begin_[set]; i < before; ++i) {
      open_.push_back(open_[i]);
    }
    for (std::size_t i = after; i < set_end_[set]; ++i) {
      open_.push_back(open_[i]);
    }
    return add_set(stored);
  }

  // Stores the candidates (preorder numbers, sorted) that lie neither in
  // the major subtree of `group` nor in the subtree of an earlier candidate,
  // and returns the new set, or 0 when none is left.
  std::size_t store_outermost(const std::vector<std::size_t>& candidates,
                              std::size_t group) {
    const std::size_t first = preorder_[group];
    const std::size_t end = subtree_end_[first];
    const std::size_t stored = open_.size();
    std::size_t covered_end = 0;
    for (const std::size_t candidate : candidates) {
      if ((candidate >= first && candidate < end) || candidate < covered_end) {
        continue;
      }
      if (open_.size() - stored == max_open) {
        truncated_ = true;
        break;
      }
      open_.push_back(candidate);
      covered_end = subtree_end_[candidate];
    }
    if (open_.size() == stored) {
      return 0;
    }
    return add_set(stored);
  }

  std::size_t add_set(std::size_t begin) {
    set_begin_.push_back(begin);
    set_end_.push_back(open_.size());
    return set_begin_.size() - 1;
  }

  std::vector<std::size_t> parent_;      // by group; npos for a root
  std::vector<std::size_t> preorder_;    // by group
  std::vector<std::size_t> subtree_end_; // by preorder number
  std::vector<std::size_t> group_at_;    // by preorder number
  // Open diffluences as preorder numbers, set after set, each sorted.
  std::vector<std::size_t> open_;
  std::vector<std::size_t> set_begin_;
  std::vector<std::size_t> set_end_;
  std::vector<std::size_t> set_of_; // by group; 0 for the empty set
  bool truncated_ = false;
};

} // namespace georiviere
