// Writing point and line layers with attributes: layers, files per format,
// renamed fields and the output checks.
#include "georiviere/io/feature_writer.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>

#include "georiviere/core/error.hpp"
#include "vector_fixtures.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;

class FeatureWriterTest : public testing::TemporaryDirectoryTest {
protected:
  FeatureWriterTest() : TemporaryDirectoryTest("georiviere_features_") {}

  std::vector<std::string> entries() const {
    std::vector<std::string> names;
    for (const auto& entry : fs::directory_iterator(directory_)) {
      names.push_back(entry.path().filename().string());
    }
    std::sort(names.begin(), names.end());
    return names;
  }
};

// Two points, the second without geometry, and a field that repeats one.
OutputLayer point_layer() {
  OutputLayer layer;
  layer.name = "located";
  layer.geometry = OutputGeometry::point;
  layer.points = {{10, 20}, {std::nan(""), std::nan("")}};
  layer.attributes.fields = {{"reach_id", FieldType::integer},
                             {"side", FieldType::string},
                             {"reach_id", FieldType::real}};
  layer.attributes.rows = {{std::int64_t{3}, std::string("left"), 1.5},
                           {FieldValue{}, std::string("none"), FieldValue{}}};
  return layer;
}

OutputLayer line_layer() {
  OutputLayer layer;
  layer.name = "segments";
  layer.geometry = OutputGeometry::line_string;
  Polyline line;
  line.points = {{0, 0}, {100, 0}};
  line.z = {5, 4};
  layer.lines = {line};
  layer.attributes.fields = {{"length_m", FieldType::real}};
  layer.attributes.rows = {{100.0}};
  return layer;
}

struct OpenedDataset {
  GDALDatasetUniquePtr dataset;
  OGRLayer* layer(const std::string& name) const {
    return dataset->GetLayerByName(name.c_str());
  }
};

OpenedDataset open(const std::string& path) {
  GDALAllRegister();
  return {GDALDatasetUniquePtr(
      GDALDataset::Open(path.c_str(), GDAL_OF_VECTOR | GDAL_OF_READONLY))};
}

TEST_F(FeatureWriterTest, WritesLayersToGeoPackage) {
  const std::vector<std::string> written = write_layers(
      {point_layer(), line_layer()}, "", path("out.gpkg"), WriteOptions{});
  EXPECT_EQ(written, (std::vector<std::string>{path("out.gpkg")}));
  const OpenedDataset opened = open(path("out.gpkg"));
  ASSERT_TRUE(opened.dataset);
  OGRLayer* located = opened.layer("located");
  ASSERT_NE(located, nullptr);
  EXPECT_EQ(located->GetFeatureCount(), 2);
  OGRLayer* segments = opened.layer("segments");
  ASSERT_NE(segments, nullptr);
  EXPECT_EQ(segments->GetFeatureCount(), 1);
  EXPECT_TRUE(OGR_GT_HasZ(segments->GetGeomType()));
}

TEST_F(FeatureWriterTest, RepeatedFieldGetsPrefix) {
  write_layers({point_layer()}, "", path("out.gpkg"), WriteOptions{});
  const OpenedDataset opened = open(path("out.gpkg"));
  OGRFeatureDefn* definition = opened.layer("located")->GetLayerDefn();
  ASSERT_EQ(definition->GetFieldCount(), 3);
  EXPECT_STREQ(definition->GetFieldDefn(0)->GetNameRef(), "reach_id");
  EXPECT_STREQ(definition->GetFieldDefn(2)->GetNameRef(), "src_reach_id");
}

TEST_F(FeatureWriterTest, NanPointHasNullGeometry) {
  write_layers({point_layer()}, "", path("out.gpkg"), WriteOptions{});
  const OpenedDataset opened = open(path("out.gpkg"));
  OGRLayer* layer = opened.layer("located");
  layer->ResetReading();
  OGRFeatureUniquePtr first(layer->GetNextFeature());
  OGRFeatureUniquePtr second(layer->GetNextFeature());
  ASSERT_TRUE(first);
  ASSERT_TRUE(second);
  EXPECT_NE(first->GetGeometryRef(), nullptr);
  EXPECT_EQ(second->GetGeometryRef(), nullptr);
  EXPECT_TRUE(second->IsFieldNull(0));
  EXPECT_STREQ(second->GetFieldAsString(1), "none");
}

TEST_F(FeatureWriterTest, GeoJsonFilePerLayer) {
  const std::vector<std::string> written = write_layers(
      {point_layer(), line_layer()}, "", path("out.geojson"), WriteOptions{});
  EXPECT_EQ(written, (std::vector<std::string>{path("out_located.geojson"),
                                               path("out_segments.geojson")}));
  EXPECT_EQ(entries(), (std::vector<std::string>{"out_located.geojson",
                                                 "out_segments.geojson"}));
  EXPECT_EQ(output_layer_paths(path("out.geojson"), {"located"}, {}),
            (std::vector<std::string>{path("out_located.geojson")}));
}

TEST_F(FeatureWriterTest, ExistingOutputKept) {
  std::ofstream(path("out.gpkg")) << "keep";
  EXPECT_THROW(check_layers_output_path(path("out.gpkg"), {"located"}, {}),
               IoError);
  EXPECT_THROW(
      write_layers({point_layer()}, "", path("out.gpkg"), WriteOptions{}),
      IoError);
  std::ifstream file(path("out.gpkg"));
  std::string content;
  file >> content;
  EXPECT_EQ(content, "keep");
  WriteOptions overwrite;
  overwrite.overwrite = true;
  write_layers({point_layer()}, "", path("out.gpkg"), overwrite);
  EXPECT_EQ(open(path("out.gpkg")).layer("located")->GetFeatureCount(), 2);
  EXPECT_EQ(entries(), (std::vector<std::string>{"out.gpkg"}));
}

TEST_F(FeatureWriterTest, RowCountMismatchRejected) {
  OutputLayer layer = point_layer();
  layer.attributes.rows.pop_back();
  EXPECT_THROW(write_layers({layer}, "", path("out.gpkg"), WriteOptions{}),
               InvalidInputError);
  EXPECT_TRUE(entries().empty());
}

TEST_F(FeatureWriterTest, CancelLeavesNoOutput) {
  WriteOptions options;
  options.progress = [](std::string_view, double fraction) {
    return fraction < 1.0;
  };
  EXPECT_THROW(write_layers({point_layer(), line_layer()}, "", path("out.gpkg"),
                            options),
               CancelledError);
  EXPECT_TRUE(entries().empty());
}

} // namespace
} // namespace georiviere
