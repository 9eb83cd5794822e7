#include "georiviere/io/raster_sampler.hpp"

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <utility>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/raster/grid.hpp"

using namespace georiviere;
namespace fs = std::filesystem;

namespace {

constexpr float nodata = -9999.0f;

// A fresh, empty directory for one test under the build tree.
fs::path scratch_directory(const std::string& name) {
  const fs::path path =
      fs::path(GEORIVIERE_BINARY_DIR) / "raster_sampler_scratch" / name;
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

// Three rows of four 10 m cells, top-left corner at (1000, 2000) in
// Lambert-93:
//   row 0:      0  10  20  30
//   row 1:     40  50  60 100
//   row 2: nodata  70  80  90
std::string write_small_dem(const std::string& name) {
  Grid<float> grid(3, 4, 0.0f, nodata);
  const float values[3][4] = {
      {0, 10, 20, 30}, {40, 50, 60, 100}, {nodata, 70, 80, 90}};
  for (std::size_t r = 0; r < 3; ++r) {
    for (std::size_t c = 0; c < 4; ++c) {
      grid(r, c) = values[r][c];
    }
  }
  grid.set_transform(GeoTransform{1000.0, 10.0, 0.0, 2000.0, 0.0, -10.0});
  grid.set_crs_wkt("EPSG:2154");
  const std::string path = (scratch_directory(name) / "dem.tif").string();
  write_raster(grid, path);
  return path;
}

std::string shared_raster(const std::string& relative) {
  return std::string(GEORIVIERE_SHARED_DATA) + "/raster/" + relative;
}

} // namespace

TEST(RasterSampler, NearestReadsContainingCell) {
  const RasterSampler sampler(write_small_dem("nearest"));
  EXPECT_EQ(sampler.rows(), 3u);
  EXPECT_EQ(sampler.cols(), 4u);
  EXPECT_FALSE(sampler.transforms_points());
  ASSERT_TRUE(sampler.nodata().has_value());
  EXPECT_EQ(*sampler.nodata(), -9999.0);

  EXPECT_EQ(sampler.nearest({1005.0, 1995.0}), 0.0);
  EXPECT_EQ(sampler.nearest({1039.9, 1970.1}), 90.0);
  EXPECT_EQ(sampler.nearest({1031.0, 1989.0}), 100.0);
  // A point on a shared edge takes the cell to its right and below it.
  EXPECT_EQ(sampler.nearest({1010.0, 1990.0}), 50.0);
}

TEST(RasterSampler, NearestOutsideOrNodataIsEmpty) {
  const RasterSampler sampler(write_small_dem("outside"));
  EXPECT_FALSE(sampler.nearest({999.0, 1995.0}).has_value());
  EXPECT_FALSE(sampler.nearest({1040.0, 1995.0}).has_value());
  EXPECT_FALSE(sampler.nearest({1005.0, 2000.5}).has_value());
  EXPECT_FALSE(sampler.nearest({1005.0, 1970.0}).has_value());
  EXPECT_FALSE(sampler.nearest({1005.0, 1975.0}).has_value());
  const double nan = std::numeric_limits<double>::quiet_NaN();
  EXPECT_FALSE(sampler.nearest({nan, 1995.0}).has_value());
}

TEST(RasterSampler, BilinearMatchesHandValues) {
  const RasterSampler sampler(write_small_dem("bilinear"));
  // On a cell centre: that cell alone.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1015.0, 1985.0}), 50.0);
  // On the corner shared by cells (0,1), (0,2), (1,1) and (1,2).
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1020.0, 1990.0}), 35.0);
  // Weights 1/16, 3/16, 3/16 and 9/16 on 20, 30, 60 and 100.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1032.5, 1987.5}), 74.375);
  // Between two centres of one row: their mean.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1020.0, 1985.0}), 55.0);
}

TEST(RasterSampler, BilinearAtEdgeUsesEdgeCells) {
  const RasterSampler sampler(write_small_dem("edge"));
  // Near the top-left corner, outside every centre: the corner cell.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1001.0, 1999.0}), 0.0);
  // Above the first row of centres: along the row, constant across it.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1015.0, 1999.0}), 10.0);
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1020.0, 1999.0}), 15.0);
  // Right of the last column of centres, between rows 0 and 1.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1039.0, 1990.0}), 65.0);
  EXPECT_FALSE(sampler.bilinear({1040.0, 1990.0}).has_value());
}

TEST(RasterSampler, BilinearNearNodataIsEmpty) {
  const RasterSampler sampler(write_small_dem("nodata"));
  // Centre of cell (1,0): the nodata cell below has weight zero.
  EXPECT_DOUBLE_EQ(*sampler.bilinear({1005.0, 1985.0}), 40.0);
  // Just below it, cell (2,0) has a weight: no value, but nearest has one.
  EXPECT_FALSE(sampler.bilinear({1005.0, 1981.0}).has_value());
  EXPECT_EQ(sampler.nearest({1005.0, 1981.0}), 40.0);
  // Between cells (2,0) and (2,1).
  EXPECT_FALSE(sampler.bilinear({1010.0, 1975.0}).has_value());
}

TEST(RasterSampler, NanCellIsMissing) {
  Grid<float> grid(2, 2, 5.0f);
  grid(0, 1) = std::numeric_limits<float>::quiet_NaN();
  grid.set_transform(GeoTransform{0.0, 1.0, 0.0, 2.0, 0.0, -1.0});
  const std::string path = (scratch_directory("nan") / "dem.tif").string();
  write_raster(grid, path);

  const RasterSampler sampler(path);
  EXPECT_FALSE(sampler.nodata().has_value());
  EXPECT_EQ(sampler.nearest({0.5, 1.5}), 5.0);
  EXPECT_FALSE(sampler.nearest({1.5, 1.5}).has_value());
  EXPECT_FALSE(sampler.bilinear({1.0, 1.0}).has_value());
}

TEST(RasterSampler, ReprojectsLambertPointsToDegrees) {
  // 20 × 20 cells of 0.01°, with value 100 × row + col. Lambert-93's
  // origin, (700000, 6600000), is 3°E 46.5°N by definition, the centre of
  // cell (10, 9).
  Grid<float> grid(20, 20);
  for (std::size_t r = 0; r < 20; ++r) {
    for (std::size_t c = 0; c < 20; ++c) {
      grid(r, c) = static_cast<float>(100 * r + c);
    }
  }
  grid.set_transform(GeoTransform{2.905, 0.01, 0.0, 46.605, 0.0, -0.01});
  grid.set_crs_wkt("EPSG:4326");
  const std::string path = (scratch_directory("degrees") / "dem.tif").string();
  write_raster(grid, path);

  const RasterSampler sampler(path, "EPSG:2154");
  EXPECT_TRUE(sampler.transforms_points());
  EXPECT_EQ(sampler.nearest({700000.0, 6600000.0}), 1009.0);
  EXPECT_NEAR(*sampler.bilinear({700000.0, 6600000.0}), 1009.0, 1e-6);
  // 0.01° of latitude is about 1112 m: 500 m north is half a cell up.
  EXPECT_EQ(sampler.nearest({700000.0, 6600500.0}), 1009.0);
  EXPECT_EQ(sampler.nearest({700000.0, 6600700.0}), 909.0);
  // 0.01° × 6,371,009 m × π/180 × √cos(46.505°).
  EXPECT_NEAR(sampler.cell_size_m(), 922.51, 0.01);
  EXPECT_FALSE(sampler.nearest({600000.0, 6600000.0}).has_value());
}

TEST(RasterSampler, SameCrsIsNotTransformed) {
  const std::string path = write_small_dem("same_crs");
  const RasterSampler sampler(path, "EPSG:2154");
  EXPECT_FALSE(sampler.transforms_points());
  EXPECT_EQ(sampler.nearest({1005.0, 1995.0}), 0.0);
  EXPECT_DOUBLE_EQ(sampler.cell_size_m(), 10.0);
}

TEST(RasterSampler, ReadsEachWindowOnce) {
  // 64 × 64 cells in 16 × 16 tiles: 16 windows.
  Grid<float> grid(64, 64);
  for (std::size_t r = 0; r < 64; ++r) {
    for (std::size_t c = 0; c < 64; ++c) {
      grid(r, c) = static_cast<float>(r * 64 + c);
    }
  }
  grid.set_transform(GeoTransform{0.0, 1.0, 0.0, 64.0, 0.0, -1.0});
  const std::string path = (scratch_directory("tiles") / "dem.tif").string();
  RasterWriteOptions options;
  options.block_size = 16;
  write_raster(grid, path, options);

  const RasterSampler sampler(path);
  EXPECT_EQ(sampler.windows_read(), 0u);
  for (int i = 0; i < 100; ++i) {
    const double offset = 0.15 * i;
    ASSERT_TRUE(sampler.nearest({offset, 64.0 - offset}).has_value());
  }
  EXPECT_EQ(sampler.windows_read(), 1u);

  for (std::size_t r = 0; r < 64; ++r) {
    for (std::size_t c = 0; c < 64; ++c) {
      const Point centre{static_cast<double>(c) + 0.5,
                         64.0 - static_cast<double>(r) - 0.5};
      ASSERT_EQ(sampler.nearest(centre), static_cast<double>(r * 64 + c))
          << "row " << r << ", column " << c;
    }
  }
  EXPECT_EQ(sampler.windows_read(), 16u);
}

TEST(RasterSampler, MovedSamplerKeepsWorking) {
  RasterSampler first(write_small_dem("moved"));
  RasterSampler second(std::move(first));
  EXPECT_EQ(second.nearest({1005.0, 1995.0}), 0.0);
  RasterSampler third(write_small_dem("moved_again"));
  third = std::move(second);
  EXPECT_EQ(third.nearest({1015.0, 1985.0}), 50.0);
}

TEST(RasterSampler, BadInputsThrow) {
  const std::string path = write_small_dem("errors");
  EXPECT_THROW(RasterSampler("/nonexistent/dem.tif"), FileNotFoundError);
  EXPECT_THROW(RasterSampler(path, "", 2), InvalidInputError);
  EXPECT_THROW(RasterSampler(path, "EPSG:99999999"), CrsError);
  const fs::path text = scratch_directory("errors_text") / "dem.tif";
  {
    std::FILE* file = std::fopen(text.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("not a raster\n", file);
    std::fclose(file);
  }
  EXPECT_THROW(RasterSampler(text.string()), IoError);
}

TEST(RasterSampler, RasterWithoutCrsRejectsPointCrs) {
  Grid<float> grid(2, 2, 5.0f);
  grid.set_transform(GeoTransform{1000.0, 10.0, 0.0, 2000.0, 0.0, -10.0});
  const std::string path = (scratch_directory("no_crs") / "dem.tif").string();
  write_raster(grid, path);

  // Without a CRS for the points, the raster's coordinates are used.
  const RasterSampler plain(path);
  EXPECT_EQ(plain.nearest({1005.0, 1995.0}), 5.0);

  try {
    const RasterSampler sampler(path, "EPSG:2154");
    FAIL() << "no exception";
  } catch (const CrsError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find(path + " has no CRS"), std::string::npos) << message;
    EXPECT_NE(message.find("gdal_edit.py -a_srs"), std::string::npos)
        << message;
  }
}

TEST(RasterSampler, RealDemMatchesFullRead) {
  const std::string path = shared_raster("bigtujunga/bigtujunga.tif");
  if (!fs::exists(path)) {
    GTEST_SKIP() << "no real data at " << path;
  }
  // 1197 × 643 cells of 30 m in 128 × 128 blocks, Int16, nodata 32767.
  const Grid<std::int16_t> grid = read_raster<std::int16_t>(path);
  const RasterSampler sampler(path, "EPSG:32611");
  EXPECT_FALSE(sampler.transforms_points());
  EXPECT_NEAR(sampler.cell_size_m(), 30.0, 1e-9);
  std::size_t checked = 0;
  for (std::size_t r = 0; r < grid.rows(); r += 7) {
    for (std::size_t c = 0; c < grid.cols(); c += 11) {
      const auto [x, y] = grid.transform().cell_centre(r, c);
      const std::optional<double> nearest = sampler.nearest({x, y});
      const std::optional<double> bilinear = sampler.bilinear({x, y});
      if (grid.is_nodata(r, c)) {
        EXPECT_FALSE(nearest.has_value()) << "row " << r << ", column " << c;
        continue;
      }
      ASSERT_TRUE(nearest.has_value()) << "row " << r << ", column " << c;
      EXPECT_EQ(*nearest, grid(r, c)) << "row " << r << ", column " << c;
      ASSERT_TRUE(bilinear.has_value()) << "row " << r << ", column " << c;
      EXPECT_NEAR(*bilinear, grid(r, c), 1e-6);
      ++checked;
    }
  }
  EXPECT_GT(checked, 9000u);
}
