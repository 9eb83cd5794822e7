// Depression breaching by Priority-Flood with carving.
//
// Removes every depression of a DEM by lowering (carving) a path from the
// bottom of the depression to the outside, instead of raising the depression
// as fill_depressions does. Cells are only ever lowered. A road embankment
// across a valley is cut through rather than turned into a lake.
//
// Algorithm: Priority-Flood from the cells open to the outside, adapted to
// carve depressions as Barnes, Lehman and Mulla (2014), "Priority-Flood: An
// optimal depression-filling and watershed-labeling algorithm", Computers &
// Geosciences 62, propose. Each cell records the cell it was reached from.
// When the flood pops a pit, a cell with no lower valid neighbour that is
// not open to the outside, the cells along these records are lowered to the
// pit's elevation until one is already at or below it. The path runs through
// the lowest saddle, so the carved channel crosses the depression's rim at
// its outlet.
//
// Every cell popped earlier has a non-increasing path to the outside, by
// induction over the pop order, so the walk can stop at the first cell at or
// below the pit's elevation. The result has no depression but keeps flats:
// the carved channels and the flat bottoms of depressions. Either direct
// them with raster/resolve_flats.hpp, or run fill_depressions with
// FillMode::epsilon afterwards. That gives every cell a strictly lower
// neighbour by raising flat cells a few ulps on floating-point DEMs.
//
// Seeds: as in fill_depressions, every valid cell on the grid edge or next to
// a nodata cell is open to the outside. Nodata cells are never changed.
//
// NOTE: breaching is unconstrained, so a deep pit carves a deep channel.
// Lindsay's hybrid method, which fills instead when a breach would be deeper
// or longer than a limit, is not implemented.
//
// Complexity: O(n log n) for the flood, plus the carved cells. A cell on a
// channel shared by pits of decreasing depth is lowered once per pit.
// Memory: 5 bytes per cell with 32-bit indices, plus the queue.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <queue>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

namespace detail {

template <typename T, typename Index>
std::size_t priority_flood_breach(T* dem, std::size_t rows, std::size_t cols,
                                  const std::optional<T>& nodata,
                                  const ProgressCallback& progress) {
  using Entry = FloodEntry<T, Index>;
  constexpr Index no_cell = std::numeric_limits<Index>::max();
  const std::size_t cells = rows * cols;
  std::vector<std::uint8_t> state(cells, fill_open);
  const bool any_nodata = mark_nodata_cells(dem, cells, nodata, state);
  const auto offsets = d8_flat_offsets(cols);
  std::vector<Index> upstream_of(cells, no_cell);

  std::priority_queue<Entry, std::vector<Entry>, FloodEntryGreater<T, Index>>
      open;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const std::size_t i = r * cols + c;
      if (state[i] == fill_open &&
          is_open_to_outside(state, rows, cols, r, c, any_nodata)) {
        state[i] = fill_closed;
        open.push(Entry{dem[i], static_cast<Index>(i)});
      }
    }
  }

  std::size_t lowered = 0;
  std::size_t visited = 0;
  ProgressReporter reporter(progress, "breach depressions", cells);

  // Lowers the recorded path from pit `c` to its elevation.
  const auto carve = [&](Index c) {
    const T level = dem[c];
    for (Index cell = upstream_of[c]; cell != no_cell && dem[cell] > level;
         cell = upstream_of[cell]) {
      dem[cell] = level;
      ++lowered;
    }
  };

  while (!open.empty()) {
    const Index c = open.top().index;
    open.pop();
    ++visited;
    reporter.update(visited);

    // Seeds (no upstream record) are on the edge and need bounds checks.
    const bool seed = upstream_of[c] == no_cell;
    std::size_t r = 0;
    std::size_t col = 0;
    if (seed) {
      r = c / cols;
      col = c - r * cols;
    }
    bool has_lower = false;
    for (int d = 0; d < 8; ++d) {
      if (seed &&
          !(r + d8_row_offsets[d] < rows && col + d8_col_offsets[d] < cols)) {
        continue;
      }
      const auto n =
          static_cast<Index>(static_cast<std::ptrdiff_t>(c) + offsets[d]);
      if (state[n] == fill_nodata) {
        continue;
      }
      has_lower = has_lower || dem[n] < dem[c];
      if (state[n] == fill_open) {
        state[n] = fill_closed;
        upstream_of[n] = c;
        open.push(Entry{dem[n], n});
      }
    }
    if (!seed && !has_lower) {
      carve(c);
    }
  }
  reporter.finish();
  return lowered;
}

} // namespace detail

// Breaches the depressions of `dem` in place and returns the number of cells
// lowered. See the top of this header for the rules.
template <typename T>
std::size_t breach_depressions(GridView<T> dem,
                               const ProgressCallback& progress = {}) {
  static_assert(!std::is_const_v<T>, "breach_depressions modifies the DEM");
  return detail::with_contiguous(dem, [&](GridView<T> grid) -> std::size_t {
    if (grid.empty()) {
      return 0;
    }
    if (detail::fits_32bit_index(grid.size())) {
      return detail::priority_flood_breach<T, std::uint32_t>(
          grid.data(), grid.rows(), grid.cols(), grid.nodata(), progress);
    }
    return detail::priority_flood_breach<T, std::uint64_t>(
        grid.data(), grid.rows(), grid.cols(), grid.nodata(), progress);
  });
}

template <typename T>
std::size_t breach_depressions(Grid<T>& dem,
                               const ProgressCallback& progress = {}) {
  return breach_depressions(dem.view(), progress);
}

} // namespace georiviere
