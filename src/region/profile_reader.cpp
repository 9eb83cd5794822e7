// Reading and checking region profile tables.
#include "profile_reader.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>

#include "georiviere/core/error.hpp"

namespace georiviere::detail {
namespace {

std::string source_name_of(const toml::source_region& where,
                           const std::string& fallback) {
  if (where.path && !where.path->empty()) {
    return *where.path;
  }
  return fallback;
}

std::size_t edit_distance(std::string_view a, std::string_view b) {
  std::vector<std::size_t> previous(b.size() + 1);
  std::vector<std::size_t> current(b.size() + 1);
  for (std::size_t j = 0; j <= b.size(); ++j) {
    previous[j] = j;
  }
  for (std::size_t i = 1; i <= a.size(); ++i) {
    current[0] = i;
    for (std::size_t j = 1; j <= b.size(); ++j) {
      const std::size_t substitution =
          previous[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
      current[j] =
          std::min({previous[j] + 1, current[j - 1] + 1, substitution});
    }
    std::swap(previous, current);
  }
  return previous[b.size()];
}

std::string join(const std::vector<std::string_view>& words) {
  std::string text;
  for (std::string_view word : words) {
    if (!text.empty()) {
      text += ", ";
    }
    text += word;
  }
  return text;
}

std::string format_number(double value) {
  char text[64];
  std::snprintf(text, sizeof text, "%.17g", value);
  return text;
}

enum class NumberCheck { any, non_negative, positive };

// Reads the keys of one table: rejects unknown keys on construction, then
// reads each known key with its type and value checks.
class TableReader {
public:
  TableReader(const toml::table& table, std::string display_name,
              const ProfileSource& source,
              std::vector<std::string_view> allowed,
              const std::vector<std::string_view>& extra_keys = {})
      : table_(table), display_name_(std::move(display_name)),
        source_(source), allowed_(std::move(allowed)) {
    for (auto&& [key, node] : table_) {
      const std::string_view name = key.str();
      const bool extra = std::find(extra_keys.begin(), extra_keys.end(),
                                   name) != extra_keys.end();
      if (extra || std::find(allowed_.begin(), allowed_.end(), name) !=
                       allowed_.end()) {
        continue;
      }
      std::string message = "unknown key '" + std::string(name) + "' " +
                            display_name_;
      const std::string suggestion = closest_word(name, allowed_);
      if (!suggestion.empty()) {
        message += "; did you mean '" + suggestion + "'?";
      } else {
        message += "; valid keys are " + join(allowed_);
      }
      fail_at(key.source(), source_.name, message);
    }
  }

  const toml::node* find(std::string_view key) const {
    return table_.get(key);
  }

  [[noreturn]] void fail(const toml::node& node, std::string_view key,
                         const std::string& message) const {
    fail_at(node.source(), source_.name,
            "key '" + std::string(key) + "' " + display_name_ + ": " +
                message);
  }

  void read(std::string_view key, std::string& out) const {
    if (const toml::node* node = find(key)) {
      const auto* value = node->as_string();
      if (!value) {
        fail(*node, key, "expected a string, found " + type_name(*node));
      }
      out = value->get();
    }
  }

  void read(std::string_view key, bool& out) const {
    if (const toml::node* node = find(key)) {
      const auto* value = node->as_boolean();
      if (!value) {
        fail(*node, key, "expected true or false, found " + type_name(*node));
      }
      out = value->get();
    }
  }

  void read(std::string_view key, int& out, std::int64_t min_value,
            std::int64_t max_value) const {
    if (const toml::node* node = find(key)) {
      const auto* value = node->as_integer();
      if (!value) {
        fail(*node, key, "expected an integer, found " + type_name(*node));
      }
      const std::int64_t number = value->get();
      if (number < min_value || number > max_value) {
        fail(*node, key,
             "invalid value " + std::to_string(number) + "; expected " +
                 std::to_string(min_value) + " to " +
                 std::to_string(max_value));
      }
      out = static_cast<int>(number);
    }
  }

  void read(std::string_view key, double& out, NumberCheck check) const {
    if (const toml::node* node = find(key)) {
      out = number(*node, key, check);
    }
  }

  double number(const toml::node& node, std::string_view key,
                NumberCheck check) const {
    double value = 0.0;
    if (const auto* integer = node.as_integer()) {
      value = static_cast<double>(integer->get());
    } else if (const auto* real = node.as_floating_point()) {
      value = real->get();
    } else {
      fail(node, key, "expected a number, found " + type_name(node));
    }
    if (!std::isfinite(value)) {
      fail(node, key, "invalid value " + format_number(value) +
                          "; expected a finite number");
    }
    if (check == NumberCheck::non_negative && value < 0.0) {
      fail(node, key, "invalid value " + format_number(value) +
                          "; expected zero or more");
    }
    if (check == NumberCheck::positive && value <= 0.0) {
      fail(node, key, "invalid value " + format_number(value) +
                          "; expected more than zero");
    }
    return value;
  }

  // Strings, integers and booleans, all kept as text.
  void read(std::string_view key, ValueList& out) const {
    const toml::node* node = find(key);
    if (!node) {
      return;
    }
    const auto* array = node->as_array();
    if (!array) {
      fail(*node, key,
           "expected an array of strings or integers, found " +
               type_name(*node));
    }
    ValueList values;
    for (const toml::node& item : *array) {
      if (const auto* text = item.as_string()) {
        values.push_back(text->get());
      } else if (const auto* integer = item.as_integer()) {
        values.push_back(std::to_string(integer->get()));
      } else if (const auto* boolean = item.as_boolean()) {
        values.push_back(boolean->get() ? "true" : "false");
      } else {
        fail(item, key,
             "expected strings or integers in the array, found " +
                 type_name(item));
      }
    }
    out = std::move(values);
  }

  void read(std::string_view key, std::vector<double>& out) const {
    const toml::node* node = find(key);
    if (!node) {
      return;
    }
    const auto* array = node->as_array();
    if (!array) {
      fail(*node, key, "expected an array of numbers, found " +
                           type_name(*node));
    }
    std::vector<double> values;
    for (const toml::node& item : *array) {
      values.push_back(number(item, key, NumberCheck::any));
    }
    out = std::move(values);
  }

  // A fixed-size array of numbers such as [x, y].
  std::vector<double> numbers(std::string_view key, std::size_t count,
                              const char* shape) const {
    const toml::node* node = find(key);
    const auto* array = node ? node->as_array() : nullptr;
    if (node && (!array || array->size() != count)) {
      fail(*node, key, std::string("expected ") + shape);
    }
    std::vector<double> values;
    if (array) {
      for (const toml::node& item : *array) {
        values.push_back(number(item, key, NumberCheck::any));
      }
    }
    return values;
  }

  template <typename Enum>
  void read_enum(std::string_view key, Enum& out,
                 const std::vector<Enum>& choices) const {
    if (const toml::node* node = find(key)) {
      out = enum_value(*node, key, choices);
    }
  }

  template <typename Enum>
  void read_enum_list(std::string_view key, std::vector<Enum>& out,
                      const std::vector<Enum>& choices) const {
    const toml::node* node = find(key);
    if (!node) {
      return;
    }
    const auto* array = node->as_array();
    if (!array) {
      fail(*node, key, "expected an array of strings, found " +
                           type_name(*node));
    }
    std::vector<Enum> values;
    for (const toml::node& item : *array) {
      const Enum value = enum_value(item, key, choices);
      if (std::find(values.begin(), values.end(), value) != values.end()) {
        fail(item, key,
             "'" + std::string(to_string(value)) + "' is listed twice");
      }
      values.push_back(value);
    }
    if (values.empty()) {
      fail(*node, key, "the list is empty");
    }
    out = std::move(values);
  }

  template <typename Enum>
  Enum enum_value(const toml::node& node, std::string_view key,
                  const std::vector<Enum>& choices) const {
    std::vector<std::string_view> names;
    for (Enum choice : choices) {
      names.push_back(to_string(choice));
    }
    const auto* text = node.as_string();
    if (!text) {
      fail(node, key, "expected one of " + join(names) + ", found " +
                          type_name(node));
    }
    for (Enum choice : choices) {
      if (to_string(choice) == text->get()) {
        return choice;
      }
    }
    std::string message = "invalid value '" + text->get() + "'";
    const std::string suggestion = closest_word(text->get(), names);
    if (!suggestion.empty()) {
      message += "; did you mean '" + suggestion + "'?";
    }
    fail(node, key, message + " Expected one of " + join(names));
  }

  // The array of tables under `key`, such as [[karst.links]].
  const toml::array* tables(std::string_view key) const {
    const toml::node* node = find(key);
    if (!node) {
      return nullptr;
    }
    const auto* array = node->as_array();
    if (!array || !array->is_array_of_tables()) {
      fail(*node, key,
           "expected an array of tables, written [[" + std::string(key) +
               "]] sections");
    }
    return array;
  }

  const toml::table* table(std::string_view key) const {
    const toml::node* node = find(key);
    if (!node) {
      return nullptr;
    }
    const auto* result = node->as_table();
    if (!result) {
      fail(*node, key, "expected a table, found " + type_name(*node));
    }
    return result;
  }

  static std::string type_name(const toml::node& node) {
    switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::array: return "an array";
    case toml::node_type::table: return "a table";
    default: return "a date or time";
    }
  }

private:
  const toml::table& table_;
  std::string display_name_;
  const ProfileSource& source_;
  std::vector<std::string_view> allowed_;
};

// Rejects a value that appears in two lists that must not overlap.
void check_disjoint(
    const TableReader& reader,
    const std::vector<std::pair<std::string_view, const ValueList*>>& lists) {
  for (std::size_t i = 0; i < lists.size(); ++i) {
    for (std::size_t j = i + 1; j < lists.size(); ++j) {
      for (const std::string& value : *lists[i].second) {
        const ValueList& other = *lists[j].second;
        if (std::find(other.begin(), other.end(), value) != other.end()) {
          reader.fail(*reader.find(lists[j].first), lists[j].first,
                      "value '" + value + "' is also listed in '" +
                          std::string(lists[i].first) + "'");
        }
      }
    }
  }
}

std::string section(const std::string& table_path, std::string_view name) {
  return "in [" + table_path + std::string(name) + "]";
}

void read_region(const TableReader& reader, RegionProfile& profile) {
  reader.read("name", profile.name);
  reader.read("description", profile.description);
}

void read_input(const TableReader& reader, RegionProfile& profile) {
  reader.read("path", profile.input.path);
  reader.read("layer", profile.input.layer);
  reader.read("where", profile.input.where);
}

void read_fields(const TableReader& reader, RegionProfile& profile) {
  FieldMapping& fields = profile.fields;
  reader.read("id", fields.id);
  reader.read("name", fields.name);
  reader.read("river_code", fields.river_code);
  reader.read("direction", fields.direction);
  reader.read("class", fields.class_name);
  reader.read("ground", fields.ground);
  reader.read("unnamed_values", fields.unnamed_values);
}

const std::vector<ClassAction> class_actions{
    ClassAction::keep, ClassAction::drop, ClassAction::artificial};
const std::vector<FlowDirection> flow_directions{
    FlowDirection::forward, FlowDirection::reverse, FlowDirection::both,
    FlowDirection::unknown};
const std::vector<DirectionStep> direction_steps{
    DirectionStep::field,  DirectionStep::z_fields, DirectionStep::geometry_z,
    DirectionStep::dem,    DirectionStep::outlets,
    DirectionStep::digitized};
const std::vector<TopologyMode> topology_modes{
    TopologyMode::geometric, TopologyMode::from_to_nodes,
    TopologyMode::next_downstream};
const std::vector<OutletMethod> outlet_methods{
    OutletMethod::none, OutletMethod::polygon_layer, OutletMethod::boundary,
    OutletMethod::terminal_field};
const std::vector<MainStemCriterion> main_stem_criteria{
    MainStemCriterion::river_code, MainStemCriterion::name,
    MainStemCriterion::longest_path};

void read_class_rules(const TableReader& reader, ClassRules& classes) {
  reader.read_enum("default", classes.default_action, class_actions);
  reader.read("keep", classes.keep);
  reader.read("drop", classes.drop);
  reader.read("artificial", classes.artificial);
  check_disjoint(reader, {{"keep", &classes.keep},
                          {"drop", &classes.drop},
                          {"artificial", &classes.artificial}});
}

void read_filters(const TableReader& reader, RegionProfile& profile,
                  const ProfileSource& source,
                  const std::string& table_path) {
  const toml::array* filters = reader.tables("filters");
  if (!filters) {
    return;
  }
  const std::string name = "[[" + table_path + "filters]]";
  std::vector<FieldFilter> entries;
  for (const toml::node& node : *filters) {
    const TableReader filter_reader(
        *node.as_table(), "in " + name, source,
        {"field", "default", "keep", "drop", "artificial"});
    FieldFilter filter;
    filter_reader.read("field", filter.field);
    if (filter.field.empty()) {
      fail_at(node.source(), source.name,
              name + " needs a non-empty 'field'");
    }
    read_class_rules(filter_reader, filter.rules);
    entries.push_back(std::move(filter));
  }
  profile.filters = std::move(entries);
}

void read_direction(const TableReader& reader, RegionProfile& profile) {
  DirectionRules& direction = profile.direction;
  reader.read("forward", direction.forward);
  reader.read("reverse", direction.reverse);
  reader.read("both", direction.both);
  reader.read("unknown", direction.unknown);
  check_disjoint(reader, {{"forward", &direction.forward},
                          {"reverse", &direction.reverse},
                          {"both", &direction.both},
                          {"unknown", &direction.unknown}});
  reader.read_enum("unlisted", direction.unlisted, flow_directions);
  reader.read_enum_list("chain", direction.chain, direction_steps);
  reader.read("z_start_field", direction.z_start_field);
  reader.read("z_end_field", direction.z_end_field);
  reader.read("z_nodata", direction.z_nodata);
  reader.read("min_drop_m", direction.min_drop_m, NumberCheck::non_negative);
  reader.read("dem_path", direction.dem_path);
}

void read_ground(const TableReader& reader, RegionProfile& profile) {
  reader.read("tag", profile.ground.tag);
  reader.read("above", profile.ground.above);
  reader.read("below", profile.ground.below);
  check_disjoint(reader, {{"above", &profile.ground.above},
                          {"below", &profile.ground.below}});
}

void read_topology(const TableReader& reader, RegionProfile& profile) {
  TopologyRules& topology = profile.topology;
  reader.read_enum("mode", topology.mode, topology_modes);
  reader.read("snap_tolerance_m", topology.snap_tolerance_m,
              NumberCheck::non_negative);
  reader.read("gap_tolerance_m", topology.gap_tolerance_m,
              NumberCheck::non_negative);
  reader.read("split_crossings", topology.split_crossings);
  reader.read("from_node_field", topology.from_node_field);
  reader.read("to_node_field", topology.to_node_field);
  reader.read("next_down_field", topology.next_down_field);
  reader.read("outlet_values", topology.outlet_values);
  reader.read("minor_branch_field", topology.minor_branch_field);
  reader.read("minor_branch_values", topology.minor_branch_values);
  reader.read("mismatch_tolerance_m", topology.mismatch_tolerance_m,
              NumberCheck::non_negative);
}

void read_outlets(const TableReader& reader, RegionProfile& profile) {
  OutletRules& outlets = profile.outlets;
  reader.read_enum("method", outlets.method, outlet_methods);
  reader.read("path", outlets.path);
  reader.read("layer", outlets.layer);
  reader.read("terminal_field", outlets.terminal_field);
  reader.read("terminal_values", outlets.terminal_values);
  reader.read("distance_m", outlets.distance_m, NumberCheck::non_negative);
}

void read_streams(const TableReader& reader, RegionProfile& profile,
                  const ProfileSource& source,
                  const std::string& table_path) {
  reader.read("threshold_km2", profile.streams.threshold_km2,
              NumberCheck::positive);
  const toml::array* overrides = reader.tables("overrides");
  if (!overrides) {
    return;
  }
  std::vector<ThresholdOverride> entries;
  for (const toml::node& node : *overrides) {
    const TableReader entry_reader(
        *node.as_table(),
        "in [[" + table_path + "streams.overrides]]", source,
        {"name", "threshold_km2", "bbox", "polygon_path", "polygon_layer",
         "polygon_where"});
    ThresholdOverride entry;
    entry_reader.read("name", entry.name);
    if (entry.name.empty()) {
      fail_at(node.source(), source.name,
              "[[" + table_path +
                  "streams.overrides]] needs a non-empty 'name'");
    }
    if (!entry_reader.find("threshold_km2")) {
      fail_at(node.source(), source.name,
              "stream threshold override '" + entry.name +
                  "' needs 'threshold_km2'");
    }
    entry_reader.read("threshold_km2", entry.threshold_km2,
                      NumberCheck::positive);
    const std::vector<double> box = entry_reader.numbers(
        "bbox", 4, "[min_x, min_y, max_x, max_y], four numbers");
    if (!box.empty()) {
      if (box[0] > box[2] || box[1] > box[3]) {
        entry_reader.fail(*entry_reader.find("bbox"), "bbox",
                          "min_x must not exceed max_x, nor min_y max_y");
      }
      entry.bbox = RegionBox{box[0], box[1], box[2], box[3]};
    }
    entry_reader.read("polygon_path", entry.polygon_path);
    entry_reader.read("polygon_layer", entry.polygon_layer);
    entry_reader.read("polygon_where", entry.polygon_where);
    if (entry.bbox.has_value() == !entry.polygon_path.empty()) {
      fail_at(node.source(), source.name,
              "stream threshold override '" + entry.name +
                  "' needs either 'bbox' or 'polygon_path', not both");
    }
    entries.push_back(std::move(entry));
  }
  profile.streams.overrides = std::move(entries);
}

void read_main_stem(const TableReader& reader, RegionProfile& profile) {
  std::vector<MainStemCriterion>& criteria = profile.main_stem.criteria;
  reader.read_enum_list("criteria", criteria, main_stem_criteria);
  if (criteria.back() != MainStemCriterion::longest_path) {
    const toml::node* node = reader.find("criteria");
    reader.fail(*node, "criteria",
                "the last criterion must be 'longest_path', which always "
                "decides");
  }
}

void read_kilometre_points(const TableReader& reader,
                           RegionProfile& profile) {
  KilometrePointRules& rules = profile.kilometre_points;
  reader.read_enum("origin", rules.origin,
                   std::vector{KilometreOrigin::mouth,
                               KilometreOrigin::source});
  reader.read_enum("unit", rules.unit,
                   std::vector{KilometreUnit::m, KilometreUnit::km});
  reader.read("offset", rules.offset, NumberCheck::any);
  reader.read_enum("increase", rules.increase,
                   std::vector{KilometreIncrease::upstream,
                               KilometreIncrease::downstream});
}

void read_karst(const TableReader& reader, RegionProfile& profile,
                const ProfileSource& source, const std::string& table_path) {
  const toml::array* links = reader.tables("links");
  if (!links) {
    return;
  }
  const std::string name = "[[" + table_path + "karst.links]]";
  std::vector<KarstLink> entries;
  for (const toml::node& node : *links) {
    const TableReader link_reader(
        *node.as_table(), "in " + name, source,
        {"name", "sink", "resurgence", "max_distance_m"});
    KarstLink link;
    link_reader.read("name", link.name);
    if (link.name.empty()) {
      fail_at(node.source(), source.name, name + " needs a non-empty 'name'");
    }
    for (const auto& other : entries) {
      if (other.name == link.name) {
        fail_at(node.source(), source.name,
                "karst link '" + link.name + "' is defined twice");
      }
    }
    for (std::string_view key : {"sink", "resurgence"}) {
      const std::vector<double> xy =
          link_reader.numbers(key, 2, "[x, y], two numbers");
      if (xy.empty()) {
        fail_at(node.source(), source.name,
                "karst link '" + link.name + "' needs '" + std::string(key) +
                    "' = [x, y] in the working CRS");
      }
      (key == "sink" ? link.sink : link.resurgence) = Point{xy[0], xy[1]};
    }
    link_reader.read("max_distance_m", link.max_distance_m,
                     NumberCheck::positive);
    entries.push_back(std::move(link));
  }
  profile.karst_links = std::move(entries);
}

} // namespace

void fail_at(const toml::source_region& where,
             const std::string& fallback_source, const std::string& message) {
  std::string text = source_name_of(where, fallback_source);
  if (where.begin.line > 0) {
    text += ":" + std::to_string(where.begin.line);
  }
  throw ConfigError(text + ": " + message);
}

std::string closest_word(std::string_view word,
                         const std::vector<std::string_view>& candidates) {
  std::string best;
  std::size_t best_distance = std::max<std::size_t>(2, word.size() / 3) + 1;
  for (std::string_view candidate : candidates) {
    const std::size_t distance = edit_distance(word, candidate);
    if (distance < best_distance) {
      best_distance = distance;
      best = candidate;
    }
  }
  return best;
}

toml::table parse_toml(std::string_view text,
                       const std::string& source_name) {
  try {
    return toml::parse(text, source_name);
  } catch (const toml::parse_error& error) {
    const toml::source_region& where = error.source();
    throw ConfigError(source_name_of(where, source_name) + ":" +
                      std::to_string(where.begin.line) + ":" +
                      std::to_string(where.begin.column) +
                      ": invalid TOML: " +
                      std::string(error.description()));
  }
}

std::string read_text_file(const std::string& path) {
  namespace fs = std::filesystem;
  std::error_code error;
  if (!fs::is_regular_file(path, error)) {
    throw FileNotFoundError("region profile not found: " + path +
                            "; check the path, or run `georiviere regions "
                            "list` for the built-in presets");
  }
  std::ifstream stream(path, std::ios::binary);
  std::ostringstream text;
  text << stream.rdbuf();
  if (!stream.good() && !stream.eof()) {
    throw IoError("cannot read region profile " + path);
  }
  return text.str();
}

RegionProfile resolve_base(const std::string& base,
                           const ProfileSource& from,
                           const toml::source_region& where,
                           std::vector<std::string>& chain) {
  namespace fs = std::filesystem;
  const bool is_path = base.find('/') != std::string::npos ||
                       base.find('\\') != std::string::npos ||
                       fs::path(base).extension() == ".toml";
  if (!is_path) {
    const std::vector<std::string> names = region_preset_names();
    if (std::find(names.begin(), names.end(), base) == names.end()) {
      std::vector<std::string_view> views(names.begin(), names.end());
      std::string message = "unknown preset '" + base + "' in 'base'";
      const std::string suggestion = closest_word(base, views);
      if (!suggestion.empty()) {
        message += "; did you mean '" + suggestion + "'?";
      }
      fail_at(where, from.name,
              message + " Presets are " + join(views) +
                  "; a file path needs a .toml extension or a '/'");
    }
    return region_preset(base);
  }

  fs::path path(base);
  if (path.is_relative() && !from.directory.empty()) {
    path = fs::path(from.directory) / path;
  }
  std::error_code error;
  const fs::path canonical = fs::weakly_canonical(path, error);
  const std::string key = error ? path.string() : canonical.string();
  if (std::find(chain.begin(), chain.end(), key) != chain.end()) {
    fail_at(where, from.name,
            "base profile " + path.string() +
                " is already being resolved: profiles may not extend "
                "themselves in a loop");
  }
  if (!fs::is_regular_file(path, error)) {
    fail_at(where, from.name,
            "base profile not found: " + path.string() +
                " (relative paths start from the directory of " + from.name +
                ")");
  }
  chain.push_back(key);
  const std::string file = path.string();
  const toml::table table = parse_toml(read_text_file(file), file);
  const ProfileSource source{file, path.parent_path().string()};
  RegionProfile profile = resolve_profile(table, source, chain);
  chain.pop_back();
  return profile;
}

void apply_profile_table(const toml::table& table, RegionProfile& profile,
                         const ProfileSource& source,
                         const std::string& table_path,
                         const std::vector<std::string_view>& extra_keys) {
  const std::vector<std::string_view> sections{
      "region",  "crs",       "input",   "fields",
      "classes", "filters",   "direction", "ground",
      "topology", "outlets",  "streams", "main_stem",
      "kilometre_points", "karst"};
  std::vector<std::string_view> allowed = sections;
  if (!table_path.empty()) {
    // A catalogue entry takes its name from the catalogue key.
    allowed.erase(allowed.begin());
  }
  const std::string top_name =
      table_path.empty()
          ? std::string("at the top level")
          : "in [" + table_path.substr(0, table_path.size() - 1) + "]";
  const TableReader top(table, top_name, source, allowed, extra_keys);

  const auto open = [&](std::string_view name,
                        std::vector<std::string_view> keys)
      -> std::optional<TableReader> {
    const toml::table* sub = top.table(name);
    if (!sub) {
      return std::nullopt;
    }
    return std::optional<TableReader>(
        std::in_place, *sub, section(table_path, name), source,
        std::move(keys));
  };

  if (table_path.empty()) {
    if (auto reader = open("region", {"name", "description", "base"})) {
      read_region(*reader, profile);
    }
  }
  if (auto reader = open("crs", {"epsg"})) {
    reader->read("epsg", profile.epsg, 0, 999999);
  }
  if (auto reader = open("input", {"path", "layer", "where"})) {
    read_input(*reader, profile);
  }
  if (auto reader = open("fields", {"id", "name", "river_code", "direction",
                                    "class", "ground", "unnamed_values"})) {
    read_fields(*reader, profile);
  }
  if (auto reader = open("classes", {"default", "keep", "drop",
                                     "artificial", "artificial_field"})) {
    read_class_rules(*reader, profile.classes);
    reader->read("artificial_field", profile.artificial_field);
  }
  read_filters(top, profile, source, table_path);
  if (auto reader = open("direction",
                         {"forward", "reverse", "both", "unknown",
                          "unlisted", "chain", "z_start_field",
                          "z_end_field", "z_nodata", "min_drop_m",
                          "dem_path"})) {
    read_direction(*reader, profile);
  }
  if (auto reader = open("ground", {"tag", "above", "below"})) {
    read_ground(*reader, profile);
  }
  if (auto reader = open(
          "topology",
          {"mode", "snap_tolerance_m", "gap_tolerance_m", "split_crossings",
           "from_node_field", "to_node_field", "next_down_field",
           "outlet_values", "minor_branch_field", "minor_branch_values",
           "mismatch_tolerance_m"})) {
    read_topology(*reader, profile);
  }
  if (auto reader = open("outlets", {"method", "path", "layer",
                                     "terminal_field", "terminal_values",
                                     "distance_m"})) {
    read_outlets(*reader, profile);
  }
  if (auto reader = open("streams", {"threshold_km2", "overrides"})) {
    read_streams(*reader, profile, source, table_path);
  }
  if (auto reader = open("main_stem", {"criteria"})) {
    read_main_stem(*reader, profile);
  }
  if (auto reader = open("kilometre_points",
                         {"origin", "unit", "offset", "increase"})) {
    read_kilometre_points(*reader, profile);
  }
  if (auto reader = open("karst", {"links"})) {
    read_karst(*reader, profile, source, table_path);
  }
}

void check_profile(const RegionProfile& profile, const std::string& source) {
  const auto fail = [&](const std::string& message) {
    throw ConfigError(source + ": " + message);
  };
  const TopologyRules& topology = profile.topology;
  if (topology.mode == TopologyMode::from_to_nodes &&
      (topology.from_node_field.empty() || topology.to_node_field.empty())) {
    fail("[topology] mode 'from_to_nodes' needs 'from_node_field' and "
         "'to_node_field'");
  }
  if (topology.mode == TopologyMode::next_downstream &&
      (topology.next_down_field.empty() || profile.fields.id.empty())) {
    fail("[topology] mode 'next_downstream' needs 'next_down_field' in "
         "[topology] and 'id' in [fields]");
  }
  if (!topology.minor_branch_values.empty() &&
      topology.minor_branch_field.empty()) {
    fail("[topology] 'minor_branch_values' needs 'minor_branch_field'");
  }

  const ClassRules& classes = profile.classes;
  if (profile.fields.class_name.empty() &&
      (!classes.keep.empty() || !classes.drop.empty() ||
       !classes.artificial.empty())) {
    fail("[classes] lists values, but [fields] has no 'class' field");
  }
  if (profile.fields.class_name.empty() &&
      classes.default_action == ClassAction::drop) {
    fail("[classes] default 'drop' without a [fields] 'class' field would "
         "drop every line");
  }

  const DirectionRules& direction = profile.direction;
  if (profile.fields.direction.empty() &&
      (!direction.forward.empty() || !direction.reverse.empty() ||
       !direction.both.empty() || !direction.unknown.empty())) {
    fail("[direction] lists values, but [fields] has no 'direction' field");
  }
  if (direction.z_start_field.empty() != direction.z_end_field.empty()) {
    fail("[direction] needs both 'z_start_field' and 'z_end_field', or "
         "neither");
  }
  const auto in_chain = [&](DirectionStep step) {
    return std::find(direction.chain.begin(), direction.chain.end(), step) !=
           direction.chain.end();
  };
  if (in_chain(DirectionStep::dem) && direction.dem_path.empty()) {
    fail("[direction] chain has 'dem' but 'dem_path' is empty");
  }
  if (in_chain(DirectionStep::digitized) &&
      direction.chain.back() != DirectionStep::digitized) {
    fail("[direction] 'digitized' always decides, so it must be the last "
         "step of 'chain'");
  }

  if ((!profile.ground.above.empty() || !profile.ground.below.empty()) &&
      profile.fields.ground.empty()) {
    fail("[ground] lists values, but [fields] has no 'ground' field");
  }

  const OutletRules& outlets = profile.outlets;
  if ((outlets.method == OutletMethod::polygon_layer ||
       outlets.method == OutletMethod::boundary) &&
      outlets.path.empty()) {
    fail("[outlets] method '" + std::string(to_string(outlets.method)) +
         "' needs 'path'");
  }
  if (outlets.method == OutletMethod::terminal_field &&
      (outlets.terminal_field.empty() || outlets.terminal_values.empty())) {
    fail("[outlets] method 'terminal_field' needs 'terminal_field' and "
         "'terminal_values'");
  }
}

RegionProfile resolve_profile(const toml::table& table,
                              const ProfileSource& source,
                              std::vector<std::string>& chain) {
  RegionProfile profile;
  bool has_name = false;
  if (const toml::node* region = table.get("region")) {
    if (const toml::table* region_table = region->as_table()) {
      has_name = region_table->contains("name");
      if (const toml::node* base = region_table->get("base")) {
        const auto* text = base->as_string();
        if (!text) {
          fail_at(base->source(), source.name,
                  "key 'base' in [region]: expected a preset name or a "
                  "profile path");
        }
        profile = resolve_base(text->get(), source, base->source(), chain);
        // The base's description is about the base, not this profile.
        profile.description.clear();
      }
    }
  }
  apply_profile_table(table, profile, source, "", {});
  if (!has_name) {
    profile.name = std::filesystem::path(source.name).stem().string();
  }
  check_profile(profile, source.name);
  return profile;
}

} // namespace georiviere::detail
