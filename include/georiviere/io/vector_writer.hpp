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
  bool overwrite = false; // replace existing output files
  // GDAL driver short name, such as "GPKG" or "GeoJSON". Empty: chosen from
  // the extension of the path, as write_network describes.
  std::string format;
  // Paths of the input datasets. Writing to any of them raises IoError, even
  // with `overwrite`.
  std::vector<std::string> inputs;
  ProgressCallback progress;
};

// Writes the layers `reaches`, `nodes` and `problems`.
//
// Format: `options.format` when given, else from the extension of the path.
// .gpkg GPKG, .sqlite SQLite, .geojson and .json GeoJSON, .fgb FlatGeobuf,
// .shp ESRI Shapefile, .gml GML, .gmt OGR_GMT. Any other extension goes to
// the GDAL vector driver that lists it (DMD_EXTENSIONS), creates files, is
// not a raster driver and declares integer, real and text fields. With
// GDAL 3.6 these are .csv CSV, .kml KML, .kmz LIBKML, .tab and .mif MapInfo
// File, .geojsonl GeoJSONSeq, .jml JML, .xml GML, .db SQLite and .sql
// PGDUMP. CSV files get geometries as a WKT column and field types in a
// .csvt file. GDAL reprojects KML to WGS 84. PGDUMP writes an SQL script
// for PostgreSQL, which GDAL cannot read back. The driver named after the
// extension wins when several list it (KML over LIBKML). Spreadsheets
// (.ods, .xlsx), vector tiles (.mvt), .gdb and drivers with fixed schemas
// (.dxf, .dgn, .gpx) are rejected, and so is an extension no driver takes,
// with IoError listing the supported ones. A path without extension gets a
// GeoPackage written to the path as given.
//
// A driver that declares no Integer64 fields (MapInfo, KML) gets Integer
// ids, and source integer columns become Integer, or Real when a value needs
// more than 32 bits.
// NOTE: the MapInfo driver of GDAL 3.6 writes each point of a MultiPoint
// problem as a feature of its own, so its problems layer can have more
// features than the network has problems.
//
// Layers and fields:
// - reaches (LineString, with Z or M when a reach geometry has them, and
//   then Z or M = 0 on the reaches that lack them):
//   reach_id, from_node, to_node, length_m, strahler, shreve, hack,
//   upstream_length_m, distance_to_outlet_m, max_upstream_distance_m,
//   main_stem_id, basin_id (null for -1), source_fids (comma-separated),
//   then every field of `network.attributes`. The six metrics from strahler
//   to max_upstream_distance_m are null on reaches in a directed cycle
//   (Reach::in_cycle), where they are undefined. A source field gets the
//   value shared by all source rows of the reach, or null when they differ.
//   A source field whose name clashes with ours, with "fid" or with the FID
//   or geometry column of the layer gets the prefix "src_".
// - nodes (Point): node_id, kind, in_degree, out_degree.
// - problems (any geometry, 2D): kind, message, reach_ids, source_fids.
//   The layer is written even when empty. A problem without points or lines
//   has a null geometry. A Shapefile layer has a single geometry type, so
//   there each problem is a MultiPoint: its points, or the middle vertex of
//   each of its lines.
//   NOTE: the FlatGeobuf driver of GDAL 3.6 silently drops features without
//   geometry, so problems without points or lines are missing there.
//
// Drivers that store several layers in one dataset (GeoPackage, SQLite, GML,
// KML) get one file. Single-layer drivers (GeoJSON, FlatGeobuf, Shapefile,
// CSV) get one file per layer, named STEM_reaches.EXT, STEM_nodes.EXT and
// STEM_problems.EXT beside PATH. Shapefile field names are cut to 10
// characters by GDAL (upstream_length_m becomes upstream_l, and so on), and
// its text values (problem messages, source_fids, source attributes) to 254
// characters, the maximum width of a dBASE text field.
//
// Files: check_output_path runs first, before any work. The files are
// written in a hidden temporary directory beside the outputs
// (".STEM.tmp-PID-N/"), then renamed into place, side files included (the
// .dbf of a Shapefile, the .xsd of a GML file). With `overwrite`, old side
// files the new output might not replace (.prj, .qix, .gfs) are removed
// first. When anything throws, including CancelledError from the progress
// callback at any of its calls, the temporary directory is removed with all
// its files and no output is changed. The last progress call (fraction 1)
// comes before the renames, and the renames call no callback. When a rename
// fails, the outputs renamed before it are removed, so the output is
// missing rather than partial; with `overwrite` the files it replaced are
// lost then. Returns the paths of the main files written (not the side
// files).
//
// Throws IoError for the cases check_output_path lists and when GDAL fails,
// CrsError when `network.crs_wkt` is not valid WKT.
std::vector<std::string> write_network(const RiverNetwork& network,
                                       const std::string& path,
                                       const WriteOptions& options);

// Runs every check write_network makes before writing, so that callers can
// reject a bad output path before a long build. Throws IoError when:
// - `options.format` is not a GDAL vector driver that creates datasets, or
//   no driver takes the extension of the path;
// - the output directory is missing or not a directory, or the process
//   cannot write in it ("cannot write in directory D: permission denied");
// - a final file name, side files included, is an existing directory,
//   device, FIFO or socket (even with `overwrite`), is one of
//   `options.inputs` (even with `overwrite`), or exists and `overwrite` is
//   false.
void check_output_path(const std::string& path, const WriteOptions& options);

} // namespace georiviere
