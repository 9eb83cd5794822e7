// Class filter: drops the line classes a region profile drops, and lists
// the lines it keeps as artificial (canals, ditches, drains).
//
// Each line's class value is looked up in the profile's [classes] lists,
// then in each [[filters]] entry. A line is dropped when any of them drops
// it, and artificial when any of them marks it artificial. A null or unlisted
// value gets the table's default action.
//
// Complexity: O(lines × listed values). Throws InvalidInputError when the
// profile names a field the lines do not have.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/line_set.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

struct ClassFilterResult {
  std::size_t kept = 0;       // lines kept as natural watercourses
  std::size_t artificial = 0; // lines kept as artificial
  std::size_t dropped = 0;    // lines removed from the LineSet
  // Source fids of the artificial lines kept, in line order.
  std::vector<std::int64_t> artificial_fids;
  // Dropped lines per "field=value", a null value written as field=(null).
  std::map<std::string, std::size_t> dropped_by_value;
};

namespace detail {

struct ClassRuleColumn {
  std::string field;
  int index = -1;
  const ClassRules* rules = nullptr;
};

} // namespace detail

// Removes the dropped lines from `lines`, keeping the order of the others.
// The attribute table is left whole, since rows are shared by the parts of
// one feature.
inline ClassFilterResult apply_class_filter(LineSet& lines,
                                            const RegionProfile& profile) {
  std::vector<detail::ClassRuleColumn> columns;
  if (!profile.fields.class_name.empty()) {
    columns.push_back({profile.fields.class_name,
                       require_field(lines, profile.fields.class_name,
                                     "[fields] class"),
                       &profile.classes});
  }
  for (const FieldFilter& filter : profile.filters) {
    columns.push_back(
        {filter.field,
         require_field(lines, filter.field, "[[filters]] field"),
         &filter.rules});
  }

  ClassFilterResult result;
  std::vector<SourceLine> kept_lines;
  kept_lines.reserve(lines.lines.size());
  for (SourceLine& line : lines.lines) {
    bool drop = false;
    bool artificial = false;
    std::string drop_reason;
    for (const detail::ClassRuleColumn& column : columns) {
      const std::string value =
          line.row < lines.attributes.rows.size()
              ? field_value_text(
                    lines.attributes.rows[line.row][column.index])
              : std::string();
      const ClassAction action = column.rules->action_for(value);
      if (action == ClassAction::drop && !drop) {
        drop = true;
        drop_reason =
            column.field + "=" + (value.empty() ? "(null)" : value);
      }
      artificial = artificial || action == ClassAction::artificial;
    }

    if (drop) {
      ++result.dropped;
      ++result.dropped_by_value[drop_reason];
      continue;
    }
    if (artificial) {
      ++result.artificial;
      result.artificial_fids.push_back(line.fid);
    } else {
      ++result.kept;
    }
    kept_lines.push_back(std::move(line));
  }
  lines.lines = std::move(kept_lines);
  return result;
}

} // namespace georiviere
