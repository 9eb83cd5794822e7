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
  // Paths of the input datasets. Writing to any of them raises IoError, even
  // with `overwrite`.
  std::vector<std::string> inputs;
  ProgressCallback progress;
};

// Writes the layers `reaches`, `nodes` and `problems`.
//
// Extensions map to drivers: .gpkg GPKG, .sqlite SQLite, .geojson and .json
// GeoJSON, .fgb FlatGeobuf, .shp ESRI Shapefile, .gml GML. Any other
// extension gets a GeoPackage under the path as given.
//
// Layers and fields:
// - reaches (LineString, with Z or M when a reach geometry has them, and
//   then Z or M = 0 on the reaches that lack them):
//   reach_id, from_node, to_node, length_m, strahler, shreve, hack,
//   upstream_length_m, distance_to_outlet_m, max_upstream_distance_m,
//   main_stem_id, basin_id (null for -1), source_fids (comma-separated),
//   then every field of `network.attributes`. A source field gets the value
//   shared by all source rows of the reach, or null when they differ. A
//   source field whose name clashes with ours, with "fid" or with the FID or
//   geometry column of the layer gets the prefix "src_".
// - nodes (Point): node_id, kind, in_degree, out_degree.
// - problems (any geometry, 2D): kind, message, reach_ids, source_fids.
//   The layer is written even when empty. A problem without points or lines
//   has a null geometry. A Shapefile layer has a single geometry type, so
//   there each problem is a MultiPoint: its points, or the middle vertex of
//   each of its lines.
//   NOTE: the FlatGeobuf driver of GDAL 3.6 silently drops features without
//   geometry, so problems without points or lines are missing there.
//
// Drivers that store several layers in one dataset (GeoPackage, SQLite, GML)
// get one file. Single-layer drivers (GeoJSON, FlatGeobuf, Shapefile) get
// one file per layer, named STEM_reaches.EXT, STEM_nodes.EXT and
// STEM_problems.EXT beside PATH. Shapefile field names are cut to 10
// characters by GDAL (upstream_length_m becomes upstream_l, and so on).
// Each file is written under a temporary name in the same directory
// (".STEM.tmp-PID-N.EXT") and renamed when complete, so a failure leaves no
// partial output. Returns the paths written.
//
// Throws IoError when the output directory is missing, when an output
// exists and `overwrite` is false, when an output is one of
// `options.inputs`, or when GDAL fails; CrsError when `network.crs_wkt` is
// not valid WKT.
std::vector<std::string> write_network(const RiverNetwork& network,
                                       const std::string& path,
                                       const WriteOptions& options);

} // namespace georiviere
