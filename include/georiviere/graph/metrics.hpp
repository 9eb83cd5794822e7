// Per-reach hydrological metrics: Strahler order, Shreve magnitude, Hack
// order, upstream length, distances to the outlet and to the farthest
// source, main stem, basin and minor branches.
//
// Each metric has its own header that states its rule: strahler.hpp,
// shreve.hpp, stream_lengths.hpp, and main_stem.hpp for main stems, Hack
// orders, basins and the choice of the major outflow at a diffluence.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/main_stem.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/graph/shreve.hpp"
#include "georiviere/graph/strahler.hpp"
#include "georiviere/graph/stream_lengths.hpp"
#include "georiviere/graph/topological_order.hpp"
#include "georiviere/graph/upstream_sets.hpp"

namespace georiviere {

struct MetricOptions {
  // Main stems follow reaches of the same non-empty name before the longest
  // upstream path, and the major outflow at a diffluence is the one named
  // like the inflowing river.
  bool use_names = false;
  // Keys that main stems and major outflows follow in place of the reach
  // names, by reach id. They are used when use_names is set and the vector
  // is not empty. The region pipeline builds them from river codes.
  std::vector<std::string> stem_keys;
  // Keeps the Reach::is_minor_branch flags already set, such as those of a
  // trusted topology builder: those reaches stay minor branches, and the
  // major outflow of a diffluence is chosen among the other outflows.
  bool keep_minor_branches = false;
  ProgressCallback progress;
};

// Fills every metric field of every reach and sets Reach::in_cycle and
// Reach::is_minor_branch. Works from reaches' from_node, to_node, length_m
// and name only, so it needs no rebuild_graph() call first.
//
// Directed cycles are found here whether or not check_direction() ran.
// Reaches in a cycle get metrics 0, main_stem_id and basin_id no_id, and
// are left out of the ordering. The nodes of a cycle act as one node, so
// what flows into a cycle flows on to the reaches that leave it.
//
// Throws InvalidInputError when a reach id differs from its index or a reach
// refers to a missing node, and CancelledError when the progress callback
// returns false. Complexity: O(V + E) time and memory, iterative, plus the
// open diffluences of braids that UpstreamSets keeps (see upstream_sets.hpp).
inline void compute_metrics(RiverNetwork& network,
                            const MetricOptions& options) {
  const ProgressCallback& progress = options.progress;
  if (progress && !progress("ordering reaches", 0.0)) {
    throw CancelledError();
  }
  const FlowGraph flow(network);
  std::vector<Reach>& reaches = network.reaches;

  // Gather the inputs by position. Reading the lengths in reach order first
  // keeps the walk through the large Reach records sequential.
  std::vector<double> length_by_id(reaches.size());
  for (std::size_t r = 0; r < reaches.size(); ++r) {
    length_by_id[r] = reaches[r].length_m;
  }
  std::vector<double> length(flow.position_count());
  std::vector<const std::string*> names;
  if (options.use_names) {
    names.resize(flow.position_count());
  }
  if (options.use_names && !options.stem_keys.empty() &&
      options.stem_keys.size() != reaches.size()) {
    throw InvalidInputError(
        "MetricOptions::stem_keys has " +
        std::to_string(options.stem_keys.size()) + " keys for " +
        std::to_string(reaches.size()) + " reaches; give one per reach");
  }
  const bool use_keys = options.use_names && !options.stem_keys.empty();
  std::vector<char> preset_minor;
  if (options.keep_minor_branches) {
    preset_minor.resize(flow.position_count());
  }
  for (std::size_t p = 0; p < flow.position_count(); ++p) {
    const std::size_t r = static_cast<std::size_t>(flow.reach_at(p));
    length[p] = length_by_id[r];
    if (options.use_names) {
      names[p] = use_keys ? &options.stem_keys[r] : &reaches[r].name;
    }
    if (options.keep_minor_branches) {
      preset_minor[p] = reaches[r].is_minor_branch ? 1 : 0;
    }
  }

  const std::vector<double> max_upstream =
      max_upstream_distances(flow, length, progress);
  const MajorOutflows major = choose_major_outflows(
      flow, length, max_upstream, names, progress, preset_minor);
  const std::vector<int> strahler =
      strahler_orders(flow, major.minor, progress);
  const UpstreamSets upstream_sets(flow, major.major, progress);
  const std::vector<std::int64_t> shreve =
      shreve_magnitudes(flow, upstream_sets, progress);
  const std::vector<double> upstream =
      upstream_lengths(flow, length, upstream_sets, progress);
  const std::vector<double> to_outlet =
      distances_to_outlet(flow, length, major.major, progress);
  const MainStems stems =
      trace_main_stems(flow, max_upstream, major, names, progress);

  // Scatter the results, again in reach order.
  ProgressReporter reporter(progress, "storing metrics", reaches.size());
  for (std::size_t r = 0; r < reaches.size(); ++r) {
    reporter.update(r);
    Reach& reach = reaches[r];
    const std::size_t p = flow.position_of(reach.id);
    reach.in_cycle = p == FlowGraph::npos;
    if (reach.in_cycle) {
      reach.strahler = 0;
      reach.shreve = 0;
      reach.hack = 0;
      reach.upstream_length_m = 0.0;
      reach.distance_to_outlet_m = 0.0;
      reach.max_upstream_distance_m = 0.0;
      reach.main_stem_id = no_id;
      reach.basin_id = no_id;
      reach.is_minor_branch = false;
      continue;
    }
    reach.strahler = strahler[p];
    reach.shreve = shreve[p];
    reach.hack = stems.hack[p];
    reach.upstream_length_m = upstream[p];
    reach.distance_to_outlet_m = to_outlet[p];
    reach.max_upstream_distance_m = max_upstream[p];
    reach.main_stem_id = stems.main_stem_id[p];
    reach.basin_id = stems.basin_id[p];
    reach.is_minor_branch = major.minor[p] != 0;
  }
  reporter.finish();
}

} // namespace georiviere
