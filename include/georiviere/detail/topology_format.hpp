// Number and value formatting for the messages of build_topology().
#pragma once

#include <array>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <string>
#include <variant>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"

namespace georiviere::detail {

// A length or coordinate in metres with millimetre precision.
inline std::string format_metres(double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), "%.3f", value);
  return buffer.data();
}

inline std::string format_point(const Point& p) {
  return "(" + format_metres(p.x) + ", " + format_metres(p.y) + ")";
}

// The shortest text that reads back to the same double.
inline std::string format_shortest(double value) {
  std::array<char, 64> buffer{};
  const auto result =
      std::to_chars(buffer.data(), buffer.data() + buffer.size(), value);
  return std::string(buffer.data(), result.ptr);
}

// A round tolerance to suggest for joining ends `gap_m` metres apart: the
// smallest of 1, 2 and 5 times a power of ten that is above the gap, and at
// least 1 mm.
inline double suggested_tolerance(double gap_m) {
  double scale = 0.001;
  while (true) {
    for (const double factor : {1.0, 2.0, 5.0}) {
      if (factor * scale > gap_m) {
        return factor * scale;
      }
    }
    scale *= 10.0;
  }
}

// Text of an attribute value: empty for a null, the shortest round-trip
// form for a real.
inline std::string field_text(const FieldValue& value) {
  if (const auto* text = std::get_if<std::string>(&value)) {
    return *text;
  }
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return std::to_string(*integer);
  }
  if (const auto* real = std::get_if<double>(&value)) {
    return format_shortest(*real);
  }
  return {};
}

} // namespace georiviere::detail
