// Reading point layers: parts, features without geometry, reprojection and
// rejected input.
#include "georiviere/io/point_reader.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "vector_fixtures.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;

const char* lambert_93 = R"("crs": {"type": "name", "properties": {"name":
    "urn:ogc:def:crs:EPSG::2154"}},)";

class PointReaderTest : public testing::TemporaryDirectoryTest {
protected:
  PointReaderTest() : TemporaryDirectoryTest("georiviere_points_") {}

  // Writes a GeoJSON collection of the features, with the CRS text first.
  std::string write(const std::string& name, const std::string& crs,
                    const std::string& features) const {
    const fs::path path = directory_ / name;
    std::ofstream(path) << R"({"type": "FeatureCollection", )" << crs
                        << R"( "features": [)" << features << "]}";
    return path.string();
  }
};

const char* three_features = R"(
  {"type": "Feature", "id": 7, "properties": {"obs": "erosion", "n": 1},
   "geometry": {"type": "Point", "coordinates": [800010, 6500020]}},
  {"type": "Feature", "id": 8, "properties": {"obs": "pair", "n": 2},
   "geometry": {"type": "MultiPoint",
                "coordinates": [[800000, 6500000], [800005, 6500000]]}},
  {"type": "Feature", "id": 9, "properties": {"obs": "lost", "n": 3},
   "geometry": null})";

TEST_F(PointReaderTest, ReadsPartsAndAttributes) {
  PointReadOptions options;
  options.path = write("points.geojson", lambert_93, three_features);
  const PointLayer layer = read_points(options);
  ASSERT_EQ(layer.size(), 4u);
  EXPECT_EQ(layer.points[0], (Point{800010, 6500020}));
  EXPECT_EQ(layer.points[1], (Point{800000, 6500000}));
  EXPECT_EQ(layer.points[2], (Point{800005, 6500000}));
  EXPECT_EQ(layer.rows, (std::vector<std::uint32_t>{0, 1, 1, 2}));
  EXPECT_EQ(layer.attributes.fids, (std::vector<std::int64_t>{7, 8, 9}));
  ASSERT_EQ(layer.attributes.fields.size(), 2u);
  EXPECT_EQ(layer.attributes.fields[0].name, "obs");
  EXPECT_EQ(layer.attributes.rows[2][0], FieldValue{std::string("lost")});
}

TEST_F(PointReaderTest, NullGeometryGivesNanPoint) {
  PointReadOptions options;
  options.path = write("points.geojson", lambert_93, three_features);
  const PointLayer layer = read_points(options);
  EXPECT_EQ(layer.features_without_geometry, 1u);
  EXPECT_TRUE(std::isnan(layer.points[3].x));
  EXPECT_TRUE(std::isnan(layer.points[3].y));
}

TEST_F(PointReaderTest, ReprojectsToWorkingCrs) {
  // Lambert-93 has false easting 700000 m and false northing 6600000 m at
  // 3 degrees east, 46.5 degrees north.
  PointReadOptions options;
  options.path = write("wgs84.geojson", "", R"(
    {"type": "Feature", "properties": {},
     "geometry": {"type": "Point", "coordinates": [3.0, 46.5]}})");
  options.working_crs = "EPSG:2154";
  const PointLayer layer = read_points(options);
  ASSERT_EQ(layer.size(), 1u);
  EXPECT_NEAR(layer.points[0].x, 700000.0, 1e-3);
  EXPECT_NEAR(layer.points[0].y, 6600000.0, 1e-3);
  EXPECT_FALSE(layer.crs_wkt.empty());
}

TEST_F(PointReaderTest, MissingCrsTakesWorkingCrs) {
  PointReadOptions options;
  options.path = directory_ / "no_crs.csv";
  std::ofstream(options.path) << "WKT,obs\n\"POINT (800000 6500000)\",a\n";
  options.working_crs = "EPSG:2154";
  const PointLayer layer = read_points(options);
  ASSERT_EQ(layer.size(), 1u);
  EXPECT_EQ(layer.points[0], (Point{800000, 6500000}));
  options.working_crs.clear();
  EXPECT_THROW(read_points(options), CrsError);
}

TEST_F(PointReaderTest, LineLayerRejected) {
  PointReadOptions options;
  options.path = write("lines.geojson", lambert_93, R"(
    {"type": "Feature", "properties": {},
     "geometry": {"type": "LineString",
                  "coordinates": [[800000, 6500000], [800010, 6500000]]}})");
  try {
    read_points(options);
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("Point or MultiPoint"),
              std::string::npos)
        << error.what();
  }
}

TEST_F(PointReaderTest, MissingFileRejected) {
  PointReadOptions options;
  options.path = (directory_ / "missing.geojson").string();
  EXPECT_THROW(read_points(options), FileNotFoundError);
}

TEST_F(PointReaderTest, EmptyFilterResultRejected) {
  PointReadOptions options;
  options.path = write("points.geojson", lambert_93, three_features);
  options.where = "n > 10";
  EXPECT_THROW(read_points(options), InvalidInputError);
}

} // namespace
} // namespace georiviere
