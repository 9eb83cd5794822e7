// Stream cells by upstream-area threshold, and their vectorisation into
// stream links.
//
// A stream cell is a valid cell whose upstream area (raster/
// flow_accumulation.hpp, the cell itself included) is at least a threshold
// in km^2. A threshold in km^2 rather than in cells keeps the network the
// same when the DEM is resampled, and on a geographic grid it follows the
// per-row ellipsoidal cell areas of raster/cell_area.hpp.
//
// Links follow TauDEM's StreamNet (Tarboton, "Terrain Analysis Using
// Digital Elevation Models", Utah State University): a link is the chain of
// stream cells between two nodes, and the nodes are
// - heads: stream cells that no stream cell drains into;
// - confluences: stream cells that two or more stream cells drain into. A
//   confluence cell is a single node however many streams meet there, so
//   three streams joining in one cell give three links ending at that cell
//   and one link starting from it, never a link of zero length;
// - outlets: stream cells whose direction leaves the grid or enters a
//   nodata cell, and pits (valid cells with d8_no_flow).
// A link starts at a head or a confluence and runs down to the next
// confluence, outlet or pit, both end cells included. Links are numbered in
// the row-major order of their first cell.
//
// Special cases:
// - A head that is itself an outlet (an edge cell whose own area reaches
//   the threshold) gives a link of one cell. Its geometry (in
//   raster/stream_network.hpp) runs from the cell centre to the cell edge in
//   the flow direction, so it has a length.
// - A head that is a pit has no direction to draw, so it gives no link, and
//   StreamLinks::dropped_pit_heads counts it. Depression filling leaves no
//   pit, so this happens only with directions from elsewhere.
//
// Complexity: O(n) time over the grid plus O(8 s) for the s stream cells;
// memory O(number of links). Links store their first cell and cell count,
// not the cells: for_each_link_cell walks them again along the directions.
// Bad input: grids of different shapes, or a threshold that is not a
// positive finite number, raise InvalidInputError.
//
// Thresholds by location (StreamThreshold): boxes of the grid's CRS, each
// with its own threshold, over a default threshold. A cell is then a stream
// cell when its upstream area reaches the threshold of the first box that
// contains its centre, or the default when none does. Each cell test walks
// the boxes, so no per-cell threshold grid is allocated. The upstream area
// grows downstream but the threshold may grow faster, so a stream cell may
// drain into a valid cell that is not a stream cell: the link ends at the
// stream cell as at an outlet (LinkEnd::outlet), and a stream further down
// starts again at a head.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/progress.hpp"
#include "georiviere/detail/raster_common.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

// Kind of the last cell of a link.
enum class LinkEnd {
  confluence, // at a cell where it joins other links and the flow goes on
  outlet,     // at a cell whose direction leaves the grid or enters nodata
  pit         // at a valid cell with d8_no_flow
};

// One stream link. Cells are flat indices row * cols + col.
struct StreamLink {
  std::int64_t id = -1;
  std::size_t first_cell = 0;
  std::size_t last_cell = 0;
  std::size_t cell_count = 0; // from first_cell to last_cell, both included
  LinkEnd end = LinkEnd::outlet;
  // True when two or more stream cells drain into last_cell, which then
  // belongs to the link leaving it (or, at an outlet or pit, to the first
  // link reaching it).
  bool ends_at_junction = false;
  std::int64_t downstream_link = -1; // the link starting at last_cell
  // Upstream area at first_cell (km^2).
  double upstream_area_km2 = 0.0;
  // Upstream area at the downstream end (km^2): at last_cell, except when
  // the link ends at a junction, where it is the area of the cell just above
  // last_cell. The upstream_area_km2 of the link leaving the junction is
  // then the sum of its inflowing links' values, of the areas of the
  // non-stream cells draining into the junction cell, and of that cell's
  // own area.
  double downstream_area_km2 = 0.0;
  // DEM values at first_cell and last_cell, in the DEM's unit.
  double upstream_elevation = 0.0;
  double downstream_elevation = 0.0;
};

// The links of a grid, with the grid shape they index.
struct StreamLinks {
  std::size_t rows = 0;
  std::size_t cols = 0;
  GeoTransform transform;
  double threshold_km2 = 0.0;
  std::size_t stream_cell_count = 0;
  std::size_t dropped_pit_heads = 0;
  std::vector<StreamLink> links;
};

// True when `upstream_area_km2` (NaN for nodata) reaches the threshold.
inline bool is_stream_area(double upstream_area_km2, double threshold_km2) {
  return upstream_area_km2 >= threshold_km2;
}

// Cells of one grid, such as those whose centres lie in a polygon, stored
// as column ranges row by row.
struct CellSpans {
  std::size_t first_row = 0;
  // rows[r - first_row]: sorted, disjoint [begin, end) column ranges of
  // grid row r.
  std::vector<std::vector<std::pair<std::size_t, std::size_t>>> rows;

  bool contains(std::size_t row, std::size_t col) const {
    if (row < first_row || row - first_row >= rows.size()) {
      return false;
    }
    const auto& spans = rows[row - first_row];
    // The first span that ends after `col`.
    const auto span = std::upper_bound(
        spans.begin(), spans.end(), col,
        [](std::size_t value, const std::pair<std::size_t, std::size_t>& s) {
          return value < s.second;
        });
    return span != spans.end() && span->first <= col;
  }
};

// A stream threshold for the cells whose centres lie in a box of the
// grid's CRS, edges included. When `cells` is set, only the cells it lists
// in the box take the threshold: a polygon override drawn on the grid.
struct ThresholdBox {
  double min_x = 0.0;
  double min_y = 0.0;
  double max_x = 0.0;
  double max_y = 0.0;
  double threshold_km2 = 0.0;
  // Not owned: the spans must outlive every copy of the box.
  const CellSpans* cells = nullptr;

  bool contains(double x, double y) const {
    return x >= min_x && x <= max_x && y >= min_y && y <= max_y;
  }
};

// The threshold of each cell: that of the first box containing the cell
// centre, else the default. Without boxes, the default everywhere.
struct StreamThreshold {
  double default_km2 = 1.0;
  std::vector<ThresholdBox> boxes;

  double at(const GeoTransform& transform, std::size_t row,
            std::size_t col) const {
    if (boxes.empty()) {
      return default_km2;
    }
    const auto [x, y] = transform.cell_centre(row, col);
    for (const ThresholdBox& box : boxes) {
      if (box.contains(x, y) &&
          (box.cells == nullptr || box.cells->contains(row, col))) {
        return box.threshold_km2;
      }
    }
    return default_km2;
  }

  // The smallest threshold of any cell: below it no cell is a stream cell.
  double smallest() const {
    double result = default_km2;
    for (const ThresholdBox& box : boxes) {
      result = std::min(result, box.threshold_km2);
    }
    return result;
  }
};

namespace detail {

inline constexpr std::size_t no_downstream =
    std::numeric_limits<std::size_t>::max();

inline void require_valid_threshold(double threshold_km2) {
  if (!(threshold_km2 > 0.0) || !std::isfinite(threshold_km2)) {
    throw InvalidInputError("invalid stream threshold " +
                            std::to_string(threshold_km2) +
                            " km2: give an upstream area above 0");
  }
}

inline void require_valid_threshold(const StreamThreshold& threshold) {
  require_valid_threshold(threshold.default_km2);
  for (const ThresholdBox& box : threshold.boxes) {
    require_valid_threshold(box.threshold_km2);
    if (!(box.min_x <= box.max_x) || !(box.min_y <= box.max_y)) {
      throw InvalidInputError(
          "invalid stream threshold box: its minimum corner (" +
          std::to_string(box.min_x) + ", " + std::to_string(box.min_y) +
          ") is not below its maximum corner (" + std::to_string(box.max_x) +
          ", " + std::to_string(box.max_y) + "); swap the corners");
    }
  }
}

// Flat index of the cell that cell `i` drains to, or no_downstream when the
// direction is d8_no_flow, leaves the grid or enters a nodata cell (or the
// cell itself is nodata).
inline std::size_t downstream_cell(const GridView<const std::uint8_t>& dirs,
                                   std::size_t i) {
  const std::size_t cols = dirs.cols();
  const std::size_t r = i / cols;
  const std::size_t c = i - r * cols;
  const std::uint8_t d = dirs(r, c);
  if (d > 7) {
    return no_downstream;
  }
  const std::size_t nr = r + static_cast<std::size_t>(d8_row_offsets[d]);
  const std::size_t nc = c + static_cast<std::size_t>(d8_col_offsets[d]);
  if (nr >= dirs.rows() || nc >= cols || dirs(nr, nc) == d8_nodata) {
    return no_downstream;
  }
  return nr * cols + nc;
}

// Counts the stream cells that drain into cell (r, c), stopping at 2.
inline int count_stream_inflows(const GridView<const std::uint8_t>& dirs,
                                const GridView<const double>& area,
                                const StreamThreshold& threshold, std::size_t r,
                                std::size_t c) {
  int count = 0;
  for (int d = 0; d < 8; ++d) {
    const auto nr = static_cast<std::ptrdiff_t>(r) + d8_row_offsets[d];
    const auto nc = static_cast<std::ptrdiff_t>(c) + d8_col_offsets[d];
    if (!dirs.contains(nr, nc)) {
      continue;
    }
    const auto ur = static_cast<std::size_t>(nr);
    const auto uc = static_cast<std::size_t>(nc);
    if (dirs(ur, uc) == reverse_direction(d) &&
        is_stream_area(area(ur, uc), threshold.at(dirs.transform(), ur, uc)) &&
        ++count == 2) {
      return count;
    }
  }
  return count;
}

} // namespace detail

// Returns 1 for stream cells, 0 for other valid cells and 255 (the nodata
// value) for cells whose upstream area is NaN. Throws InvalidInputError for
// a threshold that is not positive and finite.
inline Grid<std::uint8_t> stream_cells(GridView<const double> upstream_area,
                                       const StreamThreshold& threshold) {
  detail::require_valid_threshold(threshold);
  Grid<std::uint8_t> streams(upstream_area.rows(), upstream_area.cols(), 0,
                             std::uint8_t{255});
  streams.set_transform(upstream_area.transform());
  for (std::size_t r = 0; r < upstream_area.rows(); ++r) {
    for (std::size_t c = 0; c < upstream_area.cols(); ++c) {
      const double area = upstream_area(r, c);
      if (std::isnan(area)) {
        streams(r, c) = 255;
      } else {
        streams(r, c) =
            is_stream_area(area, threshold.at(upstream_area.transform(), r, c))
                ? 1
                : 0;
      }
    }
  }
  return streams;
}

inline Grid<std::uint8_t> stream_cells(GridView<const double> upstream_area,
                                       double threshold_km2) {
  return stream_cells(upstream_area, StreamThreshold{threshold_km2, {}});
}

// Calls f(cell) for the flat index of each cell of `link`, from first_cell
// down to last_cell, following `directions`.
template <typename F>
void for_each_link_cell(const StreamLink& link,
                        GridView<const std::uint8_t> directions, F&& f) {
  std::size_t cell = link.first_cell;
  for (std::size_t k = 0; k < link.cell_count; ++k) {
    f(cell);
    if (k + 1 < link.cell_count) {
      cell = detail::downstream_cell(directions, cell);
    }
  }
}

// Traces the stream links of `directions` (internal D8 encoding) where
// `upstream_area_km2` reaches the threshold of each cell, reading the link
// end elevations from `dem`; box thresholds use the transform of
// `directions`. See the top of this header for the rules. Throws
// InvalidInputError for grids of different shapes or an invalid threshold,
// and CancelledError when the progress callback returns false.
template <typename T>
StreamLinks extract_stream_links(GridView<const std::uint8_t> directions,
                                 GridView<const double> upstream_area_km2,
                                 GridView<const T> dem,
                                 const StreamThreshold& threshold,
                                 const ProgressCallback& progress = {}) {
  detail::require_same_shape(directions, upstream_area_km2, "flow direction",
                             "upstream area");
  detail::require_same_shape(directions, dem, "flow direction", "DEM");
  detail::require_valid_threshold(threshold);
  const GridView<const double>& area = upstream_area_km2;
  const std::size_t rows = directions.rows();
  const std::size_t cols = directions.cols();

  StreamLinks result;
  result.rows = rows;
  result.cols = cols;
  result.transform = directions.transform();
  result.threshold_km2 = threshold.default_km2;

  const auto area_at = [&](std::size_t i) { return area(i / cols, i % cols); };
  const auto elevation_at = [&](std::size_t i) {
    return static_cast<double>(dem(i / cols, i % cols));
  };
  // The cell that stream cell `i` drains to when it is a stream cell, else
  // no_downstream. With one threshold everywhere it always is.
  const auto downstream_stream_cell = [&](std::size_t i) {
    const std::size_t next = detail::downstream_cell(directions, i);
    if (next == detail::no_downstream ||
        is_stream_area(area_at(next), threshold.at(directions.transform(),
                                                   next / cols, next % cols))) {
      return next;
    }
    return detail::no_downstream;
  };
  const auto inflows_at = [&](std::size_t i) {
    return detail::count_stream_inflows(directions, area, threshold, i / cols,
                                        i % cols);
  };

  ProgressReporter reporter(progress, "tracing stream links", rows);
  std::unordered_map<std::size_t, std::int64_t> link_starting_at;
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      if (!is_stream_area(area(r, c),
                          threshold.at(directions.transform(), r, c))) {
        continue;
      }
      ++result.stream_cell_count;
      const std::size_t start = r * cols + c;
      const int inflows =
          detail::count_stream_inflows(directions, area, threshold, r, c);
      if (inflows == 1) {
        continue;
      }
      std::size_t next = downstream_stream_cell(start);
      const bool pit = directions(r, c) == d8_no_flow;
      if (next == detail::no_downstream && (inflows >= 2 || pit)) {
        // A confluence that is also an outlet or pit starts no link, and a
        // head that is a pit has nothing to draw.
        result.dropped_pit_heads += inflows == 0 ? 1 : 0;
        continue;
      }

      StreamLink link;
      link.id = static_cast<std::int64_t>(result.links.size());
      link.first_cell = start;
      link.cell_count = 1;
      link.upstream_area_km2 = area(r, c);
      link.upstream_elevation = static_cast<double>(dem(r, c));
      std::size_t previous = start;
      std::size_t cell = start;
      while (next != detail::no_downstream) {
        previous = cell;
        cell = next;
        ++link.cell_count;
        next = downstream_stream_cell(cell);
        if (inflows_at(cell) >= 2) {
          link.ends_at_junction = true;
          break;
        }
      }
      link.last_cell = cell;
      if (link.ends_at_junction && next != detail::no_downstream) {
        link.end = LinkEnd::confluence;
      } else {
        const std::size_t lr = cell / cols;
        link.end = directions(lr, cell - lr * cols) == d8_no_flow
                       ? LinkEnd::pit
                       : LinkEnd::outlet;
      }
      link.downstream_area_km2 =
          area_at(link.ends_at_junction ? previous : cell);
      link.downstream_elevation = elevation_at(cell);
      link_starting_at.emplace(start, link.id);
      result.links.push_back(link);
    }
    reporter.update(r + 1);
  }

  for (StreamLink& link : result.links) {
    if (link.end != LinkEnd::confluence) {
      continue;
    }
    const auto found = link_starting_at.find(link.last_cell);
    if (found != link_starting_at.end()) {
      link.downstream_link = found->second;
    }
  }
  reporter.finish();
  return result;
}

template <typename T>
StreamLinks extract_stream_links(GridView<const std::uint8_t> directions,
                                 GridView<const double> upstream_area_km2,
                                 GridView<const T> dem, double threshold_km2,
                                 const ProgressCallback& progress = {}) {
  return extract_stream_links(directions, upstream_area_km2, dem,
                              StreamThreshold{threshold_km2, {}}, progress);
}

template <typename T>
requires(!std::is_const_v<T>) StreamLinks
    extract_stream_links(GridView<const std::uint8_t> directions,
                         GridView<const double> upstream_area_km2,
                         GridView<T> dem, double threshold_km2,
                         const ProgressCallback& progress = {}) {
  return extract_stream_links(directions, upstream_area_km2,
                              GridView<const T>(dem), threshold_km2, progress);
}

template <typename T>
requires(!std::is_const_v<T>) StreamLinks
    extract_stream_links(GridView<const std::uint8_t> directions,
                         GridView<const double> upstream_area_km2,
                         GridView<T> dem, const StreamThreshold& threshold,
                         const ProgressCallback& progress = {}) {
  return extract_stream_links(directions, upstream_area_km2,
                              GridView<const T>(dem), threshold, progress);
}

} // namespace georiviere
