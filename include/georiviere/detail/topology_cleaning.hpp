// Input checks, vertex cleaning and duplicate removal: the first steps of
// build_topology().
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/spatial_grid.hpp"
#include "georiviere/detail/topology_format.hpp"
#include "georiviere/detail/topology_segments.hpp"

namespace georiviere::detail {

inline std::string describe_source(const LineSet& input) {
  return input.source.empty() ? std::string("the input lines") : input.source;
}

// Throws InvalidInputError unless the tolerance is a finite number >= 0.
inline void check_tolerance(const char* name, double value) {
  if (!std::isfinite(value) || value < 0.0) {
    throw InvalidInputError(std::string(name) +
                            " must be a finite number of metres >= 0, got " +
                            format_shortest(value));
  }
}

// Throws InvalidInputError unless name_field is empty or a field of the
// attribute table.
inline void check_name_field(const LineSet& input,
                             const std::string& name_field) {
  if (name_field.empty() ||
      input.attributes.field_index(name_field) >= 0) {
    return;
  }
  std::string available;
  for (const FieldDefinition& field : input.attributes.fields) {
    available += (available.empty() ? "" : ", ") + field.name;
  }
  throw InvalidInputError(
      "name field '" + name_field + "' not found in " +
      describe_source(input) + "; " +
      (available.empty() ? std::string("the layer has no attribute fields")
                         : "available fields: " + available));
}

inline std::string describe_line(const LineSet& input,
                                 const SourceLine& line) {
  return "line fid " + std::to_string(line.fid) + " in " +
         describe_source(input);
}

// Throws InvalidInputError for a line with a NaN or infinite coordinate,
// Z or M arrays of the wrong size, or an attribute row out of range.
inline void check_line(const LineSet& input, const SourceLine& line,
                       bool needs_rows) {
  const Polyline& geometry = line.geometry;
  for (std::size_t i = 0; i < geometry.points.size(); ++i) {
    const Point& p = geometry.points[i];
    if (!std::isfinite(p.x) || !std::isfinite(p.y)) {
      throw InvalidInputError(describe_line(input, line) +
                              " has a NaN or infinite coordinate at vertex " +
                              std::to_string(i) +
                              "; fix or remove that feature");
    }
  }
  const std::size_t size = geometry.points.size();
  for (const auto& [values, name] :
       {std::pair{&geometry.z, "Z"}, std::pair{&geometry.m, "M"}}) {
    if (!values->empty() && values->size() != size) {
      throw InvalidInputError(
          describe_line(input, line) + " has " +
          std::to_string(values->size()) + " " + name + " values for " +
          std::to_string(size) + " vertices; " + name +
          " must be empty or one per vertex");
    }
  }
  if (needs_rows && line.row >= input.attributes.size()) {
    throw InvalidInputError(describe_line(input, line) +
                            " refers to attribute row " +
                            std::to_string(line.row) +
                            ", but the attribute table has " +
                            std::to_string(input.attributes.size()) +
                            " rows");
  }
}

// Checks the whole input; see build_topology() for what throws.
inline void validate_topology_input(const LineSet& input,
                                    double snap_tolerance_m,
                                    double gap_tolerance_m,
                                    const std::string& name_field) {
  check_tolerance("snap tolerance", snap_tolerance_m);
  if (std::isnan(gap_tolerance_m) || std::isinf(gap_tolerance_m)) {
    throw InvalidInputError(
        "gap tolerance must be a finite number of metres (negative for the "
        "default), got " +
        format_shortest(gap_tolerance_m));
  }
  if (input.lines.empty()) {
    throw InvalidInputError("no lines in " + describe_source(input) +
                            ": the layer is empty or the filter matched no "
                            "feature");
  }
  check_name_field(input, name_field);
  const bool needs_rows = !name_field.empty() || input.attributes.size() > 0;
  for (const SourceLine& line : input.lines) {
    check_line(input, line, needs_rows);
  }
}

// Removes the lines for which drop[i] is true, keeping the order of the
// others.
inline void erase_lines(std::vector<SourceLine>& lines,
                        const std::vector<bool>& drop) {
  std::size_t kept_count = 0;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    if (!drop[i]) {
      if (kept_count != i) {
        lines[kept_count] = std::move(lines[i]);
      }
      ++kept_count;
    }
  }
  lines.resize(kept_count);
}

// Removes repeated vertices from every line, then drops the lines left with
// fewer than two vertices and reports each as a zero_length problem.
inline void remove_zero_length_lines(std::vector<SourceLine>& lines,
                                     std::vector<Problem>& problems,
                                     const ProgressCallback& progress) {
  ProgressReporter reporter(progress, "cleaning", lines.size());
  std::vector<bool> drop(lines.size(), false);
  bool any_dropped = false;
  for (std::size_t i = 0; i < lines.size(); ++i) {
    reporter.update(i);
    SourceLine& line = lines[i];
    const std::size_t original_size = line.geometry.size();
    if (remove_repeated_vertices(line.geometry) >= 2) {
      continue;
    }
    Problem problem;
    problem.kind = ProblemKind::zero_length;
    problem.message = "line fid " + std::to_string(line.fid) +
                      " has zero length (" + std::to_string(original_size) +
                      (original_size == 1 ? " vertex" : " vertices") +
                      (original_size > 1 ? " at one point" : "") +
                      "); dropped";
    if (!line.geometry.empty()) {
      problem.points.push_back(line.geometry.front());
    }
    problem.source_fids.push_back(line.fid);
    problems.push_back(std::move(problem));
    drop[i] = true;
    any_dropped = true;
  }
  if (any_dropped) {
    erase_lines(lines, drop);
  }
  reporter.finish();
}

// True when the reversed vertex sequence sorts before the forward one, so
// that a line and its reverse share one canonical direction.
inline bool canonical_is_reversed(const std::vector<Point>& points) {
  const auto less = [](const Point& a, const Point& b) {
    return a.x < b.x || (a.x == b.x && a.y < b.y);
  };
  std::size_t i = 0;
  std::size_t j = points.size() - 1;
  for (; i < j; ++i, --j) {
    if (!(points[i] == points[j])) {
      return less(points[j], points[i]);
    }
  }
  return false;
}

// Hash of the vertex count and of the first two and last two vertices read
// in the canonical direction, equal for a line and its reverse. The line
// must have at least two vertices. Lines that differ only between those
// vertices collide and are compared in full, so many such lines make the
// duplicate search quadratic in their number.
inline std::uint64_t canonical_hash(const std::vector<Point>& points) {
  const bool reversed = canonical_is_reversed(points);
  std::uint64_t hash = points.size();
  const std::size_t n = points.size();
  for (const std::size_t k : {std::size_t{0}, std::size_t{1}, n - 2, n - 1}) {
    const Point& p = points[reversed ? n - 1 - k : k];
    // Adding 0.0 turns -0.0 into 0.0, which compares equal to it.
    hash = mix_bits(hash ^ std::bit_cast<std::uint64_t>(p.x + 0.0)) +
           std::bit_cast<std::uint64_t>(p.y + 0.0);
  }
  return mix_bits(hash);
}

// Drops each line whose vertex sequence equals that of an earlier line, in
// the same or the reverse direction, and reports it as a duplicate problem
// naming both fids. Only X and Y are compared. Expected O(vertices): lines
// are compared only when their hashes are equal.
inline void remove_duplicate_lines(std::vector<SourceLine>& lines,
                                   std::vector<Problem>& problems,
                                   const ProgressCallback& progress) {
  ProgressReporter reporter(progress, "cleaning", lines.size());
  constexpr std::uint32_t empty = std::numeric_limits<std::uint32_t>::max();
  // Open addressing: each slot stores a line and its hash, so that a probe
  // reads one cache line.
  struct Slot {
    std::uint64_t hash = 0;
    std::uint32_t line = empty;
  };
  const std::size_t slot_count = std::bit_ceil(2 * lines.size() + 16);
  std::vector<Slot> slots(slot_count);
  std::vector<bool> drop(lines.size(), false);
  bool any_dropped = false;

  for (std::size_t i = 0; i < lines.size(); ++i) {
    reporter.update(i);
    const std::vector<Point>& points = lines[i].geometry.points;
    const std::uint64_t hash = canonical_hash(points);
    std::size_t slot = hash & (slot_count - 1);
    for (; slots[slot].line != empty; slot = (slot + 1) & (slot_count - 1)) {
      if (slots[slot].hash != hash) {
        continue;
      }
      const SourceLine& original = lines[slots[slot].line];
      const std::vector<Point>& others = original.geometry.points;
      if (others.size() != points.size()) {
        continue;
      }
      const bool same =
          std::equal(points.begin(), points.end(), others.begin());
      if (!same &&
          !std::equal(points.begin(), points.end(), others.rbegin())) {
        continue;
      }
      const SourceLine& line = lines[i];
      Problem problem;
      problem.kind = ProblemKind::duplicate;
      problem.message = "line fid " + std::to_string(line.fid) +
                        " has the same vertices as line fid " +
                        std::to_string(original.fid) +
                        (same ? "" : " in reverse order") +
                        "; dropped fid " + std::to_string(line.fid);
      problem.lines.push_back(line.geometry);
      problem.source_fids = {line.fid, original.fid};
      problems.push_back(std::move(problem));
      drop[i] = true;
      any_dropped = true;
      break;
    }
    if (!drop[i]) {
      slots[slot] = {hash, static_cast<std::uint32_t>(i)};
    }
  }
  if (any_dropped) {
    erase_lines(lines, drop);
  }
  reporter.finish();
}

} // namespace georiviere::detail
