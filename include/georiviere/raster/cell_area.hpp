// Cell areas of projected and geographic grids, in km^2, for upstream area.
//
// Projected grids: every cell has the area of the parallelogram spanned by
// the geotransform's pixel vectors, |pixel_width * pixel_height -
// row_rotation * column_rotation|, in CRS units squared. The caller states
// how many metres one CRS unit is (1 for metre-based CRSs).
//
// Geographic grids (cells in degrees): the area of a cell depends only on
// its row. It is the area of the ellipsoidal quadrangle between the row's
// bounding latitudes, from the closed form of the area of an ellipsoidal
// zone (the authalic-latitude formula): the area between the equator and
// latitude phi, over all longitudes, is
//   S(phi) = pi b^2 [sin(phi) / (1 - e^2 sin^2(phi))
//                    + ln((1 + e sin(phi)) / (1 - e sin(phi))) / (2 e)],
// and a cell of width dlon radians has area |S(phi2) - S(phi1)| dlon / 2pi.
// A 1 x 1 degree cell at the equator on WGS 84 has 12,308.46 km^2, the value
// a numerical integration of M(phi) N(phi) cos(phi) gives too.
//
// Complexity: O(rows). Bad input: a rotated geographic geotransform, or
// latitudes beyond +-90 degrees, raise InvalidInputError.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <numbers>
#include <string>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {

// An ellipsoid given by its semi-major axis (metres) and inverse flattening.
struct Ellipsoid {
  double semi_major_axis_m = 6378137.0;
  double inverse_flattening = 298.257223563;
};

inline constexpr Ellipsoid wgs84_ellipsoid{6378137.0, 298.257223563};

// Returns the area in km^2 of one cell of a projected grid whose CRS unit
// is `metres_per_unit` metres.
inline double projected_cell_area_km2(const GeoTransform& transform,
                                      double metres_per_unit = 1.0) {
  const double area =
      std::abs(transform.pixel_width * transform.pixel_height -
               transform.row_rotation * transform.column_rotation);
  return area * metres_per_unit * metres_per_unit / 1e6;
}

namespace detail {

// Area in m^2 between the equator and latitude `phi` (radians) over all
// longitudes, signed like phi.
inline double ellipsoidal_zone_area_m2(double phi, const Ellipsoid& ellipsoid) {
  const double f = 1.0 / ellipsoid.inverse_flattening;
  const double a = ellipsoid.semi_major_axis_m;
  const double b = a * (1.0 - f);
  const double e2 = f * (2.0 - f);
  const double s = std::sin(phi);
  if (e2 == 0.0) {
    return 2.0 * std::numbers::pi * a * a * s;
  }
  const double e = std::sqrt(e2);
  return std::numbers::pi * b * b *
         (s / (1.0 - e2 * s * s) +
          std::log((1.0 + e * s) / (1.0 - e * s)) / (2.0 * e));
}

} // namespace detail

// Returns the area in km^2 of one cell of each of the `rows` rows of a
// geographic grid whose geotransform is in degrees. Throws InvalidInputError
// for a rotated geotransform or rows beyond the poles.
inline std::vector<double>
geographic_cell_areas_km2(const GeoTransform& transform, std::size_t rows,
                          const Ellipsoid& ellipsoid = wgs84_ellipsoid) {
  if (!transform.is_north_up()) {
    throw InvalidInputError(
        "cell areas of a rotated geographic grid are not supported: warp the "
        "raster to a north-up grid first");
  }
  const double degree = std::numbers::pi / 180.0;
  const double width = std::abs(transform.pixel_width) * degree;
  std::vector<double> areas(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const double top =
        transform.origin_y + static_cast<double>(r) * transform.pixel_height;
    const double bottom = top + transform.pixel_height;
    if (std::max(std::abs(top), std::abs(bottom)) > 90.0 + 1e-9) {
      throw InvalidInputError(
          "row " + std::to_string(r) + " of the geographic grid reaches " +
          "latitude " +
          std::to_string(std::abs(top) > std::abs(bottom) ? top : bottom) +
          ", beyond the poles: check that the grid is in degrees");
    }
    const double zone =
        std::abs(detail::ellipsoidal_zone_area_m2(top * degree, ellipsoid) -
                 detail::ellipsoidal_zone_area_m2(bottom * degree, ellipsoid));
    areas[r] = zone * width / (2.0 * std::numbers::pi) / 1e6;
  }
  return areas;
}

// Cell width (east-west) and height (north-south) in metres for each row.
struct RowCellSizes {
  std::vector<double> width_m;
  std::vector<double> height_m;
};

// Returns the cell sizes in metres of each row of a geographic grid in
// degrees, at the latitude of the row's centre. The width along the parallel
// is N(phi) cos(phi) dlon and the height along the meridian is M(phi) dphi,
// with N and M the ellipsoid's radii of curvature. Throws InvalidInputError
// like geographic_cell_areas_km2.
inline RowCellSizes
geographic_cell_sizes_m(const GeoTransform& transform, std::size_t rows,
                        const Ellipsoid& ellipsoid = wgs84_ellipsoid) {
  // Validates the rows (rotation, latitudes beyond the poles).
  geographic_cell_areas_km2(transform, rows, ellipsoid);
  const double degree = std::numbers::pi / 180.0;
  const double f = 1.0 / ellipsoid.inverse_flattening;
  const double a = ellipsoid.semi_major_axis_m;
  const double e2 = f * (2.0 - f);
  const double dlon = std::abs(transform.pixel_width) * degree;
  const double dlat = std::abs(transform.pixel_height) * degree;
  RowCellSizes sizes;
  sizes.width_m.resize(rows);
  sizes.height_m.resize(rows);
  for (std::size_t r = 0; r < rows; ++r) {
    const double latitude =
        (transform.origin_y +
         (static_cast<double>(r) + 0.5) * transform.pixel_height) *
        degree;
    const double s = std::sin(latitude);
    const double w = 1.0 - e2 * s * s;
    const double prime_vertical = a / std::sqrt(w);
    const double meridional = a * (1.0 - e2) / (w * std::sqrt(w));
    sizes.width_m[r] = prime_vertical * std::cos(latitude) * dlon;
    sizes.height_m[r] = meridional * dlat;
  }
  return sizes;
}

} // namespace georiviere
