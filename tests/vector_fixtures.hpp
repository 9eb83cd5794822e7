// Test helpers for the vector readers and writers: a temporary directory per
// test, and small OGR datasets written from WKT and text values.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gdal_priv.h>
#include <gtest/gtest.h>
#include <ogrsf_frmts.h>
#include <unistd.h>

namespace georiviere::testing {

// A fixture that gives each test an empty directory of its own,
// TEMP/PREFIXPID_TEST, removed after the test.
class TemporaryDirectoryTest : public ::testing::Test {
protected:
  explicit TemporaryDirectoryTest(std::string prefix)
      : prefix_(std::move(prefix)) {}

  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    directory_ = std::filesystem::temp_directory_path() /
                 (prefix_ + std::to_string(::getpid()) + "_" + info->name());
    std::filesystem::remove_all(directory_);
    std::filesystem::create_directories(directory_);
  }
  void TearDown() override { std::filesystem::remove_all(directory_); }

  std::string path(const std::string& name) const {
    return (directory_ / name).string();
  }

  std::filesystem::path directory_;

private:
  std::string prefix_;
};

struct TestField {
  std::string name;
  OGRFieldType type = OFTString;
};

// One feature: its geometry as WKT (empty for none) and its field values as
// text, empty for null.
struct TestFeature {
  std::string wkt;
  std::vector<std::string> values;
};

struct TestLayer {
  std::string name;
  int epsg = 0; // 0: no CRS
  OGRwkbGeometryType type = wkbUnknown;
  std::vector<TestField> fields;
  std::vector<TestFeature> features;
};

// Writes the layers to a new dataset at `path` with the GDAL driver
// `driver_name`. Fails the test on any GDAL error.
inline void write_dataset(const std::filesystem::path& path,
                          const std::string& driver_name,
                          const std::vector<TestLayer>& layers) {
  GDALAllRegister();
  GDALDriver* driver =
      GetGDALDriverManager()->GetDriverByName(driver_name.c_str());
  ASSERT_NE(driver, nullptr) << driver_name;
  GDALDatasetUniquePtr dataset(
      driver->Create(path.string().c_str(), 0, 0, 0, GDT_Unknown, nullptr));
  ASSERT_TRUE(dataset) << path;
  for (const TestLayer& spec : layers) {
    OGRSpatialReference srs;
    srs.SetAxisMappingStrategy(OAMS_TRADITIONAL_GIS_ORDER);
    if (spec.epsg != 0) {
      ASSERT_EQ(srs.importFromEPSG(spec.epsg), OGRERR_NONE);
    }
    OGRLayer* layer = dataset->CreateLayer(
        spec.name.c_str(), spec.epsg != 0 ? &srs : nullptr, spec.type, nullptr);
    ASSERT_NE(layer, nullptr);
    for (const TestField& field : spec.fields) {
      OGRFieldDefn definition(field.name.c_str(), field.type);
      ASSERT_EQ(layer->CreateField(&definition), OGRERR_NONE);
    }
    for (const TestFeature& spec_feature : spec.features) {
      OGRFeature feature(layer->GetLayerDefn());
      for (std::size_t i = 0; i < spec_feature.values.size(); ++i) {
        if (!spec_feature.values[i].empty()) {
          feature.SetField(static_cast<int>(i), spec_feature.values[i].c_str());
        }
      }
      if (!spec_feature.wkt.empty()) {
        OGRGeometry* geometry = nullptr;
        ASSERT_EQ(OGRGeometryFactory::createFromWkt(spec_feature.wkt.c_str(),
                                                    nullptr, &geometry),
                  OGRERR_NONE)
            << spec_feature.wkt;
        feature.SetGeometryDirectly(geometry);
      }
      ASSERT_EQ(layer->CreateFeature(&feature), OGRERR_NONE);
    }
  }
}

inline bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

} // namespace georiviere::testing
