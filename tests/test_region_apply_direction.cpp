// Tests of orienting lines with the direction rules of a region profile.
#include "georiviere/region/apply_direction.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/raster/grid.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;

// Line i runs from (0, i) to (10, i); rows hold `direction`, z_ini, z_fin.
LineSet make_lines(const std::vector<std::vector<FieldValue>>& rows) {
  LineSet lines;
  lines.attributes.fields = {{"sens", FieldType::string},
                             {"z_ini", FieldType::real},
                             {"z_fin", FieldType::real}};
  for (std::size_t i = 0; i < rows.size(); ++i) {
    lines.attributes.rows.push_back(rows[i]);
    SourceLine line;
    line.fid = static_cast<std::int64_t>(i);
    line.row = static_cast<std::uint32_t>(i);
    line.geometry.points = {
        {0.0, double(i)}, {5.0, double(i)}, {10.0, double(i)}};
    line.geometry.z = {1.0, 2.0, 3.0};
    lines.lines.push_back(line);
  }
  return lines;
}

RegionProfile direction_profile(std::vector<DirectionStep> chain) {
  RegionProfile profile;
  profile.name = "test";
  profile.fields.direction = "sens";
  profile.direction.forward = {"Sens direct"};
  profile.direction.reverse = {"Sens inverse"};
  profile.direction.both = {"Double sens"};
  profile.direction.unknown = {"Inconnu"};
  profile.direction.z_start_field = "z_ini";
  profile.direction.z_end_field = "z_fin";
  profile.direction.z_nodata = {9999.0};
  profile.direction.min_drop_m = 0.5;
  profile.direction.chain = std::move(chain);
  return profile;
}

TEST(ApplyDirection, ReverseCodeReversesLine) {
  LineSet lines = make_lines({{std::string("Sens direct"), 5.0, 4.0},
                              {std::string("Sens inverse"), 5.0, 4.0},
                              {std::string("Double sens"), 5.0, 4.0}});
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(
      lines, direction_profile({DirectionStep::field}), problems);
  EXPECT_EQ(result.forward, 1u);
  EXPECT_EQ(result.reversed, 1u);
  EXPECT_EQ(result.both, 1u);
  EXPECT_EQ(result.both_fids, (std::vector<std::int64_t>{2}));
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(lines.lines[0].geometry.front(), (Point{0.0, 0.0}));
  // The reversed line runs from (10, 1) to (0, 1), its Z reversed too.
  EXPECT_EQ(lines.lines[1].geometry.front(), (Point{10.0, 1.0}));
  EXPECT_EQ(lines.lines[1].geometry.back(), (Point{0.0, 1.0}));
  EXPECT_EQ(lines.lines[1].geometry.z, (std::vector<double>{3.0, 2.0, 1.0}));
  EXPECT_EQ(lines.lines[2].geometry.front(), (Point{0.0, 2.0}));
}

TEST(ApplyDirection, UnknownFallsBackOnElevations) {
  LineSet lines = make_lines({{std::string("Inconnu"), 240.0, 242.0},
                              {std::monostate{}, 242.0, 240.0},
                              {std::string("Inconnu"), 240.0, 240.3},
                              {std::string("Inconnu"), 9999.0, 240.0}});
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(
      lines, direction_profile({DirectionStep::field, DirectionStep::z_fields}),
      problems);
  EXPECT_EQ(result.reversed, 1u); // uphill by 2 m
  EXPECT_EQ(result.forward, 1u);  // downhill by 2 m
  EXPECT_EQ(result.unknown, 2u);  // 0.3 m drop, and no data
  EXPECT_EQ(result.decided_by_z_fields, 2u);
  EXPECT_EQ(lines.lines[0].geometry.front(), (Point{10.0, 0.0}));
  ASSERT_EQ(problems.size(), 2u);
  EXPECT_EQ(problems[0].kind, ProblemKind::unknown_direction);
  EXPECT_EQ(problems[0].source_fids, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(problems[1].source_fids, (std::vector<std::int64_t>{3}));
}

TEST(ApplyDirection, GeometryZThenDigitized) {
  LineSet lines = make_lines({{std::string("Inconnu"), 0.0, 0.0}});
  std::vector<Problem> problems;
  // Vertex Z rises from 1 to 3 m, so the line flows backwards.
  DirectionResult result = apply_direction(
      lines,
      direction_profile({DirectionStep::geometry_z, DirectionStep::digitized}),
      problems);
  EXPECT_EQ(result.reversed, 1u);
  EXPECT_EQ(result.decided_by_geometry_z, 1u);

  LineSet flat = make_lines({{std::string("Inconnu"), 0.0, 0.0}});
  flat.lines[0].geometry.z = {2.0, 2.0, 2.0};
  result = apply_direction(
      flat,
      direction_profile({DirectionStep::geometry_z, DirectionStep::digitized}),
      problems);
  EXPECT_EQ(result.forward, 1u);
  EXPECT_EQ(result.decided_by_digitized, 1u);
  EXPECT_TRUE(problems.empty());
}

// A DEM of 1 m cells whose centres lie on integer coordinates: column c at
// x = c, from 0 to 11, and row r at y = 5 - r, from 5 to -1. So line i of
// make_lines() runs along row 5 - i from column 0 to column 10.
//   line 0, row 5: 20 - x, so it flows forward;
//   line 1, row 4: x, so it flows against its digitised order;
//   line 2, row 3: 5 + 0.04 x, a drop of 0.4 m that decides nothing;
//   line 3, row 2: 20 - x with (2, 11) nodata;
//   line 4, row 1: 20 - x with (1, 10), its last vertex, nodata.
std::string write_line_dem() {
  constexpr float nodata = -9999.0f;
  Grid<float> grid(7, 12, 100.0f, nodata);
  for (std::size_t c = 0; c < 12; ++c) {
    const auto x = static_cast<float>(c);
    grid(5, c) = 20.0f - x;
    grid(4, c) = x;
    grid(3, c) = 5.0f + 0.04f * x;
    grid(2, c) = 20.0f - x;
    grid(1, c) = 20.0f - x;
  }
  grid(2, 11) = nodata;
  grid(1, 10) = nodata;
  grid.set_transform(GeoTransform{-0.5, 1.0, 0.0, 5.5, 0.0, -1.0});
  grid.set_crs_wkt("EPSG:2154");
  const fs::path folder =
      fs::path(GEORIVIERE_BINARY_DIR) / "region_direction_scratch";
  fs::create_directories(folder);
  const std::string path = (folder / "line_dem.tif").string();
  write_raster(grid, path);
  return path;
}

// Six lines without direction values; line 5 lies north of the DEM.
LineSet dem_lines() {
  LineSet lines = make_lines({{std::monostate{}, 0.0, 0.0},
                              {std::monostate{}, 0.0, 0.0},
                              {std::monostate{}, 0.0, 0.0},
                              {std::monostate{}, 0.0, 0.0},
                              {std::monostate{}, 0.0, 0.0},
                              {std::monostate{}, 0.0, 0.0}});
  lines.crs_wkt = "EPSG:2154";
  for (SourceLine& line : lines.lines) {
    line.geometry.z.clear();
  }
  // Between columns 10 and 11: bilinear needs the nodata cell (2, 11), so
  // the nearest cell, (2, 10), gives 10.
  lines.lines[3].geometry.points.back().x = 10.3;
  for (Point& point : lines.lines[5].geometry.points) {
    point.y = 50.0;
  }
  return lines;
}

TEST(ApplyDirection, DemStepOrientsFromHigherEnd) {
  LineSet lines = dem_lines();
  RegionProfile profile = direction_profile({DirectionStep::dem});
  profile.direction.dem_path = write_line_dem();
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(lines, profile, problems);
  EXPECT_EQ(result.forward, 2u);
  EXPECT_EQ(result.reversed, 1u);
  EXPECT_EQ(result.unknown, 3u);
  EXPECT_EQ(result.tried_by_dem, 6u);
  EXPECT_EQ(result.decided_by_dem, 3u);
  EXPECT_EQ(result.reversed_by_dem, 1u);
  EXPECT_EQ(result.unknown_lines, (std::vector<std::size_t>{2, 4, 5}));
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].source_fids, (std::vector<std::int64_t>{2}));
  EXPECT_EQ(lines.lines[0].geometry.front(), (Point{0.0, 0.0}));
  EXPECT_EQ(lines.lines[1].geometry.front(), (Point{10.0, 1.0}));
  EXPECT_EQ(lines.lines[3].geometry.front(), (Point{0.0, 3.0}));
}

TEST(ApplyDirection, DemStepFollowsMinDrop) {
  LineSet lines = dem_lines();
  RegionProfile profile = direction_profile({DirectionStep::dem});
  profile.direction.dem_path = write_line_dem();
  profile.direction.min_drop_m = 0.3;
  std::vector<Problem> problems;
  DirectionResult result = apply_direction(lines, profile, problems);
  // Line 2 drops 0.4 m from x = 10 to x = 0: now enough, reversed.
  EXPECT_EQ(result.reversed, 2u);
  EXPECT_EQ(result.unknown, 2u);

  // Line 0 drops exactly 10 m, which decides nothing at min_drop_m 10.
  LineSet again = dem_lines();
  profile.direction.min_drop_m = 10.0;
  problems.clear();
  result = apply_direction(again, profile, problems);
  EXPECT_EQ(result.decided_by_dem, 0u);
  EXPECT_EQ(result.unknown, 6u);
}

TEST(ApplyDirection, DemStepAfterDecidedSteps) {
  LineSet lines = dem_lines();
  // Line 1 is coded forward: the field decides before the DEM is read.
  lines.attributes.rows[1][0] = std::string("Sens direct");
  RegionProfile profile = direction_profile(
      {DirectionStep::field, DirectionStep::dem, DirectionStep::digitized});
  profile.direction.dem_path = write_line_dem();
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(lines, profile, problems);
  EXPECT_EQ(result.decided_by_field, 1u);
  EXPECT_EQ(result.tried_by_dem, 5u);
  EXPECT_EQ(result.decided_by_dem, 2u);
  EXPECT_EQ(result.decided_by_digitized, 3u);
  EXPECT_EQ(result.reversed, 0u);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(lines.lines[1].geometry.front(), (Point{0.0, 1.0}));
}

TEST(ApplyDirection, DemStepUsesGivenSampler) {
  LineSet lines = dem_lines();
  RegionProfile profile = direction_profile({DirectionStep::dem});
  profile.direction.dem_path = "/nonexistent/dem.tif";
  const RasterSampler dem(write_line_dem(), lines.crs_wkt);
  std::vector<Problem> problems;
  const DirectionResult result =
      apply_direction(lines, profile, problems, &dem);
  EXPECT_EQ(result.decided_by_dem, 3u);
}

TEST(ApplyDirection, DemStepReprojectsLineEnds) {
  // 0.001° cells around 3°E 46.5°N, the origin of Lambert-93 at (700000,
  // 6600000), with elevation 100 - column: the ground falls eastwards.
  Grid<float> grid(40, 40);
  for (std::size_t r = 0; r < 40; ++r) {
    for (std::size_t c = 0; c < 40; ++c) {
      grid(r, c) = 100.0f - static_cast<float>(c);
    }
  }
  grid.set_transform(GeoTransform{2.98, 0.001, 0.0, 46.52, 0.0, -0.001});
  grid.set_crs_wkt("EPSG:4326");
  const fs::path folder =
      fs::path(GEORIVIERE_BINARY_DIR) / "region_direction_scratch";
  fs::create_directories(folder);
  const std::string path = (folder / "degrees_dem.tif").string();
  write_raster(grid, path);

  // 500 m east is about 0.0065°, so 6.5 columns and 6.5 m lower.
  LineSet lines =
      make_lines({{std::monostate{}, 0.0, 0.0}, {std::monostate{}, 0.0, 0.0}});
  lines.crs_wkt = "EPSG:2154";
  lines.lines[0].geometry.points = {{700000.0, 6600000.0},
                                    {700500.0, 6600000.0}};
  lines.lines[1].geometry.points = {{700500.0, 6600100.0},
                                    {700000.0, 6600100.0}};
  for (SourceLine& line : lines.lines) {
    line.geometry.z.clear();
  }
  RegionProfile profile = direction_profile({DirectionStep::dem});
  profile.direction.dem_path = path;
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(lines, profile, problems);
  EXPECT_EQ(result.forward, 1u);
  EXPECT_EQ(result.reversed, 1u);
  EXPECT_TRUE(problems.empty());
  EXPECT_EQ(lines.lines[1].geometry.front(), (Point{700000.0, 6600100.0}));
}

TEST(ApplyDirection, DemStepMissingDemThrows) {
  LineSet lines = dem_lines();
  RegionProfile profile = direction_profile({DirectionStep::dem});
  profile.direction.dem_path = "/nonexistent/dem.tif";
  std::vector<Problem> problems;
  try {
    apply_direction(lines, profile, problems);
    FAIL() << "expected FileNotFoundError";
  } catch (const FileNotFoundError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("[direction] dem_path of region profile 'test'"),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("/nonexistent/dem.tif"), std::string::npos)
        << message;
  }
}

} // namespace
} // namespace georiviere
