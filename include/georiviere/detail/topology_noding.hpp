// Noding for build_topology(): splits lines at T-junctions and crossings,
// and finds lines that cross without a node. Line ends are joined into
// nodes first, by join_endpoints() in topology_joining.hpp.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/spatial_grid.hpp"
#include "georiviere/detail/topology_format.hpp"
#include "georiviere/detail/topology_joining.hpp"
#include "georiviere/detail/topology_segments.hpp"

namespace georiviere::detail {

// Median length of up to about 4096 segments sampled evenly.
inline double typical_segment_length(const std::vector<SourceLine>& lines) {
  std::size_t segment_count = 0;
  for (const SourceLine& line : lines) {
    segment_count += line.geometry.size() - 1;
  }
  const std::size_t step = segment_count / 4096 + 1;
  std::vector<double> sample;
  sample.reserve(segment_count / step + 1);
  std::size_t countdown = 0; // segments to skip before the next sample
  for (const SourceLine& line : lines) {
    const std::vector<Point>& points = line.geometry.points;
    for (std::size_t j = 0; j + 1 < points.size(); ++j) {
      if (countdown == 0) {
        sample.push_back(distance(points[j], points[j + 1]));
        countdown = step;
      }
      --countdown;
    }
  }
  if (sample.empty()) {
    return 0.0;
  }
  auto middle = sample.begin() + static_cast<std::ptrdiff_t>(sample.size() / 2);
  std::nth_element(sample.begin(), middle, sample.end());
  return *middle;
}

// Indexes the segments of the lines in chunks of up to 16 segments, on a
// grid with cells 16 times the median segment length, and at least
// min_cell_size. Chunks are at most one cell wide and tall, so most lines
// of up to 16 segments make one chunk. On the generated benchmark network,
// cells of 8 times the median made two chunks per line. Indexing then took
// about 40 % more time and 200 more bytes per line. The tags of each
// line's ends in the grid are the ids of its nodes.
inline ChunkGrid build_chunk_grid(const NodedLines& noded,
                                  double min_cell_size) {
  const std::vector<SourceLine>& lines = noded.lines;
  const auto points_of = [&lines](std::size_t i) -> const std::vector<Point>& {
    return lines[i].geometry.points;
  };
  const auto nodes_of = [&noded](std::size_t i) {
    return std::pair{noded.from_node[i], noded.to_node[i]};
  };
  const double cell_size =
      std::max(16.0 * typical_segment_length(lines), min_cell_size);
  std::vector<SegmentChunk> chunks =
      make_chunks(lines.size(), points_of, 16, cell_size);
  Box extent;
  for (const SegmentChunk& chunk : chunks) {
    extent.expand(chunk.box);
  }
  return ChunkGrid(GridFrame(extent, cell_size), std::move(chunks),
                   points_of, nodes_of);
}

// A request to split line `line` at node `node`. With t == 0 the line is
// split at vertex `vertex`, which moves to `position`. With 0 < t < 1 a
// vertex at `position` is inserted on segment [vertex, vertex + 1], with Z
// and M interpolated at t along that segment.
struct SplitRequest {
  std::uint32_t line = 0;
  std::uint32_t vertex = 0;
  double t = 0.0;
  Point position;
  std::uint32_t node = 0;
};

// The split request for node `node` on the line where its position lies
// at parameter t of segment `segment`: a split at a vertex when t is 0 or
// 1, unless that vertex is an end of the line.
inline SplitRequest split_request(std::uint32_t line, std::size_t vertex_count,
                                  std::uint32_t segment, double t,
                                  const Point& position, std::uint32_t node) {
  SplitRequest request{line, segment, t, position, node};
  if (t >= 1.0) {
    request.vertex = segment + 1;
    request.t = 0.0;
  }
  if (request.t == 0.0 && request.vertex == 0) {
    request.t = std::nextafter(0.0, 1.0);
  } else if (request.t == 0.0 && request.vertex + 1 == vertex_count) {
    request.vertex -= 1;
    request.t = std::nextafter(1.0, 0.0);
  }
  return request;
}

// A segment of some line near a node.
struct NodeHit {
  std::uint32_t line;
  std::uint32_t segment;
  double t;
  double distance;
};

// Finds, for each node, the lines whose interior passes within `tolerance`
// (> 0) of it and that do not end at it. find_crossings() finds the
// T-junctions of tolerance 0.
// Returns one split request per node and line, at the point of the line
// nearest to the node. The request splits at an interior vertex within the
// tolerance of the node when there is one, moving that vertex onto the
// node, and otherwise inserts a vertex at the node. Lines that have an end
// within the tolerance of the node are left alone: that end was joined to
// another node, and the gap report shows the place.
inline std::vector<SplitRequest>
find_t_junctions(const NodedLines& noded, const ChunkGrid& grid,
                 double tolerance, const ProgressCallback& progress) {
  std::vector<SplitRequest> requests;
  std::vector<NodeHit> hits;
  const double tolerance2 = tolerance * tolerance;
  // Nodes are visited along a Z-order curve, which keeps the grid cells
  // they look up in cache.
  const std::vector<std::uint32_t> order = spatial_order(
      noded.nodes.size(), [&](std::size_t n) { return noded.nodes[n]; });
  ProgressReporter reporter(progress, "noding", order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    reporter.update(k);
    const std::uint32_t node = order[k];
    const Point& p = noded.nodes[node];
    hits.clear();
    grid.for_each_near(p, tolerance, [&](std::uint32_t c) {
      const SegmentChunk& chunk = grid.chunk(c);
      if (noded.from_node[chunk.line] == node ||
          noded.to_node[chunk.line] == node) {
        return;
      }
      const std::span<const Point> points = grid.chunk_points(c);
      for (std::uint32_t s = chunk.first; s < chunk.end; ++s) {
        const Point& a = points[s - chunk.first];
        const Point& b = points[s - chunk.first + 1];
        if (!near_segment_box(p, a, b, tolerance)) {
          continue;
        }
        const NearestOnSegment nearest = nearest_on_segment(p, a, b);
        if (nearest.distance2 <= tolerance2) {
          hits.push_back(
              {chunk.line, s, nearest.t, std::sqrt(nearest.distance2)});
        }
      }
    });
    if (hits.empty()) {
      continue;
    }

    // Keep the nearest hit of each line.
    std::sort(hits.begin(), hits.end(),
              [](const NodeHit& x, const NodeHit& y) {
                if (x.line != y.line) {
                  return x.line < y.line;
                }
                if (x.distance != y.distance) {
                  return x.distance < y.distance;
                }
                return x.segment < y.segment;
              });
    for (std::size_t h = 0; h < hits.size(); ++h) {
      if (h > 0 && hits[h].line == hits[h - 1].line) {
        continue;
      }
      const NodeHit& hit = hits[h];
      const std::vector<Point>& points = noded.lines[hit.line].geometry.points;
      if (distance(p, points.front()) <= tolerance ||
          distance(p, points.back()) <= tolerance) {
        continue;
      }
      // Prefer an interior vertex within the tolerance of the node.
      std::uint32_t vertex = 0;
      double vertex_distance = std::numeric_limits<double>::infinity();
      for (const std::uint32_t v : {hit.segment, hit.segment + 1}) {
        if (v == 0 || v + 1 == points.size()) {
          continue;
        }
        const double d = distance(p, points[v]);
        if (d <= tolerance && d < vertex_distance) {
          vertex = v;
          vertex_distance = d;
        }
      }
      if (vertex != 0) {
        requests.push_back({hit.line, vertex, 0.0, p, node});
      } else {
        requests.push_back(split_request(hit.line, points.size(),
                                         hit.segment, hit.t, p, node));
      }
    }
  }
  reporter.finish();
  return requests;
}

// Appends to `out` the pieces of `line` cut at the requests, which must be
// sorted along the line and name distinct nodes.
inline void split_line(SourceLine& line, std::uint32_t from,
                       std::uint32_t to,
                       std::span<const SplitRequest> requests,
                       NodedLines& out) {
  const Polyline& geometry = line.geometry;
  Polyline piece;
  std::uint32_t piece_from = from;
  std::size_t next = 0; // next vertex of `geometry` to copy

  const auto emit = [&](std::uint32_t piece_to) {
    // Two splits at one position leave a piece of one point, which carries
    // nothing and is left out.
    if (remove_repeated_vertices(piece) >= 2) {
      out.lines.push_back({line.fid, line.row, std::move(piece)});
      out.from_node.push_back(piece_from);
      out.to_node.push_back(piece_to);
    }
    piece = Polyline();
  };

  for (const SplitRequest& request : requests) {
    const std::size_t v = request.vertex;
    const std::size_t copy_end = request.t == 0.0 ? v : v + 1;
    for (; next < copy_end; ++next) {
      piece.push_vertex(geometry, next);
    }
    piece.points.push_back(request.position);
    if (geometry.has_z()) {
      piece.z.push_back(request.t == 0.0
                            ? geometry.z[v]
                            : interpolate(geometry.z[v], geometry.z[v + 1],
                                          request.t));
    }
    if (geometry.has_m()) {
      piece.m.push_back(request.t == 0.0
                            ? geometry.m[v]
                            : interpolate(geometry.m[v], geometry.m[v + 1],
                                          request.t));
    }
    next = v + 1;

    // The split vertex ends this piece and starts the next one.
    Polyline start;
    start.points.push_back(piece.points.back());
    if (geometry.has_z()) {
      start.z.push_back(piece.z.back());
    }
    if (geometry.has_m()) {
      start.m.push_back(piece.m.back());
    }
    emit(request.node);
    piece = std::move(start);
    piece_from = request.node;
  }
  for (; next < geometry.size(); ++next) {
    piece.push_vertex(geometry, next);
  }
  emit(to);
}

// Splits the lines at the requests. The pieces of a line keep its place in
// the line order, first piece first.
//
// A line gets at most one split per node (the first along the line). When
// two nodes claim the same vertex, the later one gets a new vertex inserted
// right after it instead.
inline void apply_splits(NodedLines& noded,
                         std::vector<SplitRequest> requests) {
  if (requests.empty()) {
    return;
  }
  const auto along_line = [](const SplitRequest& x, const SplitRequest& y) {
    if (x.line != y.line) {
      return x.line < y.line;
    }
    if (x.vertex != y.vertex) {
      return x.vertex < y.vertex;
    }
    if (x.t != y.t) {
      return x.t < y.t;
    }
    return x.node < y.node;
  };
  std::sort(requests.begin(), requests.end(),
            [&](const SplitRequest& x, const SplitRequest& y) {
              if (x.line != y.line || x.node != y.node) {
                return x.line != y.line ? x.line < y.line : x.node < y.node;
              }
              return along_line(x, y);
            });
  requests.erase(std::unique(requests.begin(), requests.end(),
                             [](const SplitRequest& x, const SplitRequest& y) {
                               return x.line == y.line && x.node == y.node;
                             }),
                 requests.end());
  std::sort(requests.begin(), requests.end(), along_line);
  for (std::size_t k = 1; k < requests.size(); ++k) {
    SplitRequest& request = requests[k];
    const SplitRequest& previous = requests[k - 1];
    if (request.t == 0.0 && previous.line == request.line &&
        previous.vertex == request.vertex && previous.t == 0.0) {
      request.t = std::nextafter(0.0, 1.0);
    }
  }

  NodedLines out;
  out.nodes = std::move(noded.nodes);
  out.lines.reserve(noded.lines.size() + requests.size());
  out.from_node.reserve(noded.lines.size() + requests.size());
  out.to_node.reserve(noded.lines.size() + requests.size());
  std::size_t k = 0;
  for (std::size_t i = 0; i < noded.lines.size(); ++i) {
    std::size_t end = k;
    while (end < requests.size() && requests[end].line == i) {
      ++end;
    }
    if (end == k) {
      out.lines.push_back(std::move(noded.lines[i]));
      out.from_node.push_back(noded.from_node[i]);
      out.to_node.push_back(noded.to_node[i]);
      continue;
    }
    split_line(noded.lines[i], noded.from_node[i], noded.to_node[i],
               std::span<const SplitRequest>(requests.data() + k, end - k),
               out);
    k = end;
  }
  noded = std::move(out);
}

// Two lines that meet where neither has a node. For a point contact,
// `point` is where, at parameter first_t of segment first_segment of
// first_line, and likewise on second_line. For an overlap, `point` is one
// end of a shared collinear stretch.
struct Crossing {
  std::uint32_t first_line = 0;
  std::uint32_t second_line = 0;
  bool overlap = false;
  Point point;
  std::uint32_t first_segment = 0;
  double first_t = 0.0;
  std::uint32_t second_segment = 0;
  double second_t = 0.0;
};

// Finds every place where two lines touch, cross or overlap away from
// their end vertices: one Crossing per pair of lines and point, and one per
// pair of lines for their overlaps (without the points at its ends).
//
// A contact at an end vertex of one line only is a T-junction on the
// other line, at the node of that end. When t_junctions is not null, each
// such contact adds a split request there (a line may get the same request
// more than once), which is how T-junctions are found with a snap
// tolerance of 0. Contacts at end vertices of both lines are nodes.
inline std::vector<Crossing>
find_crossings(const NodedLines& noded, const ChunkGrid& grid,
               const ProgressCallback& progress,
               std::vector<SplitRequest>* t_junctions = nullptr) {
  struct Loaded {
    Point a;
    Point b;
    std::uint32_t segment;
  };
  const auto overlaps = [](const Box& box, const Point& a, const Point& b) {
    return std::max(a.x, b.x) >= box.min_x && std::min(a.x, b.x) <= box.max_x &&
           std::max(a.y, b.y) >= box.min_y && std::min(a.y, b.y) <= box.max_y;
  };
  constexpr std::uint32_t no_node = std::numeric_limits<std::uint32_t>::max();
  // The node at p when p is an end vertex of the line of chunk c, else
  // no_node. The grid tags line ends with their nodes.
  const auto node_at_end = [&](std::uint32_t c, const Point& p) {
    const LineEnds& ends = grid.line_ends(c);
    if (p == ends.first) {
      return ends.first_tag;
    }
    return p == ends.last ? ends.last_tag : no_node;
  };
  // Adds the split of `line` at the node of another line's end.
  const auto add_t_junction = [&](std::uint32_t line, std::uint32_t segment,
                                  double t, const Point& p,
                                  std::uint32_t node) {
    t_junctions->push_back(split_request(
        line, noded.lines[line].geometry.size(), segment, t, p, node));
  };

  std::vector<Crossing> crossings;
  std::vector<std::uint32_t> partners;
  std::vector<Loaded> first_segments;
  std::vector<Loaded> second_segments;
  const std::vector<SegmentChunk>& chunks = grid.chunks();
  ProgressReporter reporter(progress, "crossings", chunks.size());
  for (std::uint32_t first = 0; first < chunks.size(); ++first) {
    reporter.update(first);
    // Each pair of chunks of different lines whose boxes overlap is tested
    // once, from its lower-numbered chunk.
    const SegmentChunk& first_chunk = chunks[first];
    partners.clear();
    for (const std::uint32_t cell : grid.cells_of(first)) {
      for (const std::uint32_t second : grid.chunks_in(cell)) {
        if (second > first && chunks[second].line != first_chunk.line &&
            chunks[second].box.intersects(first_chunk.box)) {
          partners.push_back(second);
        }
      }
    }
    if (partners.empty()) {
      continue;
    }
    std::sort(partners.begin(), partners.end());
    partners.erase(std::unique(partners.begin(), partners.end()),
                   partners.end());
    // Partners are near in chunk order, and so are their vertices in the
    // grid's copy, but not always in cache: start loading them all before
    // testing the first.
    for (const std::uint32_t second : partners) {
      prefetch(grid.chunk_points(second).data());
    }

    const std::span<const Point> first_points = grid.chunk_points(first);
    for (const std::uint32_t second : partners) {
      const SegmentChunk& second_chunk = chunks[second];
      const std::span<const Point> second_points = grid.chunk_points(second);
      first_segments.clear();
      for (std::uint32_t j = 0; j + 1 < first_points.size(); ++j) {
        if (overlaps(second_chunk.box, first_points[j], first_points[j + 1])) {
          first_segments.push_back(
              {first_points[j], first_points[j + 1], first_chunk.first + j});
        }
      }
      if (first_segments.empty()) {
        continue;
      }
      second_segments.clear();
      for (std::uint32_t j = 0; j + 1 < second_points.size(); ++j) {
        if (overlaps(first_chunk.box, second_points[j], second_points[j + 1])) {
          second_segments.push_back({second_points[j], second_points[j + 1],
                                     second_chunk.first + j});
        }
      }

      for (const Loaded& x : first_segments) {
        for (const Loaded& y : second_segments) {
          const SegmentIntersection contact =
              intersect_segments(x.a, x.b, y.a, y.b);
          if (contact.contact == SegmentContact::none) {
            continue;
          }
          const bool overlap = contact.contact == SegmentContact::overlap;
          if (!overlap) {
            const std::uint32_t first_node =
                node_at_end(first, contact.point);
            const std::uint32_t second_node =
                node_at_end(second, contact.point);
            if (t_junctions != nullptr && first_node != no_node &&
                second_node == no_node) {
              add_t_junction(second_chunk.line, y.segment, contact.second_t,
                             contact.point, first_node);
            } else if (t_junctions != nullptr && first_node == no_node &&
                       second_node != no_node) {
              add_t_junction(first_chunk.line, x.segment, contact.first_t,
                             contact.point, second_node);
            }
            if (first_node != no_node || second_node != no_node) {
              continue;
            }
          }
          Crossing crossing{first_chunk.line, second_chunk.line,
                            overlap,          contact.point,
                            x.segment,        contact.first_t,
                            y.segment,        contact.second_t};
          if (crossing.first_line > crossing.second_line) {
            std::swap(crossing.first_line, crossing.second_line);
            std::swap(crossing.first_segment, crossing.second_segment);
            std::swap(crossing.first_t, crossing.second_t);
          }
          crossings.push_back(crossing);
        }
      }
    }
  }

  // One record per pair and point, and for a pair that overlaps, only the
  // overlap.
  std::sort(crossings.begin(), crossings.end(),
            [](const Crossing& x, const Crossing& y) {
              if (x.first_line != y.first_line) {
                return x.first_line < y.first_line;
              }
              if (x.second_line != y.second_line) {
                return x.second_line < y.second_line;
              }
              if (x.overlap != y.overlap) {
                return x.overlap;
              }
              if (x.point.x != y.point.x) {
                return x.point.x < y.point.x;
              }
              return x.point.y < y.point.y;
            });
  std::vector<Crossing> unique;
  for (const Crossing& crossing : crossings) {
    if (!unique.empty()) {
      const Crossing& last = unique.back();
      const bool same_pair = last.first_line == crossing.first_line &&
                             last.second_line == crossing.second_line;
      if (same_pair && (last.overlap || last.point == crossing.point)) {
        continue;
      }
    }
    unique.push_back(crossing);
  }
  reporter.finish();
  return unique;
}

// Turns the point crossings into nodes (one per distinct point, appended
// to noded.nodes) and returns the requests that split both lines there.
// Overlaps are not split.
inline std::vector<SplitRequest>
crossing_split_requests(NodedLines& noded,
                        const std::vector<Crossing>& crossings) {
  std::vector<Point> points;
  for (const Crossing& crossing : crossings) {
    if (!crossing.overlap) {
      points.push_back(crossing.point);
    }
  }
  const auto less = [](const Point& a, const Point& b) {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
  };
  std::sort(points.begin(), points.end(), less);
  points.erase(std::unique(points.begin(), points.end()), points.end());
  const auto first_new_node = static_cast<std::uint32_t>(noded.nodes.size());
  noded.nodes.insert(noded.nodes.end(), points.begin(), points.end());

  std::vector<SplitRequest> requests;
  for (const Crossing& crossing : crossings) {
    if (crossing.overlap) {
      continue;
    }
    const auto found = std::lower_bound(points.begin(), points.end(),
                                        crossing.point, less);
    const auto node =
        first_new_node + static_cast<std::uint32_t>(found - points.begin());
    requests.push_back(split_request(
        crossing.first_line, noded.lines[crossing.first_line].geometry.size(),
        crossing.first_segment, crossing.first_t, crossing.point, node));
    requests.push_back(split_request(
        crossing.second_line,
        noded.lines[crossing.second_line].geometry.size(),
        crossing.second_segment, crossing.second_t, crossing.point, node));
  }
  return requests;
}

// Ground level of a noded line from the levels by attribute row; 0 (the
// surface) for a row outside `row_levels`.
inline int line_level(const SourceLine& line,
                      const std::vector<std::int8_t>& row_levels) {
  return line.row < row_levels.size() ? row_levels[line.row] : 0;
}

// Drops the requests that would split a line above or below the ground
// (level other than 0) at a node where no line of its own level ends, so a
// culvert is not cut where a surface confluence lies above it. Surface lines
// are still split where the end of any line touches them: a culvert that
// ends on a river flows into it.
inline void
drop_cross_level_splits(const NodedLines& noded,
                        std::vector<SplitRequest>& requests,
                        const std::vector<std::int8_t>& row_levels) {
  if (requests.empty()) {
    return;
  }
  // Bit (level + 16) of a node's mask is set when a line of that level ends
  // there; levels are clamped to [-16, 15].
  const auto bit = [](int level) {
    return std::uint32_t{1} << (std::clamp(level, -16, 15) + 16);
  };
  std::vector<std::uint32_t> node_levels(noded.nodes.size(), 0);
  for (std::size_t i = 0; i < noded.lines.size(); ++i) {
    const std::uint32_t level = bit(line_level(noded.lines[i], row_levels));
    node_levels[noded.from_node[i]] |= level;
    node_levels[noded.to_node[i]] |= level;
  }
  std::erase_if(requests, [&](const SplitRequest& request) {
    const int level = line_level(noded.lines[request.line], row_levels);
    return level != 0 && (node_levels[request.node] & bit(level)) == 0;
  });
}

// Removes the crossings and overlaps between lines of different ground
// levels, which are expected (a stream over a culvert) and so are neither
// split nor reported. Returns how many were removed.
inline std::size_t
drop_cross_level_crossings(const NodedLines& noded,
                           std::vector<Crossing>& crossings,
                           const std::vector<std::int8_t>& row_levels) {
  return std::erase_if(crossings, [&](const Crossing& crossing) {
    return line_level(noded.lines[crossing.first_line], row_levels) !=
           line_level(noded.lines[crossing.second_line], row_levels);
  });
}

} // namespace georiviere::detail
