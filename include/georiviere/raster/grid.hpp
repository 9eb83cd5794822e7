// Raster grids: an owning Grid<T> and a non-owning GridView<T>.
//
// Cells are stored row by row, row 0 at the top (north for a north-up
// raster), column 0 at the left (west). A GridView points into memory that
// someone else owns, such as a numpy array, and may have a row stride larger
// than the column count. Both carry an optional nodata value and a GDAL
// geotransform. Only Grid carries the CRS, as WKT, because a view is a cheap
// value passed to the kernels.
//
// A cell is nodata when it equals the nodata value or, for floating-point
// types, when it is NaN, whether or not a nodata value is set.
//
// The D8 neighbours of a cell are numbered 0 to 7 clockwise from east:
//
//     5 6 7        NW N NE
//     4 . 0         W .  E
//     3 2 1        SW S SE
//
// This order is the internal D8 encoding of raster/flow_direction.hpp, and
// the ESRI code of direction d is 1 << d.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"

namespace georiviere {

// Affine transform from cell (column, row) corners to map coordinates, in
// GDAL's order: x = origin_x + col * pixel_width + row * row_rotation and
// y = origin_y + col * column_rotation + row * pixel_height. A north-up
// raster has zero rotations and a negative pixel_height.
struct GeoTransform {
  double origin_x = 0.0;
  double pixel_width = 1.0;
  double row_rotation = 0.0;
  double origin_y = 0.0;
  double column_rotation = 0.0;
  double pixel_height = -1.0;

  static GeoTransform from_array(const std::array<double, 6>& values) {
    return {values[0], values[1], values[2], values[3], values[4], values[5]};
  }

  std::array<double, 6> to_array() const {
    return {origin_x, pixel_width,     row_rotation,
            origin_y, column_rotation, pixel_height};
  }

  bool is_north_up() const {
    return row_rotation == 0.0 && column_rotation == 0.0;
  }

  // Cell extent along x and y, both positive, in CRS units. Rotation terms
  // are ignored.
  double cell_width() const { return std::abs(pixel_width); }
  double cell_height() const { return std::abs(pixel_height); }

  // Map coordinates of the centre of cell (row, col).
  std::pair<double, double> cell_centre(std::size_t row,
                                        std::size_t col) const {
    const double c = static_cast<double>(col) + 0.5;
    const double r = static_cast<double>(row) + 0.5;
    return {origin_x + c * pixel_width + r * row_rotation,
            origin_y + c * column_rotation + r * pixel_height};
  }

  bool operator==(const GeoTransform&) const = default;
};

// D8 neighbour offsets in the documented order (E, SE, S, SW, W, NW, N, NE).
inline constexpr std::array<int, 8> d8_row_offsets = {0, 1,  1,  1,
                                                      0, -1, -1, -1};
inline constexpr std::array<int, 8> d8_col_offsets = {1,  1,  0, -1,
                                                      -1, -1, 0, 1};

// True for the diagonal directions SE, SW, NW and NE (the odd numbers).
constexpr bool is_diagonal(int direction) {
  return (direction & 1) != 0;
}

// Returns the direction pointing back from a neighbour to the cell.
constexpr int reverse_direction(int direction) {
  return (direction + 4) & 7;
}

// Returns true if `value` is nodata: equal to `nodata`, or NaN for
// floating-point types.
template <typename T>
constexpr bool is_nodata_value(T value, const std::optional<T>& nodata) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(value)) {
      return true;
    }
  }
  return nodata.has_value() && value == *nodata;
}

// Non-owning view of a grid of T. Cell (row, col) is at
// data[row * row_stride + col], and row_stride >= cols.
template <typename T> class GridView {
public:
  using value_type = std::remove_const_t<T>;

  GridView() = default;

  // Throws InvalidInputError when row_stride < cols or when data is null
  // for a non-empty grid.
  GridView(T* data, std::size_t rows, std::size_t cols, std::size_t row_stride,
           std::optional<value_type> nodata = std::nullopt,
           GeoTransform transform = {})
      : data_(data), rows_(rows), cols_(cols), row_stride_(row_stride),
        nodata_(nodata), transform_(transform) {
    if (row_stride < cols) {
      throw InvalidInputError(
          "grid view row stride " + std::to_string(row_stride) +
          " is smaller than its column count " + std::to_string(cols) +
          ": pass the distance between rows in cells, not in bytes");
    }
    if (data == nullptr && rows * cols != 0) {
      throw InvalidInputError("grid view of " + std::to_string(rows) + " x " +
                              std::to_string(cols) +
                              " cells has a null data pointer");
    }
  }

  GridView(T* data, std::size_t rows, std::size_t cols,
           std::optional<value_type> nodata = std::nullopt,
           GeoTransform transform = {})
      : GridView(data, rows, cols, cols, nodata, transform) {}

  // A view of const T from a view of T.
  template <typename U>
  requires(std::is_const_v<T>&& std::is_same_v<const U, T>)
      GridView(const GridView<U>& other)
      : data_(other.data()), rows_(other.rows()), cols_(other.cols()),
        row_stride_(other.row_stride()), nodata_(other.nodata()),
        transform_(other.transform()) {}

  T* data() const { return data_; }
  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t row_stride() const { return row_stride_; }
  std::size_t size() const { return rows_ * cols_; }
  bool empty() const { return size() == 0; }
  bool is_contiguous() const { return row_stride_ == cols_ || rows_ <= 1; }

  const std::optional<value_type>& nodata() const { return nodata_; }
  void set_nodata(std::optional<value_type> nodata) { nodata_ = nodata; }
  const GeoTransform& transform() const { return transform_; }
  void set_transform(const GeoTransform& transform) { transform_ = transform; }

  T& operator()(std::size_t row, std::size_t col) const {
    return data_[row * row_stride_ + col];
  }
  T* row(std::size_t row) const { return data_ + row * row_stride_; }

  bool contains(std::ptrdiff_t row, std::ptrdiff_t col) const {
    return row >= 0 && col >= 0 && static_cast<std::size_t>(row) < rows_ &&
           static_cast<std::size_t>(col) < cols_;
  }

  bool is_nodata(std::size_t row, std::size_t col) const {
    return is_nodata_value<value_type>((*this)(row, col), nodata_);
  }

private:
  T* data_ = nullptr;
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::size_t row_stride_ = 0;
  std::optional<value_type> nodata_;
  GeoTransform transform_;
};

// Owning, contiguous grid of T with its georeferencing.
template <typename T> class Grid {
public:
  using value_type = T;

  Grid() = default;

  Grid(std::size_t rows, std::size_t cols, T fill = T{},
       std::optional<T> nodata = std::nullopt)
      : rows_(rows), cols_(cols), cells_(rows * cols, fill), nodata_(nodata) {}

  // Takes `cells` in row-major order. Throws InvalidInputError when its size
  // is not rows * cols.
  Grid(std::size_t rows, std::size_t cols, std::vector<T> cells,
       std::optional<T> nodata = std::nullopt)
      : rows_(rows), cols_(cols), cells_(std::move(cells)), nodata_(nodata) {
    if (cells_.size() != rows * cols) {
      throw InvalidInputError("grid of " + std::to_string(rows) + " x " +
                              std::to_string(cols) + " cells was given " +
                              std::to_string(cells_.size()) + " values");
    }
  }

  // Copies the cells and metadata of a view.
  template <typename U>
  requires std::is_same_v<std::remove_const_t<U>, T>
  static Grid copy_of(const GridView<U>& view) {
    Grid grid(view.rows(), view.cols(), T{}, view.nodata());
    grid.transform_ = view.transform();
    for (std::size_t r = 0; r < view.rows(); ++r) {
      const U* source = view.row(r);
      std::copy(source, source + view.cols(), grid.row(r));
    }
    return grid;
  }

  std::size_t rows() const { return rows_; }
  std::size_t cols() const { return cols_; }
  std::size_t size() const { return cells_.size(); }
  bool empty() const { return cells_.empty(); }

  T* data() { return cells_.data(); }
  const T* data() const { return cells_.data(); }
  std::vector<T>& cells() { return cells_; }
  const std::vector<T>& cells() const { return cells_; }
  T* row(std::size_t row) { return cells_.data() + row * cols_; }
  const T* row(std::size_t row) const { return cells_.data() + row * cols_; }

  T& operator()(std::size_t row, std::size_t col) {
    return cells_[row * cols_ + col];
  }
  const T& operator()(std::size_t row, std::size_t col) const {
    return cells_[row * cols_ + col];
  }

  const std::optional<T>& nodata() const { return nodata_; }
  void set_nodata(std::optional<T> nodata) { nodata_ = nodata; }
  const GeoTransform& transform() const { return transform_; }
  void set_transform(const GeoTransform& transform) { transform_ = transform; }
  const std::string& crs_wkt() const { return crs_wkt_; }
  void set_crs_wkt(std::string wkt) { crs_wkt_ = std::move(wkt); }

  bool is_nodata(std::size_t row, std::size_t col) const {
    return is_nodata_value<T>((*this)(row, col), nodata_);
  }

  // Copies transform and CRS from another grid of any cell type.
  template <typename U> void copy_georeferencing(const Grid<U>& other) {
    transform_ = other.transform();
    crs_wkt_ = other.crs_wkt();
  }

  GridView<T> view() {
    return GridView<T>(cells_.data(), rows_, cols_, cols_, nodata_, transform_);
  }
  GridView<const T> view() const {
    return GridView<const T>(cells_.data(), rows_, cols_, cols_, nodata_,
                             transform_);
  }

private:
  std::size_t rows_ = 0;
  std::size_t cols_ = 0;
  std::vector<T> cells_;
  std::optional<T> nodata_;
  GeoTransform transform_;
  std::string crs_wkt_;
};

} // namespace georiviere
