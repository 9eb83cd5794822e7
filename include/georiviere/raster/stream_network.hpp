// A RiverNetwork from stream links, with TauDEM StreamNet's per-link
// attributes, and the CRS handling of grids that it needs.
//
// Each link of raster/streams.hpp becomes one reach, drawn through the
// centres of its cells, from its upstream to its downstream end. Nodes are
// the link end cells (heads, confluences, outlets and pits), so links
// meeting in one confluence cell share one node. A one-cell link from a
// head that is an outlet ends at the edge of its cell in the flow
// direction, on a node of its own.
//
// Coordinates are in the working CRS: the grid's CRS when it is projected
// in metres, and otherwise the WGS 84 UTM zone of the grid centre (EPSG
// 326zz or 327zz), into which PROJ transforms the cell centres. Lengths are
// then Euclidean lengths in that CRS.
//
// Per-reach attributes are in RiverNetwork::attributes, row i for reach i.
// Reach::source_rows links them, so write_network writes them:
//   link_id, downstream_link_id (null at outlets and pits),
//   us_area_km2 and ds_area_km2 (StreamLink::upstream_area_km2 and
//   downstream_area_km2), drop_m (elevation at the first cell minus
//   elevation at the last, in DEM units, taken to be metres), slope
//   (drop_m / length_m, 0 for a zero length). Strahler order and the other
//   metrics are the reach fields that compute_metrics fills.
//
// build_stream_network then runs check_direction and compute_metrics. A D8
// network is a forest with one outlet per tree, so check_direction finds no
// cycle, diffluence or reversed reach in it. It would report every tree but
// the largest as disconnected, yet each tree is a basin that drains off the
// grid on its own, so those problems are dropped.
//
// Implemented in src/raster/stream_network.cpp and
// src/raster/grid_referencing.cpp (PROJ).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/raster/cell_area.hpp"
#include "georiviere/raster/grid.hpp"
#include "georiviere/raster/streams.hpp"

namespace georiviere {

// The CRS of a grid and the projected working CRS derived from it.
struct GridReferencing {
  std::string grid_crs_wkt;     // the grid's CRS as WKT
  std::string grid_crs_name;    // such as "WGS 84 (EPSG:4326)"
  bool geographic = false;      // cells in degrees of longitude and latitude
  double metres_per_unit = 1.0; // length of one projected CRS unit
  Ellipsoid ellipsoid;          // of the CRS's datum, for geographic grids
  std::string working_crs_wkt;  // projected, in metres
  std::string working_crs_name;
  bool needs_transform = false; // working CRS differs from the grid's

  // Cell width and height in metres of each row.
  RowCellSizes cell_sizes_m(const GeoTransform& transform,
                            std::size_t rows) const;
};

// Describes the CRS `crs` of a grid (WKT, or any input PROJ takes, such as
// "EPSG:2154") with the geotransform and size of the grid: whether it is
// geographic, its unit and ellipsoid, and the working CRS. Throws CrsError
// for an empty or unknown CRS, one that is neither geographic nor
// projected, and InvalidInputError for a rotated geotransform.
GridReferencing describe_grid_referencing(const std::string& crs,
                                          const GeoTransform& transform,
                                          std::size_t rows, std::size_t cols);

// Transforms coordinates in place from the grid's CRS to the working CRS;
// does nothing when needs_transform is false. Throws CrsError when PROJ
// fails on a point.
void transform_to_working_crs(const GridReferencing& referencing,
                              std::vector<double>& x, std::vector<double>& y);

// Transforms coordinates in place from the CRS `source_crs` (WKT or user
// input) to the grid's CRS. Throws CrsError when PROJ fails.
void transform_to_grid_crs(const GridReferencing& referencing,
                           const std::string& source_crs,
                           std::vector<double>& x, std::vector<double>& y);

// Builds the network of `links`, traced on `directions`, in the working CRS
// of `referencing` (see the top of this header). Throws InvalidInputError
// when `links` was traced on a grid of another shape, CrsError when PROJ
// fails, and CancelledError when the progress callback returns false.
RiverNetwork build_stream_network(const StreamLinks& links,
                                  GridView<const std::uint8_t> directions,
                                  const GridReferencing& referencing,
                                  const ProgressCallback& progress = {});

} // namespace georiviere
