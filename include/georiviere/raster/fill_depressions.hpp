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
// A cell raised to a level of zero gets +0.0, even when the cell it drains
// to contains -0.0.
//
// Threads: with `threads` above 1, FillMode::exact runs the tiled fill of
// Barnes (2016) on that many OpenMP threads (see tiled_priority_flood
// below), and gives the serial result bit for bit. FillMode::epsilon
// always runs on the calling thread: each cell's epsilon step depends on
// the order in which the whole grid is flooded. Without OpenMP the strips
// are filled one after another on the calling thread.
//
// Preconditions: none on the values. Non-contiguous views are filled through
// a contiguous copy.
// Complexity: O(n log n) time in the worst case, and close to O(n) on real
// DEMs because few cells enter the priority queue. Memory: n bytes of flags
// plus the queues; the tiled fill adds 4 bytes of labels per cell, freed on
// return, and a map of the label pairs.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <limits>
#include <memory>
#include <mutex>
#include <optional>
#include <queue>
#include <unordered_map>
#include <utility>
#include <vector>

#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/detail/raster_radix_heap.hpp"
#include "georiviere/raster/flow_direction.hpp"
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

// Returns `value` with -0.0 turned into +0.0, so that a cell raised to a
// level of zero gets the same bits whichever zero its spill cell contains.
template <typename T> T positive_zero(T value) {
  if constexpr (std::is_floating_point_v<T>) {
    return value + T{0};
  } else {
    return value;
  }
}

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

// Visits the higher, unvisited cell `start` out of priority order when no
// unvisited neighbour can drain through it, and otherwise queues it in
// `open`, then goes on from every cell it closes, calling on_close(cell)
// for each. The cells walked are never on the grid edge, whose cells are
// all seeds. Returns the number of cells visited.
template <typename T, typename Index, typename OnClose>
std::size_t walk_up_slope_from(Index start, const T* dem, std::uint8_t* flags,
                               std::ptrdiff_t width, std::vector<Index>& slope,
                               RadixHeap<T, Index>& open, OnClose&& on_close) {
  std::size_t visited = 0;
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
        on_close(y);
        slope.push_back(y);
      }
    });
  }
  return visited;
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

  const auto walk_up_slope = [&](Index start) {
    visited +=
        walk_up_slope_from(start, dem, flags, width, slope, open, [](Index) {});
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
    const T raised_level =
        mode == FillMode::epsilon ? next_up(level) : positive_zero(level);
    for_each_neighbour_index(c, flags[c] == fill_edge, rows, cols,
                             [&](Index n) {
                               if (flags[n] == fill_open) {
                                 settle(n, level, raised_level);
                               }
                             });
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

// Tiled exact fill on several threads, after Barnes (2016), "Parallel
// Priority-Flood depression filling for trillion cell digital elevation
// models on desktops or clusters", Computers & Geosciences 96
// (doi:10.1016/j.cageo.2016.07.001).
//
// 1. The grid is cut into horizontal strips. Each strip is flooded on its
//    own (flood_strip), seeded from its cells open to the outside and from
//    all cells of its first and last rows. Each cell ends at its strip
//    level L: the lowest level at which water leaves it inside the strip,
//    through the outside or through a strip boundary cell. Each cell also
//    gets the label of the seed it was flooded from: fill_label_outside for
//    the seeds open to the outside, and one label per boundary seed that
//    no labelled cell reached before it was popped.
// 2. For each pair of neighbouring cells with different labels, in a strip
//    or across two strips, the pair's spill level is the higher of their
//    two L. Each pair of labels keeps its lowest spill level.
// 3. A Priority-Flood over this label graph, from fill_label_outside, gives
//    each label the level of its lowest way out.
// 4. Each cell is raised to the level of its label when that is higher.
//
// This gives the serial result. Every cell from which the strip flood
// reached x has an L no higher than x, so x reaches its label's seed at
// level L(x), and the seed reaches the outside at the label's level. In
// the other direction, any path from x to the outside meets a seed of x's
// strip before it rises above L(x). It then crosses labels only at pairs
// no higher than its own highest cell, so the label's level is no higher
// than that cell either.

// Labels of the tiled fill. Nodata cells keep fill_label_none.
inline constexpr std::uint32_t fill_label_none = 0;
inline constexpr std::uint32_t fill_label_outside = 1;
inline constexpr std::uint32_t fill_first_label = 2;
// Flag bit of a cell raised by its strip flood.
inline constexpr std::uint8_t fill_raised = 0x80;
// Flag bit of a strip boundary seed that has no label yet.
inline constexpr std::uint8_t fill_unlabelled = 0x40;
// Flag of a valid cell open to the outside before its strip is flooded.
inline constexpr std::uint8_t fill_outside = 4;

// Progress and cancellation shared by the strip floods. Only the calling
// thread reports. An exception from the callback stops every flood at its
// next check and is rethrown on the calling thread.
class StripFloodProgress {
public:
  explicit StripFloodProgress(ProgressReporter& reporter)
      : reporter_(reporter) {}

  // Adds `count` visited cells. Returns false when the floods must stop.
  bool add(std::size_t count, bool caller) {
    const std::size_t done = visited_.fetch_add(count) + count;
    if (caller && !stop_.load(std::memory_order_relaxed)) {
      try {
        reporter_.update(done);
      } catch (...) {
        fail(std::current_exception());
      }
    }
    return !stop_.load(std::memory_order_relaxed);
  }

  // Records an exception thrown by a strip task.
  void fail(std::exception_ptr error) {
    const std::lock_guard<std::mutex> lock(mutex_);
    if (!error_) {
      error_ = std::move(error);
    }
    stop_.store(true);
  }

  void rethrow() const {
    if (error_) {
      std::rethrow_exception(error_);
    }
  }

private:
  ProgressReporter& reporter_;
  std::atomic<std::size_t> visited_{0};
  std::atomic<bool> stop_{false};
  std::mutex mutex_;
  std::exception_ptr error_;
};

// Calls task(s) for every strip s < strips on up to `threads` OpenMP
// threads, one strip at a time per thread. The bool `caller` passed to
// task(s, caller) is true on the calling thread. Exceptions go to
// `shared`.
template <typename Task>
void for_each_strip(std::size_t strips, int threads, StripFloodProgress& shared,
                    Task&& task) {
  const auto run = [&](std::size_t s, bool caller) {
    try {
      task(s, caller);
    } catch (...) {
      shared.fail(std::current_exception());
    }
  };
#if defined(_OPENMP)
  if (threads > 1 && strips > 1) {
    const auto count = static_cast<std::ptrdiff_t>(strips);
#pragma omp parallel for num_threads(threads) schedule(dynamic, 1)
    for (std::ptrdiff_t s = 0; s < count; ++s) {
      run(static_cast<std::size_t>(s), omp_get_thread_num() == 0);
    }
    shared.rethrow();
    return;
  }
#else
  (void)threads;
#endif
  for (std::size_t s = 0; s < strips; ++s) {
    run(s, true);
  }
  shared.rethrow();
}

// Floods one strip of `rows` x `cols` cells (exact mode) as described above,
// with the serial flood's speed-ups. On entry `flags` contains fill_outside
// on the cells open to the outside, fill_nodata and fill_open, and
// `labels` is not initialised: the flood labels every cell, nodata cells
// with fill_label_none. New labels are numbered from fill_first_label, and
// their count goes to `new_labels`.
// Returns the number of cells raised, which get the fill_raised flag.
template <typename T, typename Index>
std::size_t flood_strip(T* dem, std::uint8_t* flags, std::uint32_t* labels,
                        std::size_t rows, std::size_t cols, bool any_nodata,
                        std::uint32_t& new_labels, StripFloodProgress& shared,
                        bool caller) {
  const auto width = static_cast<std::ptrdiff_t>(cols);
  RadixHeap<T, Index> open;
  // Seeds: every cell of the first and last rows and of the first and last
  // columns (the strip's edge, whose cells need bounds checks), and the
  // cells open to the outside.
  for (std::size_t r = 0; r < rows; ++r) {
    const bool boundary = r == 0 || r + 1 == rows;
    const auto seed = [&](std::size_t c) {
      const std::size_t i = r * cols + c;
      if (flags[i] == fill_nodata) {
        labels[i] = fill_label_none;
        return;
      }
      const bool edge = boundary || c == 0 || c + 1 == cols;
      const bool outside = flags[i] == fill_outside;
      if (!edge && !outside) {
        return;
      }
      std::uint8_t flag = edge ? fill_edge : fill_closed;
      if (outside) {
        labels[i] = fill_label_outside;
      } else {
        flag |= fill_unlabelled;
      }
      flags[i] = flag;
      open.push(dem[i], static_cast<Index>(i));
    };
    if (boundary || any_nodata) {
      for (std::size_t c = 0; c < cols; ++c) {
        seed(c);
      }
    } else {
      seed(0);
      if (cols > 1) {
        seed(cols - 1);
      }
    }
  }

  std::vector<Index> pit;
  std::size_t pit_head = 0;
  std::vector<Index> slope;
  std::size_t raised = 0;
  std::size_t visited = 0;
  std::size_t reported = 0;
  std::uint32_t next_label = fill_first_label;
  constexpr std::size_t report_every = std::size_t{1} << 16;

  // Each cell the walk closes takes the label of the cell that reached it.
  const auto walk_up_slope = [&](Index start, std::uint32_t label) {
    visited +=
        walk_up_slope_from(start, dem, flags, width, slope, open,
                           [labels, label](Index y) { labels[y] = label; });
  };

  // Settles neighbour n of a cell at `level` with `label`. A closed seed
  // without a label is not yet popped, so it is not below `level` and can
  // take the label as if this cell had reached it.
  const auto touch = [&](Index n, T level, std::uint32_t label) {
    const std::uint8_t flag = flags[n];
    if (flag == fill_open) {
      flags[n] = fill_closed;
      labels[n] = label;
      if (dem[n] <= level) {
        if (dem[n] < level) {
          dem[n] = positive_zero(level);
          flags[n] = fill_closed | fill_raised;
          ++raised;
        }
        pit.push_back(n);
      } else {
        walk_up_slope(n, label);
      }
    } else if ((flag & fill_unlabelled) != 0) {
      labels[n] = label;
      flags[n] = fill_edge;
    }
  };

  const auto visit_neighbours = [&](Index c) {
    const T level = dem[c];
    const std::uint32_t label = labels[c];
    for_each_neighbour_index(c, flags[c] == fill_edge, rows, cols,
                             [&](Index n) { touch(n, level, label); });
  };

  while (true) {
    Index c;
    if (pit_head < pit.size()) {
      c = pit[pit_head++];
    } else {
      pit.clear();
      pit_head = 0;
      if (open.empty()) {
        break;
      }
      c = open.pop();
      if ((flags[c] & fill_unlabelled) != 0) {
        labels[c] = next_label++;
        flags[c] = fill_edge;
      }
    }
    ++visited;
    if (visited - reported >= report_every) {
      if (!shared.add(visited - reported, caller)) {
        break;
      }
      reported = visited;
    }
    visit_neighbours(c);
  }
  shared.add(visited - reported, caller);
  new_labels = next_label - fill_first_label;
  return raised;
}

// Higher of two values that are not NaN.
template <typename T> T higher_of(T a, T b) {
  return a < b ? b : a;
}

template <typename T, typename Index>
std::size_t tiled_priority_flood(T* dem, std::size_t rows, std::size_t cols,
                                 const std::optional<T>& nodata,
                                 std::size_t strips, int threads,
                                 const ProgressCallback& progress) {
  const std::size_t cells = rows * cols;
  strips = std::clamp<std::size_t>(strips, 1, rows);
  const auto strip_start = [&](std::size_t s) { return s * rows / strips; };
  ProgressReporter reporter(progress, "fill depressions", cells);
  StripFloodProgress shared(reporter);

  // Flags, then labels, uninitialised: each strip task sets its own rows.
  std::unique_ptr<std::uint8_t[]> state(new std::uint8_t[cells]);
  std::uint8_t* const flags = state.get();
  std::atomic<bool> any_nodata{false};
  for_each_strip(strips, threads, shared, [&](std::size_t s, bool) {
    bool found = false;
    for (std::size_t r = strip_start(s); r < strip_start(s + 1); ++r) {
      const bool edge_row = r == 0 || r + 1 == rows;
      for (std::size_t c = 0; c < cols; ++c) {
        const std::size_t i = r * cols + c;
        const bool missing = is_nodata_value<T>(dem[i], nodata);
        const bool edge = edge_row || c == 0 || c + 1 == cols;
        std::uint8_t flag = edge ? fill_outside : std::uint8_t{fill_open};
        if (missing) {
          flag = fill_nodata;
        }
        flags[i] = flag;
        found = found || missing;
      }
    }
    if (found) {
      any_nodata.store(true);
    }
  });
  const bool has_nodata = any_nodata.load();
  if (has_nodata) {
    // Marks the inner cells next to nodata. The DEM is only read here, so
    // the rows of the neighbouring strips can be read too.
    for_each_strip(strips, threads, shared, [&](std::size_t s, bool) {
      const std::size_t first = std::max<std::size_t>(strip_start(s), 1);
      const std::size_t end = std::min(strip_start(s + 1), rows - 1);
      for (std::size_t r = first; r < end; ++r) {
        for (std::size_t c = 1; c + 1 < cols; ++c) {
          const std::size_t i = r * cols + c;
          if (flags[i] != fill_open) {
            continue;
          }
          bool next_to_nodata = false;
          for (int d = 0; d < 8; ++d) {
            const std::size_t n =
                (r + d8_row_offsets[d]) * cols + (c + d8_col_offsets[d]);
            next_to_nodata =
                next_to_nodata || is_nodata_value<T>(dem[n], nodata);
          }
          if (next_to_nodata) {
            flags[i] = fill_outside;
          }
        }
      }
    });
  }
  std::unique_ptr<std::uint32_t[]> labels(new std::uint32_t[cells]);
  std::uint32_t* const label = labels.get();

  // 1. Strip floods.
  std::vector<std::uint32_t> label_base(strips + 1, fill_first_label);
  std::vector<std::size_t> raised_in_strip(strips, 0);
  for_each_strip(strips, threads, shared, [&](std::size_t s, bool caller) {
    const std::size_t offset = strip_start(s) * cols;
    std::uint32_t new_labels = 0;
    raised_in_strip[s] =
        flood_strip<T, Index>(dem + offset, flags + offset, label + offset,
                              strip_start(s + 1) - strip_start(s), cols,
                              has_nodata, new_labels, shared, caller);
    label_base[s + 1] = new_labels;
  });
  for (std::size_t s = 0; s < strips; ++s) {
    if (label_base[s + 1] >
        std::numeric_limits<std::uint32_t>::max() - label_base[s]) {
      throw InvalidInputError("the grid needs more than 2^32 fill labels: "
                              "fill it with fewer threads");
    }
    label_base[s + 1] += label_base[s];
  }
  const std::size_t label_count = label_base[strips];
  const auto global_label = [&](std::uint32_t local, std::size_t s) {
    return local == fill_label_outside
               ? local
               : static_cast<std::uint32_t>(label_base[s] + local -
                                            fill_first_label);
  };

  // 2. Lowest spill level of each pair of labels. Each strip looks at its
  // cells' east, south-west, south and south-east neighbours, the last
  // three in the next strip for its last row.
  std::vector<std::unordered_map<std::uint64_t, T>> spills(strips);
  for_each_strip(strips, threads, shared, [&](std::size_t s, bool) {
    std::unordered_map<std::uint64_t, T>& found = spills[s];
    // Neighbouring pairs along a label boundary often repeat the last
    // pair, whose entry is kept (map entries do not move on rehash).
    std::uint64_t last_key = 0;
    T* last_level = nullptr;
    const auto add = [&](std::uint32_t a, std::uint32_t b, T level) {
      const std::uint64_t key =
          a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a;
      if (last_level == nullptr || key != last_key) {
        const auto [it, inserted] = found.try_emplace(key, level);
        last_key = key;
        last_level = &it->second;
        if (inserted) {
          return;
        }
      }
      if (level < *last_level) {
        *last_level = level;
      }
    };
    // Nodata cells have fill_label_none, and valid cells never do. Labels
    // of one strip compare as they are; those of the next strip go through
    // global_label.
    const auto pair_with = [&](std::size_t i, std::uint32_t own, std::size_t n,
                               std::size_t strip) {
      const std::uint32_t other = label[n];
      if (other != fill_label_none &&
          global_label(other, strip) != global_label(own, s)) {
        add(global_label(own, s), global_label(other, strip),
            higher_of(dem[i], dem[n]));
      }
    };
    const std::size_t end = strip_start(s + 1);
    for (std::size_t r = strip_start(s); r < end; ++r) {
      const bool last_row = r + 1 == end;
      const std::size_t below = last_row ? s + 1 : s;
      for (std::size_t c = 0; c < cols; ++c) {
        const std::size_t i = r * cols + c;
        const std::uint32_t own = label[i];
        if (own == fill_label_none) {
          continue;
        }
        if (!last_row && c > 0 && c + 1 < cols) {
          const std::uint32_t* below_row = label + i + cols;
          const bool same = (label[i + 1] == own) & (below_row[-1] == own) &
                            (below_row[0] == own) & (below_row[1] == own);
          if (same) {
            continue;
          }
        }
        if (c + 1 < cols && label[i + 1] != own) {
          pair_with(i, own, i + 1, s);
        }
        if (r + 1 == rows) {
          continue;
        }
        const std::size_t first = c == 0 ? c : c - 1;
        const std::size_t last = c + 1 < cols ? c + 1 : c;
        for (std::size_t n = i + cols - c + first; n <= i + cols - c + last;
             ++n) {
          if (last_row || label[n] != own) {
            pair_with(i, own, n, below);
          }
        }
      }
    }
  });

  // 3. Priority-Flood over the label graph.
  std::vector<std::size_t> first_edge(label_count + 1, 0);
  for (const auto& found : spills) {
    for (const auto& [key, level] : found) {
      ++first_edge[key >> 32];
      ++first_edge[key & 0xffffffffu];
    }
  }
  std::size_t total = 0;
  for (std::size_t& count : first_edge) {
    const std::size_t n = count;
    count = total;
    total += n;
  }
  std::vector<std::pair<std::uint32_t, T>> edges(total);
  {
    std::vector<std::size_t> next(first_edge.begin(), first_edge.end() - 1);
    for (auto& found : spills) {
      for (const auto& [key, level] : found) {
        const auto a = static_cast<std::uint32_t>(key >> 32);
        const auto b = static_cast<std::uint32_t>(key & 0xffffffffu);
        edges[next[a]++] = {b, level};
        edges[next[b]++] = {a, level};
      }
      found = {};
    }
  }
  std::vector<T> water(label_count, T{});
  std::vector<std::uint8_t> settled(label_count, 0);
  using Entry = std::pair<T, std::uint32_t>;
  const auto later = [](const Entry& a, const Entry& b) {
    return b.first < a.first;
  };
  std::priority_queue<Entry, std::vector<Entry>, decltype(later)> queue(later);
  settled[fill_label_outside] = 1;
  for (std::size_t e = first_edge[fill_label_outside];
       e < first_edge[fill_label_outside + 1]; ++e) {
    queue.push({edges[e].second, edges[e].first});
  }
  while (!queue.empty()) {
    const auto [level, l] = queue.top();
    queue.pop();
    if (settled[l] != 0) {
      continue;
    }
    settled[l] = 1;
    water[l] = level;
    for (std::size_t e = first_edge[l]; e < first_edge[l + 1]; ++e) {
      if (settled[edges[e].first] == 0) {
        queue.push({higher_of(level, edges[e].second), edges[e].first});
      }
    }
  }
  edges = {};

  // 4. Raise each cell to its label's water level.
  for_each_strip(strips, threads, shared, [&](std::size_t s, bool) {
    std::size_t raised = 0;
    for (std::size_t i = strip_start(s) * cols; i < strip_start(s + 1) * cols;
         ++i) {
      const std::uint32_t own = label[i];
      if (own == fill_label_none || own == fill_label_outside) {
        continue;
      }
      const std::uint32_t l = global_label(own, s);
      if (settled[l] != 0 && dem[i] < water[l]) {
        raised += (flags[i] & fill_raised) != 0 ? 0 : 1;
        dem[i] = positive_zero(water[l]);
      }
    }
    raised_in_strip[s] += raised;
  });
  reporter.finish();
  std::size_t raised = 0;
  for (const std::size_t count : raised_in_strip) {
    raised += count;
  }
  return raised;
}

// The tiled fill with a given number of strips, which tests set apart from
// the thread count.
template <typename T>
std::size_t fill_depressions_in_strips(GridView<T> dem, std::size_t strips,
                                       int threads,
                                       const ProgressCallback& progress = {}) {
  require_thread_count(threads);
  return with_contiguous(dem, [&](GridView<T> grid) -> std::size_t {
    if (grid.empty()) {
      return 0;
    }
    if (fits_32bit_index(grid.size())) {
      return tiled_priority_flood<T, std::uint32_t>(grid.data(), grid.rows(),
                                                    grid.cols(), grid.nodata(),
                                                    strips, threads, progress);
    }
    return tiled_priority_flood<T, std::uint64_t>(grid.data(), grid.rows(),
                                                  grid.cols(), grid.nodata(),
                                                  strips, threads, progress);
  });
}

// Strips per thread of the tiled fill, so that a thread finishing early
// takes another strip.
inline constexpr std::size_t fill_strips_per_thread = 4;

} // namespace detail

// Fills the depressions of `dem` in place and returns the number of cells
// raised. See the top of this header for the rules. With `threads` above 1
// and FillMode::exact, the tiled fill runs on that many OpenMP threads and
// gives the same cells as the serial fill. FillMode::epsilon always runs
// on the calling thread, as does everything without OpenMP.
template <typename T>
std::size_t fill_depressions(GridView<T> dem, FillMode mode = FillMode::exact,
                             const ProgressCallback& progress = {},
                             int threads = 1) {
  static_assert(!std::is_const_v<T>, "fill_depressions modifies the DEM");
  detail::require_thread_count(threads);
  if (threads > 1 && mode == FillMode::exact) {
    return detail::fill_depressions_in_strips(
        dem, static_cast<std::size_t>(threads) * detail::fill_strips_per_thread,
        threads, progress);
  }
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
                             const ProgressCallback& progress = {},
                             int threads = 1) {
  return fill_depressions(dem.view(), mode, progress, threads);
}

} // namespace georiviere
