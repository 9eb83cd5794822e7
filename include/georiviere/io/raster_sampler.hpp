// Samples one band of a raster (usually a DEM) at points, by nearest cell
// or by bilinear interpolation between the four nearest cell centres.
//
// The points may be in another CRS than the raster: the sampler moves each
// point into the raster's CRS with PROJ before it looks up the cells. Cells
// are read in windows of one GDAL block, except that a block more than 1024
// cells wide or tall is read 256 cells at a time along that side. The most
// recently used windows stay in a cache of 4 Mi cells (32 MiB). So points
// close to each other, such as the vertices of a line, cost one read per
// window, and only a small raster is ever read whole.
//
// A cell is missing when it equals the band's nodata value or is NaN.
// NOTE: other GDAL masks (alpha bands, per-dataset masks) are not read.
//
// Implemented in src/io/raster_sampler.cpp, so this header includes no GDAL
// or PROJ header.
//
// Cost: one PROJ transformation per point when the CRSs differ, and one
// GDAL read per window that is not in the cache.
//
// Thread safety: the sampling functions lock a mutex of the sampler, so
// one sampler may be shared by threads, which then take turns. For
// parallel sampling, give each thread its own sampler.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string>

#include "georiviere/core/geometry.hpp"

namespace georiviere {

class RasterSampler {
public:
  // Opens band `band` (1-based) of the raster at `path`. Points given to
  // the sampler are in `points_crs`: a WKT, "EPSG:2154" or anything
  // else PROJ reads. Empty: the points are in the raster's own CRS, and
  // a raster without a CRS is read in its geotransform's coordinates.
  //
  // Throws FileNotFoundError for a missing path, IoError when GDAL cannot
  // open the raster, and InvalidInputError for a band out of range or a
  // geotransform that cannot be inverted. Throws CrsError when
  // `points_crs` or the raster's CRS is unknown, when `points_crs` is given
  // and the raster has no CRS, or when PROJ has no transformation between
  // them.
  RasterSampler(const std::string& path, const std::string& points_crs = {},
                int band = 1);
  ~RasterSampler();
  // A moved-from sampler may only be destroyed or assigned to.
  RasterSampler(RasterSampler&& other) noexcept;
  RasterSampler& operator=(RasterSampler&& other) noexcept;
  RasterSampler(const RasterSampler&) = delete;
  RasterSampler& operator=(const RasterSampler&) = delete;

  // Value of the cell that contains the point. nullopt when the point is
  // outside the raster, when the cell is nodata or NaN, or when PROJ
  // cannot transform the point. A point on the edge shared by two cells
  // takes the cell to its right or below it. Throws IoError when GDAL
  // fails to read the cells, as bilinear() does.
  std::optional<double> nearest(const Point& point) const;

  // Bilinear interpolation between the centres of the four cells around
  // the point. nullopt when the point is outside the raster or PROJ cannot
  // transform it, or when a cell with a non-zero weight is nodata or NaN
  // (call nearest() to get a value there anyway). A point on a line or
  // column of cell centres uses only the two cells on it, and a point on a
  // centre only that cell.
  //
  // Within half a cell of the raster's edge the point has no outer cell
  // centres around it. There the missing cells take the value of the edge
  // cell next to them, so the value is interpolated along the edge and
  // constant across it, and at the corners it is the corner cell's value.
  std::optional<double> bilinear(const Point& point) const;

  // Approximate size of one cell in metres, the square root of its area
  // at the raster's centre. For a geographic raster, the degrees are
  // converted on a sphere of radius 6,371,009 m at the centre's latitude.
  // For a raster without a CRS, the geotransform's units are taken as
  // metres.
  double cell_size_m() const;

  std::size_t rows() const;
  std::size_t cols() const;
  const std::string& path() const;
  // The band's nodata value, if it has one.
  std::optional<double> nodata() const;
  // True when points are transformed into the raster's CRS.
  bool transforms_points() const;
  // Number of windows read from GDAL so far, one per cache miss.
  std::size_t windows_read() const;

private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

} // namespace georiviere
