// Known outlets of a region: where its rivers are expected to end, from the
// [outlets] table of a region profile, rather than wherever the directed
// network happens to have a sink.
//
// Methods:
//   polygon_layer   line ends within `distance_m` of a sea or lake polygon
//                   (inside one counts as distance 0);
//   boundary        line ends within `distance_m` of the boundary of the
//                   region polygon (the rings' edges, inside or outside);
//   terminal_field  the last vertex, after orientation, of each line whose
//                   terminal field has a terminal value (NHDPlus
//                   TerminalFl = 1), within `distance_m` or the snap
//                   tolerance, whichever is larger.
//
// Known outlets serve three purposes in build_region_network():
//  - the `outlets` step of the direction chain orients undecided lines away
//    from them instead of from the sinks of the decided lines
//    (orient_from_outlets.hpp);
//  - nodes without outflow at a known outlet get Node::known_outlet, and
//    the nodes layer an `outlet` field ("known", "sink" or empty);
//  - every other node without outflow is reported as an unexpected_sink
//    problem: a reach that probably runs the wrong way, a gap, or an
//    outlet that the polygons miss.
//
// A polygon or boundary node must be a line end that no other line touches
// (a dangling end) or a node where only lines of known direction end. So
// a lake crossed by lines (BD TOPO fictitious lines) marks only the line
// ends on its shore. A stream of known direction that leaves a lake starts
// on the shore, so its first node has an outflow and is no outlet.
//
// Cost: one read of the polygon layer, then O(polygon vertices) for each
// candidate node inside a polygon's box: the sinks, and for the outlets
// step the dangling ends that no decided line leaves.
// NOTE: polygon edges have no spatial index, so a detailed coastline
// (say 10^5 vertices) with 10^4 candidate nodes costs about 10^9 edge
// tests (an estimate; not measured).
//
// Errors: what read_polygons() raises, the message naming [outlets];
// InvalidInputError when the terminal field is missing.
#pragma once

#include <algorithm>
#include <cstddef>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/polygon.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/detail/error_prefix.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/io/polygon_reader.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

struct KnownOutlets {
  OutletMethod method = OutletMethod::none;
  double distance_m = 0.0;
  // Largest distance from a terminal point to its node, in metres.
  double terminal_tolerance_m = 0.0;
  std::vector<MultiPolygon> polygons; // polygon_layer, boundary
  std::vector<Point> terminal_points; // terminal_field
  std::string source; // the polygon layer or the terminal field, for messages

  bool active() const { return method != OutletMethod::none; }

  // True when a node at `point` lies where the method puts outlets,
  // whatever the lines around it.
  bool near(const Point& point) const {
    switch (method) {
    case OutletMethod::none: return false;
    case OutletMethod::polygon_layer:
      for (const MultiPolygon& polygon : polygons) {
        if (polygon.bounds()
                .buffered(distance_m)
                .intersects(Box{point.x, point.y, point.x, point.y}) &&
            polygon.distance_to(point) <= distance_m) {
          return true;
        }
      }
      return false;
    case OutletMethod::boundary:
      for (const MultiPolygon& polygon : polygons) {
        if (polygon.bounds()
                .buffered(distance_m)
                .intersects(Box{point.x, point.y, point.x, point.y}) &&
            polygon.boundary_distance(point) <= distance_m) {
          return true;
        }
      }
      return false;
    case OutletMethod::terminal_field:
      for (const Point& terminal : terminal_points) {
        if (distance(point, terminal) <= terminal_tolerance_m) {
          return true;
        }
      }
      return false;
    }
    return false;
  }
};

// Reads the known outlets of the profile's [outlets] table for lines
// already oriented by the direction steps, in the working CRS of `lines`.
// A polygon layer without a CRS is taken to be in the profile's [crs] epsg,
// or else in the CRS of the lines. Returns an inactive KnownOutlets for
// method none.
inline KnownOutlets read_known_outlets(const RegionProfile& profile,
                                       const LineSet& lines,
                                       double snap_tolerance_m = 0.0) {
  const OutletRules& rules = profile.outlets;
  KnownOutlets result;
  result.method = rules.method;
  result.distance_m = rules.distance_m;
  result.terminal_tolerance_m = std::max(rules.distance_m, snap_tolerance_m);
  if (rules.method == OutletMethod::none) {
    return result;
  }

  if (rules.method == OutletMethod::terminal_field) {
    const int index =
        require_field(lines, rules.terminal_field, "[outlets] terminal_field");
    result.source = "field " + lines.attributes.fields[index].name;
    for (const SourceLine& line : lines.lines) {
      if (line.row >= lines.attributes.rows.size() || line.geometry.empty()) {
        continue;
      }
      const std::vector<FieldValue>& row = lines.attributes.rows[line.row];
      if (static_cast<std::size_t>(index) < row.size() &&
          contains_value(rules.terminal_values, field_value_text(row[index]))) {
        result.terminal_points.push_back(line.geometry.back());
      }
    }
    return result;
  }

  PolygonReadOptions options;
  options.path = rules.path;
  options.layer = rules.layer;
  options.layer_option = "[outlets] path and layer";
  options.working_crs = lines.crs_wkt;
  options.layer_crs_if_missing = profile.epsg != 0
                                     ? "EPSG:" + std::to_string(profile.epsg)
                                     : lines.crs_wkt;
  const std::string prefix =
      "[outlets] path of region profile '" + profile.name + "': ";
  PolygonLayer layer =
      detail::with_error_prefix(prefix, [&] { return read_polygons(options); });
  result.source = layer.source;
  result.polygons = std::move(layer.polygons);
  return result;
}

// By node of `network`: 1 for the nodes without outflow that are known
// outlets.
inline std::vector<char> known_outlet_sinks(const RiverNetwork& network,
                                            const KnownOutlets& outlets) {
  std::vector<char> result(network.nodes.size(), 0);
  for (const Node& node : network.nodes) {
    if (node.out_degree == 0 && outlets.near(node.position)) {
      result[static_cast<std::size_t>(node.id)] = 1;
    }
  }
  return result;
}

// Sets Node::known_outlet and has_known_outlets, and reports each other
// node without outflow as an unexpected_sink problem. Returns the number of
// known outlets flagged.
inline std::size_t flag_known_outlets(RiverNetwork& network,
                                      const KnownOutlets& outlets,
                                      const std::string& profile_name) {
  network.has_known_outlets = true;
  const std::vector<char> known = known_outlet_sinks(network, outlets);
  std::vector<std::vector<ReachId>> inflows(network.nodes.size());
  for (const Reach& reach : network.reaches) {
    inflows[static_cast<std::size_t>(reach.to_node)].push_back(reach.id);
  }

  std::size_t flagged = 0;
  for (Node& node : network.nodes) {
    const auto index = static_cast<std::size_t>(node.id);
    node.known_outlet = known[index] != 0;
    flagged += node.known_outlet ? 1 : 0;
    if (node.out_degree != 0 || node.known_outlet) {
      continue;
    }
    Problem problem;
    problem.kind = ProblemKind::unexpected_sink;
    problem.message =
        "node " + std::to_string(node.id) +
        " has no outflow but is not a known outlet of region profile '" +
        profile_name + "' ([outlets] method " +
        std::string(to_string(outlets.method)) + ", " + outlets.source +
        "); check the direction of the reaches that end there, a gap "
        "downstream, or [outlets] distance_m";
    problem.points.push_back(node.position);
    problem.reach_ids = inflows[index];
    for (const ReachId reach : inflows[index]) {
      problem.lines.push_back(
          network.reaches[static_cast<std::size_t>(reach)].geometry);
    }
    network.problems.push_back(std::move(problem));
  }
  return flagged;
}

} // namespace georiviere
