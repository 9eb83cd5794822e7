// Region profiles: how the river data of one region are read and understood.
//
// A profile sets which layer and fields hold the river lines, which classes
// of line to keep, how the flow direction is coded, which lines pass above
// or below others (bridges, culverts), where the outlets are, the stream
// threshold for DEM extraction, the main-stem and kilometre-point
// conventions, karst links and, for datasets that carry their own topology,
// the fields that hold it. Profiles are TOML files; docs/regions.md documents
// every key. Named presets (bdtopo, osm, nhdplus, ...) are built into the
// library, and a catalogue file lists several regions, each a base profile
// plus overrides.
//
// Loading is compiled in src/region/ over toml++, so this header includes no
// TOML header. Every loader throws ConfigError for an unknown key, a value of
// the wrong type or an impossible value, with the file, line and key in the
// message, and FileNotFoundError for a missing file.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "georiviere/core/geometry.hpp"

namespace georiviere {

// Flow direction of a line relative to its digitised vertex order.
enum class FlowDirection { forward, reverse, both, unknown };

// Action of the class filter on a line of a given class value.
enum class ClassAction {
  keep,      // a natural watercourse
  drop,      // removed before the topology is built
  artificial // kept, but reported as artificial (canal, ditch, drain)
};

// One step of the direction fallback chain, tried in the profile's order
// until one of them decides a line's direction.
enum class DirectionStep {
  field,      // the direction field and its value lists
  z_fields,   // elevation fields at the line ends, such as z_ini and z_fin
  geometry_z, // Z of the first and last vertex of the line
  dem,        // a DEM sampled at the line ends
  outlets,    // orientation away from known outlets, after topology
  digitized   // trust the digitised order (OSM ways follow the flow)
};

// Position of a line relative to the ground. Lines above or below the
// ground must not be noded with lines they cross.
enum class GroundPosition { surface, above, below };

// Source of the graph's topology.
enum class TopologyMode {
  geometric,      // noding of the geometry with the snap tolerance
  from_to_nodes,  // from-node and to-node fields (NHDPlus FromNode/ToNode)
  next_downstream // an id field and a next-downstream id field (HydroRIVERS)
};

// Method that finds the outlets of the region.
enum class OutletMethod {
  none,          // sinks of the directed graph
  polygon_layer, // ends inside or near a sea or lake polygon layer
  boundary,      // ends near the region boundary polygon
  terminal_field // lines whose terminal flag field has a terminal value
};

// A criterion of the main-stem rule, applied at each confluence in order.
enum class MainStemCriterion { river_code, name, longest_path };

enum class KilometreOrigin { mouth, source };
enum class KilometreUnit { m, km };
enum class KilometreIncrease { upstream, downstream };

std::string_view to_string(FlowDirection value);
std::string_view to_string(ClassAction value);
std::string_view to_string(DirectionStep value);
std::string_view to_string(GroundPosition value);
std::string_view to_string(TopologyMode value);
std::string_view to_string(OutletMethod value);
std::string_view to_string(MainStemCriterion value);
std::string_view to_string(KilometreOrigin value);
std::string_view to_string(KilometreUnit value);
std::string_view to_string(KilometreIncrease value);

// Field values as written in a profile. Every field value is compared as
// text: integers in decimal, reals without a fractional part as integers
// (NHDPlus stores node ids as reals), so [0] and ["0"] match the same lines.
using ValueList = std::vector<std::string>;

// The input layer. An empty path means the dataset is given elsewhere, for
// example on the command line.
struct InputSpec {
  std::string path;
  std::string layer; // empty: the only line layer of the dataset
  std::string where; // OGR SQL attribute filter

  friend bool operator==(const InputSpec&, const InputSpec&) = default;
};

// Names of the source fields. Empty: the dataset has no such field. Field
// names match case-insensitively, as in OGR.
struct FieldMapping {
  std::string id;         // feature identifier (HYRIV_ID, COMID, cleabs)
  std::string name;       // river name
  std::string river_code; // river identifier, the same along one river
  std::string direction;  // flow direction code
  std::string class_name; // line class (nature, waterway, FTYPE); key "class"
  std::string ground;     // position above or below the ground
  // Name and river-code values that mean "no name", such as "NR".
  ValueList unnamed_values;

  friend bool operator==(const FieldMapping&, const FieldMapping&) = default;
};

// Class filter over the class field. A value in none of the lists gets
// `default_action`; a null class value too.
struct ClassRules {
  ClassAction default_action = ClassAction::keep;
  ValueList keep;
  ValueList drop;
  ValueList artificial;

  ClassAction action_for(std::string_view value) const {
    for (const auto& [list, action] :
         {std::pair{&drop, ClassAction::drop},
          std::pair{&artificial, ClassAction::artificial},
          std::pair{&keep, ClassAction::keep}}) {
      for (const std::string& listed : *list) {
        if (listed == value) {
          return action;
        }
      }
    }
    return default_action;
  }

  friend bool operator==(const ClassRules&, const ClassRules&) = default;
};

// A filter on another field than the class field, such as BD TOPO
// persistance. A line is dropped when the class rules or any filter drop it,
// and artificial when any of them marks it artificial.
struct FieldFilter {
  std::string field;
  ClassRules rules;

  friend bool operator==(const FieldFilter&, const FieldFilter&) = default;
};

// Coding of the flow direction, and the steps that find it.
struct DirectionRules {
  ValueList forward; // direction-field values meaning "digitised downstream"
  ValueList reverse; // digitised upstream: the line is reversed
  ValueList both;    // flows both ways: digitised order kept, reported
  ValueList unknown; // no direction: the next step of the chain decides
  // Direction of a value in none of the lists, or of a null value.
  FlowDirection unlisted = FlowDirection::unknown;
  std::vector<DirectionStep> chain{
      DirectionStep::field, DirectionStep::z_fields, DirectionStep::geometry_z};
  std::string z_start_field;    // elevation at the first vertex, such as z_ini
  std::string z_end_field;      // elevation at the last vertex, such as z_fin
  std::vector<double> z_nodata; // elevation values meaning "no value"
  // Elevation differences of this many metres or less decide nothing.
  double min_drop_m = 0.0;
  // DEM for the dem step, a path relative to the current directory.
  std::string dem_path;

  FlowDirection direction_for(std::string_view value) const {
    for (const auto& [list, direction] :
         {std::pair{&forward, FlowDirection::forward},
          std::pair{&reverse, FlowDirection::reverse},
          std::pair{&both, FlowDirection::both},
          std::pair{&unknown, FlowDirection::unknown}}) {
      for (const std::string& listed : *list) {
        if (listed == value) {
          return direction;
        }
      }
    }
    return unlisted;
  }

  friend bool operator==(const DirectionRules&,
                         const DirectionRules&) = default;
};

// Values of the ground field that mark lines above the ground (bridges,
// aqueducts) or below it (tunnels, culverts, pipes).
struct GroundRules {
  // When set, the ground field is an OSM hstore column such as other_tags,
  // and the values are those of this tag, such as "tunnel".
  std::string tag;
  ValueList above;
  ValueList below;

  friend bool operator==(const GroundRules&, const GroundRules&) = default;
};

// Noding tolerances and, for trusted topology, the fields that hold it.
struct TopologyRules {
  TopologyMode mode = TopologyMode::geometric;
  // Endpoints closer than this, in metres, are joined, and an endpoint this
  // close to another line's interior splits that line.
  double snap_tolerance_m = 0.0;
  // Dangling ends closer than this to a line are reported as gaps.
  // Negative: 10 times the snap tolerance, at least 1 m.
  double gap_tolerance_m = -1.0;
  bool split_crossings = false; // split lines where they cross
  std::string from_node_field;  // from_to_nodes mode
  std::string to_node_field;    // from_to_nodes mode
  std::string next_down_field;  // next_downstream mode, with fields.id
  ValueList outlet_values;      // next-down values meaning "outlet"
  // Lines whose minor-branch field has one of these values are the minor
  // outflow of a diffluence (NHDPlus Divergence = 2).
  std::string minor_branch_field;
  ValueList minor_branch_values;
  // Trusted topology: line ends farther than this from their node, in
  // metres, are reported as topology_mismatch problems.
  double mismatch_tolerance_m = 1.0;

  friend bool operator==(const TopologyRules&, const TopologyRules&) = default;
};

struct OutletRules {
  OutletMethod method = OutletMethod::none;
  std::string path;           // polygon_layer: sea or lake polygons; boundary
  std::string layer;          // layer of `path`; empty: the only layer
  std::string terminal_field; // terminal_field method
  ValueList terminal_values;  // terminal_field method
  double distance_m = 0.0;    // line ends within this distance count as outlets

  friend bool operator==(const OutletRules&, const OutletRules&) = default;
};

// An axis-aligned rectangle of the working CRS, edges included.
struct RegionBox {
  double min_x = 0.0;
  double min_y = 0.0;
  double max_x = 0.0;
  double max_y = 0.0;

  bool contains(const Point& point) const {
    return point.x >= min_x && point.x <= max_x && point.y >= min_y &&
           point.y <= max_y;
  }

  friend bool operator==(const RegionBox&, const RegionBox&) = default;
};

// A stream threshold for part of the region: a bounding box in the working
// CRS, or polygons read from a layer.
struct ThresholdOverride {
  std::string name;
  double threshold_km2 = 0.0;
  std::optional<RegionBox> bbox;
  std::string polygon_path;
  std::string polygon_layer;
  std::string polygon_where; // OGR SQL filter selecting the sub-region

  friend bool operator==(const ThresholdOverride&,
                         const ThresholdOverride&) = default;
};

// Upstream area in km² above which a DEM cell starts a stream.
struct StreamRules {
  double threshold_km2 = 1.0;
  std::vector<ThresholdOverride> overrides; // first match wins

  // Threshold at a point of the working CRS from the bounding-box overrides.
  // NOTE: polygon overrides are skipped here because they need their layer
  // read: stream_thresholds_on_grid() (region/stream_thresholds.hpp) draws
  // both kinds on a DEM grid.
  double threshold_at(const Point& point) const {
    for (const ThresholdOverride& entry : overrides) {
      if (entry.bbox && entry.bbox->contains(point)) {
        return entry.threshold_km2;
      }
    }
    return threshold_km2;
  }

  friend bool operator==(const StreamRules&, const StreamRules&) = default;
};

struct MainStemRules {
  // Criteria tried in order at each confluence; longest_path always
  // decides, so it must come last.
  std::vector<MainStemCriterion> criteria{MainStemCriterion::name,
                                          MainStemCriterion::longest_path};

  friend bool operator==(const MainStemRules&, const MainStemRules&) = default;
};

// Kilometre-point convention: value = offset ± distance from the origin, in
// `unit`, growing in the `increase` direction. French PK counted as 1000 km
// minus the distance from the mouth is origin mouth, unit km, offset 1000,
// increase downstream.
struct KilometrePointRules {
  KilometreOrigin origin = KilometreOrigin::mouth;
  KilometreUnit unit = KilometreUnit::km;
  double offset = 0.0; // in `unit`
  KilometreIncrease increase = KilometreIncrease::upstream;

  // Kilometre point of a place at the given distances, in metres, from the
  // mouth and from the source of its river.
  double value(double distance_from_mouth_m,
               double distance_from_source_m) const {
    const double distance_m = origin == KilometreOrigin::mouth
                                  ? distance_from_mouth_m
                                  : distance_from_source_m;
    const double distance =
        unit == KilometreUnit::km ? distance_m / 1000.0 : distance_m;
    // Distance from the mouth grows upstream, from the source downstream.
    const bool grows_with_distance = (origin == KilometreOrigin::mouth) ==
                                     (increase == KilometreIncrease::upstream);
    return grows_with_distance ? offset + distance : offset - distance;
  }

  friend bool operator==(const KilometrePointRules&,
                         const KilometrePointRules&) = default;
};

// An underground connection of a karst: water sinks at `sink` and comes back
// at `resurgence`. Points are in the working CRS.
struct KarstLink {
  std::string name;
  Point sink;
  Point resurgence;
  // Each point joins the nearest network node within this distance.
  double max_distance_m = 250.0;

  friend bool operator==(const KarstLink&, const KarstLink&) = default;
};

struct RegionProfile {
  std::string name;
  std::string description;
  // Working CRS; 0 keeps a projected layer's CRS and sends a geographic
  // layer to the WGS 84 UTM zone of its centre.
  int epsg = 0;
  InputSpec input;
  FieldMapping fields;
  ClassRules classes;
  // Output field added to the source attributes, 1 on the lines kept as
  // artificial and 0 on the others ([classes] artificial_field). Empty: no
  // field is added.
  std::string artificial_field;
  std::vector<FieldFilter> filters;
  DirectionRules direction;
  GroundRules ground;
  TopologyRules topology;
  OutletRules outlets;
  StreamRules streams;
  MainStemRules main_stem;
  KilometrePointRules kilometre_points;
  std::vector<KarstLink> karst_links;

  friend bool operator==(const RegionProfile&, const RegionProfile&) = default;
};

// Reads a profile file. A profile may start from another profile with
// `base` in its [region] table (a preset name, or a path relative to the
// file) and set only what differs.
RegionProfile load_region_profile(const std::string& path);

// Parses profile text; `source_name` names it in error messages and is the
// directory base paths are relative to.
RegionProfile parse_region_profile(std::string_view text,
                                   const std::string& source_name);

// A built-in preset by name; throws ConfigError listing the names for an
// unknown one.
RegionProfile region_preset(std::string_view name);

// Names of the built-in presets, sorted.
std::vector<std::string> region_preset_names();

// The TOML text of a built-in preset as shipped, comments included.
std::string region_preset_text(std::string_view name);

// The profile as TOML, every key written, so that parse_region_profile()
// of the result gives an equal profile.
std::string to_toml(const RegionProfile& profile);

// Several regions in one file, each a base profile plus overrides.
class RegionCatalogue {
public:
  RegionCatalogue() = default;
  RegionCatalogue(std::string source,
                  std::vector<std::pair<std::string, RegionProfile>> regions)
      : source_(std::move(source)), regions_(std::move(regions)) {}

  // Region names, sorted.
  std::vector<std::string> names() const {
    std::vector<std::string> result;
    for (const auto& entry : regions_) {
      result.push_back(entry.first);
    }
    return result;
  }

  // The resolved profile of the named region; throws ConfigError naming the
  // catalogue and its regions for an unknown name.
  RegionProfile resolve(std::string_view name) const;

  const std::string& source() const { return source_; }
  std::size_t size() const { return regions_.size(); }

private:
  std::string source_;
  std::vector<std::pair<std::string, RegionProfile>> regions_;
};

// Reads a catalogue file and resolves every region, so that an invalid
// region fails at load time.
RegionCatalogue load_region_catalogue(const std::string& path);
RegionCatalogue parse_region_catalogue(std::string_view text,
                                       const std::string& source_name);

// Whether the file is a catalogue (it has a [regions] table) rather than a
// single profile. Throws ConfigError for a file that is not valid TOML.
bool is_region_catalogue(const std::string& path);

} // namespace georiviere
