// Tests of known outlets from a region profile's [outlets] table: reading
// them, orienting undecided lines away from them, flagging the nodes and
// reporting unexpected sinks.
#include "georiviere/region/known_outlets.hpp"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/io/wkt.hpp"
#include "georiviere/region/build_region_network.hpp"
#include "vector_fixtures.hpp"

namespace georiviere {
namespace {

namespace fs = std::filesystem;

// Writes polygons given as WKT to a GeoJSON file in Lambert-93.
std::string write_polygons(const std::string& name,
                           const std::vector<std::string>& wkts) {
  const fs::path folder =
      fs::path(GEORIVIERE_BINARY_DIR) / "region_outlets_scratch";
  fs::create_directories(folder);
  const std::string path = (folder / name).string();
  fs::remove(path);
  testing::TestLayer layer;
  layer.name = "polygons";
  layer.epsg = 2154;
  layer.type = wkbPolygon;
  for (const std::string& wkt : wkts) {
    layer.features.push_back({wkt, {}});
  }
  testing::write_dataset(path, "GeoJSON", {layer});
  return path;
}

// The sea east of x = 30, and a lake west of x = -1 around y = 0.
std::string sea_and_lake() {
  return write_polygons("sea.geojson",
                        {"POLYGON ((30 -50, 80 -50, 80 50, 30 50, 30 -50))",
                         "POLYGON ((-10 -5, -1 -5, -1 5, -10 5, -10 -5))"});
}

// The sea alone.
std::string sea_only() {
  return write_polygons("sea_only.geojson",
                        {"POLYGON ((30 -50, 80 -50, 80 50, 30 50, 30 -50))"});
}

// A river from the lake shore at (0, 0) to the coast at (28, 0), with a
// tributary from (10, 10) joining at (10, 0), plus a stream far inland.
// `wkts` gives the digitised order of each.
LineSet make_lines(const std::vector<std::string>& wkts,
                   const std::vector<std::int64_t>& terminal = {}) {
  LineSet lines = line_set_from_wkt(wkts);
  lines.source = "test lines";
  lines.crs_wkt = "EPSG:2154";
  lines.attributes.fields = {{"terminal", FieldType::integer}};
  for (std::size_t i = 0; i < wkts.size(); ++i) {
    const std::int64_t flag = i < terminal.size() ? terminal[i] : 0;
    lines.attributes.rows[i] = {flag};
  }
  return lines;
}

RegionProfile outlet_profile(OutletMethod method, const std::string& path) {
  RegionProfile profile;
  profile.name = "coast";
  profile.direction.chain = {DirectionStep::digitized};
  profile.main_stem.criteria = {MainStemCriterion::longest_path};
  profile.outlets.method = method;
  profile.outlets.path = path;
  profile.outlets.distance_m = 2.0;
  return profile;
}

const Node* node_at(const RiverNetwork& network, Point position) {
  for (const Node& node : network.nodes) {
    if (distance(node.position, position) < 1e-9) {
      return &node;
    }
  }
  return nullptr;
}

const Reach* reach_from(const RiverNetwork& network, Point start) {
  for (const Reach& reach : network.reaches) {
    if (reach.geometry.front() == start) {
      return &reach;
    }
  }
  return nullptr;
}

TEST(KnownOutlets, PolygonLayerNearTest) {
  RegionProfile profile =
      outlet_profile(OutletMethod::polygon_layer, sea_and_lake());
  const KnownOutlets known =
      read_known_outlets(profile, make_lines({"LINESTRING (0 0, 28 0)"}));
  EXPECT_TRUE(known.active());
  EXPECT_EQ(known.polygons.size(), 2u);
  EXPECT_TRUE(known.near({28.0, 0.0}));  // 2 m from the sea
  EXPECT_TRUE(known.near({40.0, 0.0}));  // at sea
  EXPECT_FALSE(known.near({27.9, 0.0})); // 2.1 m away
  EXPECT_TRUE(known.near({0.0, 0.0}));   // 1 m from the lake
  EXPECT_FALSE(known.near({10.0, 10.0}));
}

TEST(KnownOutlets, BoundaryUsesRingDistance) {
  // The region ends at x = 28; inside and outside count alike.
  const std::string region = write_polygons(
      "region.geojson", {"POLYGON ((-5 -20, 28 -20, 28 20, -5 20, -5 -20))"});
  const KnownOutlets known =
      read_known_outlets(outlet_profile(OutletMethod::boundary, region),
                         make_lines({"LINESTRING (0 0, 28 0)"}));
  EXPECT_TRUE(known.near({28.0, 0.0}));
  EXPECT_TRUE(known.near({29.5, 0.0}));
  EXPECT_TRUE(known.near({26.5, 0.0}));
  EXPECT_FALSE(known.near({10.0, 0.0})); // inside, 18 m from the edge
  EXPECT_FALSE(known.near({10.0, 10.0}));
}

TEST(KnownOutlets, TerminalFieldTakesLastVertex) {
  RegionProfile profile = outlet_profile(OutletMethod::terminal_field, "");
  profile.outlets.terminal_field = "TERMINAL";
  profile.outlets.terminal_values = {"1"};
  const LineSet lines =
      make_lines({"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 28 0)"}, {0, 1});
  const KnownOutlets known = read_known_outlets(profile, lines, 0.5);
  ASSERT_EQ(known.terminal_points.size(), 1u);
  EXPECT_EQ(known.terminal_points[0], (Point{28.0, 0.0}));
  EXPECT_EQ(known.terminal_tolerance_m, 2.0);
  EXPECT_TRUE(known.near({29.0, 1.0}));
  EXPECT_FALSE(known.near({10.0, 0.0}));

  profile.outlets.terminal_field = "TerminalFl";
  EXPECT_THROW(read_known_outlets(profile, lines), InvalidInputError);
}

TEST(KnownOutlets, MissingPolygonLayerNamesKey) {
  const RegionProfile profile =
      outlet_profile(OutletMethod::polygon_layer, "/nonexistent/sea.gpkg");
  try {
    read_known_outlets(profile, make_lines({"LINESTRING (0 0, 28 0)"}));
    FAIL() << "expected FileNotFoundError";
  } catch (const FileNotFoundError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("[outlets] path of region profile 'coast'"),
              std::string::npos)
        << message;
  }
}

TEST(KnownOutlets, FlagsSinksAndReportsOthers) {
  // Decided lines (digitised order); the tributary is digitised from the
  // confluence up, so (10, 10) is a sink away from the sea.
  const RegionProfile profile =
      outlet_profile(OutletMethod::polygon_layer, sea_and_lake());
  const RegionNetwork result = build_region_network(
      make_lines({"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 28 0)",
                  "LINESTRING (10 0, 10 10)"}),
      profile);
  const RiverNetwork& network = result.network;
  EXPECT_TRUE(network.has_known_outlets);
  EXPECT_EQ(result.report.outlet_method, OutletMethod::polygon_layer);
  EXPECT_EQ(result.report.outlet_features, 2u);
  EXPECT_EQ(result.report.known_outlets, 1u);
  EXPECT_EQ(result.report.unexpected_sinks, 1u);

  const Node* coast = node_at(network, {28.0, 0.0});
  ASSERT_NE(coast, nullptr);
  EXPECT_TRUE(coast->known_outlet);
  // The source on the lake shore has an outflow: not an outlet.
  const Node* shore = node_at(network, {0.0, 0.0});
  ASSERT_NE(shore, nullptr);
  EXPECT_FALSE(shore->known_outlet);
  const Node* head = node_at(network, {10.0, 10.0});
  ASSERT_NE(head, nullptr);
  EXPECT_FALSE(head->known_outlet);

  ASSERT_EQ(network.count_problems(ProblemKind::unexpected_sink), 1u);
  for (const Problem& problem : network.problems) {
    if (problem.kind != ProblemKind::unexpected_sink) {
      continue;
    }
    ASSERT_EQ(problem.points.size(), 1u);
    EXPECT_EQ(problem.points[0], (Point{10.0, 10.0}));
    ASSERT_EQ(problem.reach_ids.size(), 1u);
    EXPECT_EQ(network.reaches[problem.reach_ids[0]].geometry.back(),
              (Point{10.0, 10.0}));
    EXPECT_NE(problem.message.find("not a known outlet of region profile "
                                   "'coast' ([outlets] method "
                                   "polygon_layer"),
              std::string::npos)
        << problem.message;
  }
}

TEST(KnownOutlets, WithoutMethodNothingFlagged) {
  const RegionNetwork result = build_region_network(
      make_lines({"LINESTRING (0 0, 10 0)", "LINESTRING (10 0, 28 0)",
                  "LINESTRING (10 0, 10 10)"}),
      outlet_profile(OutletMethod::none, ""));
  EXPECT_FALSE(result.network.has_known_outlets);
  EXPECT_EQ(result.report.known_outlets, 0u);
  EXPECT_EQ(result.network.count_problems(ProblemKind::unexpected_sink), 0u);
}

TEST(KnownOutlets, OutletsStepOrientsFromSea) {
  // No line has a known direction. The lower river is digitised from the
  // coast inland and the tributary from the confluence up; a stream far
  // inland reaches no outlet.
  const LineSet lines =
      make_lines({"LINESTRING (28 0, 10 0)", "LINESTRING (0 0, 10 0)",
                  "LINESTRING (10 0, 10 10)", "LINESTRING (100 100, 110 100)"});
  // With the lake in the layer, the dangling end at (0, 0) on its shore
  // would be an outlet too, and the upper river would flow into the lake.
  RegionProfile profile =
      outlet_profile(OutletMethod::polygon_layer, sea_only());
  profile.direction.chain = {DirectionStep::outlets};

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.oriented_from_outlets, 3u);
  EXPECT_EQ(result.report.reversed_from_outlets, 2u);
  EXPECT_EQ(result.report.unknown_direction, 1u);
  const RiverNetwork& network = result.network;
  const Reach* lower = reach_from(network, {10.0, 0.0});
  ASSERT_NE(lower, nullptr);
  EXPECT_EQ(lower->geometry.back(), (Point{28.0, 0.0}));
  ASSERT_NE(reach_from(network, {0.0, 0.0}), nullptr);
  ASSERT_NE(reach_from(network, {10.0, 10.0}), nullptr);
  EXPECT_TRUE(node_at(network, {28.0, 0.0})->known_outlet);
  // The inland stream keeps its digitised order and ends in a sink.
  EXPECT_EQ(result.report.known_outlets, 1u);
  EXPECT_EQ(result.report.unexpected_sinks, 1u);

  // Without known outlets, no line is decided, so no sink of decided lines
  // exists and the step orients nothing.
  profile.outlets.method = OutletMethod::none;
  const RegionNetwork plain = build_region_network(lines, profile);
  EXPECT_EQ(plain.report.oriented_from_outlets, 0u);
  EXPECT_EQ(plain.report.unknown_direction, 4u);
}

TEST(KnownOutlets, KnownOutletsReplaceDecidedSinks) {
  // The lower river is coded towards the coast, the upper river the wrong
  // way, towards (2, 0), 3 m from the lake: a sink of the decided lines
  // but no known outlet. The tributary is undecided and flows towards the
  // coast, down to the confluence.
  LineSet lines =
      make_lines({"LINESTRING (10 0, 28 0)", "LINESTRING (10 0, 2 0)",
                  "LINESTRING (10 0, 10 3)"});
  lines.attributes.fields.push_back({"sens", FieldType::string});
  lines.attributes.rows[0].emplace_back(std::string("direct"));
  lines.attributes.rows[1].emplace_back(std::string("direct"));
  lines.attributes.rows[2].emplace_back(std::string("inconnu"));
  RegionProfile profile =
      outlet_profile(OutletMethod::polygon_layer, sea_and_lake());
  profile.fields.direction = "sens";
  profile.direction.forward = {"direct"};
  profile.direction.unknown = {"inconnu"};
  profile.direction.chain = {DirectionStep::field, DirectionStep::outlets};

  const RegionNetwork result = build_region_network(lines, profile);
  EXPECT_EQ(result.report.oriented_from_outlets, 1u);
  EXPECT_EQ(result.report.reversed_from_outlets, 1u);
  const Reach* tributary = reach_from(result.network, {10.0, 3.0});
  ASSERT_NE(tributary, nullptr);
  EXPECT_EQ(tributary->geometry.back(), (Point{10.0, 0.0}));
  // (2, 0) is 3 m from the lake: a sink, but no known outlet.
  EXPECT_EQ(result.report.unexpected_sinks, 1u);
}

} // namespace
} // namespace georiviere
