// Helpers shared by the raster kernels: flat-index neighbour offsets, the
// choice of a 32- or 64-bit cell index, and running a kernel on a
// contiguous copy of a strided view.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

#include "georiviere/core/error.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere::detail {

// Flat-index offsets of the eight D8 neighbours for a row length of `cols`,
// in the order of d8_row_offsets.
inline std::array<std::ptrdiff_t, 8> d8_flat_offsets(std::size_t cols) {
  std::array<std::ptrdiff_t, 8> offsets{};
  const auto width = static_cast<std::ptrdiff_t>(cols);
  for (int d = 0; d < 8; ++d) {
    offsets[d] = d8_row_offsets[d] * width + d8_col_offsets[d];
  }
  return offsets;
}

// True when a grid of `cells` cells can use 32-bit flat indices, leaving
// the largest value free as a marker.
inline bool fits_32bit_index(std::size_t cells) {
  return cells < std::numeric_limits<std::uint32_t>::max();
}

// Calls `kernel(view)` on `view` itself when its rows are contiguous, and
// otherwise on a contiguous copy, copying the cells back afterwards when
// T is not const. Returns what the kernel returns.
template <typename T, typename Kernel>
decltype(auto) with_contiguous(GridView<T> view, Kernel&& kernel) {
  using Value = std::remove_const_t<T>;
  if (view.is_contiguous()) {
    return kernel(view);
  }
  Grid<Value> copy = Grid<Value>::copy_of(view);
  if constexpr (std::is_const_v<T>) {
    return kernel(GridView<const Value>(copy.view()));
  } else {
    struct CopyBack {
      GridView<T> target;
      Grid<Value>& source;
      ~CopyBack() {
        for (std::size_t r = 0; r < target.rows(); ++r) {
          const Value* row = source.row(r);
          std::copy(row, row + target.cols(), target.row(r));
        }
      }
    } copy_back{view, copy};
    return kernel(copy.view());
  }
}

// Throws InvalidInputError unless the two views have the same shape.
template <typename A, typename B>
void require_same_shape(const GridView<A>& a, const GridView<B>& b,
                        const char* a_name, const char* b_name) {
  if (a.rows() != b.rows() || a.cols() != b.cols()) {
    throw InvalidInputError(
        std::string(a_name) + " grid is " + std::to_string(a.rows()) + " x " +
        std::to_string(a.cols()) + " cells but " + b_name + " grid is " +
        std::to_string(b.rows()) + " x " + std::to_string(b.cols()) +
        ": both must cover the same cells");
  }
}

// Smallest value of T strictly greater than `value`: std::nextafter for
// floating-point types, value + 1 for integers. Saturates at the maximum.
template <typename T> T next_up(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    return std::nextafter(value, std::numeric_limits<T>::infinity());
  } else {
    return value == std::numeric_limits<T>::max() ? value
                                                  : static_cast<T>(value + 1);
  }
}

} // namespace georiviere::detail
