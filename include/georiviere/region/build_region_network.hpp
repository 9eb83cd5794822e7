// Builds a river network from river lines as a region profile sets out:
// the vector pipeline of network_builder.hpp, configured by the profile.
//
// Steps, in order:
//  1. Class filter (class_filter.hpp): dropped lines are removed and
//     counted; artificial lines are kept and listed. When the profile sets
//     [classes] artificial_field, that field is added to the attributes,
//     1 on artificial lines and 0 elsewhere, so the outputs show them.
//  2. Direction (apply_direction.hpp): the direction field, elevation
//     fields, vertex Z and DEM reverse the lines that run upstream. The
//     [outlets] table is then read (known_outlets.hpp). When the chain has
//     the `outlets` step and the topology is geometric, lines still
//     undecided are oriented away from the known outlets, or without them
//     from the sinks of the decided lines (orient_from_outlets.hpp). Lines
//     left undecided are reported as unknown_direction problems.
//  3. Ground positions (ground_position.hpp): lines above or below the
//     ground get levels +1 and -1, so build_topology() does not node them
//     with the lines they cross, and does not report those crossings.
//     Their ends still join other lines' ends.
//  4. Topology: geometric noding by build_topology() with the profile's
//     snap and gap tolerances and split_crossings, or, for the
//     from_to_nodes and next_downstream modes, build_topology_from_fields()
//     (trusted_topology.hpp), which reports topology_mismatch problems. With
//     trusted topology the fields give every line's direction, so no line
//     is reported as unknown_direction.
//  5. Names: reach names from the name field, the profile's "unnamed"
//     values (BD TOPO "NR") read as no name.
//  6. Karst links (karst_links.hpp): virtual reaches from sink to
//     resurgence.
//  7. check_direction(), then compute_metrics() with the profile's
//     main-stem criteria, keeping the minor branches that the trusted
//     topology marked (NHDPlus Divergence = 2).
//  8. With an [outlets] method, nodes without outflow at a known outlet
//     are flagged (Node::known_outlet), and the other nodes without
//     outflow are reported as unexpected_sink problems.
//
// Explicit settings in RegionOverrides replace the profile's, as the
// command-line options of `georiviere network --region` do.
//
// Errors: InvalidInputError when a field that the profile names is missing,
// when the class filter drops every line, or for an invalid tolerance;
// the errors of read_lines() when reading, of the DEM of the dem step and
// of the [outlets] polygon layer. Data defects go to the network's
// problems.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/graph/check_direction.hpp"
#include "georiviere/graph/metrics.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/region/apply_direction.hpp"
#include "georiviere/region/class_filter.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/ground_position.hpp"
#include "georiviere/region/karst_links.hpp"
#include "georiviere/region/known_outlets.hpp"
#include "georiviere/region/orient_from_outlets.hpp"
#include "georiviere/region/read_options.hpp"
#include "georiviere/region/region_profile.hpp"
#include "georiviere/region/trusted_topology.hpp"
#include "georiviere/topology/build_topology.hpp"

namespace georiviere {

// Settings given explicitly, for example on the command line, that replace
// the profile's. An empty optional keeps the profile's value.
struct RegionOverrides {
  std::optional<double> snap_tolerance_m; // [topology] snap_tolerance_m
  std::optional<double> gap_tolerance_m;  // [topology] gap_tolerance_m
  std::optional<bool> split_crossings;    // [topology] split_crossings
  std::optional<std::string> name_field;  // [fields] name; "" for none
};

// Input dataset and read settings. Each set value replaces the profile's.
struct RegionInputOptions {
  std::string path; // empty: the profile's [input] path
  std::optional<std::string> layer;
  std::optional<std::string> where;
  std::optional<std::string> crs; // as ReadOptions::crs; else [crs] epsg
  RegionOverrides overrides;
  ProgressCallback progress;
};

// Summary of the changes the profile made, for the tool and Python.
struct RegionReport {
  std::string profile_name;
  std::string source;         // dataset and layer read, for messages
  std::size_t lines_read = 0; // line parts before the class filter
  double length_read_m = 0.0; // their total length
  ClassFilterResult classes;
  DirectionResult direction;
  // Lines that the outlets step oriented, and how many of them it reversed.
  std::size_t oriented_from_outlets = 0;
  std::size_t reversed_from_outlets = 0;
  // Lines left with an unknown direction after every step.
  std::size_t unknown_direction = 0;
  std::size_t lines_above = 0; // lines above the ground
  std::size_t lines_below = 0; // lines below the ground
  TopologyMode topology_mode = TopologyMode::geometric;
  // Settings used, after overrides. A negative gap tolerance is the
  // default: 10 times the snap tolerance, at least 1 m.
  double snap_tolerance_m = 0.0;
  double gap_tolerance_m = -1.0;
  bool split_crossings = false;
  std::string name_field;
  std::size_t topology_mismatches = 0;
  // Reaches that the minor-branch field marked.
  std::size_t minor_branches_from_field = 0;
  std::size_t karst_links_added = 0;
  std::size_t karst_links_skipped = 0;
  // [outlets]: the method, the polygons read or terminal lines found, the
  // nodes flagged as known outlets and the unexpected_sink problems.
  OutletMethod outlet_method = OutletMethod::none;
  std::size_t outlet_features = 0;
  std::size_t known_outlets = 0;
  std::size_t unexpected_sinks = 0;
};

struct RegionNetwork {
  RiverNetwork network;
  RegionReport report;
};

namespace detail {

// The profile with the overrides applied.
inline RegionProfile apply_overrides(const RegionProfile& profile,
                                     const RegionOverrides& overrides) {
  RegionProfile result = profile;
  TopologyRules& topology = result.topology;
  topology.snap_tolerance_m =
      overrides.snap_tolerance_m.value_or(topology.snap_tolerance_m);
  topology.gap_tolerance_m =
      overrides.gap_tolerance_m.value_or(topology.gap_tolerance_m);
  topology.split_crossings =
      overrides.split_crossings.value_or(topology.split_crossings);
  if (overrides.name_field) {
    result.fields.name = *overrides.name_field;
  }
  return result;
}

// Adds the profile's artificial field: 1 on the rows of artificial lines,
// 0 on the others.
inline void add_artificial_field(LineSet& lines, const RegionProfile& profile,
                                 const ClassFilterResult& classes) {
  const std::string& name = profile.artificial_field;
  if (name.empty()) {
    return;
  }
  if (find_field(lines.attributes, name) >= 0) {
    throw InvalidInputError(
        "[classes] artificial_field '" + name + "' of region profile '" +
        profile.name + "' is already a field of " +
        (lines.source.empty() ? std::string("the input") : lines.source) +
        "; choose another output field name");
  }
  const std::unordered_set<std::int64_t> artificial(
      classes.artificial_fids.begin(), classes.artificial_fids.end());
  AttributeTable& table = lines.attributes;
  table.fields.push_back({name, FieldType::integer});
  for (std::vector<FieldValue>& row : table.rows) {
    row.emplace_back(std::int64_t{0});
  }
  for (const SourceLine& line : lines.lines) {
    if (artificial.count(line.fid) != 0 && line.row < table.rows.size()) {
      table.rows[line.row].back() = std::int64_t{1};
    }
  }
}

// Ground level by attribute row: 1 above, -1 below, 0 on the surface.
// Empty when every line is on the surface.
inline std::vector<std::int8_t> ground_levels(const LineSet& lines,
                                              const RegionProfile& profile,
                                              RegionReport& report) {
  const std::vector<GroundPosition> positions = classify_ground(lines, profile);
  std::vector<std::int8_t> levels(lines.attributes.rows.size(), 0);
  for (std::size_t i = 0; i < positions.size(); ++i) {
    const std::uint32_t row = lines.lines[i].row;
    if (positions[i] == GroundPosition::surface || row >= levels.size()) {
      continue;
    }
    const bool above = positions[i] == GroundPosition::above;
    levels[row] = above ? 1 : -1;
    ++(above ? report.lines_above : report.lines_below);
  }
  if (report.lines_above == 0 && report.lines_below == 0) {
    levels.clear();
  }
  return levels;
}

// The first value of field `index` over the reach's source rows that is
// not empty and not one of the profile's unnamed values, or "".
inline std::string first_named_value(const AttributeTable& table,
                                     const Reach& reach, int index,
                                     const ValueList& unnamed_values) {
  if (index < 0) {
    return {};
  }
  for (const std::uint32_t row : reach.source_rows) {
    if (row >= table.rows.size()) {
      continue;
    }
    std::string value = field_value_text(table.rows[row][index]);
    if (!value.empty() && !contains_value(unnamed_values, value)) {
      return value;
    }
  }
  return {};
}

// Keys that main stems follow, by reach: "code:" and the river code, or
// "name:" and the name, whichever criterion comes first and has a value.
// Empty when no criterion before longest_path has a field.
// NOTE: a reach with a river code is matched on that code only, so two
// inflows with different codes but the outflow's name are not distinguished
// by that name.
inline std::vector<std::string> main_stem_keys(const RiverNetwork& network,
                                               const RegionProfile& profile) {
  // The pipeline checked the field on the lines before the topology.
  const int code_index =
      profile.fields.river_code.empty()
          ? -1
          : find_field(network.attributes, profile.fields.river_code);
  bool any_criterion = false;
  for (const MainStemCriterion criterion : profile.main_stem.criteria) {
    any_criterion =
        any_criterion ||
        (criterion == MainStemCriterion::river_code && code_index >= 0) ||
        (criterion == MainStemCriterion::name && !profile.fields.name.empty());
  }
  if (!any_criterion) {
    return {};
  }

  std::vector<std::string> keys(network.reaches.size());
  for (const Reach& reach : network.reaches) {
    std::string& key = keys[static_cast<std::size_t>(reach.id)];
    for (const MainStemCriterion criterion : profile.main_stem.criteria) {
      if (criterion == MainStemCriterion::longest_path) {
        break;
      }
      if (criterion == MainStemCriterion::river_code) {
        const std::string code =
            first_named_value(network.attributes, reach, code_index,
                              profile.fields.unnamed_values);
        if (!code.empty()) {
          key = "code:" + code;
          break;
        }
      } else if (!reach.name.empty() && !profile.fields.name.empty()) {
        key = "name:" + reach.name;
        break;
      }
    }
  }
  return keys;
}

// Builds the topology from geometry or fields; returns the network with
// reach names set and the direction problems of the outlets step settled.
inline RiverNetwork build_region_topology(LineSet lines,
                                          const RegionProfile& profile,
                                          std::vector<std::int8_t> levels,
                                          const KnownOutlets& known,
                                          std::vector<Problem>& direction,
                                          RegionReport& report,
                                          const ProgressCallback& progress) {
  if (profile.topology.mode != TopologyMode::geometric) {
    // The topology fields give every line's direction.
    direction.clear();
    report.unknown_direction = 0;
    RiverNetwork network =
        build_topology_from_fields(std::move(lines), profile, progress);
    report.topology_mismatches =
        network.count_problems(ProblemKind::topology_mismatch);
    for (const Reach& reach : network.reaches) {
      report.minor_branches_from_field += reach.is_minor_branch ? 1 : 0;
    }
    return network;
  }

  TopologyOptions topology;
  topology.snap_tolerance_m = profile.topology.snap_tolerance_m;
  topology.gap_tolerance_m = profile.topology.gap_tolerance_m;
  topology.split_crossings = profile.topology.split_crossings;
  topology.row_levels = std::move(levels);
  topology.progress = progress;
  int name_index = -1;
  if (!profile.fields.name.empty()) {
    name_index = require_field(lines, profile.fields.name, "[fields] name");
    // build_topology() matches field names exactly; profiles do not.
    topology.name_field = lines.attributes.fields[name_index].name;
  }

  const std::vector<DirectionStep>& chain = profile.direction.chain;
  const bool outlets_step = std::find(chain.begin(), chain.end(),
                                      DirectionStep::outlets) != chain.end();
  if (outlets_step && !report.direction.unknown_lines.empty()) {
    const OutletOrientation oriented = orient_from_outlets(
        lines, report.direction.unknown_lines, topology, &known);
    report.oriented_from_outlets = oriented.oriented_count;
    report.reversed_from_outlets = oriented.reversed;
    std::vector<Problem> left;
    for (std::size_t k = 0; k < direction.size(); ++k) {
      if (!oriented.oriented[k]) {
        left.push_back(std::move(direction[k]));
      }
    }
    direction = std::move(left);
    report.unknown_direction = direction.size();
  }

  RiverNetwork network = build_topology(std::move(lines), topology);
  for (Reach& reach : network.reaches) {
    reach.name = first_named_value(network.attributes, reach, name_index,
                                   profile.fields.unnamed_values);
  }
  return network;
}

} // namespace detail

// Builds the network from lines already read, in a projected CRS in
// metres. See the steps at the top of this file.
inline RegionNetwork
build_region_network(LineSet lines, const RegionProfile& profile,
                     const RegionOverrides& overrides = {},
                     const ProgressCallback& progress = {}) {
  const RegionProfile effective = detail::apply_overrides(profile, overrides);
  RegionNetwork result;
  RegionReport& report = result.report;
  report.profile_name = effective.name;
  report.source = lines.source;
  report.lines_read = lines.lines.size();
  report.length_read_m = lines.total_length();
  report.topology_mode = effective.topology.mode;
  report.snap_tolerance_m = effective.topology.snap_tolerance_m;
  report.gap_tolerance_m = effective.topology.gap_tolerance_m;
  report.split_crossings = effective.topology.split_crossings;
  report.name_field = effective.fields.name;

  report.classes = apply_class_filter(lines, effective);
  if (lines.lines.empty() && report.lines_read > 0) {
    std::string counts;
    for (const auto& [value, count] : report.classes.dropped_by_value) {
      counts +=
          (counts.empty() ? "" : ", ") + value + " " + std::to_string(count);
    }
    throw InvalidInputError(
        "the class filter of region profile '" + effective.name +
        "' dropped every line of " +
        (lines.source.empty() ? std::string("the input") : lines.source) +
        " (" + counts + "); check [classes] and [[filters]]");
  }
  detail::add_artificial_field(lines, effective, report.classes);

  std::vector<Problem> direction_problems;
  report.direction = apply_direction(lines, effective, direction_problems);
  report.unknown_direction = direction_problems.size();
  std::vector<std::int8_t> levels =
      detail::ground_levels(lines, effective, report);
  const std::vector<MainStemCriterion>& criteria = effective.main_stem.criteria;
  if (!effective.fields.river_code.empty() &&
      std::find(criteria.begin(), criteria.end(),
                MainStemCriterion::river_code) != criteria.end()) {
    require_field(lines, effective.fields.river_code, "[fields] river_code");
  }

  const KnownOutlets known =
      read_known_outlets(effective, lines, effective.topology.snap_tolerance_m);
  report.outlet_method = known.method;
  report.outlet_features = known.method == OutletMethod::terminal_field
                               ? known.terminal_points.size()
                               : known.polygons.size();
  RiverNetwork network = detail::build_region_topology(
      std::move(lines), effective, std::move(levels), known, direction_problems,
      report, progress);
  network.problems.insert(network.problems.begin(),
                          std::make_move_iterator(direction_problems.begin()),
                          std::make_move_iterator(direction_problems.end()));

  if (!effective.karst_links.empty()) {
    const std::size_t gaps_before = network.count_problems(ProblemKind::gap);
    report.karst_links_added = add_karst_links(network, effective).size();
    report.karst_links_skipped =
        network.count_problems(ProblemKind::gap) - gaps_before;
  }

  check_direction(network, progress);
  MetricOptions metrics;
  metrics.stem_keys = detail::main_stem_keys(network, effective);
  metrics.use_names = !metrics.stem_keys.empty();
  metrics.keep_minor_branches = report.minor_branches_from_field > 0;
  metrics.progress = progress;
  compute_metrics(network, metrics);
  if (known.active()) {
    const std::size_t sinks_before =
        network.count_problems(ProblemKind::unexpected_sink);
    report.known_outlets = flag_known_outlets(network, known, effective.name);
    report.unexpected_sinks =
        network.count_problems(ProblemKind::unexpected_sink) - sinks_before;
  }
  result.network = std::move(network);
  return result;
}

// Reads the profile's input layer, with the settings of `options`
// replacing the profile's, and builds the network. Throws
// InvalidInputError when neither `options.path` nor the profile's [input]
// path names a dataset.
inline RegionNetwork build_region_network(const RegionProfile& profile,
                                          const RegionInputOptions& options) {
  ReadOptions read = read_options_for(profile, options.path);
  if (read.path.empty()) {
    throw InvalidInputError("no input dataset: give a path, or set [input] "
                            "path in region profile '" +
                            profile.name + "'");
  }
  if (options.layer) {
    read.layer = *options.layer;
  }
  if (options.where) {
    read.where = *options.where;
  }
  if (options.crs) {
    read.crs = *options.crs;
  }
  read.progress = options.progress;
  LineSet lines = read_lines(read);
  return build_region_network(std::move(lines), profile, options.overrides,
                              options.progress);
}

} // namespace georiviere
