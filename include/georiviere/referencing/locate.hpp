// Locates points on a river network in linear referencing terms: the
// nearest reach within a maximum distance, the measure along it, the offset
// and bank side, the river and the distances along it, and the kilometre
// point.
//
// Conventions, all in metres in the network's projected CRS:
// - measure along a reach: from the reach's upstream end, along its
//   geometry (NetworkLocation::measure_m);
// - offset: the distance from the point to the nearest point of the reach;
// - side: the bank the point is on for an observer on the line looking
//   downstream, left or right, and none for a point on the line;
// - distance from source and to mouth: along the point's river (see
//   rivers.hpp), from its upstream end and to its downstream end;
// - distance to outlet: from the snapped point down the reach and then as
//   Reach::distance_to_outlet_m, following major outflows to the outlet;
// - kilometre point: KilometrePointRules::value() with the distances to the
//   river's mouth and from its source.
//
// A point with no reach within the maximum distance is not located and the
// result gives the distance to the nearest reach: it is never snapped
// farther. A point on a reach in a directed cycle, which belongs to no
// river, is not located either.
//
// Complexity: building a PointLocator is O(V + E + S) for S segments;
// locating a point visits the ReachIndex cells around it, O(1) on a network
// of even density, plus O(k) for the k segments of the reach found.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdio>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/graph/queries.hpp"
#include "georiviere/referencing/rivers.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

// The bank of a located point, looking downstream along the reach.
enum class BankSide { none, left, right };

inline std::string_view to_string(BankSide side) {
  switch (side) {
  case BankSide::none: return "none";
  case BankSide::left: return "left";
  case BankSide::right: return "right";
  }
  return "unknown";
}

enum class LocateStatus {
  located,
  beyond_max_distance, // no reach within the maximum distance
  no_reach,            // the network has no reach geometry
  no_river,            // the nearest reach is in a directed cycle
  invalid_point        // a NaN or infinite coordinate
};

inline std::string_view to_string(LocateStatus status) {
  switch (status) {
  case LocateStatus::located: return "located";
  case LocateStatus::beyond_max_distance: return "beyond_max_distance";
  case LocateStatus::no_reach: return "no_reach";
  case LocateStatus::no_river: return "no_river";
  case LocateStatus::invalid_point: return "invalid_point";
  }
  return "unknown";
}

// A point located on the network. The fields after `status` are set only
// when the point is located, except nearest_distance_m.
struct PointLocation {
  static constexpr double nan = std::numeric_limits<double>::quiet_NaN();

  LocateStatus status = LocateStatus::no_reach;
  // Distance from the point to the nearest reach: set for located points,
  // points beyond the maximum distance and points on a cycle; NaN otherwise.
  double nearest_distance_m = nan;
  NetworkLocation location; // reach, measure_m, offset_m, snapped point
  BankSide side = BankSide::none;
  ReachId main_stem_id = no_id;
  std::string river_name;
  double distance_from_source_m = nan;
  double distance_to_mouth_m = nan;
  double distance_to_outlet_m = nan;
  double kilometre_point = nan;

  bool located() const { return status == LocateStatus::located; }

  // A sentence saying why the point is not located; empty when it is.
  std::string reason(double max_distance_m) const {
    switch (status) {
    case LocateStatus::located: return {};
    case LocateStatus::beyond_max_distance:
      return "no reach within " + format_metres(max_distance_m) +
             "; the nearest is " + format_metres(nearest_distance_m) + " away";
    case LocateStatus::no_reach: return "the network has no reach";
    case LocateStatus::no_river:
      return "the nearest reach, " + std::to_string(location.reach) +
             ", is in a directed cycle and belongs to no river";
    case LocateStatus::invalid_point:
      // The point readers reject NaN and infinite coordinates in a file
      // and give a feature without geometry a NaN point, so that is the
      // usual cause.
      return "the feature has no geometry, or the point has a NaN or "
             "infinite coordinate";
    }
    return {};
  }

private:
  static std::string format_metres(double metres) {
    char text[64];
    std::snprintf(text, sizeof text, "%.3f m", metres);
    return text;
  }
};

namespace detail {

// The bank of `point` relative to `line` near its nearest point, which is
// at distance offset_m. The direction of the line there is the sum of the
// unit directions of every segment at that distance, so that a point
// nearest to a vertex is judged against the bisector of the two segments.
// NOTE: a point beyond an end of the line, on the line's extension, gets
// BankSide::none even though its offset is not 0.
inline BankSide bank_side(const Polyline& line, const Point& point,
                          const Point& nearest, double offset_m) {
  if (offset_m == 0.0 || line.size() < 2) {
    return BankSide::none;
  }
  const double tolerance = 1e-9 * std::max(1.0, offset_m);
  double dx = 0.0;
  double dy = 0.0;
  for (std::size_t i = 0; i + 1 < line.size(); ++i) {
    const Point& a = line.points[i];
    const Point& b = line.points[i + 1];
    const double length = distance(a, b);
    if (length == 0.0) {
      continue;
    }
    const SegmentProjection projection = project_on_segment(point, a, b);
    if (projection.distance <= offset_m + tolerance) {
      dx += (b.x - a.x) / length;
      dy += (b.y - a.y) / length;
    }
  }
  // z of (direction x (point - nearest)): positive on the left, as the
  // y axis of a projected CRS points north.
  const double norm = std::hypot(dx, dy);
  if (norm == 0.0) {
    return BankSide::none;
  }
  const double cross =
      (dx * (point.y - nearest.y) - dy * (point.x - nearest.x)) / norm;
  if (std::abs(cross) <= tolerance) {
    return BankSide::none;
  }
  return cross > 0.0 ? BankSide::left : BankSide::right;
}

} // namespace detail

// Locates many points on one network, with the network's rivers and a
// ReachIndex built once. Keeps a reference to the network, which must outlive
// the locator and stay unchanged.
class PointLocator {
public:
  // Throws InvalidInputError as list_rivers() does.
  explicit PointLocator(const RiverNetwork& network,
                        const KilometrePointRules& kilometre_points = {})
      : network_(&network), rivers_(list_rivers(network)),
        river_of_reach_(network, rivers_), index_(network),
        kilometre_points_(kilometre_points) {}

  const std::vector<River>& rivers() const { return rivers_; }
  const RiverOfReach& river_of_reach() const { return river_of_reach_; }

  // Locates one point on the nearest reach within max_distance_m (0 or
  // more, infinity accepted). Ties go as in ReachIndex::nearest(). A point
  // with a NaN or infinite coordinate gets LocateStatus::invalid_point.
  // Throws InvalidInputError for a negative or NaN max_distance_m.
  PointLocation locate(const Point& point, double max_distance_m) const {
    if (std::isnan(max_distance_m) || max_distance_m < 0.0) {
      char value[32];
      std::snprintf(value, sizeof value, "%g", max_distance_m);
      throw InvalidInputError(std::string("invalid maximum distance ") + value +
                              ": give a distance in metres, 0 or more");
    }
    PointLocation result;
    if (!std::isfinite(point.x) || !std::isfinite(point.y)) {
      result.status = LocateStatus::invalid_point;
      return result;
    }
    const std::optional<NetworkLocation> found =
        index_.nearest(point, max_distance_m);
    if (!found) {
      const std::optional<NetworkLocation> nearest =
          index_.nearest(point, std::numeric_limits<double>::infinity());
      if (nearest) {
        result.status = LocateStatus::beyond_max_distance;
        result.nearest_distance_m = nearest->offset_m;
      } else {
        result.status = LocateStatus::no_reach;
      }
      return result;
    }
    result.location = *found;
    result.nearest_distance_m = found->offset_m;
    const std::size_t river_index = river_of_reach_.river[found->reach];
    if (river_index == RiverOfReach::npos) {
      result.status = LocateStatus::no_river;
      return result;
    }
    fill_river_fields(result, point, river_index);
    return result;
  }

private:
  void fill_river_fields(PointLocation& result, const Point& point,
                         std::size_t river_index) const {
    const NetworkLocation& location = result.location;
    const Reach& reach = network_->reaches[location.reach];
    const River& river = rivers_[river_index];
    const RiverReachSpan& span =
        river.reaches[river_of_reach_.span[location.reach]];

    result.status = LocateStatus::located;
    result.side = detail::bank_side(reach.geometry, point, location.point,
                                    location.offset_m);
    result.main_stem_id = river.main_stem_id;
    result.river_name = river.name;
    result.distance_from_source_m = span.start_m + location.measure_m;
    result.distance_to_mouth_m =
        std::max(0.0, river.length_m - result.distance_from_source_m);
    result.distance_to_outlet_m =
        std::max(0.0, span.length_m() - location.measure_m) +
        reach.distance_to_outlet_m;
    result.kilometre_point = kilometre_points_.value(
        result.distance_to_mouth_m, result.distance_from_source_m);
  }

  const RiverNetwork* network_;
  std::vector<River> rivers_;
  RiverOfReach river_of_reach_;
  ReachIndex index_;
  KilometrePointRules kilometre_points_;
};

// Locates every point, in order, on the nearest reach within
// max_distance_m. Calls `progress` as it goes and throws CancelledError
// when it returns false, and InvalidInputError as PointLocator does.
inline std::vector<PointLocation>
locate_points(const RiverNetwork& network, std::span<const Point> points,
              double max_distance_m,
              const KilometrePointRules& kilometre_points = {},
              const ProgressCallback& progress = {}) {
  const PointLocator locator(network, kilometre_points);
  std::vector<PointLocation> result;
  result.reserve(points.size());
  ProgressReporter reporter(progress, "locating points", points.size());
  for (std::size_t i = 0; i < points.size(); ++i) {
    reporter.update(i);
    result.push_back(locator.locate(points[i], max_distance_m));
  }
  reporter.finish();
  return result;
}

} // namespace georiviere
