// Matching source field values against the value lists of a region profile.
//
// Profiles compare every field value as text, so that a list written
// ["0"] or [0] matches an integer field, a real field holding 0.0, and a
// string field holding "0". Field names match case-insensitively, as in OGR.
#pragma once

#include <cctype>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"

namespace georiviere {

// Index of the named field, compared case-insensitively, or -1.
inline int find_field(const AttributeTable& table, std::string_view name) {
  for (std::size_t i = 0; i < table.fields.size(); ++i) {
    const std::string& field = table.fields[i].name;
    if (field.size() != name.size()) {
      continue;
    }
    bool same = true;
    for (std::size_t k = 0; k < name.size() && same; ++k) {
      same = std::tolower(static_cast<unsigned char>(field[k])) ==
             std::tolower(static_cast<unsigned char>(name[k]));
    }
    if (same) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

// Index of a field the profile names; throws InvalidInputError naming the
// field, the dataset, the profile key and the fields the dataset has.
inline int require_field(const LineSet& lines, std::string_view name,
                         std::string_view profile_key) {
  const int index = find_field(lines.attributes, name);
  if (index >= 0) {
    return index;
  }
  std::string available;
  for (const FieldDefinition& field : lines.attributes.fields) {
    available += (available.empty() ? "" : ", ") + field.name;
  }
  throw InvalidInputError(
      "field '" + std::string(name) + "' set by the region profile key " +
      std::string(profile_key) + " is not in " +
      (lines.source.empty() ? std::string("the input") : lines.source) +
      " (fields: " + (available.empty() ? "none" : available) +
      "); fix the field name or clear the key in an override");
}

// A field value as text with surrounding spaces removed; "" for a null.
// Reals without a fractional part print as integers.
inline std::string field_value_text(const FieldValue& value) {
  std::string text;
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    text = std::to_string(*integer);
  } else if (const auto* real = std::get_if<double>(&value)) {
    char buffer[64];
    if (std::isfinite(*real) && std::floor(*real) == *real &&
        std::fabs(*real) < 9.0e15) {
      std::snprintf(buffer, sizeof buffer, "%.0f", *real);
    } else {
      std::snprintf(buffer, sizeof buffer, "%.17g", *real);
    }
    text = buffer;
  } else if (const auto* string = std::get_if<std::string>(&value)) {
    text = *string;
  }
  const std::size_t first = text.find_first_not_of(" \t\r\n");
  if (first == std::string::npos) {
    return "";
  }
  const std::size_t last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

// A numeric field value; a string is parsed when it contains a number.
// Nothing for a null or non-numeric value.
inline std::optional<double> field_value_number(const FieldValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return static_cast<double>(*integer);
  }
  if (const auto* real = std::get_if<double>(&value)) {
    return *real;
  }
  if (std::holds_alternative<std::string>(value)) {
    const std::string text = field_value_text(value);
    if (text.empty()) {
      return std::nullopt;
    }
    char* end = nullptr;
    const double number = std::strtod(text.c_str(), &end);
    if (end == text.c_str() + text.size()) {
      return number;
    }
  }
  return std::nullopt;
}

// The value of `key` in an OSM hstore text such as
// "layer"=>"-1","tunnel"=>"culvert", as GDAL's OSM driver writes other_tags.
// Backslash escapes inside quotes are honoured.
inline std::optional<std::string> hstore_value(std::string_view hstore,
                                               std::string_view key) {
  std::size_t i = 0;
  // Reads a quoted string starting at hstore[i] == '"'.
  const auto read_quoted = [&](std::string& out) {
    if (i >= hstore.size() || hstore[i] != '"') {
      return false;
    }
    ++i;
    out.clear();
    while (i < hstore.size() && hstore[i] != '"') {
      if (hstore[i] == '\\' && i + 1 < hstore.size()) {
        ++i;
      }
      out += hstore[i++];
    }
    if (i >= hstore.size()) {
      return false;
    }
    ++i;
    return true;
  };
  const auto skip_spaces = [&] {
    while (i < hstore.size() && hstore[i] == ' ') {
      ++i;
    }
  };

  std::string current_key;
  std::string current_value;
  while (i < hstore.size()) {
    skip_spaces();
    if (!read_quoted(current_key)) {
      return std::nullopt;
    }
    skip_spaces();
    if (hstore.substr(i, 2) != "=>") {
      return std::nullopt;
    }
    i += 2;
    skip_spaces();
    if (!read_quoted(current_value)) {
      return std::nullopt;
    }
    if (current_key == key) {
      return current_value;
    }
    skip_spaces();
    if (i < hstore.size() && hstore[i] == ',') {
      ++i;
    }
  }
  return std::nullopt;
}

namespace detail {

// A distance for messages, such as "12.3 m".
inline std::string format_distance(double metres) {
  char text[64];
  std::snprintf(text, sizeof text, "%.1f m", metres);
  return text;
}

} // namespace detail

inline bool contains_value(const std::vector<std::string>& values,
                           std::string_view value) {
  for (const std::string& listed : values) {
    if (listed == value) {
      return true;
    }
  }
  return false;
}

} // namespace georiviere
