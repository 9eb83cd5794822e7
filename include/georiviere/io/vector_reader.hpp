// Reading river lines from any OGR vector dataset.
//
// Implemented in src/io/vector_reader.cpp over GDAL/OGR and PROJ, so this
// header stays free of their headers.
#pragma once

#include <string>

#include "georiviere/core/line_set.hpp"
#include "georiviere/core/progress.hpp"

namespace georiviere {

struct ReadOptions {
  std::string path;  // any dataset OGR opens: Shapefile, GPKG, GML, OSM PBF
  std::string layer; // empty: the only line layer of the dataset
  std::string where; // OGR SQL attribute filter, such as "waterway='river'"
  // Working CRS as "EPSG:2154", "2154" or WKT. When the layer has no CRS it
  // is taken to be in this CRS. When the layer has another CRS, lines are
  // reprojected to it. Empty: keep a projected layer's CRS, and reproject a
  // geographic layer to the WGS 84 UTM zone of its centre.
  std::string crs;
  ProgressCallback progress;
};

// Reads every LineString and MultiLineString feature of the layer, keeping Z,
// M and every attribute, into the working CRS.
//
// Throws FileNotFoundError for a missing path, InvalidInputError for an
// unknown layer, an invalid filter, an empty layer, a layer of points or
// polygons, or NaN or infinite coordinates, and CrsError for a layer with no
// CRS when `crs` is empty or a working CRS that is not projected in metres.
LineSet read_lines(const ReadOptions& options);

} // namespace georiviere
