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
// Layer choice: with an empty `layer`, the only layer of the dataset, or else
// the only layer whose declared geometry type is a line type. For OSM files
// the default is the "lines" layer, which contains the ways. The OSM driver
// is read through GDALDataset::GetNextFeature with only that layer of
// interest.
//
// Features: a MultiLineString gives one SourceLine per part, all with the
// feature's fid and attribute row. Curves are linearised by OGR. Features
// with a null or empty geometry are skipped and counted in
// LineSet::features_without_geometry; they get no attribute row. The fid is
// the OGR FID, or the feature's index in read order when the driver has
// none.
//
// Attributes: integers (32 and 64 bits) become FieldType::integer, reals
// FieldType::real, dates and times ISO 8601 text (2024-05-17,
// 2024-05-17T13:45:07Z), and list fields comma-joined strings.
//
// CRS: the WGS 84 UTM zone of a geographic layer is the one of the centre of
// the extent of the lines read, after the filter. Reprojection moves x and y
// only, so Z values stay as they are in the source.
// A GeoPackage layer with srs_id 0 or -1, the "Undefined geographic SRS"
// and "Undefined Cartesian SRS" entries GDAL writes for a layer created
// without CRS, has no CRS here.
//
// Errors: FileNotFoundError for a missing path. InvalidInputError for a
// file GDAL cannot open, an unknown or ambiguous layer, an invalid filter,
// no line feature after the filter, a layer of points or polygons, or a NaN
// or infinite x, y or z. CrsError for a layer with no CRS when `crs` is
// empty, an unknown `crs`, or a working CRS that is not projected in metres.
LineSet read_lines(const ReadOptions& options);

} // namespace georiviere
