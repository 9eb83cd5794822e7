// Zoning: the polygons (municipalities, catchments, protected areas) that
// each reach and each river crosses, with the stretch inside each polygon
// as measures along the line.
//
// Method: each segment of a line is cut where it meets a polygon edge, the
// cut points are sorted along the segment, and each piece between two cut
// points is inside or outside as a whole. A piece off the boundary is
// located by the even-odd rule at its midpoint. A piece that runs along an
// edge (collinear within the tolerance) is inside when the polygon's
// interior lies on its left, looking downstream. So where two polygons
// share a border, a river that follows the border is counted in exactly
// one of them, and the stretches of a layer that tiles the plane add up to
// the line's length. Consecutive inside pieces are merged, also across
// vertices and reach ends, so that a line entering a polygon twice gets
// two stretches. Plain C++ rather than GEOS: GEOS returns the clipped
// geometry, not measures, and puts a shared border in both polygons.
//
// Measures: along a reach from its upstream end, along a river from its
// source (rivers.hpp), in metres, summing the lengths of the reach
// geometries.
//
// Preconditions: the line and the polygons are in the same projected CRS;
// polygons as described in core/polygon.hpp (valid rings, not checked).
// Overlapping polygons each get their stretches, so stretches then overlap.
// Complexity: O(S × E) per line and polygon for S line segments and E
// polygon edges, after a bounding box test per polygon part and segment.
// zone_network() adds O(R × P) bounding box tests for R reaches and P
// polygons.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/polygon.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/referencing/measure_interval.hpp"
#include "georiviere/referencing/rivers.hpp"

namespace georiviere {

// Distance in metres within which a polygon vertex lies on a line segment
// and a polygon edge runs along it. It absorbs rounding in projected
// coordinates of a few million metres, not digitising errors.
inline constexpr double default_zoning_tolerance_m = 1e-6;

// A stretch of a line inside one polygon, in metres along the line.
struct ZoneStretch {
  std::size_t polygon = 0; // index in the polygon list
  double start_m = 0.0;
  double end_m = 0.0;

  double length_m() const { return end_m - start_m; }

  friend bool operator==(const ZoneStretch&, const ZoneStretch&) = default;
};

namespace detail {

inline double cross_product(double ax, double ay, double bx, double by) {
  return ax * by - ay * bx;
}

// A piece of segment [p, q], from parameter t0 to t1, that runs along a
// polygon edge. `inside` is true when the polygon's interior is on its left.
struct CollinearPiece {
  double t0 = 0.0;
  double t1 = 0.0;
  bool inside = false;
};

// Adds the parameters along [p, q] where the segment meets the edges of
// `ring`, and the pieces where it runs along them. `interior_left` is true
// when the polygon's interior lies left of the ring's edges as stored.
inline void cut_segment_by_ring(const Point& p, const Point& q,
                                const Ring& ring, bool interior_left,
                                double tolerance_m, std::vector<double>& cuts,
                                std::vector<CollinearPiece>& collinear) {
  const double dx = q.x - p.x;
  const double dy = q.y - p.y;
  const double length2 = dx * dx + dy * dy;
  const double length = std::sqrt(length2);
  const std::size_t n = ring.size();
  if (n < 2 || length == 0.0) {
    return;
  }
  auto parameter = [&](const Point& a) {
    return ((a.x - p.x) * dx + (a.y - p.y) * dy) / length2;
  };
  // Signed distance of a from the line through p and q, positive on the
  // left.
  auto offset = [&](const Point& a) {
    return cross_product(dx, dy, a.x - p.x, a.y - p.y) / length;
  };
  const double slack = tolerance_m / length;

  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    const double offset_a = offset(a);
    const double offset_b = offset(b);
    const double ta = parameter(a);
    const double tb = parameter(b);
    const bool a_on_line = std::abs(offset_a) <= tolerance_m;
    const bool b_on_line = std::abs(offset_b) <= tolerance_m;

    if (a_on_line && b_on_line) {
      // The edge runs along the segment's line: keep the overlap.
      const double t0 = std::max(0.0, std::min(ta, tb));
      const double t1 = std::min(1.0, std::max(ta, tb));
      if (t1 - t0 > slack) {
        const bool same_direction = (b.x - a.x) * dx + (b.y - a.y) * dy > 0.0;
        cuts.push_back(t0);
        cuts.push_back(t1);
        collinear.push_back({t0, t1, same_direction == interior_left});
      }
      continue;
    }

    // A vertex on the segment is a cut point even when rounding puts the
    // computed crossing just off the edge.
    if (a_on_line && ta >= -slack && ta <= 1.0 + slack) {
      cuts.push_back(std::clamp(ta, 0.0, 1.0));
    }
    if (b_on_line && tb >= -slack && tb <= 1.0 + slack) {
      cuts.push_back(std::clamp(tb, 0.0, 1.0));
    }
    if ((offset_a > 0.0) == (offset_b > 0.0) || a_on_line || b_on_line) {
      continue; // the edge stays on one side, or touches at a vertex
    }
    // The edge crosses the line, so find where along the segment.
    const double t = ta + (tb - ta) * offset_a / (offset_a - offset_b);
    if (t >= 0.0 && t <= 1.0) {
      cuts.push_back(t);
    }
  }
}

// Even-odd location of a point known to be off the boundary.
inline bool encloses(const MultiPolygon& polygon, const Point& point) {
  for (const Polygon& part : polygon.parts) {
    bool inside = ring_encloses(point, part.outer);
    for (const Ring& hole : part.holes) {
      inside = inside != ring_encloses(point, hole);
    }
    if (inside) {
      return true;
    }
  }
  return false;
}

// Appends [start_m, end_m] to the intervals, merging it with the last one
// when they touch.
inline void append_interval(std::vector<MeasureInterval>& intervals,
                            double start_m, double end_m, double tolerance_m) {
  if (!intervals.empty() && start_m - intervals.back().end_m <= tolerance_m) {
    intervals.back().end_m = std::max(intervals.back().end_m, end_m);
    return;
  }
  intervals.push_back({start_m, end_m});
}

} // namespace detail

// Returns the stretches of `line` inside `polygon`, upstream first, as
// measures from the line's first vertex. A line that only touches the
// polygon, at a point or along a border with the interior on its right,
// gets none.
inline std::vector<MeasureInterval>
line_inside_polygon(const Polyline& line, const MultiPolygon& polygon,
                    double tolerance_m = default_zoning_tolerance_m) {
  std::vector<MeasureInterval> result;
  std::vector<Box> part_bounds;
  for (const Polygon& part : polygon.parts) {
    part_bounds.push_back(part.bounds().buffered(tolerance_m));
  }

  std::vector<double> cuts;
  std::vector<detail::CollinearPiece> collinear;
  double measure = 0.0;
  for (std::size_t i = 1; i < line.size(); ++i) {
    const Point& p = line.points[i - 1];
    const Point& q = line.points[i];
    const double length = distance(p, q);
    if (length == 0.0) {
      continue;
    }
    Box segment_box;
    segment_box.expand(p);
    segment_box.expand(q);

    cuts.assign({0.0, 1.0});
    collinear.clear();
    bool near_polygon = false;
    for (std::size_t k = 0; k < polygon.parts.size(); ++k) {
      if (!part_bounds[k].intersects(segment_box)) {
        continue;
      }
      near_polygon = true;
      const Polygon& part = polygon.parts[k];
      // The interior is left of a counter-clockwise outer ring and right of
      // a counter-clockwise hole.
      detail::cut_segment_by_ring(p, q, part.outer,
                                  signed_ring_area(part.outer) > 0.0,
                                  tolerance_m, cuts, collinear);
      for (const Ring& hole : part.holes) {
        detail::cut_segment_by_ring(p, q, hole, signed_ring_area(hole) < 0.0,
                                    tolerance_m, cuts, collinear);
      }
    }
    if (!near_polygon) {
      measure += length;
      continue;
    }

    std::sort(cuts.begin(), cuts.end());
    for (std::size_t c = 1; c < cuts.size(); ++c) {
      const double t0 = cuts[c - 1];
      const double t1 = cuts[c];
      if ((t1 - t0) * length <= tolerance_m) {
        continue;
      }
      const double middle = (t0 + t1) / 2.0;
      bool along_edge = false;
      bool inside = false;
      for (const detail::CollinearPiece& piece : collinear) {
        if (piece.t0 <= middle && middle <= piece.t1) {
          along_edge = true;
          inside = inside || piece.inside;
        }
      }
      if (!along_edge) {
        const Point point{p.x + (q.x - p.x) * middle,
                          p.y + (q.y - p.y) * middle};
        inside = detail::encloses(polygon, point);
      }
      if (inside) {
        detail::append_interval(result, measure + t0 * length,
                                measure + t1 * length, tolerance_m);
      }
    }
    measure += length;
  }
  return result;
}

// Returns the stretches of `line` inside each polygon, sorted by start_m
// then polygon index. Measures are from the line's first vertex.
inline std::vector<ZoneStretch>
zone_line(const Polyline& line, const std::vector<MultiPolygon>& polygons,
          double tolerance_m = default_zoning_tolerance_m) {
  std::vector<ZoneStretch> result;
  const Box line_box = line.bounds();
  for (std::size_t i = 0; i < polygons.size(); ++i) {
    if (!polygons[i].bounds().buffered(tolerance_m).intersects(line_box)) {
      continue;
    }
    for (const MeasureInterval& interval :
         line_inside_polygon(line, polygons[i], tolerance_m)) {
      result.push_back({i, interval.start_m, interval.end_m});
    }
  }
  std::sort(result.begin(), result.end(),
            [](const ZoneStretch& a, const ZoneStretch& b) {
              return a.start_m != b.start_m ? a.start_m < b.start_m
                                            : a.polygon < b.polygon;
            });
  return result;
}

// The polygons crossed by one river, upstream to downstream.
struct RiverZones {
  ReachId main_stem_id = no_id;
  std::string name;
  double length_m = 0.0;
  // Measures from the river's source. A stretch that goes on across a
  // confluence or a reach end is one stretch.
  std::vector<ZoneStretch> stretches;
};

struct NetworkZoning {
  std::vector<River> rivers;           // as list_rivers() returns them
  std::vector<RiverZones> river_zones; // river_zones[i] is rivers[i]
  // reach_zones[id]: stretches of reach id, measures from its upstream end.
  // Reaches in directed cycles, on no river, are zoned too.
  std::vector<std::vector<ZoneStretch>> reach_zones;
};

// Merges each reach's stretches into stretches along the river: shifted by
// the reach's start measure, and joined to the previous stretch in the same
// polygon when they touch.
inline RiverZones
river_zones_from_reaches(const River& river,
                         const std::vector<std::vector<ZoneStretch>>& reaches,
                         double tolerance_m = default_zoning_tolerance_m) {
  RiverZones result;
  result.main_stem_id = river.main_stem_id;
  result.name = river.name;
  result.length_m = river.length_m;
  for (const RiverReachSpan& span : river.reaches) {
    for (const ZoneStretch& stretch : reaches[span.reach]) {
      const double start = span.start_m + stretch.start_m;
      const double end = span.start_m + stretch.end_m;
      // Only the latest stretch in the same polygon can touch this one.
      auto previous = std::find_if(
          result.stretches.rbegin(), result.stretches.rend(),
          [&](const ZoneStretch& s) { return s.polygon == stretch.polygon; });
      if (previous != result.stretches.rend() &&
          previous->end_m >= start - tolerance_m) {
        previous->end_m = std::max(previous->end_m, end);
      } else {
        result.stretches.push_back({stretch.polygon, start, end});
      }
    }
  }
  std::stable_sort(result.stretches.begin(), result.stretches.end(),
                   [](const ZoneStretch& a, const ZoneStretch& b) {
                     return a.start_m != b.start_m ? a.start_m < b.start_m
                                                   : a.polygon < b.polygon;
                   });
  return result;
}

// Zones every reach and every river of the network against the polygons.
// Reports progress as reaches are done, and throws CancelledError when
// `progress` returns false. Throws InvalidInputError as list_rivers() does.
inline NetworkZoning
zone_network(const RiverNetwork& network,
             const std::vector<MultiPolygon>& polygons,
             const ProgressCallback& progress = {},
             double tolerance_m = default_zoning_tolerance_m) {
  NetworkZoning result;
  result.rivers = list_rivers(network);
  result.reach_zones.resize(network.reaches.size());

  ProgressReporter reporter(progress, "zoning reaches", network.reaches.size());
  for (std::size_t i = 0; i < network.reaches.size(); ++i) {
    result.reach_zones[i] =
        zone_line(network.reaches[i].geometry, polygons, tolerance_m);
    reporter.update(i + 1);
  }
  reporter.finish();

  result.river_zones.reserve(result.rivers.size());
  for (const River& river : result.rivers) {
    result.river_zones.push_back(
        river_zones_from_reaches(river, result.reach_zones, tolerance_m));
  }
  return result;
}

} // namespace georiviere
