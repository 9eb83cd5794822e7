// Cutting rivers into segments of a fixed length, at confluences and where
// a reach attribute changes, on the named network of
// referencing_fixtures.hpp.
#include "georiviere/referencing/segmentation.hpp"

#include <cmath>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "referencing_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

// The segments of one river, in order.
std::vector<RiverSegment> segments_of(const std::vector<RiverSegment>& all,
                                      ReachId main_stem_id) {
  std::vector<RiverSegment> result;
  for (const RiverSegment& segment : all) {
    if (segment.main_stem_id == main_stem_id) {
      result.push_back(segment);
    }
  }
  return result;
}

std::vector<double> lengths(const std::vector<RiverSegment>& segments) {
  std::vector<double> result;
  for (const RiverSegment& segment : segments) {
    result.push_back(segment.length_m());
  }
  return result;
}

// The named network with a source field "class": A on every reach but
// reach 2, which is B.
RiverNetwork classed_network() {
  RiverNetwork network = named_network();
  network.attributes.fields = {{"class", FieldType::string}};
  for (std::size_t r = 0; r < network.reaches.size(); ++r) {
    network.attributes.fids.push_back(static_cast<std::int64_t>(100 + r));
    network.attributes.rows.push_back(
        {FieldValue{std::string(r == 2 ? "B" : "A")}});
    network.reaches[r].source_rows = {static_cast<std::uint32_t>(r)};
  }
  return network;
}

TEST(Segmentation, FixedLengthLastShorter) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.length_m = 1500;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  EXPECT_EQ(lengths(main), (std::vector<double>{1500, 1500, 1000}));
  ASSERT_EQ(main.size(), 3u);
  EXPECT_EQ(main[0].index, 0u);
  EXPECT_EQ(main[2].index, 2u);
  EXPECT_EQ(main[0].river_name, "Main");
}

TEST(Segmentation, SegmentReachesAndMeasures) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.length_m = 1500;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  ASSERT_EQ(main.size(), 3u);
  EXPECT_EQ(main[0].start_reach, 0);
  EXPECT_DOUBLE_EQ(main[0].start_reach_measure_m, 0.0);
  EXPECT_EQ(main[0].end_reach, 1);
  EXPECT_DOUBLE_EQ(main[0].end_reach_measure_m, 500.0);
  EXPECT_EQ(main[0].reaches, (std::vector<ReachId>{0, 1}));
  EXPECT_EQ(main[1].start_reach, 1);
  EXPECT_DOUBLE_EQ(main[1].start_reach_measure_m, 500.0);
  EXPECT_EQ(main[1].end_reach, 1);
  EXPECT_DOUBLE_EQ(main[1].end_reach_measure_m, 2000.0);
  EXPECT_EQ(main[1].reaches, (std::vector<ReachId>{1}));
  EXPECT_EQ(main[2].start_reach, 2);
  EXPECT_DOUBLE_EQ(main[2].start_reach_measure_m, 0.0);
  EXPECT_DOUBLE_EQ(main[2].end_reach_measure_m, 1000.0);
}

TEST(Segmentation, SegmentGeometryFromRiverLine) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.length_m = 1500;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  ASSERT_EQ(main.size(), 3u);
  EXPECT_EQ(main[0].geometry.points,
            (std::vector<Point>{{0, 4000}, {0, 3000}, {0, 2500}}));
  EXPECT_EQ(main[1].geometry.points,
            (std::vector<Point>{{0, 2500}, {0, 1000}}));
}

TEST(Segmentation, FixedLengthsAddUpToRivers) {
  const RiverNetwork network = named_network();
  const std::vector<River> rivers = list_rivers(network);
  for (const double length : {1.0, 333.0, 1000.0, 1500.0, 10000.0}) {
    for (const bool balanced : {false, true}) {
      SegmentOptions options;
      options.length_m = length;
      options.balanced = balanced;
      const std::vector<RiverSegment> all =
          segment_rivers(network, rivers, options);
      for (const River& river : rivers) {
        const std::vector<RiverSegment> segments =
            segments_of(all, river.main_stem_id);
        double total = 0.0;
        double geometry_total = 0.0;
        for (const RiverSegment& segment : segments) {
          EXPECT_LE(segment.length_m(), length + 1e-9);
          total += segment.length_m();
          geometry_total += segment.geometry.length();
        }
        EXPECT_NEAR(total, river.length_m, 1e-6) << length;
        EXPECT_NEAR(geometry_total, river.length_m, 1e-6) << length;
        EXPECT_DOUBLE_EQ(segments.front().start_m, 0.0);
        EXPECT_DOUBLE_EQ(segments.back().end_m, river.length_m);
      }
    }
  }
}

TEST(Segmentation, ExactMultipleHasNoSliver) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.length_m = 1000;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  EXPECT_EQ(lengths(main), (std::vector<double>{1000, 1000, 1000, 1000}));
}

TEST(Segmentation, BalancedEqualLengths) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.length_m = 1500;
  options.balanced = true;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  ASSERT_EQ(main.size(), 3u);
  for (const RiverSegment& segment : main) {
    EXPECT_NEAR(segment.length_m(), 4000.0 / 3.0, 1e-9);
  }
}

TEST(Segmentation, CutAtConfluencesOnly) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.at_confluences = true;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  EXPECT_EQ(lengths(main), (std::vector<double>{3000, 1000}));
  ASSERT_EQ(main.size(), 2u);
  EXPECT_EQ(main[0].reaches, (std::vector<ReachId>{0, 1}));
}

TEST(Segmentation, ConfluencesThenFixedLength) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.at_confluences = true;
  options.length_m = 1200;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  EXPECT_EQ(lengths(main), (std::vector<double>{1200, 1200, 600, 1000}));
}

TEST(Segmentation, CutWhereSourceFieldChanges) {
  const RiverNetwork network = classed_network();
  SegmentOptions options;
  options.attribute = "class";
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  ASSERT_EQ(main.size(), 2u);
  EXPECT_DOUBLE_EQ(main[0].end_m, 3000.0);
  ASSERT_EQ(main[0].attributes.size(), 1u);
  EXPECT_EQ(main[0].attributes[0], FieldValue{std::string("A")});
  EXPECT_EQ(main[1].attributes[0], FieldValue{std::string("B")});
}

TEST(Segmentation, MixedAttributesAreNull) {
  const RiverNetwork network = classed_network();
  SegmentOptions options;
  options.length_m = 2500;
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  ASSERT_EQ(main.size(), 2u);
  EXPECT_EQ(main[0].attributes[0], FieldValue{std::string("A")});
  EXPECT_EQ(main[1].reaches, (std::vector<ReachId>{1, 2}));
  EXPECT_EQ(main[1].attributes[0], FieldValue{});
}

TEST(Segmentation, CutWhereStrahlerChanges) {
  const RiverNetwork network = named_network();
  SegmentOptions options;
  options.attribute = "strahler";
  const std::vector<RiverSegment> main =
      segments_of(segment_rivers(network, list_rivers(network), options), 2);
  EXPECT_EQ(lengths(main), (std::vector<double>{3000, 1000}));
}

TEST(Segmentation, InvalidOptionsRejected) {
  const RiverNetwork network = named_network();
  const std::vector<River> rivers = list_rivers(network);
  SegmentOptions options;
  options.attribute = "missing";
  EXPECT_THROW(segment_rivers(network, rivers, options), InvalidInputError);
  options = {};
  options.length_m = -1;
  EXPECT_THROW(segment_rivers(network, rivers, options), InvalidInputError);
  options.length_m = std::nan("");
  EXPECT_THROW(segment_rivers(network, rivers, options), InvalidInputError);
  options.length_m = 1;
  options.max_segments = 100;
  EXPECT_THROW(segment_rivers(network, rivers, options), InvalidInputError);
}

// The text of the InvalidInputError that segment_rivers() throws, or "".
std::string segment_error(const RiverNetwork& network,
                          const SegmentOptions& options) {
  try {
    segment_rivers(network, list_rivers(network), options);
  } catch (const InvalidInputError& error) {
    return error.what();
  }
  return {};
}

TEST(Segmentation, ErrorsShowValueAndFields) {
  SegmentOptions options;
  options.length_m = 1e-9;
  const std::string tiny = segment_error(named_network(), options);
  EXPECT_NE(tiny.find("a segment length of 1e-09 m"), std::string::npos)
      << tiny;

  options = {};
  options.attribute = "missing";
  const std::string listed = segment_error(classed_network(), options);
  EXPECT_NE(listed.find("use a source field (class) or one of name"),
            std::string::npos)
      << listed;
  const std::string none = segment_error(named_network(), options);
  EXPECT_NE(none.find("use a source field (the network has none) or one of"),
            std::string::npos)
      << none;
}

} // namespace
} // namespace georiviere
