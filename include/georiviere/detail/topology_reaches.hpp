// Reach assembly for build_topology(): merges chains of noded lines into
// reaches, reports crossings and gaps, and builds the RiverNetwork.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/spatial_grid.hpp"
#include "georiviere/detail/topology_format.hpp"
#include "georiviere/detail/topology_noding.hpp"
#include "georiviere/detail/topology_segments.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere::detail {

// The reaches as chains of noded lines. Reach r is made of the lines
// line_order[reach_begin[r]] to line_order[reach_begin[r + 1] - 1], in
// digitised order, and runs from node reach_from[r] to node reach_to[r]
// (ids of NodedLines::nodes).
struct ReachChains {
  std::vector<std::uint32_t> reach_of_line;
  std::vector<std::uint32_t> line_order;
  std::vector<std::uint32_t> reach_begin;
  std::vector<std::uint32_t> reach_from;
  std::vector<std::uint32_t> reach_to;
  std::vector<std::uint32_t> end_count; // line ends at each node

  std::size_t size() const { return reach_from.size(); }
};

// Merges lines through every node with exactly one line ending and one
// other line starting there. Reaches are numbered in the order of their
// first line. A closed ring of such nodes becomes one reach that starts
// and ends at the node where its lowest-numbered line starts. O(lines +
// nodes).
inline ReachChains chain_lines(const NodedLines& noded,
                               const ProgressCallback& progress) {
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  const std::size_t line_count = noded.lines.size();
  const std::size_t node_count = noded.nodes.size();
  ProgressReporter reporter(progress, "merging", line_count);

  std::vector<std::uint32_t> in_count(node_count, 0);
  std::vector<std::uint32_t> out_count(node_count, 0);
  std::vector<std::uint32_t> in_line(node_count, none);
  std::vector<std::uint32_t> out_line(node_count, none);
  for (std::uint32_t i = 0; i < line_count; ++i) {
    ++out_count[noded.from_node[i]];
    out_line[noded.from_node[i]] = i;
    ++in_count[noded.to_node[i]];
    in_line[noded.to_node[i]] = i;
  }
  std::vector<bool> pass_through(node_count, false);
  for (std::size_t n = 0; n < node_count; ++n) {
    pass_through[n] =
        in_count[n] == 1 && out_count[n] == 1 && in_line[n] != out_line[n];
  }

  ReachChains chains;
  chains.reach_of_line.assign(line_count, none);
  chains.line_order.reserve(line_count);
  chains.end_count.resize(node_count);
  for (std::size_t n = 0; n < node_count; ++n) {
    chains.end_count[n] = in_count[n] + out_count[n];
  }
  in_count = {};
  out_count = {};
  in_line = {};

  const auto follow_chain = [&](std::uint32_t line) {
    const auto reach = static_cast<std::uint32_t>(chains.size());
    chains.reach_begin.push_back(
        static_cast<std::uint32_t>(chains.line_order.size()));
    chains.reach_from.push_back(noded.from_node[line]);
    while (true) {
      chains.reach_of_line[line] = reach;
      chains.line_order.push_back(line);
      const std::uint32_t node = noded.to_node[line];
      if (!pass_through[node]) {
        chains.reach_to.push_back(node);
        return;
      }
      line = out_line[node];
    }
  };

  for (std::uint32_t i = 0; i < line_count; ++i) {
    reporter.update(i);
    if (!pass_through[noded.from_node[i]]) {
      follow_chain(i);
    }
  }
  // Lines left over form rings of pass-through nodes.
  for (std::uint32_t i = 0; i < line_count; ++i) {
    if (chains.reach_of_line[i] == none) {
      pass_through[noded.from_node[i]] = false;
      follow_chain(i);
    }
  }
  chains.reach_begin.push_back(
      static_cast<std::uint32_t>(chains.line_order.size()));
  reporter.finish();
  return chains;
}

// Adds a crossing problem for each crossing, naming the reaches and
// source features of both lines.
inline void report_crossings(const NodedLines& noded,
                             const ReachChains& chains,
                             const std::vector<Crossing>& crossings,
                             std::vector<Problem>& problems) {
  for (const Crossing& crossing : crossings) {
    const SourceLine& first = noded.lines[crossing.first_line];
    const SourceLine& second = noded.lines[crossing.second_line];
    // Pieces of one source line, split at junctions, can meet each other.
    const bool same_feature = first.fid == second.fid;
    const std::string pair =
        same_feature ? "line fid " + std::to_string(first.fid)
                     : "lines fid " + std::to_string(first.fid) + " and fid " +
                           std::to_string(second.fid);
    Problem problem;
    problem.kind = ProblemKind::crossing;
    if (crossing.overlap) {
      problem.message =
          pair + (same_feature ? " overlaps itself" : " overlap") +
          " along a collinear stretch starting at " +
          format_point(crossing.point) +
          "; left as they are, since --split-crossings does not split "
          "overlaps. Check the digitising here";
    } else {
      problem.message =
          pair + (same_feature ? " crosses itself" : " cross") + " at " +
          format_point(crossing.point) +
          " without a shared node; left unsplit because such crossings are "
          "often bridges or culverts. Rerun with --split-crossings to join "
          "them there";
    }
    problem.points.push_back(crossing.point);
    problem.reach_ids = {chains.reach_of_line[crossing.first_line],
                         chains.reach_of_line[crossing.second_line]};
    problem.source_fids = {first.fid, second.fid};
    problems.push_back(std::move(problem));
  }
}

// Reports each dangling node (one line end) that lies within gap_tolerance
// of a line it is not joined to, with the distance to the nearest such
// line. Lines of the dangling end's own reach are never candidates. Lines
// that meet the reach's other end are skipped too when that end is itself
// within gap_tolerance of the dangling end, since a short reach is always
// that close to its neighbours.
inline void report_gaps(const NodedLines& noded, const ReachChains& chains,
                        const ChunkGrid& grid, double gap_tolerance,
                        double snap_tolerance, std::vector<Problem>& problems,
                        const ProgressCallback& progress) {
  constexpr std::uint32_t none = std::numeric_limits<std::uint32_t>::max();
  const double gap2 = gap_tolerance * gap_tolerance;
  const auto node_of_end = [&](std::size_t line_end) {
    return line_end % 2 == 0 ? noded.from_node[line_end / 2]
                             : noded.to_node[line_end / 2];
  };

  // Dangling ends with what the search needs, gathered in line order,
  // which reads the line and reach arrays almost sequentially. The search
  // then visits them along a Z-order curve to keep the grid in cache.
  struct DanglingEnd {
    Point position;
    std::uint32_t line_end; // 2 * line, plus 1 for the last vertex
    std::uint32_t node;
    std::uint32_t reach;
    std::uint32_t other_end; // node at the other end of the reach
  };
  std::vector<DanglingEnd> dangling_ends;
  for (std::size_t line_end = 0; line_end < 2 * noded.lines.size();
       ++line_end) {
    const std::uint32_t node = node_of_end(line_end);
    if (chains.end_count[node] != 1) {
      continue;
    }
    const std::uint32_t reach = chains.reach_of_line[line_end / 2];
    const std::uint32_t other_end = chains.reach_from[reach] == node
                                        ? chains.reach_to[reach]
                                        : chains.reach_from[reach];
    dangling_ends.push_back({noded.nodes[node],
                             static_cast<std::uint32_t>(line_end), node,
                             reach, other_end});
  }
  const std::vector<std::uint32_t> order =
      spatial_order(dangling_ends.size(), [&](std::size_t k) {
        return dangling_ends[k].position;
      });

  struct Gap {
    std::uint32_t line_end;
    std::uint32_t target;
    double distance;
  };
  std::vector<Gap> gaps;
  ProgressReporter reporter(progress, "gaps", order.size());
  for (std::size_t k = 0; k < order.size(); ++k) {
    reporter.update(k);
    const DanglingEnd& dangling = dangling_ends[order[k]];
    const std::uint32_t line_end = dangling.line_end;
    const std::uint32_t node = dangling.node;
    const Point& end = dangling.position;
    const std::uint32_t reach = dangling.reach;
    const std::uint32_t other_end = dangling.other_end;
    const bool other_end_near =
        distance(end, noded.nodes[other_end]) <= gap_tolerance;

    std::uint32_t nearest = none;
    double nearest_distance2 = std::numeric_limits<double>::infinity();
    grid.for_each_near(end, gap_tolerance, [&](std::uint32_t c) {
      // Only the dangling end's own line ends at its node, and the grid
      // tags line ends with their nodes: skip that line without looking
      // up its reach.
      const LineEnds& line_ends = grid.line_ends(c);
      if (line_ends.first_tag == node || line_ends.last_tag == node) {
        return;
      }
      const SegmentChunk& chunk = grid.chunk(c);
      const std::uint32_t candidate_reach = chains.reach_of_line[chunk.line];
      if (candidate_reach == reach) {
        return;
      }
      if (other_end_near &&
          (chains.reach_from[candidate_reach] == other_end ||
           chains.reach_to[candidate_reach] == other_end)) {
        return;
      }
      const std::span<const Point> points = grid.chunk_points(c);
      for (std::size_t j = 0; j + 1 < points.size(); ++j) {
        if (!near_segment_box(end, points[j], points[j + 1], gap_tolerance)) {
          continue;
        }
        const double d2 =
            nearest_on_segment(end, points[j], points[j + 1]).distance2;
        if (d2 <= gap2 && (d2 < nearest_distance2 ||
                           (d2 == nearest_distance2 && chunk.line < nearest))) {
          nearest = chunk.line;
          nearest_distance2 = d2;
        }
      }
    });
    if (nearest != none) {
      gaps.push_back({line_end, nearest, std::sqrt(nearest_distance2)});
    }
  }

  // Report in line order.
  std::sort(gaps.begin(), gaps.end(), [](const Gap& a, const Gap& b) {
    return a.line_end < b.line_end;
  });
  for (const Gap& gap : gaps) {
    const std::uint32_t line = gap.line_end / 2;
    const double gap_distance = gap.distance;
    const SourceLine& dangling = noded.lines[line];
    const SourceLine& target = noded.lines[gap.target];
    Problem problem;
    problem.kind = ProblemKind::gap;
    problem.message = "dangling end of line fid " +
                      std::to_string(dangling.fid) + " is " +
                      format_metres(gap_distance) + " m from line fid " +
                      std::to_string(target.fid) + " but not joined to it; ";
    if (gap_distance > snap_tolerance) {
      problem.message +=
          "if they should meet, rerun with --snap-tolerance " +
          format_shortest(suggested_tolerance(gap_distance));
    } else {
      problem.message +=
          "it is within the snap tolerance, but an end of that line nearby "
          "was joined to another node. Check the digitising here";
    }
    problem.points.push_back(noded.nodes[node_of_end(gap.line_end)]);
    problem.reach_ids = {chains.reach_of_line[line],
                         chains.reach_of_line[gap.target]};
    problem.source_fids = {dangling.fid, target.fid};
    problems.push_back(std::move(problem));
  }
  reporter.finish();
}

// Builds the reaches and nodes of the network from the chains, moving the
// line geometries. Node ids are renumbered 0..n-1 over the nodes that
// reaches use, in their former order. A reach keeps Z (or M) only when all
// of its lines have it. name_index is the field holding reach names, or -1.
inline void assemble_network(NodedLines& noded, const ReachChains& chains,
                             const AttributeTable& attributes, int name_index,
                             RiverNetwork& network,
                             const ProgressCallback& progress) {
  ProgressReporter reporter(progress, "assembling reaches", chains.size());
  constexpr std::uint32_t unused = std::numeric_limits<std::uint32_t>::max();
  std::vector<std::uint32_t> node_id(noded.nodes.size(), unused);
  for (std::size_t r = 0; r < chains.size(); ++r) {
    node_id[chains.reach_from[r]] = 0;
    node_id[chains.reach_to[r]] = 0;
  }
  std::uint32_t next_id = 0;
  for (std::uint32_t& id : node_id) {
    if (id != unused) {
      id = next_id++;
    }
  }
  network.nodes.resize(next_id);
  for (std::size_t n = 0; n < node_id.size(); ++n) {
    if (node_id[n] != unused) {
      Node& node = network.nodes[node_id[n]];
      node.id = node_id[n];
      node.position = noded.nodes[n];
    }
  }

  // Reaches are constructed in place, one after the other, so that the
  // large array is written once.
  network.reaches.reserve(chains.size());
  for (std::size_t r = 0; r < chains.size(); ++r) {
    reporter.update(r);
    Reach& reach = network.reaches.emplace_back();
    reach.id = static_cast<ReachId>(r);
    reach.from_node = node_id[chains.reach_from[r]];
    reach.to_node = node_id[chains.reach_to[r]];

    const std::uint32_t begin = chains.reach_begin[r];
    const std::uint32_t end = chains.reach_begin[r + 1];
    bool all_z = true;
    bool all_m = true;
    std::size_t vertex_count = 1;
    std::size_t source_count = 0;
    const SourceLine* previous = nullptr;
    for (std::uint32_t k = begin; k < end; ++k) {
      const SourceLine& line = noded.lines[chains.line_order[k]];
      all_z = all_z && line.geometry.has_z();
      all_m = all_m && line.geometry.has_m();
      vertex_count += line.geometry.size() - 1;
      if (previous == nullptr || line.fid != previous->fid ||
          line.row != previous->row) {
        ++source_count;
      }
      previous = &line;
    }

    SourceLine& first = noded.lines[chains.line_order[begin]];
    reach.geometry = std::move(first.geometry);
    if (!all_z) {
      reach.geometry.z.clear();
    }
    if (!all_m) {
      reach.geometry.m.clear();
    }
    reach.source_fids.reserve(source_count);
    reach.source_rows.reserve(source_count);
    reach.source_fids.push_back(first.fid);
    reach.source_rows.push_back(first.row);
    if (end - begin > 1) {
      Polyline& geometry = reach.geometry;
      geometry.points.reserve(vertex_count);
      if (all_z) {
        geometry.z.reserve(vertex_count);
      }
      if (all_m) {
        geometry.m.reserve(vertex_count);
      }
    }
    for (std::uint32_t k = begin + 1; k < end; ++k) {
      SourceLine& line = noded.lines[chains.line_order[k]];
      // The first vertex repeats the last one of the previous line.
      for (std::size_t v = 1; v < line.geometry.size(); ++v) {
        reach.geometry.points.push_back(line.geometry.points[v]);
        if (all_z) {
          reach.geometry.z.push_back(line.geometry.z[v]);
        }
        if (all_m) {
          reach.geometry.m.push_back(line.geometry.m[v]);
        }
      }
      line.geometry = Polyline();
      // Pieces of one source line follow each other: list the fid once.
      if (line.fid != reach.source_fids.back() ||
          line.row != reach.source_rows.back()) {
        reach.source_fids.push_back(line.fid);
        reach.source_rows.push_back(line.row);
      }
    }
    reach.length_m = reach.geometry.length();
    if (name_index >= 0 && reach.source_rows.front() < attributes.size()) {
      const std::vector<FieldValue>& row =
          attributes.rows[reach.source_rows.front()];
      if (static_cast<std::size_t>(name_index) < row.size()) {
        reach.name = field_text(row[name_index]);
      }
    }
  }
  reporter.finish();
}

} // namespace georiviere::detail
