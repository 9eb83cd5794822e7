// Rivers of a network for linear referencing: the reaches of each main stem,
// upstream to downstream, with their measures along the river.
//
// A river is the chain of reaches that share one Reach::main_stem_id (see
// graph/main_stem.hpp). Its source is the upstream end of its most upstream
// reach and its mouth the downstream end of its most downstream reach, the
// reach whose id is main_stem_id: a confluence with the receiving river, or
// the network outlet. Measures run along the river from its source, in
// metres, and add up the lengths of the reach geometries, so that they agree
// with the measures of NetworkLocation (queries.hpp).
//
// Preconditions: compute_metrics() has filled main_stem_id and
// distance_to_outlet_m, and the graph is current (rebuild_graph()). Reaches
// in directed cycles have no main stem and belong to no river.
// NOTE: a river that flows through a directed cycle skips it: the reach
// below the cycle follows the reach above it in the river, and their
// measures touch although their geometries do not.
// Complexity: list_rivers() is O(V + E); river lookups are O(R) for R
// rivers; positions along a river are O(log n) for n reaches.
#pragma once

#include <algorithm>
#include <charconv>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/graph/queries.hpp"

namespace georiviere {

// A span of one reach on a river, in metres along the river from its source.
struct RiverReachSpan {
  ReachId reach = no_id;
  double start_m = 0.0;
  double end_m = 0.0;

  double length_m() const { return end_m - start_m; }
};

// A river: the reaches of one main stem (same Reach::main_stem_id),
// upstream to downstream. Its mouth is its downstream end (a confluence
// with the receiving river, or the network outlet).
struct River {
  ReachId main_stem_id = no_id;
  std::string name;                    // name of its reaches, "" if unnamed
  std::vector<RiverReachSpan> reaches; // upstream to downstream
  double length_m = 0.0;
  double mouth_distance_to_outlet_m =
      0.0; // from its mouth to the network outlet
};

// A place on a river given as a reach and a measure along that reach from
// its upstream end, in metres.
struct RiverPosition {
  ReachId reach = no_id;
  double reach_measure_m = 0.0;
};

namespace detail {

// The river's name: the name of its most downstream named reach, so that a
// river whose upper reaches carry no name still gets one.
inline std::string river_name(const RiverNetwork& network,
                              const std::vector<RiverReachSpan>& spans) {
  for (auto it = spans.rbegin(); it != spans.rend(); ++it) {
    const std::string& name = network.reaches[it->reach].name;
    if (!name.empty()) {
      return name;
    }
  }
  return {};
}

// The inflow of `node` on main stem `stem` that is not yet in a chain
// (`seen`, by reach id), or no_id. The nodes of a directed cycle act as one
// node for the metrics, so the search goes on upstream through reaches in
// cycles.
inline ReachId stem_inflow(const RiverNetwork& network, NodeId node,
                           ReachId stem, const std::vector<char>& seen) {
  std::vector<NodeId> pending{node};
  std::unordered_set<NodeId> visited{node};
  while (!pending.empty()) {
    const NodeId current = pending.back();
    pending.pop_back();
    for (const ReachId inflow : network.inflows(current)) {
      const Reach& reach = network.reaches[inflow];
      if (reach.main_stem_id == stem && !seen[inflow]) {
        return inflow;
      }
      if (reach.in_cycle && visited.insert(reach.from_node).second) {
        pending.push_back(reach.from_node);
      }
    }
  }
  return no_id;
}

// The reaches of the stem whose most downstream reach is `mouth_reach`,
// upstream to downstream, marked in `seen`. At each node the stem continues
// into the one inflow with the same main_stem_id (trace_main_stems() gives
// each stem one inflow per node).
inline std::vector<ReachId> stem_reaches(const RiverNetwork& network,
                                         ReachId mouth_reach,
                                         std::vector<char>& seen) {
  const ReachId stem = network.reaches[mouth_reach].main_stem_id;
  std::vector<ReachId> chain{mouth_reach};
  seen[mouth_reach] = 1;
  for (ReachId next = stem_inflow(
           network, network.reaches[mouth_reach].from_node, stem, seen);
       next != no_id;
       next =
           stem_inflow(network, network.reaches[next].from_node, stem, seen)) {
    seen[next] = 1;
    chain.push_back(next);
  }
  std::reverse(chain.begin(), chain.end());
  return chain;
}

} // namespace detail

// Lists every river of the network, by increasing main_stem_id. Throws
// InvalidInputError when the graph is not current, or when a reach's
// main_stem_id is not the id of a reach of the same stem (metrics not
// computed, or computed before the reaches were edited).
inline std::vector<River> list_rivers(const RiverNetwork& network) {
  detail::validate_graph(network);
  const auto count = static_cast<ReachId>(network.reaches.size());
  // Reaches per main stem, by the stem's id.
  std::vector<std::size_t> stem_sizes(network.reaches.size(), 0);
  for (const Reach& reach : network.reaches) {
    if (reach.main_stem_id == no_id) {
      continue;
    }
    if (reach.main_stem_id < 0 || reach.main_stem_id >= count ||
        network.reaches[reach.main_stem_id].main_stem_id !=
            reach.main_stem_id) {
      throw InvalidInputError(
          "reach " + std::to_string(reach.id) + " has main_stem_id " +
          std::to_string(reach.main_stem_id) +
          ", which is not the most downstream reach of a main stem: run "
          "compute_metrics() after editing the network");
    }
    ++stem_sizes[reach.main_stem_id];
  }

  // Each reach is on one stem, so one set of marks serves every stem.
  std::vector<char> seen(network.reaches.size(), 0);
  std::vector<River> rivers;
  for (ReachId stem = 0; stem < count; ++stem) {
    const std::size_t size = stem_sizes[stem];
    if (size == 0) {
      continue;
    }
    const std::vector<ReachId> chain =
        detail::stem_reaches(network, stem, seen);
    if (chain.size() != size) {
      throw InvalidInputError(
          "main stem " + std::to_string(stem) + " has " + std::to_string(size) +
          " reaches but only " + std::to_string(chain.size()) +
          " form a chain from its mouth upstream: run compute_metrics() "
          "after editing the network");
    }
    River river;
    river.main_stem_id = stem;
    double measure = 0.0;
    for (const ReachId reach : chain) {
      const double length = network.reaches[reach].geometry.length();
      river.reaches.push_back({reach, measure, measure + length});
      measure += length;
    }
    river.length_m = measure;
    river.name = detail::river_name(network, river.reaches);
    river.mouth_distance_to_outlet_m =
        network.reaches[stem].distance_to_outlet_m;
    rivers.push_back(std::move(river));
  }
  return rivers;
}

namespace detail {

inline std::string lower_ascii(std::string_view text) {
  std::string lower(text);
  for (char& c : lower) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return lower;
}

// Throws the InvalidInputError of find_rivers() for `name_or_id`. When no
// river has a name, the message names the name field as the missing source.
// Otherwise it suggests up to three names that match `name_or_id` when
// ASCII case is ignored, or that contain it in that way.
[[noreturn]] inline void throw_no_river(const std::vector<River>& rivers,
                                        std::string_view name_or_id) {
  std::string message =
      "no river named or with main stem id '" + std::string(name_or_id) + "'";
  const bool named =
      std::any_of(rivers.begin(), rivers.end(),
                  [](const River& r) { return !r.name.empty(); });
  if (!named) {
    throw InvalidInputError(
        message +
        ": the rivers have no names because no name field was read; give "
        "it (--name-field or --region in the CLI, name_field in Python), "
        "or give a main stem id");
  }
  const std::string key = lower_ascii(name_or_id);
  std::vector<std::string> exact;
  std::vector<std::string> partial;
  for (const River& river : rivers) {
    const std::string name = lower_ascii(river.name);
    std::vector<std::string>& list = name == key ? exact : partial;
    if ((name == key ||
         (!key.empty() && name.find(key) != std::string::npos)) &&
        std::find(list.begin(), list.end(), river.name) == list.end()) {
      list.push_back(river.name);
    }
  }
  exact.insert(exact.end(), partial.begin(), partial.end());
  if (exact.empty()) {
    message += ".";
  } else {
    message += "; did you mean ";
    for (std::size_t i = 0; i < exact.size() && i < 3; ++i) {
      message += (i ? ", '" : "'") + exact[i] + "'";
    }
    message += "?";
  }
  throw InvalidInputError(
      message +
      " Names are the reach names of the name field, matched with their "
      "case, and ids the main_stem_id of the reaches layer; list them with "
      "list_rivers() or Network.rivers()");
}

} // namespace detail

// Finds the rivers named `name_or_id` (exact, case-sensitive match), or
// else the river whose main_stem_id is `name_or_id` read as an integer.
// Several rivers may share a name, such as two brooks of one name in two
// basins: all of them are returned, longest first, ties to the lowest
// main_stem_id. Throws InvalidInputError naming the value when no river
// matches.
inline std::vector<const River*> find_rivers(const std::vector<River>& rivers,
                                             std::string_view name_or_id) {
  std::vector<const River*> found;
  for (const River& river : rivers) {
    if (!name_or_id.empty() && river.name == name_or_id) {
      found.push_back(&river);
    }
  }
  if (found.empty()) {
    ReachId id = no_id;
    const char* end = name_or_id.data() + name_or_id.size();
    const auto [parsed_end, error] =
        std::from_chars(name_or_id.data(), end, id);
    if (error == std::errc() && parsed_end == end) {
      for (const River& river : rivers) {
        if (river.main_stem_id == id) {
          found.push_back(&river);
        }
      }
    }
  }
  if (found.empty()) {
    detail::throw_no_river(rivers, name_or_id);
  }
  std::stable_sort(
      found.begin(), found.end(),
      [](const River* a, const River* b) { return a->length_m > b->length_m; });
  return found;
}

// Returns the first river of find_rivers(), the one of maximum length.
inline const River& find_river(const std::vector<River>& rivers,
                               std::string_view name_or_id) {
  return *find_rivers(rivers, name_or_id).front();
}

// Returns the river's geometry: the reach geometries concatenated, upstream
// to downstream, the vertex shared by two consecutive reaches kept once. Z
// and M are kept when every reach has them, and dropped otherwise.
inline Polyline river_geometry(const RiverNetwork& network,
                               const River& river) {
  bool all_z = !river.reaches.empty();
  bool all_m = !river.reaches.empty();
  for (const RiverReachSpan& span : river.reaches) {
    all_z = all_z && network.reaches[span.reach].geometry.has_z();
    all_m = all_m && network.reaches[span.reach].geometry.has_m();
  }
  Polyline line;
  for (const RiverReachSpan& span : river.reaches) {
    const Polyline& geometry = network.reaches[span.reach].geometry;
    for (std::size_t i = 0; i < geometry.size(); ++i) {
      if (i == 0 && !line.empty() && line.back() == geometry.points[0]) {
        continue;
      }
      line.points.push_back(geometry.points[i]);
      if (all_z) {
        line.z.push_back(geometry.z[i]);
      }
      if (all_m) {
        line.m.push_back(geometry.m[i]);
      }
    }
  }
  return line;
}

// The index in river.reaches of the span holding `measure_m`, a measure
// along the river from its source. A measure on the boundary of two spans
// goes to the downstream span, except the river's length, which goes to
// the last span. nullopt when the measure is outside [0, length_m] or the
// river has no reach.
inline std::optional<std::size_t> span_at(const River& river,
                                          double measure_m) {
  if (river.reaches.empty() || !(measure_m >= 0.0) ||
      measure_m > river.length_m) {
    return std::nullopt;
  }
  const auto it = std::upper_bound(
      river.reaches.begin(), river.reaches.end(), measure_m,
      [](double m, const RiverReachSpan& span) { return m < span.start_m; });
  const auto index = static_cast<std::size_t>(it - river.reaches.begin());
  return index == 0 ? 0 : index - 1;
}

// The reach and the measure along it of a place `measure_m` from the
// river's source. nullopt when the measure is outside [0, length_m].
inline std::optional<RiverPosition> position_on_river(const River& river,
                                                      double measure_m) {
  const std::optional<std::size_t> index = span_at(river, measure_m);
  if (!index) {
    return std::nullopt;
  }
  const RiverReachSpan& span = river.reaches[*index];
  const double along =
      std::clamp(measure_m - span.start_m, 0.0, span.length_m());
  return RiverPosition{span.reach, along};
}

// The measure from the river's source of the place `reach_measure_m` along
// `reach`. nullopt when the reach is not on the river.
inline std::optional<double> measure_on_river(const River& river, ReachId reach,
                                              double reach_measure_m) {
  for (const RiverReachSpan& span : river.reaches) {
    if (span.reach == reach) {
      return span.start_m + std::clamp(reach_measure_m, 0.0, span.length_m());
    }
  }
  return std::nullopt;
}

// For each reach id, the index of its river in `rivers` and of its span in
// that river, for repeated lookups. npos for a reach on no river.
struct RiverOfReach {
  static constexpr std::size_t npos = static_cast<std::size_t>(-1);
  std::vector<std::size_t> river;
  std::vector<std::size_t> span;

  RiverOfReach(const RiverNetwork& network, const std::vector<River>& rivers)
      : river(network.reaches.size(), npos),
        span(network.reaches.size(), npos) {
    for (std::size_t r = 0; r < rivers.size(); ++r) {
      for (std::size_t s = 0; s < rivers[r].reaches.size(); ++s) {
        const auto reach = static_cast<std::size_t>(rivers[r].reaches[s].reach);
        river[reach] = r;
        span[reach] = s;
      }
    }
  }
};

} // namespace georiviere
