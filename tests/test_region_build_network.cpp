// Tests of the region pipeline: each step of build_region_network() on
// tiny hand-made lines.
#include "georiviere/region/build_region_network.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/io/wkt.hpp"

namespace georiviere {
namespace {

// Lines from WKT, feature i with attribute row i holding rows[i].
LineSet make_lines(const std::vector<FieldDefinition>& fields,
                   const std::vector<std::string>& wkts,
                   const std::vector<std::vector<FieldValue>>& rows) {
  LineSet lines = line_set_from_wkt(wkts);
  lines.source = "test lines";
  lines.attributes.fields = fields;
  lines.attributes.rows = rows;
  return lines;
}

RegionProfile base_profile() {
  RegionProfile profile;
  profile.name = "test";
  profile.direction.chain = {DirectionStep::digitized};
  profile.main_stem.criteria = {MainStemCriterion::longest_path};
  return profile;
}

const Reach* reach_starting_at(const RiverNetwork& network, Point start) {
  for (const Reach& reach : network.reaches) {
    if (reach.geometry.front() == start) {
      return &reach;
    }
  }
  return nullptr;
}

std::set<NodeId> basins(const RiverNetwork& network) {
  std::set<NodeId> ids;
  for (const Reach& reach : network.reaches) {
    ids.insert(reach.basin_id);
  }
  return ids;
}

TEST(RegionBuildNetwork, ClassFilterDropsAndFlags) {
  RegionProfile profile = base_profile();
  profile.fields.class_name = "kind";
  profile.classes.keep = {"river"};
  profile.classes.artificial = {"canal"};
  profile.classes.drop = {"dam"};
  const LineSet lines = make_lines(
      {{"kind", FieldType::string}},
      {"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 20 0)",
       "LINESTRING (5 -5, 5 5)"},
      {{std::string("river")}, {std::string("canal")}, {std::string("dam")}});

  const RegionNetwork plain = build_region_network(lines, profile);
  EXPECT_EQ(plain.report.classes.dropped, 1u);
  EXPECT_EQ(plain.report.classes.artificial, 1u);
  EXPECT_EQ(plain.report.classes.artificial_fids,
            (std::vector<std::int64_t>{1}));
  // The dam is gone, so the river and the canal make one reach.
  EXPECT_EQ(plain.network.reaches.size(), 1u);
  EXPECT_EQ(plain.network.attributes.fields.size(), 1u);

  profile.artificial_field = "artificial";
  const RegionNetwork flagged = build_region_network(lines, profile);
  const AttributeTable& table = flagged.network.attributes;
  ASSERT_EQ(table.fields.size(), 2u);
  EXPECT_EQ(table.fields[1].name, "artificial");
  EXPECT_EQ(table.rows[0][1], FieldValue(std::int64_t{0}));
  EXPECT_EQ(table.rows[1][1], FieldValue(std::int64_t{1}));
  EXPECT_EQ(table.rows[2][1], FieldValue(std::int64_t{0}));
}

TEST(RegionBuildNetwork, ArtificialFieldClashRejected) {
  RegionProfile profile = base_profile();
  profile.fields.class_name = "kind";
  profile.classes.artificial = {"canal"};
  profile.artificial_field = "KIND";
  const LineSet lines =
      make_lines({{"kind", FieldType::string}}, {"LINESTRING (0 0, 10 0)"},
                 {{std::string("canal")}});
  EXPECT_THROW(build_region_network(lines, profile), InvalidInputError);
}

TEST(RegionBuildNetwork, EveryLineDroppedRejected) {
  RegionProfile profile = base_profile();
  profile.fields.class_name = "kind";
  profile.classes.drop = {"dam"};
  const LineSet lines =
      make_lines({{"kind", FieldType::string}}, {"LINESTRING (0 0, 10 0)"},
                 {{std::string("dam")}});
  try {
    build_region_network(lines, profile);
    FAIL() << "expected InvalidInputError";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("kind=dam 1"), std::string::npos)
        << error.what();
  }
}

TEST(RegionBuildNetwork, MissingClassFieldRejected) {
  RegionProfile profile = base_profile();
  profile.fields.class_name = "nature";
  const LineSet lines =
      make_lines({{"kind", FieldType::string}}, {"LINESTRING (0 0, 10 0)"},
                 {{std::string("river")}});
  EXPECT_THROW(build_region_network(lines, profile), InvalidInputError);
}

TEST(RegionBuildNetwork, DirectionFieldReversesLine) {
  RegionProfile profile = base_profile();
  profile.fields.direction = "sens";
  profile.direction.forward = {"direct"};
  profile.direction.reverse = {"inverse"};
  profile.direction.chain = {DirectionStep::field};
  // The second line is digitised from (20 0) to (10 0) but flows away from
  // (10 0), so once reversed it continues the first line.
  const LineSet lines =
      make_lines({{"sens", FieldType::string}},
                 {"LINESTRING (0 0, 10 0)", "LINESTRING (20 0, 10 0)"},
                 {{std::string("direct")}, {std::string("inverse")}});

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.direction.reversed, 1u);
  EXPECT_EQ(result.report.direction.reversed_by_field, 1u);
  ASSERT_EQ(result.network.reaches.size(), 1u);
  EXPECT_EQ(result.network.reaches[0].geometry.front(), (Point{0.0, 0.0}));
  EXPECT_EQ(result.network.reaches[0].geometry.back(), (Point{20.0, 0.0}));
  EXPECT_EQ(result.network.count_problems(ProblemKind::reversed), 0u);
}

TEST(RegionBuildNetwork, ElevationsDecideInChainOrder) {
  RegionProfile profile = base_profile();
  profile.direction.chain = {DirectionStep::z_fields,
                             DirectionStep::geometry_z};
  profile.direction.z_start_field = "z_ini";
  profile.direction.z_end_field = "z_fin";
  profile.direction.z_nodata = {9999.0};
  // Line 0: z_ini < z_fin, reversed by the fields. Line 1: no-data fields,
  // vertex Z rising along the line, reversed by geometry_z.
  const LineSet lines = make_lines(
      {{"z_ini", FieldType::real}, {"z_fin", FieldType::real}},
      {"LINESTRING Z (0 0 5, 10 0 9)", "LINESTRING Z (0 10 5, 10 10 9)"},
      {{100.0, 120.0}, {9999.0, 9999.0}});

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.direction.reversed_by_z_fields, 1u);
  EXPECT_EQ(result.report.direction.reversed_by_geometry_z, 1u);
  EXPECT_EQ(result.report.unknown_direction, 0u);
  for (const Reach& reach : result.network.reaches) {
    EXPECT_EQ(reach.geometry.front().x, 10.0);
  }
}

TEST(RegionBuildNetwork, UndecidedLineReportedUnknown) {
  RegionProfile profile = base_profile();
  profile.fields.direction = "sens";
  profile.direction.forward = {"direct"};
  profile.direction.chain = {DirectionStep::field};
  const LineSet lines =
      make_lines({{"sens", FieldType::string}},
                 {"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 20 0)"},
                 {{std::string("direct")}, {std::string("?")}});

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.unknown_direction, 1u);
  ASSERT_EQ(result.network.count_problems(ProblemKind::unknown_direction), 1u);
  EXPECT_EQ(result.network.problems[0].kind, ProblemKind::unknown_direction);
  EXPECT_EQ(result.network.problems[0].source_fids,
            (std::vector<std::int64_t>{1}));
}

TEST(RegionBuildNetwork, OutletsStepOrientsTributary) {
  RegionProfile profile = base_profile();
  profile.fields.direction = "sens";
  profile.direction.forward = {"direct"};
  profile.direction.chain = {DirectionStep::field, DirectionStep::outlets};
  // A main river (0 0) -> (10 0) -> (20 0), a tributary digitised from the
  // confluence upstream, and a line of its own that no outlet reaches.
  const LineSet lines =
      make_lines({{"sens", FieldType::string}},
                 {"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 20 0)",
                  "LINESTRING (10 0, 10 10)", "LINESTRING (100 100, 110 100)"},
                 {{std::string("direct")},
                  {std::string("direct")},
                  {std::string("?")},
                  {std::string("?")}});

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.oriented_from_outlets, 1u);
  EXPECT_EQ(result.report.reversed_from_outlets, 1u);
  EXPECT_EQ(result.report.unknown_direction, 1u);
  const RiverNetwork& network = result.network;
  ASSERT_EQ(network.count_problems(ProblemKind::unknown_direction), 1u);
  EXPECT_EQ(network.problems[0].source_fids, (std::vector<std::int64_t>{3}));

  const Reach* tributary = reach_starting_at(network, {10.0, 10.0});
  ASSERT_NE(tributary, nullptr);
  EXPECT_EQ(tributary->geometry.back(), (Point{10.0, 0.0}));
  EXPECT_EQ(network.nodes[tributary->to_node].kind, NodeKind::confluence);
  EXPECT_EQ(network.count_problems(ProblemKind::reversed), 0u);
}

TEST(RegionBuildNetwork, WithoutOutletsStepTributaryStaysDigitised) {
  RegionProfile profile = base_profile();
  profile.fields.direction = "sens";
  profile.direction.forward = {"direct"};
  profile.direction.chain = {DirectionStep::field};
  const LineSet lines = make_lines(
      {{"sens", FieldType::string}},
      {"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 20 0)",
       "LINESTRING (10 0, 10 10)"},
      {{std::string("direct")}, {std::string("direct")}, {std::string("?")}});

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.oriented_from_outlets, 0u);
  EXPECT_EQ(result.network.count_problems(ProblemKind::unknown_direction), 1u);
  EXPECT_EQ(reach_starting_at(result.network, {10.0, 10.0}), nullptr);
}

// A surface stream (0 0) -> (20 0), a culvert crossing it at (10 0), and a
// culvert continuing the stream from (20 0).
LineSet culvert_lines() {
  return make_lines(
      {{"pos", FieldType::string}},
      {"LINESTRING (0 0, 20 0)", "LINESTRING (10 -10, 10 10)",
       "LINESTRING (20 0, 30 0)"},
      {{std::string("")}, {std::string("tunnel")}, {std::string("tunnel")}});
}

TEST(RegionBuildNetwork, GroundLevelsAreNotNoded) {
  RegionProfile profile = base_profile();
  profile.fields.ground = "pos";
  profile.ground.below = {"tunnel"};
  profile.topology.split_crossings = true;

  const RegionNetwork result = build_region_network(culvert_lines(), profile);
  EXPECT_EQ(result.report.lines_below, 2u);
  const RiverNetwork& network = result.network;
  EXPECT_EQ(network.count_problems(ProblemKind::crossing), 0u);
  // The stream and the culvert it flows into join end to end: one reach,
  // and the crossing culvert stays whole.
  ASSERT_EQ(network.reaches.size(), 2u);
  const Reach* stream = reach_starting_at(network, {0.0, 0.0});
  ASSERT_NE(stream, nullptr);
  EXPECT_EQ(stream->geometry.back(), (Point{30.0, 0.0}));
  EXPECT_EQ(stream->geometry.size(), 3u);
}

TEST(RegionBuildNetwork, WithoutGroundFieldCrossingSplits) {
  RegionProfile profile = base_profile();
  profile.topology.split_crossings = true;
  const RegionNetwork split = build_region_network(culvert_lines(), profile);
  EXPECT_EQ(split.report.lines_below, 0u);
  EXPECT_EQ(split.network.reaches.size(), 4u);

  profile.topology.split_crossings = false;
  const RegionNetwork reported = build_region_network(culvert_lines(), profile);
  EXPECT_EQ(reported.network.count_problems(ProblemKind::crossing), 1u);
}

TEST(RegionBuildNetwork, CrossingBetweenLevelsNotReported) {
  RegionProfile profile = base_profile();
  profile.fields.ground = "pos";
  profile.ground.below = {"tunnel"};
  const RegionNetwork result = build_region_network(culvert_lines(), profile);
  EXPECT_EQ(result.network.count_problems(ProblemKind::crossing), 0u);
  EXPECT_EQ(result.network.reaches.size(), 2u);
}

TEST(RegionBuildNetwork, CulvertNotSplitAtSurfaceNode) {
  RegionProfile profile = base_profile();
  profile.topology.snap_tolerance_m = 0.5;
  // A surface confluence at (10 0), and a culvert that passes 0.2 m from it
  // and crosses the outflow at (10.2 0).
  const LineSet lines = make_lines(
      {{"pos", FieldType::string}},
      {"LINESTRING (0 0, 10 0)", "LINESTRING (10 10, 10 0)",
       "LINESTRING (10 0, 20 0)", "LINESTRING (0.2 -5, 20.2 5)"},
      {{std::string("")},
       {std::string("")},
       {std::string("")},
       {std::string("tunnel")}});

  const RegionNetwork split = build_region_network(lines, profile);
  EXPECT_EQ(split.network.reaches.size(), 5u);

  profile.fields.ground = "pos";
  profile.ground.below = {"tunnel"};
  const RegionNetwork whole = build_region_network(lines, profile);
  ASSERT_EQ(whole.network.reaches.size(), 4u);
  EXPECT_EQ(whole.network.reaches[3].geometry.size(), 2u);
  EXPECT_EQ(whole.network.count_problems(ProblemKind::crossing), 0u);
}

TEST(RegionBuildNetwork, SnapToleranceOverride) {
  RegionProfile profile = base_profile();
  profile.topology.snap_tolerance_m = 0.5;
  const LineSet lines = make_lines(
      {}, {"LINESTRING (0 0, 10 0)", "LINESTRING (10.4 0, 20 0)"}, {{}, {}});

  const RegionNetwork joined = build_region_network(lines, profile);
  EXPECT_EQ(joined.report.snap_tolerance_m, 0.5);
  EXPECT_EQ(joined.network.reaches.size(), 1u);

  RegionOverrides overrides;
  overrides.snap_tolerance_m = 0.0;
  const RegionNetwork apart = build_region_network(lines, profile, overrides);
  EXPECT_EQ(apart.report.snap_tolerance_m, 0.0);
  EXPECT_EQ(apart.network.reaches.size(), 2u);
  // Each of the two loose ends lies 0.4 m from the other line.
  EXPECT_EQ(apart.network.count_problems(ProblemKind::gap), 2u);
}

// A confluence at (10 0): a long inflow from (-100 0), a short one from
// (10 5), and the outflow to (20 0). Names are given by the rows.
LineSet confluence_lines(const std::vector<std::vector<FieldValue>>& rows) {
  return make_lines({{"nom", FieldType::string}, {"code", FieldType::string}},
                    {"LINESTRING (-100 0, 10 0)", "LINESTRING (10 5, 10 0)",
                     "LINESTRING (10 0, 20 0)"},
                    rows);
}

TEST(RegionBuildNetwork, UnnamedValuesAreNoName) {
  RegionProfile profile = base_profile();
  profile.fields.name = "nom";
  profile.main_stem.criteria = {MainStemCriterion::name,
                                MainStemCriterion::longest_path};
  const LineSet lines =
      confluence_lines({{std::string("La Brévenne"), std::string("")},
                        {std::string("NR"), std::string("")},
                        {std::string("NR"), std::string("")}});

  // Without the placeholder, "NR" is a name: the main stem follows it into
  // the short inflow.
  const RegionNetwork named = build_region_network(lines, profile);
  const Reach* short_named = reach_starting_at(named.network, {10.0, 5.0});
  const Reach* outflow_named = reach_starting_at(named.network, {10.0, 0.0});
  ASSERT_NE(short_named, nullptr);
  ASSERT_NE(outflow_named, nullptr);
  EXPECT_EQ(short_named->name, "NR");
  EXPECT_EQ(short_named->main_stem_id, outflow_named->id);

  profile.fields.unnamed_values = {"NR"};
  const RegionNetwork unnamed = build_region_network(lines, profile);
  const Reach* short_reach = reach_starting_at(unnamed.network, {10.0, 5.0});
  const Reach* long_reach = reach_starting_at(unnamed.network, {-100.0, 0.0});
  const Reach* outflow = reach_starting_at(unnamed.network, {10.0, 0.0});
  ASSERT_NE(short_reach, nullptr);
  ASSERT_NE(long_reach, nullptr);
  ASSERT_NE(outflow, nullptr);
  EXPECT_EQ(short_reach->name, "");
  EXPECT_EQ(outflow->name, "");
  EXPECT_EQ(long_reach->name, "La Brévenne");
  EXPECT_EQ(long_reach->main_stem_id, outflow->id);
  EXPECT_NE(short_reach->main_stem_id, outflow->id);
}

TEST(RegionBuildNetwork, MainStemFollowsNameBeforeLength) {
  RegionProfile profile = base_profile();
  profile.fields.name = "nom";
  profile.main_stem.criteria = {MainStemCriterion::name,
                                MainStemCriterion::longest_path};
  const LineSet lines = confluence_lines({{std::string("A"), std::string("")},
                                          {std::string("B"), std::string("")},
                                          {std::string("B"), std::string("")}});
  const RegionNetwork result = build_region_network(lines, profile);
  const Reach* short_reach = reach_starting_at(result.network, {10.0, 5.0});
  const Reach* outflow = reach_starting_at(result.network, {10.0, 0.0});
  ASSERT_NE(short_reach, nullptr);
  ASSERT_NE(outflow, nullptr);
  EXPECT_EQ(short_reach->main_stem_id, outflow->id);
  EXPECT_EQ(short_reach->hack, 1);
}

TEST(RegionBuildNetwork, RiverCodeBeforeName) {
  RegionProfile profile = base_profile();
  profile.fields.name = "nom";
  profile.fields.river_code = "code";
  // The long inflow shares the outflow's name, the short one its code.
  const LineSet lines =
      confluence_lines({{std::string("A"), std::string("C2")},
                        {std::string("B"), std::string("C1")},
                        {std::string("A"), std::string("C1")}});

  profile.main_stem.criteria = {MainStemCriterion::river_code,
                                MainStemCriterion::name,
                                MainStemCriterion::longest_path};
  const RegionNetwork by_code = build_region_network(lines, profile);
  const Reach* short_reach = reach_starting_at(by_code.network, {10.0, 5.0});
  const Reach* outflow = reach_starting_at(by_code.network, {10.0, 0.0});
  ASSERT_NE(short_reach, nullptr);
  ASSERT_NE(outflow, nullptr);
  EXPECT_EQ(short_reach->main_stem_id, outflow->id);

  profile.main_stem.criteria = {MainStemCriterion::name,
                                MainStemCriterion::longest_path};
  const RegionNetwork by_name = build_region_network(lines, profile);
  const Reach* long_reach = reach_starting_at(by_name.network, {-100.0, 0.0});
  outflow = reach_starting_at(by_name.network, {10.0, 0.0});
  ASSERT_NE(long_reach, nullptr);
  ASSERT_NE(outflow, nullptr);
  EXPECT_EQ(long_reach->main_stem_id, outflow->id);
}

TEST(RegionBuildNetwork, MissingRiverCodeFieldRejected) {
  RegionProfile profile = base_profile();
  profile.fields.river_code = "LevelPathI";
  profile.main_stem.criteria = {MainStemCriterion::river_code,
                                MainStemCriterion::longest_path};
  const LineSet lines =
      make_lines({{"nom", FieldType::string}}, {"LINESTRING (0 0, 10 0)"},
                 {{std::string("A")}});
  EXPECT_THROW(build_region_network(lines, profile), InvalidInputError);
}

// A diffluence at node 2, (10 0): a short outflow to node 3 and a long one
// to node 4 marked by Divergence = 2.
LineSet diffluence_lines() {
  return make_lines({{"FromNode", FieldType::integer},
                     {"ToNode", FieldType::integer},
                     {"Divergence", FieldType::integer}},
                    {"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 15 0)",
                     "LINESTRING (10 0, 10 50)"},
                    {{std::int64_t{1}, std::int64_t{2}, std::int64_t{0}},
                     {std::int64_t{2}, std::int64_t{3}, std::int64_t{0}},
                     {std::int64_t{2}, std::int64_t{4}, std::int64_t{2}}});
}

RegionProfile trusted_profile() {
  RegionProfile profile = base_profile();
  profile.topology.mode = TopologyMode::from_to_nodes;
  profile.topology.from_node_field = "FromNode";
  profile.topology.to_node_field = "ToNode";
  return profile;
}

TEST(RegionBuildNetwork, TrustedTopologyKeepsMinorFlags) {
  RegionProfile profile = trusted_profile();
  // Without the minor-branch field, the longer outflow is the major one.
  const RegionNetwork plain = build_region_network(diffluence_lines(), profile);
  EXPECT_EQ(plain.report.topology_mode, TopologyMode::from_to_nodes);
  EXPECT_EQ(plain.report.topology_mismatches, 0u);
  ASSERT_EQ(plain.network.reaches.size(), 3u);
  EXPECT_TRUE(plain.network.reaches[1].is_minor_branch);
  EXPECT_FALSE(plain.network.reaches[2].is_minor_branch);

  profile.topology.minor_branch_field = "Divergence";
  profile.topology.minor_branch_values = {"2"};
  const RegionNetwork marked =
      build_region_network(diffluence_lines(), profile);
  EXPECT_EQ(marked.report.minor_branches_from_field, 1u);
  ASSERT_EQ(marked.network.reaches.size(), 3u);
  EXPECT_FALSE(marked.network.reaches[1].is_minor_branch);
  EXPECT_TRUE(marked.network.reaches[2].is_minor_branch);
  // Distances follow the major outflow: 10 m above the diffluence plus the
  // 5 m short outflow.
  EXPECT_DOUBLE_EQ(marked.network.reaches[0].distance_to_outlet_m, 5.0);
}

TEST(RegionBuildNetwork, TrustedTopologyReportsMismatch) {
  RegionProfile profile = trusted_profile();
  // The second line's from-node field gives node 2, where the first line
  // ends, but the line starts 30 m away.
  const LineSet lines = make_lines(
      {{"FromNode", FieldType::integer}, {"ToNode", FieldType::integer}},
      {"LINESTRING (0 0, 10 0)", "LINESTRING (40 0, 50 0)"},
      {{std::int64_t{1}, std::int64_t{2}}, {std::int64_t{2}, std::int64_t{3}}});
  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_GE(result.report.topology_mismatches, 1u);
  EXPECT_EQ(result.network.count_problems(ProblemKind::topology_mismatch),
            result.report.topology_mismatches);
  EXPECT_EQ(result.network.reaches.size(), 1u);
}

TEST(RegionBuildNetwork, KarstLinkJoinsBasins) {
  RegionProfile profile = base_profile();
  // A stream sinking at (10 0), and one resurging at (100 0).
  const LineSet lines = make_lines(
      {}, {"LINESTRING (0 0, 10 0)", "LINESTRING (100 0, 200 0)"}, {{}, {}});
  const RegionNetwork apart = build_region_network(lines, profile);
  EXPECT_EQ(basins(apart.network).size(), 2u);

  KarstLink link;
  link.name = "perte";
  link.sink = {12.0, 1.0};
  link.resurgence = {99.0, 0.0};
  profile.karst_links = {link};
  const RegionNetwork joined = build_region_network(lines, profile);
  EXPECT_EQ(joined.report.karst_links_added, 1u);
  EXPECT_EQ(joined.report.karst_links_skipped, 0u);
  ASSERT_EQ(joined.network.reaches.size(), 3u);
  EXPECT_TRUE(joined.network.reaches[2].is_virtual);
  EXPECT_DOUBLE_EQ(joined.network.reaches[2].length_m, 90.0);
  EXPECT_EQ(basins(joined.network).size(), 1u);
  EXPECT_DOUBLE_EQ(joined.network.reaches[0].distance_to_outlet_m, 190.0);
}

TEST(RegionBuildNetwork, KarstLinkTooFarSkipped) {
  RegionProfile profile = base_profile();
  KarstLink link;
  link.name = "perte";
  link.sink = {10.0, 500.0};
  link.resurgence = {100.0, 0.0};
  profile.karst_links = {link};
  const LineSet lines = make_lines(
      {}, {"LINESTRING (0 0, 10 0)", "LINESTRING (100 0, 200 0)"}, {{}, {}});
  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.karst_links_added, 0u);
  EXPECT_EQ(result.report.karst_links_skipped, 1u);
  EXPECT_EQ(basins(result.network).size(), 2u);
}

TEST(RegionBuildNetwork, InputPathRequired) {
  RegionInputOptions options;
  EXPECT_THROW(build_region_network(base_profile(), options),
               InvalidInputError);
}

} // namespace
} // namespace georiviere
