// Tests of drawing a region profile's stream thresholds on a DEM grid.
#include "georiviere/region/stream_thresholds.hpp"

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "vector_fixtures.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;
using Spans = std::vector<std::pair<std::size_t, std::size_t>>;

MultiPolygon polygon(Ring outer, std::vector<Ring> holes = {}) {
  MultiPolygon result;
  result.parts.push_back(Polygon{std::move(outer), std::move(holes)});
  return result;
}

// A grid of 1 m cells with its top-left corner at (0, rows).
GeoTransform unit_grid(std::size_t rows) {
  return GeoTransform{0.0, 1.0, 0.0, static_cast<double>(rows), 0.0, -1.0};
}

std::size_t cell_count(const CellSpans& spans) {
  std::size_t count = 0;
  for (const Spans& row : spans.rows) {
    for (const auto& [begin, end] : row) {
      count += end - begin;
    }
  }
  return count;
}

// Writes polygons given as WKT to a GeoJSON file in CRS `epsg`, with a
// string field "kind".
std::string
write_zones(const std::string& name, int epsg,
            const std::vector<std::pair<std::string, std::string>>& zones) {
  const fs::path folder =
      fs::path(GEORIVIERE_BINARY_DIR) / "region_thresholds_scratch";
  fs::create_directories(folder);
  const std::string path = (folder / name).string();
  fs::remove(path);
  testing::TestLayer layer;
  layer.name = "zones";
  layer.epsg = epsg;
  layer.type = wkbPolygon;
  layer.fields = {{"kind", OFTString}};
  for (const auto& [kind, wkt] : zones) {
    layer.features.push_back({wkt, {kind}});
  }
  testing::write_dataset(path, "GeoJSON", {layer});
  return path;
}

ThresholdOverride polygon_override(std::string name, double km2,
                                   std::string path, std::string where = {}) {
  ThresholdOverride entry;
  entry.name = std::move(name);
  entry.threshold_km2 = km2;
  entry.polygon_path = std::move(path);
  entry.polygon_where = std::move(where);
  return entry;
}

TEST(RasterizePolygons, TriangleBelowDiagonal) {
  // Cell (r, c) has its centre at (c + 0.5, 3.5 - r), inside x + y < 4
  // when c < r. Centres on the diagonal are on the right edge: outside.
  const CellSpans spans = rasterize_polygons(
      {polygon({{0.0, 0.0}, {4.0, 0.0}, {0.0, 4.0}})}, unit_grid(4), 4, 4);
  EXPECT_EQ(spans.first_row, 0u);
  ASSERT_EQ(spans.rows.size(), 4u);
  EXPECT_TRUE(spans.rows[0].empty());
  EXPECT_EQ(spans.rows[1], (Spans{{0, 1}}));
  EXPECT_EQ(spans.rows[2], (Spans{{0, 2}}));
  EXPECT_EQ(spans.rows[3], (Spans{{0, 3}}));
  EXPECT_TRUE(spans.contains(3, 2));
  EXPECT_FALSE(spans.contains(2, 2));
  EXPECT_FALSE(spans.contains(7, 0));
}

TEST(RasterizePolygons, HoleIsLeftOut) {
  const CellSpans spans = rasterize_polygons(
      {polygon({{0.0, 0.0}, {6.0, 0.0}, {6.0, 6.0}, {0.0, 6.0}},
               {{{2.0, 2.0}, {4.0, 2.0}, {4.0, 4.0}, {2.0, 4.0}}})},
      unit_grid(6), 6, 6);
  EXPECT_EQ(cell_count(spans), 32u);
  // Row 2 has its centres at y = 3.5, through the hole.
  EXPECT_EQ(spans.rows[2], (Spans{{0, 2}, {4, 6}}));
  EXPECT_FALSE(spans.contains(2, 3));
  EXPECT_TRUE(spans.contains(2, 4));
}

TEST(RasterizePolygons, OverlappingFeaturesAreMerged) {
  // Two features that overlap on x 2 to 3 add up; they do not cancel.
  const CellSpans spans = rasterize_polygons(
      {polygon({{0.0, 0.0}, {3.0, 0.0}, {3.0, 1.0}, {0.0, 1.0}}),
       polygon({{2.0, 0.0}, {5.0, 0.0}, {5.0, 1.0}, {2.0, 1.0}})},
      unit_grid(2), 2, 6);
  EXPECT_EQ(spans.first_row, 0u);
  EXPECT_EQ(spans.rows[1], (Spans{{0, 5}}));
  EXPECT_EQ(cell_count(spans), 5u);
}

TEST(RasterizePolygons, ClipsToGrid) {
  const CellSpans spans = rasterize_polygons(
      {polygon({{-10.0, 1.0}, {2.5, 1.0}, {2.5, 40.0}, {-10.0, 40.0}})},
      unit_grid(4), 4, 4);
  // Rows 0 to 2 (centres 3.5 to 1.5), columns 0 to 2 (centres up to 2.5,
  // the right edge, excluded).
  EXPECT_EQ(spans.first_row, 0u);
  EXPECT_EQ(cell_count(spans), 6u);
  EXPECT_EQ(spans.rows[0], (Spans{{0, 2}}));
  EXPECT_TRUE(
      rasterize_polygons({polygon({{10.0, 10.0}, {11.0, 10.0}, {11.0, 11.0}})},
                         unit_grid(4), 4, 4)
          .rows.empty());
}

TEST(RasterizePolygons, RotatedGridThrows) {
  GeoTransform rotated = unit_grid(4);
  rotated.row_rotation = 0.1;
  EXPECT_THROW(rasterize_polygons({}, rotated, 4, 4), InvalidInputError);
}

TEST(StreamThresholdsOnGrid, NoOverridesKeepsDefault) {
  RegionProfile profile;
  profile.streams.threshold_km2 = 2.5;
  const GridStreamThresholds thresholds =
      stream_thresholds_on_grid(profile, "EPSG:2154", unit_grid(4), 4, 4);
  EXPECT_EQ(thresholds.threshold.default_km2, 2.5);
  EXPECT_TRUE(thresholds.threshold.boxes.empty());
  EXPECT_TRUE(thresholds.overrides.empty());
}

TEST(StreamThresholdsOnGrid, BoxThenPolygonFirstMatchWins) {
  // 10 m cells over x 700000 to 700100, y 6600000 to 6600100 (Lambert-93).
  const GeoTransform transform{700000.0, 10.0, 0.0, 6600100.0, 0.0, -10.0};
  // The west half as a polygon, its south-west quarter as a box.
  const std::string zones = write_zones(
      "west.geojson", 2154,
      {{"west", "POLYGON ((700000 6600000, 700050 6600000, 700050 6600100, "
                "700000 6600100, 700000 6600000))"},
       {"east", "POLYGON ((700050 6600000, 700100 6600000, 700100 6600100, "
                "700050 6600100, 700050 6600000))"}});
  RegionProfile profile;
  profile.name = "zones";
  profile.epsg = 2154;
  profile.streams.threshold_km2 = 1.0;
  ThresholdOverride box;
  box.name = "south-west";
  box.threshold_km2 = 0.5;
  box.bbox = RegionBox{700000.0, 6600000.0, 700050.0, 6600050.0};
  profile.streams.overrides = {
      box, polygon_override("west", 0.1, zones, "kind = 'west'")};

  GridStreamThresholds thresholds =
      stream_thresholds_on_grid(profile, "EPSG:2154", transform, 10, 10);
  ASSERT_EQ(thresholds.overrides.size(), 2u);
  EXPECT_FALSE(thresholds.overrides[0].from_polygons);
  EXPECT_TRUE(thresholds.overrides[1].from_polygons);
  EXPECT_EQ(thresholds.overrides[1].polygons, 1u);
  EXPECT_EQ(thresholds.overrides[1].cells, 50u);
  const StreamThreshold& threshold = thresholds.threshold;
  EXPECT_EQ(threshold.at(transform, 9, 0), 0.5); // south-west: the box
  EXPECT_EQ(threshold.at(transform, 0, 0), 0.1); // north-west: polygon
  EXPECT_EQ(threshold.at(transform, 0, 4), 0.1);
  EXPECT_EQ(threshold.at(transform, 0, 5), 1.0); // east: the default
  EXPECT_EQ(threshold.at(transform, 9, 9), 1.0);

  // Moving the result keeps the boxes pointing at live cells.
  const GridStreamThresholds moved = std::move(thresholds);
  EXPECT_EQ(moved.threshold.at(transform, 0, 0), 0.1);
}

TEST(StreamThresholdsOnGrid, PolygonsInDegreesAreMoved) {
  // Lambert-93's origin (700000, 6600000) is 3°E 46.5°N. A polygon of
  // ±0.001° around it covers about 150 m by 220 m, on a 10 m grid
  // centred there.
  const GeoTransform transform{699500.0, 10.0, 0.0, 6600500.0, 0.0, -10.0};
  const std::string zones = write_zones(
      "degrees.geojson", 4326,
      {{"centre", "POLYGON ((2.999 46.499, 3.001 46.499, 3.001 46.501, "
                  "2.999 46.501, 2.999 46.499))"}});
  RegionProfile profile;
  profile.name = "degrees";
  profile.epsg = 2154;
  profile.streams.overrides = {polygon_override("centre", 0.2, zones)};
  const GridStreamThresholds thresholds =
      stream_thresholds_on_grid(profile, "EPSG:2154", transform, 100, 100);
  // Cell (r, c) has its centre at (699505 + 10 c, 6600495 - 10 r). The
  // polygon spans about x ± 77 m and y ± 111 m: columns 42 to 57, rows 39
  // to 60.
  const StreamThreshold& threshold = thresholds.threshold;
  EXPECT_EQ(threshold.at(transform, 50, 50), 0.2);
  EXPECT_EQ(threshold.at(transform, 50, 57), 0.2);
  EXPECT_EQ(threshold.at(transform, 50, 60), 1.0);
  EXPECT_EQ(threshold.at(transform, 50, 40), 1.0);
  EXPECT_EQ(threshold.at(transform, 40, 50), 0.2);
  EXPECT_EQ(threshold.at(transform, 36, 50), 1.0);
  EXPECT_EQ(threshold.at(transform, 62, 50), 1.0);
  // 16 columns by 22 rows, give or take one where an edge falls near a
  // row or column of centres.
  EXPECT_NEAR(static_cast<double>(thresholds.overrides[0].cells), 16.0 * 22.0,
              40.0);
}

TEST(StreamThresholdsOnGrid, MissingLayerNamesOverride) {
  RegionProfile profile;
  profile.name = "broken";
  profile.streams.overrides = {
      polygon_override("marsh", 0.1, "/nonexistent/zones.gpkg")};
  try {
    stream_thresholds_on_grid(profile, "EPSG:2154", unit_grid(4), 4, 4);
    FAIL() << "expected FileNotFoundError";
  } catch (const FileNotFoundError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("stream threshold override 'marsh' of region "
                           "profile 'broken'"),
              std::string::npos)
        << message;
  }
}

TEST(StreamThresholdsOnGrid, BoxWithoutEpsgOnDegreesThrows) {
  RegionProfile profile;
  profile.name = "boxes";
  ThresholdOverride box;
  box.name = "box";
  box.threshold_km2 = 0.5;
  box.bbox = RegionBox{0.0, 0.0, 1.0, 1.0};
  profile.streams.overrides = {box};
  const GeoTransform degrees{2.0, 0.01, 0.0, 47.0, 0.0, -0.01};
  EXPECT_THROW(stream_thresholds_on_grid(profile, "EPSG:4326", degrees, 10, 10),
               ConfigError);
}

} // namespace
} // namespace georiviere
