// Defects found in the data, reported instead of thrown.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "georiviere/core/geometry.hpp"

namespace georiviere {

enum class ProblemKind {
  duplicate,         // an exact duplicate of another line, dropped
  zero_length,       // a line or part of zero length, dropped
  invalid_geometry,  // fewer than two distinct vertices after cleaning
  cycle,             // reaches that form a directed cycle
  reversed,          // a line that flows against its neighbours
  diffluence,        // a node with more than one outflow
  disconnected,      // a piece not connected to the largest component
  multiple_outlets,  // a connected component with several outlets
  gap,               // a dangling end close to a line but not joined to it
  crossing,          // two lines cross without a shared node
  topology_mismatch, // trusted topology and geometry disagree
  unknown_direction, // no rule of the region profile decided the direction
  unexpected_sink    // a sink of the directed network at no known outlet
};

inline std::string_view to_string(ProblemKind kind) {
  switch (kind) {
  case ProblemKind::duplicate: return "duplicate";
  case ProblemKind::zero_length: return "zero_length";
  case ProblemKind::invalid_geometry: return "invalid_geometry";
  case ProblemKind::cycle: return "cycle";
  case ProblemKind::reversed: return "reversed";
  case ProblemKind::diffluence: return "diffluence";
  case ProblemKind::disconnected: return "disconnected";
  case ProblemKind::multiple_outlets: return "multiple_outlets";
  case ProblemKind::gap: return "gap";
  case ProblemKind::crossing: return "crossing";
  case ProblemKind::topology_mismatch: return "topology_mismatch";
  case ProblemKind::unknown_direction: return "unknown_direction";
  case ProblemKind::unexpected_sink: return "unexpected_sink";
  }
  return "unknown";
}

// One defect with where it happens: a point (a node, a gap end), lines (the
// reaches or source lines involved), or both.
struct Problem {
  ProblemKind kind = ProblemKind::gap;
  std::string message;
  std::vector<Point> points;
  std::vector<Polyline> lines;
  std::vector<std::int64_t> reach_ids;   // reaches involved, if any
  std::vector<std::int64_t> source_fids; // source features involved, if any
};

} // namespace georiviere
