// The stream thresholds of a region profile's [streams] table, drawn on the
// grid of one DEM for the DEM pipeline (raster/dem_pipeline.hpp).
//
// Each override becomes a ThresholdBox of the grid's CRS, in profile order,
// so that the first override containing a cell centre sets its threshold:
//   bbox     the box, given in the profile's working CRS ([crs] epsg), moved
//            into the grid's CRS with PROJ. The box becomes the envelope of
//            its four moved corners, so a box drawn in another CRS grows
//            slightly. With epsg = 0 the box is read in the grid's CRS.
//   polygons the features of `polygon_path` (layer `polygon_layer`, filter
//            `polygon_where`), read into the grid's CRS and drawn on the
//            grid: a cell takes the threshold when its centre is inside a
//            polygon by the even-odd rule (holes excluded). The box is the
//            polygons' envelope and the cells are CellSpans.
//
// NOTE: polygon edges are straight in the working CRS, but only their
// vertices are moved into a geographic grid's CRS, so an edge of a polygon
// drawn on a geographic DEM is off by its curvature between vertices
// (centimetres for edges of a few hundred metres).
//
// Compiled in src/region/stream_thresholds.cpp. Cost: one read of each
// polygon layer, then, per override, O(rows × edges + cells of its box)
// with rows those of its envelope.
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <vector>

#include "georiviere/core/polygon.hpp"
#include "georiviere/raster/grid.hpp"
#include "georiviere/raster/streams.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

// One override of the profile as drawn on the grid, for summaries.
struct GridThresholdOverride {
  std::string name;
  double threshold_km2 = 0.0;
  bool from_polygons = false; // polygon_path rather than bbox
  std::size_t polygons = 0;   // features read, for a polygon override
  std::size_t cells = 0;      // grid cells of a polygon override
};

// The thresholds of a profile on one grid. Move-only: the boxes of polygon
// overrides point into `spans`, which this object owns, so it must outlive
// every copy of `threshold` or of its boxes.
struct GridStreamThresholds {
  StreamThreshold threshold; // default and boxes in the grid's CRS
  std::vector<GridThresholdOverride> overrides; // in profile order
  std::vector<std::unique_ptr<CellSpans>> spans;
};

// Draws the profile's [streams] table on a grid of `rows` × `cols` cells
// with `transform`, whose CRS is `grid_crs` (WKT or any input PROJ takes).
// Polygon paths are relative to the current directory. A polygon layer
// without a CRS is taken to be in the profile's working CRS ([crs] epsg),
// or with epsg = 0 in the grid's CRS when that is projected.
//
// Throws ConfigError when the profile has boxes but no epsg and the grid is
// geographic. Polygon layers raise what read_polygons() raises
// (FileNotFoundError, InvalidInputError, CrsError, IoError), the message
// naming the override. CrsError for an unknown grid CRS or when PROJ fails.
GridStreamThresholds stream_thresholds_on_grid(const RegionProfile& profile,
                                               const std::string& grid_crs,
                                               const GeoTransform& transform,
                                               std::size_t rows,
                                               std::size_t cols);

// The cells of a north-up grid whose centres lie inside any of the
// polygons, by the even-odd rule within each polygon. A centre on a
// polygon's edge is inside when the edge is the polygon's left or bottom
// boundary. Polygons are in the grid's CRS. O(rows × edges + spans) for the
// rows of the polygons' envelope.
CellSpans rasterize_polygons(const std::vector<MultiPolygon>& polygons,
                             const GeoTransform& transform, std::size_t rows,
                             std::size_t cols);

} // namespace georiviere
