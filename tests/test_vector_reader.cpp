#include "georiviere/io/vector_reader.hpp"

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
using georiviere::testing::TestField;
using georiviere::testing::write_dataset;

// A LineString layer named "rivers" without CRS.
struct TestLayer : georiviere::testing::TestLayer {
  TestLayer() {
    name = "rivers";
    type = wkbLineString;
  }
};

class VectorReaderTest : public georiviere::testing::TemporaryDirectoryTest {
protected:
  VectorReaderTest() : TemporaryDirectoryTest("georiviere_reader_") {}

  // A GeoPackage in Lambert-93 with two features and typed attributes.
  std::string lambert_gpkg() {
    const std::string file = path("lambert.gpkg");
    TestLayer layer;
    layer.epsg = 2154;
    layer.type = wkbLineString25D;
    layer.fields = {{"name", OFTString},   {"rank", OFTInteger},
                    {"big", OFTInteger64}, {"width", OFTReal},
                    {"day", OFTDate},      {"stamp", OFTDateTime}};
    layer.features = {{"LINESTRING Z (700000 6600000 250, 700100 6600000 240)",
                       {"Le Rhône", "3", "9000000000", "12.5", "2024-05-17",
                        "2024-05-17T13:45:07Z"}},
                      {"LINESTRING Z (700100 6600000 240, 700100 6600200 230)",
                       {"", "1", "", "", "", ""}}};
    write_dataset(file, "GPKG", {layer});
    return file;
  }
};

} // namespace

TEST_F(VectorReaderTest, ReadsLinesAttributesAndCrs) {
  ReadOptions options;
  options.path = lambert_gpkg();
  const LineSet set = read_lines(options);

  ASSERT_EQ(set.lines.size(), 2u);
  EXPECT_EQ(set.lines[0].fid, 1); // GeoPackage fids start at 1
  EXPECT_EQ(set.lines[1].fid, 2);
  EXPECT_EQ(set.lines[1].row, 1u);
  EXPECT_EQ(set.lines[0].geometry.points[1], (Point{700100.0, 6600000.0}));
  EXPECT_EQ(set.lines[0].geometry.z, (std::vector<double>{250.0, 240.0}));
  EXPECT_FALSE(set.lines[0].geometry.has_m());
  EXPECT_DOUBLE_EQ(set.total_length(), 300.0);
  EXPECT_TRUE(contains(set.crs_wkt, "Lambert-93")) << set.crs_wkt;
  EXPECT_EQ(set.source, options.path + " (rivers)");
  EXPECT_EQ(set.features_without_geometry, 0u);
}

TEST_F(VectorReaderTest, KeepsAttributeTypesAndNulls) {
  ReadOptions options;
  options.path = lambert_gpkg();
  const AttributeTable table = read_lines(options).attributes;

  ASSERT_EQ(table.fields.size(), 6u);
  EXPECT_EQ(table.fields[0].type, FieldType::string);
  EXPECT_EQ(table.fields[1].type, FieldType::integer);
  EXPECT_EQ(table.fields[2].type, FieldType::integer);
  EXPECT_EQ(table.fields[3].type, FieldType::real);
  EXPECT_EQ(table.fields[4].type, FieldType::date_time);
  EXPECT_EQ(table.fields[5].type, FieldType::date_time);
  ASSERT_EQ(table.size(), 2u);
  EXPECT_EQ(table.fids, (std::vector<std::int64_t>{1, 2}));

  const auto& first = table.rows[0];
  EXPECT_EQ(std::get<std::string>(first[0]), "Le Rhône");
  EXPECT_EQ(std::get<std::int64_t>(first[1]), 3);
  EXPECT_EQ(std::get<std::int64_t>(first[2]), 9000000000LL);
  EXPECT_DOUBLE_EQ(std::get<double>(first[3]), 12.5);
  EXPECT_EQ(std::get<std::string>(first[4]), "2024-05-17");
  EXPECT_EQ(std::get<std::string>(first[5]), "2024-05-17T13:45:07Z");

  const auto& second = table.rows[1];
  EXPECT_TRUE(std::holds_alternative<std::monostate>(second[0]));
  EXPECT_EQ(std::get<std::int64_t>(second[1]), 1);
  EXPECT_TRUE(std::holds_alternative<std::monostate>(second[3]));
  EXPECT_TRUE(std::holds_alternative<std::monostate>(second[5]));
}

TEST_F(VectorReaderTest, ListsAndTimeZonesAsText) {
  const std::string file = path("lists.geojson");
  {
    std::ofstream out(file);
    out << R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "properties": {"ids": [1, 2, 3],
       "names": ["a", "b"], "widths": [0.1, 2.5],
       "seen": "2024-05-17T13:45:07+02:00"},
       "geometry": {"type": "LineString", "coordinates": [[3, 45], [3.01, 45]]}}
    ]})";
  }
  ReadOptions options;
  options.path = file;
  const LineSet set = read_lines(options);
  const int ids = set.attributes.field_index("ids");
  const int names = set.attributes.field_index("names");
  ASSERT_GE(ids, 0);
  ASSERT_GE(names, 0);
  EXPECT_EQ(std::get<std::string>(set.attributes.rows[0][ids]), "1,2,3");
  EXPECT_EQ(std::get<std::string>(set.attributes.rows[0][names]), "a,b");
  const int widths = set.attributes.field_index("widths");
  ASSERT_GE(widths, 0);
  EXPECT_EQ(std::get<std::string>(set.attributes.rows[0][widths]), "0.1,2.5");

  // GeoJSON text in ISO 8601 form becomes a DateTime field, and the time
  // zone offset survives the trip.
  const int seen = set.attributes.field_index("seen");
  ASSERT_GE(seen, 0);
  EXPECT_EQ(set.attributes.fields[seen].type, FieldType::date_time);
  EXPECT_EQ(std::get<std::string>(set.attributes.rows[0][seen]),
            "2024-05-17T13:45:07+02:00");
}

TEST_F(VectorReaderTest, SplitsMultiLineStringIntoParts) {
  const std::string file = path("multi.gpkg");
  TestLayer layer;
  layer.epsg = 2154;
  layer.type = wkbMultiLineString;
  layer.fields = {{"name", OFTString}};
  layer.features = {
      {"MULTILINESTRING ((0 0, 10 0), (10 0, 10 10), (20 0, 30 0))", {"a"}},
      {"MULTILINESTRING ((40 0, 50 0))", {"b"}}};
  write_dataset(file, "GPKG", {layer});

  ReadOptions options;
  options.path = file;
  const LineSet set = read_lines(options);
  ASSERT_EQ(set.lines.size(), 4u);
  for (int i = 0; i < 3; ++i) {
    EXPECT_EQ(set.lines[i].fid, 1) << i;
    EXPECT_EQ(set.lines[i].row, 0u) << i;
  }
  EXPECT_EQ(set.lines[3].fid, 2);
  EXPECT_EQ(set.lines[3].row, 1u);
  EXPECT_EQ(set.lines[1].geometry.back(), (Point{10.0, 10.0}));
  EXPECT_EQ(set.attributes.size(), 2u);
}

TEST_F(VectorReaderTest, KeepsZAndMPerVertex) {
  const std::string file = path("zm.gpkg");
  TestLayer layer;
  layer.epsg = 2154;
  layer.type = wkbLineStringZM;
  layer.features = {
      {"LINESTRING ZM (0 0 100 0, 30 40 90 50, 60 80 80 100)", {}}};
  write_dataset(file, "GPKG", {layer});

  ReadOptions options;
  options.path = file;
  const Polyline line = read_lines(options).lines.at(0).geometry;
  EXPECT_EQ(line.z, (std::vector<double>{100.0, 90.0, 80.0}));
  EXPECT_EQ(line.m, (std::vector<double>{0.0, 50.0, 100.0}));
}

TEST_F(VectorReaderTest, LinearisesCurves) {
  const std::string file = path("curve.gpkg");
  TestLayer layer;
  layer.epsg = 2154;
  layer.type = wkbCompoundCurve;
  layer.features = {
      {"COMPOUNDCURVE (CIRCULARSTRING (0 0, 100 100, 200 0), (200 0, 300 0))",
       {}}};
  write_dataset(file, "GPKG", {layer});

  ReadOptions options;
  options.path = file;
  const LineSet set = read_lines(options);
  ASSERT_EQ(set.lines.size(), 1u);
  const Polyline& line = set.lines[0].geometry;
  EXPECT_GT(line.size(), 10u);
  EXPECT_EQ(line.front(), (Point{0.0, 0.0}));
  EXPECT_EQ(line.back(), (Point{300.0, 0.0}));
  // Half a circle of radius 100, then a 100 m segment.
  EXPECT_NEAR(line.length(), 100.0 * M_PI + 100.0, 1.0);
}

TEST_F(VectorReaderTest, SkipsFeaturesWithoutGeometry) {
  const std::string file = path("nulls.gpkg");
  TestLayer layer;
  layer.epsg = 2154;
  layer.fields = {{"name", OFTString}};
  layer.features = {{"LINESTRING (0 0, 1 0)", {"a"}},
                    {"", {"no geometry"}},
                    {"LINESTRING EMPTY", {"empty"}},
                    {"LINESTRING (1 0, 2 0)", {"d"}}};
  write_dataset(file, "GPKG", {layer});

  ReadOptions options;
  options.path = file;
  const LineSet set = read_lines(options);
  EXPECT_EQ(set.features_without_geometry, 2u);
  ASSERT_EQ(set.lines.size(), 2u);
  EXPECT_EQ(set.lines[1].fid, 4);
  EXPECT_EQ(set.lines[1].row, 1u);
  EXPECT_EQ(set.attributes.fids, (std::vector<std::int64_t>{1, 4}));
  EXPECT_EQ(std::get<std::string>(set.attributes.rows[1][0]), "d");
}

TEST_F(VectorReaderTest, AppliesAttributeFilter) {
  ReadOptions options;
  options.path = lambert_gpkg();
  options.where = "rank = 3";
  const LineSet set = read_lines(options);
  ASSERT_EQ(set.lines.size(), 1u);
  EXPECT_EQ(set.lines[0].fid, 1);
  EXPECT_EQ(set.attributes.size(), 1u);
}

TEST_F(VectorReaderTest, InvalidFilterNamesTheFilter) {
  // GeoPackage passes the filter to SQLite, which fails only when reading;
  // Shapefile filters go through OGR SQL, which fails at once.
  TestLayer layer;
  layer.epsg = 2154;
  layer.fields = {{"name", OFTString}};
  layer.features = {{"LINESTRING (0 0, 1 0)", {"a"}}};
  write_dataset(path("filter.gpkg"), "GPKG", {layer});
  write_dataset(path("filter.shp"), "ESRI Shapefile", {layer});

  for (const std::string& file : {path("filter.gpkg"), path("filter.shp")}) {
    ReadOptions options;
    options.path = file;
    options.where = "name = = 'a'";
    try {
      read_lines(options);
      ADD_FAILURE() << "an invalid filter was accepted on " << file;
    } catch (const InvalidInputError& error) {
      EXPECT_TRUE(contains(error.what(), "name = = 'a'")) << error.what();
    }
  }
}

TEST_F(VectorReaderTest, EmptyResultNamesLayerAndFilter) {
  ReadOptions options;
  options.path = lambert_gpkg();
  options.where = "rank = 99";
  try {
    read_lines(options);
    FAIL() << "an empty selection was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "no line features")) << error.what();
    EXPECT_TRUE(contains(error.what(), "rivers")) << error.what();
    EXPECT_TRUE(contains(error.what(), "rank = 99")) << error.what();
  }
}

TEST_F(VectorReaderTest, EmptyLayerIsRejected) {
  TestLayer layer;
  layer.epsg = 2154;
  write_dataset(path("empty.gpkg"), "GPKG", {layer});
  ReadOptions options;
  options.path = path("empty.gpkg");
  EXPECT_THROW(read_lines(options), InvalidInputError);
}

TEST_F(VectorReaderTest, PointLayerIsRejected) {
  TestLayer layer;
  layer.name = "gauges";
  layer.epsg = 2154;
  layer.type = wkbPoint;
  layer.features = {{"POINT (1 2)", {}}};
  write_dataset(path("points.gpkg"), "GPKG", {layer});

  ReadOptions options;
  options.path = path("points.gpkg");
  try {
    read_lines(options);
    FAIL() << "a point layer was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "gauges")) << error.what();
    EXPECT_TRUE(contains(error.what(), "Point")) << error.what();
    EXPECT_TRUE(contains(error.what(), "LineString")) << error.what();
  }
}

TEST_F(VectorReaderTest, PolygonInMixedLayerNamesFid) {
  const std::string file = path("mixed.geojson");
  {
    std::ofstream out(file);
    out << R"({"type": "FeatureCollection", "features": [
      {"type": "Feature", "id": 7, "properties": {},
       "geometry": {"type": "LineString", "coordinates": [[3, 45], [3.1, 45]]}},
      {"type": "Feature", "id": 8, "properties": {},
       "geometry": {"type": "Polygon",
         "coordinates": [[[3, 45], [3.1, 45], [3.1, 45.1], [3, 45]]]}}
    ]})";
  }
  ReadOptions options;
  options.path = file;
  try {
    read_lines(options);
    FAIL() << "a polygon was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "Polygon")) << error.what();
    EXPECT_TRUE(contains(error.what(), "feature 8")) << error.what();
  }
}

TEST_F(VectorReaderTest, NanCoordinateNamesFid) {
  TestLayer layer;
  layer.epsg = 2154;
  layer.features = {{"LINESTRING (0 0, 1 0)", {}},
                    {"LINESTRING (0 0, 1 0)", {}}};
  write_dataset(path("nan.gpkg"), "GPKG", {layer});
  {
    // WKT has no NaN, so the second line gets it through OGR.
    GDALDatasetUniquePtr dataset(GDALDataset::Open(
        path("nan.gpkg").c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE));
    ASSERT_TRUE(dataset);
    OGRLayer* ogr_layer = dataset->GetLayer(0);
    OGRFeatureUniquePtr feature(ogr_layer->GetFeature(2));
    ASSERT_TRUE(feature);
    OGRLineString line;
    line.addPoint(0.0, 0.0);
    line.addPoint(std::numeric_limits<double>::quiet_NaN(), 5.0);
    feature->SetGeometry(&line);
    ASSERT_EQ(ogr_layer->SetFeature(feature.get()), OGRERR_NONE);
  }

  ReadOptions options;
  options.path = path("nan.gpkg");
  try {
    read_lines(options);
    FAIL() << "a NaN coordinate was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "feature 2")) << error.what();
    EXPECT_TRUE(contains(error.what(), "NaN")) << error.what();
  }
}

TEST_F(VectorReaderTest, LayerWithoutCrsNeedsCrsOption) {
  TestLayer layer;
  layer.features = {{"LINESTRING (700000 6600000, 700100 6600000)", {}}};
  write_dataset(path("nocrs.shp"), "ESRI Shapefile", {layer});

  ReadOptions options;
  options.path = path("nocrs.shp");
  try {
    read_lines(options);
    FAIL() << "a layer without CRS was accepted";
  } catch (const CrsError& error) {
    EXPECT_TRUE(contains(error.what(), "no CRS")) << error.what();
    EXPECT_TRUE(contains(error.what(), "--crs")) << error.what();
    EXPECT_TRUE(contains(error.what(), "nocrs")) << error.what();
  }

  for (const std::string crs : {"EPSG:2154", "2154", "epsg:2154"}) {
    options.crs = crs;
    const LineSet set = read_lines(options);
    EXPECT_TRUE(contains(set.crs_wkt, "Lambert-93")) << crs;
    EXPECT_EQ(set.lines.at(0).geometry.front(), (Point{700000.0, 6600000.0}))
        << "a layer without CRS must not be moved";
  }
}

namespace {

// GDAL gives a GeoPackage layer created without CRS srs_id 0, the
// "Undefined geographic SRS". Setting srs_id to -1 gives the "Undefined
// Cartesian SRS" of the GeoPackage standard.
std::string geopackage_without_crs(const std::string& file, int srs_id) {
  TestLayer layer;
  layer.features = {{"LINESTRING (700000 6600000, 700100 6600000)", {}},
                    {"LINESTRING (700100 6600000, 700100 6600200)", {}}};
  write_dataset(file, "GPKG", {layer});
  if (srs_id != 0) {
    GDALDatasetUniquePtr dataset(
        GDALDataset::Open(file.c_str(), GDAL_OF_VECTOR | GDAL_OF_UPDATE,
                          nullptr, nullptr, nullptr));
    EXPECT_TRUE(dataset);
    const std::string id = std::to_string(srs_id);
    for (const std::string table : {"gpkg_geometry_columns", "gpkg_contents"}) {
      const std::string sql = "UPDATE " + table + " SET srs_id = " + id;
      dataset->ReleaseResultSet(
          dataset->ExecuteSQL(sql.c_str(), nullptr, nullptr));
    }
  }
  return file;
}

} // namespace

TEST_F(VectorReaderTest, UndefinedGeoPackageSrsIsNoCrs) {
  for (const int srs_id : {0, -1}) {
    const std::string file =
        path("undefined" + std::to_string(-srs_id) + ".gpkg");
    geopackage_without_crs(file, srs_id);

    // The layer reports an SRS, which the reader must not trust.
    {
      GDALDatasetUniquePtr dataset(GDALDataset::Open(
          file.c_str(), GDAL_OF_VECTOR, nullptr, nullptr, nullptr));
      ASSERT_TRUE(dataset) << file;
      ASSERT_NE(dataset->GetLayer(0)->GetSpatialRef(), nullptr) << srs_id;
    }

    ReadOptions options;
    options.path = file;
    try {
      read_lines(options);
      FAIL() << "srs_id " << srs_id << " was taken for a CRS";
    } catch (const CrsError& error) {
      EXPECT_TRUE(contains(error.what(), "has no CRS")) << error.what();
      EXPECT_TRUE(contains(error.what(), "--crs")) << error.what();
      EXPECT_TRUE(contains(error.what(), file)) << error.what();
    }

    options.crs = "EPSG:2154";
    const LineSet set = read_lines(options);
    ASSERT_EQ(set.lines.size(), 2u) << srs_id;
    EXPECT_TRUE(contains(set.crs_wkt, "Lambert-93")) << srs_id;
    EXPECT_EQ(set.lines[0].geometry.front(), (Point{700000.0, 6600000.0}))
        << "srs_id " << srs_id << ": the lines must not be moved";
    EXPECT_EQ(set.lines[1].geometry.back(), (Point{700100.0, 6600200.0}))
        << srs_id;
  }
}

TEST_F(VectorReaderTest, GeographicLayerGoesToUtmZone) {
  TestLayer layer;
  layer.epsg = 4326;
  layer.features = {{"LINESTRING (3 45, 3.01 45.01)", {}}};
  write_dataset(path("wgs84.gpkg"), "GPKG", {layer});

  ReadOptions options;
  options.path = path("wgs84.gpkg");
  const LineSet set = read_lines(options);
  EXPECT_TRUE(contains(set.crs_wkt, "UTM zone 31N")) << set.crs_wkt;
  EXPECT_TRUE(contains(set.crs_wkt, "32631")) << set.crs_wkt;

  // Longitude 3° E is the central meridian of zone 31, so the easting is
  // the false easting and the northing is 0.9996 times the WGS 84 meridian
  // arc from the equator to 45° N (4984944.378 m, series of Helmert).
  const Point first = set.lines.at(0).geometry.front();
  EXPECT_NEAR(first.x, 500000.0, 1.0);
  EXPECT_NEAR(first.y, 4982950.400, 1.0);
}

TEST_F(VectorReaderTest, SouthernLayerGoesToSouthZone) {
  TestLayer layer;
  layer.epsg = 4326;
  layer.features = {{"LINESTRING (-69 -33, -69.01 -33.01)", {}}};
  write_dataset(path("chile.gpkg"), "GPKG", {layer});

  ReadOptions options;
  options.path = path("chile.gpkg");
  const LineSet set = read_lines(options);
  EXPECT_TRUE(contains(set.crs_wkt, "32719")) << set.crs_wkt;
  // Longitude 69° W is the central meridian of zone 19.
  EXPECT_NEAR(set.lines.at(0).geometry.front().x, 500000.0, 1.0);
}

TEST_F(VectorReaderTest, ReprojectsToRequestedCrs) {
  TestLayer layer;
  layer.epsg = 4326;
  layer.features = {{"LINESTRING (3 46.5, 3.01 46.5)", {}}};
  write_dataset(path("to_lambert.gpkg"), "GPKG", {layer});

  ReadOptions options;
  options.path = path("to_lambert.gpkg");
  options.crs = "EPSG:2154";
  const LineSet set = read_lines(options);
  EXPECT_TRUE(contains(set.crs_wkt, "Lambert-93"));
  // (3° E, 46.5° N) is the false origin of Lambert-93.
  const Point first = set.lines.at(0).geometry.front();
  EXPECT_NEAR(first.x, 700000.0, 1.0);
  EXPECT_NEAR(first.y, 6600000.0, 1.0);
}

TEST_F(VectorReaderTest, RejectsUnusableCrsOptions) {
  ReadOptions options;
  options.path = lambert_gpkg();

  options.crs = "EPSG:999999";
  try {
    read_lines(options);
    FAIL() << "an unknown CRS was accepted";
  } catch (const CrsError& error) {
    EXPECT_TRUE(contains(error.what(), "EPSG:999999")) << error.what();
  }

  options.crs = "EPSG:4326";
  try {
    read_lines(options);
    FAIL() << "a geographic working CRS was accepted";
  } catch (const CrsError& error) {
    EXPECT_TRUE(contains(error.what(), "not projected")) << error.what();
  }

  // NAD83 / California zone 3 in US survey feet.
  options.crs = "EPSG:2227";
  try {
    read_lines(options);
    FAIL() << "a CRS in feet was accepted";
  } catch (const CrsError& error) {
    EXPECT_TRUE(contains(error.what(), "foot")) << error.what();
  }
}

TEST_F(VectorReaderTest, ProjectedLayerInFeetIsRejected) {
  TestLayer layer;
  layer.epsg = 2227;
  layer.features = {{"LINESTRING (6000000 2000000, 6000100 2000000)", {}}};
  write_dataset(path("feet.gpkg"), "GPKG", {layer});
  ReadOptions options;
  options.path = path("feet.gpkg");
  EXPECT_THROW(read_lines(options), CrsError);
}

TEST_F(VectorReaderTest, PicksTheOnlyLineLayer) {
  TestLayer lines;
  lines.epsg = 2154;
  lines.features = {{"LINESTRING (0 0, 1 0)", {}}};
  TestLayer points;
  points.name = "gauges";
  points.epsg = 2154;
  points.type = wkbPoint;
  points.features = {{"POINT (0 0)", {}}};
  write_dataset(path("two.gpkg"), "GPKG", {points, lines});

  ReadOptions options;
  options.path = path("two.gpkg");
  EXPECT_EQ(read_lines(options).source, options.path + " (rivers)");
}

TEST_F(VectorReaderTest, AmbiguousLayersAskForLayerOption) {
  TestLayer first;
  first.epsg = 2154;
  first.features = {{"LINESTRING (0 0, 1 0)", {}}};
  TestLayer second = first;
  second.name = "canals";
  write_dataset(path("ambiguous.gpkg"), "GPKG", {first, second});

  ReadOptions options;
  options.path = path("ambiguous.gpkg");
  try {
    read_lines(options);
    FAIL() << "an ambiguous dataset was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "rivers")) << error.what();
    EXPECT_TRUE(contains(error.what(), "canals")) << error.what();
    EXPECT_TRUE(contains(error.what(), "--layer")) << error.what();
  }

  options.layer = "canals";
  EXPECT_EQ(read_lines(options).source, options.path + " (canals)");

  options.layer = "lakes";
  try {
    read_lines(options);
    FAIL() << "an unknown layer was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), "lakes")) << error.what();
    EXPECT_TRUE(contains(error.what(), "canals")) << error.what();
  }
}

TEST_F(VectorReaderTest, MissingAndUnreadableFiles) {
  ReadOptions options;
  options.path = path("missing.gpkg");
  try {
    read_lines(options);
    FAIL() << "a missing file was accepted";
  } catch (const FileNotFoundError& error) {
    EXPECT_EQ(std::string(error.what()),
              "input file not found: " + options.path);
  }

  options.path = path("garbage.gpkg");
  std::ofstream(options.path) << "not a dataset";
  try {
    read_lines(options);
    FAIL() << "a garbage file was accepted";
  } catch (const FileNotFoundError&) {
    FAIL() << "the file exists";
  } catch (const InvalidInputError& error) {
    EXPECT_TRUE(contains(error.what(), options.path)) << error.what();
  }
}

TEST_F(VectorReaderTest, ReportsProgressAndCancels) {
  ReadOptions options;
  options.path = lambert_gpkg();
  double last = -1.0;
  int calls = 0;
  options.progress = [&](std::string_view, double fraction) {
    EXPECT_GE(fraction, last);
    last = fraction;
    ++calls;
    return true;
  };
  read_lines(options);
  EXPECT_GE(calls, 2);
  EXPECT_DOUBLE_EQ(last, 1.0);

  options.progress = [](std::string_view, double) { return false; };
  EXPECT_THROW(read_lines(options), CancelledError);
}

// ---- real data ------------------------------------------------------------

namespace {

std::string shared_data(const std::string& relative) {
  return std::string(GEORIVIERE_SHARED_DATA) + "/" + relative;
}

} // namespace

TEST(VectorReaderRealData, YzeronShapefileKeepsZ) {
  const std::string file = shared_data("vector/yzeron/hydrography3.shp");
  if (!fs::exists(file)) {
    GTEST_SKIP() << file << " is missing";
  }
  ReadOptions options;
  options.path = file;
  const LineSet set = read_lines(options);
  EXPECT_EQ(set.lines.size(), 542u);
  EXPECT_EQ(set.attributes.size(), 542u);
  EXPECT_GE(set.attributes.field_index("nom"), 0);
  EXPECT_TRUE(set.lines[0].geometry.has_z());
  EXPECT_TRUE(contains(set.crs_wkt, "Lambert")) << set.crs_wkt;
  // Coordinates stay in Lambert-93, inside the layer extent.
  const Point p = set.lines[0].geometry.front();
  EXPECT_GT(p.x, 821982.0);
  EXPECT_LT(p.x, 841624.0);
  EXPECT_GT(p.y, 6513110.0);
  EXPECT_LT(p.y, 6525545.0);
}

TEST(VectorReaderRealData, CuletGmlNeedsCrs) {
  const std::string file = shared_data("vector/culet/network0.gml");
  if (!fs::exists(file)) {
    GTEST_SKIP() << file << " is missing";
  }
  ReadOptions options;
  options.path = file;
  EXPECT_THROW(read_lines(options), CrsError);
  options.crs = "EPSG:2154";
  const LineSet set = read_lines(options);
  EXPECT_EQ(set.lines.size(), 38u);
  EXPECT_TRUE(contains(set.crs_wkt, "Lambert-93"));
}

TEST(VectorReaderRealData, LiechtensteinOsmWaterways) {
  const std::string file =
      shared_data("vector/liechtenstein/liechtenstein-2013-08-03.osm.pbf");
  if (!fs::exists(file)) {
    GTEST_SKIP() << file << " is missing";
  }
  ReadOptions options;
  options.path = file;
  options.where = "waterway IN ('river','stream','canal','drain','ditch')";
  const LineSet set = read_lines(options);
  // 44 streams, 18 drains, 5 canals, 4 rivers and 2 ditches, all ways.
  EXPECT_EQ(set.lines.size(), 73u);
  EXPECT_EQ(set.source, file + " (lines)");
  EXPECT_TRUE(contains(set.crs_wkt, "32632")) << "Liechtenstein is in 32N";
}

TEST(VectorReaderRealData, WalkerGeoPackageGoesToUtm10) {
  const std::string file = shared_data("vector/walker/walker.gpkg");
  if (!fs::exists(file)) {
    GTEST_SKIP() << file << " is missing";
  }
  ReadOptions options;
  options.path = file;
  options.layer = "NHDFlowline_Network";
  const LineSet set = read_lines(options);
  EXPECT_EQ(set.lines.size(), 62u);
  EXPECT_TRUE(contains(set.crs_wkt, "32610")) << set.crs_wkt;
  EXPECT_GE(set.attributes.field_index("COMID"), 0);
  // The basin lies near 122.8° W, 38.17° N: about 500 km east of the zone
  // 10 false origin and 4225 km north of the equator.
  const Point p = set.lines[0].geometry.front();
  EXPECT_NEAR(p.x, 500000.0, 30000.0);
  EXPECT_NEAR(p.y, 4225000.0, 20000.0);
}
