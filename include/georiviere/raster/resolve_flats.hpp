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
// 1. Low edges are cells with a direction next to a d8_no_flow cell of equal
//    elevation. High edges are d8_no_flow cells next to a higher cell.
// 2. Each flat is labelled by flood fill over equal elevations from its low
//    edges. High edges of unlabelled flats (which have no outlet) are
//    dropped.
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
// Complexity: O(n) time; about 9 bytes per cell for labels and the mask,
// plus the queues.
#pragma once

#include <cstddef>
#include <cstdint>
#include <type_traits>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

namespace detail {

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
        offsets_(d8_flat_offsets(cols)) {}

  std::size_t run(ProgressReporter& reporter) {
    find_edges();
    reporter.update(rows_ * cols_ / 5);
    if (low_edges_.empty()) {
      return 0;
    }
    label_flats();
    reporter.update(2 * rows_ * cols_ / 5);
    drop_undrainable_high_edges();
    mask_.assign(rows_ * cols_, 0);
    build_away_gradient();
    reporter.update(3 * rows_ * cols_ / 5);
    build_towards_gradient();
    reporter.update(4 * rows_ * cols_ / 5);
    return assign_directions();
  }

private:
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
  bool valid(Index i) const { return directions_[i] != d8_nodata; }

  void find_edges() {
    for (std::size_t r = 0; r < rows_; ++r) {
      for (std::size_t c = 0; c < cols_; ++c) {
        const std::size_t i = r * cols_ + c;
        const std::uint8_t dir = directions_[i];
        if (dir == d8_nodata) {
          continue;
        }
        const auto cell = static_cast<Index>(i);
        const T z = dem_[i];
        bool low = false;
        bool high = false;
        if (dir == d8_no_flow) {
          for_each_neighbour(cell, r, c, [&](Index n, int) {
            high = high || (valid(n) && dem_[n] > z);
          });
        } else {
          for_each_neighbour(cell, r, c, [&](Index n, int) {
            low = low || (directions_[n] == d8_no_flow && dem_[n] == z);
          });
        }
        if (low) {
          low_edges_.push_back(cell);
        } else if (high) {
          high_edges_.push_back(cell);
        }
      }
    }
  }

  void label_flats() {
    labels_.assign(rows_ * cols_, 0);
    std::vector<Index> stack;
    std::uint32_t next_label = 1;
    for (const Index start : low_edges_) {
      if (labels_[start] != 0) {
        continue;
      }
      const std::uint32_t label = next_label++;
      const T z = dem_[start];
      labels_[start] = label;
      stack.push_back(start);
      while (!stack.empty()) {
        const Index c = stack.back();
        stack.pop_back();
        for_each_neighbour(c, [&](Index n, int) {
          if (labels_[n] == 0 && valid(n) && dem_[n] == z) {
            labels_[n] = label;
            stack.push_back(n);
          }
        });
      }
    }
    flat_height_.assign(next_label, 0);
  }

  void drop_undrainable_high_edges() {
    std::size_t kept_count = 0;
    for (const Index i : high_edges_) {
      if (labels_[i] != 0) {
        high_edges_[kept_count++] = i;
      }
    }
    high_edges_.resize(kept_count);
  }

  // Breadth-first search from the high edges: a cell gets its distance
  // when it is first reached, which is its level in the search.
  void build_away_gradient() {
    std::vector<Index> current = high_edges_;
    std::vector<Index> next;
    for (const Index c : current) {
      mask_[c] = 1;
    }
    // Each cell of level `distance` raises its flat's height to it.
    Mask distance = 1;
    while (!current.empty()) {
      for (const Index c : current) {
        const std::uint32_t label = labels_[c];
        for_each_neighbour(c, [&](Index n, int) {
          if (directions_[n] == d8_no_flow && mask_[n] == 0 &&
              labels_[n] == label) {
            mask_[n] = distance + 1;
            next.push_back(n);
          }
        });
        flat_height_[label] = distance;
      }
      current.swap(next);
      next.clear();
      ++distance;
    }
  }

  // Breadth-first search from the low edges. A cell reached at level t
  // gets 2t + H - a when the first search reached it (mask -a), and 2t
  // otherwise. Positive values mark the cells already reached.
  void build_towards_gradient() {
    for (Mask& value : mask_) {
      value = -value;
    }
    const auto combine = [this](Index cell, Mask distance) {
      const Mask away = mask_[cell];
      return away < 0 ? flat_height_[labels_[cell]] + away + 2 * distance
                      : 2 * distance;
    };
    std::vector<Index> current = low_edges_;
    std::vector<Index> next;
    for (const Index c : current) {
      mask_[c] = combine(c, 1);
    }
    Mask distance = 1;
    while (!current.empty()) {
      for (const Index c : current) {
        const std::uint32_t label = labels_[c];
        for_each_neighbour(c, [&](Index n, int) {
          if (directions_[n] == d8_no_flow && mask_[n] <= 0 &&
              labels_[n] == label) {
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

  std::size_t assign_directions() {
    std::size_t assigned = 0;
    for (std::size_t r = 0; r < rows_; ++r) {
      for (std::size_t c = 0; c < cols_; ++c) {
        const std::size_t i = r * cols_ + c;
        if (labels_[i] == 0 || directions_[i] != d8_no_flow) {
          continue;
        }
        const auto cell = static_cast<Index>(i);
        const std::uint32_t label = labels_[i];
        Mask lowest = mask_[i];
        int best = d8_no_flow;
        for_each_neighbour(cell, r, c, [&](Index n, int d) {
          if (labels_[n] == label && mask_[n] > 0 && mask_[n] < lowest) {
            lowest = mask_[n];
            best = d;
          }
        });
        if (best != d8_no_flow) {
          directions_[i] = static_cast<std::uint8_t>(best);
          ++assigned;
        }
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
  std::vector<Index> low_edges_;
  std::vector<Index> high_edges_;
  std::vector<std::uint32_t> labels_;
  std::vector<Mask> flat_height_;
  std::vector<Mask> mask_;
};

} // namespace detail

// Directs the cells of drainable flats in `directions` (see the top of this
// header) and returns the number of cells that received a direction.
// Throws InvalidInputError when the views differ in shape.
template <typename T>
std::size_t resolve_flats(GridView<const T> dem,
                          GridView<std::uint8_t> directions,
                          const ProgressCallback& progress = {}) {
  detail::require_same_shape(dem, directions, "DEM", "flow direction");
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
                return resolver.run(reporter);
              }
              detail::FlatResolver<T, std::uint64_t> resolver(
                  elevations.data(), codes.data(), elevations.rows(),
                  elevations.cols());
              return resolver.run(reporter);
            });
      });
  reporter.finish();
  return assigned;
}

template <typename T>
requires(!std::is_const_v<T>) std::size_t
    resolve_flats(GridView<T> dem, GridView<std::uint8_t> directions,
                  const ProgressCallback& progress = {}) {
  return resolve_flats(GridView<const T>(dem), directions, progress);
}

template <typename T>
std::size_t resolve_flats(const Grid<T>& dem, Grid<std::uint8_t>& directions,
                          const ProgressCallback& progress = {}) {
  return resolve_flats(dem.view(), directions.view(), progress);
}

} // namespace georiviere
