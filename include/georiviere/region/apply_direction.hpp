// Orients river lines downstream with the direction rules of a region
// profile.
//
// For each line the steps of the profile's direction chain are tried in
// order until one decides:
//   field       the direction field's value, looked up in the forward,
//               reverse, both and unknown lists (unlisted values take
//               `unlisted`); unknown passes to the next step;
//   z_fields    elevation fields at the first and last vertex (z_ini and
//               z_fin), so the line flows from the higher end. A drop of
//               `min_drop_m` or less, or a no-data value, passes;
//   geometry_z  the same test on the Z of the first and last vertex;
//   dem         the same test on the DEM at the first and last vertex, by
//               bilinear interpolation, or the nearest cell where a cell
//               around the vertex is nodata. A vertex outside the DEM or on
//               a nodata cell passes;
//   outlets     passes: orienting away from outlets needs the graph, so
//               build_region_network() orients these lines after this
//               step (orient_from_outlets.hpp);
//   digitized   the digitised order is the flow direction.
// A line decided "reverse" has its vertices reversed, Z and M included. A
// line flowing both ways keeps its digitised order. A line that no step
// decides keeps its digitised order and is reported as an
// unknown_direction problem.
//
// Complexity: O(lines × steps + vertices of reversed lines), plus two DEM
// samples per line that reaches the dem step. Throws InvalidInputError when
// the profile names a field the lines do not have. With the dem step, it
// throws what RasterSampler throws for the DEM, the message naming
// [direction] dem_path.
#pragma once

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/line_set.hpp"
#include "georiviere/core/problem.hpp"
#include "georiviere/detail/error_prefix.hpp"
#include "georiviere/io/raster_sampler.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/region_profile.hpp"

namespace georiviere {

struct DirectionResult {
  std::size_t forward = 0;  // lines kept in digitised order by a rule
  std::size_t reversed = 0; // lines reversed
  std::size_t both = 0;     // lines flowing both ways, kept as digitised
  std::size_t unknown = 0;  // lines no step decided, reported as problems
  // Lines decided by each step, in the order of DirectionStep.
  std::size_t decided_by_field = 0;
  std::size_t decided_by_z_fields = 0;
  std::size_t decided_by_geometry_z = 0;
  std::size_t decided_by_dem = 0;
  std::size_t decided_by_digitized = 0;
  // Lines that reached the dem step, decided or not.
  std::size_t tried_by_dem = 0;
  // Lines reversed by each step; they add up to `reversed`.
  std::size_t reversed_by_field = 0;
  std::size_t reversed_by_z_fields = 0;
  std::size_t reversed_by_geometry_z = 0;
  std::size_t reversed_by_dem = 0;
  std::vector<std::int64_t> both_fids; // source fids of two-way lines
  // Indices in LineSet::lines of the lines no step decided, in the order
  // of their unknown_direction problems.
  std::vector<std::size_t> unknown_lines;
};

namespace detail {

// Direction from the elevations at the first and last vertex: the line
// flows from the higher end. Nothing when the drop is `min_drop_m` or less.
inline std::optional<FlowDirection>
direction_from_drop(double z_start, double z_end, double min_drop_m) {
  const double drop = z_start - z_end;
  if (drop > min_drop_m) {
    return FlowDirection::forward;
  }
  if (-drop > min_drop_m) {
    return FlowDirection::reverse;
  }
  return std::nullopt;
}

// Direction from elevation fields or vertex Z; nothing when either value is
// missing, not finite or one of the profile's no-data values, or when the
// drop is too small to tell.
inline std::optional<FlowDirection>
direction_from_elevations(std::optional<double> z_start,
                          std::optional<double> z_end,
                          const DirectionRules& rules) {
  for (const std::optional<double>& z : {z_start, z_end}) {
    if (!z || !std::isfinite(*z)) {
      return std::nullopt;
    }
    for (double nodata : rules.z_nodata) {
      if (*z == nodata) {
        return std::nullopt;
      }
    }
  }
  return direction_from_drop(*z_start, *z_end, rules.min_drop_m);
}

// DEM elevation at a line end: bilinear, or the nearest cell when a cell
// around the point is nodata.
inline std::optional<double> dem_elevation(const RasterSampler& dem,
                                           const Point& point) {
  std::optional<double> z = dem.bilinear(point);
  return z ? z : dem.nearest(point);
}

// Direction from the DEM at the first and last vertex of the line.
inline std::optional<FlowDirection> direction_from_dem(const RasterSampler& dem,
                                                       const Polyline& geometry,
                                                       double min_drop_m) {
  if (geometry.size() < 2) {
    return std::nullopt;
  }
  const std::optional<double> z_start = dem_elevation(dem, geometry.front());
  const std::optional<double> z_end = dem_elevation(dem, geometry.back());
  if (!z_start || !z_end) {
    return std::nullopt;
  }
  return direction_from_drop(*z_start, *z_end, min_drop_m);
}

// Opens the profile's [direction] dem_path for points in `points_crs`.
// Errors keep their type, and their message names the profile key.
inline RasterSampler open_direction_dem(const RegionProfile& profile,
                                        const std::string& points_crs) {
  const std::string prefix =
      "[direction] dem_path of region profile '" + profile.name + "': ";
  return with_error_prefix(prefix, [&] {
    return RasterSampler(profile.direction.dem_path, points_crs);
  });
}

} // namespace detail

// Orients every line of `lines`; appends one unknown_direction problem per
// line left undecided to `problems`. When the chain has the dem step, `dem`
// is the DEM to sample, with points in the lines' CRS. Null: the step opens
// the profile's [direction] dem_path, relative to the current directory.
inline DirectionResult apply_direction(LineSet& lines,
                                       const RegionProfile& profile,
                                       std::vector<Problem>& problems,
                                       const RasterSampler* dem = nullptr) {
  const DirectionRules& rules = profile.direction;
  const auto uses = [&](DirectionStep step) {
    for (DirectionStep listed : rules.chain) {
      if (listed == step) {
        return true;
      }
    }
    return false;
  };
  int direction_index = -1;
  if (uses(DirectionStep::field) && !profile.fields.direction.empty()) {
    direction_index =
        require_field(lines, profile.fields.direction, "[fields] direction");
  }
  int z_start_index = -1;
  int z_end_index = -1;
  if (uses(DirectionStep::z_fields) && !rules.z_start_field.empty()) {
    z_start_index =
        require_field(lines, rules.z_start_field, "[direction] z_start_field");
    z_end_index =
        require_field(lines, rules.z_end_field, "[direction] z_end_field");
  }
  std::optional<RasterSampler> opened_dem;
  if (uses(DirectionStep::dem) && dem == nullptr) {
    opened_dem.emplace(detail::open_direction_dem(profile, lines.crs_wkt));
    dem = &*opened_dem;
  }

  DirectionResult result;
  const std::vector<FieldValue> no_row;
  for (std::size_t index = 0; index < lines.lines.size(); ++index) {
    SourceLine& line = lines.lines[index];
    const std::vector<FieldValue>& row = line.row < lines.attributes.rows.size()
                                             ? lines.attributes.rows[line.row]
                                             : no_row;
    std::optional<FlowDirection> decided;
    DirectionStep deciding_step = DirectionStep::digitized;
    for (DirectionStep step : rules.chain) {
      deciding_step = step;
      if (step == DirectionStep::field && direction_index >= 0 &&
          !row.empty()) {
        const FlowDirection coded =
            rules.direction_for(field_value_text(row[direction_index]));
        if (coded != FlowDirection::unknown) {
          decided = coded;
          ++result.decided_by_field;
        }
      } else if (step == DirectionStep::z_fields && z_start_index >= 0 &&
                 !row.empty()) {
        decided = detail::direction_from_elevations(
            field_value_number(row[z_start_index]),
            field_value_number(row[z_end_index]), rules);
        result.decided_by_z_fields += decided ? 1 : 0;
      } else if (step == DirectionStep::geometry_z && line.geometry.has_z() &&
                 line.geometry.size() >= 2) {
        decided = detail::direction_from_elevations(
            line.geometry.z.front(), line.geometry.z.back(), rules);
        result.decided_by_geometry_z += decided ? 1 : 0;
      } else if (step == DirectionStep::dem && dem != nullptr) {
        ++result.tried_by_dem;
        decided =
            detail::direction_from_dem(*dem, line.geometry, rules.min_drop_m);
        result.decided_by_dem += decided ? 1 : 0;
      } else if (step == DirectionStep::digitized) {
        decided = FlowDirection::forward;
        ++result.decided_by_digitized;
      }
      if (decided) {
        break;
      }
    }

    if (!decided) {
      ++result.unknown;
      result.unknown_lines.push_back(index);
      Problem problem;
      problem.kind = ProblemKind::unknown_direction;
      problem.message = "no rule of region profile '" + profile.name +
                        "' decided the flow direction of line fid " +
                        std::to_string(line.fid) +
                        "; its digitised order is kept";
      if (!line.geometry.empty()) {
        problem.points.push_back(line.geometry.front());
      }
      problem.lines.push_back(line.geometry);
      problem.source_fids.push_back(line.fid);
      problems.push_back(std::move(problem));
    } else if (*decided == FlowDirection::reverse) {
      line.geometry.reverse();
      ++result.reversed;
      result.reversed_by_field += deciding_step == DirectionStep::field;
      result.reversed_by_z_fields += deciding_step == DirectionStep::z_fields;
      result.reversed_by_geometry_z +=
          deciding_step == DirectionStep::geometry_z;
      result.reversed_by_dem += deciding_step == DirectionStep::dem;
    } else if (*decided == FlowDirection::both) {
      ++result.both;
      result.both_fids.push_back(line.fid);
    } else {
      ++result.forward;
    }
  }
  return result;
}

} // namespace georiviere
