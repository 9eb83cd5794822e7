// Text of an attribute value, for messages and comparisons.
#pragma once

#include <cstdint>
#include <cstdio>
#include <string>
#include <variant>

#include "georiviere/core/attributes.hpp"

namespace georiviere::detail {

// The value as text: integers in full, reals with 17 significant digits so
// that distinct values give distinct text, and "null" for a null.
inline std::string field_value_text(const FieldValue& value) {
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return std::to_string(*integer);
  }
  if (const auto* real = std::get_if<double>(&value)) {
    char text[64];
    std::snprintf(text, sizeof text, "%.17g", *real);
    return text;
  }
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  return "null";
}

} // namespace georiviere::detail
