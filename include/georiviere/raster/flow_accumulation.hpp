// D8 flow accumulation: cell counts, weighted sums and upstream areas.
//
// The accumulation of a cell sums a weight over the cell itself and every
// cell that drains to it through the D8 directions. The weight is 1 for cell
// counts, a caller's value for weighted accumulation, and the cell area for
// upstream area. A cell counts itself, so a ridge cell has a count of 1.
// Subtract 1 for tools that count only the upstream cells.
//
// Algorithm: cells are visited in topological order found by in-degree
// counting, as in Kahn's topological sort. Each cell's in-degree is the
// number of neighbours draining to it. Starting from every cell with
// in-degree 0, the walk adds the cell's total to its downstream cell and
// moves on while that cell's in-degree falls to 0. No recursion, no queue.
//
// Input: directions in the internal encoding of raster/flow_direction.hpp.
// A direction pointing off the grid or into a nodata cell ends the flow
// there (an outlet); d8_no_flow cells are sinks.
//
// Output: nodata cells get 0 in counts (valid cells are at least 1) and NaN
// in weighted sums and areas.
//
// Threads: the public functions take a `threads` count (default 1). The
// first pass (weights and in-degrees) shares its rows among that many
// OpenMP threads. The walk stays on the calling thread, so the output is
// the same for every thread count.
//
// Complexity: O(n) time; one byte per cell of working memory.
// Bad input: an invalid direction code raises InvalidInputError naming the
// cell. Directions that form a cycle (impossible from d8_flow_directions,
// possible in an edited file) raise InvalidInputError with the number of
// cells on or downstream of cycles.
#pragma once

#include <algorithm>
#include <array>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

namespace detail {

// Bits of the per-cell flag byte used by the accumulation walk.
inline constexpr std::uint8_t accumulation_in_degree_bits = 0x0f;
inline constexpr std::uint8_t accumulation_has_downstream = 0x40;
inline constexpr std::uint8_t accumulation_done = 0x80;

// Number of neighbours of cell (r, c) whose direction points at it, with
// bounds checks on every neighbour.
inline std::uint8_t
accumulation_in_degree_checked(const std::uint8_t* dirs, std::size_t rows,
                               std::size_t cols, std::size_t r, std::size_t c) {
  std::uint8_t in_degree = 0;
  for (int d = 0; d < 8; ++d) {
    const std::size_t nr = r + d8_row_offsets[d];
    const std::size_t nc = c + d8_col_offsets[d];
    if (nr < rows && nc < cols &&
        dirs[nr * cols + nc] == reverse_direction(d)) {
      ++in_degree;
    }
  }
  return in_degree;
}

// Pass 1 of the accumulation for row r: the cell weights, and flags with
// the in-degree and whether the cell has a downstream cell inside the grid.
// Each cell counts the neighbours that point at it, so rows can run on
// different threads. Returns the number of valid cells, and sets `invalid`
// when the row contains a code that is not a direction, d8_no_flow or
// d8_nodata.
template <typename Total, typename Weight>
std::size_t
accumulation_row(const std::uint8_t* dirs, std::size_t rows, std::size_t cols,
                 std::size_t r, const std::array<std::ptrdiff_t, 8>& offsets,
                 Total* totals, std::uint8_t* flags, Total nodata_total,
                 Weight& weight, bool& invalid) {
  std::size_t valid = 0;
  const bool inner_row = r > 0 && r + 1 < rows;
  for (std::size_t c = 0; c < cols; ++c) {
    const std::size_t i = r * cols + c;
    const std::uint8_t d = dirs[i];
    if (d == d8_nodata) {
      totals[i] = nodata_total;
      flags[i] = accumulation_done;
      continue;
    }
    ++valid;
    totals[i] = weight(r, c);
    std::uint8_t flag = 0;
    if (inner_row && c > 0 && c + 1 < cols) {
      for (int k = 0; k < 8; ++k) {
        const auto n = static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) +
                                                offsets[k]);
        flag += dirs[n] == reverse_direction(k) ? 1 : 0;
      }
    } else {
      flag = accumulation_in_degree_checked(dirs, rows, cols, r, c);
    }
    if (d < 8) {
      if (r + d8_row_offsets[d] < rows && c + d8_col_offsets[d] < cols &&
          dirs[static_cast<std::size_t>(static_cast<std::ptrdiff_t>(i) +
                                        offsets[d])] != d8_nodata) {
        flag |= accumulation_has_downstream;
      }
    } else if (d != d8_no_flow) {
      invalid = true;
    }
    flags[i] = flag;
  }
  return valid;
}

// Rows per block between two progress reports in pass 1.
inline constexpr std::size_t accumulation_rows_per_block = 256;

// Accumulates weight(r, c) along `directions` (contiguous) into `totals`,
// which has rows * cols values. Nodata cells get `nodata_total`. Pass 1
// runs on up to `threads` OpenMP threads and pass 2 on the calling thread,
// so the totals, sums of doubles included, do not depend on `threads`.
template <typename Total, typename Weight>
void accumulate_flow(GridView<const std::uint8_t> directions, Total* totals,
                     Total nodata_total, Weight&& weight,
                     const ProgressCallback& progress, int threads) {
  require_thread_count(threads);
  const std::size_t rows = directions.rows();
  const std::size_t cols = directions.cols();
  const std::size_t cells = rows * cols;
  const std::uint8_t* dirs = directions.data();
  const auto offsets = d8_flat_offsets(cols);
  std::vector<std::uint8_t> flags(cells, 0);
  ProgressReporter reporter(progress, "flow accumulation", 2 * cells);

  // Pass 1: weights, in-degrees and downstream flags, by blocks of rows.
  std::size_t valid = 0;
  for (std::size_t first = 0; first < rows;
       first += accumulation_rows_per_block) {
    const auto end = static_cast<std::ptrdiff_t>(
        std::min(rows, first + accumulation_rows_per_block));
    std::size_t block_valid = 0;
    bool invalid = false;
#if defined(_OPENMP)
#pragma omp parallel for num_threads(threads) schedule(static)                \
    reduction(+ : block_valid) reduction(|| : invalid) if (threads > 1)
#endif
    for (auto r = static_cast<std::ptrdiff_t>(first); r < end; ++r) {
      bool row_invalid = false;
      block_valid += accumulation_row(
          dirs, rows, cols, static_cast<std::size_t>(r), offsets, totals,
          flags.data(), nodata_total, weight, row_invalid);
      invalid = invalid || row_invalid;
    }
    if (invalid) {
      for (std::size_t i = first * cols;
           i < static_cast<std::size_t>(end) * cols; ++i) {
        if (dirs[i] > d8_no_flow && dirs[i] != d8_nodata) {
          throw_invalid_direction("internal D8", dirs[i], i / cols, i % cols);
        }
      }
    }
    valid += block_valid;
    reporter.update(static_cast<std::size_t>(end) * cols);
  }

  // Pass 2: walk down from each source, passing totals on while the
  // downstream cell has no other pending upstream neighbour.
  std::size_t done = 0;
  for (std::size_t i = 0; i < cells; ++i) {
    if ((flags[i] & (accumulation_done | accumulation_in_degree_bits)) != 0) {
      continue;
    }
    std::size_t cell = i;
    flags[cell] |= accumulation_done;
    ++done;
    while ((flags[cell] & accumulation_has_downstream) != 0) {
      const auto next = static_cast<std::size_t>(
          static_cast<std::ptrdiff_t>(cell) + offsets[dirs[cell]]);
      totals[next] += totals[cell];
      if ((--flags[next] & accumulation_in_degree_bits) != 0) {
        break;
      }
      flags[next] |= accumulation_done;
      ++done;
      cell = next;
    }
    if ((i & 0xffff) == 0) {
      reporter.update(cells + i);
    }
  }
  reporter.finish();

  if (done != valid) {
    throw InvalidInputError(
        "flow directions contain a cycle: " + std::to_string(valid - done) +
        " cells lie on or downstream of a cycle and never reach an outlet; "
        "recompute "
        "the directions from a depression-filled DEM");
  }
}

template <typename Total, typename Weight>
Grid<Total> accumulate_flow_grid(GridView<const std::uint8_t> directions,
                                 Total nodata_total, Weight&& weight,
                                 const ProgressCallback& progress,
                                 int threads) {
  Grid<Total> totals(directions.rows(), directions.cols(), nodata_total,
                     nodata_total);
  totals.set_transform(directions.transform());
  with_contiguous(directions, [&](GridView<const std::uint8_t> contiguous) {
    accumulate_flow(contiguous, totals.data(), nodata_total, weight, progress,
                    threads);
  });
  return totals;
}

} // namespace detail

// Returns the number of cells draining through each cell, the cell itself
// included, with nodata 0.
inline Grid<std::uint64_t>
flow_accumulation(GridView<const std::uint8_t> directions,
                  const ProgressCallback& progress = {}, int threads = 1) {
  return detail::accumulate_flow_grid<std::uint64_t>(
      directions, 0, [](std::size_t, std::size_t) { return std::uint64_t{1}; },
      progress, threads);
}

// Returns the sum of `weights` over each cell and the cells draining
// through it, with nodata NaN. A nodata or NaN weight on a cell that has a
// direction counts as 0. Throws InvalidInputError when the shapes differ.
template <typename W>
Grid<double> flow_accumulation(GridView<const std::uint8_t> directions,
                               GridView<const W> weights,
                               const ProgressCallback& progress = {},
                               int threads = 1) {
  detail::require_same_shape(directions, weights, "flow direction", "weight");
  return detail::accumulate_flow_grid<double>(
      directions, std::numeric_limits<double>::quiet_NaN(),
      [&weights](std::size_t r, std::size_t c) {
        const W w = weights(r, c);
        return is_nodata_value<W>(w, weights.nodata()) ? 0.0
                                                       : static_cast<double>(w);
      },
      progress, threads);
}

// Returns the upstream area of each cell in km^2, the cell itself included,
// for a grid whose cells all have area `cell_area_km2`. Nodata is NaN.
inline Grid<double> upstream_area_km2(GridView<const std::uint8_t> directions,
                                      double cell_area_km2,
                                      const ProgressCallback& progress = {},
                                      int threads = 1) {
  return detail::accumulate_flow_grid<double>(
      directions, std::numeric_limits<double>::quiet_NaN(),
      [cell_area_km2](std::size_t, std::size_t) { return cell_area_km2; },
      progress, threads);
}

// Returns the upstream area in km^2 for a grid whose cell area depends on
// the row only, as on a geographic grid: `row_cell_area_km2[r]` is the area
// of one cell of row r. Throws InvalidInputError when the span does not
// have one value per row.
inline Grid<double> upstream_area_km2(GridView<const std::uint8_t> directions,
                                      std::span<const double> row_cell_area_km2,
                                      const ProgressCallback& progress = {},
                                      int threads = 1) {
  if (row_cell_area_km2.size() != directions.rows()) {
    throw InvalidInputError("upstream area needs one cell area per row: got " +
                            std::to_string(row_cell_area_km2.size()) +
                            " values for " + std::to_string(directions.rows()) +
                            " rows");
  }
  return detail::accumulate_flow_grid<double>(
      directions, std::numeric_limits<double>::quiet_NaN(),
      [row_cell_area_km2](std::size_t r, std::size_t) {
        return row_cell_area_km2[r];
      },
      progress, threads);
}

// Returns the upstream area in km^2 with a per-cell area grid (km^2).
inline Grid<double> upstream_area_km2(GridView<const std::uint8_t> directions,
                                      GridView<const double> cell_area_km2,
                                      const ProgressCallback& progress = {},
                                      int threads = 1) {
  return flow_accumulation(directions, cell_area_km2, progress, threads);
}

} // namespace georiviere
