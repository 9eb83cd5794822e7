// Karst links: underground connections between a sink and a resurgence,
// added to a river network as virtual reaches.
//
// In karst, a stream can sink into the rock and resurface kilometres away;
// the surface lines show two separate networks. Each [[karst.links]] entry
// of a region profile joins the network node nearest its sink point to the
// node nearest its resurgence point with a reach flagged is_virtual, whose
// geometry is the straight segment between the two nodes. The underground
// path is unknown, so the reach's length is that straight distance.
//
// A link is skipped and reported as a gap problem when either point has no
// node within its max_distance_m, or when both points snap to one node.
//
// Complexity: O(links × nodes), then one graph rebuild.
#pragma once

#include <cstddef>
#include <limits>
#include <string>
#include <vector>

#include "georiviere/core/geometry.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

namespace detail {

inline NodeId nearest_node(const RiverNetwork& network, const Point& point,
                           double& distance_out) {
  NodeId best = no_id;
  distance_out = std::numeric_limits<double>::infinity();
  for (const Node& node : network.nodes) {
    const double d = distance(node.position, point);
    if (d < distance_out) {
      distance_out = d;
      best = node.id;
    }
  }
  return best;
}

} // namespace detail

// Adds one virtual reach per karst link of the profile, then rebuilds the
// graph. Returns the ids of the added reaches, in link order.
inline std::vector<ReachId> add_karst_links(RiverNetwork& network,
                                            const RegionProfile& profile) {
  std::vector<ReachId> added;
  for (const KarstLink& link : profile.karst_links) {
    double sink_distance = 0.0;
    double resurgence_distance = 0.0;
    const NodeId sink = detail::nearest_node(network, link.sink,
                                             sink_distance);
    const NodeId resurgence = detail::nearest_node(
        network, link.resurgence, resurgence_distance);

    std::string defect;
    if (sink == no_id) {
      defect = "the network has no nodes";
    } else if (sink_distance > link.max_distance_m) {
      defect = "the nearest node to the sink point is " +
               detail::format_distance(sink_distance) + " away, more than " +
               detail::format_distance(link.max_distance_m);
    } else if (resurgence_distance > link.max_distance_m) {
      defect = "the nearest node to the resurgence point is " +
               detail::format_distance(resurgence_distance) +
               " away, more than " +
               detail::format_distance(link.max_distance_m);
    } else if (sink == resurgence) {
      defect = "the sink and the resurgence points snap to the same node";
    }
    if (!defect.empty()) {
      Problem problem;
      problem.kind = ProblemKind::gap;
      problem.message = "karst link '" + link.name + "' not added: " +
                        defect + "; check its points in region profile '" +
                        profile.name + "'";
      problem.points = {link.sink, link.resurgence};
      network.problems.push_back(std::move(problem));
      continue;
    }

    Reach reach;
    reach.id = static_cast<ReachId>(network.reaches.size());
    reach.from_node = sink;
    reach.to_node = resurgence;
    reach.geometry.points = {network.nodes[sink].position,
                             network.nodes[resurgence].position};
    reach.name = link.name;
    reach.length_m = reach.geometry.length();
    reach.is_virtual = true;
    network.reaches.push_back(std::move(reach));
    added.push_back(network.reaches.back().id);
  }
  network.rebuild_graph();
  return added;
}

} // namespace georiviere
