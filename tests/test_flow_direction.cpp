#include "georiviere/raster/flow_direction.hpp"

#include <cmath>
#include <cstdint>
#include <string_view>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

using namespace georiviere;

namespace {

Grid<float> make_dem(std::size_t rows, std::size_t cols,
                     std::vector<float> cells,
                     std::optional<float> nodata = std::nullopt) {
  return Grid<float>(rows, cols, std::move(cells), nodata);
}

} // namespace

TEST(D8FlowDirections, SingleLowerNeighbour) {
  const Grid<float> dem = make_dem(3, 3,
                                   {5, 5, 5, //
                                    5, 4, 5, //
                                    5, 5, 1});
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 1), d8_south_east);
  EXPECT_EQ(*dirs.nodata(), d8_nodata);
}

TEST(D8FlowDirections, DiagonalDropDividedBySqrt2) {
  // Drop 1 east (slope 1) beats drop 1.3 south-east (slope 0.92), which a
  // rule without the division would pick.
  const Grid<float> dem = make_dem(3, 3,
                                   {20, 20, 20, //
                                    20, 10, 9,  //
                                    20, 20, 8.7f});
  EXPECT_EQ(d8_flow_directions(dem)(1, 1), d8_east);

  // Drop 1.5 south-east (slope 1.06) beats drop 1 east.
  const Grid<float> steeper = make_dem(3, 3,
                                       {20, 20, 20, //
                                        20, 10, 9,  //
                                        20, 20, 8.5f});
  EXPECT_EQ(d8_flow_directions(steeper)(1, 1), d8_south_east);
}

TEST(D8FlowDirections, UsesCellWidthAndHeight) {
  // Cells 10 wide and 1 high: a drop of 5 east is a slope of 0.5, a drop
  // of 1 south a slope of 1.
  Grid<float> dem = make_dem(3, 3,
                             {20, 20, 20, //
                              20, 10, 5,  //
                              20, 9, 20});
  dem.set_transform(GeoTransform{0, 10, 0, 0, 0, -1});
  EXPECT_EQ(d8_flow_directions(dem)(1, 1), d8_south);

  dem.set_transform(GeoTransform{0, 1, 0, 0, 0, -1});
  EXPECT_EQ(d8_flow_directions(dem)(1, 1), d8_east);
}

TEST(D8FlowDirections, PitAndFlatHaveNoFlow) {
  const Grid<float> dem = make_dem(4, 4,
                                   {9, 9, 9, 9, //
                                    9, 1, 3, 9, //
                                    9, 3, 3, 9, //
                                    9, 9, 9, 9});
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 1), d8_no_flow);
  EXPECT_EQ(dirs(1, 2), d8_west);
  EXPECT_EQ(dirs(2, 2), d8_north_west);

  const Grid<float> flat(3, 3, 2.0f);
  EXPECT_EQ(d8_flow_directions(flat)(1, 1), d8_no_flow);
}

TEST(D8FlowDirections, EdgeCellsFlowOutWhenNoLower) {
  // Every edge cell of a flat grid flows out: cardinal first, in the order
  // E, S, W, N.
  const Grid<float> flat(3, 4, 2.0f);
  const Grid<std::uint8_t> dirs = d8_flow_directions(flat);
  EXPECT_EQ(dirs(0, 0), d8_west);
  EXPECT_EQ(dirs(0, 1), d8_north);
  EXPECT_EQ(dirs(0, 3), d8_east);
  EXPECT_EQ(dirs(1, 0), d8_west);
  EXPECT_EQ(dirs(1, 3), d8_east);
  EXPECT_EQ(dirs(2, 0), d8_south);
  EXPECT_EQ(dirs(2, 1), d8_south);
  EXPECT_EQ(dirs(2, 3), d8_east);
  EXPECT_EQ(dirs(1, 1), d8_no_flow);
}

TEST(D8FlowDirections, EdgeCellsFlowInwardWhenLower) {
  const Grid<float> dem = make_dem(3, 3,
                                   {5, 5, 5, //
                                    5, 1, 5, //
                                    5, 5, 5});
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(0, 1), d8_south);
  EXPECT_EQ(dirs(0, 0), d8_south_east);
  EXPECT_EQ(dirs(2, 2), d8_north_west);
  EXPECT_EQ(dirs(1, 1), d8_no_flow);
}

TEST(D8FlowDirections, NodataCellsAndNeighbours) {
  // The low nodata value must not attract flow; (1, 2) has no lower valid
  // neighbour so it drains into the nodata cell to its east... which is on
  // the edge here, so use a 4 x 5 grid with interior nodata at (1, 3).
  const Grid<float> dem = make_dem(4, 5, {9, 9, 9, 9,     9, //
                                          9, 5, 4, -9999, 9, //
                                          9, 5, 6, 7,     9, //
                                          9, 9, 9, 9,     9},
                                   -9999.0f);
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 3), d8_nodata);
  EXPECT_EQ(dirs(1, 2), d8_east);       // outlet into the nodata cell
  EXPECT_EQ(dirs(1, 1), d8_east);       // to the valid 4, not the -9999
  EXPECT_EQ(dirs(2, 3), d8_north_west); // to the 4, not into nodata
  EXPECT_EQ(dirs(2, 2), d8_north);
}

TEST(D8FlowDirections, NanIsNodata) {
  const Grid<double> dem(3, 3,
                         std::vector<double>{5, 5, 5,   //
                                             5, 4, NAN, //
                                             5, 5, 5});
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 2), d8_nodata);
  EXPECT_EQ(dirs(1, 1), d8_east);
}

TEST(D8FlowDirections, TiesTakeFirstInOrder) {
  const Grid<float> dem = make_dem(3, 3,
                                   {9, 4, 9, //
                                    4, 5, 4, //
                                    9, 4, 9});
  EXPECT_EQ(d8_flow_directions(dem)(1, 1), d8_east);
}

TEST(D8FlowDirections, StridedViewsAndShapeCheck) {
  std::vector<float> dem_buffer = {5, 5, 5, 0, //
                                   5, 4, 5, 0, //
                                   5, 5, 1, 0};
  GridView<const float> dem(dem_buffer.data(), 3, 3, 4);
  std::vector<std::uint8_t> out(3 * 5, 77);
  GridView<std::uint8_t> dirs(out.data(), 3, 3, 5);
  d8_flow_directions(dem, dirs);
  EXPECT_EQ(dirs(1, 1), d8_south_east);
  EXPECT_EQ(out[3], 77);
  std::vector<std::uint8_t> small(4);
  EXPECT_THROW(
      d8_flow_directions(dem, GridView<std::uint8_t>(small.data(), 2, 2)),
      InvalidInputError);
}

TEST(D8Encodings, EsriCodes) {
  const std::uint8_t expected[8] = {1, 2, 4, 8, 16, 32, 64, 128};
  for (std::uint8_t d = 0; d < 8; ++d) {
    EXPECT_EQ(d8_to_esri(d), expected[d]);
    EXPECT_EQ(d8_from_esri(expected[d]), d);
  }
  EXPECT_EQ(d8_to_esri(d8_no_flow), 0);
  EXPECT_EQ(d8_from_esri(0), d8_no_flow);
  EXPECT_FALSE(d8_from_esri(3).has_value());
  EXPECT_FALSE(d8_from_esri(256).has_value());
}

TEST(D8Encodings, TaudemCodes) {
  EXPECT_EQ(d8_to_taudem(d8_east), 1);
  EXPECT_EQ(d8_to_taudem(d8_north_east), 2);
  EXPECT_EQ(d8_to_taudem(d8_north), 3);
  EXPECT_EQ(d8_to_taudem(d8_north_west), 4);
  EXPECT_EQ(d8_to_taudem(d8_west), 5);
  EXPECT_EQ(d8_to_taudem(d8_south_west), 6);
  EXPECT_EQ(d8_to_taudem(d8_south), 7);
  EXPECT_EQ(d8_to_taudem(d8_south_east), 8);
  for (std::uint8_t d = 0; d < 8; ++d) {
    EXPECT_EQ(d8_from_taudem(d8_to_taudem(d)), d);
  }
  EXPECT_FALSE(d8_from_taudem(9).has_value());
}

TEST(D8Encodings, GrassCodes) {
  EXPECT_EQ(d8_to_grass(d8_north_east), 1);
  EXPECT_EQ(d8_to_grass(d8_north), 2);
  EXPECT_EQ(d8_to_grass(d8_north_west), 3);
  EXPECT_EQ(d8_to_grass(d8_west), 4);
  EXPECT_EQ(d8_to_grass(d8_south_west), 5);
  EXPECT_EQ(d8_to_grass(d8_south), 6);
  EXPECT_EQ(d8_to_grass(d8_south_east), 7);
  EXPECT_EQ(d8_to_grass(d8_east), 8);
  EXPECT_EQ(d8_to_grass(d8_no_flow), 0);
  for (std::uint8_t d = 0; d < 8; ++d) {
    EXPECT_EQ(d8_from_grass(d8_to_grass(d)), d);
    EXPECT_EQ(d8_from_grass(-d8_to_grass(d)), d);
  }
  EXPECT_FALSE(d8_from_grass(9).has_value());
}

TEST(D8Encodings, GridConversions) {
  Grid<std::uint8_t> dirs(
      2, 2, std::vector<std::uint8_t>{d8_east, d8_east, d8_nodata, d8_north});
  const Grid<std::uint8_t> esri = d8_to_esri(dirs.view());
  EXPECT_EQ(esri(0, 0), 1);
  EXPECT_EQ(esri(0, 1), 1);
  EXPECT_EQ(esri(1, 0), 255);
  EXPECT_EQ(esri(1, 1), 64);

  const Grid<std::int16_t> grass = d8_to_grass(dirs.view());
  EXPECT_EQ(grass(0, 0), 8);  // east into a valid cell
  EXPECT_EQ(grass(0, 1), -8); // east off the grid
  EXPECT_EQ(grass(1, 0), -32768);
  EXPECT_EQ(grass(1, 1), 2);

  const Grid<std::uint8_t> back = d8_from_esri(esri.view());
  EXPECT_EQ(back.cells(), dirs.cells());
  const Grid<std::uint8_t> from_grass = d8_from_grass(grass.view());
  EXPECT_EQ(from_grass.cells(), dirs.cells());
  const Grid<std::uint8_t> from_taudem =
      d8_from_taudem(d8_to_taudem(dirs.view()));
  EXPECT_EQ(from_taudem.cells(), dirs.cells());
}

TEST(D8Encodings, InvalidCodeNamesCell) {
  Grid<std::int32_t> esri(2, 2, std::vector<std::int32_t>{1, 2, 4, 5}, -1);
  try {
    d8_from_esri(esri);
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("ESRI flow direction 5"), std::string::npos)
        << message;
    EXPECT_NE(message.find("row 1, column 1"), std::string::npos) << message;
  }
}

TEST(D8FlowDirections, GeographicRowCellSizes) {
  // 1 x 1 degree cells around 60 N are about 55.8 km wide and 111.4 km high:
  // a drop of 1 east (slope 1.8e-5) beats a drop of 1.5 south (1.35e-5),
  // but in raw degrees the south drop looks steeper.
  Grid<float> dem(3, 3,
                  std::vector<float>{20, 20, 20, //
                                     20, 10, 9,  //
                                     20, 8.5f, 20});
  dem.set_transform(GeoTransform{10.0, 1.0, 0.0, 61.5, 0.0, -1.0});
  EXPECT_EQ(d8_flow_directions(dem)(1, 1), d8_south);
  const RowCellSizes sizes = geographic_cell_sizes_m(dem.transform(), 3);
  EXPECT_NEAR(sizes.width_m[1], 55800.0, 200.0);
  EXPECT_NEAR(sizes.height_m[1], 111400.0, 200.0);
  EXPECT_EQ(d8_flow_directions(dem, sizes)(1, 1), d8_east);

  const RowCellSizes wrong{{1.0}, {1.0}};
  EXPECT_THROW(d8_flow_directions(dem, wrong), InvalidInputError);
}

TEST(D8FlowDirections, MutableViewOverload) {
  std::vector<float> cells = {5, 5, 5, //
                              5, 4, 5, //
                              1, 5, 5};
  GridView<float> dem(cells.data(), 3, 3);
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 1), d8_south_west);
}

namespace {

// A rough DEM of rows x cols cells from a linear congruential generator,
// with a nodata cell every 37 cells, so that runs of rows exercise every
// branch of the kernel.
Grid<float> rough_dem(std::size_t rows, std::size_t cols) {
  Grid<float> dem(rows, cols, 0.0f, -9999.0f);
  std::uint32_t state = 12345;
  for (std::size_t i = 0; i < dem.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    dem.cells()[i] =
        i % 37 == 5 ? -9999.0f : static_cast<float>(state >> 20) * 0.01f;
  }
  return dem;
}

} // namespace

TEST(D8FlowDirections, TwoThreadsMatchOne) {
  // More rows than one chunk of rows_per_chunk, so both threads work.
  const Grid<float> dem = rough_dem(3 * detail::rows_per_chunk + 7, 53);
  const Grid<std::uint8_t> one = d8_flow_directions(dem.view(), {}, 1);
  const Grid<std::uint8_t> two = d8_flow_directions(dem.view(), {}, 2);
  EXPECT_EQ(one.cells(), two.cells());
  EXPECT_EQ(one(0, 5), d8_nodata);
  EXPECT_THROW(d8_flow_directions(dem.view(), {}, 0), InvalidInputError);
}

TEST(D8FlowDirections, CancelWithTwoThreads) {
  const Grid<float> dem = rough_dem(5 * detail::rows_per_chunk, 31);
  // The first call comes before any row. The second, from the calling
  // thread after one of its chunks or at the end, cancels.
  int calls = 0;
  const ProgressCallback cancel_later = [&calls](std::string_view, double) {
    return ++calls < 2;
  };
  EXPECT_THROW(d8_flow_directions(dem.view(), cancel_later, 2),
               CancelledError);
  EXPECT_EQ(calls, 2);
}
