// Builds the topology of a river network from river lines. Nodes are made
// where line ends meet, lines are split at T-junctions (and optionally at
// crossings), and chains of lines between junctions become reaches. The
// topology defects found on the way are reported as problems.
//
// Steps, in order:
//  1. Cleaning. Repeated consecutive vertices are removed, with their Z and
//     M. A line left with fewer than two vertices has zero length: it is
//     dropped and reported (zero_length). A line with the same vertices as
//     an earlier line, in either direction, is dropped and reported
//     (duplicate); the first one in input order is kept.
//  2. Joining ends. Line ends are joined into nodes greedily in input
//     order: each end joins the nearest node within the snap tolerance,
//     or starts a new node at its own position. So a node sits at the
//     first end that made it, and the other ends move onto it (by at most
//     the tolerance). With a tolerance of 0 only equal ends are joined.
//  3. T-junctions. A line that passes within the snap tolerance of a node
//     (through it, for tolerance 0), away from its own ends, is split
//     there: an interior vertex within the tolerance moves onto the node,
//     or else a vertex is inserted at the node with Z and M interpolated
//     along the segment.
//  4. Crossings. Lines that touch, cross or overlap away from any node are
//     reported (crossing). With split_crossings, both lines are split at
//     each crossing point, which becomes a node, and only overlaps are
//     reported. With ground levels (row_levels), lines of different levels
//     cross without meeting: those crossings are expected, so they are
//     neither split nor reported, and a line above or below the ground is
//     split only at nodes where a line of its own level ends. Line ends
//     still join across levels in step 2.
//  5. Merging. Lines that meet at a node where exactly one line ends and
//     one other starts (in digitised order, first vertex to last) are
//     merged into one reach, upstream line first, so reaches run between
//     sources, outlets, confluences, diffluences and nodes where digitised
//     directions disagree. A closed ring of such nodes keeps one node, at
//     the start of its lowest-numbered line, and becomes one reach from
//     that node to itself.
//  6. Gaps. A dangling end (a node with one line end) that lies within the
//     gap tolerance of a line it is not joined to is reported (gap), once,
//     with the distance to the nearest such line.
//
// Reaches are numbered in input order of their first line; nodes in order
// of creation, keeping only the nodes that reaches use. Reach directions
// are the digitised ones: this step neither reverses lines nor computes
// metrics (see check_direction() and compute_metrics()).
//
// Processing order: the results above do not depend on how the steps
// visit the lines, but the time does, because lines stored far apart in
// the input are often neighbours on the ground. So steps 2, 3, 4 and 6
// visit ends, nodes and segments along a Z-order curve. Step 2 finds the
// clusters of ends within the snap tolerance of each other, and joins each
// cluster greedily in input order, which gives the nodes of a greedy pass
// over all ends. Steps 3, 4 and 6 read the vertices from a copy kept in
// the segment index in Z-order.
//
// Complexity: about O(V) time and memory for V vertices, through a grid
// of cells 16 times the median segment length that lists only the cells
// holding segments. The index keeps a copy of the vertices, 16 bytes per
// vertex. Many lines crowded into one cell (far denser than the median
// segment length suggests) make the crossing search quadratic in that
// cell, and k ends chained within the snap tolerance of each other cost
// O(k^2) distance tests.
#pragma once

#include <algorithm>
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/spatial_grid.hpp"
#include "georiviere/detail/topology_cleaning.hpp"
#include "georiviere/detail/topology_noding.hpp"
#include "georiviere/detail/topology_reaches.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere {

struct TopologyOptions {
  // Line ends closer than this, in metres, are joined, and a node this
  // close to another line's interior splits that line.
  double snap_tolerance_m = 0.0;
  // Split lines where they cross away from a node. Off by default, because
  // such crossings are usually bridges or culverts.
  bool split_crossings = false;
  // Dangling ends this close, in metres, to a line they are not joined to
  // are reported as gaps. Negative: max(10 * snap_tolerance_m, 1 m).
  double gap_tolerance_m = -1.0;
  // Field whose value on a reach's first source feature names the reach.
  // Empty: reaches have no name.
  std::string name_field;
  // Ground level of each source feature, by attribute row: 0 on the
  // surface, positive above it (bridges, aqueducts), negative below it
  // (tunnels, culverts). Empty, or a row past its end: level 0.
  std::vector<std::int8_t> row_levels;
  ProgressCallback progress;
};

namespace detail {

// Indexes the segments of the lines under the progress stage "indexing
// segments".
inline ChunkGrid index_segments(const NodedLines& noded, double min_cell_size,
                                const ProgressCallback& progress) {
  ProgressReporter reporter(progress, "indexing segments", 1);
  ChunkGrid grid = build_chunk_grid(noded, min_cell_size);
  reporter.finish();
  return grid;
}

// The body of build_topology(). JoinOrder::input joins the line ends in one
// greedy pass in input order, the reference that the spatial order must
// match exactly.
inline RiverNetwork build_topology_in_order(LineSet lines,
                                            const TopologyOptions& options,
                                            JoinOrder join_order) {
  const double snap = options.snap_tolerance_m;
  validate_topology_input(lines, snap, options.gap_tolerance_m,
                          options.name_field);
  const double gap = options.gap_tolerance_m < 0.0
                         ? std::max(10.0 * snap, 1.0)
                         : options.gap_tolerance_m;

  RiverNetwork network;
  std::vector<Problem>& problems = network.problems;
  std::vector<SourceLine> source = std::move(lines.lines);
  lines.lines = {};
  remove_zero_length_lines(source, problems, options.progress);
  remove_duplicate_lines(source, problems, options.progress);

  NodedLines noded;
  if (!source.empty()) {
    noded = join_endpoints(std::move(source), snap, problems,
                           options.progress, join_order);
  }

  // Cells at least as large as the snap tolerance and half the gap
  // tolerance keep the searches around nodes to a few cells.
  const double min_cell_size = std::max(snap, 0.5 * gap);
  ReachChains chains;
  if (!noded.lines.empty()) {
    ChunkGrid grid =
        index_segments(noded, min_cell_size, options.progress);
    std::vector<SplitRequest> requests;
    std::vector<Crossing> crossings;
    if (snap > 0.0) {
      requests = find_t_junctions(noded, grid, snap, options.progress);
    } else {
      // With tolerance 0 a T-junction is a line end touching another line,
      // which the crossing search finds in the same pass.
      crossings = find_crossings(noded, grid, options.progress, &requests);
    }
    const bool has_levels = !options.row_levels.empty();
    if (has_levels) {
      drop_cross_level_splits(noded, requests, options.row_levels);
    }
    // Splitting changes the geometry: search the crossings again after it.
    const bool split = !requests.empty();
    if (split) {
      apply_splits(noded, std::move(requests));
      grid = ChunkGrid();
      grid = index_segments(noded, min_cell_size, options.progress);
    }
    if (snap > 0.0 || split) {
      crossings = find_crossings(noded, grid, options.progress);
    }
    if (has_levels) {
      drop_cross_level_crossings(noded, crossings, options.row_levels);
    }

    if (options.split_crossings) {
      requests = crossing_split_requests(noded, crossings);
      std::erase_if(crossings, [](const Crossing& crossing) {
        return !crossing.overlap;
      });
      if (!requests.empty()) {
        apply_splits(noded, std::move(requests));
        grid = ChunkGrid();
        grid = index_segments(noded, min_cell_size, options.progress);
      }
    }

    chains = chain_lines(noded, options.progress);
    report_crossings(noded, chains, crossings, problems);
    report_gaps(noded, chains, grid, gap, snap, problems, options.progress);
  }

  const int name_index = options.name_field.empty()
                             ? -1
                             : lines.attributes.field_index(options.name_field);
  assemble_network(noded, chains, lines.attributes, name_index, network,
                   options.progress);

  ProgressReporter graph_reporter(options.progress, "building graph", 1);
  // Free the emptied lines before the graph allocates its own memory.
  noded = NodedLines();
  chains = ReachChains();
  network.attributes = std::move(lines.attributes);
  network.crs_wkt = std::move(lines.crs_wkt);
  network.rebuild_graph();
  graph_reporter.finish();
  return network;
}

} // namespace detail

// Builds the reaches, nodes and topology problems of a network from lines
// in a projected CRS in metres (see the steps above). The returned
// network's attributes and CRS are moved from `lines`, and its graph is
// built; metrics are left at their defaults.
//
// Throws InvalidInputError for a LineSet without lines, a negative or
// non-finite snap tolerance, a non-finite gap tolerance, or a name_field
// the attribute table lacks. It also throws InvalidInputError for a line
// with NaN or infinite coordinates, and for a line whose Z, M or attribute
// row does not match the rest of the input.
// Throws CancelledError when the progress callback returns false.
inline RiverNetwork build_topology(LineSet lines,
                                   const TopologyOptions& options) {
  return detail::build_topology_in_order(std::move(lines), options,
                                         detail::JoinOrder::spatial);
}

} // namespace georiviere
