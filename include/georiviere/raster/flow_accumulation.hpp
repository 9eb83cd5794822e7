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
// in-degree 0, the walk finishes the cell's downstream cell and moves on
// while that cell's in-degree falls to 0. No recursion, no queue. A cell
// with one upstream neighbour adds that neighbour's total to its weight. A
// confluence (two or more) waits until all its upstream neighbours are
// finished. It then adds their totals in the order E, SE, S, SW, W, NW, N,
// NE, so sums of doubles do not depend on the order of the walks.
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
// OpenMP threads. The walk cuts the grid into that many bands of rows,
// one per thread, and hands the flow that crosses a band boundary to the
// neighbouring band in rounds. The output is the same for every thread
// count.
//
// Complexity: O(n) time. Working memory: one byte per cell, plus the list
// of cells whose flow crosses a band boundary.
// Bad input: an invalid direction code raises InvalidInputError naming the
// cell. Directions that form a cycle (impossible from d8_flow_directions,
// possible in an edited file) raise InvalidInputError with the number of
// cells on or downstream of cycles.
#pragma once

#include <algorithm>
#include <array>
#include <atomic>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <type_traits>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

namespace detail {

// Bits of the per-cell flag byte used by the accumulation. The low four
// bits count the upstream neighbours whose totals are not final yet.
inline constexpr std::uint8_t accumulation_in_degree_bits = 0x0f;
// The cell lies on the grid edge, so its neighbours need bounds checks.
inline constexpr std::uint8_t accumulation_on_edge = 0x10;
// Two or more neighbours drain to the cell.
inline constexpr std::uint8_t accumulation_confluence = 0x20;
inline constexpr std::uint8_t accumulation_has_downstream = 0x40;
inline constexpr std::uint8_t accumulation_done = 0x80;

// A weight that is the same for every valid cell, such as 1 for counts.
// The totals grid then starts filled with it, and pass 1 writes only the
// nodata cells.
template <typename Total> struct UniformWeight {
  Total value;
  Total operator()(std::size_t, std::size_t) const { return value; }
};

template <typename W> inline constexpr bool is_uniform_weight = false;
template <typename Total>
inline constexpr bool is_uniform_weight<UniformWeight<Total>> = true;

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

// Flag byte of the valid cell (r, c), with bounds and nodata checks.
inline std::uint8_t accumulation_flag_checked(const std::uint8_t* dirs,
                                              std::size_t rows,
                                              std::size_t cols, std::size_t r,
                                              std::size_t c) {
  const std::uint8_t in_degree =
      accumulation_in_degree_checked(dirs, rows, cols, r, c);
  std::uint8_t flag = in_degree;
  if (in_degree >= 2) {
    flag |= accumulation_confluence;
  }
  if (r == 0 || c == 0 || r + 1 == rows || c + 1 == cols) {
    flag |= accumulation_on_edge;
  }
  const std::uint8_t d = dirs[r * cols + c];
  if (d < 8) {
    const std::size_t nr = r + d8_row_offsets[d];
    const std::size_t nc = c + d8_col_offsets[d];
    if (nr < rows && nc < cols && dirs[nr * cols + nc] != d8_nodata) {
      flag |= accumulation_has_downstream;
    }
  }
  return flag;
}

// Pass 1 of the accumulation for row r: the cell weights, and the flag
// bytes. Each cell counts the neighbours that point at it, so rows can run
// on different threads. Returns the number of valid cells, and sets
// `invalid` when the row contains a code that is not a direction,
// d8_no_flow or d8_nodata.
template <typename Total, typename Weight>
std::size_t accumulation_row(const std::uint8_t* dirs, std::size_t rows,
                             std::size_t cols, std::size_t r, Total* totals,
                             std::uint8_t* flags, Total nodata_total,
                             Weight& weight, bool& invalid) {
  constexpr bool prefilled = is_uniform_weight<std::remove_cvref_t<Weight>>;
  const std::uint8_t* centre = dirs + r * cols;
  Total* row_totals = totals + r * cols;
  std::uint8_t* row_flags = flags + r * cols;
  const auto has_nodata = [&](std::size_t row) {
    return std::memchr(dirs + row * cols, d8_nodata, cols) != nullptr;
  };
  const bool inner = r > 0 && r + 1 < rows && cols >= 3 && !has_nodata(r - 1) &&
                     !has_nodata(r) && !has_nodata(r + 1);
  if (!inner) {
    std::size_t valid = 0;
    for (std::size_t c = 0; c < cols; ++c) {
      const std::uint8_t d = centre[c];
      if (d == d8_nodata) {
        row_totals[c] = nodata_total;
        row_flags[c] = accumulation_done;
        continue;
      }
      ++valid;
      if constexpr (!prefilled) {
        row_totals[c] = weight(r, c);
      }
      invalid = invalid || d > d8_no_flow;
      row_flags[c] = accumulation_flag_checked(dirs, rows, cols, r, c);
    }
    return valid;
  }

  // An inner row with no nodata in it or next to it: the inner cells'
  // neighbours and downstream cells are all valid cells of the grid. This
  // loop has no branch, so the compiler vectorizes it.
  const std::uint8_t* above = centre - cols;
  const std::uint8_t* below = centre + cols;
  std::uint8_t bad = 0;
  for (std::size_t c = 1; c + 1 < cols; ++c) {
    const auto in_degree =
        static_cast<std::uint8_t>((centre[c + 1] == reverse_direction(0)) +
                                  (below[c + 1] == reverse_direction(1)) +
                                  (below[c] == reverse_direction(2)) +
                                  (below[c - 1] == reverse_direction(3)) +
                                  (centre[c - 1] == reverse_direction(4)) +
                                  (above[c - 1] == reverse_direction(5)) +
                                  (above[c] == reverse_direction(6)) +
                                  (above[c + 1] == reverse_direction(7)));
    const std::uint8_t d = centre[c];
    row_flags[c] = static_cast<std::uint8_t>(
        in_degree | (in_degree >= 2 ? accumulation_confluence : 0) |
        (d < 8 ? accumulation_has_downstream : 0));
    bad |= static_cast<std::uint8_t>(d > d8_no_flow);
  }
  row_flags[0] = accumulation_flag_checked(dirs, rows, cols, r, 0);
  row_flags[cols - 1] =
      accumulation_flag_checked(dirs, rows, cols, r, cols - 1);
  if (bad != 0 || centre[0] > d8_no_flow || centre[cols - 1] > d8_no_flow) {
    invalid = true;
  }
  if constexpr (!prefilled) {
    for (std::size_t c = 0; c < cols; ++c) {
      row_totals[c] = weight(r, c);
    }
  }
  return cols;
}

// Pass 2 over the cells of one band of rows, flat indices [begin, end):
// it walks down from each source, finishing cells whose upstream
// neighbours are all finished.
//
// The total of a cell with one upstream neighbour is its weight plus that
// neighbour's total. A confluence sums its weight and then its upstream
// neighbours' totals in the order E, SE, S, SW, W, NW, N, NE, whatever
// order they finish in. So sums of doubles do not depend on how the grid
// is shared among threads.
template <typename Total> class AccumulationWalk {
public:
  AccumulationWalk(const std::uint8_t* dirs, std::size_t rows, std::size_t cols,
                   Total* totals, std::uint8_t* flags, std::size_t begin,
                   std::size_t end)
      : dirs_(dirs), rows_(rows), cols_(cols),
        width_(static_cast<std::ptrdiff_t>(cols)),
        offsets_(d8_flat_offsets(cols)), totals_(totals), flags_(flags),
        begin_(begin), end_(end) {}

  // Starts a walk from each source of the band, calling report(i) now and
  // then with the flat index reached.
  template <typename Report> void walk_sources(Report&& report) {
    std::size_t i = begin_;
    for (; i < end_ && i % 8 != 0; ++i) {
      walk_if_source(i);
    }
    // Eight flag bytes at a time: a source is a byte with no in-degree
    // bit and no done bit. A walk never enters a source, so the sources
    // found in a word stay sources while the walks from it run.
    constexpr std::uint64_t lanes = 0x0101010101010101ull;
    constexpr std::uint64_t source_bits =
        lanes * (accumulation_done | accumulation_in_degree_bits);
    for (; i + 8 <= end_; i += 8) {
      std::uint64_t word;
      std::memcpy(&word, flags_ + i, sizeof word);
      const std::uint64_t bits = word & source_bits;
      // The high bit of each byte of `sources` is set when that byte of
      // `bits` is zero. No carry crosses a byte.
      std::uint64_t sources =
          ~(((bits & (lanes * 0x7f)) + lanes * 0x7f) | bits) & (lanes * 0x80);
      while (sources != 0) {
        const std::size_t cell =
            i + static_cast<std::size_t>(std::countr_zero(sources) / 8);
        sources &= sources - 1;
        flags_[cell] |= accumulation_done;
        ++done_;
        walk_down(cell);
      }
      if ((i & 0xffff) == 0) {
        report(i);
      }
    }
    for (; i < end_; ++i) {
      walk_if_source(i);
    }
  }

  // Passes the total of `cell`, a finished cell of another band, to its
  // downstream cell in this band, and walks on from there.
  void enter_from(std::size_t cell) {
    const std::size_t next = downstream(cell);
    if (next >= begin_ && next < end_ && arrive(cell, next)) {
      walk_down(next);
    }
  }

  // Finished cells whose downstream cell lies in another band.
  std::vector<std::size_t>& leaving() { return leaving_; }
  std::size_t done() const { return done_; }

private:
  void walk_if_source(std::size_t i) {
    if ((flags_[i] & (accumulation_done | accumulation_in_degree_bits)) == 0) {
      flags_[i] |= accumulation_done;
      ++done_;
      walk_down(i);
    }
  }

  std::size_t downstream(std::size_t cell) const {
    return static_cast<std::size_t>(static_cast<std::ptrdiff_t>(cell) +
                                    offsets_[dirs_[cell]]);
  }

  // Follows the flow down from the finished `cell` while the downstream
  // cell becomes finished too. The loop works on local copies of the
  // members, which stores to the flag bytes cannot alias.
  void walk_down(std::size_t cell) {
    const std::uint8_t* const dirs = dirs_;
    std::uint8_t* const flags = flags_;
    Total* const totals = totals_;
    const std::array<std::ptrdiff_t, 8> offsets = offsets_;
    const std::size_t begin = begin_;
    const std::size_t band_size = end_ - begin_;
    std::size_t done = 0;
    Total total = totals[cell];
    while ((flags[cell] & accumulation_has_downstream) != 0) {
      const std::size_t next = static_cast<std::size_t>(
          static_cast<std::ptrdiff_t>(cell) + offsets[dirs[cell]]);
      if (next - begin >= band_size) {
        leaving_.push_back(cell);
        break;
      }
      const std::uint8_t flag = flags[next] - 1;
      if ((flag & accumulation_confluence) == 0) {
        total += totals[next];
      } else if ((flag & accumulation_in_degree_bits) != 0) {
        flags[next] = flag;
        break;
      } else {
        total = sum_upstream(next);
      }
      totals[next] = total;
      flags[next] = flag | accumulation_done;
      ++done;
      cell = next;
    }
    done_ += done;
  }

  // Records that the finished `cell` drains to `next`, and returns true
  // when `next` is then finished.
  bool arrive(std::size_t cell, std::size_t next) {
    const std::uint8_t flag = flags_[next] - 1;
    if ((flag & accumulation_confluence) == 0) {
      totals_[next] += totals_[cell];
    } else if ((flag & accumulation_in_degree_bits) != 0) {
      flags_[next] = flag;
      return false;
    } else {
      totals_[next] = sum_upstream(next);
    }
    flags_[next] = flag | accumulation_done;
    ++done_;
    return true;
  }

  // Returns the weight of `cell` plus the totals of the neighbours that
  // drain to it, added in direction order.
  Total sum_upstream(std::size_t cell) const {
    if ((flags_[cell] & accumulation_on_edge) != 0) {
      return sum_upstream_on_edge(cell);
    }
    Total sum = totals_[cell];
    for_each_d8([&](auto d) {
      const std::size_t n = cell + d8_offset<d>(width_);
      if (dirs_[n] == reverse_direction(d)) {
        sum += totals_[n];
      }
    });
    return sum;
  }

  // sum_upstream with bounds checks, kept out of line so that the walk's
  // loop keeps its values in registers.
  [[gnu::noinline]] Total sum_upstream_on_edge(std::size_t cell) const {
    Total sum = totals_[cell];
    const std::size_t r = cell / cols_;
    const std::size_t c = cell - r * cols_;
    for (int d = 0; d < 8; ++d) {
      const std::size_t nr = r + d8_row_offsets[d];
      const std::size_t nc = c + d8_col_offsets[d];
      if (nr < rows_ && nc < cols_ &&
          dirs_[nr * cols_ + nc] == reverse_direction(d)) {
        sum += totals_[nr * cols_ + nc];
      }
    }
    return sum;
  }

  const std::uint8_t* dirs_;
  std::size_t rows_;
  std::size_t cols_;
  std::ptrdiff_t width_;
  std::array<std::ptrdiff_t, 8> offsets_;
  Total* totals_;
  std::uint8_t* flags_;
  std::size_t begin_;
  std::size_t end_;
  std::vector<std::size_t> leaving_;
  std::size_t done_ = 0;
};

// Pass 2 on `threads` bands of rows, one per OpenMP thread. Each band
// walks its own sources and stops where the flow leaves it. Then, round
// after round, each band takes over the flow that entered it in the
// previous round, until none crosses a band boundary. A band only writes
// its own cells, and reads the totals of another band's cells only after
// a round has finished them. Returns the number of cells finished.
template <typename Total>
std::size_t accumulate_in_bands(const std::uint8_t* dirs, std::size_t rows,
                                std::size_t cols, Total* totals,
                                std::uint8_t* flags, int threads) {
  const auto bands = static_cast<std::size_t>(threads);
  std::vector<AccumulationWalk<Total>> walks;
  for (std::size_t b = 0; b < bands; ++b) {
    walks.emplace_back(dirs, rows, cols, totals, flags, rows * b / bands * cols,
                       rows * (b + 1) / bands * cols);
  }
  const auto band_count = static_cast<std::ptrdiff_t>(bands);
#if defined(_OPENMP)
#pragma omp parallel for num_threads(threads) schedule(static, 1)
#endif
  for (std::ptrdiff_t b = 0; b < band_count; ++b) {
    walks[static_cast<std::size_t>(b)].walk_sources([](std::size_t) {});
  }

  // D8 moves one row at most, so flow leaving band b enters band b - 1 or
  // b + 1.
  std::vector<std::vector<std::size_t>> entering(bands);
  while (true) {
    bool crossing = false;
    for (std::size_t b = 0; b < bands; ++b) {
      entering[b].swap(walks[b].leaving());
      walks[b].leaving().clear();
      crossing = crossing || !entering[b].empty();
    }
    if (!crossing) {
      break;
    }
#if defined(_OPENMP)
#pragma omp parallel for num_threads(threads) schedule(static, 1)
#endif
    for (std::ptrdiff_t b = 0; b < band_count; ++b) {
      const auto band = static_cast<std::size_t>(b);
      for (const std::size_t from : {band - 1, band + 1}) {
        if (from < bands) {
          for (const std::size_t cell : entering[from]) {
            walks[band].enter_from(cell);
          }
        }
      }
    }
  }
  std::size_t done = 0;
  for (const AccumulationWalk<Total>& walk : walks) {
    done += walk.done();
  }
  return done;
}

// Accumulates weight(r, c) along `directions` (contiguous) into `totals`,
// which has rows * cols values, already filled with the weight when it is
// a UniformWeight. Nodata cells get `nodata_total`. Both passes run on up
// to `threads` OpenMP threads, and the totals, sums of doubles included,
// do not depend on `threads`.
template <typename Total, typename Weight>
void accumulate_flow(GridView<const std::uint8_t> directions, Total* totals,
                     Total nodata_total, Weight&& weight,
                     const ProgressCallback& progress, int threads) {
  require_thread_count(threads);
  const std::size_t rows = directions.rows();
  const std::size_t cols = directions.cols();
  const std::size_t cells = rows * cols;
  const std::uint8_t* dirs = directions.data();
  // Pass 1 writes every flag byte, so they start uninitialized.
  const std::unique_ptr<std::uint8_t[]> flag_bytes(new std::uint8_t[cells]);
  std::uint8_t* const flags = flag_bytes.get();
  ProgressReporter reporter(progress, "flow accumulation", 2 * cells);

  // Pass 1: weights and flags.
  std::atomic<std::size_t> valid{0};
  std::atomic<bool> invalid{false};
  for_each_row(
      rows, threads,
      [&](std::size_t r) {
        bool row_invalid = false;
        valid.fetch_add(accumulation_row(dirs, rows, cols, r, totals, flags,
                                         nodata_total, weight, row_invalid),
                        std::memory_order_relaxed);
        if (row_invalid) {
          invalid.store(true, std::memory_order_relaxed);
        }
      },
      [&](std::size_t rows_done) { reporter.update(rows_done * cols); });
  if (invalid.load()) {
    for (std::size_t i = 0; i < cells; ++i) {
      if (dirs[i] > d8_no_flow && dirs[i] != d8_nodata) {
        throw_invalid_direction("internal D8", dirs[i], i / cols, i % cols);
      }
    }
  }

  // Pass 2: walk down from each source. Bands of rows need at least one row
  // each.
  const int bands =
      static_cast<int>(std::min(static_cast<std::size_t>(threads), rows));
  std::size_t done = 0;
  if (bands <= 1) {
    AccumulationWalk<Total> walk(dirs, rows, cols, totals, flags, 0, cells);
    walk.walk_sources([&](std::size_t i) { reporter.update(cells + i); });
    done = walk.done();
  } else {
    done = accumulate_in_bands(dirs, rows, cols, totals, flags, bands);
  }
  reporter.finish();

  if (done != valid.load()) {
    throw InvalidInputError(
        "flow directions contain a cycle: " +
        std::to_string(valid.load() - done) +
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
  Total initial = nodata_total;
  if constexpr (is_uniform_weight<std::remove_cvref_t<Weight>>) {
    initial = weight.value;
  }
  Grid<Total> totals(directions.rows(), directions.cols(), initial,
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
      directions, 0, detail::UniformWeight<std::uint64_t>{1}, progress,
      threads);
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
      detail::UniformWeight<double>{cell_area_km2}, progress, threads);
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
