// Tests of the class filter and of the ground classification.
#include "georiviere/region/class_filter.hpp"

#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/region/ground_position.hpp"

namespace georiviere {
namespace {

// One straight line per row of `values`, with one string field per name.
LineSet make_lines(const std::vector<std::string>& names,
                   const std::vector<std::vector<FieldValue>>& values) {
  LineSet lines;
  lines.source = "test.gpkg, layer rivers";
  for (const std::string& name : names) {
    lines.attributes.fields.push_back({name, FieldType::string});
  }
  for (std::size_t i = 0; i < values.size(); ++i) {
    lines.attributes.fids.push_back(static_cast<std::int64_t>(i + 10));
    lines.attributes.rows.push_back(values[i]);
    SourceLine line;
    line.fid = static_cast<std::int64_t>(i + 10);
    line.row = static_cast<std::uint32_t>(i);
    line.geometry.points = {{0.0, double(i)}, {1.0, double(i)}};
    lines.lines.push_back(line);
  }
  return lines;
}

TEST(ClassFilter, OsmPresetDropsAndFlags) {
  LineSet lines = make_lines(
      {"waterway"}, {{std::string("stream")}, {std::string("canal")},
                     {std::string("riverbank")}, {std::monostate{}},
                     {std::string("ditch")}, {std::string("river")}});
  const ClassFilterResult result =
      apply_class_filter(lines, region_preset("osm"));
  EXPECT_EQ(result.kept, 2u);
  EXPECT_EQ(result.artificial, 2u);
  EXPECT_EQ(result.dropped, 2u);
  ASSERT_EQ(lines.lines.size(), 4u);
  EXPECT_EQ(lines.lines[0].fid, 10);
  EXPECT_EQ(lines.lines[1].fid, 11);
  EXPECT_EQ(lines.lines[2].fid, 14);
  EXPECT_EQ(lines.lines[3].fid, 15);
  EXPECT_EQ(result.artificial_fids, (std::vector<std::int64_t>{11, 14}));
  EXPECT_EQ(result.dropped_by_value.at("waterway=riverbank"), 1u);
  EXPECT_EQ(result.dropped_by_value.at("waterway=(null)"), 1u);
}

TEST(ClassFilter, ExtraFilterDropsToo) {
  RegionProfile profile;
  profile.fields.class_name = "NATURE"; // matched case-insensitively
  profile.classes.artificial = {"Canal"};
  profile.filters.push_back({"persistance", ClassRules{}});
  profile.filters.back().rules.drop = {"Intermittent"};
  LineSet lines = make_lines(
      {"nature", "persistance"},
      {{std::string("Canal"), std::string("Permanent")},
       {std::string("Ecoulement naturel"), std::string(" Intermittent ")},
       {std::string("Ecoulement naturel"), std::string("Permanent")}});
  const ClassFilterResult result = apply_class_filter(lines, profile);
  EXPECT_EQ(result.dropped, 1u);
  EXPECT_EQ(result.artificial, 1u);
  EXPECT_EQ(result.kept, 1u);
  EXPECT_EQ(result.dropped_by_value.at("persistance=Intermittent"), 1u);
}

TEST(ClassFilter, IntegerValuesMatchText) {
  RegionProfile profile;
  profile.fields.class_name = "code";
  profile.classes.drop = {"2"};
  LineSet lines = make_lines({"code"}, {{std::int64_t{2}}, {2.0}, {3.5}});
  const ClassFilterResult result = apply_class_filter(lines, profile);
  EXPECT_EQ(result.dropped, 2u);
  ASSERT_EQ(lines.lines.size(), 1u);
  EXPECT_EQ(lines.lines[0].fid, 12);
}

TEST(ClassFilter, MissingFieldNamesFieldAndKey) {
  RegionProfile profile;
  profile.fields.class_name = "nature";
  LineSet lines = make_lines({"waterway"}, {{std::string("stream")}});
  try {
    apply_class_filter(lines, profile);
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("field 'nature'"), std::string::npos) << message;
    EXPECT_NE(message.find("[fields] class"), std::string::npos) << message;
    EXPECT_NE(message.find("test.gpkg, layer rivers"), std::string::npos)
        << message;
  }
}

TEST(GroundPosition, OsmTunnelTagIsBelow) {
  LineSet lines = make_lines(
      {"other_tags"},
      {{std::string(R"("layer"=>"-1","tunnel"=>"culvert")")},
       {std::string(R"("boat"=>"no")")},
       {std::monostate{}},
       {std::string(R"("tunnel"=>"yes","layer"=>"-1")")},
       {std::string(R"("note"=>"a \"tunnel\"=>\"yes\" text")")}});
  const std::vector<GroundPosition> positions =
      classify_ground(lines, region_preset("osm"));
  EXPECT_EQ(positions, (std::vector<GroundPosition>{
                           GroundPosition::below, GroundPosition::surface,
                           GroundPosition::surface, GroundPosition::below,
                           GroundPosition::surface}));
}

TEST(GroundPosition, LevelFieldAboveAndBelow) {
  LineSet lines = make_lines(
      {"position_par_rapport_au_sol"},
      {{std::string("0")}, {std::string("1")}, {std::int64_t{-1}}});
  const std::vector<GroundPosition> positions =
      classify_ground(lines, region_preset("bdtopo"));
  EXPECT_EQ(positions, (std::vector<GroundPosition>{
                           GroundPosition::surface, GroundPosition::above,
                           GroundPosition::below}));
}

TEST(HstoreValue, ParsesQuotedPairs) {
  EXPECT_EQ(hstore_value(R"("a"=>"1", "b"=>"x,y")", "b"), "x,y");
  EXPECT_EQ(hstore_value(R"("a"=>"1")", "b"), std::nullopt);
  EXPECT_EQ(hstore_value("not hstore", "a"), std::nullopt);
}

} // namespace
} // namespace georiviere
