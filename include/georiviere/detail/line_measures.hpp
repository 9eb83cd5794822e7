// Points and sub-lines of a polyline at measures along it, in metres from
// its first vertex, for linear referencing.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <span>
#include <vector>

#include "georiviere/core/geometry.hpp"

namespace georiviere::detail {

// Appends to `out` the vertex of `line` at measure `measure_m`, which lies
// on segment [i, i + 1] at fraction t, interpolating Z and M.
inline void push_interpolated(Polyline& out, const Polyline& line,
                              std::size_t i, double t) {
  const Point& a = line.points[i];
  const Point& b = line.points[i + 1];
  const Point point{std::lerp(a.x, b.x, t), std::lerp(a.y, b.y, t)};
  if (!out.empty() && out.back() == point) {
    return;
  }
  out.points.push_back(point);
  if (line.has_z()) {
    out.z.push_back(std::lerp(line.z[i], line.z[i + 1], t));
  }
  if (line.has_m()) {
    out.m.push_back(std::lerp(line.m[i], line.m[i + 1], t));
  }
}

// The point at `measure_m` along the line, clamped to [0, length]. The
// first vertex for a line of one vertex; (0, 0) for an empty line.
inline Point point_at_measure(const Polyline& line, double measure_m) {
  if (line.empty()) {
    return {};
  }
  double start = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const double length = distance(line.points[i], line.points[i + 1]);
    if (measure_m <= start + length && length > 0.0) {
      const double t = std::clamp((measure_m - start) / length, 0.0, 1.0);
      const Point& a = line.points[i];
      const Point& b = line.points[i + 1];
      return {std::lerp(a.x, b.x, t), std::lerp(a.y, b.y, t)};
    }
    start += length;
  }
  return measure_m <= 0.0 ? line.front() : line.back();
}

// Measures of the line's vertices from its first vertex, summed in vertex
// order as sub_line() and Polyline::length() sum them.
inline std::vector<double> vertex_measures(const Polyline& line) {
  std::vector<double> measures(line.size(), 0.0);
  for (std::size_t i = 1; i < line.size(); ++i) {
    measures[i] =
        measures[i - 1] + distance(line.points[i - 1], line.points[i]);
  }
  return measures;
}

// The part of the line between measures from_m and to_m (from_m <= to_m),
// clamped to the line, with Z and M interpolated at the cut points. A part
// of zero length is a line of two equal points, so that it stays a valid
// LineString.
//
// `measures`, when given, is vertex_measures(line): the cut then starts
// at the segment holding from_m, found by binary search, in place of a
// scan from the first vertex.
inline Polyline sub_line(const Polyline& line, double from_m, double to_m,
                         std::span<const double> measures = {}) {
  Polyline out;
  if (line.size() < 2) {
    out = line;
    return out;
  }
  const double total = measures.empty() ? line.length() : measures.back();
  from_m = std::clamp(from_m, 0.0, total);
  to_m = std::clamp(std::max(from_m, to_m), 0.0, total);

  std::size_t first = 0;
  double start = 0.0;
  if (!measures.empty()) {
    const auto after =
        std::upper_bound(measures.begin(), measures.end(), from_m);
    first = after == measures.begin()
                ? 0
                : static_cast<std::size_t>(after - measures.begin()) - 1;
    first = std::min(first, line.size() - 2);
    start = measures[first];
  }
  for (std::size_t i = first; i + 1 < line.size(); ++i) {
    const double length = distance(line.points[i], line.points[i + 1]);
    const double end = start + length;
    if (end >= from_m && start <= to_m) {
      const double t0 =
          length > 0.0 ? std::clamp((from_m - start) / length, 0.0, 1.0) : 0.0;
      const double t1 =
          length > 0.0 ? std::clamp((to_m - start) / length, 0.0, 1.0) : 1.0;
      push_interpolated(out, line, i, t0);
      push_interpolated(out, line, i, t1);
    }
    if (end > to_m) {
      break;
    }
    start = end;
  }
  if (out.size() == 1) {
    out.points.push_back(out.points.front());
    if (out.has_z()) {
      out.z.push_back(out.z.front());
    }
    if (out.has_m()) {
      out.m.push_back(out.m.front());
    }
  }
  return out;
}

} // namespace georiviere::detail
