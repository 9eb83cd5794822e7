// D8 flow directions by steepest descent, and conversions between the
// internal encoding and those of ESRI, TauDEM and GRASS.
//
// Algorithm: O'Callaghan and Mark (1984), "The extraction of drainage
// networks from digital elevation data", Computer Vision, Graphics, and
// Image Processing 28. Each cell drains to the neighbour with the steepest
// drop per unit distance. The drop is divided by the cell width for east and
// west, by the cell height for north and south, and by the diagonal
// sqrt(width^2 + height^2) for the four diagonals. Cell sizes come from the
// view's geotransform (rotation terms are ignored). On ties, the first
// neighbour in the order E, SE, S, SW, W, NW, N, NE wins.
//
// NOTE: by default the cell sizes are those of the geotransform, so on a
// geographic grid (degrees) east-west distances are not shortened by
// cos(latitude). Pass geographic_cell_sizes_m(transform, rows) from
// raster/cell_area.hpp to use per-row ellipsoidal sizes in metres.
//
// Internal encoding (std::uint8_t):
//   0 E, 1 SE, 2 S, 3 SW, 4 W, 5 NW, 6 N, 7 NE, clockwise from east as the
//   neighbour order of raster/grid.hpp.
//   d8_no_flow (8): a valid cell with no lower neighbour.
//   d8_nodata (255): a nodata cell.
//
// Cells on the grid edge or next to nodata (the cells that depression
// filling treats as open to the outside) follow the rule of ArcGIS's Flow
// Direction tool with "force all edge cells to flow outward" unchecked (as
// documented for ArcMap 10.5): they drain to the steepest lower valid
// neighbour inside the grid, and when there is none they flow out of the
// grid, towards the first outside or nodata neighbour in the order E, S, W,
// N, SE, SW, NW, NE. So a direction may point off the grid or into nodata,
// and such a cell is an outlet. Every other valid cell with no strictly
// lower neighbour (a pit, or a cell on a flat) gets d8_no_flow. After
// epsilon filling only outlets lack a lower neighbour; after exact filling
// raster/resolve_flats.hpp directs the flats.
//
// Complexity: O(n) time, one pass, no extra memory. Rows are shared among
// OpenMP threads when the library is built with OpenMP.
// Bad input: NaN cells are nodata. Views of different shapes raise
// InvalidInputError.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <sstream>
#include <string>
#include <type_traits>

#include "georiviere/core/error.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/cell_area.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

inline constexpr std::uint8_t d8_east = 0;
inline constexpr std::uint8_t d8_south_east = 1;
inline constexpr std::uint8_t d8_south = 2;
inline constexpr std::uint8_t d8_south_west = 3;
inline constexpr std::uint8_t d8_west = 4;
inline constexpr std::uint8_t d8_north_west = 5;
inline constexpr std::uint8_t d8_north = 6;
inline constexpr std::uint8_t d8_north_east = 7;
// A valid cell with no lower neighbour: a pit or a flat cell.
inline constexpr std::uint8_t d8_no_flow = 8;
// A nodata cell.
inline constexpr std::uint8_t d8_nodata = 255;

// True for the eight direction codes 0 to 7.
constexpr bool is_d8_direction(std::uint8_t code) {
  return code < 8;
}

namespace detail {

// Order in which a cell with no lower neighbour picks the outside neighbour
// it flows to: cardinal directions first.
inline constexpr std::array<int, 8> d8_outflow_order = {0, 2, 4, 6, 1, 3, 5, 7};

// Arithmetic type of the slope comparisons: float for cells that float
// represents exactly (float and integers up to 16 bits), double otherwise.
template <typename T>
using D8Real = std::conditional_t<std::is_same_v<T, float> ||
                                      (std::is_integral_v<T> && sizeof(T) <= 2),
                                  float, double>;

// Inverse distance to each neighbour, in the D8 order, for cells `dx` wide
// and `dy` high. Sizes that are not positive and finite count as 1.
template <typename Real>
std::array<Real, 8> d8_inverse_distances(double dx, double dy) {
  if (!(dx > 0.0) || !std::isfinite(dx)) {
    dx = 1.0;
  }
  if (!(dy > 0.0) || !std::isfinite(dy)) {
    dy = 1.0;
  }
  const auto across = static_cast<Real>(1.0 / dx);
  const auto along = static_cast<Real>(1.0 / dy);
  const auto diagonal = static_cast<Real>(1.0 / std::sqrt(dx * dx + dy * dy));
  return {across, diagonal, along, diagonal, across, diagonal, along, diagonal};
}

// Direction of cell (r, c) with all bounds and nodata checks: used for edge
// cells and for cells where the fast path met nodata.
template <typename T>
std::uint8_t d8_direction_checked(const GridView<const T>& dem, std::size_t r,
                                  std::size_t c,
                                  const std::array<D8Real<T>, 8>& inverse) {
  using Real = D8Real<T>;
  const T z = dem(r, c);
  const auto& nodata = dem.nodata();
  if (is_nodata_value<T>(z, nodata)) {
    return d8_nodata;
  }
  std::uint8_t best = d8_no_flow;
  Real best_slope = 0;
  for (int d = 0; d < 8; ++d) {
    const auto nr = static_cast<std::ptrdiff_t>(r) + d8_row_offsets[d];
    const auto nc = static_cast<std::ptrdiff_t>(c) + d8_col_offsets[d];
    if (!dem.contains(nr, nc)) {
      continue;
    }
    const T zn =
        dem(static_cast<std::size_t>(nr), static_cast<std::size_t>(nc));
    if (is_nodata_value<T>(zn, nodata)) {
      continue;
    }
    const Real slope =
        (static_cast<Real>(z) - static_cast<Real>(zn)) * inverse[d];
    if (slope > best_slope) {
      best_slope = slope;
      best = static_cast<std::uint8_t>(d);
    }
  }
  if (best != d8_no_flow) {
    return best;
  }
  for (int d : d8_outflow_order) {
    const auto nr = static_cast<std::ptrdiff_t>(r) + d8_row_offsets[d];
    const auto nc = static_cast<std::ptrdiff_t>(c) + d8_col_offsets[d];
    if (!dem.contains(nr, nc) ||
        is_nodata_value<T>(
            dem(static_cast<std::size_t>(nr), static_cast<std::size_t>(nc)),
            nodata)) {
      return static_cast<std::uint8_t>(d);
    }
  }
  return d8_no_flow;
}

// Directions of the interior cells 1 .. cols-2 of row r, falling back to the
// checked version when the steepest neighbour is nodata or none is lower
// (nodata may hide a lower neighbour or make the cell an outlet).
template <typename T>
void d8_interior_row(const GridView<const T>& dem, std::size_t r,
                     const std::array<D8Real<T>, 8>& inverse,
                     std::uint8_t* out) {
  using Real = D8Real<T>;
  const T* above = dem.row(r - 1);
  const T* centre = dem.row(r);
  const T* below = dem.row(r + 1);
  const auto& nodata = dem.nodata();
  const std::size_t cols = dem.cols();
  for (std::size_t c = 1; c + 1 < cols; ++c) {
    const T z = centre[c];
    if (is_nodata_value<T>(z, nodata)) {
      out[c] = d8_nodata;
      continue;
    }
    const auto zc = static_cast<Real>(z);
    const std::array<T, 8> neighbours = {
        centre[c + 1], below[c + 1], below[c], below[c - 1],
        centre[c - 1], above[c - 1], above[c], above[c + 1]};
    int best = d8_no_flow;
    Real best_slope = 0;
    for (int d = 0; d < 8; ++d) {
      // A NaN neighbour gives a NaN slope, which never compares greater.
      const Real slope = (zc - static_cast<Real>(neighbours[d])) * inverse[d];
      if (slope > best_slope) {
        best_slope = slope;
        best = d;
      }
    }
    if (best == d8_no_flow ||
        (nodata.has_value() && neighbours[best] == *nodata)) {
      out[c] = d8_direction_checked(dem, r, c, inverse);
    } else {
      out[c] = static_cast<std::uint8_t>(best);
    }
  }
}

} // namespace detail

namespace detail {

// Directions of row r, with the inverse distances of that row.
template <typename T>
void d8_row(const GridView<const T>& dem, std::size_t r,
            const std::array<D8Real<T>, 8>& inverse, std::uint8_t* out) {
  const std::size_t rows = dem.rows();
  const std::size_t cols = dem.cols();
  if (r == 0 || r + 1 == rows || cols < 3) {
    for (std::size_t c = 0; c < cols; ++c) {
      out[c] = d8_direction_checked(dem, r, c, inverse);
    }
    return;
  }
  out[0] = d8_direction_checked(dem, r, 0, inverse);
  d8_interior_row(dem, r, inverse, out);
  out[cols - 1] = d8_direction_checked(dem, r, cols - 1, inverse);
}

// Runs D8 over every row, with the inverse distances of row r from
// `inverse_of_row(r)`, on up to `threads` OpenMP threads (for_each_row).
// Each row depends only on the DEM, so the output is the same for any
// thread count.
template <typename T, typename InverseOfRow>
void d8_rows(GridView<const T> dem, GridView<std::uint8_t> directions,
             InverseOfRow&& inverse_of_row, const ProgressCallback& progress,
             int threads) {
  require_same_shape(dem, directions, "DEM", "flow direction");
  require_thread_count(threads);
  const std::size_t rows = dem.rows();
  ProgressReporter reporter(progress, "D8 flow directions", rows);
  for_each_row(
      rows, threads,
      [&](std::size_t row) {
        d8_row(dem, row, inverse_of_row(row), directions.row(row));
      },
      [&](std::size_t rows_done) { reporter.update(rows_done); });
  reporter.finish();
}

} // namespace detail

// Computes the D8 direction of every cell of `dem` into `directions`, which
// must have the same shape, with the cell sizes of the DEM's geotransform.
// `threads` is the number of OpenMP threads (1 or more), and the output does
// not depend on it. Without OpenMP the rows run on the calling thread.
// NOTE: on a machine whose cores are busy with other jobs, 2 threads can be
// slower than 1 (docs/benchmarks_dem.md).
template <typename T>
void d8_flow_directions(GridView<const T> dem,
                        GridView<std::uint8_t> directions,
                        const ProgressCallback& progress = {},
                        int threads = 1) {
  const auto inverse = detail::d8_inverse_distances<detail::D8Real<T>>(
      dem.transform().cell_width(), dem.transform().cell_height());
  detail::d8_rows(
      dem, directions, [&inverse](std::size_t) { return inverse; }, progress,
      threads);
}

// Computes D8 directions with per-row cell sizes in metres, such as those
// of geographic_cell_sizes_m for a grid in degrees. All eight neighbours of
// a cell are taken at the sizes of the cell's own row, an approximation
// within the change of size between adjacent rows. Throws InvalidInputError
// when `sizes` does not have one width and one height per row.
template <typename T>
void d8_flow_directions(GridView<const T> dem,
                        GridView<std::uint8_t> directions,
                        const RowCellSizes& sizes,
                        const ProgressCallback& progress = {},
                        int threads = 1) {
  if (sizes.width_m.size() != dem.rows() ||
      sizes.height_m.size() != dem.rows()) {
    throw InvalidInputError(
        "D8 needs one cell width and height per row: got " +
        std::to_string(sizes.width_m.size()) + " widths and " +
        std::to_string(sizes.height_m.size()) + " heights for " +
        std::to_string(dem.rows()) + " rows");
  }
  detail::d8_rows(
      dem, directions,
      [&sizes](std::size_t r) {
        return detail::d8_inverse_distances<detail::D8Real<T>>(
            sizes.width_m[r], sizes.height_m[r]);
      },
      progress, threads);
}

// Returns the D8 directions of `dem` as a new grid with nodata d8_nodata and
// the DEM's geotransform.
template <typename T>
Grid<std::uint8_t> d8_flow_directions(GridView<const T> dem,
                                      const ProgressCallback& progress = {},
                                      int threads = 1) {
  Grid<std::uint8_t> directions(dem.rows(), dem.cols(), d8_nodata, d8_nodata);
  directions.set_transform(dem.transform());
  d8_flow_directions(dem, directions.view(), progress, threads);
  return directions;
}

template <typename T>
Grid<std::uint8_t> d8_flow_directions(const Grid<T>& dem,
                                      const ProgressCallback& progress = {},
                                      int threads = 1) {
  Grid<std::uint8_t> directions =
      d8_flow_directions(dem.view(), progress, threads);
  directions.copy_georeferencing(dem);
  return directions;
}

// Returns D8 directions computed with per-row cell sizes in metres.
template <typename T>
Grid<std::uint8_t>
d8_flow_directions(const Grid<T>& dem, const RowCellSizes& sizes,
                   const ProgressCallback& progress = {}, int threads = 1) {
  Grid<std::uint8_t> directions(dem.rows(), dem.cols(), d8_nodata, d8_nodata);
  directions.copy_georeferencing(dem);
  d8_flow_directions(dem.view(), directions.view(), sizes, progress, threads);
  return directions;
}

// Overloads for views of mutable cells, such as a view of a numpy array,
// which template deduction does not convert to views of const cells.
template <typename T>
requires(!std::is_const_v<T>) void d8_flow_directions(
    GridView<T> dem, GridView<std::uint8_t> directions,
    const ProgressCallback& progress = {}, int threads = 1) {
  d8_flow_directions(GridView<const T>(dem), directions, progress, threads);
}

template <typename T>
requires(!std::is_const_v<T>) void d8_flow_directions(
    GridView<T> dem, GridView<std::uint8_t> directions,
    const RowCellSizes& sizes, const ProgressCallback& progress = {},
    int threads = 1) {
  d8_flow_directions(GridView<const T>(dem), directions, sizes, progress,
                     threads);
}

template <typename T>
requires(!std::is_const_v<T>) Grid<std::uint8_t> d8_flow_directions(
    GridView<T> dem, const ProgressCallback& progress = {}, int threads = 1) {
  return d8_flow_directions(GridView<const T>(dem), progress, threads);
}

// ---------------------------------------------------------------------------
// Conversions between encodings.
//
// ESRI (ArcGIS Flow Direction): 1 E, 2 SE, 4 S, 8 SW, 16 W, 32 NW, 64 N,
//   128 NE, so the ESRI code of internal direction d is 1 << d. d8_no_flow
//   is written as 0. ArcGIS writes sums of codes for undefined directions in
//   sinks; reading such a sum raises InvalidInputError.
// TauDEM (D8FlowDir): 1 E, 2 NE, 3 N, 4 NW, 5 W, 6 SW, 7 S, 8 SE
//   (counter-clockwise from east). d8_no_flow is written as 0.
// GRASS (r.watershed drainage output): the code times 45 degrees is the
//   direction counter-clockwise from east, so 1 NE, 2 N, 3 NW, 4 W, 5 SW,
//   6 S, 7 SE, 8 E. A negative code means that the flow leaves the region
//   or enters a null cell, and its absolute value is the direction. 0 is a
//   depression. Sources: the r.water.outlet manual of GRASS GIS 8.2, and
//   Markus Metz on the grass-dev list, September 2009.
// ---------------------------------------------------------------------------

namespace detail {
inline constexpr std::array<std::uint8_t, 8> taudem_codes = {1, 8, 7, 6,
                                                             5, 4, 3, 2};
inline constexpr std::array<std::uint8_t, 8> grass_codes = {8, 7, 6, 5,
                                                            4, 3, 2, 1};

[[noreturn]] inline void throw_invalid_direction(const char* encoding,
                                                 double code, std::size_t row,
                                                 std::size_t col) {
  std::ostringstream value;
  value << code;
  throw InvalidInputError(
      std::string("invalid ") + encoding + " flow direction " + value.str() +
      " at row " + std::to_string(row) + ", column " + std::to_string(col) +
      ": check that the raster uses the " + encoding +
      " encoding and that its nodata value is set");
}
} // namespace detail

// Returns the ESRI code of an internal code: 1 << d, 0 for d8_no_flow, 255
// for d8_nodata.
constexpr std::uint8_t d8_to_esri(std::uint8_t code) {
  if (code < 8) {
    return static_cast<std::uint8_t>(1u << code);
  }
  return code == d8_no_flow ? 0 : 255;
}

// Returns the TauDEM code of an internal code: 1 to 8, 0 for d8_no_flow,
// 255 for d8_nodata.
constexpr std::uint8_t d8_to_taudem(std::uint8_t code) {
  if (code < 8) {
    return detail::taudem_codes[code];
  }
  return code == d8_no_flow ? 0 : 255;
}

// Returns the GRASS code of an internal code: 1 to 8, 0 for d8_no_flow,
// and -1 for d8_nodata. GRASS writes null for nodata, and so does the grid
// conversion d8_to_grass.
constexpr int d8_to_grass(std::uint8_t code) {
  if (code < 8) {
    return detail::grass_codes[code];
  }
  return code == d8_no_flow ? 0 : -1;
}

// Returns the internal code of an ESRI code, or nullopt when `code` is not
// 0 or a power of two up to 128.
constexpr std::optional<std::uint8_t> d8_from_esri(long long code) {
  if (code == 0) {
    return d8_no_flow;
  }
  for (std::uint8_t d = 0; d < 8; ++d) {
    if (code == (1ll << d)) {
      return d;
    }
  }
  return std::nullopt;
}

// Returns the internal code of a TauDEM code (1 to 8, 0 for no flow), or
// nullopt for other values.
constexpr std::optional<std::uint8_t> d8_from_taudem(long long code) {
  if (code == 0) {
    return d8_no_flow;
  }
  for (std::uint8_t d = 0; d < 8; ++d) {
    if (code == detail::taudem_codes[d]) {
      return d;
    }
  }
  return std::nullopt;
}

// Returns the internal code of a GRASS code (-8 to 8, sign ignored, 0 for a
// depression), or nullopt for other values.
constexpr std::optional<std::uint8_t> d8_from_grass(long long code) {
  if (code == 0) {
    return d8_no_flow;
  }
  const long long magnitude = code < 0 ? -code : code;
  for (std::uint8_t d = 0; d < 8; ++d) {
    if (magnitude == detail::grass_codes[d]) {
      return d;
    }
  }
  return std::nullopt;
}

namespace detail {

template <typename Out, typename Convert>
Grid<Out> convert_directions(GridView<const std::uint8_t> directions,
                             Out nodata, Convert convert) {
  Grid<Out> out(directions.rows(), directions.cols(), nodata, nodata);
  out.set_transform(directions.transform());
  for (std::size_t r = 0; r < directions.rows(); ++r) {
    const std::uint8_t* in = directions.row(r);
    Out* target = out.row(r);
    for (std::size_t c = 0; c < directions.cols(); ++c) {
      target[c] = convert(in[c], r, c);
    }
  }
  return out;
}

template <typename T, typename Decode>
Grid<std::uint8_t> decode_directions(GridView<const T> codes,
                                     const char* encoding, Decode decode) {
  Grid<std::uint8_t> out(codes.rows(), codes.cols(), d8_nodata, d8_nodata);
  out.set_transform(codes.transform());
  for (std::size_t r = 0; r < codes.rows(); ++r) {
    const T* in = codes.row(r);
    std::uint8_t* target = out.row(r);
    for (std::size_t c = 0; c < codes.cols(); ++c) {
      if (is_nodata_value<T>(in[c], codes.nodata())) {
        continue;
      }
      const double value = static_cast<double>(in[c]);
      std::optional<std::uint8_t> decoded;
      if (std::abs(value) <= 255.0 && std::trunc(value) == value) {
        decoded = decode(static_cast<long long>(value));
      }
      if (!decoded) {
        throw_invalid_direction(encoding, value, r, c);
      }
      target[c] = *decoded;
    }
  }
  return out;
}

} // namespace detail

// Converts internal directions to ESRI codes, with nodata 255.
inline Grid<std::uint8_t> d8_to_esri(GridView<const std::uint8_t> directions) {
  return detail::convert_directions<std::uint8_t>(
      directions, 255,
      [](std::uint8_t d, std::size_t, std::size_t) { return d8_to_esri(d); });
}

// Converts internal directions to TauDEM codes, with nodata 255.
inline Grid<std::uint8_t>
d8_to_taudem(GridView<const std::uint8_t> directions) {
  return detail::convert_directions<std::uint8_t>(
      directions, 255,
      [](std::uint8_t d, std::size_t, std::size_t) { return d8_to_taudem(d); });
}

// Converts internal directions to GRASS codes, with nodata -32768. A cell
// whose direction leaves the grid or enters a nodata cell gets a negative
// code, as r.watershed writes.
inline Grid<std::int16_t> d8_to_grass(GridView<const std::uint8_t> directions) {
  constexpr std::int16_t nodata = std::numeric_limits<std::int16_t>::min();
  return detail::convert_directions<std::int16_t>(
      directions, nodata,
      [&directions](std::uint8_t d, std::size_t r,
                    std::size_t c) -> std::int16_t {
        if (d == d8_nodata) {
          return nodata;
        }
        const int code = d8_to_grass(d);
        if (d >= 8) {
          return static_cast<std::int16_t>(code);
        }
        const auto nr = static_cast<std::ptrdiff_t>(r) + d8_row_offsets[d];
        const auto nc = static_cast<std::ptrdiff_t>(c) + d8_col_offsets[d];
        const bool leaves =
            !directions.contains(nr, nc) ||
            directions(static_cast<std::size_t>(nr),
                       static_cast<std::size_t>(nc)) == d8_nodata;
        return static_cast<std::int16_t>(leaves ? -code : code);
      });
}

// Reads ESRI codes into internal directions. Cells equal to the view's
// nodata (or NaN) become d8_nodata. Throws InvalidInputError on any other
// value than 0 and the eight powers of two, naming the cell.
template <typename T> Grid<std::uint8_t> d8_from_esri(GridView<const T> codes) {
  return detail::decode_directions(codes, "ESRI",
                                   [](long long v) { return d8_from_esri(v); });
}

// Reads TauDEM codes (1 to 8, 0 for no flow) into internal directions.
template <typename T>
Grid<std::uint8_t> d8_from_taudem(GridView<const T> codes) {
  return detail::decode_directions(
      codes, "TauDEM", [](long long v) { return d8_from_taudem(v); });
}

// Reads GRASS codes (-8 to 8) into internal directions.
template <typename T>
Grid<std::uint8_t> d8_from_grass(GridView<const T> codes) {
  return detail::decode_directions(
      codes, "GRASS", [](long long v) { return d8_from_grass(v); });
}

template <typename T> Grid<std::uint8_t> d8_from_esri(const Grid<T>& codes) {
  Grid<std::uint8_t> directions = d8_from_esri(codes.view());
  directions.copy_georeferencing(codes);
  return directions;
}

template <typename T> Grid<std::uint8_t> d8_from_taudem(const Grid<T>& codes) {
  Grid<std::uint8_t> directions = d8_from_taudem(codes.view());
  directions.copy_georeferencing(codes);
  return directions;
}

template <typename T> Grid<std::uint8_t> d8_from_grass(const Grid<T>& codes) {
  Grid<std::uint8_t> directions = d8_from_grass(codes.view());
  directions.copy_georeferencing(codes);
  return directions;
}

} // namespace georiviere
