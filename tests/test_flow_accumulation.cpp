#include "georiviere/raster/flow_accumulation.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/resolve_flats.hpp"

using namespace georiviere;

namespace {

constexpr std::uint8_t E = d8_east;
constexpr std::uint8_t S = d8_south;
constexpr std::uint8_t W = d8_west;
constexpr std::uint8_t N = d8_north;
constexpr std::uint8_t SE = d8_south_east;
constexpr std::uint8_t SW = d8_south_west;
constexpr std::uint8_t X = d8_no_flow;
constexpr std::uint8_t ND = d8_nodata;

// Sums the accumulation over the outlets: cells with no direction or whose
// direction leaves the grid or enters nodata. Every valid cell drains to
// exactly one outlet, so the sum is the number of valid cells.
std::uint64_t sum_at_outlets(const Grid<std::uint8_t>& dirs,
                             const Grid<std::uint64_t>& acc) {
  std::uint64_t sum = 0;
  for (std::size_t r = 0; r < dirs.rows(); ++r) {
    for (std::size_t c = 0; c < dirs.cols(); ++c) {
      const std::uint8_t d = dirs(r, c);
      if (d == d8_nodata) {
        continue;
      }
      bool outlet = d == d8_no_flow;
      if (!outlet) {
        const std::size_t nr = r + d8_row_offsets[d];
        const std::size_t nc = c + d8_col_offsets[d];
        outlet =
            nr >= dirs.rows() || nc >= dirs.cols() || dirs(nr, nc) == d8_nodata;
      }
      sum += outlet ? acc(r, c) : 0;
    }
  }
  return sum;
}

} // namespace

TEST(FlowAccumulation, CountsCellItself) {
  // Two rows flowing east into a column that flows south off the grid:
  //   E E S
  //   E E S
  const Grid<std::uint8_t> dirs(2, 3,
                                std::vector<std::uint8_t>{E, E, S, //
                                                          E, E, S});
  const Grid<std::uint64_t> acc = flow_accumulation(dirs.view());
  EXPECT_EQ(acc.cells(), (std::vector<std::uint64_t>{1, 2, 3, //
                                                     1, 2, 6}));
  EXPECT_EQ(*acc.nodata(), 0u);
}

TEST(FlowAccumulation, ConvergingBranches) {
  //   SE S  SW
  //   E  X  W
  //   N  N  N   (the bottom row flows north into the middle row)
  const Grid<std::uint8_t> dirs(3, 3,
                                std::vector<std::uint8_t>{SE, S, SW, //
                                                          E, X, W,   //
                                                          N, N, N});
  const Grid<std::uint64_t> acc = flow_accumulation(dirs.view());
  EXPECT_EQ(acc(1, 1), 9u);
  EXPECT_EQ(acc(1, 0), 2u);
  EXPECT_EQ(acc(1, 2), 2u);
  EXPECT_EQ(acc(0, 0), 1u);
}

TEST(FlowAccumulation, NodataEndsFlow) {
  // The middle cell flows into nodata and is an outlet.
  const Grid<std::uint8_t> dirs(1, 4, std::vector<std::uint8_t>{E, E, ND, W});
  const Grid<std::uint64_t> acc = flow_accumulation(dirs.view());
  EXPECT_EQ(acc.cells(), (std::vector<std::uint64_t>{1, 2, 0, 1}));
}

TEST(FlowAccumulation, WeightsAndAreas) {
  const Grid<std::uint8_t> dirs(2, 2,
                                std::vector<std::uint8_t>{S, SW, //
                                                          E, S});
  // (0,0) -> (1,0) -> (1,1); (0,1) -> (1,0).
  const Grid<double> weights(2, 2, std::vector<double>{1.0, 2.0, 4.0, NAN});
  const Grid<double> sum = flow_accumulation(dirs.view(), weights.view());
  EXPECT_DOUBLE_EQ(sum(1, 0), 7.0);
  EXPECT_DOUBLE_EQ(sum(1, 1), 7.0); // the NaN weight counts as 0

  const Grid<double> area = upstream_area_km2(dirs.view(), 0.0001);
  EXPECT_DOUBLE_EQ(area(1, 1), 0.0004);

  const std::vector<double> rows = {0.5, 0.25};
  const Grid<double> by_row =
      upstream_area_km2(dirs.view(), std::span<const double>(rows));
  EXPECT_DOUBLE_EQ(by_row(1, 0), 1.25);
  EXPECT_DOUBLE_EQ(by_row(1, 1), 1.5);

  const std::vector<double> wrong = {1.0};
  EXPECT_THROW(upstream_area_km2(dirs.view(), std::span<const double>(wrong)),
               InvalidInputError);
}

TEST(FlowAccumulation, NodataCellsGetNan) {
  const Grid<std::uint8_t> dirs(1, 2, std::vector<std::uint8_t>{ND, W});
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  EXPECT_TRUE(std::isnan(area(0, 0)));
  EXPECT_DOUBLE_EQ(area(0, 1), 1.0);
}

TEST(FlowAccumulation, CycleRejected) {
  const Grid<std::uint8_t> dirs(1, 3, std::vector<std::uint8_t>{E, W, W});
  try {
    flow_accumulation(dirs.view());
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("2 cells"), std::string::npos)
        << error.what();
  }
}

TEST(FlowAccumulation, InvalidCodeRejected) {
  const Grid<std::uint8_t> dirs(1, 2, std::vector<std::uint8_t>{E, 17});
  EXPECT_THROW(flow_accumulation(dirs.view()), InvalidInputError);
}

TEST(FlowAccumulation, StridedDirections) {
  std::vector<std::uint8_t> buffer = {E, S, 99, //
                                      E, X, 99};
  GridView<const std::uint8_t> dirs(buffer.data(), 2, 2, 3);
  const Grid<std::uint64_t> acc = flow_accumulation(dirs);
  EXPECT_EQ(acc(1, 1), 4u);
}

TEST(FlowAccumulation, PyshedsDirectionGrid) {
  const std::string path =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/pysheds/dir.asc";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is missing";
  }
  const Grid<std::uint8_t> esri = read_raster<std::uint8_t>(path);
  ASSERT_TRUE(esri.nodata().has_value());
  EXPECT_EQ(*esri.nodata(), 255);
  const Grid<std::uint8_t> dirs = d8_from_esri(esri);
  const Grid<std::uint64_t> acc = flow_accumulation(dirs.view());
  const auto largest =
      *std::max_element(acc.cells().begin(), acc.cells().end());
  // 77,260 counting each cell itself. pysheds' tests state 77,261 on a
  // clipped copy of this grid.
  EXPECT_EQ(largest, 77'260u);
  EXPECT_EQ(sum_at_outlets(dirs, acc), 359u * 367u);
}

TEST(FlowAccumulation, MedPipelineConservesCells) {
  const std::string path =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/med/MED_01_01.tif";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is missing";
  }
  Grid<float> dem = read_raster<float>(path);
  fill_depressions(dem);
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  resolve_flats(dem, dirs);
  const auto no_flow =
      std::count(dirs.cells().begin(), dirs.cells().end(), d8_no_flow);
  EXPECT_EQ(no_flow, 0);
  const Grid<std::uint64_t> acc = flow_accumulation(dirs.view());
  EXPECT_EQ(sum_at_outlets(dirs, acc), 299'136u);
}

TEST(FlowAccumulation, TwoThreadsMatchOne) {
  // A rough DEM with nodata cells, filled so that every cell drains out,
  // with more rows than one chunk of pass 1.
  const std::size_t rows = 3 * detail::rows_per_chunk + 11;
  const std::size_t cols = 41;
  Grid<float> dem(rows, cols, 0.0f, -9999.0f);
  std::uint32_t state = 777;
  for (std::size_t i = 0; i < dem.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    dem.cells()[i] =
        i % 53 == 7 ? -9999.0f : static_cast<float>(state >> 22) * 0.1f;
  }
  fill_depressions(dem, FillMode::epsilon);
  const Grid<std::uint8_t> dirs = d8_flow_directions(dem.view());

  const Grid<std::uint64_t> one = flow_accumulation(dirs.view(), {}, 1);
  const Grid<std::uint64_t> two = flow_accumulation(dirs.view(), {}, 2);
  EXPECT_EQ(one.cells(), two.cells());
  EXPECT_EQ(sum_at_outlets(dirs, one), dem.size() - (dem.size() + 45) / 53);

  const Grid<double> area_one = upstream_area_km2(dirs.view(), 0.01, {}, 1);
  const Grid<double> area_two = upstream_area_km2(dirs.view(), 0.01, {}, 2);
  ASSERT_EQ(area_one.size(), area_two.size());
  for (std::size_t i = 0; i < area_one.size(); ++i) {
    ASSERT_TRUE(
        area_one.cells()[i] == area_two.cells()[i] ||
        (std::isnan(area_one.cells()[i]) && std::isnan(area_two.cells()[i])))
        << "cell " << i;
  }
}

TEST(FlowAccumulation, ThreadCountsGiveSameSums) {
  // Weights of many magnitudes, so that sums of doubles would differ if
  // they were added in another order. Each thread count cuts pass 2 into
  // that many bands of rows, and flow crosses their boundaries both ways.
  const std::size_t rows = 5 * detail::rows_per_chunk + 3;
  const std::size_t cols = 67;
  Grid<float> dem(rows, cols, 0.0f, -9999.0f);
  Grid<double> weights(rows, cols, 0.0);
  std::uint32_t state = 4242;
  for (std::size_t i = 0; i < dem.size(); ++i) {
    state = state * 1664525u + 1013904223u;
    dem.cells()[i] =
        i % 71 == 3 ? -9999.0f : static_cast<float>(state >> 22) * 0.1f;
    weights.cells()[i] = std::ldexp(static_cast<double>(state % 1000) + 0.1,
                                    static_cast<int>(state % 40) - 20);
  }
  fill_depressions(dem, FillMode::epsilon);

  const Grid<std::uint8_t> dirs = d8_flow_directions(dem.view());
  const GridView<const double> weight_view = std::as_const(weights).view();
  const Grid<double> one = flow_accumulation(dirs.view(), weight_view);
  const Grid<std::uint64_t> counts = flow_accumulation(dirs.view());

  for (const int threads : {2, 3, 7}) {
    const Grid<double> many =
        flow_accumulation(dirs.view(), weight_view, {}, threads);
    for (std::size_t i = 0; i < one.size(); ++i) {
      const double a = one.cells()[i];
      const double b = many.cells()[i];
      ASSERT_TRUE(a == b || (std::isnan(a) && std::isnan(b)))
          << threads << " threads, cell " << i;
    }
    EXPECT_EQ(flow_accumulation(dirs.view(), {}, threads).cells(),
              counts.cells())
        << threads << " threads";
  }
}

TEST(FlowAccumulation, ConfluenceSumsInDirectionOrder) {
  // The three cells of the top row drain to the centre of the bottom row,
  // a row of no-flow cells:
  //   SE S  SW
  //   X  X  X
  // The centre's upstream neighbours in direction order are NW, N and NE.
  const Grid<std::uint8_t> dirs(2, 3,
                                std::vector<std::uint8_t>{SE, S, SW, //
                                                          X, X, X});
  const Grid<double> weights(2, 3,
                             std::vector<double>{1e16, 1.0, -1e16, //
                                                 1.0, 1.0, 1.0});
  const Grid<double> sum = flow_accumulation(dirs.view(), weights.view());
  // ((1 + 1e16) + 1) - 1e16 is 0 in double, because 1e16 + 1 rounds to
  // 1e16. Adding the N neighbour first would give 2.
  EXPECT_EQ(sum(1, 1), ((1.0 + 1e16) + 1.0) - 1e16);
  EXPECT_EQ(sum(1, 1), 0.0);
}

TEST(FlowAccumulation, InvalidCodeNamedWithThreads) {
  const std::size_t rows = 2 * detail::rows_per_chunk + 3;
  Grid<std::uint8_t> dirs(rows, 4, d8_east);
  dirs(rows - 2, 1) = 17;
  try {
    flow_accumulation(dirs.view(), {}, 2);
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    const std::string where = "row " + std::to_string(rows - 2) + ", column 1";
    EXPECT_NE(std::string(error.what()).find(where), std::string::npos)
        << error.what();
  }
  EXPECT_THROW(flow_accumulation(dirs.view(), {}, 0), InvalidInputError);
}
