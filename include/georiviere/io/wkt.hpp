// Conversions between georiviere geometries and WKT, through GEOS.
//
// Implemented in src/io/wkt.cpp over the GEOS C API.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "georiviere/core/geometry.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"

namespace georiviere {

// Parses a LINESTRING (Z, M and ZM accepted) or a MULTILINESTRING into its
// parts, leaving out empty parts. Throws InvalidInputError naming the text
// for anything else.
std::vector<Polyline> polylines_from_wkt(std::string_view wkt);

// Builds a LineSet from WKT lines, one feature per string with fid = index,
// and no CRS. Handy for tests and small scripts.
LineSet line_set_from_wkt(const std::vector<std::string>& wkts);

// WKT with each coordinate in the shortest form that reads back to the same
// double, such as "LINESTRING Z (0.1 2 3, 4 5 6)". A line with M values is
// written as "LINESTRING M" or "LINESTRING ZM".
std::string to_wkt(const Point& point);
std::string to_wkt(const Polyline& line);

// The geometry of a problem in 2D, without Z or M: POINT, LINESTRING,
// MULTIPOINT, MULTILINESTRING or GEOMETRYCOLLECTION, and
// "GEOMETRYCOLLECTION EMPTY" when it has none.
std::string problem_wkt(const Problem& problem);

} // namespace georiviere
