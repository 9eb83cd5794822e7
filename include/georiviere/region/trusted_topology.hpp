// Builds a river network from the topology a dataset carries in its fields,
// without geometric noding.
//
// Two codings are read, selected by the region profile's [topology] mode:
//   from_to_nodes    every line flows from the node in its from-node field
//                    to the node in its to-node field (NHDPlus FromNode and
//                    ToNode, BD TOPAGE CdNoeudDebut and CdNoeudFin);
//   next_downstream  every line names the id of the line it flows into, an
//                    outlet value marking the last line (HydroRIVERS
//                    HYRIV_ID and NEXT_DOWN, 0 at an outlet). A line's
//                    downstream node is the upstream node of its next line.
// The fields are trusted: the graph is what they say. The geometry is then
// checked against it, and each disagreement is reported as a
// topology_mismatch problem:
//   - a line end farther than mismatch_tolerance_m from its node, whose
//     position is the end point that most other ends of that node agree
//     with (ties go to the first line in read order);
//   - a line whose start lies at its to-node and end at its from-node; its
//     vertices are reversed so that the reach runs downstream;
//   - ends of lines within the tolerance of each other but given different
//     nodes (the geometry joins what the topology keeps apart);
//   - a missing node value, or a next-down id that no line has (the line is
//     then taken as an outlet).
// Lines that meet at a node with one inflow and one outflow are merged into
// one reach, as Reach requires. Lines marked by the minor-branch field
// (NHDPlus Divergence = 2) make their reach a minor branch.
//
// Metrics are not computed: run the metrics step on the result.
//
// Complexity: O(n) expected with hashing, n the number of vertices.
// Throws InvalidInputError for a profile in geometric mode or a field the
// lines do not have.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

namespace detail {

// One source line as an edge between two trusted nodes.
struct TrustedEdge {
  std::size_t line = 0; // index in LineSet::lines
  NodeId from = no_id;
  NodeId to = no_id;
  bool minor_branch = false;
};

class TrustedTopologyBuilder {
public:
  TrustedTopologyBuilder(LineSet& lines, const RegionProfile& profile,
                         RiverNetwork& network)
      : lines_(lines), profile_(profile), network_(network),
        tolerance_(profile.topology.mismatch_tolerance_m) {}

  void assign_nodes_from_fields() {
    const TopologyRules& rules = profile_.topology;
    const int from_index = require_field(lines_, rules.from_node_field,
                                         "[topology] from_node_field");
    const int to_index = require_field(lines_, rules.to_node_field,
                                       "[topology] to_node_field");
    for (TrustedEdge& edge : edges_) {
      const SourceLine& line = lines_.lines[edge.line];
      const std::vector<FieldValue>& row = row_of(line);
      edge.from = node_for(field_value_text(row[from_index]), line, true);
      edge.to = node_for(field_value_text(row[to_index]), line, false);
    }
  }

  void assign_nodes_from_next_down() {
    const TopologyRules& rules = profile_.topology;
    const int id_index = require_field(lines_, profile_.fields.id,
                                       "[fields] id");
    const int next_index = require_field(lines_, rules.next_down_field,
                                         "[topology] next_down_field");

    // The upstream node of each id; lines of one feature share it.
    std::unordered_map<std::string, std::uint32_t> row_of_id;
    for (const TrustedEdge& edge : edges_) {
      const SourceLine& line = lines_.lines[edge.line];
      const std::string id = field_value_text(row_of(line)[id_index]);
      const auto [it, inserted] = row_of_id.emplace(id, line.row);
      if (!inserted && it->second != line.row) {
        report(line, "id " + id + " of line fid " +
                         std::to_string(line.fid) +
                         " is also the id of another feature; lines "
                         "flowing into it join the first one");
      }
    }

    for (TrustedEdge& edge : edges_) {
      const SourceLine& line = lines_.lines[edge.line];
      const std::vector<FieldValue>& row = row_of(line);
      const std::string id = field_value_text(row[id_index]);
      edge.from = node_for("up:" + id, line, true);
      const std::string next = field_value_text(row[next_index]);
      if (next.empty() || contains_value(rules.outlet_values, next)) {
        edge.to = node_for("outlet:" + id, line, false);
      } else if (row_of_id.count(next) == 0) {
        report(line, "next-down id " + next + " of line fid " +
                         std::to_string(line.fid) +
                         " is not in the layer; the line is taken as an "
                         "outlet");
        edge.to = node_for("outlet:" + id, line, false);
      } else {
        edge.to = node_for("up:" + next, line, false);
      }
    }
  }

  void mark_minor_branches() {
    const TopologyRules& rules = profile_.topology;
    if (rules.minor_branch_field.empty()) {
      return;
    }
    const int index = require_field(lines_, rules.minor_branch_field,
                                     "[topology] minor_branch_field");
    for (TrustedEdge& edge : edges_) {
      const std::string value =
          field_value_text(row_of(lines_.lines[edge.line])[index]);
      edge.minor_branch = contains_value(rules.minor_branch_values, value);
    }
  }

  // Keeps the lines of two or more vertices; reports the others.
  void collect_edges() {
    for (std::size_t i = 0; i < lines_.lines.size(); ++i) {
      const SourceLine& line = lines_.lines[i];
      if (line.geometry.size() < 2) {
        Problem problem;
        problem.kind = ProblemKind::invalid_geometry;
        problem.message = "line fid " + std::to_string(line.fid) +
                          " has fewer than two vertices; skipped";
        problem.source_fids.push_back(line.fid);
        if (!line.geometry.empty()) {
          problem.points.push_back(line.geometry.front());
        }
        network_.problems.push_back(std::move(problem));
        continue;
      }
      edges_.push_back({i, no_id, no_id, false});
    }
  }

  // Places each node where most of its line ends agree, then checks every
  // line end against its node.
  void check_geometry() {
    std::vector<std::vector<Point>> candidates(node_count_);
    for (const TrustedEdge& edge : edges_) {
      const Polyline& geometry = lines_.lines[edge.line].geometry;
      candidates[edge.from].push_back(geometry.front());
      candidates[edge.to].push_back(geometry.back());
    }
    positions_.resize(node_count_);
    for (std::size_t node = 0; node < node_count_; ++node) {
      positions_[node] = vote(candidates[node]);
    }

    for (const TrustedEdge& edge : edges_) {
      SourceLine& line = lines_.lines[edge.line];
      const Point& from = positions_[edge.from];
      const Point& to = positions_[edge.to];
      const double start_off = distance(line.geometry.front(), from);
      const double end_off = distance(line.geometry.back(), to);
      if (start_off <= tolerance_ && end_off <= tolerance_) {
        continue;
      }
      // A node that only this line touches (a source or an outlet) fits
      // either end of the line.
      const bool from_alone = candidates[edge.from].size() == 1;
      const bool to_alone = candidates[edge.to].size() == 1;
      const bool reversed =
          edge.from != edge.to && !(from_alone && to_alone) &&
          (to_alone || distance(line.geometry.front(), to) <= tolerance_) &&
          (from_alone || distance(line.geometry.back(), from) <= tolerance_);
      if (reversed) {
        line.geometry.reverse();
        if (from_alone) {
          positions_[edge.from] = line.geometry.front();
        }
        if (to_alone) {
          positions_[edge.to] = line.geometry.back();
        }
        report(line, "line fid " + std::to_string(line.fid) +
                         " is digitised from its downstream node to its "
                         "upstream node; its vertices were reversed");
        continue;
      }
      if (start_off > tolerance_) {
        report(line, "line fid " + std::to_string(line.fid) + " starts " +
                         format_distance(start_off) + " from its upstream "
                         "node, where the other lines of that node meet",
               from);
      }
      if (end_off > tolerance_) {
        report(line, "line fid " + std::to_string(line.fid) + " ends " +
                         format_distance(end_off) + " from its downstream "
                         "node, where the other lines of that node meet",
               to);
      }
    }
  }

  // Reports line ends that touch but belong to different nodes.
  void check_unlinked_ends() {
    struct End {
      Point point;
      NodeId node;
      std::int64_t fid;
    };
    const double cell = std::max(tolerance_, 1e-6);
    std::unordered_map<std::uint64_t, std::vector<End>> grid;
    const auto key = [&](std::int64_t cx, std::int64_t cy) {
      return (static_cast<std::uint64_t>(cx) * 73856093ULL) ^
             (static_cast<std::uint64_t>(cy) * 19349663ULL);
    };
    std::unordered_set<std::uint64_t> reported;
    for (const TrustedEdge& edge : edges_) {
      const SourceLine& line = lines_.lines[edge.line];
      for (const auto& [point, node] :
           {std::pair{line.geometry.front(), edge.from},
            std::pair{line.geometry.back(), edge.to}}) {
        const auto cx = static_cast<std::int64_t>(std::floor(point.x / cell));
        const auto cy = static_cast<std::int64_t>(std::floor(point.y / cell));
        for (std::int64_t dx = -1; dx <= 1; ++dx) {
          for (std::int64_t dy = -1; dy <= 1; ++dy) {
            const auto found = grid.find(key(cx + dx, cy + dy));
            if (found == grid.end()) {
              continue;
            }
            for (const End& other : found->second) {
              if (other.node == node ||
                  distance(other.point, point) > tolerance_) {
                continue;
              }
              const auto low = static_cast<std::uint64_t>(
                  std::min(other.node, node));
              const auto high = static_cast<std::uint64_t>(
                  std::max(other.node, node));
              if (!reported.insert(low * node_count_ + high).second) {
                continue;
              }
              Problem problem;
              problem.kind = ProblemKind::topology_mismatch;
              problem.message =
                  "lines fid " + std::to_string(other.fid) + " and fid " +
                  std::to_string(line.fid) +
                  " touch, but their topology fields give them different "
                  "nodes";
              problem.points.push_back(point);
              problem.source_fids = {other.fid, line.fid};
              network_.problems.push_back(std::move(problem));
            }
          }
        }
        grid[key(cx, cy)].push_back({point, node, line.fid});
      }
    }
  }

  // Merges lines through nodes of one inflow and one outflow into reaches.
  void build_reaches() {
    std::vector<std::uint32_t> in_degree(node_count_, 0);
    std::vector<std::uint32_t> out_degree(node_count_, 0);
    std::vector<std::size_t> outflow(node_count_, 0);
    std::vector<std::size_t> inflow(node_count_, 0);
    for (std::size_t e = 0; e < edges_.size(); ++e) {
      ++out_degree[edges_[e].from];
      ++in_degree[edges_[e].to];
      outflow[edges_[e].from] = e;
      inflow[edges_[e].to] = e;
    }
    const auto pass_through = [&](NodeId node) {
      return in_degree[node] == 1 && out_degree[node] == 1 &&
             inflow[node] != outflow[node];
    };

    std::vector<bool> used(edges_.size(), false);
    std::vector<std::vector<std::size_t>> chains;
    const auto follow = [&](std::size_t first) {
      std::vector<std::size_t> chain{first};
      used[first] = true;
      NodeId node = edges_[first].to;
      while (pass_through(node) && !used[outflow[node]]) {
        chain.push_back(outflow[node]);
        used[outflow[node]] = true;
        node = edges_[outflow[node]].to;
      }
      chains.push_back(std::move(chain));
    };
    for (std::size_t e = 0; e < edges_.size(); ++e) {
      if (!used[e] && !pass_through(edges_[e].from)) {
        follow(e);
      }
    }
    // What is left forms closed loops of pass-through nodes.
    for (std::size_t e = 0; e < edges_.size(); ++e) {
      if (!used[e]) {
        follow(e);
      }
    }

    std::vector<NodeId> new_id(node_count_, no_id);
    const auto keep_node = [&](NodeId node) {
      if (new_id[node] == no_id) {
        new_id[node] = static_cast<NodeId>(network_.nodes.size());
        Node network_node;
        network_node.id = new_id[node];
        network_node.position = positions_[node];
        network_.nodes.push_back(network_node);
      }
      return new_id[node];
    };
    for (const std::vector<std::size_t>& chain : chains) {
      Reach reach;
      reach.id = static_cast<ReachId>(network_.reaches.size());
      reach.from_node = keep_node(edges_[chain.front()].from);
      reach.to_node = keep_node(edges_[chain.back()].to);
      fill_reach(reach, chain);
      network_.reaches.push_back(std::move(reach));
    }
  }

  std::size_t edge_count() const { return edges_.size(); }

private:
  const std::vector<FieldValue>& row_of(const SourceLine& line) const {
    if (line.row >= lines_.attributes.rows.size()) {
      throw InvalidInputError(
          "line fid " + std::to_string(line.fid) + " of " + lines_.source +
          " has no attribute row; the reader must give every feature one");
    }
    return lines_.attributes.rows[line.row];
  }

  NodeId node_for(const std::string& value, const SourceLine& line,
                  bool start) {
    std::string key = value;
    if (value.empty() || value == "outlet:" || value == "up:") {
      // A missing node value: the line end gets a node of its own.
      key = "missing:" + std::to_string(node_count_);
      report(line, "line fid " + std::to_string(line.fid) + " has no " +
                       (start ? "upstream" : "downstream") +
                       " node value; its end is left unconnected");
    }
    const auto [it, inserted] =
        node_of_key_.emplace(key, static_cast<NodeId>(node_count_));
    if (inserted) {
      ++node_count_;
    }
    return it->second;
  }

  void report(const SourceLine& line, std::string message) {
    report(line, std::move(message), line.geometry.front());
  }

  void report(const SourceLine& line, std::string message,
              const Point& point) {
    Problem problem;
    problem.kind = ProblemKind::topology_mismatch;
    problem.message = std::move(message);
    problem.points.push_back(point);
    problem.lines.push_back(line.geometry);
    problem.source_fids.push_back(line.fid);
    network_.problems.push_back(std::move(problem));
  }

  // The candidate that the most other candidates lie within tolerance of.
  Point vote(const std::vector<Point>& candidates) const {
    std::size_t best = 0;
    std::size_t best_votes = 0;
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      std::size_t votes = 0;
      for (const Point& other : candidates) {
        votes += distance(candidates[i], other) <= tolerance_ ? 1 : 0;
      }
      if (votes > best_votes) {
        best_votes = votes;
        best = i;
      }
    }
    return candidates.empty() ? Point{} : candidates[best];
  }

  void fill_reach(Reach& reach, const std::vector<std::size_t>& chain) {
    bool all_z = true;
    bool all_m = true;
    for (std::size_t e : chain) {
      const Polyline& geometry = lines_.lines[edges_[e].line].geometry;
      all_z = all_z && geometry.has_z();
      all_m = all_m && geometry.has_m();
    }
    const int name_index =
        profile_.fields.name.empty()
            ? -1
            : find_field(lines_.attributes, profile_.fields.name);
    for (std::size_t e : chain) {
      const SourceLine& line = lines_.lines[edges_[e].line];
      Polyline part = line.geometry;
      if (!all_z) {
        part.z.clear();
      }
      if (!all_m) {
        part.m.clear();
      }
      const bool joined = !reach.geometry.empty() &&
                          reach.geometry.back() == part.front();
      for (std::size_t v = joined ? 1 : 0; v < part.size(); ++v) {
        reach.geometry.push_vertex(part, v);
      }
      reach.source_fids.push_back(line.fid);
      reach.source_rows.push_back(line.row);
      reach.is_minor_branch = reach.is_minor_branch || edges_[e].minor_branch;
      if (name_index >= 0) {
        const std::string name = field_value_text(row_of(line)[name_index]);
        if (!name.empty() &&
            !contains_value(profile_.fields.unnamed_values, name)) {
          reach.name = name; // the most downstream name wins
        }
      }
    }
    reach.length_m = reach.geometry.length();
  }

  LineSet& lines_;
  const RegionProfile& profile_;
  RiverNetwork& network_;
  double tolerance_;
  std::vector<TrustedEdge> edges_;
  std::unordered_map<std::string, NodeId> node_of_key_;
  std::size_t node_count_ = 0;
  std::vector<Point> positions_;
};

} // namespace detail

// Builds the network from the profile's topology fields. Lines with fewer
// than two vertices are skipped and reported as invalid_geometry.
inline RiverNetwork build_topology_from_fields(
    LineSet lines, const RegionProfile& profile,
    const ProgressCallback& progress = {}) {
  const TopologyMode mode = profile.topology.mode;
  if (mode == TopologyMode::geometric) {
    throw InvalidInputError(
        "region profile '" + profile.name +
        "' has [topology] mode 'geometric'; trusted topology needs mode "
        "'from_to_nodes' or 'next_downstream'");
  }

  RiverNetwork network;
  network.crs_wkt = lines.crs_wkt;
  detail::TrustedTopologyBuilder builder(lines, profile, network);
  ProgressReporter reporter(progress, "trusted topology", 5);
  builder.collect_edges();
  if (mode == TopologyMode::from_to_nodes) {
    builder.assign_nodes_from_fields();
  } else {
    builder.assign_nodes_from_next_down();
  }
  builder.mark_minor_branches();
  reporter.update(1);
  builder.check_geometry();
  reporter.update(2);
  builder.check_unlinked_ends();
  reporter.update(3);
  builder.build_reaches();
  reporter.update(4);

  network.attributes = std::move(lines.attributes);
  network.rebuild_graph();
  reporter.finish();
  return network;
}

} // namespace georiviere
