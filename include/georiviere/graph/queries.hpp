// Queries on a river network: reaches upstream and downstream of a reach,
// the reach nearest to a point, and the path between two reaches.
//
// The traversals use the network's Boost graph, so call rebuild_graph()
// after editing reaches. They throw InvalidInputError when the graph's
// vertex or edge count does not match the nodes and reaches, and for an
// unknown reach id.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <deque>
#include <functional>
#include <limits>
#include <optional>
#include <queue>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere {

namespace detail {

inline void validate_graph(const RiverNetwork& network) {
  const NetworkGraph& graph = network.graph();
  if (boost::num_vertices(graph) != network.nodes.size() ||
      boost::num_edges(graph) != network.reaches.size()) {
    throw InvalidInputError(
        "the network graph has " + std::to_string(boost::num_vertices(graph)) +
        " vertices and " + std::to_string(boost::num_edges(graph)) +
        " edges but the network has " + std::to_string(network.nodes.size()) +
        " nodes and " + std::to_string(network.reaches.size()) +
        " reaches: call rebuild_graph() after editing the network");
  }
}

inline void validate_reach_id(const RiverNetwork& network, ReachId reach) {
  const auto count = static_cast<ReachId>(network.reaches.size());
  if (reach < 0 || reach >= count) {
    throw InvalidInputError(
        "reach id " + std::to_string(reach) + " is not in the network: " +
        (count == 0 ? std::string("the network has no reaches")
                    : "valid ids are 0 to " + std::to_string(count - 1)));
  }
}

// Reaches reached from `start` by repeatedly taking the inflows of a
// reach's from_node (upstream) or the outflows of its to_node
// (downstream), in breadth-first order, `start` left out.
inline std::vector<ReachId> traverse(const RiverNetwork& network, ReachId start,
                                     bool upstream) {
  validate_reach_id(network, start);
  validate_graph(network);
  const NetworkGraph& graph = network.graph();
  std::vector<char> seen(network.reaches.size(), 0);
  seen[start] = 1;
  std::vector<ReachId> result;
  std::deque<ReachId> queue{start};
  while (!queue.empty()) {
    const Reach& reach = network.reaches[queue.front()];
    queue.pop_front();
    const auto visit = [&](ReachId next) {
      if (!seen[next]) {
        seen[next] = 1;
        result.push_back(next);
        queue.push_back(next);
      }
    };
    if (upstream) {
      for (auto [it, end] = boost::in_edges(reach.from_node, graph); it != end;
           ++it) {
        visit(graph[*it].reach);
      }
    } else {
      for (auto [it, end] = boost::out_edges(reach.to_node, graph); it != end;
           ++it) {
        visit(graph[*it].reach);
      }
    }
  }
  return result;
}

// Shortest path by length from `from` to `to` (Dijkstra over reaches),
// downstream only or in both directions. Empty when `to` is not reached.
inline std::vector<ReachId> shortest_path(const RiverNetwork& network,
                                          ReachId from, ReachId to,
                                          bool downstream_only) {
  const NetworkGraph& graph = network.graph();
  const std::vector<Reach>& reaches = network.reaches;
  constexpr double unreached = std::numeric_limits<double>::infinity();
  std::vector<double> cost(reaches.size(), unreached);
  std::vector<ReachId> previous(reaches.size(), no_id);
  using Entry = std::pair<double, ReachId>;
  std::priority_queue<Entry, std::vector<Entry>, std::greater<>> queue;
  cost[from] = reaches[from].length_m;
  queue.emplace(cost[from], from);

  const auto relax = [&](ReachId current, ReachId next) {
    const double next_cost = cost[current] + reaches[next].length_m;
    if (next_cost < cost[next]) {
      cost[next] = next_cost;
      previous[next] = current;
      queue.emplace(next_cost, next);
    }
  };
  while (!queue.empty()) {
    const auto [current_cost, current] = queue.top();
    queue.pop();
    if (current_cost > cost[current]) {
      continue;
    }
    if (current == to) {
      break;
    }
    const Reach& reach = reaches[current];
    for (auto [it, end] = boost::out_edges(reach.to_node, graph); it != end;
         ++it) {
      relax(current, graph[*it].reach);
    }
    if (downstream_only) {
      continue;
    }
    for (auto [it, end] = boost::in_edges(reach.to_node, graph); it != end;
         ++it) {
      relax(current, graph[*it].reach);
    }
    for (auto [it, end] = boost::out_edges(reach.from_node, graph); it != end;
         ++it) {
      relax(current, graph[*it].reach);
    }
    for (auto [it, end] = boost::in_edges(reach.from_node, graph); it != end;
         ++it) {
      relax(current, graph[*it].reach);
    }
  }

  std::vector<ReachId> path;
  if (cost[to] == unreached) {
    return path;
  }
  for (ReachId reach = to; reach != no_id; reach = previous[reach]) {
    path.push_back(reach);
  }
  std::reverse(path.begin(), path.end());
  return path;
}

} // namespace detail

// Every reach upstream of `reach`, that is every reach from which flow can
// reach it through any branch, in breadth-first order from the reach, the
// reach itself left out (even when it lies on a cycle). O(V + E).
inline std::vector<ReachId> upstream_reaches(const RiverNetwork& network,
                                             ReachId reach) {
  return detail::traverse(network, reach, true);
}

// Every reach downstream of `reach` through every branch, in breadth-first
// order, the reach itself left out. O(V + E).
inline std::vector<ReachId> downstream_reaches(const RiverNetwork& network,
                                               ReachId reach) {
  return detail::traverse(network, reach, false);
}

// Finds the sequence of reaches from `from` to `to`, both included. When
// either reach is downstream of the other, it is the shortest downstream
// path by length between them. The sequence still starts at `from`, so it
// runs upstream when `to` is upstream of `from`. Otherwise it is the
// shortest path by length regardless of flow direction, as between two
// tributaries. Empty when the reaches are not connected.
// O((V + E) log E) per call.
inline std::vector<ReachId> path_between(const RiverNetwork& network,
                                         ReachId from, ReachId to) {
  detail::validate_reach_id(network, from);
  detail::validate_reach_id(network, to);
  detail::validate_graph(network);
  if (from == to) {
    return {from};
  }
  std::vector<ReachId> path = detail::shortest_path(network, from, to, true);
  if (!path.empty()) {
    return path;
  }
  path = detail::shortest_path(network, to, from, true);
  if (!path.empty()) {
    std::reverse(path.begin(), path.end());
    return path;
  }
  return detail::shortest_path(network, from, to, false);
}

// A position on the network, in linear referencing terms.
struct NetworkLocation {
  ReachId reach = no_id;
  double measure_m = 0.0; // along the reach geometry from its upstream end
  double offset_m = 0.0;  // distance from the located point to the reach
  Point point;            // the nearest point on the reach
};

// Uniform grid over the segments of every reach geometry, for repeated
// nearest-reach queries. A segment is stored in every cell its bounding box
// overlaps. The cell size is the largest of the mean segment extent, the
// side of a square that holds one segment on average, and the longer side
// of the extent divided by the segment count. A query then visits few cells
// and a segment of average extent spans at most 4 cells, and there are at
// most 3S + 1 cells for S segments.
//
// Keeps a reference to the network, which must outlive the index and keep
// its reach geometries unchanged. Building is O(S) for S segments; a query
// visits the rings of cells around the point until no closer segment can
// exist, typically O(1) cells on a network of even density.
class ReachIndex {
public:
  explicit ReachIndex(const RiverNetwork& network) : network_(&network) {
    std::vector<Segment> segments;
    double extent_sum = 0.0;
    for (const Reach& reach : network.reaches) {
      const std::vector<Point>& points = reach.geometry.points;
      double measure = 0.0;
      for (std::size_t i = 0; i + 1 < points.size(); ++i) {
        segments.push_back({reach.id, static_cast<std::uint32_t>(i), measure});
        measure += distance(points[i], points[i + 1]);
        bounds_.expand(points[i]);
        bounds_.expand(points[i + 1]);
        extent_sum += std::max(std::abs(points[i + 1].x - points[i].x),
                               std::abs(points[i + 1].y - points[i].y));
      }
      if (points.size() == 1) {
        segments.push_back({reach.id, 0, 0.0});
        bounds_.expand(points[0]);
      }
    }
    if (segments.empty()) {
      return;
    }

    const double width = bounds_.max_x - bounds_.min_x;
    const double height = bounds_.max_y - bounds_.min_y;
    const auto count = static_cast<double>(segments.size());
    cell_size_ =
        std::max({extent_sum / count, std::sqrt(width * height / count),
                  std::max(width, height) / count, 1e-9});
    columns_ = static_cast<std::size_t>(width / cell_size_) + 1;
    rows_ = static_cast<std::size_t>(height / cell_size_) + 1;

    // Two passes over the segments: count per cell, then fill.
    offsets_.assign(columns_ * rows_ + 1, 0);
    for_each_cell(segments, [&](std::size_t cell, const Segment&) {
      ++offsets_[cell + 1];
    });
    for (std::size_t c = 0; c + 1 < offsets_.size(); ++c) {
      offsets_[c + 1] += offsets_[c];
    }
    entries_.resize(offsets_.back());
    std::vector<std::size_t> fill(offsets_.begin(), offsets_.end() - 1);
    for_each_cell(segments, [&](std::size_t cell, const Segment& segment) {
      entries_[fill[cell]++] = segment;
    });
  }

  const RiverNetwork& network() const { return *network_; }

  // The nearest point of any reach within max_distance_m of `point`, or
  // nullopt when there is none. Ties go to the lowest reach id, then to the
  // upstream segment. Throws InvalidInputError for a point with a NaN or
  // infinite coordinate or a negative or NaN max_distance_m (infinity is
  // accepted).
  std::optional<NetworkLocation> nearest(const Point& point,
                                         double max_distance_m) const {
    validate_query(point, max_distance_m);
    if (entries_.empty()) {
      return std::nullopt;
    }
    const auto column = clamped_cell(point.x, bounds_.min_x, columns_);
    const auto row = clamped_cell(point.y, bounds_.min_y, rows_);
    Best best;
    best.distance = max_distance_m;
    const std::size_t max_ring = std::max(columns_, rows_);
    for (std::size_t ring = 0; ring <= max_ring; ++ring) {
      // Every cell of this ring is at least (ring - 1) cells from the point.
      if (ring >= 2 &&
          static_cast<double>(ring - 1) * cell_size_ > best.distance) {
        break;
      }
      visit_ring(column, row, ring, [&](std::size_t cell) {
        for (std::size_t e = offsets_[cell]; e < offsets_[cell + 1]; ++e) {
          best.consider(*network_, entries_[e], point);
        }
      });
    }
    return best.location();
  }

private:
  struct Segment {
    ReachId reach = no_id;
    std::uint32_t vertex = 0; // index of the segment's first vertex
    double measure_m = 0.0;   // measure of that vertex
  };

  // Nearest candidate so far. A candidate must be within `distance`.
  struct Best {
    double distance = 0.0;
    bool found = false;
    NetworkLocation result;
    std::uint32_t vertex = 0;

    void consider(const RiverNetwork& network, const Segment& segment,
                  const Point& point) {
      const std::vector<Point>& points =
          network.reaches[segment.reach].geometry.points;
      SegmentProjection projection{
          points[segment.vertex], 0.0,
          georiviere::distance(point, points[segment.vertex])};
      double segment_length = 0.0;
      if (segment.vertex + 1 < points.size()) {
        const Point& a = points[segment.vertex];
        const Point& b = points[segment.vertex + 1];
        projection = project_on_segment(point, a, b);
        segment_length = georiviere::distance(a, b);
      }
      if (projection.distance > distance) {
        return;
      }
      if (found && projection.distance == distance &&
          (segment.reach > result.reach ||
           (segment.reach == result.reach && segment.vertex >= vertex))) {
        return;
      }
      found = true;
      distance = projection.distance;
      vertex = segment.vertex;
      result.reach = segment.reach;
      result.measure_m = segment.measure_m + projection.t * segment_length;
      result.offset_m = projection.distance;
      result.point = projection.point;
    }

    std::optional<NetworkLocation> location() const {
      return found ? std::optional<NetworkLocation>(result) : std::nullopt;
    }
  };

  static void validate_query(const Point& point, double max_distance_m) {
    if (!std::isfinite(point.x) || !std::isfinite(point.y)) {
      throw InvalidInputError(
          "cannot locate a point with a NaN or infinite coordinate (" +
          std::to_string(point.x) + ", " + std::to_string(point.y) + ")");
    }
    if (std::isnan(max_distance_m) || max_distance_m < 0.0) {
      throw InvalidInputError("invalid max_distance_m " +
                              std::to_string(max_distance_m) +
                              ": use a distance in metres, 0 or more");
    }
  }

  std::size_t clamped_cell(double value, double origin,
                           std::size_t count) const {
    const double cell = std::floor((value - origin) / cell_size_);
    if (!(cell > 0.0)) {
      return 0;
    }
    return std::min(static_cast<std::size_t>(std::min(cell, 1e15)), count - 1);
  }

  // Calls visit(cell) for every cell of the grid at Chebyshev distance
  // `ring` from (column, row).
  template <class Visit>
  void visit_ring(std::size_t column, std::size_t row, std::size_t ring,
                  Visit visit) const {
    const auto c0 = static_cast<std::int64_t>(column);
    const auto r0 = static_cast<std::int64_t>(row);
    const auto k = static_cast<std::int64_t>(ring);
    const auto columns = static_cast<std::int64_t>(columns_);
    const auto rows = static_cast<std::int64_t>(rows_);
    for (std::int64_t r = r0 - k; r <= r0 + k; ++r) {
      if (r < 0 || r >= rows) {
        continue;
      }
      const bool edge_row = r == r0 - k || r == r0 + k;
      const std::int64_t step = edge_row || k == 0 ? 1 : 2 * k;
      for (std::int64_t c = c0 - k; c <= c0 + k; c += step) {
        if (c >= 0 && c < columns) {
          visit(static_cast<std::size_t>(r * columns + c));
        }
      }
    }
  }

  // Calls add(cell, segment) for every cell the segment's box overlaps.
  template <class Add>
  void for_each_cell(const std::vector<Segment>& segments, Add add) const {
    for (const Segment& segment : segments) {
      const std::vector<Point>& points =
          network_->reaches[segment.reach].geometry.points;
      const Point& a = points[segment.vertex];
      const Point& b =
          segment.vertex + 1 < points.size() ? points[segment.vertex + 1] : a;
      const std::size_t c_min =
          clamped_cell(std::min(a.x, b.x), bounds_.min_x, columns_);
      const std::size_t c_max =
          clamped_cell(std::max(a.x, b.x), bounds_.min_x, columns_);
      const std::size_t r_min =
          clamped_cell(std::min(a.y, b.y), bounds_.min_y, rows_);
      const std::size_t r_max =
          clamped_cell(std::max(a.y, b.y), bounds_.min_y, rows_);
      for (std::size_t r = r_min; r <= r_max; ++r) {
        for (std::size_t c = c_min; c <= c_max; ++c) {
          add(r * columns_ + c, segment);
        }
      }
    }
  }

  const RiverNetwork* network_;
  Box bounds_;
  double cell_size_ = 1.0;
  std::size_t columns_ = 0;
  std::size_t rows_ = 0;
  std::vector<std::size_t> offsets_;
  std::vector<Segment> entries_;
};

// The nearest point of any reach within max_distance_m of `point`, through
// a prebuilt index: use this form for many points.
inline std::optional<NetworkLocation> locate_point(const ReachIndex& index,
                                                   const Point& point,
                                                   double max_distance_m) {
  return index.nearest(point, max_distance_m);
}

// The nearest point of any reach within max_distance_m of `point`, the
// measure taken from the reach's upstream end along its geometry. Builds a
// ReachIndex per call, which is O(S) for S segments: for many points, build
// one ReachIndex and call the overload above.
inline std::optional<NetworkLocation> locate_point(const RiverNetwork& network,
                                                   const Point& point,
                                                   double max_distance_m) {
  return ReachIndex(network).nearest(point, max_distance_m);
}

} // namespace georiviere
