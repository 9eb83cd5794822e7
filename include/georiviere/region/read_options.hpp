// Reader options from the [input] and [crs] tables of a region profile.
#pragma once

#include <string>

#include "georiviere/io/vector_reader.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

// Options to read the profile's input layer. `path` replaces the profile's
// input path when it is not empty, as a command-line argument would.
inline ReadOptions read_options_for(const RegionProfile& profile,
                                    const std::string& path = {}) {
  ReadOptions options;
  options.path = path.empty() ? profile.input.path : path;
  options.layer = profile.input.layer;
  options.where = profile.input.where;
  if (profile.epsg > 0) {
    options.crs = "EPSG:" + std::to_string(profile.epsg);
  }
  return options;
}

} // namespace georiviere
