// Source feature attributes carried from the input layer to the outputs.
#pragma once

#include <cstdint>
#include <string>
#include <variant>
#include <vector>

namespace georiviere {

enum class FieldType { integer, real, string, date_time };

struct FieldDefinition {
  std::string name;
  FieldType type = FieldType::string;
};

// A field value; std::monostate is a null. Dates are kept as ISO 8601 text.
using FieldValue = std::variant<std::monostate, std::int64_t, double,
                                std::string>;

// Attribute values of the source features, one row per source feature in
// read order. Row i belongs to the feature whose fid is `fids[i]`.
struct AttributeTable {
  std::vector<FieldDefinition> fields;
  std::vector<std::int64_t> fids;
  std::vector<std::vector<FieldValue>> rows;

  std::size_t size() const { return rows.size(); }

  // Index of the named field, or -1 when there is none.
  int field_index(const std::string& name) const {
    for (std::size_t i = 0; i < fields.size(); ++i) {
      if (fields[i].name == name) {
        return static_cast<int>(i);
      }
    }
    return -1;
  }
};

} // namespace georiviere
