// Reading and writing raster bands with GDAL.
//
// Implemented in src/raster/raster_io.cpp, so this header stays free of
// GDAL headers. read_raster and write_raster are defined for std::uint8_t,
// std::int16_t, std::uint16_t, std::int32_t, std::uint32_t, std::int64_t,
// std::uint64_t, float and double; other cell types fail to link.
#pragma once

#include <cstddef>
#include <optional>
#include <string>

#include "georiviere/raster/grid.hpp"

namespace georiviere {

// Description of a raster dataset, read without its cells.
struct RasterInfo {
  std::size_t rows = 0;
  std::size_t cols = 0;
  int band_count = 0;
  std::string data_type;        // GDAL's name of band 1's type, "Float32"
  std::optional<double> nodata; // of band 1
  GeoTransform transform;
  std::string crs_wkt; // empty when the dataset has no CRS
};

// Reads the size, band 1 type and nodata, geotransform and CRS of a raster.
// Throws FileNotFoundError for a missing path and IoError when GDAL cannot
// open it as a raster.
RasterInfo read_raster_info(const std::string& path);

// Reads band `band` (1-based) of a raster into a Grid<T>, with its nodata
// value, geotransform and CRS as WKT. GDAL converts cell values to T.
//
// The band's nodata value becomes the grid's when T can hold it. When the
// band's own type cannot hold it either (an Int16 band with nodata
// -3.4e38), no cell can be nodata and the grid gets none. Otherwise it
// throws InvalidInputError, because cells equal to it would be converted to
// a valid-looking value: read into a wider type.
//
// With `threads` above 1, GDAL decodes the blocks of a GeoTIFF on that
// many threads (its NUM_THREADS open option); other formats ignore it.
//
// Throws FileNotFoundError for a missing path, IoError when GDAL cannot
// open or read it, and InvalidInputError for a band number out of range or
// a thread count below 1.
template <typename T>
Grid<T> read_raster(const std::string& path, int band = 1, int threads = 1);

// Options for write_raster.
struct RasterWriteOptions {
  int block_size = 256;  // tile width and height in cells, a multiple of 16
  int deflate_level = 6; // 1 (fastest) to 9 (smallest)
};

// Writes a grid as a tiled, DEFLATE-compressed GeoTIFF (BigTIFF when
// needed) with its nodata value, geotransform and CRS. The file is written
// under a temporary name in the same directory and renamed over `path` once
// complete, so readers never see a partial file.
//
// `crs` may be WKT or anything OGRSpatialReference::SetFromUserInput takes,
// such as "EPSG:2154"; empty writes no CRS.
//
// Throws InvalidInputError for an invalid CRS or options, and IoError when
// GDAL cannot create, write or rename the file.
template <typename T>
void write_raster(GridView<const T> grid, const std::string& crs,
                  const std::string& path,
                  const RasterWriteOptions& options = {});

template <typename T>
void write_raster(const Grid<T>& grid, const std::string& path,
                  const RasterWriteOptions& options = {}) {
  write_raster<T>(grid.view(), grid.crs_wkt(), path, options);
}

} // namespace georiviere
