// A short text summary of a RiverNetwork, printed by the benchmark programs
// so that another implementation run on the same input can be compared
// figure by figure.
#pragma once

#include <algorithm>
#include <cstdint>
#include <cstdio>
#include <map>
#include <string>

#include "georiviere/graph/network.hpp"

namespace georiviere::bench {

struct NetworkSummary {
  std::size_t reach_count = 0;
  std::size_t node_count = 0;
  std::map<NodeKind, std::size_t> nodes_by_kind;
  std::map<ProblemKind, std::size_t> problems_by_kind;
  std::map<int, std::size_t> reaches_by_strahler;
  std::int64_t max_shreve = 0;
  int max_hack = 0;
  double total_length_m = 0.0;
  double max_upstream_length_m = 0.0;
  double max_distance_to_outlet_m = 0.0;
  double max_upstream_distance_m = 0.0;
};

inline NetworkSummary summarize(const RiverNetwork& network) {
  NetworkSummary summary;
  summary.reach_count = network.reaches.size();
  summary.node_count = network.nodes.size();
  for (const Node& node : network.nodes) {
    ++summary.nodes_by_kind[node.kind];
  }
  for (const Problem& problem : network.problems) {
    ++summary.problems_by_kind[problem.kind];
  }
  for (const Reach& reach : network.reaches) {
    ++summary.reaches_by_strahler[reach.strahler];
    summary.max_shreve = std::max(summary.max_shreve, reach.shreve);
    summary.max_hack = std::max(summary.max_hack, reach.hack);
    summary.total_length_m += reach.length_m;
    summary.max_upstream_length_m =
        std::max(summary.max_upstream_length_m, reach.upstream_length_m);
    summary.max_distance_to_outlet_m =
        std::max(summary.max_distance_to_outlet_m, reach.distance_to_outlet_m);
    summary.max_upstream_distance_m = std::max(
        summary.max_upstream_distance_m, reach.max_upstream_distance_m);
  }
  return summary;
}

// Prints the summary as "key=value" lines, one figure per line.
inline void print_summary(const NetworkSummary& summary, std::FILE* out) {
  std::fprintf(out, "reaches=%zu\nnodes=%zu\n", summary.reach_count,
               summary.node_count);
  for (const auto& [kind, count] : summary.nodes_by_kind) {
    std::fprintf(out, "nodes.%s=%zu\n", std::string(to_string(kind)).c_str(),
                 count);
  }
  for (const auto& [kind, count] : summary.problems_by_kind) {
    std::fprintf(out, "problems.%s=%zu\n",
                 std::string(to_string(kind)).c_str(), count);
  }
  for (const auto& [order, count] : summary.reaches_by_strahler) {
    std::fprintf(out, "strahler.%d=%zu\n", order, count);
  }
  std::fprintf(out, "max_shreve=%lld\n",
               static_cast<long long>(summary.max_shreve));
  std::fprintf(out, "max_hack=%d\n", summary.max_hack);
  std::fprintf(out, "total_length_m=%.3f\n", summary.total_length_m);
  std::fprintf(out, "max_upstream_length_m=%.3f\n",
               summary.max_upstream_length_m);
  std::fprintf(out, "max_distance_to_outlet_m=%.3f\n",
               summary.max_distance_to_outlet_m);
  std::fprintf(out, "max_upstream_distance_m=%.3f\n",
               summary.max_upstream_distance_m);
}

} // namespace georiviere::bench
