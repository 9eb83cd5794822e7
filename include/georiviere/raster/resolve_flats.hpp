// Flow directions over flats.
//
// Gives a D8 direction to the cells of drainable flats, the d8_no_flow cells
// that have no lower neighbour but are joined through cells of equal
// elevation to a cell that drains. Water then leaves each flat through its
// outlets, away from the higher terrain around it and towards the lower
// terrain, without raising any elevation.
//
// Algorithm: Barnes, Lehman and Mulla (2014), "An efficient assignment of
// drainage direction over flat surfaces in raster digital elevation
// models", Computers & Geosciences 62.
// 1. A flat is the 8-connected region of valid cells of one elevation
//    around a d8_no_flow cell, found by flood fill. Its low edges are its
//    cells with a direction next to one of its d8_no_flow cells. Its high
//    edges are its d8_no_flow cells next to a higher cell.
// 2. A flat without low edges has no outlet and is left as it is.
// 3. A breadth-first search from the high edges gives each flat cell its
//    distance a from higher terrain (1 at the high edges), and the largest
//    distance H in its flat.
// 4. A breadth-first search from the low edges gives its distance t from
//    lower terrain (1 at the low edges). The flat mask is 2t + H - a where
//    the cell was reached by step 3, and 2t otherwise.
// 5. Each flat cell drains to the neighbour of its flat with the smallest
//    mask value, taking the first in the order E, SE, S, SW, W, NW, N, NE
//    on ties. One step towards an outlet lowers 2t by 2 and changes a by at
//    most 1, so that neighbour always has a smaller mask.
// Directions only ever point to a cell of the same flat, that is of equal
// elevation, never uphill.
//
// Preconditions: `directions` comes from d8_flow_directions on this DEM
// (same shape, d8_no_flow marking the cells without a lower neighbour).
// Flats with no outlet (the bottom of an unfilled depression) keep
// d8_no_flow: fill depressions first to drain every flat.
// Complexity: O(n) time, with 4 bytes per cell for the mask and 1 bit per
// cell marking the flooded cells, plus lists as long as the largest flat.
// On several threads, the cells and edges of every drainable flat are kept
// until the end: up to 8 more bytes per flat cell.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <type_traits>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

namespace detail {

// Resolves one flat at a time. A flood fill from one of its d8_no_flow
// cells collects the flat's cells and finds its edges, then the two
// searches and the direction assignment visit these cells alone. No grid is
// cleared, because the mask of a flat's cells is written before it is read
// and one bit per cell marks the cells already flooded.
template <typename T, typename Index> class FlatResolver {
public:
  // The mask needs about 3 times the largest flat size: 32 bits suffice
  // whenever 32-bit indices do and the grid has under 700 million cells.
  using Mask = std::conditional_t<std::is_same_v<Index, std::uint32_t>,
                                  std::int32_t, std::int64_t>;

  FlatResolver(const T* dem, std::uint8_t* directions, std::size_t rows,
               std::size_t cols)
      : dem_(dem), directions_(directions), rows_(rows), cols_(cols),
        width_(static_cast<std::ptrdiff_t>(cols)),
        inverse_cols_(1.0 / static_cast<double>(cols)),
        offsets_(d8_flat_offsets(cols)), flooded_((rows * cols + 63) / 64, 0),
        mask_(new Mask[rows * cols]) {}

  std::size_t run(ProgressReporter& reporter) {
    std::size_t assigned = 0;
    for_each_drainable_flat(reporter, 1, [&] {
      assigned += resolve_flat(
          low_edges_.data(), low_edges_.data() + low_edges_.size(),
          high_edges_.data(), high_edges_.data() + high_edges_.size(),
          flat_cells_.data(), flat_cells_.data() + flat_cells_.size(), z_,
          lists_);
    });
    return assigned;
  }

  // Resolves the flats on up to `threads` OpenMP threads, with the same
  // result as run(). The flood fills run first on the calling thread and
  // keep every drainable flat's cells and edges. Then the flats, which
  // share no cell, get their gradients and directions in parallel, each
  // thread with its own search lists.
  std::size_t run_parallel(ProgressReporter& reporter, int threads) {
    const std::size_t cells = rows_ * cols_;
    std::vector<FlatSpan> flats;
    std::vector<Index> stored_cells;
    std::vector<Index> stored_edges;
    for_each_drainable_flat(reporter, 2, [&] {
      FlatSpan flat;
      flat.z = z_;
      flat.cells_begin = stored_cells.size();
      stored_cells.insert(stored_cells.end(), flat_cells_.begin(),
                          flat_cells_.end());
      flat.low_begin = stored_edges.size();
      stored_edges.insert(stored_edges.end(), low_edges_.begin(),
                          low_edges_.end());
      flat.high_begin = stored_edges.size();
      stored_edges.insert(stored_edges.end(), high_edges_.begin(),
                          high_edges_.end());
      flat.high_end = stored_edges.size();
      flat.cells_end = stored_cells.size();
      flats.push_back(flat);
    });
    release(flat_cells_);
    release(low_edges_);
    release(high_edges_);

    std::vector<Lists> lists(static_cast<std::size_t>(threads));
    std::vector<std::size_t> assigned(lists.size(), 0);
    for_each_row(
        flats.size(), threads,
        [&](std::size_t k) {
          std::size_t slot = 0;
#if defined(_OPENMP)
          slot = static_cast<std::size_t>(omp_get_thread_num());
#endif
          const FlatSpan& flat = flats[k];
          const Index* edges = stored_edges.data();
          const Index* flat_cells = stored_cells.data();
          assigned[slot] +=
              resolve_flat(edges + flat.low_begin, edges + flat.high_begin,
                           edges + flat.high_begin, edges + flat.high_end,
                           flat_cells + flat.cells_begin,
                           flat_cells + flat.cells_end, flat.z, lists[slot]);
        },
        [&](std::size_t done) {
          reporter.update(
              cells / 2 +
              (flats.empty() ? 0 : done * (cells / 2) / flats.size()));
        });
    std::size_t total = 0;
    for (const std::size_t count : assigned) {
      total += count;
    }
    return total;
  }

private:
  // Finds every flat from its first d8_no_flow cell in row order and calls
  // on_flat() while flat_cells_, low_edges_, high_edges_ and z_ describe a
  // flat with low edges. Reports progress as the cell index divided by
  // `share`.
  template <typename F>
  void for_each_drainable_flat(ProgressReporter& reporter, std::size_t share,
                               F&& on_flat) {
    const std::size_t cells = rows_ * cols_;
    std::size_t i = 0;
    while (i < cells) {
      const void* found = std::memchr(directions_ + i, d8_no_flow, cells - i);
      if (found == nullptr) {
        break;
      }
      i = static_cast<std::size_t>(static_cast<const std::uint8_t*>(found) -
                                   directions_);
      if (!is_flooded(static_cast<Index>(i))) {
        flood_flat(static_cast<Index>(i));
        if (!low_edges_.empty()) {
          on_flat();
        }
        reporter.update(i / share);
      }
      ++i;
    }
  }

  // A drainable flat kept by run_parallel: its cells, then its low edges
  // and its high edges, as ranges of two shared lists.
  struct FlatSpan {
    T z{};
    std::size_t cells_begin = 0;
    std::size_t cells_end = 0;
    std::size_t low_begin = 0;
    std::size_t high_begin = 0;
    std::size_t high_end = 0;
  };

  // The levels of a breadth-first search, one set per thread.
  struct Lists {
    std::vector<Index> current;
    std::vector<Index> next;
  };

  // Builds both gradients of one flat and directs its d8_no_flow cells.
  // Returns the number of cells directed.
  std::size_t resolve_flat(const Index* low_first, const Index* low_last,
                           const Index* high_first, const Index* high_last,
                           const Index* cells_first, const Index* cells_last,
                           T z, Lists& lists) {
    const Mask height = build_away_gradient(high_first, high_last, z, lists);
    build_towards_gradient(low_first, low_last, height, z, lists);
    return assign_directions(cells_first, cells_last, z);
  }

  static void release(std::vector<Index>& list) {
    list.clear();
    list.shrink_to_fit();
  }

  // Row of flat index i, from a floating-point product corrected by one
  // row at most, which is cheaper than an integer division.
  std::size_t row_of(std::size_t i) const {
    auto r = static_cast<std::size_t>(static_cast<double>(i) * inverse_cols_);
    if (r * cols_ > i) {
      --r;
    } else if ((r + 1) * cols_ <= i) {
      ++r;
    }
    return r;
  }

  bool is_interior(std::size_t r, std::size_t c) const {
    return r > 0 && c > 0 && r + 1 < rows_ && c + 1 < cols_;
  }

  // Calls f(neighbour, direction) for each in-grid neighbour of cell
  // (r, c), whose flat index is i, in direction order.
  template <typename F>
  void for_each_neighbour(Index i, std::size_t r, std::size_t c, F&& f) const {
    if (is_interior(r, c)) {
      for_each_d8([&](auto d) {
        f(static_cast<Index>(i + d8_offset<d>(width_)), static_cast<int>(d));
      });
      return;
    }
    for (int d = 0; d < 8; ++d) {
      if (r + d8_row_offsets[d] < rows_ && c + d8_col_offsets[d] < cols_) {
        f(static_cast<Index>(static_cast<std::ptrdiff_t>(i) + offsets_[d]), d);
      }
    }
  }

  template <typename F> void for_each_neighbour(Index i, F&& f) const {
    const std::size_t r = row_of(i);
    for_each_neighbour(i, r, i - r * cols_, f);
  }

  // Nodata cells are those whose direction is d8_nodata.
  bool valid(Index i) const {
    return directions_[i] != d8_nodata;
  }

  bool is_flooded(Index i) const {
    return (flooded_[i / 64] >> (i % 64)) & 1U;
  }

  void mark_flooded(Index i) {
    flooded_[i / 64] |= std::uint64_t{1} << (i % 64);
  }

  // A valid neighbour n of a cell of the flat at elevation z belongs to the
  // same flat exactly when its elevation is z, because the flat is the
  // whole 8-connected region of valid cells at elevation z.
  // The elevation is compared first: run_parallel writes the directions of
  // other flats' cells meanwhile, and those never have elevation z.
  bool in_flat(Index n, T z) const {
    return dem_[n] == z && valid(n);
  }

  // Collects the flat of cell `start`: the valid cells joined to it through
  // cells of its elevation, including cells that have a direction. Low
  // edges are its cells with a direction next to a d8_no_flow cell of the
  // flat. High edges are its d8_no_flow cells next to a higher cell. Every
  // cell of the flat gets mask 0.
  [[gnu::flatten]] void flood_flat(Index start) {
    flat_cells_.clear();
    low_edges_.clear();
    high_edges_.clear();
    z_ = dem_[start];
    mark_flooded(start);
    mask_[start] = 0;
    flat_cells_.push_back(start);
    for (std::size_t k = 0; k < flat_cells_.size(); ++k) {
      const Index c = flat_cells_[k];
      const bool no_flow = directions_[c] == d8_no_flow;
      bool low = false;
      bool high = false;
      for_each_neighbour(c, [&](Index n, int) {
        if (!valid(n)) {
          return;
        }
        const T zn = dem_[n];
        if (zn == z_) {
          low = low || (!no_flow && directions_[n] == d8_no_flow);
          if (!is_flooded(n)) {
            mark_flooded(n);
            mask_[n] = 0;
            flat_cells_.push_back(n);
          }
        } else {
          high = high || (no_flow && zn > z_);
        }
      });
      if (low) {
        low_edges_.push_back(c);
      } else if (high) {
        high_edges_.push_back(c);
      }
    }
  }

  // Runs a breadth-first search from the high edges and stores -a, the
  // distance from higher terrain negated, in the mask. A cell gets its
  // distance when it is first reached, which is its level in the search.
  // Returns H, the largest distance (0 when the flat has no high edge).
  [[gnu::flatten]] Mask build_away_gradient(const Index* first,
                                            const Index* last, T z,
                                            Lists& lists) {
    std::vector<Index>& current = lists.current;
    std::vector<Index>& next = lists.next;
    current.assign(first, last);
    for (const Index c : current) {
      mask_[c] = -1;
    }
    Mask distance = 0;
    while (!current.empty()) {
      ++distance;
      for (const Index c : current) {
        for_each_neighbour(c, [&](Index n, int) {
          if (dem_[n] == z && directions_[n] == d8_no_flow && mask_[n] == 0) {
            mask_[n] = -(distance + 1);
            next.push_back(n);
          }
        });
      }
      current.swap(next);
      next.clear();
    }
    return distance;
  }

  // Breadth-first search from the low edges. A cell reached at level t
  // gets 2t + H - a when the first search reached it (mask -a), and 2t
  // otherwise. Positive values mark the cells already reached.
  [[gnu::flatten]] void build_towards_gradient(const Index* first,
                                               const Index* last, Mask height,
                                               T z, Lists& lists) {
    const auto combine = [this, height](Index cell, Mask distance) {
      const Mask away = mask_[cell];
      return away < 0 ? height + away + 2 * distance : 2 * distance;
    };
    std::vector<Index>& current = lists.current;
    std::vector<Index>& next = lists.next;
    current.assign(first, last);
    for (const Index c : current) {
      mask_[c] = combine(c, 1);
    }
    Mask distance = 1;
    while (!current.empty()) {
      for (const Index c : current) {
        for_each_neighbour(c, [&](Index n, int) {
          if (dem_[n] == z && directions_[n] == d8_no_flow && mask_[n] <= 0) {
            mask_[n] = combine(n, distance + 1);
            next.push_back(n);
          }
        });
      }
      current.swap(next);
      next.clear();
      ++distance;
    }
  }

  // Points each d8_no_flow cell of the flat to the neighbour in the flat
  // with the smallest positive mask, the first in direction order on ties.
  [[gnu::flatten]] std::size_t assign_directions(const Index* first,
                                                 const Index* last, T z) {
    std::size_t assigned = 0;
    for (const Index* cell = first; cell != last; ++cell) {
      const Index i = *cell;
      if (directions_[i] != d8_no_flow) {
        continue;
      }
      Mask lowest = mask_[i];
      int best = d8_no_flow;
      for_each_neighbour(i, [&](Index n, int d) {
        if (in_flat(n, z) && mask_[n] > 0 && mask_[n] < lowest) {
          lowest = mask_[n];
          best = d;
        }
      });
      if (best != d8_no_flow) {
        directions_[i] = static_cast<std::uint8_t>(best);
        ++assigned;
      }
    }
    return assigned;
  }

  const T* dem_;
  std::uint8_t* directions_;
  std::size_t rows_;
  std::size_t cols_;
  std::ptrdiff_t width_;
  double inverse_cols_;
  std::array<std::ptrdiff_t, 8> offsets_;
  std::vector<std::uint64_t> flooded_;
  // Left uninitialized, because only the cells of the flat being resolved
  // are read.
  std::unique_ptr<Mask[]> mask_;
  T z_{};
  std::vector<Index> flat_cells_;
  std::vector<Index> low_edges_;
  std::vector<Index> high_edges_;
  Lists lists_;
};

} // namespace detail

// Directs the cells of drainable flats in `directions` (see the top of this
// header) and returns the number of cells that received a direction.
// With `threads` above 1, the flats are found on the calling thread and
// resolved on up to `threads` OpenMP threads, with the same result.
// Throws InvalidInputError when the views differ in shape or `threads` is
// below 1.
template <typename T>
std::size_t
resolve_flats(GridView<const T> dem, GridView<std::uint8_t> directions,
              const ProgressCallback& progress = {}, int threads = 1) {
  detail::require_same_shape(dem, directions, "DEM", "flow direction");
  detail::require_thread_count(threads);
  ProgressReporter reporter(progress, "resolve flats", dem.size());
  const std::size_t assigned = detail::with_contiguous(
      dem, [&](GridView<const T> elevations) -> std::size_t {
        return detail::with_contiguous(
            directions, [&](GridView<std::uint8_t> codes) -> std::size_t {
              const std::size_t cells = elevations.size();
              if (cells == 0) {
                return 0;
              }
              if (detail::fits_32bit_index(cells) && cells < 700'000'000) {
                detail::FlatResolver<T, std::uint32_t> resolver(
                    elevations.data(), codes.data(), elevations.rows(),
                    elevations.cols());
                return threads > 1 ? resolver.run_parallel(reporter, threads)
                                   : resolver.run(reporter);
              }
              detail::FlatResolver<T, std::uint64_t> resolver(
                  elevations.data(), codes.data(), elevations.rows(),
                  elevations.cols());
              return threads > 1 ? resolver.run_parallel(reporter, threads)
                                 : resolver.run(reporter);
            });
      });
  reporter.finish();
  return assigned;
}

template <typename T>
requires(!std::is_const_v<T>) std::size_t
    resolve_flats(GridView<T> dem, GridView<std::uint8_t> directions,
                  const ProgressCallback& progress = {}, int threads = 1) {
  return resolve_flats(GridView<const T>(dem), directions, progress, threads);
}

template <typename T>
std::size_t resolve_flats(const Grid<T>& dem, Grid<std::uint8_t>& directions,
                          const ProgressCallback& progress = {},
                          int threads = 1) {
  return resolve_flats(dem.view(), directions.view(), progress, threads);
}

} // namespace georiviere
