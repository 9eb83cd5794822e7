// Writing a RiverNetwork to an OGR vector dataset.
//
// Implemented in src/io/vector_writer.cpp over GDAL/OGR.
#pragma once

#include <string>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"

namespace georiviere {

struct WriteOptions {
  bool overwrite = false; // replace an existing output
  // GDAL driver short name, such as "GPKG" or "GeoJSON". Empty: chosen from
  // the extension of the path, GeoPackage when the extension is unknown.
  std::string format;
  ProgressCallback progress;
};

// Writes the layers `reaches`, `nodes` and `problems`.
//
// Drivers that hold several layers in one dataset (GeoPackage, SQLite, ...)
// get one file. Single-layer drivers (GeoJSON, FlatGeobuf, Shapefile) get
// one file per layer, named PATH_STEM_reaches.EXT and so on. Each file is
// written under a temporary name in the same directory and renamed when
// complete, so a failure leaves no partial output. Returns the paths
// written.
//
// Throws IoError when an output exists and `overwrite` is false, when the
// output would replace an input source file, or when GDAL fails.
std::vector<std::string> write_network(const RiverNetwork& network,
                                       const std::string& path,
                                       const WriteOptions& options);

} // namespace georiviere
