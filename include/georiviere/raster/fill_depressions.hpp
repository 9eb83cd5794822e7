// Depression filling by Priority-Flood.
//
// Raises every cell of a DEM that has no downhill path to the outside to the
// lowest level at which water can leave it (its spill elevation), and leaves
// every other cell unchanged.
//
// Algorithm: Priority-Flood, from Barnes, Lehman and Mulla (2014),
// "Priority-Flood: An optimal depression-filling and watershed-labeling
// algorithm", Computers & Geosciences 62. Seed cells enter a priority queue
// ordered by elevation. The lowest cell is popped and each unvisited
// neighbour is raised to at least its elevation. Two published speed-ups
// are used:
// - Cells inside a depression, raised to the spill level, go through a plain
//   FIFO queue instead of the priority queue (the "improved Priority-Flood"
//   of the same paper).
// - A neighbour that is higher than the popped cell is not queued when none
//   of its own unvisited neighbours is lower than or equal to it. Nothing
//   unsettled can then drain through it, so its neighbours are visited at
//   once, walking up the slope. Only cells that can spill into a
//   depression enter the priority queue. This is the idea of Zhou, Sun and
//   Fu (2016), "An efficient variant of the Priority-Flood algorithm for
//   filling depressions in raster digital elevation models", Computers &
//   Geosciences 90.
// - The priority queue is a radix heap (detail/raster_radix_heap.hpp),
//   which fits because the flood only queues cells higher than the one it
//   is processing, so queued keys never decrease.
//
// Seeds: every valid cell on the grid edge or with a nodata cell among its
// eight neighbours is open to the outside, so water reaching it leaves the
// DEM. Nodata cells (the nodata value, or NaN for floating-point types) are
// never changed.
//
// Modes:
// - FillMode::exact leaves filled depressions flat at their spill
//   elevation. Flow directions over them then need raster/resolve_flats.hpp.
// - FillMode::epsilon raises each filled cell to the next representable
//   value above the cell it drains to (std::nextafter for floating-point
//   types, +1 for integers). Every valid cell that is not a seed then has a
//   strictly lower neighbour, so D8 finds a direction everywhere except on
//   seeds. For integer DEMs each step is one elevation unit, so long flats
//   rise visibly. NOTE: a cell at the maximum value of T cannot be raised
//   above it, and on float32 a flat of many thousand cells rises by as
//   many ulps, which can exceed the DEM's own resolution.
//
// Preconditions: none on the values. Non-contiguous views are filled through
// a contiguous copy.
// Complexity: O(n log n) time in the worst case, and close to O(n) on real
// DEMs because few cells enter the priority queue. Memory: n bytes of flags
// plus the queues.
#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/detail/raster_radix_heap.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

enum class FillMode {
  exact,   // raise depressions to their spill elevation, leaving flats
  epsilon, // raise each filled cell just above the cell it drains to
};

namespace detail {

// Cell states of the flood. fill_edge is a closed seed on the grid edge,
// the only kind of cell whose neighbours need bounds checks.
enum : std::uint8_t {
  fill_open = 0,
  fill_closed = 1,
  fill_nodata = 2,
  fill_edge = 3
};

template <typename T, typename Index> struct FloodEntry {
  T value;
  Index index;
};

template <typename T, typename Index> struct FloodEntryGreater {
  bool operator()(const FloodEntry<T, Index>& a,
                  const FloodEntry<T, Index>& b) const {
    return a.value > b.value;
  }
};

// Marks nodata cells and returns whether any exist.
template <typename T>
bool mark_nodata_cells(const T* dem, std::size_t cells,
                       const std::optional<T>& nodata,
                       std::vector<std::uint8_t>& state) {
  bool any = false;
  for (std::size_t i = 0; i < cells; ++i) {
    if (is_nodata_value<T>(dem[i], nodata)) {
      state[i] = fill_nodata;
      any = true;
    }
  }
  return any;
}

// True when cell (r, c) lies on the grid edge or next to a nodata cell.
inline bool is_open_to_outside(const std::vector<std::uint8_t>& state,
                               std::size_t rows, std::size_t cols,
                               std::size_t r, std::size_t c, bool any_nodata) {
  if (r == 0 || c == 0 || r + 1 == rows || c + 1 == cols) {
    return true;
  }
  if (!any_nodata) {
    return false;
  }
  for (int d = 0; d < 8; ++d) {
    const std::size_t n =
        (r + d8_row_offsets[d]) * cols + (c + d8_col_offsets[d]);
    if (state[n] == fill_nodata) {
      return true;
    }
  }
  return false;
}

// Seeds `open` with the cells open to the outside, in row-major order,
// and marks them fill_closed, or fill_edge on the grid edge.
template <typename T, typename Index>
void seed_priority_flood(const T* dem, std::size_t rows, std::size_t cols,
                         bool any_nodata, std::vector<std::uint8_t>& state,
                         RadixHeap<T, Index>& open) {
  const auto seed = [&](std::size_t r, std::size_t c) {
    const std::size_t i = r * cols + c;
    if (state[i] != fill_open) {
      return;
    }
    const bool edge = r == 0 || c == 0 || r + 1 == rows || c + 1 == cols;
    if (edge || is_open_to_outside(state, rows, cols, r, c, any_nodata)) {
      state[i] = edge ? fill_edge : fill_closed;
      open.push(dem[i], static_cast<Index>(i));
    }
  };
  for (std::size_t r = 0; r < rows; ++r) {
    if (r == 0 || r + 1 == rows || any_nodata) {
      for (std::size_t c = 0; c < cols; ++c) {
        seed(r, c);
      }
    } else {
      // Without nodata, only the first and last cells of an inner row are
      // open to the outside.
      seed(r, 0);
      seed(r, cols - 1);
    }
  }
}

template <typename T, typename Index>
std::size_t priority_flood(T* dem, std::size_t rows, std::size_t cols,
                           const std::optional<T>& nodata, FillMode mode,
                           const ProgressCallback& progress) {
  const std::size_t cells = rows * cols;
  std::vector<std::uint8_t> state(cells, fill_open);
  const bool any_nodata = mark_nodata_cells(dem, cells, nodata, state);
  const auto width = static_cast<std::ptrdiff_t>(cols);
  std::uint8_t* const flags = state.data();

  // Cells enter the priority queue only when higher than the cell being
  // processed, so its keys never decrease and a radix heap can serve.
  RadixHeap<T, Index> open;
  seed_priority_flood(dem, rows, cols, any_nodata, state, open);

  // FIFO of cells raised to (or lying at) the current spill level, and the
  // stack of higher cells walked up the slope.
  std::vector<Index> pit;
  std::size_t pit_head = 0;
  std::vector<Index> slope;
  std::size_t raised = 0;
  std::size_t visited = 0;
  ProgressReporter reporter(progress, "fill depressions", cells);

  // Visits the higher, unvisited cell `start` out of priority order when no
  // unvisited neighbour can drain through it, and otherwise queues it. The
  // cells walked are never on the grid edge, whose cells are all seeds.
  const auto walk_up_slope = [&](Index start) {
    slope.push_back(start);
    while (!slope.empty()) {
      const Index x = slope.back();
      slope.pop_back();
      const T level = dem[x];
      // One look at each neighbour: bit d of `unvisited` is set when
      // neighbour d is fill_open.
      unsigned unvisited = 0;
      bool spills = false;
      for_each_d8([&](auto d) {
        const std::size_t y = x + d8_offset<d>(width);
        const bool is_open = flags[y] == fill_open;
        unvisited |= static_cast<unsigned>(is_open) << d;
        spills = spills || (is_open && dem[y] <= level);
      });
      if (spills) {
        open.push(level, x);
        continue;
      }
      ++visited;
      for_each_d8([&](auto d) {
        if ((unvisited >> d) & 1u) {
          const auto y = static_cast<Index>(x + d8_offset<d>(width));
          flags[y] = fill_closed;
          slope.push_back(y);
        }
      });
    }
  };

  // Settles unvisited neighbour n of a cell whose water level is `level`.
  const auto settle = [&](Index n, T level, T raised_level) {
    flags[n] = fill_closed;
    if (dem[n] <= level) {
      if (dem[n] < raised_level) {
        dem[n] = raised_level;
        ++raised;
      }
      pit.push_back(n);
    } else {
      walk_up_slope(n);
    }
  };

  // Settles the unvisited neighbours of cell c, in direction order. Only
  // seeds on the grid edge (fill_edge) need bounds checks.
  const auto visit_neighbours = [&](Index c) {
    const T level = dem[c];
    const T raised_level = mode == FillMode::epsilon ? next_up(level) : level;
    if (flags[c] != fill_edge) {
      for_each_d8([&](auto d) {
        const auto n = static_cast<Index>(c + d8_offset<d>(width));
        if (flags[n] == fill_open) {
          settle(n, level, raised_level);
        }
      });
      return;
    }
    const std::size_t r = c / cols;
    const std::size_t col = c - r * cols;
    for (int d = 0; d < 8; ++d) {
      if (r + d8_row_offsets[d] < rows && col + d8_col_offsets[d] < cols) {
        const auto n =
            static_cast<Index>(static_cast<std::ptrdiff_t>(c) +
                               d8_row_offsets[d] * width + d8_col_offsets[d]);
        if (flags[n] == fill_open) {
          settle(n, level, raised_level);
        }
      }
    }
  };

  while (true) {
    Index c;
    // Cells at the current spill level go first. In epsilon mode they climb
    // one ulp per step, so they may raise an unvisited cell that lies a few
    // ulps above the spill level and could have drained elsewhere. The
    // result stays valid, and the raise is a few ulps.
    if (pit_head < pit.size()) {
      c = pit[pit_head++];
    } else {
      pit.clear();
      pit_head = 0;
      if (open.empty()) {
        break;
      }
      c = open.pop();
    }
    ++visited;
    reporter.update(visited);
    visit_neighbours(c);
  }
  reporter.finish();
  return raised;
}

} // namespace detail

// Fills the depressions of `dem` in place and returns the number of cells
// raised. See the top of this header for the rules.
template <typename T>
std::size_t fill_depressions(GridView<T> dem, FillMode mode = FillMode::exact,
                             const ProgressCallback& progress = {}) {
  static_assert(!std::is_const_v<T>, "fill_depressions modifies the DEM");
  return detail::with_contiguous(dem, [&](GridView<T> grid) -> std::size_t {
    if (grid.empty()) {
      return 0;
    }
    if (detail::fits_32bit_index(grid.size())) {
      return detail::priority_flood<T, std::uint32_t>(
          grid.data(), grid.rows(), grid.cols(), grid.nodata(), mode, progress);
    }
    return detail::priority_flood<T, std::uint64_t>(
        grid.data(), grid.rows(), grid.cols(), grid.nodata(), mode, progress);
  });
}

template <typename T>
std::size_t fill_depressions(Grid<T>& dem, FillMode mode = FillMode::exact,
                             const ProgressCallback& progress = {}) {
  return fill_depressions(dem.view(), mode, progress);
}

} // namespace georiviere
