#include "georiviere/io/raster_io.hpp"

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <gdal.h>
#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

using namespace georiviere;
namespace fs = std::filesystem;

namespace {

// A fresh, empty directory for one test under the build tree.
fs::path scratch_directory(const std::string& name) {
  const fs::path path =
      fs::path(GEORIVIERE_BINARY_DIR) / "raster_io_scratch" / name;
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

std::string image_structure(const std::string& path, const char* key) {
  GDALDatasetH dataset = GDALOpen(path.c_str(), GA_ReadOnly);
  if (dataset == nullptr) {
    return "";
  }
  const char* value = GDALGetMetadataItem(dataset, key, "IMAGE_STRUCTURE");
  std::string result = value != nullptr ? value : "";
  GDALClose(dataset);
  return result;
}

} // namespace

TEST(RasterIo, RoundTripFloatWithMetadata) {
  const fs::path folder = scratch_directory("float");
  const std::string path = (folder / "dem.tif").string();
  Grid<float> grid(300, 270, 0.0f, -9999.0f);
  for (std::size_t r = 0; r < grid.rows(); ++r) {
    for (std::size_t c = 0; c < grid.cols(); ++c) {
      grid(r, c) = static_cast<float>(r) * 0.5f + static_cast<float>(c);
    }
  }
  grid(10, 20) = -9999.0f;
  grid.set_transform(GeoTransform{843000.0, 5.0, 0.0, 6520000.0, 0.0, -5.0});
  grid.set_crs_wkt("EPSG:2154");
  write_raster(grid, path);

  const Grid<float> back = read_raster<float>(path);
  EXPECT_EQ(back.rows(), 300u);
  EXPECT_EQ(back.cols(), 270u);
  EXPECT_EQ(back.cells(), grid.cells());
  ASSERT_TRUE(back.nodata().has_value());
  EXPECT_EQ(*back.nodata(), -9999.0f);
  EXPECT_TRUE(back.is_nodata(10, 20));
  EXPECT_EQ(back.transform(), grid.transform());
  EXPECT_NE(back.crs_wkt().find("Lambert"), std::string::npos)
      << back.crs_wkt();

  EXPECT_EQ(image_structure(path, "COMPRESSION"), "DEFLATE");
  const RasterInfo info = read_raster_info(path);
  EXPECT_EQ(info.rows, 300u);
  EXPECT_EQ(info.data_type, "Float32");
  ASSERT_TRUE(info.nodata.has_value());
  EXPECT_EQ(*info.nodata, -9999.0);

  GDALDatasetH dataset = GDALOpen(path.c_str(), GA_ReadOnly);
  ASSERT_NE(dataset, nullptr);
  int block_x = 0;
  int block_y = 0;
  GDALGetBlockSize(GDALGetRasterBand(dataset, 1), &block_x, &block_y);
  GDALClose(dataset);
  EXPECT_EQ(block_x, 256);
  EXPECT_EQ(block_y, 256);
}

TEST(RasterIo, NoTemporaryFileLeft) {
  const fs::path folder = scratch_directory("temporary");
  const Grid<std::uint8_t> grid(4, 4, std::uint8_t{3});
  write_raster(grid, (folder / "a.tif").string());
  // Writing again replaces the file.
  write_raster(grid, (folder / "a.tif").string());
  std::vector<std::string> names;
  for (const auto& entry : fs::directory_iterator(folder)) {
    names.push_back(entry.path().filename().string());
  }
  EXPECT_EQ(names, std::vector<std::string>{"a.tif"});
}

TEST(RasterIo, RoundTripUnsigned64) {
  const fs::path folder = scratch_directory("uint64");
  const std::string path = (folder / "acc.tif").string();
  const std::uint64_t big = (std::uint64_t{1} << 60) + 1;
  Grid<std::uint64_t> grid(2, 2, std::vector<std::uint64_t>{1, 2, big, 0},
                           std::uint64_t{0});
  write_raster(grid, path);
  const Grid<std::uint64_t> back = read_raster<std::uint64_t>(path);
  EXPECT_EQ(back.cells(), grid.cells());
  ASSERT_TRUE(back.nodata().has_value());
  EXPECT_EQ(*back.nodata(), 0u);
}

TEST(RasterIo, ThreadedReadGivesSameCells) {
  // Tiled and compressed as write_raster writes it, with several blocks.
  const fs::path folder = scratch_directory("threaded");
  const std::string path = (folder / "dem.tif").string();
  Grid<float> grid(700, 600, 0.0f, -9999.0f);
  for (std::size_t i = 0; i < grid.size(); ++i) {
    grid.cells()[i] = static_cast<float>((i * 7919) % 1000) * 0.5f;
  }
  write_raster(grid, path);
  const Grid<float> one = read_raster<float>(path, 1, 1);
  const Grid<float> two = read_raster<float>(path, 1, 2);
  EXPECT_EQ(one.cells(), grid.cells());
  EXPECT_EQ(two.cells(), grid.cells());
  EXPECT_THROW(read_raster<float>(path, 1, 0), InvalidInputError);
}

TEST(RasterIo, WritesStridedView) {
  const fs::path folder = scratch_directory("strided");
  const std::string path = (folder / "v.tif").string();
  std::vector<std::int16_t> buffer = {1, 2, -7, //
                                      3, 4, -7};
  GridView<const std::int16_t> view(buffer.data(), 2, 2, 3,
                                    std::int16_t{-32768});
  write_raster(view, "", path);
  const Grid<std::int16_t> back = read_raster<std::int16_t>(path);
  EXPECT_EQ(back.cells(), (std::vector<std::int16_t>{1, 2, 3, 4}));
  EXPECT_EQ(*back.nodata(), -32768);
  EXPECT_TRUE(back.crs_wkt().empty());
}

TEST(RasterIo, NodataNotRepresentableRejected) {
  const fs::path folder = scratch_directory("nodata");
  const std::string path = (folder / "f.tif").string();
  write_raster(Grid<float>(2, 2, 1.0f, -9999.5f), path);
  EXPECT_THROW(read_raster<std::int32_t>(path), InvalidInputError);
  EXPECT_NO_THROW(read_raster<double>(path));
}

TEST(RasterIo, ErrorsNameTheProblem) {
  EXPECT_THROW(read_raster<float>("/nonexistent/dem.tif"), FileNotFoundError);
  const fs::path folder = scratch_directory("errors");
  const std::string path = (folder / "g.tif").string();
  write_raster(Grid<float>(2, 2, 1.0f), path);
  EXPECT_THROW(read_raster<float>(path, 2), InvalidInputError);
  EXPECT_THROW(write_raster(Grid<float>(2, 2, 1.0f),
                            (folder / "missing" / "x.tif").string()),
               IoError);
  EXPECT_THROW(write_raster(Grid<float>(), path), InvalidInputError);
  Grid<float> bad_crs(2, 2, 1.0f);
  bad_crs.set_crs_wkt("not a CRS");
  EXPECT_THROW(write_raster(bad_crs, path), CrsError);
  // The earlier file is untouched by the failed writes.
  EXPECT_EQ(read_raster<float>(path).rows(), 2u);

  const std::string text = (folder / "text.tif").string();
  {
    std::FILE* file = std::fopen(text.c_str(), "w");
    ASSERT_NE(file, nullptr);
    std::fputs("not a raster", file);
    std::fclose(file);
  }
  EXPECT_THROW(read_raster<float>(text), IoError);
}

TEST(RasterIo, ReadsSharedDems) {
  const std::string med =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/med/MED_01_01.tif";
  if (!fs::exists(med)) {
    GTEST_SKIP() << med << " is missing";
  }
  // An Int16 band whose nodata (-3.4e38) no Int16 cell can hold.
  const Grid<float> dem = read_raster<float>(med);
  EXPECT_EQ(dem.rows(), 456u);
  EXPECT_EQ(dem.cols(), 656u);
  EXPECT_FALSE(dem.nodata().has_value());
  EXPECT_DOUBLE_EQ(dem.transform().pixel_width, 10.0);
  EXPECT_DOUBLE_EQ(dem.transform().pixel_height, -10.0);
  const Grid<std::int16_t> as_int = read_raster<std::int16_t>(med);
  EXPECT_FALSE(as_int.nodata().has_value());
  EXPECT_EQ(static_cast<float>(as_int(100, 100)), dem(100, 100));

  const std::string fel =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/med/MED_01_01fel.tif";
  const Grid<float> filled = read_raster<float>(fel);
  ASSERT_TRUE(filled.nodata().has_value());
  EXPECT_EQ(*filled.nodata(), -3e38f);

  const std::string dem_4326 =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/pysheds/dem.tif";
  const Grid<std::int16_t> pysheds = read_raster<std::int16_t>(dem_4326);
  ASSERT_TRUE(pysheds.nodata().has_value());
  EXPECT_EQ(*pysheds.nodata(), -32768);
  EXPECT_NE(pysheds.crs_wkt().find("WGS 84"), std::string::npos);
}
