// Position of each line above, on or below the ground, from the ground field
// of a region profile.
//
// Lines above the ground (bridges, aqueducts) or below it (tunnels,
// culverts) cross other lines without meeting them, so the topology builder
// must not node them with the lines they cross. When the profile sets a tag,
// the ground field is read as an OSM hstore column (other_tags) and the
// tag's value is compared.
//
// Complexity: O(lines × listed values). Throws InvalidInputError when the
// profile names a field the lines do not have.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "georiviere/core/line_set.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

// One position per line of `lines`, in line order. Every line is on the
// surface when the profile has no ground field.
inline std::vector<GroundPosition> classify_ground(
    const LineSet& lines, const RegionProfile& profile) {
  std::vector<GroundPosition> positions(lines.lines.size(),
                                        GroundPosition::surface);
  if (profile.fields.ground.empty()) {
    return positions;
  }
  const int index =
      require_field(lines, profile.fields.ground, "[fields] ground");
  const GroundRules& rules = profile.ground;

  for (std::size_t i = 0; i < lines.lines.size(); ++i) {
    const std::uint32_t row = lines.lines[i].row;
    if (row >= lines.attributes.rows.size()) {
      continue;
    }
    const FieldValue& field = lines.attributes.rows[row][index];
    std::string value;
    if (rules.tag.empty()) {
      value = field_value_text(field);
    } else if (const std::optional<std::string> tagged =
                   hstore_value(field_value_text(field), rules.tag)) {
      value = *tagged;
    }
    if (value.empty()) {
      continue;
    }
    if (contains_value(rules.below, value)) {
      positions[i] = GroundPosition::below;
    } else if (contains_value(rules.above, value)) {
      positions[i] = GroundPosition::above;
    }
  }
  return positions;
}

} // namespace georiviere
