// Joining of line ends into nodes for build_topology(): the result of a
// greedy pass in input order, computed one cluster of nearby ends at a time
// in spatial order.
#pragma once

#include <algorithm>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/spatial_grid.hpp"
#include "georiviere/detail/topology_format.hpp"
#include "georiviere/detail/topology_segments.hpp"

namespace georiviere::detail {

// Lines whose ends are nodes. from_node[i] and to_node[i] are the nodes at
// the first and last vertex of lines[i], and each line's end vertices sit
// exactly at their node's position. A source line split at a junction
// becomes several lines with the same fid and row.
struct NodedLines {
  std::vector<SourceLine> lines;
  std::vector<std::uint32_t> from_node;
  std::vector<std::uint32_t> to_node;
  std::vector<Point> nodes;
};

// Order in which join_endpoints() visits the line ends. Both orders give
// the same nodes.
enum class JoinOrder {
  // Clusters of ends within the tolerance of each other, found along a
  // Z-order curve: fast on inputs stored in any order.
  spatial,
  // Every end in input order through one point grid: the reference.
  input
};

// Bounding box of the first and last vertices of the lines.
inline Box endpoint_extent(const std::vector<SourceLine>& lines) {
  Box extent;
  for (const SourceLine& line : lines) {
    extent.expand(line.geometry.front());
    extent.expand(line.geometry.back());
  }
  return extent;
}

inline Box endpoint_box(std::span<const Point> positions) {
  Box extent;
  for (const Point& p : positions) {
    extent.expand(p);
  }
  return extent;
}

// Distance between an end and a node, 0 for equal points.
inline double end_distance(const Point& end, const Point& node) {
  return end == node ? 0.0 : distance(end, node);
}

// Joins the ends `members` (increasing end numbers) greedily in that order:
// each end joins the nearest node within `tolerance` made by an earlier
// member, the earliest such node on a tie, or else makes a node at its own
// position. Sets creator[e] to the member whose position is e's node.
inline void join_greedily(std::span<const Point> positions,
                          std::span<const std::uint32_t> members,
                          double tolerance,
                          std::vector<std::uint32_t>& creator) {
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  // Few members, as in nearly every cluster: compare with every node.
  constexpr std::size_t small_cluster = 32;
  if (members.size() <= small_cluster) {
    std::uint32_t nodes[small_cluster];
    std::size_t node_count = 0;
    for (const std::uint32_t end : members) {
      std::uint32_t best = none;
      double best_distance = std::numeric_limits<double>::infinity();
      for (std::size_t n = 0; n < node_count; ++n) {
        const double d = end_distance(positions[end], positions[nodes[n]]);
        if (d <= tolerance && d < best_distance) {
          best = nodes[n];
          best_distance = d;
        }
      }
      if (best == none) {
        nodes[node_count++] = end;
        best = end;
      }
      creator[end] = best;
    }
    return;
  }

  // Cells four times the tolerance: a search then visits 2.25 cells on
  // average. With tolerance 0 GridFrame makes the cells tiny, so that equal
  // points share a cell and almost nothing else does.
  Box extent;
  for (const std::uint32_t end : members) {
    extent.expand(positions[end]);
  }
  PointGrid grid(GridFrame(extent, 4.0 * tolerance), members.size());
  std::vector<std::uint32_t> node_creator;
  for (const std::uint32_t end : members) {
    const Point& p = positions[end];
    std::uint32_t best = none;
    double best_distance = std::numeric_limits<double>::infinity();
    grid.for_each_near(
        p, tolerance, [&](std::uint32_t node, const Point& position) {
          const double d = end_distance(p, position);
          if (d <= tolerance &&
              (d < best_distance || (d == best_distance && node < best))) {
            best = node;
            best_distance = d;
          }
        });
    if (best == none) {
      best = grid.insert(p);
      node_creator.push_back(end);
    }
    creator[end] = node_creator[best];
  }
}

// Cells of a GridFrame listed in Z-order, each with the line ends in it
// as positions in the sorted arrays.
struct SortedEnds {
  std::vector<KeyedIndex> keyed;         // (cell key, end), by key then end
  std::vector<std::uint64_t> cell_keys;  // increasing
  std::vector<std::uint32_t> cell_begin; // into keyed, one past the last too
};

// Sorts the ends by the Z-order key of their cell, ends of one cell by
// increasing end number.
inline SortedEnds sort_ends(std::span<const Point> positions,
                            const GridFrame& frame) {
  SortedEnds sorted;
  sorted.keyed.resize(positions.size());
  for (std::size_t e = 0; e < positions.size(); ++e) {
    const CellRange cell = frame.cells_near(positions[e], 0.0);
    sorted.keyed[e] = {morton_key(cell.first_column, cell.first_row),
                       static_cast<std::uint32_t>(e)};
  }
  const std::int64_t size = std::max(frame.columns(), frame.rows());
  radix_sort(sorted.keyed, 2 * static_cast<int>(std::bit_width(
                                   static_cast<std::uint64_t>(size))));
  for (std::size_t k = 0; k < sorted.keyed.size(); ++k) {
    if (k == 0 || sorted.keyed[k].first != sorted.keyed[k - 1].first) {
      sorted.cell_keys.push_back(sorted.keyed[k].first);
      sorted.cell_begin.push_back(static_cast<std::uint32_t>(k));
    }
  }
  sorted.cell_begin.push_back(static_cast<std::uint32_t>(sorted.keyed.size()));
  return sorted;
}

// Ends of exactly equal positions, tolerance 0: the first end of each
// position in input order makes the node and the others join it.
inline void join_equal_ends(std::span<const Point> positions,
                            std::vector<std::uint32_t>& creator,
                            ProgressReporter& reporter) {
  const SortedEnds sorted =
      sort_ends(positions, GridFrame(endpoint_box(positions), 0.0));
  std::vector<std::pair<Point, std::uint32_t>> run;
  for (std::size_t cell = 0; cell + 1 < sorted.cell_begin.size(); ++cell) {
    const std::uint32_t begin = sorted.cell_begin[cell];
    const std::uint32_t end = sorted.cell_begin[cell + 1];
    reporter.update(begin);
    if (end - begin == 1) {
      const std::uint32_t e = sorted.keyed[begin].second;
      creator[e] = e;
      continue;
    }
    // Equal positions, by increasing end number, become neighbours.
    run.clear();
    for (std::uint32_t k = begin; k < end; ++k) {
      const std::uint32_t e = sorted.keyed[k].second;
      run.emplace_back(positions[e], e);
    }
    std::sort(run.begin(), run.end(), [](const auto& a, const auto& b) {
      if (a.first.x != b.first.x) {
        return a.first.x < b.first.x;
      }
      if (a.first.y != b.first.y) {
        return a.first.y < b.first.y;
      }
      return a.second < b.second;
    });
    std::size_t first = 0;
    for (std::size_t k = 0; k < run.size(); ++k) {
      if (!(run[k].first == run[first].first)) {
        first = k;
      }
      creator[run[k].second] = run[first].second;
    }
  }
}

// Union-find over indices, each root the smallest index of its set.
class DisjointSets {
public:
  explicit DisjointSets(std::size_t size) : parent_(size) {
    for (std::size_t i = 0; i < size; ++i) {
      parent_[i] = static_cast<std::uint32_t>(i);
    }
  }

  std::uint32_t find(std::uint32_t i) {
    while (parent_[i] != i) {
      parent_[i] = parent_[parent_[i]];
      i = parent_[i];
    }
    return i;
  }

  void unite(std::uint32_t a, std::uint32_t b) {
    a = find(a);
    b = find(b);
    if (a != b) {
      parent_[std::max(a, b)] = std::min(a, b);
    }
  }

private:
  std::vector<std::uint32_t> parent_;
};

// Index of the first key >= `key` in the increasing `keys`, searched
// forward from index `from`, whose key is smaller. The search doubles its
// step before it bisects, so a key a few places on costs a few reads
// where a bisection of the whole array would miss the cache.
inline std::size_t find_key_after(const std::vector<std::uint64_t>& keys,
                                  std::size_t from, std::uint64_t key) {
  std::size_t low = from; // keys[low] < key
  std::size_t step = 1;
  while (low + step < keys.size() && keys[low + step] < key) {
    low += step;
    step *= 2;
  }
  const std::size_t high = std::min(low + step, keys.size());
  return static_cast<std::size_t>(
      std::lower_bound(keys.begin() + static_cast<std::ptrdiff_t>(low) + 1,
                       keys.begin() + static_cast<std::ptrdiff_t>(high), key) -
      keys.begin());
}

// Ends with tolerance > 0. The greedy join of an end only involves nodes
// made by ends within the tolerance of it, so it is decided within the
// clusters of ends linked by distances up to the tolerance. The clusters
// are found along a Z-order curve and each one is joined greedily in
// input order, which gives the nodes of a greedy pass over all ends.
inline void join_ends_in_clusters(std::span<const Point> positions,
                                  double tolerance,
                                  std::vector<std::uint32_t>& creator,
                                  ProgressReporter& reporter) {
  const std::size_t end_count = positions.size();
  // Cells of twice the tolerance: the square around an end then overlaps
  // at most 2 x 2 cells, or 3 x 3 when the frame enlarges them.
  const GridFrame frame(endpoint_box(positions), 2.0 * tolerance);
  const SortedEnds sorted = sort_ends(positions, frame);
  // Pads the search so that rounding in the cell bounds never hides an end
  // that lies within the tolerance.
  const double radius = tolerance * (1.0 + 1e-9);
  std::vector<Point> sorted_points(end_count);
  for (std::size_t k = 0; k < end_count; ++k) {
    sorted_points[k] = positions[sorted.keyed[k].second];
  }

  DisjointSets clusters(end_count);
  std::size_t cell = 0;
  for (std::uint32_t k = 0; k < end_count; ++k) {
    reporter.update(k);
    while (sorted.cell_begin[cell + 1] <= k) {
      ++cell;
    }
    const std::uint32_t e = sorted.keyed[k].second;
    const Point& p = sorted_points[k];
    const auto link_cell = [&](std::size_t other, std::uint32_t from) {
      for (std::uint32_t j = from; j < sorted.cell_begin[other + 1]; ++j) {
        if (end_distance(p, sorted_points[j]) <= tolerance) {
          clusters.unite(e, sorted.keyed[j].second);
        }
      }
    };
    // Each pair is linked once: within a cell from its first end, across
    // cells from the cell with the lower key.
    link_cell(cell, k + 1);
    const CellRange range = frame.cells_near(p, radius);
    for (std::int64_t column = range.first_column; column <= range.last_column;
         ++column) {
      for (std::int64_t row = range.first_row; row <= range.last_row; ++row) {
        const std::uint64_t key = morton_key(column, row);
        if (key <= sorted.cell_keys[cell]) {
          continue;
        }
        const std::size_t other = find_key_after(sorted.cell_keys, cell, key);
        if (other < sorted.cell_keys.size() && sorted.cell_keys[other] == key) {
          link_cell(other, sorted.cell_begin[other]);
        }
      }
    }
  }

  sorted_points = {};

  // Members of each cluster of two or more ends, by increasing end number,
  // as compressed sparse rows indexed by the cluster's root.
  std::vector<std::uint32_t> root(end_count);
  std::vector<std::uint32_t> offsets(end_count + 1, 0);
  for (std::uint32_t e = 0; e < end_count; ++e) {
    root[e] = clusters.find(e);
    ++offsets[root[e] + 1];
  }
  for (std::size_t e = 0; e < end_count; ++e) {
    offsets[e + 1] += offsets[e];
  }
  std::vector<std::uint32_t> members(end_count);
  {
    std::vector<std::uint32_t> fill(offsets.begin(), offsets.end() - 1);
    for (std::uint32_t e = 0; e < end_count; ++e) {
      members[fill[root[e]]++] = e;
    }
  }
  for (std::uint32_t e = 0; e < end_count; ++e) {
    reporter.update(end_count + e);
    if (root[e] != e) {
      continue;
    }
    const std::span<const std::uint32_t> cluster(members.data() + offsets[e],
                                                 offsets[e + 1] - offsets[e]);
    if (cluster.size() == 1) {
      creator[e] = e;
    } else {
      join_greedily(positions, cluster, tolerance, creator);
    }
  }
}

// Joins line ends into nodes, greedily in input order: the first and then
// the last vertex of line 0, then of line 1, and so on. Each end joins the
// nearest node within `tolerance`, or else starts a new node at its own
// position, and the end vertex moves to its node's position. So every end
// moves by at most the tolerance, and nodes are more than the tolerance
// apart. With tolerance 0 only equal ends join. Nodes are numbered in the
// order the greedy pass makes them.
//
// A line whose ends join one node and that is left with fewer than two
// distinct vertices is dropped and reported as a zero_length problem.
//
// NOTE: with JoinOrder::spatial and a tolerance > 0, a cluster of k ends
// chained within the tolerance of each other costs O(k^2) distance tests.
inline NodedLines join_endpoints(std::vector<SourceLine> lines,
                                 double tolerance,
                                 std::vector<Problem>& problems,
                                 const ProgressCallback& progress,
                                 JoinOrder order = JoinOrder::spatial) {
  const std::size_t end_count = 2 * lines.size();
  if (end_count > std::numeric_limits<std::uint32_t>::max()) {
    throw InvalidInputError(
        std::to_string(lines.size()) +
        " lines are too many to join their ends: at most 2^31 - 1 lines are "
        "supported; split the input into parts");
  }
  // Progress: sorting or clustering the ends, joining the clusters, then
  // moving the line ends.
  ProgressReporter reporter(progress, "noding", 3 * end_count);

  // End e is the first vertex of line e / 2 when e is even, else its last.
  std::vector<Point> positions(end_count);
  for (std::size_t i = 0; i < lines.size(); ++i) {
    positions[2 * i] = lines[i].geometry.front();
    positions[2 * i + 1] = lines[i].geometry.back();
  }
  std::vector<std::uint32_t> creator(end_count);
  if (order == JoinOrder::input) {
    std::vector<std::uint32_t> all(end_count);
    for (std::size_t e = 0; e < end_count; ++e) {
      all[e] = static_cast<std::uint32_t>(e);
    }
    join_greedily(positions, all, tolerance, creator);
  } else if (tolerance == 0.0) {
    join_equal_ends(positions, creator, reporter);
  } else {
    join_ends_in_clusters(positions, tolerance, creator, reporter);
  }

  // Nodes in the order the greedy pass makes them: by the end number of
  // their creator, which precedes every end that joins it. `creator`
  // becomes the node of each end.
  NodedLines noded;
  std::uint32_t node_count = 0;
  for (std::size_t e = 0; e < end_count; ++e) {
    node_count += creator[e] == e ? 1 : 0;
  }
  noded.nodes.reserve(node_count);
  std::vector<std::uint32_t>& node_of_end = creator;
  for (std::size_t e = 0; e < end_count; ++e) {
    if (creator[e] == e) {
      node_of_end[e] = static_cast<std::uint32_t>(noded.nodes.size());
      noded.nodes.push_back(positions[e]);
    } else {
      node_of_end[e] = node_of_end[creator[e]];
    }
  }
  positions = {};

  noded.from_node.resize(lines.size());
  noded.to_node.resize(lines.size());
  std::vector<bool> collapsed(lines.size(), false);
  bool any_collapsed = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    reporter.update(2 * end_count + 2 * i);
    Polyline& geometry = lines[i].geometry;
    noded.from_node[i] = node_of_end[2 * i];
    noded.to_node[i] = node_of_end[2 * i + 1];
    geometry.points.front() = noded.nodes[noded.from_node[i]];
    geometry.points.back() = noded.nodes[noded.to_node[i]];
    if (noded.from_node[i] == noded.to_node[i] &&
        remove_repeated_vertices(geometry) < 2) {
      collapsed[i] = true;
      any_collapsed = true;
    }
  }
  creator = {};

  if (any_collapsed) {
    std::size_t kept_count = 0;
    for (std::size_t i = 0; i < lines.size(); ++i) {
      if (collapsed[i]) {
        Problem problem;
        problem.kind = ProblemKind::zero_length;
        problem.message = "line fid " + std::to_string(lines[i].fid) +
                          " is shorter than the snap tolerance of " +
                          format_metres(tolerance) +
                          " m, so both its ends joined one node; dropped";
        problem.points.push_back(lines[i].geometry.front());
        problem.source_fids.push_back(lines[i].fid);
        problems.push_back(std::move(problem));
        continue;
      }
      if (kept_count != i) {
        lines[kept_count] = std::move(lines[i]);
        noded.from_node[kept_count] = noded.from_node[i];
        noded.to_node[kept_count] = noded.to_node[i];
      }
      ++kept_count;
    }
    lines.resize(kept_count);
    noded.from_node.resize(kept_count);
    noded.to_node.resize(kept_count);
  }
  noded.lines = std::move(lines);
  reporter.finish();
  return noded;
}

} // namespace georiviere::detail
