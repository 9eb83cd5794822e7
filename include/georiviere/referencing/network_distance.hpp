// The distance along the network between two located points, and whether
// one is upstream of the other.
//
// When one point is downstream of the other through any branch, the
// distance is along the shortest downstream path between them
// (path_between() in queries.hpp), and the relation names the upstream
// one. Two points connected only through a confluence, such as points
// on two sibling tributaries, are in FlowRelation::unrelated: the distance
// is then along the shortest path regardless of flow direction, up one
// tributary to the confluence and down the other. Points in different
// basins are not connected and get no distance.
//
// Precondition: the graph is current (rebuild_graph()). Throws
// InvalidInputError for an unknown reach id or a stale graph, as
// path_between() does. Complexity: O((V + E) log E).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include "georiviere/graph/network.hpp"
#include "georiviere/graph/queries.hpp"

namespace georiviere {

// Position of the first point relative to the second, along the flow.
enum class FlowRelation {
  same_place, // same reach and measure
  upstream,   // the first point is upstream of the second
  downstream, // the first point is downstream of the second
  unrelated,  // connected, but neither is upstream of the other
  not_connected
};

inline std::string_view to_string(FlowRelation relation) {
  switch (relation) {
  case FlowRelation::same_place: return "same_place";
  case FlowRelation::upstream: return "upstream";
  case FlowRelation::downstream: return "downstream";
  case FlowRelation::unrelated: return "unrelated";
  case FlowRelation::not_connected: return "not_connected";
  }
  return "unknown";
}

struct NetworkDistance {
  FlowRelation relation = FlowRelation::not_connected;
  // Along the path, in metres; NaN when not connected.
  double distance_m = std::numeric_limits<double>::quiet_NaN();
  std::vector<ReachId> path; // from the first reach to the second
  std::string reason;        // why there is no distance; empty otherwise

  bool connected() const { return relation != FlowRelation::not_connected; }
};

namespace detail {

// Distance from the place at `measure_m` along `reach` to the reach's end
// at `node`, its from_node (upstream end) or to_node (downstream end).
inline double distance_to_end(const Reach& reach, double measure_m,
                              NodeId node) {
  const double length = reach.geometry.length();
  const double measure = std::clamp(measure_m, 0.0, length);
  return node == reach.from_node ? measure : length - measure;
}

// The shortest distance from the place at `measure_m` along `reach` to
// any node it shares with `next`.
inline double distance_to_shared_end(const Reach& reach, double measure_m,
                                     const Reach& next) {
  double best = std::numeric_limits<double>::infinity();
  for (const NodeId node : {reach.from_node, reach.to_node}) {
    if (node == next.from_node || node == next.to_node) {
      best = std::min(best, distance_to_end(reach, measure_m, node));
    }
  }
  return best;
}

// Whether each reach of `path` flows into the next, read backwards when
// `backwards` is set.
inline bool is_downstream_path(const RiverNetwork& network,
                               const std::vector<ReachId>& path,
                               bool backwards) {
  for (std::size_t i = 0; i + 1 < path.size(); ++i) {
    const ReachId above = backwards ? path[i + 1] : path[i];
    const ReachId below = backwards ? path[i] : path[i + 1];
    if (network.reaches[above].to_node != network.reaches[below].from_node) {
      return false;
    }
  }
  return true;
}

} // namespace detail

// Measures the distance along the network from `from` to `to`, two places
// on reaches (NetworkLocation::reach and measure_m).
// NOTE: in the unrelated case the path is the shortest by whole reach
// lengths, so where two routes differ by less than the reach lengths at
// both ends, the distance may be that of the longer route.
inline NetworkDistance network_distance(const RiverNetwork& network,
                                        const NetworkLocation& from,
                                        const NetworkLocation& to) {
  NetworkDistance result;
  const std::vector<Reach>& reaches = network.reaches;
  result.path = path_between(network, from.reach, to.reach);
  if (result.path.empty()) {
    result.reason = "reaches " + std::to_string(from.reach) + " and " +
                    std::to_string(to.reach) +
                    " are not connected: they are in different basins";
    return result;
  }

  if (from.reach == to.reach) {
    result.distance_m = std::abs(to.measure_m - from.measure_m);
    result.relation = from.measure_m < to.measure_m ? FlowRelation::upstream
                      : from.measure_m > to.measure_m
                          ? FlowRelation::downstream
                          : FlowRelation::same_place;
    return result;
  }

  const std::vector<ReachId>& path = result.path;
  const Reach& first = reaches[path.front()];
  const Reach& last = reaches[path.back()];
  double inner = 0.0;
  for (std::size_t i = 1; i + 1 < path.size(); ++i) {
    inner += reaches[path[i]].geometry.length();
  }

  // A downstream path leaves `from` by its downstream end and enters `to`
  // by its upstream end; an upstream path the other way round.
  const bool downstream = detail::is_downstream_path(network, path, false);
  const bool upstream =
      !downstream && detail::is_downstream_path(network, path, true);
  if (downstream || upstream) {
    const NodeId leave = downstream ? first.to_node : first.from_node;
    const NodeId enter = downstream ? last.from_node : last.to_node;
    result.distance_m = detail::distance_to_end(first, from.measure_m, leave) +
                        inner +
                        detail::distance_to_end(last, to.measure_m, enter);
    result.relation =
        downstream ? FlowRelation::upstream : FlowRelation::downstream;
    return result;
  }

  result.relation = FlowRelation::unrelated;
  if (path.size() == 2) {
    // Both ends meet at the shared node; take the nearer one if they share
    // two, as the arms of a braid do.
    double best = std::numeric_limits<double>::infinity();
    for (const NodeId node : {first.from_node, first.to_node}) {
      if (node == last.from_node || node == last.to_node) {
        best = std::min(best,
                        detail::distance_to_end(first, from.measure_m, node) +
                            detail::distance_to_end(last, to.measure_m, node));
      }
    }
    result.distance_m = best;
    return result;
  }
  result.distance_m =
      detail::distance_to_shared_end(first, from.measure_m, reaches[path[1]]) +
      inner +
      detail::distance_to_shared_end(last, to.measure_m,
                                     reaches[path[path.size() - 2]]);
  return result;
}

} // namespace georiviere
