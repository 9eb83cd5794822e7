#include "georiviere/io/polygon_reader.hpp"

#include <cmath>
#include <filesystem>
#include <fstream>
#include <limits>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "georiviere/core/error.hpp"
#include "vector_fixtures.hpp"

using namespace georiviere;
namespace fs = std::filesystem;

namespace {

using georiviere::testing::contains;
using georiviere::testing::TestFeature;

// A Polygon layer named "zones" without CRS.
struct TestLayer : georiviere::testing::TestLayer {
  TestLayer() {
    name = "zones";
    type = wkbPolygon;
  }
};

void write_gpkg(const fs::path& path,
                const std::vector<georiviere::testing::TestLayer>& layers) {
  georiviere::testing::write_dataset(path, "GPKG", layers);
}

const char* const square_with_hole =
    "POLYGON ((700000 6600000, 700100 6600000, 700100 6600100, "
    "700000 6600100, 700000 6600000), (700040 6600040, 700040 6600060, "
    "700060 6600060, 700060 6600040, 700040 6600040))";

class PolygonReaderTest : public georiviere::testing::TemporaryDirectoryTest {
protected:
  PolygonReaderTest() : TemporaryDirectoryTest("georiviere_polygons_") {}

  // Two municipalities in Lambert-93: a square with a hole and a
  // MultiPolygon of two squares.
  std::string municipalities() {
    const std::string file = path("municipalities.gpkg");
    TestLayer layer;
    layer.epsg = 2154;
    // A generic geometry layer, as GDAL writes for mixed Polygon and
    // MultiPolygon features.
    layer.type = wkbUnknown;
    layer.fields = {{"name"}, {"code"}};
    layer.features = {
        {square_with_hole, {"Lentilly", "69112"}},
        {"MULTIPOLYGON (((700200 6600000, 700300 6600000, 700300 6600100, "
         "700200 6600100, 700200 6600000)), ((700400 6600000, 700500 "
         "6600000, 700500 6600100, 700400 6600100, 700400 6600000)))",
         {"Grézieu", ""}}};
    write_gpkg(file, {layer});
    return file;
  }
};

} // namespace

TEST_F(PolygonReaderTest, ReadsRingsHolesAndAttributes) {
  PolygonReadOptions options;
  options.path = municipalities();
  const PolygonLayer layer = read_polygons(options);

  ASSERT_EQ(layer.size(), 2u);
  EXPECT_EQ(layer.source, options.path + " (zones)");
  EXPECT_EQ(layer.features_without_geometry, 0u);
  ASSERT_EQ(layer.attributes.fields.size(), 2u);
  EXPECT_EQ(layer.attributes.fields[0].name, "name");
  ASSERT_EQ(layer.attributes.fids.size(), 2u);
  EXPECT_EQ(layer.attributes.fids[0], 1);
  EXPECT_EQ(layer.attributes.fids[1], 2);
  EXPECT_EQ(std::get<std::string>(layer.attributes.rows[0][0]), "Lentilly");
  EXPECT_EQ(std::get<std::string>(layer.attributes.rows[1][0]), "Grézieu");
  EXPECT_TRUE(
      std::holds_alternative<std::monostate>(layer.attributes.rows[1][1]));
  EXPECT_TRUE(contains(layer.crs_wkt, "Lambert-93")) << layer.crs_wkt;

  const MultiPolygon& first = layer.polygons[0];
  ASSERT_EQ(first.parts.size(), 1u);
  // The closing vertex is dropped.
  ASSERT_EQ(first.parts[0].outer.size(), 4u);
  EXPECT_EQ(first.parts[0].outer[0], (Point{700000, 6600000}));
  ASSERT_EQ(first.parts[0].holes.size(), 1u);
  EXPECT_EQ(first.parts[0].holes[0].size(), 4u);
  EXPECT_DOUBLE_EQ(first.area(), 10000.0 - 400.0);
  EXPECT_EQ(first.locate({700050, 6600050}), Location::outside);
  EXPECT_EQ(first.locate({700010, 6600050}), Location::inside);

  EXPECT_EQ(layer.polygons[1].parts.size(), 2u);
  EXPECT_DOUBLE_EQ(layer.polygons[1].area(), 20000.0);
}

TEST_F(PolygonReaderTest, DropsRepeatedVertices) {
  TestLayer layer;
  layer.epsg = 2154;
  layer.features = {{"POLYGON ((0 0, 10 0, 10 0, 10 10, 0 10, 0 0))", {}}};
  write_gpkg(path("repeated.gpkg"), {layer});
  PolygonReadOptions options;
  options.path = path("repeated.gpkg");
  const PolygonLayer result = read_polygons(options);
  ASSERT_EQ(result.size(), 1u);
  EXPECT_EQ(result.polygons[0].parts[0].outer.size(), 4u);
}

TEST_F(PolygonReaderTest, ReprojectsToWorkingCrs) {
  // Lambert-93 puts its origin, 3° E 46.5° N, at (700000, 6600000).
  TestLayer layer;
  layer.epsg = 4326;
  layer.features = {
      {"POLYGON ((3 46.5, 3.01 46.5, 3.01 46.51, 3 46.51, 3 46.5))", {}}};
  write_gpkg(path("wgs84.gpkg"), {layer});

  PolygonReadOptions options;
  options.path = path("wgs84.gpkg");
  options.working_crs = "EPSG:2154";
  const PolygonLayer result = read_polygons(options);
  ASSERT_EQ(result.size(), 1u);
  const Point origin = result.polygons[0].parts[0].outer[0];
  EXPECT_NEAR(origin.x, 700000.0, 1e-3);
  EXPECT_NEAR(origin.y, 6600000.0, 1e-3);
  // 0.01° of longitude at 46.5° N is about 766 m, 0.01° of latitude 1112 m.
  EXPECT_NEAR(result.polygons[0].area(), 766.0 * 1112.0, 2000.0);
  EXPECT_TRUE(contains(result.crs_wkt, "Lambert-93")) << result.crs_wkt;
}

TEST_F(PolygonReaderTest, WorkingCrsAsWktIsAccepted) {
  PolygonReadOptions options;
  options.path = municipalities();
  const std::string wkt = read_polygons(options).crs_wkt;
  options.working_crs = wkt;
  const PolygonLayer result = read_polygons(options);
  EXPECT_EQ(result.polygons[0].parts[0].outer[0], (Point{700000, 6600000}));
}

TEST_F(PolygonReaderTest, LayerWithoutCrsIsRejected) {
  TestLayer layer;
  layer.features = {{"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", {}}};
  write_gpkg(path("nocrs.gpkg"), {layer});
  PolygonReadOptions options;
  options.path = path("nocrs.gpkg");
  options.working_crs = "EPSG:2154";
  try {
    read_polygons(options);
    FAIL() << "a layer without CRS was accepted";
  } catch (const CrsError& error) {
    EXPECT_TRUE(contains(error.what(), "has no CRS")) << error.what();
    EXPECT_TRUE(contains(error.what(), "nocrs.gpkg")) << error.what();
  }

  options.layer_crs_if_missing = "2154";
  const PolygonLayer result = read_polygons(options);
  EXPECT_EQ(result.polygons[0].parts[0].outer[1], (Point{10, 0}));
}

TEST_F(PolygonReaderTest, GeographicWorkingCrsIsRejected) {
  PolygonReadOptions options;
  options.path = municipalities();
  options.working_crs = "EPSG:4326";
  EXPECT_THROW(read_polygons(options), CrsError);
  options.working_crs = "EPSG:999999";
  EXPECT_THROW(read_polygons(options), CrsError);

  TestLayer layer;
  layer.epsg = 4326;
  layer.features = {{"POLYGON ((3 46, 4 46, 4 47, 3 46))", {}}};
  write_gpkg(path("geographic.gpkg"), {layer});
  options.path = path("geographic.gpkg");
  options.working_crs.clear();
  EXPECT_THROW(read_polygons(options), CrsError);
}

TEST_F(PolygonReaderTest, LineAndPointLayersAreRejected) {
  TestLayer lines;
  lines.name = "rivers";
  lines.epsg = 2154;
  lines.type = wkbLineString;
  lines.features = {{"LINESTRING (0 0, 1 0)", {}}};
  TestLayer points;
  points.name = "gauges";
  points.epsg = 2154;
  points.type = wkbPoint;
  points.features = {{"POINT (0 0)", {}}};
  write_gpkg(path("lines.gpkg"), {lines, points});

  PolygonReadOptions options;
  options.path = path("lines.gpkg");
  // Two layers, none of polygons: the message lists them.
  try {
    read_polygons(options);
    FAIL() << "a dataset without polygon layer was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "rivers")) << error.what();
    EXPECT_TRUE(contains(error.what(), "gauges")) << error.what();
    EXPECT_TRUE(contains(error.what(), "--layer")) << error.what();
  }
  for (const std::string name : {"rivers", "gauges"}) {
    options.layer = name;
    try {
      read_polygons(options);
      FAIL() << "layer " << name << " was accepted";
    } catch (const InvalidInputError& error) {
      EXPECT_TRUE(contains(error.what(), "Polygon or MultiPolygon"))
          << error.what();
      EXPECT_TRUE(contains(error.what(), name)) << error.what();
    }
  }
}

TEST_F(PolygonReaderTest, LineInMixedLayerNamesFid) {
  const std::string file = path("mixed.geojson");
  std::ofstream(file) << R"({"type": "FeatureCollection", "features": [
{"type": "Feature", "properties": {}, "geometry": {"type": "Polygon",
 "coordinates": [[[3, 46], [3.1, 46], [3.1, 46.1], [3, 46]]]}},
{"type": "Feature", "properties": {}, "geometry": {"type": "LineString",
 "coordinates": [[3, 46], [3.1, 46]]}}]})";
  PolygonReadOptions options;
  options.path = file;
  options.working_crs = "EPSG:2154";
  try {
    read_polygons(options);
    FAIL() << "a line feature was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "Line String")) << error.what();
    EXPECT_TRUE(contains(error.what(), "feature 1")) << error.what();
  }
}

TEST_F(PolygonReaderTest, PicksTheOnlyPolygonLayer) {
  TestLayer lines;
  lines.name = "rivers";
  lines.epsg = 2154;
  lines.type = wkbLineString;
  lines.features = {{"LINESTRING (0 0, 1 0)", {}}};
  TestLayer zones;
  zones.epsg = 2154;
  zones.features = {{"POLYGON ((0 0, 10 0, 10 10, 0 10, 0 0))", {}}};
  write_gpkg(path("two.gpkg"), {lines, zones});

  PolygonReadOptions options;
  options.path = path("two.gpkg");
  EXPECT_EQ(read_polygons(options).source, options.path + " (zones)");
}

TEST_F(PolygonReaderTest, FilterAndEmptyResults) {
  PolygonReadOptions options;
  options.path = municipalities();
  options.where = "code = '69112'";
  const PolygonLayer filtered = read_polygons(options);
  ASSERT_EQ(filtered.size(), 1u);
  EXPECT_EQ(filtered.attributes.fids[0], 1);

  options.where = "code = 'none'";
  try {
    read_polygons(options);
    FAIL() << "an empty result was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "no polygon features")) << error.what();
    EXPECT_TRUE(contains(error.what(), "code = 'none'")) << error.what();
  }

  options.where = "no_such_field = 1";
  try {
    read_polygons(options);
    FAIL() << "an invalid filter was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "no_such_field")) << error.what();
    EXPECT_TRUE(contains(error.what(), "name, code")) << error.what();
  }
}

TEST_F(PolygonReaderTest, EmptyLayerIsRejected) {
  TestLayer layer;
  layer.epsg = 2154;
  layer.features = {{"", {}}};
  write_gpkg(path("empty.gpkg"), {layer});
  PolygonReadOptions options;
  options.path = path("empty.gpkg");
  try {
    read_polygons(options);
    FAIL() << "an empty layer was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "no polygon features")) << error.what();
    EXPECT_TRUE(contains(error.what(), "1 features without geometry"))
        << error.what();
  }
}

TEST_F(PolygonReaderTest, NanCoordinateNamesFid) {
  TestLayer layer;
  layer.epsg = 2154;
  layer.features = {{"POLYGON ((0 0, 10 0, 10 10, 0 0))", {}},
                    {"POLYGON ((0 0, 10 0, 10 10, 0 0))", {}}};
  write_gpkg(path("nan.gpkg"), {layer});
  {
    // WKT has no NaN, so the second polygon gets it through OGR.
    GDALDatasetUniquePtr dataset(GDALDataset::Open(
        path("nan.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(dataset);
    OGRLayer* ogr_layer = dataset->GetLayer(0);
    OGRFeatureUniquePtr feature(ogr_layer->GetFeature(2));
    ASSERT_TRUE(feature);
    OGRLinearRing ring;
    ring.addPoint(0.0, 0.0);
    ring.addPoint(std::numeric_limits<double>::quiet_NaN(), 5.0);
    ring.addPoint(10.0, 10.0);
    ring.addPoint(0.0, 0.0);
    OGRPolygon polygon;
    polygon.addRing(&ring);
    feature->SetGeometry(&polygon);
    ASSERT_EQ(ogr_layer->SetFeature(feature.get()), OGRERR_NONE);
  }

  PolygonReadOptions options;
  options.path = path("nan.gpkg");
  try {
    read_polygons(options);
    FAIL() << "a NaN coordinate was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "feature 2")) << error.what();
    EXPECT_TRUE(contains(error.what(), "NaN")) << error.what();
  }
}

TEST_F(PolygonReaderTest, MissingFileAndUnknownLayer) {
  PolygonReadOptions options;
  options.path = path("missing.gpkg");
  EXPECT_THROW(read_polygons(options), FileNotFoundError);

  options.path = municipalities();
  options.layer = "lakes";
  try {
    read_polygons(options);
    FAIL() << "an unknown layer was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "lakes")) << error.what();
    EXPECT_TRUE(contains(error.what(), "zones")) << error.what();
  }
}

TEST_F(PolygonReaderTest, ReportsProgressAndCancels) {
  PolygonReadOptions options;
  options.path = municipalities();
  double last = -1.0;
  options.progress = [&](std::string_view, double fraction) {
    EXPECT_GE(fraction, last);
    last = fraction;
    return true;
  };
  read_polygons(options);
  EXPECT_DOUBLE_EQ(last, 1.0);

  options.progress = [](std::string_view, double) { return false; };
  EXPECT_THROW(read_polygons(options), CancelledError);
}

// ---- real data ------------------------------------------------------------

TEST(PolygonReaderRealData, LiechtensteinMunicipalities) {
  const std::string file = std::string(GEORIVIERE_SHARED_DATA) +
                           "/vector/liechtenstein/"
                           "liechtenstein-2013-08-03.osm.pbf";
  if (!fs::exists(file)) {
    GTEST_SKIP() << file << " is missing";
  }
  PolygonReadOptions options;
  options.path = file;
  options.where = "admin_level = '8'";
  options.working_crs = "EPSG:32632";
  const PolygonLayer layer = read_polygons(options);
  EXPECT_EQ(layer.source, file + " (multipolygons)");
  ASSERT_EQ(layer.size(), 11u);

  // The eleven municipalities tile Liechtenstein, 160 km² by its official
  // figure.
  double area_km2 = 0.0;
  for (const MultiPolygon& polygon : layer.polygons) {
    area_km2 += polygon.area() / 1e6;
  }
  EXPECT_NEAR(area_km2, 160.0, 3.0);

  // Vaduz town hall, 9.5209° E 47.1397° N, is in Vaduz and no other.
  const int name = layer.attributes.field_index("name");
  ASSERT_GE(name, 0);
  OGRSpatialReference wgs84;
  wgs84.importFromEPSG(4326);
  wgs84.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  OGRSpatialReference utm;
  utm.importFromEPSG(32632);
  utm.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
  std::unique_ptr<OGRCoordinateTransformation> transform(
      OGRCreateCoordinateTransformation(&wgs84, &utm));
  ASSERT_TRUE(transform);
  double x = 9.5209;
  double y = 47.1397;
  ASSERT_TRUE(transform->Transform(1, &x, &y));
  std::vector<std::string> covering;
  for (std::size_t i = 0; i < layer.size(); ++i) {
    if (layer.polygons[i].covers({x, y})) {
      covering.push_back(std::get<std::string>(layer.attributes.rows[i][name]));
    }
  }
  ASSERT_EQ(covering.size(), 1u);
  EXPECT_EQ(covering[0], "Vaduz");
}
