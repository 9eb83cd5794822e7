// Reading polygon layers (municipalities, catchments, protected areas,
// outlet areas, sub-regions) from any OGR vector dataset.
//
// Implemented in src/io/polygon_reader.cpp over GDAL/OGR and PROJ, so this
// header stays free of their headers.
#pragma once

#include <cstddef>
#include <string>
#include <vector>

#include "georiviere/core/attributes.hpp"
#include "georiviere/core/polygon.hpp"
#include "georiviere/core/progress.hpp"

namespace georiviere {

struct PolygonReadOptions {
  std::string path;  // any dataset OGR opens: Shapefile, GPKG, GeoJSON...
  std::string layer; // empty: the only (polygon) layer of the dataset
  std::string where; // OGR SQL attribute filter, such as "code='69'"
  // Working CRS as WKT (RiverNetwork::crs_wkt, a raster's CRS), "EPSG:2154"
  // or "2154". It must be projected in metres. Polygons are reprojected to
  // it. Empty: keep the layer's CRS, which must then be projected in metres.
  std::string working_crs;
  // CRS of a layer that has none, in the same forms. Empty: a layer without
  // CRS is rejected, because a polygon layer in the wrong CRS would silently
  // cross nothing.
  std::string layer_crs_if_missing;
  // The option that sets `layer`, as error messages should name it.
  std::string layer_option = "--layer";
  // The option that sets `layer_crs_if_missing`, as error messages should
  // name it; empty: the messages name none.
  std::string crs_option;
  ProgressCallback progress;
};

// A polygon layer in the working CRS. polygons[i] is the feature whose fid
// is attributes.fids[i] and whose values are attributes.rows[i].
struct PolygonLayer {
  std::vector<MultiPolygon> polygons;
  AttributeTable attributes;
  std::string crs_wkt; // working CRS, projected, in metres
  std::string source;  // dataset and layer, for messages
  // Features skipped because their geometry is null or empty.
  std::size_t features_without_geometry = 0;

  std::size_t size() const { return polygons.size(); }
};

// Reads every Polygon and MultiPolygon feature of the layer into the
// working CRS, keeping each feature's fid and attributes.
//
// Layer choice: the named layer, or else the only layer of the dataset, or
// else the only layer whose declared geometry type is a polygon type. For
// OSM files the default is the "multipolygons" layer.
//
// Features: one MultiPolygon per feature (a Polygon gives one part).
// Curved polygons (CurvePolygon, MultiSurface) are linearised by OGR. Rings
// are stored open, without the repeated closing vertex, and consecutive
// duplicate vertices are dropped. Features with a null or empty geometry
// are skipped and counted in features_without_geometry; they get no
// attribute row. The fid is the OGR FID, or the feature's index in read
// order when the driver has none. Attributes are converted as read_lines
// converts them (io/vector_reader.hpp).
//
// NOTE: polygon validity (self-intersecting rings, holes outside the outer
// ring, overlapping parts) is not checked; core/polygon.hpp states what
// location does with such input.
//
// Errors: FileNotFoundError for a missing path. InvalidInputError for a
// file GDAL cannot open, an unknown or ambiguous layer, an invalid filter,
// no polygon feature after the filter, or a NaN or infinite coordinate. It
// is also raised for a layer of lines or points, and for a feature of
// another geometry type, named by its fid. CrsError for a layer without CRS
// when layer_crs_if_missing is empty, an unknown CRS text, or a working CRS
// that is not projected in metres. IoError when the driver fails while reading.
PolygonLayer read_polygons(const PolygonReadOptions& options);

} // namespace georiviere
