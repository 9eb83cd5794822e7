// Region presets on real extracts, read from GEORIVIERE_SHARED_DATA when it
// exists: BD TOPO (Yzeron, Culet), OpenStreetMap (Liechtenstein) and
// NHDPlus (Walker Creek). The expected counts were read from the files with
// ogrinfo and networkx.
#include <cmath>
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

#include <gdal_utils.h>
#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/raster/grid.hpp"
#include "georiviere/region/apply_direction.hpp"
#include "georiviere/region/build_region_network.hpp"
#include "georiviere/region/class_filter.hpp"
#include "georiviere/region/field_values.hpp"
#include "georiviere/region/ground_position.hpp"
#include "georiviere/region/read_options.hpp"
#include "georiviere/region/trusted_topology.hpp"

namespace georiviere {
namespace {

std::string data_path(const std::string& relative) {
  return std::string(GEORIVIERE_SHARED_DATA) + "/vector/" + relative;
}

#define REQUIRE_DATA(relative)                                                 \
  if (!std::filesystem::exists(data_path(relative))) {                         \
    GTEST_SKIP() << "no real data at " << data_path(relative);                 \
  }

TEST(RegionRealData, BdtopoOnYzeronFiltersByRegime) {
  REQUIRE_DATA("yzeron/hydrography3.shp");
  // The extract is a shapefile whose only layer is not named as in the
  // product, so the override clears the layer name.
  const RegionProfile profile = parse_region_profile(
      "[region]\nbase = \"bdtopo\"\n[input]\nlayer = \"\"\n"
      "[fields]\nclass = \"regime\"\n"
      "direction = \"\"\nground = \"\"\n"
      "[classes]\nkeep = [\"Permanent\"]\ndrop = [\"Intermittent\"]\n"
      "artificial = []\n[direction]\nforward = []\nreverse = []\n"
      "both = []\nunknown = []\n[ground]\nabove = []\nbelow = []\n",
      "yzeron.toml");
  EXPECT_THROW(
      read_lines(read_options_for(region_preset("bdtopo"),
                                  data_path("yzeron/hydrography3.shp"))),
      InvalidInputError);
  LineSet lines = read_lines(
      read_options_for(profile, data_path("yzeron/hydrography3.shp")));
  ASSERT_EQ(lines.lines.size(), 542u);

  // The extract is BD TOPO v2: the v3 field 'nature' is missing.
  LineSet copy = lines;
  EXPECT_THROW(apply_class_filter(copy, region_preset("bdtopo")),
               InvalidInputError);

  const ClassFilterResult result = apply_class_filter(lines, profile);
  EXPECT_EQ(result.kept, 147u);
  EXPECT_EQ(result.dropped, 395u);
  EXPECT_EQ(result.dropped_by_value.at("regime=Intermittent"), 395u);
  EXPECT_EQ(lines.lines.size(), 147u);
}

TEST(RegionRealData, BdtopoV2OnCuletUsesZFields) {
  REQUIRE_DATA("culet/network0.gml");
  const RegionProfile profile = region_preset("bdtopo_v2");
  LineSet lines =
      read_lines(read_options_for(profile, data_path("culet/network0.gml")));
  ASSERT_EQ(lines.lines.size(), 38u);
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(lines, profile, problems);
  // z_ini > z_fin on 23 lines, z_ini < z_fin on 9; 2 are flat and 4 have
  // 9999 (no data), which keep their digitised order.
  EXPECT_EQ(result.decided_by_z_fields, 32u);
  EXPECT_EQ(result.reversed, 9u);
  EXPECT_EQ(result.forward, 29u);
  EXPECT_EQ(result.decided_by_digitized, 6u);
  EXPECT_TRUE(problems.empty());

  // Without the digitized step those six are reported.
  RegionProfile strict = profile;
  strict.direction.chain = {DirectionStep::z_fields};
  LineSet again =
      read_lines(read_options_for(strict, data_path("culet/network0.gml")));
  apply_direction(again, strict, problems);
  EXPECT_EQ(problems.size(), 6u);
}

// A 10 m DEM in Lambert-93 over the lines, interpolated by inverse distance
// weighting (power 2) from the z_ini and z_fin values at the line ends. The
// extract's vertices have Z = 0, so these fields are its only elevations.
std::string write_culet_dem(const LineSet& lines, const std::string& path) {
  std::vector<Point> points;
  std::vector<double> elevations;
  const int z_ini = find_field(lines.attributes, "z_ini");
  const int z_fin = find_field(lines.attributes, "z_fin");
  for (const SourceLine& line : lines.lines) {
    const auto& row = lines.attributes.rows[line.row];
    const std::optional<double> start = field_value_number(row[z_ini]);
    const std::optional<double> end = field_value_number(row[z_fin]);
    if (start && *start != 9999.0) {
      points.push_back(line.geometry.front());
      elevations.push_back(*start);
    }
    if (end && *end != 9999.0) {
      points.push_back(line.geometry.back());
      elevations.push_back(*end);
    }
  }

  Box bounds;
  for (const SourceLine& line : lines.lines) {
    for (const Point& point : line.geometry.points) {
      bounds.expand(point);
    }
  }
  const Box box = bounds.buffered(100.0);
  const double cell = 10.0;
  const auto cols = static_cast<std::size_t>((box.max_x - box.min_x) / cell);
  const auto rows = static_cast<std::size_t>((box.max_y - box.min_y) / cell);
  Grid<float> grid(rows, cols);
  grid.set_transform(GeoTransform{box.min_x, cell, 0.0, box.max_y, 0.0, -cell});
  grid.set_crs_wkt("EPSG:2154");
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const auto [x, y] = grid.transform().cell_centre(r, c);
      double weights = 0.0;
      double total = 0.0;
      for (std::size_t i = 0; i < points.size(); ++i) {
        const double d2 = std::pow(points[i].x - x, 2.0) +
                          std::pow(points[i].y - y, 2.0) + 1e-6;
        weights += 1.0 / d2;
        total += elevations[i] / d2;
      }
      grid(r, c) = static_cast<float>(total / weights);
    }
  }
  write_raster(grid, path);
  return path;
}

// Warps a raster to longitude and latitude (EPSG:4326) with bilinear
// resampling.
void warp_to_degrees(const std::string& source, const std::string& target) {
  GDALDatasetH input = GDALOpen(source.c_str(), GA_ReadOnly);
  ASSERT_NE(input, nullptr);
  char* arguments[] = {const_cast<char*>("-t_srs"),
                       const_cast<char*>("EPSG:4326"), const_cast<char*>("-r"),
                       const_cast<char*>("bilinear"), nullptr};
  GDALWarpAppOptions* options = GDALWarpAppOptionsNew(arguments, nullptr);
  int failed = 0;
  GDALDatasetH output =
      GDALWarp(target.c_str(), nullptr, 1, &input, options, &failed);
  GDALWarpAppOptionsFree(options);
  ASSERT_NE(output, nullptr);
  EXPECT_EQ(failed, 0);
  GDALClose(output);
  GDALClose(input);
}

// Directions decided by the DEM step alone: 1 forward, -1 reversed, 0
// undecided, by line.
std::vector<int> dem_directions(const RegionProfile& profile,
                                const std::string& dem_path) {
  RegionProfile dem_only = profile;
  dem_only.direction.chain = {DirectionStep::dem};
  dem_only.direction.dem_path = dem_path;
  LineSet lines =
      read_lines(read_options_for(dem_only, data_path("culet/network0.gml")));
  const LineSet before = lines;
  std::vector<Problem> problems;
  apply_direction(lines, dem_only, problems);
  std::vector<int> result(lines.lines.size(), 1);
  for (std::size_t i = 0; i < lines.lines.size(); ++i) {
    if (lines.lines[i].geometry.front() != before.lines[i].geometry.front()) {
      result[i] = -1;
    }
  }
  for (const Problem& problem : problems) {
    for (std::size_t i = 0; i < lines.lines.size(); ++i) {
      if (lines.lines[i].fid == problem.source_fids.at(0)) {
        result[i] = 0;
      }
    }
  }
  return result;
}

TEST(RegionRealData, DemStepOnCuletAgreesWithZFields) {
  REQUIRE_DATA("culet/network0.gml");
  const RegionProfile profile = region_preset("bdtopo_v2");
  LineSet lines =
      read_lines(read_options_for(profile, data_path("culet/network0.gml")));
  ASSERT_EQ(lines.lines.size(), 38u);
  const std::filesystem::path folder =
      std::filesystem::path(GEORIVIERE_BINARY_DIR) / "region_real_data";
  std::filesystem::create_directories(folder);
  const std::string lambert =
      write_culet_dem(lines, (folder / "culet_dem_2154.tif").string());
  const std::string degrees = (folder / "culet_dem_4326.tif").string();
  std::filesystem::remove(degrees);
  warp_to_degrees(lambert, degrees);
  EXPECT_TRUE(RasterSampler(degrees, lines.crs_wkt).transforms_points());

  // Directions from the fields, for the 32 lines that have them.
  RegionProfile fields_only = profile;
  fields_only.direction.chain = {DirectionStep::z_fields};
  LineSet by_fields = lines;
  std::vector<Problem> problems;
  apply_direction(by_fields, fields_only, problems);
  ASSERT_EQ(problems.size(), 6u);
  std::vector<int> expected(lines.lines.size(), 1);
  for (std::size_t i = 0; i < lines.lines.size(); ++i) {
    if (by_fields.lines[i].geometry.front() !=
        lines.lines[i].geometry.front()) {
      expected[i] = -1;
    }
  }
  for (const Problem& problem : problems) {
    for (std::size_t i = 0; i < lines.lines.size(); ++i) {
      if (lines.lines[i].fid == problem.source_fids.at(0)) {
        expected[i] = 0;
      }
    }
  }

  for (const std::string& dem : {lambert, degrees}) {
    const std::vector<int> found = dem_directions(profile, dem);
    std::size_t agree = 0;
    std::size_t disagree = 0;
    std::size_t new_decisions = 0;
    for (std::size_t i = 0; i < found.size(); ++i) {
      if (expected[i] != 0 && found[i] != 0) {
        ++(expected[i] == found[i] ? agree : disagree);
      }
      new_decisions += expected[i] == 0 && found[i] != 0 ? 1 : 0;
    }
    // The DEM step decides every line, the 32 that the fields decide the
    // same way, and the 2 flat lines and 4 lines without elevations from
    // the interpolated ends around them.
    EXPECT_EQ(agree, 32u) << dem;
    EXPECT_EQ(disagree, 0u) << dem;
    EXPECT_EQ(new_decisions, 6u) << dem;
  }
}

TEST(RegionRealData, OsmPresetOnLiechtenstein) {
  REQUIRE_DATA("liechtenstein/liechtenstein-2013-08-03.osm.pbf");
  const RegionProfile profile = region_preset("osm");
  LineSet lines = read_lines(read_options_for(
      profile, data_path("liechtenstein/liechtenstein-2013-08-03.osm.pbf")));
  ASSERT_EQ(lines.lines.size(), 76u);
  const ClassFilterResult result = apply_class_filter(lines, profile);
  EXPECT_EQ(result.kept, 48u);       // 44 stream, 4 river
  EXPECT_EQ(result.artificial, 25u); // 18 drain, 5 canal, 2 ditch
  EXPECT_EQ(result.dropped, 3u);     // 2 riverbank, 1 dam
  EXPECT_EQ(result.dropped_by_value.at("waterway=riverbank"), 2u);

  std::size_t below = 0;
  for (GroundPosition position : classify_ground(lines, profile)) {
    below += position == GroundPosition::below ? 1 : 0;
  }
  EXPECT_EQ(below, 10u); // 7 tunnel=yes, 3 tunnel=culvert
}

TEST(RegionRealData, NhdplusOnWalkerUsesFromToNodes) {
  REQUIRE_DATA("walker/walker.gpkg");
  const RegionProfile profile = region_preset("nhdplus");
  LineSet lines =
      read_lines(read_options_for(profile, data_path("walker/walker.gpkg")));
  ASSERT_EQ(lines.lines.size(), 62u);
  const ClassFilterResult classes = apply_class_filter(lines, profile);
  EXPECT_EQ(classes.kept, 62u); // 56 StreamRiver, 6 ArtificialPath
  std::vector<Problem> problems;
  const DirectionResult direction = apply_direction(lines, profile, problems);
  EXPECT_EQ(direction.decided_by_field, 62u); // all "With Digitized"

  const RiverNetwork network = build_topology_from_fields(lines, profile);
  // 62 lines over 63 FromNode/ToNode values; 11 nodes have one inflow and
  // one outflow, so 51 reaches between 52 nodes.
  EXPECT_EQ(network.reaches.size(), 51u);
  EXPECT_EQ(network.nodes.size(), 52u);
  std::size_t outlets = 0;
  std::size_t sources = 0;
  std::size_t confluences = 0;
  for (const Node& node : network.nodes) {
    outlets += node.kind == NodeKind::outlet ? 1 : 0;
    sources += node.kind == NodeKind::source ? 1 : 0;
    confluences += node.kind == NodeKind::confluence ? 1 : 0;
  }
  EXPECT_EQ(outlets, 1u);
  EXPECT_EQ(sources, 26u);
  EXPECT_EQ(confluences, 25u);
  // The NHDPlus geometry agrees with its node fields everywhere.
  EXPECT_EQ(network.count_problems(ProblemKind::topology_mismatch), 0u);
}

TEST(RegionRealData, NhdplusTerminalFlagMarksOutlet) {
  REQUIRE_DATA("walker/walker.gpkg");
  const RegionProfile profile = region_preset("nhdplus");
  ASSERT_EQ(profile.outlets.method, OutletMethod::terminal_field);
  RegionInputOptions input;
  input.path = data_path("walker/walker.gpkg");
  const RegionNetwork result = build_region_network(profile, input);
  // One line has TerminalFl = 1, and it ends at the only sink.
  EXPECT_EQ(result.report.outlet_features, 1u);
  EXPECT_EQ(result.report.known_outlets, 1u);
  EXPECT_EQ(result.report.unexpected_sinks, 0u);
  std::size_t known = 0;
  for (const Node& node : result.network.nodes) {
    known += node.known_outlet ? 1 : 0;
    if (node.known_outlet) {
      EXPECT_EQ(node.kind, NodeKind::outlet);
    }
  }
  EXPECT_EQ(known, 1u);
}

} // namespace
} // namespace georiviere
