// Planar segment predicates and vertex edits used by build_topology().
//
// NOTE: the predicates use plain double arithmetic, not exact (adaptive)
// arithmetic, so a point that lies within about 1e-15 relative of a segment
// may be classified on either side.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <vector>

#include "georiviere/core/geometry.hpp"

namespace georiviere::detail {

// Twice the signed area of triangle abc: positive when c lies to the left
// of the directed line a->b, zero when the three points are collinear.
inline double orientation(const Point& a, const Point& b, const Point& c) {
  return (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x);
}

// Parameter in [0, 1] of the point of segment [a, b] closest to p.
inline double segment_parameter(const Point& p, const Point& a,
                                const Point& b) {
  return project_on_segment(p, a, b).t;
}

// Point of segment [a, b] nearest to p: its parameter t in [0, 1] and its
// squared distance to p.
struct NearestOnSegment {
  double t = 0.0;
  double distance2 = 0.0;
};

inline NearestOnSegment nearest_on_segment(const Point& p, const Point& a,
                                           const Point& b) {
  const double dx = b.x - a.x;
  const double dy = b.y - a.y;
  const double length2 = dx * dx + dy * dy;
  double t = 0.0;
  if (length2 > 0.0) {
    t = std::clamp(((p.x - a.x) * dx + (p.y - a.y) * dy) / length2, 0.0, 1.0);
  }
  const double ex = a.x + t * dx - p.x;
  const double ey = a.y + t * dy - p.y;
  return {t, ex * ex + ey * ey};
}

// True when p lies in the bounding box of [a, b] grown by margin.
inline bool near_segment_box(const Point& p, const Point& a, const Point& b,
                             double margin) {
  return p.x >= std::min(a.x, b.x) - margin &&
         p.x <= std::max(a.x, b.x) + margin &&
         p.y >= std::min(a.y, b.y) - margin &&
         p.y <= std::max(a.y, b.y) + margin;
}

enum class SegmentContact { none, point, overlap };

// How two segments meet. For a point contact, `point` is where, and
// `first_t` and `second_t` are its parameters along each segment. A
// contact at a vertex returns that vertex exactly, with the parameter 0 or
// 1 on the segment it ends. For a collinear overlap, `point` is one end of
// the shared part.
struct SegmentIntersection {
  SegmentContact contact = SegmentContact::none;
  Point point;
  double first_t = 0.0;
  double second_t = 0.0;
};

// Meeting of collinear segments [a, b] and [c, d], compared along the
// coordinate axis on which [a, b] extends the most.
inline SegmentIntersection collinear_intersection(const Point& a,
                                                  const Point& b,
                                                  const Point& c,
                                                  const Point& d) {
  const bool along_x = std::abs(b.x - a.x) >= std::abs(b.y - a.y);
  const auto coordinate = [along_x](const Point& p) {
    return along_x ? p.x : p.y;
  };
  const Point& first_low = coordinate(a) <= coordinate(b) ? a : b;
  const Point& first_high = coordinate(a) <= coordinate(b) ? b : a;
  const Point& second_low = coordinate(c) <= coordinate(d) ? c : d;
  const Point& second_high = coordinate(c) <= coordinate(d) ? d : c;
  const Point& low =
      coordinate(first_low) >= coordinate(second_low) ? first_low : second_low;
  const Point& high = coordinate(first_high) <= coordinate(second_high)
                          ? first_high
                          : second_high;

  SegmentIntersection result;
  if (coordinate(low) > coordinate(high)) {
    return result;
  }
  result.point = low;
  result.first_t = segment_parameter(low, a, b);
  result.second_t = segment_parameter(low, c, d);
  result.contact = coordinate(low) == coordinate(high)
                       ? SegmentContact::point
                       : SegmentContact::overlap;
  return result;
}

// Where segments [a, b] and [c, d] meet, if they do. Both segments must
// have distinct ends.
inline SegmentIntersection intersect_segments(const Point& a, const Point& b,
                                              const Point& c, const Point& d) {
  SegmentIntersection result;
  if (std::max(a.x, b.x) < std::min(c.x, d.x) ||
      std::max(c.x, d.x) < std::min(a.x, b.x) ||
      std::max(a.y, b.y) < std::min(c.y, d.y) ||
      std::max(c.y, d.y) < std::min(a.y, b.y)) {
    return result;
  }
  const double c_side = orientation(a, b, c);
  const double d_side = orientation(a, b, d);
  if (c_side == 0.0 && d_side == 0.0) {
    return collinear_intersection(a, b, c, d);
  }
  const double a_side = orientation(c, d, a);
  const double b_side = orientation(c, d, b);
  if ((c_side > 0.0 && d_side > 0.0) || (c_side < 0.0 && d_side < 0.0) ||
      (a_side > 0.0 && b_side > 0.0) || (a_side < 0.0 && b_side < 0.0)) {
    return result;
  }

  // A zero side means that vertex lies on the other segment's line, and the
  // sign tests above then put it on the segment itself.
  result.contact = SegmentContact::point;
  if (a_side == 0.0) {
    result.point = a;
    result.first_t = 0.0;
    result.second_t = segment_parameter(a, c, d);
  } else if (b_side == 0.0) {
    result.point = b;
    result.first_t = 1.0;
    result.second_t = segment_parameter(b, c, d);
  } else if (c_side == 0.0) {
    result.point = c;
    result.first_t = segment_parameter(c, a, b);
    result.second_t = 0.0;
  } else if (d_side == 0.0) {
    result.point = d;
    result.first_t = segment_parameter(d, a, b);
    result.second_t = 1.0;
  } else {
    result.first_t = a_side / (a_side - b_side);
    result.second_t = c_side / (c_side - d_side);
    result.point = {a.x + result.first_t * (b.x - a.x),
                    a.y + result.first_t * (b.y - a.y)};
  }
  return result;
}

// Removes each vertex equal to the vertex before it, with its Z and M, and
// returns the number of vertices left. The first of a run of equal
// vertices keeps its Z and M.
inline std::size_t remove_repeated_vertices(Polyline& line) {
  std::vector<Point>& points = line.points;
  if (points.size() < 2) {
    return points.size();
  }
  std::size_t kept_count = 1;
  for (std::size_t i = 1; i < points.size(); ++i) {
    if (points[i] == points[kept_count - 1]) {
      continue;
    }
    points[kept_count] = points[i];
    if (line.has_z()) {
      line.z[kept_count] = line.z[i];
    }
    if (line.has_m()) {
      line.m[kept_count] = line.m[i];
    }
    ++kept_count;
  }
  points.resize(kept_count);
  if (line.has_z()) {
    line.z.resize(kept_count);
  }
  if (line.has_m()) {
    line.m.resize(kept_count);
  }
  return kept_count;
}

// Linear interpolation between a and b at parameter t.
inline double interpolate(double a, double b, double t) {
  return a + t * (b - a);
}

} // namespace georiviere::detail
