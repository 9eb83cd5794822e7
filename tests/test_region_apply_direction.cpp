// Tests of orienting lines with the direction rules of a region profile.
#include "georiviere/region/apply_direction.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace georiviere {
namespace {

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
    line.geometry.points = {{0.0, double(i)}, {5.0, double(i)},
                            {10.0, double(i)}};
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
      lines,
      direction_profile({DirectionStep::field, DirectionStep::z_fields}),
      problems);
  EXPECT_EQ(result.reversed, 1u);         // uphill by 2 m
  EXPECT_EQ(result.forward, 1u);          // downhill by 2 m
  EXPECT_EQ(result.unknown, 2u);          // 0.3 m drop, and no data
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

TEST(ApplyDirection, DemStepLeavesUnknown) {
  LineSet lines = make_lines({{std::monostate{}, 0.0, 0.0}});
  RegionProfile profile = direction_profile({DirectionStep::dem});
  profile.direction.dem_path = "dem.tif";
  std::vector<Problem> problems;
  const DirectionResult result = apply_direction(lines, profile, problems);
  EXPECT_EQ(result.unknown, 1u);
  ASSERT_EQ(problems.size(), 1u);
  EXPECT_NE(problems[0].message.find("line fid 0"), std::string::npos);
}

} // namespace
} // namespace georiviere
