// The check on the -o path of the subcommands that write CSV tables only
// (`profile`, `zones`).
#pragma once

#include <filesystem>
#include <string>

#include "georiviere/core/error.hpp"

namespace georiviere::cli {

// Throws InvalidInputError unless `path` ends in .csv, in any case. Other
// extensions would give a CSV file named as another format, such as a
// .gpkg that GDAL cannot open.
inline void check_csv_output(const std::string& path) {
  std::string extension = std::filesystem::path(path).extension().string();
  for (char& c : extension) {
    if (c >= 'A' && c <= 'Z') {
      c = static_cast<char>(c - 'A' + 'a');
    }
  }
  if (extension != ".csv") {
    throw InvalidInputError("output " + path +
                            " is not a .csv file, and this command writes "
                            "CSV only; give a path ending in .csv");
  }
}

} // namespace georiviere::cli
