#include "georiviere/io/vector_writer.hpp"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <map>
#include <set>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "georiviere/core/error.hpp"
#include "vector_fixtures.hpp"

using namespace georiviere;
namespace fs = std::filesystem;

namespace {

std::string lambert_wkt() {
  OGRSpatialReference srs;
  srs.importFromEPSG(2154);
  char* wkt = nullptr;
  const char* options[] = {"FORMAT=WKT2_2019", nullptr};
  srs.exportToWkt(&wkt, options);
  std::string text = wkt;
  CPLFree(wkt);
  return text;
}

Polyline line_of(std::vector<Point> points) {
  Polyline line;
  line.points = std::move(points);
  return line;
}

// A Y-shaped network: reaches 0 and 1 meet at node 2 and flow through
// reach 2 to the outlet, node 3.
//
//   0 (0,100)   1 (100,100)
//        \     /
//         2 (50,50)
//         |
//         3 (50,0)
RiverNetwork y_network() {
  RiverNetwork network;
  network.crs_wkt = lambert_wkt();
  const std::vector<Point> positions = {
      {0.0, 100.0}, {100.0, 100.0}, {50.0, 50.0}, {50.0, 0.0}};
  for (std::size_t i = 0; i < positions.size(); ++i) {
    Node node;
    node.id = static_cast<NodeId>(i);
    node.position = positions[i];
    network.nodes.push_back(node);
  }

  // Source fields include names that clash with ours and with the
  // GeoPackage FID column.
  network.attributes.fields = {
      {"name", FieldType::string},      {"code", FieldType::integer},
      {"width", FieldType::real},       {"day", FieldType::date_time},
      {"reach_id", FieldType::integer}, {"fid", FieldType::string}};
  network.attributes.fids = {10, 11, 12, 13};
  network.attributes.rows = {
      {"A", std::int64_t{1}, 2.5, "2024-05-17", std::int64_t{100}, "a"},
      {"B", std::int64_t{2}, 3.0, std::monostate{}, std::int64_t{101}, "b"},
      {"C", std::int64_t{3}, 4.0, "2024-05-18", std::int64_t{102}, "c"},
      {"C", std::int64_t{4}, 4.0, "2024-05-18", std::int64_t{103}, "c"}};

  auto add_reach = [&](NodeId from, NodeId to, std::vector<std::int64_t> fids,
                       std::vector<std::uint32_t> rows) {
    Reach reach;
    reach.id = static_cast<ReachId>(network.reaches.size());
    reach.from_node = from;
    reach.to_node = to;
    reach.geometry = line_of({positions[from], positions[to]});
    reach.length_m = reach.geometry.length();
    reach.source_fids = std::move(fids);
    reach.source_rows = std::move(rows);
    reach.strahler = 1;
    reach.shreve = 1;
    reach.hack = 2;
    reach.main_stem_id = 0;
    reach.basin_id = 3;
    network.reaches.push_back(reach);
  };
  add_reach(0, 2, {10}, {0});
  add_reach(1, 2, {11}, {1});
  add_reach(2, 3, {12, 13}, {2, 3});

  Reach& trunk = network.reaches[2];
  trunk.strahler = 2;
  trunk.shreve = 2;
  trunk.hack = 1;
  trunk.upstream_length_m = 191.4213562373095;
  trunk.distance_to_outlet_m = 0.0;
  trunk.max_upstream_distance_m = 120.71067811865476;
  trunk.main_stem_id = -1; // written as null
  trunk.geometry.z = {240.0, 230.0};
  network.rebuild_graph();

  Problem gap;
  gap.kind = ProblemKind::gap;
  gap.message = "dangling end 3.2 m from reach 1";
  gap.points = {{100.0, 100.0}};
  gap.reach_ids = {1};
  gap.source_fids = {11};
  Problem cycle;
  cycle.kind = ProblemKind::cycle;
  cycle.message = "reaches 0 and 2 form a cycle";
  cycle.lines = {network.reaches[0].geometry, network.reaches[2].geometry};
  cycle.points = {{50.0, 50.0}};
  cycle.reach_ids = {0, 2};
  cycle.source_fids = {10, 12, 13};
  Problem reversed;
  reversed.kind = ProblemKind::reversed;
  reversed.message = "line 13 flows uphill";
  reversed.lines = {network.reaches[2].geometry};
  Problem nowhere;
  nowhere.kind = ProblemKind::disconnected;
  nowhere.message = "no geometry";
  network.problems = {gap, cycle, reversed, nowhere};
  return network;
}

using georiviere::testing::contains;

std::vector<std::string> field_names(OGRLayer& layer) {
  std::vector<std::string> names;
  OGRFeatureDefn* definition = layer.GetLayerDefn();
  for (int i = 0; i < definition->GetFieldCount(); ++i) {
    names.push_back(definition->GetFieldDefn(i)->GetNameRef());
  }
  return names;
}

GDALDatasetUniquePtr open_output(const std::string& path) {
  GDALAllRegister();
  return GDALDatasetUniquePtr(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY));
}

// Features of a layer by their value of the integer field `id_field`.
std::vector<OGRFeatureUniquePtr> features_by_id(OGRLayer& layer,
                                                const char* id_field) {
  std::vector<OGRFeatureUniquePtr> features;
  for (auto& feature : layer) {
    features.push_back(std::move(feature));
  }
  std::sort(features.begin(), features.end(),
            [&](const auto& a, const auto& b) {
              return a->GetFieldAsInteger64(id_field) <
                     b->GetFieldAsInteger64(id_field);
            });
  return features;
}

class VectorWriterTest : public georiviere::testing::TemporaryDirectoryTest {
protected:
  VectorWriterTest() : TemporaryDirectoryTest("georiviere_writer_") {}

  // Every entry of the test directory with the size and hash of its
  // content, so a test can check that a failed write changed nothing.
  std::map<std::string, std::string> directory_state() const {
    std::map<std::string, std::string> state;
    for (const auto& entry : fs::directory_iterator(directory_)) {
      std::string content = "not a regular file";
      if (entry.is_regular_file()) {
        std::ifstream file(entry.path(), std::ios::binary);
        std::ostringstream bytes;
        bytes << file.rdbuf();
        content = std::to_string(bytes.str().size()) + " bytes, hash " +
                  std::to_string(std::hash<std::string>{}(bytes.str()));
      }
      state[entry.path().filename().string()] = content;
    }
    return state;
  }

  std::set<std::string> directory_listing() const {
    std::set<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory_)) {
      names.insert(entry.path().filename().string());
    }
    return names;
  }
};

const std::vector<std::string> reach_fields = {"reach_id",
                                               "from_node",
                                               "to_node",
                                               "length_m",
                                               "strahler",
                                               "shreve",
                                               "hack",
                                               "upstream_length_m",
                                               "distance_to_outlet_m",
                                               "max_upstream_distance_m",
                                               "main_stem_id",
                                               "basin_id",
                                               "source_fids",
                                               "name",
                                               "code",
                                               "width",
                                               "day",
                                               "src_reach_id",
                                               "src_fid"};

} // namespace

TEST_F(VectorWriterTest, GeoPackageHasThreeLayers) {
  const std::string output = path("net.gpkg");
  const auto written = write_network(y_network(), output, {});
  EXPECT_EQ(written, std::vector<std::string>{output});
  EXPECT_EQ(directory_listing(), std::set<std::string>{"net.gpkg"});

  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  ASSERT_EQ(dataset->GetLayerCount(), 3);
  OGRLayer* reaches = dataset->GetLayerByName("reaches");
  OGRLayer* nodes = dataset->GetLayerByName("nodes");
  OGRLayer* problems = dataset->GetLayerByName("problems");
  ASSERT_NE(reaches, nullptr);
  ASSERT_NE(nodes, nullptr);
  ASSERT_NE(problems, nullptr);
  EXPECT_EQ(reaches->GetFeatureCount(), 3);
  EXPECT_EQ(nodes->GetFeatureCount(), 4);
  EXPECT_EQ(problems->GetFeatureCount(), 4);

  EXPECT_EQ(field_names(*reaches), reach_fields);
  EXPECT_EQ(
      field_names(*nodes),
      (std::vector<std::string>{"node_id", "kind", "in_degree", "out_degree"}));
  EXPECT_EQ(field_names(*problems),
            (std::vector<std::string>{"kind", "message", "reach_ids",
                                      "source_fids"}));

  EXPECT_EQ(wkbFlatten(reaches->GetGeomType()), wkbLineString);
  EXPECT_TRUE(OGR_GT_HasZ(reaches->GetGeomType()));
  EXPECT_FALSE(OGR_GT_HasM(reaches->GetGeomType()));
  EXPECT_EQ(nodes->GetGeomType(), wkbPoint);
  EXPECT_EQ(problems->GetGeomType(), wkbUnknown);

  OGRSpatialReference lambert;
  lambert.importFromEPSG(2154);
  for (OGRLayer* layer : {reaches, nodes, problems}) {
    ASSERT_NE(layer->GetSpatialRef(), nullptr) << layer->GetName();
    EXPECT_TRUE(layer->GetSpatialRef()->IsSame(&lambert)) << layer->GetName();
  }
}

TEST_F(VectorWriterTest, ReachFieldsHoldMetrics) {
  const std::string output = path("net.gpkg");
  write_network(y_network(), output, {});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  auto reaches =
      features_by_id(*dataset->GetLayerByName("reaches"), "reach_id");
  ASSERT_EQ(reaches.size(), 3u);

  const OGRFeature& trunk = *reaches[2];
  EXPECT_EQ(trunk.GetFieldAsInteger64("reach_id"), 2);
  EXPECT_EQ(trunk.GetFieldAsInteger64("from_node"), 2);
  EXPECT_EQ(trunk.GetFieldAsInteger64("to_node"), 3);
  EXPECT_DOUBLE_EQ(trunk.GetFieldAsDouble("length_m"), 50.0);
  EXPECT_EQ(trunk.GetFieldAsInteger("strahler"), 2);
  EXPECT_EQ(trunk.GetFieldAsInteger64("shreve"), 2);
  EXPECT_EQ(trunk.GetFieldAsInteger("hack"), 1);
  EXPECT_DOUBLE_EQ(trunk.GetFieldAsDouble("upstream_length_m"),
                   191.4213562373095);
  EXPECT_DOUBLE_EQ(trunk.GetFieldAsDouble("max_upstream_distance_m"),
                   120.71067811865476);
  EXPECT_TRUE(trunk.IsFieldNull(trunk.GetFieldIndex("main_stem_id")));
  EXPECT_EQ(trunk.GetFieldAsInteger64("basin_id"), 3);
  EXPECT_STREQ(trunk.GetFieldAsString("source_fids"), "12,13");

  const OGRLineString* line = trunk.GetGeometryRef()->toLineString();
  ASSERT_EQ(line->getNumPoints(), 2);
  EXPECT_DOUBLE_EQ(line->getX(0), 50.0);
  EXPECT_DOUBLE_EQ(line->getY(0), 50.0);
  EXPECT_DOUBLE_EQ(line->getZ(1), 230.0);

  EXPECT_FALSE(
      reaches[0]->IsFieldNull(reaches[0]->GetFieldIndex("main_stem_id")));
  EXPECT_EQ(reaches[0]->GetFieldAsInteger64("main_stem_id"), 0);
}

TEST_F(VectorWriterTest, SourceAttributesKeptWhenConstant) {
  const std::string output = path("net.gpkg");
  write_network(y_network(), output, {});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  OGRLayer* layer = dataset->GetLayerByName("reaches");
  OGRFeatureDefn* definition = layer->GetLayerDefn();
  EXPECT_EQ(
      definition->GetFieldDefn(definition->GetFieldIndex("code"))->GetType(),
      OFTInteger64);
  EXPECT_EQ(
      definition->GetFieldDefn(definition->GetFieldIndex("width"))->GetType(),
      OFTReal);
  EXPECT_EQ(
      definition->GetFieldDefn(definition->GetFieldIndex("day"))->GetType(),
      OFTDate);

  auto reaches = features_by_id(*layer, "reach_id");
  ASSERT_EQ(reaches.size(), 3u);
  EXPECT_STREQ(reaches[0]->GetFieldAsString("name"), "A");
  EXPECT_EQ(reaches[0]->GetFieldAsInteger64("code"), 1);
  EXPECT_STREQ(reaches[0]->GetFieldAsString("day"), "2024/05/17");
  EXPECT_EQ(reaches[0]->GetFieldAsInteger64("src_reach_id"), 100);
  EXPECT_STREQ(reaches[0]->GetFieldAsString("src_fid"), "a");
  EXPECT_TRUE(reaches[1]->IsFieldNull(reaches[1]->GetFieldIndex("day")));

  // The trunk has rows 2 and 3: same name, width and day, different code.
  const OGRFeature& trunk = *reaches[2];
  EXPECT_STREQ(trunk.GetFieldAsString("name"), "C");
  EXPECT_DOUBLE_EQ(trunk.GetFieldAsDouble("width"), 4.0);
  EXPECT_STREQ(trunk.GetFieldAsString("day"), "2024/05/18");
  EXPECT_TRUE(trunk.IsFieldNull(trunk.GetFieldIndex("code")));
  EXPECT_TRUE(trunk.IsFieldNull(trunk.GetFieldIndex("src_reach_id")));
  EXPECT_STREQ(trunk.GetFieldAsString("src_fid"), "c");
}

TEST_F(VectorWriterTest, NodesCarryKindsAndDegrees) {
  const std::string output = path("net.gpkg");
  write_network(y_network(), output, {});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  auto nodes = features_by_id(*dataset->GetLayerByName("nodes"), "node_id");
  ASSERT_EQ(nodes.size(), 4u);
  const std::vector<std::string> kinds = {"source", "source", "confluence",
                                          "outlet"};
  for (std::size_t i = 0; i < nodes.size(); ++i) {
    EXPECT_EQ(nodes[i]->GetFieldAsString("kind"), kinds[i]) << i;
  }
  EXPECT_EQ(nodes[2]->GetFieldAsInteger("in_degree"), 2);
  EXPECT_EQ(nodes[2]->GetFieldAsInteger("out_degree"), 1);
  EXPECT_EQ(nodes[3]->GetFieldAsInteger("out_degree"), 0);
  const OGRPoint* point = nodes[1]->GetGeometryRef()->toPoint();
  EXPECT_DOUBLE_EQ(point->getX(), 100.0);
  EXPECT_DOUBLE_EQ(point->getY(), 100.0);
}

TEST_F(VectorWriterTest, ProblemsKeepPointsAndLines) {
  const std::string output = path("net.gpkg");
  write_network(y_network(), output, {});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  std::vector<OGRFeatureUniquePtr> problems;
  for (auto& feature : *dataset->GetLayerByName("problems")) {
    problems.push_back(std::move(feature));
  }
  ASSERT_EQ(problems.size(), 4u);

  EXPECT_STREQ(problems[0]->GetFieldAsString("kind"), "gap");
  EXPECT_STREQ(problems[0]->GetFieldAsString("message"),
               "dangling end 3.2 m from reach 1");
  EXPECT_STREQ(problems[0]->GetFieldAsString("reach_ids"), "1");
  EXPECT_EQ(wkbFlatten(problems[0]->GetGeometryRef()->getGeometryType()),
            wkbPoint);

  EXPECT_STREQ(problems[1]->GetFieldAsString("kind"), "cycle");
  EXPECT_STREQ(problems[1]->GetFieldAsString("reach_ids"), "0,2");
  EXPECT_STREQ(problems[1]->GetFieldAsString("source_fids"), "10,12,13");
  const OGRGeometry* mixed = problems[1]->GetGeometryRef();
  EXPECT_EQ(wkbFlatten(mixed->getGeometryType()), wkbGeometryCollection);
  EXPECT_EQ(mixed->toGeometryCollection()->getNumGeometries(), 3);

  EXPECT_EQ(wkbFlatten(problems[2]->GetGeometryRef()->getGeometryType()),
            wkbLineString);
  EXPECT_EQ(problems[3]->GetGeometryRef(), nullptr);
  EXPECT_STREQ(problems[3]->GetFieldAsString("reach_ids"), "");
}

TEST_F(VectorWriterTest, EmptyProblemsLayerIsWritten) {
  RiverNetwork network = y_network();
  network.problems.clear();
  const std::string output = path("net.gpkg");
  write_network(network, output, {});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  OGRLayer* problems = dataset->GetLayerByName("problems");
  ASSERT_NE(problems, nullptr);
  EXPECT_EQ(problems->GetFeatureCount(), 0);
}

TEST_F(VectorWriterTest, KeepsMeasuresAndNoCrs) {
  RiverNetwork network = y_network();
  network.crs_wkt.clear();
  network.reaches[0].geometry.m = {0.0, 70.7};
  const std::string output = path("net.gpkg");
  write_network(network, output, {});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  OGRLayer* reaches = dataset->GetLayerByName("reaches");
  EXPECT_TRUE(OGR_GT_HasM(reaches->GetGeomType()));
  // GeoPackage gives a layer without CRS its "undefined" entry.
  const OGRSpatialReference* srs = reaches->GetSpatialRef();
  EXPECT_TRUE(srs == nullptr || !srs->IsProjected());
  auto features = features_by_id(*reaches, "reach_id");
  const OGRLineString* line = features[0]->GetGeometryRef()->toLineString();
  EXPECT_DOUBLE_EQ(line->getM(1), 70.7);
  // Reach 1 has no M and reach 0 no Z, so they get zeros.
  EXPECT_DOUBLE_EQ(line->getZ(1), 0.0);
  const OGRLineString* other = features[1]->GetGeometryRef()->toLineString();
  EXPECT_DOUBLE_EQ(other->getM(0), 0.0);
}

TEST_F(VectorWriterTest, RejectsExistingOutputUnlessOverwrite) {
  const std::string output = path("net.gpkg");
  write_network(y_network(), output, {});
  try {
    write_network(y_network(), output, {});
    FAIL() << "an existing output was replaced";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), output)) << error.what();
    EXPECT_TRUE(contains(error.what(), "--overwrite")) << error.what();
  }

  RiverNetwork smaller = y_network();
  smaller.reaches.resize(1);
  WriteOptions options;
  options.overwrite = true;
  write_network(smaller, output, options);
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  EXPECT_EQ(dataset->GetLayerByName("reaches")->GetFeatureCount(), 1);
  EXPECT_EQ(directory_listing(), std::set<std::string>{"net.gpkg"});
}

TEST_F(VectorWriterTest, RejectsWritingOverAnInput) {
  const std::string input = path("rivers.gpkg");
  write_network(y_network(), input, {});
  WriteOptions options;
  options.overwrite = true;
  options.inputs = {input};
  const std::string same = (directory_ / "." / "rivers.gpkg").string();
  try {
    write_network(y_network(), same, options);
    FAIL() << "the input was overwritten";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), input)) << error.what();
  }
  EXPECT_EQ(directory_listing(), std::set<std::string>{"rivers.gpkg"});
}

TEST_F(VectorWriterTest, MissingDirectoryIsNamed) {
  const fs::path missing = directory_ / "no" / "such";
  try {
    write_network(y_network(), (missing / "net.gpkg").string(), {});
    FAIL() << "a missing directory was accepted";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), missing.string())) << error.what();
  }
}

TEST_F(VectorWriterTest, FailureLeavesNoFiles) {
  // Cancelling from the progress callback stops the write half-way.
  WriteOptions options;
  std::size_t calls = 0;
  options.progress = [&](std::string_view, double fraction) {
    ++calls;
    return fraction < 0.5;
  };
  for (const std::string name : {"net.gpkg", "net.shp", "net.geojson"}) {
    EXPECT_THROW(write_network(y_network(), path(name), options),
                 CancelledError)
        << name;
    EXPECT_TRUE(directory_listing().empty()) << name;
  }
  EXPECT_GT(calls, 0u);

  RiverNetwork broken = y_network();
  broken.crs_wkt = "not a CRS";
  EXPECT_THROW(write_network(broken, path("net.gpkg"), {}), CrsError);
  EXPECT_TRUE(directory_listing().empty());
}

TEST_F(VectorWriterTest, UnknownFormatIsRejected) {
  WriteOptions options;
  options.format = "NoSuchDriver";
  try {
    write_network(y_network(), path("net.gpkg"), options);
    FAIL() << "an unknown driver was accepted";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), "NoSuchDriver")) << error.what();
  }
}

TEST_F(VectorWriterTest, UnknownExtensionIsRejected) {
  for (const std::string name : {"net.rivers", "net.xlsx", "net.dxf"}) {
    const std::string extension = fs::path(name).extension().string();
    try {
      write_network(y_network(), path(name), {});
      FAIL() << name << " was accepted";
    } catch (const IoError& error) {
      EXPECT_TRUE(contains(error.what(), "'" + extension + "'"))
          << error.what();
      EXPECT_TRUE(contains(error.what(), path(name))) << error.what();
      const std::string message = error.what();
      const auto list = message.find("use one of ");
      ASSERT_NE(list, std::string::npos) << message;
      const std::string supported = message.substr(list);
      EXPECT_TRUE(contains(supported, ".gpkg,")) << message;
      EXPECT_TRUE(contains(supported, ".csv,")) << message;
      EXPECT_TRUE(contains(supported, ".kml,")) << message;
      EXPECT_FALSE(contains(supported, extension)) << message;
    }
  }
  EXPECT_TRUE(directory_listing().empty());
}

TEST_F(VectorWriterTest, NoExtensionWritesGeoPackage) {
  const std::string output = path("network");
  EXPECT_EQ(write_network(y_network(), output, {}),
            std::vector<std::string>{output});
  EXPECT_EQ(directory_listing(), std::set<std::string>{"network"});
  auto dataset = open_output(output);
  ASSERT_TRUE(dataset);
  EXPECT_STREQ(dataset->GetDriver()->GetDescription(), "GPKG");
  EXPECT_EQ(dataset->GetLayerCount(), 3);
}

TEST_F(VectorWriterTest, CsvRoundTripsThroughGdal) {
  const auto written = write_network(y_network(), path("net.csv"), {});
  ASSERT_EQ(written.size(), 3u);
  EXPECT_EQ(written[0], path("net_reaches.csv"));
  for (const char* stem : {"net_reaches", "net_nodes", "net_problems"}) {
    for (const char* extension : {".csv", ".csvt", ".prj"}) {
      EXPECT_TRUE(fs::exists(path(std::string(stem) + extension)))
          << stem << extension;
    }
  }

  auto reaches = open_output(written[0]);
  ASSERT_TRUE(reaches);
  EXPECT_STREQ(reaches->GetDriver()->GetDescription(), "CSV");
  OGRLayer* layer = reaches->GetLayer(0);
  EXPECT_EQ(layer->GetFeatureCount(), 3);
  auto features = features_by_id(*layer, "reach_id");
  ASSERT_EQ(features.size(), 3u);
  // The .csvt file keeps the field types.
  const OGRFeature& trunk = *features[2];
  EXPECT_EQ(trunk.GetFieldDefnRef(trunk.GetFieldIndex("length_m"))->GetType(),
            OFTReal);
  EXPECT_DOUBLE_EQ(trunk.GetFieldAsDouble("length_m"), 50.0);
  EXPECT_STREQ(trunk.GetFieldAsString("source_fids"), "12,13");
  ASSERT_NE(trunk.GetGeometryRef(), nullptr);
  const OGRLineString* line = trunk.GetGeometryRef()->toLineString();
  EXPECT_DOUBLE_EQ(line->getY(1), 0.0);
  EXPECT_DOUBLE_EQ(line->getZ(1), 230.0);

  auto problems = open_output(written[2]);
  ASSERT_TRUE(problems);
  EXPECT_EQ(problems->GetLayer(0)->GetFeatureCount(), 4);
}

TEST_F(VectorWriterTest, KmlRoundTripsThroughGdal) {
  const auto written = write_network(y_network(), path("net.kml"), {});
  EXPECT_EQ(written, std::vector<std::string>{path("net.kml")});
  EXPECT_EQ(directory_listing(), std::set<std::string>{"net.kml"});
  auto dataset = open_output(written[0]);
  ASSERT_TRUE(dataset);
  ASSERT_EQ(dataset->GetLayerCount(), 3);
  const std::map<std::string, GIntBig> counts = {
      {"reaches", 3}, {"nodes", 4}, {"problems", 4}};
  for (const auto& [name, count] : counts) {
    OGRLayer* layer = dataset->GetLayerByName(name.c_str());
    ASSERT_NE(layer, nullptr) << name;
    EXPECT_EQ(layer->GetFeatureCount(), count) << name;
  }
  // GDAL writes KML in WGS 84. Node 3, at (50, 0) in Lambert-93, is at
  // longitude -1.36277, latitude -5.98384 (EPSG:2154 to EPSG:4326 with
  // PROJ 9).
  auto nodes = features_by_id(*dataset->GetLayerByName("nodes"), "node_id");
  ASSERT_EQ(nodes.size(), 4u);
  const OGRPoint* outlet = nodes[3]->GetGeometryRef()->toPoint();
  EXPECT_NEAR(outlet->getX(), -1.36277, 1e-4);
  EXPECT_NEAR(outlet->getY(), -5.98384, 1e-4);
}

TEST_F(VectorWriterTest, SingleLayerFormatsGetOneFilePerLayer) {
  struct Case {
    std::string name;
    std::string driver;
  };
  for (const Case& c :
       {Case{"net.geojson", "GeoJSON"}, Case{"net.fgb", "FlatGeobuf"}}) {
    const auto written = write_network(y_network(), path(c.name), {});
    const std::string extension = fs::path(c.name).extension().string();
    ASSERT_EQ(written.size(), 3u) << c.name;
    EXPECT_EQ(written[0], path("net_reaches" + extension));
    EXPECT_EQ(written[1], path("net_nodes" + extension));
    EXPECT_EQ(written[2], path("net_problems" + extension));

    auto reaches = open_output(written[0]);
    ASSERT_TRUE(reaches) << written[0];
    EXPECT_STREQ(reaches->GetDriver()->GetDescription(), c.driver.c_str());
    EXPECT_EQ(reaches->GetLayer(0)->GetFeatureCount(), 3);
    EXPECT_EQ(field_names(*reaches->GetLayer(0)).front(), "reach_id");
    // FlatGeobuf in GDAL 3.6 drops features without geometry, so the
    // problem without points or lines is lost there.
    auto problems = open_output(written[2]);
    ASSERT_TRUE(problems) << written[2];
    EXPECT_EQ(problems->GetLayer(0)->GetFeatureCount(),
              c.driver == "FlatGeobuf" ? 3 : 4);
  }
  EXPECT_EQ(directory_listing(),
            (std::set<std::string>{"net_reaches.geojson", "net_nodes.geojson",
                                   "net_problems.geojson", "net_reaches.fgb",
                                   "net_nodes.fgb", "net_problems.fgb"}));
}

TEST_F(VectorWriterTest, ShapefileProblemsArePoints) {
  const auto written = write_network(y_network(), path("net.shp"), {});
  ASSERT_EQ(written.size(), 3u);
  for (const char* stem : {"net_reaches", "net_nodes", "net_problems"}) {
    for (const char* extension : {".shp", ".shx", ".dbf", ".prj"}) {
      EXPECT_TRUE(fs::exists(path(std::string(stem) + extension)))
          << stem << extension;
    }
  }
  for (const std::string& name : directory_listing()) {
    EXPECT_NE(name.front(), '.') << "temporary file left: " << name;
  }

  auto reaches = open_output(written[0]);
  ASSERT_TRUE(reaches);
  // Shapefile field names hold 10 characters at most.
  const auto names = field_names(*reaches->GetLayer(0));
  EXPECT_EQ(names[7], "upstream_l");
  EXPECT_EQ(reaches->GetLayer(0)->GetFeatureCount(), 3);

  auto problems = open_output(written[2]);
  ASSERT_TRUE(problems);
  OGRLayer* layer = problems->GetLayer(0);
  EXPECT_EQ(wkbFlatten(layer->GetGeomType()), wkbMultiPoint);
  ASSERT_EQ(layer->GetFeatureCount(), 4);
  OGRFeatureUniquePtr reversed(layer->GetFeature(2));
  ASSERT_TRUE(reversed);
  ASSERT_NE(reversed->GetGeometryRef(), nullptr);
  // The middle vertex of the two-vertex trunk is its second vertex.
  const OGRPoint* point =
      reversed->GetGeometryRef()->toMultiPoint()->getGeometryRef(0);
  EXPECT_DOUBLE_EQ(point->getX(), 50.0);
  EXPECT_DOUBLE_EQ(point->getY(), 0.0);
}

TEST_F(VectorWriterTest, GmlKeepsSchemaUnderFinalName) {
  RiverNetwork network = y_network();
  network.problems.clear();
  const auto written = write_network(network, path("net.gml"), {});
  ASSERT_EQ(written.size(), 1u);
  for (const std::string& name : directory_listing()) {
    EXPECT_NE(name.front(), '.') << "temporary file left: " << name;
  }
  // The schema lets readers see the empty problems layer too.
  EXPECT_TRUE(fs::exists(path("net.xsd")));
  auto dataset = open_output(written[0]);
  ASSERT_TRUE(dataset);
  EXPECT_EQ(dataset->GetLayerCount(), 3);
  OGRLayer* reaches = dataset->GetLayerByName("reaches");
  ASSERT_NE(reaches, nullptr);
  EXPECT_EQ(reaches->GetFeatureCount(), 3);
}

TEST_F(VectorWriterTest, SqliteHoldsAllLayers) {
  const auto written = write_network(y_network(), path("net.sqlite"), {});
  ASSERT_EQ(written.size(), 1u);
  auto dataset = open_output(written[0]);
  ASSERT_TRUE(dataset);
  EXPECT_STREQ(dataset->GetDriver()->GetDescription(), "SQLite");
  EXPECT_EQ(dataset->GetLayerCount(), 3);
  OGRLayer* problems = dataset->GetLayerByName("problems");
  ASSERT_NE(problems, nullptr);
  EXPECT_EQ(problems->GetFeatureCount(), 4);
  OGRLayer* reaches = dataset->GetLayerByName("reaches");
  ASSERT_NE(reaches, nullptr);
  EXPECT_EQ(field_names(*reaches), reach_fields);
}

TEST_F(VectorWriterTest, RelativeInputMatchesAbsoluteOutput) {
  const std::string output = path("rivers.gpkg");
  write_network(y_network(), output, {});
  WriteOptions options;
  options.overwrite = true;
  options.inputs = {fs::relative(output).string()};
  EXPECT_THROW(write_network(y_network(), output, options), IoError);
}

TEST_F(VectorWriterTest, RejectsFifoAndDirectoryOutputs) {
  ASSERT_EQ(::mkfifo(path("net.gpkg").c_str(), 0600), 0);
  ASSERT_EQ(::mkfifo(path("net_nodes.geojson").c_str(), 0600), 0);
  fs::create_directory(path("folder.gpkg"));
  fs::create_directory(path("folder_problems.fgb"));
  const auto before = directory_state();

  struct Case {
    std::string output;
    std::string named; // the path the message must name
    std::string reason;
  };
  const std::vector<Case> cases = {
      {"net.gpkg", "net.gpkg", "is a FIFO"},
      {"net.geojson", "net_nodes.geojson", "is a FIFO"},
      {"folder.gpkg", "folder.gpkg", "is a directory; give a file path"},
      {"folder.fgb", "folder_problems.fgb",
       "is a directory; give a file path"}};
  for (const Case& c : cases) {
    for (const bool overwrite : {false, true}) {
      WriteOptions options;
      options.overwrite = overwrite;
      std::size_t calls = 0;
      options.progress = [&](std::string_view, double) {
        ++calls;
        return true;
      };
      try {
        write_network(y_network(), path(c.output), options);
        FAIL() << c.output << " was written, overwrite " << overwrite;
      } catch (const IoError& error) {
        EXPECT_TRUE(contains(error.what(), path(c.named))) << error.what();
        EXPECT_TRUE(contains(error.what(), c.reason)) << error.what();
        EXPECT_FALSE(contains(error.what(), ".tmp-")) << error.what();
      }
      // The check comes before any work.
      EXPECT_EQ(calls, 0u) << c.output;
      EXPECT_THROW(check_output_path(path(c.output), options), IoError)
          << c.output;
      EXPECT_EQ(directory_state(), before) << c.output;
    }
  }
  EXPECT_TRUE(fs::is_fifo(path("net.gpkg")));
  EXPECT_TRUE(fs::is_directory(path("folder.gpkg")));
}

TEST_F(VectorWriterTest, PathEndingInSlashIsRejected) {
  try {
    write_network(y_network(), directory_.string() + "/", {});
    FAIL() << "a directory path was accepted";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), "give a file path")) << error.what();
  }
  EXPECT_TRUE(directory_listing().empty());
}

// Cancels at the 1st, a middle and the last call of the progress callback,
// and checks that the directory is left exactly as before: empty, or with
// the outputs of an earlier write when overwriting them.
TEST_F(VectorWriterTest, CancelAtAnyCallLeavesNoTrace) {
  for (const std::string name :
       {"net.gpkg", "net.shp", "net.gml", "net.geojson", "net.csv", "net.kml",
        "net.sqlite"}) {
    for (const bool existing : {false, true}) {
      fs::remove_all(directory_);
      fs::create_directories(directory_);
      if (existing) {
        RiverNetwork older = y_network();
        older.reaches.resize(1);
        write_network(older, path(name), {});
      }
      const auto before = directory_state();

      WriteOptions counting;
      counting.overwrite = true;
      std::size_t total_calls = 0;
      counting.progress = [&](std::string_view, double) {
        ++total_calls;
        return true;
      };
      const fs::path scratch = directory_ / "scratch";
      fs::create_directory(scratch);
      write_network(y_network(), (scratch / name).string(), counting);
      fs::remove_all(scratch);
      ASSERT_GE(total_calls, 3u) << name;

      for (const std::size_t cancel_at :
           {std::size_t{1}, total_calls / 2, total_calls}) {
        WriteOptions options;
        options.overwrite = existing;
        std::size_t calls = 0;
        options.progress = [&](std::string_view, double) {
          return ++calls < cancel_at;
        };
        EXPECT_THROW(write_network(y_network(), path(name), options),
                     CancelledError)
            << name << " cancelled at call " << cancel_at;
        EXPECT_EQ(calls, cancel_at) << name;
        EXPECT_EQ(directory_state(), before)
            << name << " cancelled at call " << cancel_at << " of "
            << total_calls << (existing ? ", overwriting" : "");
      }
    }
  }
}

TEST_F(VectorWriterTest, ThrowingCallbackLeavesNoTrace) {
  WriteOptions options;
  std::size_t calls = 0;
  options.progress = [&](std::string_view, double) {
    if (++calls == 3) {
      throw std::runtime_error("interrupted");
    }
    return true;
  };
  EXPECT_THROW(write_network(y_network(), path("net.shp"), options),
               std::runtime_error);
  EXPECT_TRUE(directory_listing().empty());
}

TEST_F(VectorWriterTest, SideFilesAreCheckedBeforeWriting) {
  struct Case {
    std::string output;
    std::string side; // an existing file the write would replace
  };
  for (const Case& c :
       {Case{"y.gml", "y.xsd"}, Case{"net.shp", "net_nodes.dbf"},
        Case{"net.shp", "net_problems.prj"},
        Case{"net.csv", "net_reaches.csvt"}}) {
    fs::remove_all(directory_);
    fs::create_directories(directory_);
    std::ofstream(path(c.side)) << "not ours";
    const auto before = directory_state();
    try {
      write_network(y_network(), path(c.output), {});
      FAIL() << c.side << " was replaced without overwrite";
    } catch (const IoError& error) {
      EXPECT_TRUE(contains(error.what(), path(c.side))) << error.what();
      EXPECT_TRUE(contains(error.what(), "--overwrite")) << error.what();
    }
    EXPECT_EQ(directory_state(), before) << c.side;

    // A side file that is an input is not replaced even with overwrite.
    WriteOptions options;
    options.overwrite = true;
    options.inputs = {path(c.side)};
    EXPECT_THROW(write_network(y_network(), path(c.output), options), IoError)
        << c.side;
    EXPECT_EQ(directory_state(), before) << c.side;

    options.inputs.clear();
    EXPECT_NO_THROW(write_network(y_network(), path(c.output), options))
        << c.side;
    std::ifstream side(path(c.side));
    std::string first_line;
    std::getline(side, first_line);
    EXPECT_NE(first_line, "not ours") << c.side;
  }
}

TEST_F(VectorWriterTest, CycleReachMetricsAreNull) {
  RiverNetwork network = y_network();
  network.reaches[1].in_cycle = true;
  network.reaches[1].strahler = 0;
  network.reaches[1].upstream_length_m = 0.0;
  // An outlet reach not in a cycle keeps its zero distance.
  network.reaches[2].distance_to_outlet_m = 0.0;
  write_network(network, path("net.gpkg"), {});
  auto dataset = open_output(path("net.gpkg"));
  ASSERT_TRUE(dataset);
  auto reaches =
      features_by_id(*dataset->GetLayerByName("reaches"), "reach_id");
  ASSERT_EQ(reaches.size(), 3u);

  const std::vector<std::string> metrics = {"strahler",
                                            "shreve",
                                            "hack",
                                            "upstream_length_m",
                                            "distance_to_outlet_m",
                                            "max_upstream_distance_m"};
  for (const std::string& field : metrics) {
    const int index = reaches[1]->GetFieldIndex(field.c_str());
    ASSERT_GE(index, 0) << field;
    EXPECT_TRUE(reaches[1]->IsFieldNull(index)) << field;
    EXPECT_FALSE(reaches[2]->IsFieldNull(index)) << field;
    EXPECT_FALSE(reaches[0]->IsFieldNull(index)) << field;
  }
  EXPECT_DOUBLE_EQ(reaches[2]->GetFieldAsDouble("distance_to_outlet_m"), 0.0);
  EXPECT_EQ(reaches[1]->GetFieldAsInteger64("reach_id"), 1);
  EXPECT_DOUBLE_EQ(reaches[1]->GetFieldAsDouble("length_m"),
                   network.reaches[1].length_m);
}

TEST_F(VectorWriterTest, CheckOutputPathWritesNothing) {
  WriteOptions options;
  EXPECT_NO_THROW(check_output_path(path("net.gpkg"), options));
  EXPECT_NO_THROW(check_output_path(path("net.shp"), options));
  EXPECT_TRUE(directory_listing().empty());

  write_network(y_network(), path("net.gpkg"), {});
  try {
    check_output_path(path("net.gpkg"), options);
    FAIL() << "an existing output passed";
  } catch (const IoError& error) {
    EXPECT_TRUE(contains(error.what(), "already exists")) << error.what();
  }
  options.overwrite = true;
  EXPECT_NO_THROW(check_output_path(path("net.gpkg"), options));
  options.inputs = {path("net.gpkg")};
  EXPECT_THROW(check_output_path(path("net.gpkg"), options), IoError);

  EXPECT_THROW(check_output_path(path("net.rivers"), {}), IoError);
  EXPECT_THROW(check_output_path(path("missing/net.gpkg"), {}), IoError);
  WriteOptions bad_format;
  bad_format.format = "NoSuchDriver";
  EXPECT_THROW(check_output_path(path("other.gpkg"), bad_format), IoError);
  EXPECT_EQ(directory_listing(), std::set<std::string>{"net.gpkg"});
}

namespace {

// Runs `check` in a child process, as the unprivileged user nobody (uid
// 65534) when this process is root, because root may write in any
// directory. Returns the exit status of
// the child: 0 when `check` returned true.
template <typename Check> int run_unprivileged(Check check) {
  const pid_t child = ::fork();
  if (child == 0) {
    if (::geteuid() == 0 && (::setgid(65534) != 0 || ::setuid(65534) != 0)) {
      ::_exit(2);
    }
    ::_exit(check() ? 0 : 1);
  }
  int status = 0;
  ::waitpid(child, &status, 0);
  return WIFEXITED(status) ? WEXITSTATUS(status) : 3;
}

} // namespace

TEST_F(VectorWriterTest, ReadOnlyDirectoryIsNamed) {
  const fs::path locked = directory_ / "locked";
  fs::create_directory(locked);
  fs::permissions(locked, fs::perms::owner_read | fs::perms::owner_exec |
                              fs::perms::group_read | fs::perms::group_exec |
                              fs::perms::others_read | fs::perms::others_exec);
  const std::string output = (locked / "net.gpkg").string();
  const std::string expected = "cannot write in directory " + locked.string() +
                               ": permission denied; choose another output "
                               "directory";
  // The child reports through its exit status: 0 for the expected message
  // from both functions, 1 otherwise.
  const int status = run_unprivileged([&] {
    bool ok = true;
    try {
      check_output_path(output, {});
      ok = false;
    } catch (const IoError& error) {
      ok = ok && std::string(error.what()) == expected;
    }
    try {
      write_network(y_network(), output, {});
      ok = false;
    } catch (const IoError& error) {
      ok = ok && std::string(error.what()) == expected;
    }
    return ok;
  });
  EXPECT_EQ(status, 0) << "expected both to throw: " << expected;
  EXPECT_TRUE(fs::is_empty(locked));
}

TEST_F(VectorWriterTest, ShapefileCutsMessagesAt254) {
  RiverNetwork network = y_network();
  network.problems[0].message = std::string(300, 'x');
  const auto written = write_network(network, path("net.shp"), {});
  auto problems = open_output(written[2]);
  ASSERT_TRUE(problems);
  OGRFeatureUniquePtr first(problems->GetLayer(0)->GetFeature(0));
  ASSERT_TRUE(first);
  EXPECT_EQ(std::string(first->GetFieldAsString("message")),
            std::string(254, 'x'));
}

TEST_F(VectorWriterTest, MapInfoTakesNarrowIntegers) {
  RiverNetwork network = y_network();
  network.attributes.rows[0][1] = std::int64_t{5000000000};
  const auto written = write_network(network, path("net.tab"), {});
  ASSERT_EQ(written.size(), 3u);
  for (const char* stem : {"net_reaches", "net_nodes", "net_problems"}) {
    for (const char* extension : {".tab", ".dat", ".id", ".map"}) {
      EXPECT_TRUE(fs::exists(path(std::string(stem) + extension)))
          << stem << extension;
    }
  }

  auto reaches = open_output(written[0]);
  ASSERT_TRUE(reaches);
  EXPECT_STREQ(reaches->GetDriver()->GetDescription(), "MapInfo File");
  OGRLayer* layer = reaches->GetLayer(0);
  OGRFeatureDefn* definition = layer->GetLayerDefn();
  // MapInfo has no 64-bit integers: ids become Integer, and a source
  // column with a value past 2^31 becomes Real.
  EXPECT_EQ(definition->GetFieldDefn(definition->GetFieldIndex("reach_id"))
                ->GetType(),
            OFTInteger);
  EXPECT_EQ(
      definition->GetFieldDefn(definition->GetFieldIndex("code"))->GetType(),
      OFTReal);
  auto features = features_by_id(*layer, "reach_id");
  ASSERT_EQ(features.size(), 3u);
  EXPECT_DOUBLE_EQ(features[0]->GetFieldAsDouble("code"), 5000000000.0);
  EXPECT_EQ(features[2]->GetFieldAsInteger("strahler"), 2);
}
