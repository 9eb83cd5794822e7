// Drawing a region profile's stream thresholds on a DEM grid; see
// region/stream_thresholds.hpp.
#include "georiviere/region/stream_thresholds.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "georiviere/core/error.hpp"
#include "georiviere/detail/error_prefix.hpp"
#include "georiviere/io/polygon_reader.hpp"
#include "georiviere/raster/stream_network.hpp"

namespace georiviere {
namespace {

using ColumnSpan = std::pair<std::size_t, std::size_t>;

// Column range [begin, end) of the cells whose centres x_c satisfy
// x0 <= x_c < x1, clamped to the grid.
ColumnSpan columns_between(double x0, double x1, const GeoTransform& transform,
                           std::size_t cols) {
  const auto column = [&](double x) {
    return (x - transform.origin_x) / transform.pixel_width - 0.5;
  };
  double begin = 0.0;
  double end = 0.0;
  if (transform.pixel_width > 0.0) {
    begin = std::ceil(column(x0));
    end = std::ceil(column(x1));
  } else {
    // Columns run westwards: the centres decrease with the column.
    begin = std::floor(column(x1)) + 1.0;
    end = std::floor(column(x0)) + 1.0;
  }
  const double limit = static_cast<double>(cols);
  begin = std::clamp(begin, 0.0, limit);
  end = std::clamp(end, 0.0, limit);
  return {static_cast<std::size_t>(begin),
          static_cast<std::size_t>(std::max(begin, end))};
}

// Appends to `crossings` the x where each edge of the ring crosses the
// horizontal line y, with the half-open rule of ring_encloses().
void ring_crossings(const Ring& ring, double y,
                    std::vector<double>& crossings) {
  const std::size_t n = ring.size();
  if (n < 3) {
    return;
  }
  for (std::size_t i = 0, j = n - 1; i < n; j = i++) {
    const Point& a = ring[i];
    const Point& b = ring[j];
    if ((a.y > y) != (b.y > y)) {
      crossings.push_back(a.x + (y - a.y) / (b.y - a.y) * (b.x - a.x));
    }
  }
}

// Sorts the spans of a row and merges those that overlap or touch.
void merge_spans(std::vector<ColumnSpan>& spans) {
  std::sort(spans.begin(), spans.end());
  std::vector<ColumnSpan> merged;
  for (const ColumnSpan& span : spans) {
    if (!merged.empty() && span.first <= merged.back().second) {
      merged.back().second = std::max(merged.back().second, span.second);
    } else {
      merged.push_back(span);
    }
  }
  spans = std::move(merged);
}

// Grid rows whose centres may lie between y0 and y1: [first, last], or
// first > last when none does.
std::pair<std::size_t, std::size_t> rows_between(double y0, double y1,
                                                 const GeoTransform& transform,
                                                 std::size_t rows) {
  const auto row = [&](double y) {
    return (y - transform.origin_y) / transform.pixel_height - 0.5;
  };
  const double low = std::floor(std::min(row(y0), row(y1)));
  const double high = std::ceil(std::max(row(y0), row(y1)));
  const double last_row = static_cast<double>(rows) - 1.0;
  if (high < 0.0 || low > last_row) {
    return {1, 0};
  }
  return {static_cast<std::size_t>(std::max(low, 0.0)),
          static_cast<std::size_t>(std::min(high, last_row))};
}

// Moves every vertex of the polygons from the working CRS of `referencing`
// into the grid's CRS, in one PROJ call.
void move_to_grid_crs(std::vector<MultiPolygon>& polygons,
                      const GridReferencing& referencing) {
  std::vector<double> x;
  std::vector<double> y;
  const auto for_each_ring = [&](auto&& visit) {
    for (MultiPolygon& polygon : polygons) {
      for (Polygon& part : polygon.parts) {
        visit(part.outer);
        for (Ring& hole : part.holes) {
          visit(hole);
        }
      }
    }
  };
  for_each_ring([&](Ring& ring) {
    for (const Point& point : ring) {
      x.push_back(point.x);
      y.push_back(point.y);
    }
  });
  transform_to_grid_crs(referencing, referencing.working_crs_wkt, x, y);
  std::size_t next = 0;
  for_each_ring([&](Ring& ring) {
    for (Point& point : ring) {
      point = {x[next], y[next]};
      ++next;
    }
  });
}

// Reads the polygons of one override into the grid's CRS.
PolygonLayer read_override_polygons(const RegionProfile& profile,
                                    const ThresholdOverride& entry,
                                    const GridReferencing& referencing) {
  PolygonReadOptions options;
  options.path = entry.polygon_path;
  options.layer = entry.polygon_layer;
  options.layer_option = "[[streams.overrides]] polygon_path and polygon_layer";
  options.where = entry.polygon_where;
  options.working_crs = referencing.working_crs_wkt;
  if (profile.epsg != 0) {
    options.layer_crs_if_missing = "EPSG:" + std::to_string(profile.epsg);
  } else if (!referencing.geographic) {
    options.layer_crs_if_missing = referencing.grid_crs_wkt;
  }

  const std::string prefix = "stream threshold override '" + entry.name +
                             "' of region profile '" + profile.name + "': ";
  PolygonLayer layer =
      detail::with_error_prefix(prefix, [&] { return read_polygons(options); });
  if (referencing.needs_transform) {
    move_to_grid_crs(layer.polygons, referencing);
  }
  return layer;
}

// The threshold box of a bbox override, in the grid's CRS.
ThresholdBox box_on_grid(const RegionProfile& profile,
                         const ThresholdOverride& entry,
                         const GridReferencing& referencing) {
  if (profile.epsg == 0 && referencing.geographic) {
    throw ConfigError(
        "profile " + profile.name +
        " gives stream threshold boxes but no epsg, and the DEM's CRS " +
        referencing.grid_crs_name +
        " is geographic; set epsg in the profile's [crs] table to the CRS "
        "of the boxes");
  }
  const RegionBox& box = *entry.bbox;
  std::vector<double> x = {box.min_x, box.max_x, box.max_x, box.min_x};
  std::vector<double> y = {box.min_y, box.min_y, box.max_y, box.max_y};
  if (profile.epsg != 0) {
    transform_to_grid_crs(referencing, "EPSG:" + std::to_string(profile.epsg),
                          x, y);
  }
  const auto [min_x, max_x] = std::minmax_element(x.begin(), x.end());
  const auto [min_y, max_y] = std::minmax_element(y.begin(), y.end());
  ThresholdBox result;
  result.min_x = *min_x;
  result.min_y = *min_y;
  result.max_x = *max_x;
  result.max_y = *max_y;
  result.threshold_km2 = entry.threshold_km2;
  return result;
}

} // namespace

CellSpans rasterize_polygons(const std::vector<MultiPolygon>& polygons,
                             const GeoTransform& transform, std::size_t rows,
                             std::size_t cols) {
  if (!transform.is_north_up()) {
    throw InvalidInputError("cannot draw polygons on a rotated grid; warp "
                            "the DEM to a north-up grid with gdalwarp");
  }
  CellSpans result;
  Box bounds;
  for (const MultiPolygon& polygon : polygons) {
    bounds.expand(polygon.bounds());
  }
  if (bounds.empty() || rows == 0 || cols == 0) {
    return result;
  }
  const auto [first, last] =
      rows_between(bounds.min_y, bounds.max_y, transform, rows);
  if (first > last) {
    return result;
  }
  result.first_row = first;
  result.rows.resize(last - first + 1);

  // Each part on its own rows, so that a small part costs only its rows.
  std::vector<double> crossings;
  for (const MultiPolygon& polygon : polygons) {
    for (const Polygon& part : polygon.parts) {
      const Box part_bounds = part.bounds();
      if (part_bounds.empty()) {
        continue;
      }
      const auto [part_first, part_last] =
          rows_between(part_bounds.min_y, part_bounds.max_y, transform, rows);
      for (std::size_t row = part_first; row <= part_last; ++row) {
        const double y = transform.origin_y + (static_cast<double>(row) + 0.5) *
                                                  transform.pixel_height;
        crossings.clear();
        ring_crossings(part.outer, y, crossings);
        for (const Ring& hole : part.holes) {
          ring_crossings(hole, y, crossings);
        }
        std::sort(crossings.begin(), crossings.end());
        for (std::size_t k = 0; k + 1 < crossings.size(); k += 2) {
          const ColumnSpan span =
              columns_between(crossings[k], crossings[k + 1], transform, cols);
          if (span.first < span.second) {
            result.rows[row - first].push_back(span);
          }
        }
      }
    }
  }
  for (std::vector<ColumnSpan>& spans : result.rows) {
    merge_spans(spans);
  }
  return result;
}

GridStreamThresholds stream_thresholds_on_grid(const RegionProfile& profile,
                                               const std::string& grid_crs,
                                               const GeoTransform& transform,
                                               std::size_t rows,
                                               std::size_t cols) {
  GridStreamThresholds result;
  result.threshold.default_km2 = profile.streams.threshold_km2;
  if (profile.streams.overrides.empty()) {
    return result;
  }
  const GridReferencing referencing =
      describe_grid_referencing(grid_crs, transform, rows, cols);

  for (const ThresholdOverride& entry : profile.streams.overrides) {
    GridThresholdOverride applied;
    applied.name = entry.name;
    applied.threshold_km2 = entry.threshold_km2;
    if (entry.bbox) {
      result.threshold.boxes.push_back(
          box_on_grid(profile, entry, referencing));
      result.overrides.push_back(std::move(applied));
      continue;
    }

    const PolygonLayer layer =
        read_override_polygons(profile, entry, referencing);
    auto spans = std::make_unique<CellSpans>(
        rasterize_polygons(layer.polygons, transform, rows, cols));
    applied.from_polygons = true;
    applied.polygons = layer.polygons.size();
    for (const auto& row : spans->rows) {
      for (const ColumnSpan& span : row) {
        applied.cells += span.second - span.first;
      }
    }
    Box bounds;
    for (const MultiPolygon& polygon : layer.polygons) {
      bounds.expand(polygon.bounds());
    }
    ThresholdBox box;
    box.min_x = bounds.min_x;
    box.min_y = bounds.min_y;
    box.max_x = bounds.max_x;
    box.max_y = bounds.max_y;
    box.threshold_km2 = entry.threshold_km2;
    box.cells = spans.get();
    result.threshold.boxes.push_back(box);
    result.spans.push_back(std::move(spans));
    result.overrides.push_back(std::move(applied));
  }
  return result;
}

} // namespace georiviere
