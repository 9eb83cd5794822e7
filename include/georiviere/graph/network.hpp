// The river network: directed reaches between nodes, with per-reach metrics.
//
// One RiverNetwork type serves both the vector path (lines read from a
// dataset) and the DEM path (streams traced on a flow-direction grid), so
// every metric and query works on both.
#pragma once

#include <cstdint>
#include <limits>
#include <string>
#include <string_view>
#include <vector>

#include <boost/graph/adjacency_list.hpp>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/problem.hpp"

namespace georiviere {

using NodeId = std::int64_t;
using ReachId = std::int64_t;

inline constexpr std::int64_t no_id = -1;

enum class NodeKind {
  source,     // no inflow
  confluence, // two or more inflows, one outflow
  diffluence, // two or more outflows
  outlet,     // no outflow
  junction    // one inflow and one outflow that could not be merged
};

inline std::string_view to_string(NodeKind kind) {
  switch (kind) {
  case NodeKind::source: return "source";
  case NodeKind::confluence: return "confluence";
  case NodeKind::diffluence: return "diffluence";
  case NodeKind::outlet: return "outlet";
  case NodeKind::junction: return "junction";
  }
  return "unknown";
}

// Kind of a node from its degrees. A node with two or more outflows is a
// diffluence even when it also has several inflows.
inline NodeKind classify_node(std::size_t in_degree, std::size_t out_degree) {
  if (out_degree >= 2) {
    return NodeKind::diffluence;
  }
  if (in_degree == 0) {
    return NodeKind::source;
  }
  if (out_degree == 0) {
    return NodeKind::outlet;
  }
  return in_degree >= 2 ? NodeKind::confluence : NodeKind::junction;
}

struct Node {
  NodeId id = no_id;
  Point position;
  NodeKind kind = NodeKind::junction;
  std::uint32_t in_degree = 0;
  std::uint32_t out_degree = 0;
  // At an outlet that a region profile's [outlets] table locates (sea,
  // lake, region boundary, terminal line); see region/known_outlets.hpp.
  bool known_outlet = false;
};

// A reach: a chain of source lines between two nodes that are not plain
// junctions, oriented downstream. Metrics are filled by compute_metrics().
struct Reach {
  ReachId id = no_id;
  NodeId from_node = no_id;
  NodeId to_node = no_id;
  Polyline geometry;
  std::vector<std::int64_t> source_fids;  // source feature ids, upstream first
  std::vector<std::uint32_t> source_rows; // rows in RiverNetwork::attributes
  std::string name;                       // from the name field, if any

  double length_m = 0.0;
  int strahler = 0;
  std::int64_t shreve = 0;
  int hack = 0;
  double upstream_length_m = 0.0;
  double distance_to_outlet_m = 0.0;
  double max_upstream_distance_m = 0.0;
  ReachId main_stem_id = no_id;
  NodeId basin_id = no_id;

  bool is_virtual = false;      // an added link, such as a karst conduit
  bool is_minor_branch = false; // the minor outflow at a diffluence
  bool in_cycle = false;        // part of a directed cycle
};

// Edge property of the graph: the id of the reach the edge stands for.
struct ReachEdge {
  ReachId reach = no_id;
};

// Vertex i is node i; edge descriptors map to reaches through ReachEdge.
// Edges live in a vector rather than Boost's default std::list, which saves
// one allocation per reach; the graph is rebuilt, never edited in place.
using NetworkGraph =
    boost::adjacency_list<boost::vecS, boost::vecS, boost::bidirectionalS,
                          boost::no_property, ReachEdge, boost::no_property,
                          boost::vecS>;

class RiverNetwork {
public:
  std::vector<Reach> reaches; // reaches[i].id == i
  std::vector<Node> nodes;    // nodes[i].id == i
  std::vector<Problem> problems;
  AttributeTable attributes; // source attributes, rows in read order
  std::string crs_wkt;       // working CRS, projected, in metres
  // True when known outlets were looked for, so that Node::known_outlet
  // is meaningful and the nodes layer gets its `outlet` field.
  bool has_known_outlets = false;

  const NetworkGraph& graph() const { return graph_; }

  // Rebuilds the graph from reaches' from_node and to_node and recomputes
  // node degrees and kinds. Call after editing reaches or nodes.
  void rebuild_graph() {
    graph_ = NetworkGraph(nodes.size());
    for (Node& node : nodes) {
      node.in_degree = 0;
      node.out_degree = 0;
    }
    for (const Reach& reach : reaches) {
      boost::add_edge(static_cast<std::size_t>(reach.from_node),
                      static_cast<std::size_t>(reach.to_node),
                      ReachEdge{reach.id}, graph_);
      ++nodes[reach.from_node].out_degree;
      ++nodes[reach.to_node].in_degree;
    }
    for (Node& node : nodes) {
      node.kind = classify_node(node.in_degree, node.out_degree);
    }
  }

  // Reaches that end at the node (its inflows).
  std::vector<ReachId> inflows(NodeId node) const {
    std::vector<ReachId> result;
    for (auto [it, end] = boost::in_edges(node, graph_); it != end; ++it) {
      result.push_back(graph_[*it].reach);
    }
    return result;
  }

  // Reaches that start at the node (its outflows).
  std::vector<ReachId> outflows(NodeId node) const {
    std::vector<ReachId> result;
    for (auto [it, end] = boost::out_edges(node, graph_); it != end; ++it) {
      result.push_back(graph_[*it].reach);
    }
    return result;
  }

  std::size_t count_problems(ProblemKind kind) const {
    std::size_t count = 0;
    for (const Problem& problem : problems) {
      count += problem.kind == kind ? 1 : 0;
    }
    return count;
  }

private:
  NetworkGraph graph_;
};

} // namespace georiviere
