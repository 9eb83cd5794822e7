// River lines as read from a dataset, before any topology is built.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"

namespace georiviere {

// One line part. A MultiLineString feature gives one SourceLine per part,
// all with the feature's fid and attribute row.
struct SourceLine {
  std::int64_t fid = 0;   // source feature id
  std::uint32_t row = 0;  // row of the feature in LineSet::attributes
  Polyline geometry;      // in the working CRS, digitised order kept
};

struct LineSet {
  std::vector<SourceLine> lines;
  AttributeTable attributes; // may have no fields, but one row per feature
  std::string crs_wkt;       // working CRS, projected, in metres
  std::string source;        // dataset and layer, for messages
  // Features skipped by the reader because their geometry is null or empty.
  std::size_t features_without_geometry = 0;

  // Total length of every line, in metres.
  double total_length() const {
    double total = 0.0;
    for (const SourceLine& line : lines) {
      total += line.geometry.length();
    }
    return total;
  }
};

} // namespace georiviere
