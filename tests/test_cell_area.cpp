#include "georiviere/raster/cell_area.hpp"

#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

using namespace georiviere;

TEST(CellArea, ProjectedCells) {
  EXPECT_DOUBLE_EQ(projected_cell_area_km2(GeoTransform{0, 10, 0, 0, 0, -10}),
                   0.0001);
  EXPECT_DOUBLE_EQ(projected_cell_area_km2(GeoTransform{0, 25, 0, 0, 0, -25}),
                   0.000625);
  // One US survey foot is 1200/3937 m.
  EXPECT_NEAR(projected_cell_area_km2(GeoTransform{0, 100, 0, 0, 0, -100},
                                      1200.0 / 3937.0),
              0.000929034, 1e-9);
}

TEST(CellArea, GeographicOneDegreeCells) {
  // Expected values from a numerical integration of M(phi) N(phi) cos(phi)
  // on WGS 84 (200,000 steps).
  const GeoTransform equator{0.0, 1.0, 0.0, 1.0, 0.0, -1.0};
  const std::vector<double> near_equator =
      geographic_cell_areas_km2(equator, 1);
  EXPECT_NEAR(near_equator[0], 12308.4639, 1e-3);

  const GeoTransform north{10.0, 1.0, 0.0, 46.0, 0.0, -1.0};
  EXPECT_NEAR(geographic_cell_areas_km2(north, 1)[0], 8686.4950, 1e-3);

  const GeoTransform pole{0.0, 1.0, 0.0, 90.0, 0.0, -1.0};
  EXPECT_NEAR(geographic_cell_areas_km2(pole, 1)[0], 108.8667, 1e-3);

  // Southern rows mirror northern ones.
  const GeoTransform south{0.0, 1.0, 0.0, -45.0, 0.0, -1.0};
  EXPECT_NEAR(geographic_cell_areas_km2(south, 1)[0], 8686.4950, 1e-3);
}

TEST(CellArea, GeographicThreeArcSecondRows) {
  // The pysheds DEM grid: 3" cells whose bottom row starts at 32.5225 N.
  const double cell = 0.0008333333333333;
  const GeoTransform t{-97.485, cell, 0.0, 32.5225 + 359 * cell, 0.0, -cell};
  const std::vector<double> areas = geographic_cell_areas_km2(t, 359);
  ASSERT_EQ(areas.size(), 359u);
  EXPECT_NEAR(areas.back(), 0.0072354189, 1e-9);
  EXPECT_GT(areas.back(), areas.front()); // cells shrink northward
}

TEST(CellArea, RejectsBadGeographicGrids) {
  EXPECT_THROW(geographic_cell_areas_km2(GeoTransform{0, 1, 0.1, 0, 0, -1}, 2),
               InvalidInputError);
  EXPECT_THROW(geographic_cell_areas_km2(GeoTransform{0, 1, 0, 5000, 0, -1}, 2),
               InvalidInputError);
}

TEST(CellArea, GeographicCellSizesAtEquator) {
  // One degree on WGS 84 at the equator: a * pi / 180 = 111,319.49 m along
  // the equator, and M(0) * pi / 180 = 110,574.28 m along the meridian.
  const GeoTransform t{0.0, 1.0, 0.0, 0.5, 0.0, -1.0};
  const RowCellSizes sizes = geographic_cell_sizes_m(t, 1);
  ASSERT_EQ(sizes.width_m.size(), 1u);
  EXPECT_NEAR(sizes.width_m[0], 111319.49, 0.01);
  EXPECT_NEAR(sizes.height_m[0], 110574.28, 0.01);
}
