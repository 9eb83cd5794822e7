// Reading point layers (observations, sampling stations, works) from any
// OGR vector dataset.
//
// Implemented in src/io/point_reader.cpp over GDAL/OGR and PROJ, so this
// header stays free of their headers.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/progress.hpp"

namespace georiviere {

struct PointReadOptions {
  std::string path;  // any dataset OGR opens: Shapefile, GPKG, GeoJSON, CSV
  std::string layer; // empty: the only (point) layer of the dataset
  std::string where; // OGR SQL attribute filter, such as "kind='erosion'"
  // Working CRS as WKT (RiverNetwork::crs_wkt), "EPSG:2154" or "2154",
  // projected in metres. Points are reprojected to it. Empty: keep the
  // layer's CRS, which must then be projected in metres.
  std::string working_crs;
  // CRS of a layer that has none, in the same forms. Empty: a layer without
  // CRS is taken to be in the working CRS, or rejected when that is empty.
  std::string layer_crs_if_missing;
  // The option that sets `layer`, as error messages should name it.
  std::string layer_option = "--layer";
  ProgressCallback progress;
};

// A point layer in the working CRS. Point i belongs to the feature of
// attribute row rows[i] (fid attributes.fids[rows[i]]).
struct PointLayer {
  std::vector<Point> points;
  std::vector<std::uint32_t> rows;
  AttributeTable attributes; // one row per feature read
  std::string crs_wkt;       // working CRS, projected, in metres
  std::string source;        // dataset and layer, for messages
  // Features whose geometry is null or empty: each has one point with NaN
  // coordinates, so that callers can report it with its attributes.
  std::size_t features_without_geometry = 0;

  std::size_t size() const { return points.size(); }
};

// Reads every Point and MultiPoint feature of the layer into the working
// CRS, keeping each feature's fid and attributes.
//
// Layer choice: the named layer, or else the only layer of the dataset, or
// else the only layer whose declared geometry type is a point type. For
// OSM files the default is the "points" layer.
//
// Features: a Point gives one point, a MultiPoint one point per part, all
// with the feature's row. Z is dropped. A feature with a null or empty
// geometry gives one point with NaN coordinates and is counted in
// features_without_geometry. The fid is the OGR FID, or the feature's index
// in read order when the driver has none. Attributes are converted as
// read_lines converts them (io/vector_reader.hpp).
//
// Errors: FileNotFoundError for a missing path. InvalidInputError for a
// file GDAL cannot open, an unknown or ambiguous layer, an invalid filter,
// or no feature after the filter. InvalidInputError also for a layer of
// lines or polygons, a feature of another geometry type, named by its fid,
// and a NaN or infinite coordinate. CrsError for a layer without CRS when
// neither layer_crs_if_missing nor working_crs is given, an unknown CRS text, a
// working CRS that is not projected in metres, or a point PROJ cannot
// transform. IoError when the driver fails while reading.
PointLayer read_points(const PointReadOptions& options);

} // namespace georiviere
