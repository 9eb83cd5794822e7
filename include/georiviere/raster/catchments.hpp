// Catchment labels: the sub-catchment of each stream link, outlet snapping,
// and the catchments of given outlet points.
//
// Sub-catchments (label_link_catchments): every valid cell gets the label of
// the first link its flow path meets, link id + 1. A link owns its cells
// except the last when another link starts there: a confluence cell belongs
// to the link leaving it. Cells whose flow leaves the grid, enters nodata or
// ends in a pit without meeting a stream get no_stream_label(links), so the
// labels cover every valid cell and the catchment areas add up to the area
// of the valid cells. Nodata cells get 0.
//
// Outlet snapping (snap_outlets): each point moves to the stream cell with
// the largest upstream area among the stream cells whose centre lies within
// the snap distance, and the stream cell containing the point. Ties go to
// the nearer cell, then to the first in row-major order. A point with no
// such cell is not snapped, and the caller reports it.
//
// Outlet catchments (label_outlet_catchments): every valid cell gets the
// label (index + 1) of the first snapped outlet its flow path reaches. So
// the catchments of nested outlets do not overlap, and the downstream
// outlet's catchment stops at the upstream outlet, as in TauDEM's
// GageWatershed. Cells that reach no outlet get 0.
//
// Labelling walks down each unlabelled cell's flow path to the first
// labelled cell and gives the whole path that label, so every cell is
// walked once: O(n) time, plus a path stack as long as the longest flow
// path. Bad input: grids of different shapes raise InvalidInputError.
#pragma once

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/cell_area.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"
#include "georiviere/raster/streams.hpp"

namespace georiviere {

// Label of the cells that meet no stream: the link count + 1.
inline std::uint32_t no_stream_label(const StreamLinks& links) {
  return static_cast<std::uint32_t>(links.links.size() + 1);
}

// Area of the cells of a grid: one value for every cell of a projected
// grid, or one per row for a geographic grid.
struct GridCellAreas {
  double uniform_km2 = 0.0;
  std::vector<double> row_km2; // used when not empty

  double at_row(std::size_t row) const {
    return row_km2.empty() ? uniform_km2 : row_km2[row];
  }
};

namespace detail {

// Gives every valid unlabelled cell the label of the first labelled cell on
// its flow path, or `fallback` when the path ends unlabelled, on up to
// `threads` OpenMP threads taking rows in chunks (for_each_row). A cell's
// label depends only on its flow path, so the result is the same for any
// thread count: two threads that walk the same path write the same label,
// through relaxed atomic accesses. A walk that comes back to a cell of its
// own path, found by Brent's cycle detection without extra memory, stops
// the labelling with InvalidInputError: directions from
// d8_flow_directions and resolve_flats never form a cycle, but a caller's
// own directions can.
inline void label_by_descent(const GridView<const std::uint8_t>& dirs,
                             std::vector<std::uint32_t>& labels,
                             std::uint32_t fallback, ProgressReporter& reporter,
                             int threads = 1) {
  require_thread_count(threads);
  const std::size_t rows = dirs.rows();
  const std::size_t cols = dirs.cols();
  const auto label_at = [&labels](std::size_t cell) {
    return std::atomic_ref<std::uint32_t>(labels[cell])
        .load(std::memory_order_relaxed);
  };
  std::atomic<bool> cycle{false};
  std::atomic<std::size_t> cycle_cell{0};
  const auto label_row = [&](std::size_t r) {
    thread_local std::vector<std::size_t> path;
    if (cycle.load(std::memory_order_relaxed)) {
      return;
    }
    for (std::size_t c = 0; c < cols; ++c) {
      std::size_t cell = r * cols + c;
      if (label_at(cell) != 0 || dirs(r, c) == d8_nodata) {
        continue;
      }
      // Follow the flow path, keeping its row and column so that no step
      // divides a flat index.
      std::size_t path_row = r;
      std::size_t path_col = c;
      std::uint32_t label = fallback;
      // Brent: `mark` is the path's cell at the last power of two steps.
      std::size_t mark = cell;
      std::size_t power = 1;
      std::size_t steps = 0;
      bool looped = false;
      while (true) {
        path.push_back(cell);
        const std::uint8_t d = dirs(path_row, path_col);
        if (d > 7) {
          break;
        }
        const std::size_t next_row = path_row + d8_row_offsets[d];
        const std::size_t next_col = path_col + d8_col_offsets[d];
        if (next_row >= rows || next_col >= cols ||
            dirs(next_row, next_col) == d8_nodata) {
          break;
        }
        path_row = next_row;
        path_col = next_col;
        cell = next_row * cols + next_col;
        const std::uint32_t found = label_at(cell);
        if (found != 0) {
          label = found;
          break;
        }
        if (cell == mark) {
          looped = true;
          break;
        }
        if (++steps == power) {
          mark = cell;
          power *= 2;
          steps = 0;
        }
      }
      if (looped) {
        cycle_cell.store(cell, std::memory_order_relaxed);
        cycle.store(true, std::memory_order_relaxed);
        path.clear();
        return;
      }
      for (const std::size_t visited : path) {
        std::atomic_ref<std::uint32_t>(labels[visited])
            .store(label, std::memory_order_relaxed);
      }
      path.clear();
    }
  };
  for_each_row(rows, threads, label_row, [&](std::size_t rows_done) {
    reporter.update(rows_done * cols);
  });
  if (cycle.load()) {
    const std::size_t at = cycle_cell.load();
    throw InvalidInputError(
        "flow directions contain a cycle through the cell at row " +
        std::to_string(at / cols) + ", column " + std::to_string(at % cols) +
        ", so its flow never reaches an outlet; recompute the directions "
        "from a depression-filled DEM");
  }
}

inline Grid<std::uint32_t>&
reset_labels(Grid<std::uint32_t>& labels,
             const GridView<const std::uint8_t>& d) {
  if (labels.rows() != d.rows() || labels.cols() != d.cols()) {
    labels = Grid<std::uint32_t>(d.rows(), d.cols(), 0, std::uint32_t{0});
  } else {
    std::fill(labels.cells().begin(), labels.cells().end(), 0);
    labels.set_nodata(std::uint32_t{0});
  }
  labels.set_transform(d.transform());
  return labels;
}

} // namespace detail

// Labels the sub-catchment of every link of `links` into `labels`, which is
// reused when it has the right shape (see the top of this header). Runs on
// up to `threads` OpenMP threads, and the labels do not depend on the
// thread count. Throws InvalidInputError when `links` was traced on a grid
// of another shape or when `threads` is below 1.
inline void label_link_catchments(GridView<const std::uint8_t> directions,
                                  const StreamLinks& links,
                                  Grid<std::uint32_t>& labels,
                                  const ProgressCallback& progress = {},
                                  int threads = 1) {
  if (links.rows != directions.rows() || links.cols != directions.cols()) {
    throw InvalidInputError(
        "stream links were traced on a " + std::to_string(links.rows) + " x " +
        std::to_string(links.cols) + " grid but the flow directions are " +
        std::to_string(directions.rows()) + " x " +
        std::to_string(directions.cols()) + ": use the same grid");
  }
  detail::reset_labels(labels, directions);
  std::vector<std::uint32_t>& cells = labels.cells();
  ProgressReporter reporter(progress, "labelling sub-catchments", cells.size());
  for (const StreamLink& link : links.links) {
    const auto label = static_cast<std::uint32_t>(link.id + 1);
    std::size_t k = 0;
    for_each_link_cell(link, directions, [&](std::size_t cell) {
      const bool last = ++k == link.cell_count;
      if (!last || link.downstream_link < 0) {
        if (cells[cell] == 0) {
          cells[cell] = label;
        }
      }
    });
  }
  detail::label_by_descent(directions, cells, no_stream_label(links), reporter,
                           threads);
  reporter.finish();
}

inline Grid<std::uint32_t>
label_link_catchments(GridView<const std::uint8_t> directions,
                      const StreamLinks& links,
                      const ProgressCallback& progress = {}, int threads = 1) {
  Grid<std::uint32_t> labels;
  label_link_catchments(directions, links, labels, progress, threads);
  return labels;
}

// Returns the area in km^2 of each label from 0 to `max_label`, summing
// the areas of its cells. Labels above max_label are ignored.
inline std::vector<double> label_areas_km2(GridView<const std::uint32_t> labels,
                                           std::uint32_t max_label,
                                           const GridCellAreas& areas) {
  std::vector<double> totals(static_cast<std::size_t>(max_label) + 1, 0.0);
  for (std::size_t r = 0; r < labels.rows(); ++r) {
    const std::uint32_t* row = labels.row(r);
    const double cell_area = areas.at_row(r);
    for (std::size_t c = 0; c < labels.cols(); ++c) {
      if (row[c] <= max_label) {
        totals[row[c]] += cell_area;
      }
    }
  }
  return totals;
}

// A point to snap, in the CRS of the grid.
struct OutletPoint {
  std::int64_t fid = -1; // feature id in the source, or the caller's id
  Point position;
};

// A point after snapping. `row` and `col` are meaningful when `snapped`.
struct SnappedOutlet {
  std::int64_t fid = -1;
  Point position; // as given, in the CRS of the grid
  bool snapped = false;
  std::size_t row = 0;
  std::size_t col = 0;
  double distance_m = 0.0; // from the point to the cell centre
  double upstream_area_km2 =
      0.0; // of the snapped cell, nested outlets included
};

// Snaps each point to a stream cell (see the top of this header).
// `cell_sizes` gives the cell width and height in metres of each row, as
// geographic_cell_sizes_m does for a grid in degrees. The geotransform must
// be north-up. Distances are measured with the sizes of the point's row, so
// on a geographic grid they are accurate while the snap distance is small
// against the Earth's radius. Throws InvalidInputError for a negative or
// non-finite distance, a rotated grid or sizes with the wrong row count.
inline std::vector<SnappedOutlet>
snap_outlets(std::span<const OutletPoint> points,
             GridView<const double> upstream_area_km2, double threshold_km2,
             const RowCellSizes& cell_sizes, double max_distance_m) {
  const GridView<const double>& area = upstream_area_km2;
  const std::size_t rows = area.rows();
  const std::size_t cols = area.cols();
  if (!(max_distance_m >= 0.0) || !std::isfinite(max_distance_m)) {
    throw InvalidInputError("invalid snap distance " +
                            std::to_string(max_distance_m) +
                            " m: give a distance of 0 or more");
  }
  if (!area.transform().is_north_up()) {
    throw InvalidInputError("outlet snapping needs a north-up grid: warp the "
                            "DEM to a grid without rotation first");
  }
  if (cell_sizes.width_m.size() != rows || cell_sizes.height_m.size() != rows) {
    throw InvalidInputError("outlet snapping needs one cell width and height "
                            "per row: got " +
                            std::to_string(cell_sizes.width_m.size()) +
                            " for " + std::to_string(rows) + " rows");
  }
  detail::require_valid_threshold(threshold_km2);

  const GeoTransform& t = area.transform();
  std::vector<SnappedOutlet> result;
  result.reserve(points.size());
  for (const OutletPoint& point : points) {
    SnappedOutlet outlet;
    outlet.fid = point.fid;
    outlet.position = point.position;
    result.push_back(outlet);
    if (rows == 0 || cols == 0) {
      continue;
    }
    // Position in fractional cells, cell centres at k + 0.5.
    const double fc = (point.position.x - t.origin_x) / t.pixel_width;
    const double fr = (point.position.y - t.origin_y) / t.pixel_height;
    if (!std::isfinite(fc) || !std::isfinite(fr)) {
      continue;
    }
    const double clamped_row =
        std::clamp(std::floor(fr), 0.0, static_cast<double>(rows - 1));
    const auto point_row = static_cast<std::size_t>(clamped_row);
    const double width = cell_sizes.width_m[point_row];
    const double height = cell_sizes.height_m[point_row];
    const double reach_cols = std::ceil(max_distance_m / width) + 1.0;
    const double reach_rows = std::ceil(max_distance_m / height) + 1.0;
    const double r0 = std::max(0.0, std::floor(fr) - reach_rows);
    const double r1 =
        std::min(static_cast<double>(rows) - 1.0, std::floor(fr) + reach_rows);
    const double c0 = std::max(0.0, std::floor(fc) - reach_cols);
    const double c1 =
        std::min(static_cast<double>(cols) - 1.0, std::floor(fc) + reach_cols);
    if (r0 > r1 || c0 > c1) {
      continue;
    }

    SnappedOutlet& best = result.back();
    double best_area = -1.0;
    for (auto r = static_cast<std::size_t>(r0);
         r <= static_cast<std::size_t>(r1); ++r) {
      for (auto c = static_cast<std::size_t>(c0);
           c <= static_cast<std::size_t>(c1); ++c) {
        const double cell_area = area(r, c);
        if (!is_stream_area(cell_area, threshold_km2)) {
          continue;
        }
        const double dx = (static_cast<double>(c) + 0.5 - fc) * width;
        const double dy = (static_cast<double>(r) + 0.5 - fr) * height;
        const double d = std::hypot(dx, dy);
        const bool contains = std::floor(fr) == static_cast<double>(r) &&
                              std::floor(fc) == static_cast<double>(c);
        if (d > max_distance_m && !contains) {
          continue;
        }
        if (cell_area > best_area ||
            (cell_area == best_area && d < best.distance_m)) {
          best_area = cell_area;
          best.snapped = true;
          best.row = r;
          best.col = c;
          best.distance_m = d;
          best.upstream_area_km2 = cell_area;
        }
      }
    }
  }
  return result;
}

// Result of label_outlet_catchments for each outlet, by outlet index.
struct OutletCatchmentInfo {
  // Index of the outlet whose label covers this outlet's cell: itself, an
  // earlier outlet snapped to the same cell, or -1 when not snapped.
  std::vector<std::int64_t> catchment_of;
  // Index of the next outlet downstream, or -1.
  std::vector<std::int64_t> downstream_outlet;
};

// Labels the catchment of each snapped outlet into `labels` (index + 1),
// reusing it when it has the right shape, on up to `threads` OpenMP
// threads as label_link_catchments does. See the top of this header.
inline OutletCatchmentInfo label_outlet_catchments(
    GridView<const std::uint8_t> directions,
    std::span<const SnappedOutlet> outlets, Grid<std::uint32_t>& labels,
    const ProgressCallback& progress = {}, int threads = 1) {
  detail::reset_labels(labels, directions);
  std::vector<std::uint32_t>& cells = labels.cells();
  const std::size_t cols = directions.cols();
  OutletCatchmentInfo info;
  info.catchment_of.assign(outlets.size(), -1);
  info.downstream_outlet.assign(outlets.size(), -1);
  for (std::size_t k = 0; k < outlets.size(); ++k) {
    const SnappedOutlet& outlet = outlets[k];
    if (!outlet.snapped || outlet.row >= directions.rows() ||
        outlet.col >= cols || directions(outlet.row, outlet.col) == d8_nodata) {
      continue;
    }
    std::uint32_t& label = cells[outlet.row * cols + outlet.col];
    if (label == 0) {
      label = static_cast<std::uint32_t>(k + 1);
    }
    info.catchment_of[k] = static_cast<std::int64_t>(label) - 1;
  }

  ProgressReporter reporter(progress, "labelling outlet catchments",
                            cells.size());
  constexpr std::uint32_t unreached = std::numeric_limits<std::uint32_t>::max();
  detail::label_by_descent(directions, cells, unreached, reporter, threads);
  for (std::uint32_t& label : cells) {
    if (label == unreached) {
      label = 0;
    }
  }
  for (std::size_t k = 0; k < outlets.size(); ++k) {
    if (info.catchment_of[k] != static_cast<std::int64_t>(k)) {
      continue;
    }
    const std::size_t below = detail::downstream_cell(
        directions, outlets[k].row * cols + outlets[k].col);
    if (below != detail::no_downstream && cells[below] != 0) {
      info.downstream_outlet[k] = static_cast<std::int64_t>(cells[below]) - 1;
    }
  }
  reporter.finish();
  return info;
}

} // namespace georiviere
