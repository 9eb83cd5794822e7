// Builds a directed, attributed river network from river lines.
//
// The pipeline: build_topology() joins and splits lines and merges them into
// reaches, check_direction() reports direction defects, compute_metrics()
// fills the per-reach attributes. Each step is also usable on its own.
#pragma once

#include <string>

#include "georiviere/core/line_set.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/check_direction.hpp"
#include "georiviere/graph/metrics.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/topology/build_topology.hpp"

namespace georiviere {

struct NetworkOptions {
  // Endpoints closer than this, in metres, are joined, and an endpoint this
  // close to another line's interior splits that line (a T-junction).
  double snap_tolerance_m = 0.0;
  // Split lines where they cross each other. Off by default, because
  // crossings without a shared vertex are usually bridges or culverts.
  bool split_crossings = false;
  // Dangling ends closer than this to another line, but not joined to it,
  // are reported as gaps. Negative: 10 times the snap tolerance, at least
  // 1 m.
  double gap_tolerance_m = -1.0;
  // Source field holding river names: reach names, and main stems follow
  // name continuity before the longest upstream path. Empty: no names.
  std::string name_field;
  ProgressCallback progress;
};

// Runs the whole pipeline. Data defects go to the returned network's
// problems. Throws InvalidInputError for an empty LineSet, a negative
// tolerance, or a name field the attributes do not have.
inline RiverNetwork build_network(LineSet lines,
                                  const NetworkOptions& options) {
  TopologyOptions topology;
  topology.snap_tolerance_m = options.snap_tolerance_m;
  topology.split_crossings = options.split_crossings;
  topology.gap_tolerance_m = options.gap_tolerance_m;
  topology.name_field = options.name_field;
  topology.progress = options.progress;
  RiverNetwork network = build_topology(std::move(lines), topology);

  check_direction(network, options.progress);

  MetricOptions metrics;
  metrics.use_names = !options.name_field.empty();
  metrics.progress = options.progress;
  compute_metrics(network, metrics);
  return network;
}

} // namespace georiviere
