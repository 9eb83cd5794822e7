// Point and linear events on rivers: observations, works and river states
// held by measures along a river, each with its attributes.
//
// An event names its river by main_stem_id and stores measures in metres
// along the river from its source (see rivers.hpp). Because the measures
// belong to the river and not to one reach, an event keeps its place when
// the reaches are rebuilt after a geometry edit: event_position() and
// event_pieces() map it to reaches and measures along them through the
// river spans of the current network.
//
// Splitting a linear event gives two events with all its attributes.
// Merging joins neighbouring events of one river, those whose ranges touch,
// under a MergeRule that loses no attribute value:
// - MergeRule::equal_attributes (default) merges two events only when they
//   have the same attribute names with equal values;
// - MergeRule::join_values always merges touching events. An attribute
//   with one value on both (a missing attribute is a null) keeps that value
//   and its type; otherwise it becomes text joining both values, upstream
//   first, with "; ", nulls written "null".
// Overlapping events are never merged, whatever the rule.
//
// Complexity: merge_events() is O(n log n) for n events; event_pieces() is
// O(log r + k) for r reaches on the river and k pieces.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/detail/field_value_text.hpp"
#include "georiviere/detail/line_measures.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/referencing/rivers.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

// Attribute values of an event by name.
using EventAttributes = std::map<std::string, FieldValue>;

// An event at one place on a river, such as an observation.
struct PointEvent {
  ReachId main_stem_id = no_id; // the river
  double measure_m = 0.0;       // from the river's source
  EventAttributes attributes;
};

// An event over a range of a river, such as a morphology class from
// start_m to end_m (start_m <= end_m, measured from the river's source).
struct LinearEvent {
  ReachId main_stem_id = no_id;
  double start_m = 0.0;
  double end_m = 0.0;
  EventAttributes attributes;

  double length_m() const { return end_m - start_m; }
};

// The part of a linear event on one reach, with measures along the river
// and along the reach from its upstream end.
struct EventPiece {
  ReachId reach = no_id;
  double start_m = 0.0;
  double end_m = 0.0;
  double reach_start_m = 0.0;
  double reach_end_m = 0.0;
};

enum class MergeRule { equal_attributes, join_values };

struct MergeOptions {
  MergeRule rule = MergeRule::equal_attributes;
  // Events whose end and start are this close, in metres, touch.
  double touch_tolerance_m = 1e-6;
};

// Splits a linear event at `at_m` into its upstream and downstream parts,
// each with every attribute of the event. Throws InvalidInputError unless
// start_m < at_m < end_m.
inline std::pair<LinearEvent, LinearEvent> split_event(const LinearEvent& event,
                                                       double at_m) {
  if (!(at_m > event.start_m && at_m < event.end_m)) {
    throw InvalidInputError(
        "cannot split the event from " + std::to_string(event.start_m) +
        " m to " + std::to_string(event.end_m) + " m at " +
        std::to_string(at_m) + " m: give a measure strictly inside it");
  }
  LinearEvent upstream = event;
  LinearEvent downstream = event;
  upstream.end_m = at_m;
  downstream.start_m = at_m;
  return {std::move(upstream), std::move(downstream)};
}

namespace detail {

// The attribute value of `name`, a null when the event lacks it.
inline FieldValue attribute_or_null(const EventAttributes& attributes,
                                    const std::string& name) {
  const auto it = attributes.find(name);
  return it == attributes.end() ? FieldValue{} : it->second;
}

// The attributes of the merge of `upstream` and `downstream` under
// MergeRule::join_values.
inline EventAttributes join_attributes(const EventAttributes& upstream,
                                       const EventAttributes& downstream) {
  EventAttributes merged;
  std::vector<std::string> names;
  for (const auto& [name, value] : upstream) {
    names.push_back(name);
  }
  for (const auto& [name, value] : downstream) {
    names.push_back(name);
  }
  for (const std::string& name : names) {
    if (merged.count(name) != 0) {
      continue;
    }
    const FieldValue first = attribute_or_null(upstream, name);
    const FieldValue second = attribute_or_null(downstream, name);
    merged[name] = first == second ? first
                                   : FieldValue{field_value_text(first) + "; " +
                                                field_value_text(second)};
  }
  return merged;
}

} // namespace detail

// Merges every run of touching events of one river that the rule allows,
// and returns the events sorted by main_stem_id, start_m and end_m. Throws
// InvalidInputError for an event with start_m > end_m or a NaN measure.
inline std::vector<LinearEvent> merge_events(std::vector<LinearEvent> events,
                                             const MergeOptions& options = {}) {
  for (const LinearEvent& event : events) {
    if (!(event.start_m <= event.end_m)) {
      throw InvalidInputError(
          "invalid linear event on main stem " +
          std::to_string(event.main_stem_id) + " from " +
          std::to_string(event.start_m) + " m to " +
          std::to_string(event.end_m) +
          " m: start_m must not exceed end_m, and neither may be NaN");
    }
  }
  std::stable_sort(events.begin(), events.end(),
                   [](const LinearEvent& a, const LinearEvent& b) {
                     if (a.main_stem_id != b.main_stem_id) {
                       return a.main_stem_id < b.main_stem_id;
                     }
                     if (a.start_m != b.start_m) {
                       return a.start_m < b.start_m;
                     }
                     return a.end_m < b.end_m;
                   });

  std::vector<LinearEvent> merged;
  for (LinearEvent& event : events) {
    if (!merged.empty()) {
      LinearEvent& last = merged.back();
      const bool touching =
          last.main_stem_id == event.main_stem_id &&
          std::abs(event.start_m - last.end_m) <= options.touch_tolerance_m;
      const bool allowed = options.rule == MergeRule::join_values ||
                           last.attributes == event.attributes;
      if (touching && allowed) {
        if (options.rule == MergeRule::join_values) {
          last.attributes =
              detail::join_attributes(last.attributes, event.attributes);
        }
        last.end_m = std::max(last.end_m, event.end_m);
        continue;
      }
    }
    merged.push_back(std::move(event));
  }
  return merged;
}

// The reach and the measure along it of a point event on `river`. nullopt
// when the event is on another river or beyond the river's ends, as after
// an edit that shortened the river.
inline std::optional<RiverPosition> event_position(const River& river,
                                                   const PointEvent& event) {
  if (event.main_stem_id != river.main_stem_id) {
    return std::nullopt;
  }
  return position_on_river(river, event.measure_m);
}

// The parts of a linear event on each reach of `river`, upstream to
// downstream, clipped to the river. Empty when the event is on another
// river or entirely beyond its ends. An event of zero length gives one
// piece of zero length.
inline std::vector<EventPiece> event_pieces(const River& river,
                                            const LinearEvent& event) {
  std::vector<EventPiece> pieces;
  if (event.main_stem_id != river.main_stem_id || river.reaches.empty()) {
    return pieces;
  }
  const double start = std::max(event.start_m, 0.0);
  const double end = std::min(event.end_m, river.length_m);
  const std::optional<std::size_t> first = span_at(river, start);
  if (!first || start > end) {
    return pieces;
  }
  for (std::size_t s = *first; s < river.reaches.size(); ++s) {
    const RiverReachSpan& span = river.reaches[s];
    if (span.start_m > end || (span.start_m == end && !pieces.empty())) {
      break;
    }
    EventPiece piece;
    piece.reach = span.reach;
    piece.start_m = std::max(start, span.start_m);
    piece.end_m = std::min(end, span.end_m);
    piece.reach_start_m = piece.start_m - span.start_m;
    piece.reach_end_m = piece.end_m - span.start_m;
    pieces.push_back(piece);
  }
  return pieces;
}

// The point of a point event on the river geometry (see river_geometry()),
// clamped to the river's ends.
inline Point event_point(const Polyline& river_line, const PointEvent& event) {
  return detail::point_at_measure(river_line, event.measure_m);
}

// The line of a linear event on the river geometry, clipped to the river,
// with Z and M interpolated at its ends.
inline Polyline event_line(const Polyline& river_line,
                           const LinearEvent& event) {
  return detail::sub_line(river_line, event.start_m, event.end_m);
}

// The measure from the river's source of a kilometre point under `rules`,
// the inverse of KilometrePointRules::value(). nullopt when the place lies
// beyond the river's ends by more than 1 mm.
inline std::optional<double>
measure_at_kilometre_point(const River& river, const KilometrePointRules& rules,
                           double kilometre_point) {
  const bool grows_with_distance =
      (rules.origin == KilometreOrigin::mouth) ==
      (rules.increase == KilometreIncrease::upstream);
  const double distance = grows_with_distance ? kilometre_point - rules.offset
                                              : rules.offset - kilometre_point;
  const double distance_m =
      rules.unit == KilometreUnit::km ? distance * 1000.0 : distance;
  const double measure = rules.origin == KilometreOrigin::mouth
                             ? river.length_m - distance_m
                             : distance_m;
  constexpr double tolerance_m = 1e-3;
  if (!(measure >= -tolerance_m && measure <= river.length_m + tolerance_m)) {
    return std::nullopt;
  }
  return std::clamp(measure, 0.0, river.length_m);
}

} // namespace georiviere
