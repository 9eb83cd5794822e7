// PROJ glue for raster/stream_network.hpp: the CRS of a grid, its working
// CRS, and coordinate transformations between them.
#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include <proj.h>

#include "../io/crs.hpp"
#include "georiviere/core/error.hpp"
#include "georiviere/raster/stream_network.hpp"

namespace georiviere {
namespace {

using detail::PjPtr;
using detail::ProjContext;

// Metres per unit of the first axis of a projected CRS, or 0 when PROJ
// does not give it.
double metres_per_unit(const ProjContext& context, const PJ* horizontal) {
  PjPtr system(proj_crs_get_coordinate_system(context.get(), horizontal));
  if (!system || proj_cs_get_axis_count(context.get(), system.get()) < 2) {
    return 0.0;
  }
  double to_metre = 0.0;
  proj_cs_get_axis_info(context.get(), system.get(), 0, nullptr, nullptr,
                        nullptr, &to_metre, nullptr, nullptr, nullptr);
  return to_metre;
}

Ellipsoid ellipsoid_of(const ProjContext& context, const PJ* crs) {
  PjPtr ellipsoid(proj_get_ellipsoid(context.get(), crs));
  if (!ellipsoid) {
    return wgs84_ellipsoid;
  }
  double a = 0.0;
  double b = 0.0;
  int computed = 0;
  double inverse_flattening = 0.0;
  if (!proj_ellipsoid_get_parameters(context.get(), ellipsoid.get(), &a, &b,
                                     &computed, &inverse_flattening) ||
      !(a > 0.0)) {
    return wgs84_ellipsoid;
  }
  // PROJ gives 0 for a sphere; an infinite inverse flattening makes the
  // area formulas take their spherical branch.
  if (!(inverse_flattening > 0.0)) {
    inverse_flattening = std::numeric_limits<double>::infinity();
  }
  return Ellipsoid{a, inverse_flattening};
}

bool is_projected_in_metres(const ProjContext& context, const PJ* crs) {
  try {
    detail::require_projected_in_metres(context, crs, "the grid");
    return true;
  } catch (const CrsError&) {
    return false;
  }
}

void transform_between(const ProjContext& context, const PJ* source,
                       const PJ* target, std::vector<double>& x,
                       std::vector<double>& y) {
  const detail::CrsTransformer transformer(context, source, target);
  if (!transformer.transform(x, y)) {
    throw CrsError("PROJ cannot transform the grid coordinates from " +
                   detail::describe_crs(context, source) + " to " +
                   detail::describe_crs(context, target) +
                   context.error_suffix() +
                   "; check the CRS and extent of the DEM");
  }
}

} // namespace

RowCellSizes GridReferencing::cell_sizes_m(const GeoTransform& transform,
                                           std::size_t rows) const {
  if (geographic) {
    return geographic_cell_sizes_m(transform, rows, ellipsoid);
  }
  RowCellSizes sizes;
  sizes.width_m.assign(rows, transform.cell_width() * metres_per_unit);
  sizes.height_m.assign(rows, transform.cell_height() * metres_per_unit);
  return sizes;
}

GridReferencing describe_grid_referencing(const std::string& crs,
                                          const GeoTransform& transform,
                                          std::size_t rows, std::size_t cols) {
  if (!transform.is_north_up()) {
    throw InvalidInputError("the DEM's geotransform is rotated: warp it to a "
                            "north-up grid first, for example with gdalwarp");
  }
  if (crs.empty()) {
    throw CrsError("the DEM has no CRS: pass it with --crs, such as "
                   "--crs EPSG:2154");
  }
  const ProjContext context;
  const PjPtr grid_crs = detail::crs_from_user_input(context, crs);
  GridReferencing result;
  result.grid_crs_wkt = detail::crs_to_wkt2(context, grid_crs.get());
  result.grid_crs_name = detail::describe_crs(context, grid_crs.get());
  result.geographic = detail::is_geographic(context, grid_crs.get());

  const auto [centre_x, centre_y] = transform.cell_centre(rows / 2, cols / 2);
  if (!result.geographic && is_projected_in_metres(context, grid_crs.get())) {
    result.working_crs_wkt = result.grid_crs_wkt;
    result.working_crs_name = result.grid_crs_name;
    return result;
  }

  double longitude = centre_x;
  double latitude = centre_y;
  if (result.geographic) {
    result.ellipsoid = ellipsoid_of(context, grid_crs.get());
  } else {
    const PjPtr horizontal = detail::horizontal_crs(context, grid_crs.get());
    if (!horizontal ||
        proj_get_type(horizontal.get()) != PJ_TYPE_PROJECTED_CRS) {
      throw CrsError("the CRS " + result.grid_crs_name +
                     " of the DEM is neither geographic nor projected; "
                     "pass the DEM's CRS with --crs");
    }
    result.metres_per_unit = metres_per_unit(context, horizontal.get());
    if (!(result.metres_per_unit > 0.0)) {
      throw CrsError("the unit of the CRS " + result.grid_crs_name +
                     " of the DEM is unknown; warp the DEM to a CRS in "
                     "metres");
    }
    detail::to_longitude_latitude(context, grid_crs.get(), centre_x, centre_y,
                                  longitude, latitude);
  }
  const int code = detail::utm_epsg_code(longitude, latitude);
  const PjPtr utm =
      detail::crs_from_user_input(context, "EPSG:" + std::to_string(code));
  result.working_crs_wkt = detail::crs_to_wkt2(context, utm.get());
  result.working_crs_name = detail::describe_crs(context, utm.get());
  result.needs_transform = true;
  return result;
}

void transform_to_working_crs(const GridReferencing& referencing,
                              std::vector<double>& x, std::vector<double>& y) {
  if (!referencing.needs_transform || x.empty()) {
    return;
  }
  const ProjContext context;
  const PjPtr source =
      detail::crs_from_wkt(context, referencing.grid_crs_wkt, "the DEM");
  const PjPtr target = detail::crs_from_wkt(
      context, referencing.working_crs_wkt, "the working CRS");
  transform_between(context, source.get(), target.get(), x, y);
}

void transform_to_grid_crs(const GridReferencing& referencing,
                           const std::string& source_crs,
                           std::vector<double>& x, std::vector<double>& y) {
  if (x.empty()) {
    return;
  }
  const ProjContext context;
  const PjPtr source = detail::crs_from_user_input(context, source_crs);
  const PjPtr target =
      detail::crs_from_wkt(context, referencing.grid_crs_wkt, "the DEM");
  if (detail::equivalent_crs(context, source.get(), target.get())) {
    return;
  }
  transform_between(context, source.get(), target.get(), x, y);
}

} // namespace georiviere
