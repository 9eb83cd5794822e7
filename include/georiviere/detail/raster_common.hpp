// Helpers shared by the raster kernels: flat-index neighbour offsets and
// unrolled neighbour loops, the choice of a 32- or 64-bit cell index,
// sharing rows among OpenMP threads, and running a kernel on a contiguous
// copy of a strided view.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <string>
#include <type_traits>
#include <utility>

#include "georiviere/core/error.hpp"
#include "georiviere/raster/grid.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

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

// Calls f(std::integral_constant<int, d>) for d = 0 to 7, in order, so that
// each neighbour offset is a constant and the loop has no counter.
template <typename F> void for_each_d8(F&& f) {
  [&]<int... d>(std::integer_sequence<int, d...>) {
    (f(std::integral_constant<int, d>{}), ...);
  }
  (std::make_integer_sequence<int, 8>{});
}

// Flat-index offset of direction d for rows of `width` cells.
template <int d> std::ptrdiff_t d8_offset(std::ptrdiff_t width) {
  return d8_row_offsets[d] * width + d8_col_offsets[d];
}

// Calls f(neighbour) with the flat index of each in-grid D8 neighbour of
// flat index c, in direction order, on rows of `cols` cells. The loop is
// unrolled and unchecked unless `on_edge`, which a cell on the grid edge
// needs.
template <typename Index, typename F>
void for_each_neighbour_index(Index c, bool on_edge, std::size_t rows,
                              std::size_t cols, F&& f) {
  const auto width = static_cast<std::ptrdiff_t>(cols);
  if (!on_edge) {
    for_each_d8(
        [&](auto d) { f(static_cast<Index>(c + d8_offset<d>(width))); });
    return;
  }
  const std::size_t r = c / cols;
  const std::size_t col = c - r * cols;
  for (int d = 0; d < 8; ++d) {
    if (r + d8_row_offsets[d] < rows && col + d8_col_offsets[d] < cols) {
      f(static_cast<Index>(static_cast<std::ptrdiff_t>(c) +
                           d8_row_offsets[d] * width + d8_col_offsets[d]));
    }
  }
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

// Largest thread count the kernels accept. OpenMP starts every thread
// requested, and libgomp crashes or aborts when it cannot.
inline constexpr int max_thread_count = 1024;

// Throws InvalidInputError unless `threads` is from 1 to max_thread_count.
inline void require_thread_count(int threads) {
  if (threads < 1 || threads > max_thread_count) {
    throw InvalidInputError("invalid thread count " + std::to_string(threads) +
                            ": give 1 to " + std::to_string(max_thread_count) +
                            " threads");
  }
}

// Rows that a thread takes at a time in for_each_row.
inline constexpr std::size_t rows_per_chunk = 64;

// Calls row_fn(r) for every row r < rows, on up to `threads` OpenMP
// threads. Each thread takes the next chunk of rows_per_chunk rows when it
// finishes one, so a thread slowed by other jobs on the machine delays the
// others only at the end. report(rows_done) runs on the calling thread
// only, after each of its chunks. An exception from `report` stops the
// threads after their current chunk and is rethrown. row_fn must not
// throw. Without OpenMP, or with one thread, the rows run in order on the
// calling thread.
template <typename RowFn, typename Report>
void for_each_row(std::size_t rows, int threads, RowFn&& row_fn,
                  Report&& report) {
  const std::size_t chunks = (rows + rows_per_chunk - 1) / rows_per_chunk;
#if defined(_OPENMP)
  if (threads > 1 && chunks > 1) {
    std::atomic<std::size_t> next_chunk{0};
    std::atomic<std::size_t> rows_done{0};
    std::atomic<bool> stop{false};
    std::exception_ptr error;
#pragma omp parallel num_threads(threads)
    {
      const bool caller = omp_get_thread_num() == 0;
      while (!stop.load(std::memory_order_relaxed)) {
        const std::size_t chunk = next_chunk.fetch_add(1);
        if (chunk >= chunks) {
          break;
        }
        const std::size_t end = std::min(rows, (chunk + 1) * rows_per_chunk);
        for (std::size_t r = chunk * rows_per_chunk; r < end; ++r) {
          row_fn(r);
        }
        const std::size_t done =
            rows_done.fetch_add(end - chunk * rows_per_chunk) + end -
            chunk * rows_per_chunk;
        if (caller) {
          try {
            report(done);
          } catch (...) {
            error = std::current_exception();
            stop.store(true, std::memory_order_relaxed);
          }
        }
      }
    }
    if (error) {
      std::rethrow_exception(error);
    }
    return;
  }
#else
  (void)threads;
#endif
  for (std::size_t chunk = 0; chunk < chunks; ++chunk) {
    const std::size_t end = std::min(rows, (chunk + 1) * rows_per_chunk);
    for (std::size_t r = chunk * rows_per_chunk; r < end; ++r) {
      row_fn(r);
    }
    report(end);
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
// For float and double it steps the bit pattern, which gives the same
// result as std::nextafter(value, +infinity) without the library call.
template <typename T> T next_up(T value) {
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    using Bits = std::conditional_t<std::is_same_v<T, float>, std::uint32_t,
                                    std::uint64_t>;
    if (!(value < std::numeric_limits<T>::infinity())) {
      return value; // +infinity or NaN
    }
    if (value == T{0}) {
      return std::numeric_limits<T>::denorm_min();
    }
    const auto bits = std::bit_cast<Bits>(value);
    return std::bit_cast<T>(value > T{0} ? Bits(bits + 1) : Bits(bits - 1));
  } else if constexpr (std::is_floating_point_v<T>) {
    return std::nextafter(value, std::numeric_limits<T>::infinity());
  } else {
    return value == std::numeric_limits<T>::max() ? value
                                                  : static_cast<T>(value + 1);
  }
}

} // namespace georiviere::detail
