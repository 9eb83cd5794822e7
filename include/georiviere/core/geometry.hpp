// Planar geometry types used across georiviere.
//
// Coordinates are in the network's working CRS, which is projected and in
// metres, so lengths are plain Euclidean lengths in metres. Z and M values
// travel with the vertices when the source has them.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

namespace georiviere {

struct Point {
  double x = 0.0;
  double y = 0.0;

  friend bool operator==(const Point&, const Point&) = default;
};

inline double distance(const Point& a, const Point& b) {
  return std::hypot(b.x - a.x, b.y - a.y);
}

// Axis-aligned bounding box; empty() until a point is added.
struct Box {
  double min_x = std::numeric_limits<double>::infinity();
  double min_y = std::numeric_limits<double>::infinity();
  double max_x = -std::numeric_limits<double>::infinity();
  double max_y = -std::numeric_limits<double>::infinity();

  bool empty() const { return min_x > max_x; }

  void expand(const Point& p) {
    min_x = std::min(min_x, p.x);
    min_y = std::min(min_y, p.y);
    max_x = std::max(max_x, p.x);
    max_y = std::max(max_y, p.y);
  }

  void expand(const Box& other) {
    min_x = std::min(min_x, other.min_x);
    min_y = std::min(min_y, other.min_y);
    max_x = std::max(max_x, other.max_x);
    max_y = std::max(max_y, other.max_y);
  }

  // Grows the box by margin on every side.
  Box buffered(double margin) const {
    return {min_x - margin, min_y - margin, max_x + margin, max_y + margin};
  }

  bool intersects(const Box& other) const {
    return min_x <= other.max_x && other.min_x <= max_x &&
           min_y <= other.max_y && other.min_y <= max_y;
  }
};

// A line of two or more vertices. `z` and `m` are either empty (the source
// has no such values) or the same size as `points`.
struct Polyline {
  std::vector<Point> points;
  std::vector<double> z;
  std::vector<double> m;

  bool has_z() const { return !z.empty(); }
  bool has_m() const { return !m.empty(); }
  std::size_t size() const { return points.size(); }
  bool empty() const { return points.empty(); }
  const Point& front() const { return points.front(); }
  const Point& back() const { return points.back(); }

  double length() const {
    double total = 0.0;
    for (std::size_t i = 1; i < points.size(); ++i) {
      total += distance(points[i - 1], points[i]);
    }
    return total;
  }

  Box bounds() const {
    Box box;
    for (const Point& p : points) {
      box.expand(p);
    }
    return box;
  }

  // Appends vertex i of other, carrying its Z and M when both lines have them.
  void push_vertex(const Polyline& other, std::size_t i) {
    points.push_back(other.points[i]);
    if (other.has_z()) {
      z.push_back(other.z[i]);
    }
    if (other.has_m()) {
      m.push_back(other.m[i]);
    }
  }

  // Reverses the vertex order together with Z and M.
  void reverse() {
    std::reverse(points.begin(), points.end());
    std::reverse(z.begin(), z.end());
    std::reverse(m.begin(), m.end());
  }

  friend bool operator==(const Polyline&, const Polyline&) = default;
};

// The closest point on segment [a, b] to p, with its parameter t in [0, 1].
struct SegmentProjection {
  Point point;
  double t = 0.0;
  double distance = 0.0;
};

inline SegmentProjection project_on_segment(const Point& p, const Point& a,
                                            const Point& b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  double t = 0.0;
  if (length2 > 0.0) {
    t = ((p.x - a.x) * dx + (p.y - a.y) * dy) / length2;
    t = std::clamp(t, 0.0, 1.0);
  }
  const Point q{a.x + t * dx, a.y + t * dy};
  return {q, t, distance(p, q)};
}

} // namespace georiviere
