// Planar polygons: an outer ring with holes, and multipolygons.
//
// Coordinates are in the working CRS, projected and in metres, like every
// other georiviere geometry. Rings are stored open: the closing vertex that
// WKT and OGR repeat is dropped, and edge i runs from vertex i to vertex
// (i + 1) % size. Ring orientation is free: nothing here depends on whether
// the outer ring runs clockwise or counter-clockwise.
//
// Point location follows the even-odd rule over every ring of a polygon, so
// a point inside a hole is outside the polygon. A point on a ring, exactly
// or within the tolerance given, is on the boundary: contains() rejects it
// and covers() accepts it, as in the OGC simple features model that GEOS
// implements.
//
// Preconditions: rings of three or more vertices, holes inside the outer
// ring, rings that do not cross one another, parts of a multipolygon that
// share no area. None of this is checked. A ring of fewer than three
// vertices encloses nothing, but its edges still count as boundary.
//
// Complexity: location and distance are linear in the number of vertices.
#pragma once

#include <cmath>
#include <cstddef>
#include <limits>
#include <vector>

#include "georiviere/core/geometry.hpp"

namespace georiviere {

// A closed ring of vertices, stored without repeating the first vertex.
using Ring = std::vector<Point>;

// Position of a point relative to a polygon.
enum class Location { outside, boundary, inside };

// Bounding box of a ring.
inline Box ring_bounds(const Ring& ring) {
  Box box;
  for (const Point& p : ring) {
    box.expand(p);
  }
  return box;
}

// Signed area of a ring by the shoelace formula, in m²: positive when the
// ring runs counter-clockwise (x east, y north).
inline double signed_ring_area(const Ring& ring) {
  const std::size_t n = ring.size();
  if (n < 3) {
    return 0.0;
  }
  // Coordinates relative to the first vertex keep the products small, which
  // matters with projected coordinates in the millions of metres.
  const Point origin = ring.front();
  double twice_area = 0.0;
  for (std::size_t i = 0; i < n; ++i) {
    const Point& a = ring[i];
    const Point& b = ring[(i + 1) % n];
    twice_area += (a.x - origin.x) * (b.y - origin.y) -
                  (b.x - origin.x) * (a.y - origin.y);
  }
  return twice_area / 2.0;
}

// Distance from p to the nearest edge of the ring; infinity for an empty
// ring.
inline double ring_boundary_distance(const Point& p, const Ring& ring) {
  double nearest = std::numeric_limits<double>::infinity();
  const std::size_t n = ring.size();
  if (n == 1) {
    return distance(p, ring.front());
  }
  for (std::size_t i = 0; i < n; ++i) {
    const double d = project_on_segment(p, ring[i], ring[(i + 1) % n]).distance;
    nearest = d < nearest ? d : nearest;
  }
  return nearest;
}

// True when a ray from p towards +x crosses the ring an odd number of times.
// Each edge is taken as half-open in y, so a ray through a vertex counts
// once. The result for a point on the ring itself is arbitrary, so callers
// test the boundary first.
inline bool ring_encloses(const Point& p, const Ring& ring) {
  const std::size_t n = ring.size();
  if (n < 3) {
    return false;
  }
  bool inside = false;
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > p.y) != (b.y > p.y)) {
      const double x_cross = a.x + (p.y - a.y) / (b.y - a.y) * (b.x - a.x);
      if (p.x < x_cross) {
        inside = !inside;
      }
    }
  }
  return inside;
}

struct Polygon {
  Ring outer;
  std::vector<Ring> holes;

  bool empty() const { return outer.empty(); }

  Box bounds() const { return ring_bounds(outer); }

  // Area of the outer ring minus the areas of the holes, in m².
  double area() const {
    double total = std::abs(signed_ring_area(outer));
    for (const Ring& hole : holes) {
      total -= std::abs(signed_ring_area(hole));
    }
    return total;
  }

  // Distance from p to the nearest edge of the outer ring or of a hole,
  // whether p is inside or outside. Infinity for an empty polygon.
  double boundary_distance(const Point& p) const {
    double nearest = ring_boundary_distance(p, outer);
    for (const Ring& hole : holes) {
      const double d = ring_boundary_distance(p, hole);
      nearest = d < nearest ? d : nearest;
    }
    return nearest;
  }

  // Locates p. A point within `tolerance` metres of a ring is on the
  // boundary. With the default of zero only a point exactly on an edge is,
  // and rounding rarely puts a computed point exactly on a slanted edge.
  Location locate(const Point& p, double tolerance = 0.0) const {
    if (!bounds().buffered(tolerance).intersects(Box{p.x, p.y, p.x, p.y})) {
      return Location::outside;
    }
    if (boundary_distance(p) <= tolerance) {
      return Location::boundary;
    }
    bool inside = ring_encloses(p, outer);
    for (const Ring& hole : holes) {
      inside = inside != ring_encloses(p, hole);
    }
    return inside ? Location::inside : Location::outside;
  }

  // True when p is in the interior, not on the boundary.
  bool contains(const Point& p, double tolerance = 0.0) const {
    return locate(p, tolerance) == Location::inside;
  }

  // True when p is in the interior or on the boundary.
  bool covers(const Point& p, double tolerance = 0.0) const {
    return locate(p, tolerance) != Location::outside;
  }

  // Distance from p to the polygon: zero inside and on the boundary, the
  // distance to the boundary outside.
  double distance_to(const Point& p) const {
    return covers(p) ? 0.0 : boundary_distance(p);
  }
};

// Polygons that share no area, such as the parts of one OGR MultiPolygon
// feature.
struct MultiPolygon {
  std::vector<Polygon> parts;

  bool empty() const { return parts.empty(); }

  Box bounds() const {
    Box box;
    for (const Polygon& part : parts) {
      box.expand(part.bounds());
    }
    return box;
  }

  double area() const {
    double total = 0.0;
    for (const Polygon& part : parts) {
      total += part.area();
    }
    return total;
  }

  double boundary_distance(const Point& p) const {
    double nearest = std::numeric_limits<double>::infinity();
    for (const Polygon& part : parts) {
      const double d = part.boundary_distance(p);
      nearest = d < nearest ? d : nearest;
    }
    return nearest;
  }

  // Inside when some part contains p, else on the boundary when p lies on
  // the boundary of some part, else outside. Two parts that touch along an
  // edge thus leave that edge on the boundary.
  Location locate(const Point& p, double tolerance = 0.0) const {
    Location result = Location::outside;
    for (const Polygon& part : parts) {
      const Location location = part.locate(p, tolerance);
      if (location == Location::inside) {
        return Location::inside;
      }
      if (location == Location::boundary) {
        result = Location::boundary;
      }
    }
    return result;
  }

  bool contains(const Point& p, double tolerance = 0.0) const {
    return locate(p, tolerance) == Location::inside;
  }

  bool covers(const Point& p, double tolerance = 0.0) const {
    return locate(p, tolerance) != Location::outside;
  }

  double distance_to(const Point& p) const {
    return covers(p) ? 0.0 : boundary_distance(p);
  }
};

} // namespace georiviere
