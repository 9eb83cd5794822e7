// Cuts every river into segments: of a fixed length, at confluences, or
// where a reach attribute changes, or any combination of these.
//
// Boundaries first: each river is cut at its confluences (the nodes between
// two of its reaches where another reach flows in) when
// SegmentOptions::at_confluences is set, and between two of its reaches
// whose values of SegmentOptions::attribute differ. Then each part between
// two boundaries is cut every SegmentOptions::length_m metres from its
// upstream end, so that its last segment is shorter, or, with `balanced`,
// into the same number of segments of equal length. The segments of a
// river therefore cover it from source to mouth without gap or overlap,
// and their lengths add up to the river's length.
//
// A segment may span several reaches. It records the reach and the measure
// along it at each of its ends, the reaches it covers, its measures along
// the river, and its geometry cut from the river geometry. Its attributes
// are the source attributes (RiverNetwork::attributes) that every source
// row of every reach it covers shares, and null where they differ.
//
// Complexity: O(R + n (k + log v)) for R reaches, n segments, k vertices
// per segment and v vertices per river. Throws InvalidInputError for a negative
// or NaN length, an unknown attribute, or more than max_segments segments, and
// CancelledError when the progress callback returns false.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <string>
#include <variant>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/field_value_text.hpp"
#include "georiviere/detail/line_measures.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/referencing/rivers.hpp"

namespace georiviere {

struct SegmentOptions {
  // Length of the segments in metres; 0 cuts only at the boundaries below.
  double length_m = 0.0;
  // Cut each part into segments of equal length, as many as fixed-length
  // segments would be, in place of shortening the last one.
  bool balanced = false;
  // Cut where a tributary flows in.
  bool at_confluences = false;
  // Cut between two reaches whose values of this attribute differ: a field
  // of RiverNetwork::attributes, or else one of the reach fields name,
  // strahler, shreve and hack. Empty: no attribute cut.
  std::string attribute;
  // Maximum number of segments, against a length given in the wrong unit.
  std::size_t max_segments = 50'000'000;
  ProgressCallback progress;
};

struct RiverSegment {
  ReachId main_stem_id = no_id;
  std::string river_name;
  std::size_t index = 0; // within its river, from 0 at the source
  double start_m = 0.0;  // along the river from its source
  double end_m = 0.0;
  ReachId start_reach = no_id;
  double start_reach_measure_m = 0.0; // along start_reach from its upstream end
  ReachId end_reach = no_id;
  double end_reach_measure_m = 0.0;
  std::vector<ReachId> reaches; // every reach it covers, upstream first
  Polyline geometry;
  // By field of RiverNetwork::attributes; null where the source rows of
  // its reaches differ.
  std::vector<FieldValue> attributes;

  double length_m() const { return end_m - start_m; }
};

namespace detail {

// A length for a message, with enough digits to show values such as 1e-9
// that std::to_string() rounds to 0.000000.
inline std::string length_text(double length_m) {
  char text[32];
  std::snprintf(text, sizeof text, "%.9g", length_m);
  return text;
}

// The values of a reach attribute by reach id, as text for comparison:
// the source field's value shared by the reach's source rows, or one
// marker for every reach whose rows differ, or a reach field.
inline std::vector<std::string>
reach_attribute_keys(const RiverNetwork& network,
                     const std::string& attribute) {
  std::vector<std::string> keys(network.reaches.size());
  const int field = network.attributes.field_index(attribute);
  for (const Reach& reach : network.reaches) {
    std::string& key = keys[reach.id];
    if (field >= 0) {
      std::optional<FieldValue> shared;
      bool differ = false;
      for (const std::uint32_t row : reach.source_rows) {
        const FieldValue& value = network.attributes.rows[row][field];
        differ = differ || (shared && *shared != value);
        shared = value;
      }
      if (differ) {
        key = "\x01mixed";
      } else if (!shared) {
        key = "\x01no source row";
      } else {
        key = std::to_string(shared->index()) + ":" + field_value_text(*shared);
      }
    } else if (attribute == "name") {
      key = reach.name;
    } else if (attribute == "strahler") {
      key = std::to_string(reach.strahler);
    } else if (attribute == "shreve") {
      key = std::to_string(reach.shreve);
    } else if (attribute == "hack") {
      key = std::to_string(reach.hack);
    } else {
      std::string fields;
      for (const FieldDefinition& definition : network.attributes.fields) {
        fields += definition.name + ", ";
      }
      throw InvalidInputError(
          "unknown segment attribute '" + attribute + "': use a source field" +
          (fields.empty() ? std::string(" (the network has none)")
                          : " (" + fields.substr(0, fields.size() - 2) + ")") +
          " or one of name, strahler, shreve, hack");
    }
  }
  return keys;
}

// The boundaries of the river's parts, from 0 to its length.
inline std::vector<double>
part_boundaries(const RiverNetwork& network, const River& river,
                const SegmentOptions& options,
                const std::vector<std::string>& attribute_keys) {
  std::vector<double> boundaries{0.0};
  for (std::size_t s = 0; s + 1 < river.reaches.size(); ++s) {
    const Reach& above = network.reaches[river.reaches[s].reach];
    const Reach& below = network.reaches[river.reaches[s + 1].reach];
    const bool confluence =
        options.at_confluences && network.nodes[above.to_node].in_degree >= 2;
    const bool attribute_change =
        !attribute_keys.empty() &&
        attribute_keys[above.id] != attribute_keys[below.id];
    if (confluence || attribute_change) {
      boundaries.push_back(river.reaches[s].end_m);
    }
  }
  if (river.length_m > boundaries.back() || boundaries.size() == 1) {
    boundaries.push_back(river.length_m);
  }
  return boundaries;
}

// The cut measures of one part [start, end], both included.
inline std::vector<double> part_cuts(double start, double end,
                                     const SegmentOptions& options) {
  const double length = end - start;
  if (options.length_m <= 0.0 || length <= options.length_m) {
    return {start, end};
  }
  // The small margin keeps a part of 3 * L from getting a 4th segment of
  // rounding-error length.
  const double count_real = std::ceil(length / options.length_m - 1e-9);
  const auto count = static_cast<std::size_t>(count_real);
  const double step =
      options.balanced ? length / static_cast<double>(count) : options.length_m;
  std::vector<double> cuts;
  cuts.reserve(count + 1);
  for (std::size_t i = 0; i < count; ++i) {
    cuts.push_back(start + static_cast<double>(i) * step);
  }
  cuts.push_back(end);
  return cuts;
}

// The index of the span holding the downstream end of a segment ending at
// `end_m`: at a boundary between two spans, the upstream one.
inline std::size_t end_span(const River& river, double end_m) {
  std::size_t index = span_at(river, end_m).value_or(river.reaches.size() - 1);
  while (index > 0 && river.reaches[index].start_m >= end_m) {
    --index;
  }
  return index;
}

// The source attribute values that every source row of `reaches` shares,
// null where they differ.
inline std::vector<FieldValue>
shared_attributes(const RiverNetwork& network,
                  const std::vector<ReachId>& reaches) {
  const std::size_t count = network.attributes.fields.size();
  std::vector<FieldValue> values(count);
  std::vector<char> seen(count, 0);
  std::vector<char> differ(count, 0);
  for (const ReachId reach : reaches) {
    for (const std::uint32_t row : network.reaches[reach].source_rows) {
      const std::vector<FieldValue>& source = network.attributes.rows[row];
      for (std::size_t f = 0; f < count && f < source.size(); ++f) {
        if (!seen[f]) {
          values[f] = source[f];
          seen[f] = 1;
        } else if (values[f] != source[f]) {
          differ[f] = 1;
        }
      }
    }
  }
  for (std::size_t f = 0; f < count; ++f) {
    if (differ[f]) {
      values[f] = FieldValue{};
    }
  }
  return values;
}

} // namespace detail

// Cuts each river of `rivers` (see list_rivers()) into segments, river by
// river in the given order, each from its source to its mouth.
inline std::vector<RiverSegment>
segment_rivers(const RiverNetwork& network, const std::vector<River>& rivers,
               const SegmentOptions& options) {
  if (!(options.length_m >= 0.0) || !std::isfinite(options.length_m)) {
    throw InvalidInputError("invalid segment length " +
                            detail::length_text(options.length_m) +
                            ": give a length in metres, more than 0, or 0 "
                            "for no fixed-length cut");
  }
  std::vector<std::string> attribute_keys;
  if (!options.attribute.empty()) {
    attribute_keys = detail::reach_attribute_keys(network, options.attribute);
  }
  if (options.length_m > 0.0) {
    double total = 0.0;
    for (const River& river : rivers) {
      total += std::ceil(river.length_m / options.length_m) + 1.0;
    }
    if (total > static_cast<double>(options.max_segments)) {
      throw InvalidInputError(
          "a segment length of " + detail::length_text(options.length_m) +
          " m gives about " + std::to_string(static_cast<long long>(total)) +
          " segments, more than the maximum of " +
          std::to_string(options.max_segments) +
          ": give a longer length, in metres");
    }
  }

  std::vector<RiverSegment> segments;
  ProgressReporter reporter(options.progress, "cutting rivers into segments",
                            rivers.size());
  for (std::size_t r = 0; r < rivers.size(); ++r) {
    reporter.update(r);
    const River& river = rivers[r];
    if (river.reaches.empty()) {
      continue;
    }
    const Polyline line = river_geometry(network, river);
    const std::vector<double> line_measures = detail::vertex_measures(line);
    const std::vector<double> boundaries =
        detail::part_boundaries(network, river, options, attribute_keys);
    std::size_t index = 0;
    for (std::size_t b = 0; b + 1 < boundaries.size(); ++b) {
      const std::vector<double> cuts =
          detail::part_cuts(boundaries[b], boundaries[b + 1], options);
      for (std::size_t c = 0; c + 1 < cuts.size(); ++c) {
        RiverSegment segment;
        segment.main_stem_id = river.main_stem_id;
        segment.river_name = river.name;
        segment.index = index++;
        segment.start_m = cuts[c];
        segment.end_m = cuts[c + 1];

        const std::size_t first = span_at(river, segment.start_m).value_or(0);
        const std::size_t last =
            std::max(first, detail::end_span(river, segment.end_m));
        const RiverReachSpan& start_span = river.reaches[first];
        const RiverReachSpan& end_span = river.reaches[last];
        segment.start_reach = start_span.reach;
        segment.start_reach_measure_m = segment.start_m - start_span.start_m;
        segment.end_reach = end_span.reach;
        segment.end_reach_measure_m = segment.end_m - end_span.start_m;
        for (std::size_t s = first; s <= last; ++s) {
          segment.reaches.push_back(river.reaches[s].reach);
        }

        segment.geometry = detail::sub_line(line, segment.start_m,
                                            segment.end_m, line_measures);
        segment.attributes =
            detail::shared_attributes(network, segment.reaches);
        segments.push_back(std::move(segment));
      }
    }
  }
  reporter.finish();
  return segments;
}

} // namespace georiviere
