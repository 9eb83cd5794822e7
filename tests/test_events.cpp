// Point and linear events on rivers: split, merge, re-locating on reaches
// and kilometre points.
#include "georiviere/referencing/events.hpp"

#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "referencing_fixtures.hpp"

namespace georiviere {
namespace {

using namespace georiviere::testing;

LinearEvent event(double start_m, double end_m, EventAttributes attributes,
                  ReachId main_stem_id = 2) {
  LinearEvent result;
  result.main_stem_id = main_stem_id;
  result.start_m = start_m;
  result.end_m = end_m;
  result.attributes = std::move(attributes);
  return result;
}

TEST(Events, SplitKeepsAllAttributes) {
  const LinearEvent morphology = event(3200, 4700,
                                       {{"class", std::string("riffle")},
                                        {"width_m", 12.5},
                                        {"survey", std::int64_t{2024}}});
  const auto [upstream, downstream] = split_event(morphology, 4000);
  EXPECT_DOUBLE_EQ(upstream.start_m, 3200.0);
  EXPECT_DOUBLE_EQ(upstream.end_m, 4000.0);
  EXPECT_DOUBLE_EQ(downstream.start_m, 4000.0);
  EXPECT_DOUBLE_EQ(downstream.end_m, 4700.0);
  EXPECT_EQ(upstream.attributes, morphology.attributes);
  EXPECT_EQ(downstream.attributes, morphology.attributes);
  EXPECT_EQ(upstream.main_stem_id, 2);
  EXPECT_EQ(downstream.main_stem_id, 2);
}

TEST(Events, SplitOutsideRejected) {
  const LinearEvent morphology = event(100, 200, {});
  EXPECT_THROW(split_event(morphology, 100), InvalidInputError);
  EXPECT_THROW(split_event(morphology, 200), InvalidInputError);
  EXPECT_THROW(split_event(morphology, 250), InvalidInputError);
}

TEST(Events, MergeEqualTouchingEvents) {
  const EventAttributes riffle{{"class", std::string("riffle")}};
  const std::vector<LinearEvent> merged =
      merge_events({event(200, 300, riffle), event(0, 100, riffle),
                    event(100, 200, riffle)});
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_DOUBLE_EQ(merged[0].start_m, 0.0);
  EXPECT_DOUBLE_EQ(merged[0].end_m, 300.0);
  EXPECT_EQ(merged[0].attributes, riffle);
}

TEST(Events, MergeKeepsDifferentAttributesApart) {
  const std::vector<LinearEvent> merged = merge_events(
      {event(0, 100, {{"class", std::string("riffle")}}),
       event(100, 200, {{"class", std::string("pool")}}),
       event(200, 300,
             {{"class", std::string("pool")}, {"note", std::string("dry")}})});
  ASSERT_EQ(merged.size(), 3u);
  EXPECT_DOUBLE_EQ(merged[1].start_m, 100.0);
  EXPECT_DOUBLE_EQ(merged[1].end_m, 200.0);
}

TEST(Events, MergeSkipsGapsOverlapsAndRivers) {
  const EventAttributes riffle{{"class", std::string("riffle")}};
  const std::vector<LinearEvent> merged =
      merge_events({event(0, 100, riffle), event(100.5, 200, riffle),
                    event(150, 300, riffle), event(300, 400, riffle, 3)});
  ASSERT_EQ(merged.size(), 4u);
  EXPECT_EQ(merged[3].main_stem_id, 3);
}

TEST(Events, MergeWithinTouchTolerance) {
  const EventAttributes riffle{{"class", std::string("riffle")}};
  MergeOptions options;
  options.touch_tolerance_m = 1.0;
  const std::vector<LinearEvent> merged =
      merge_events({event(0, 100, riffle), event(100.5, 200, riffle)}, options);
  ASSERT_EQ(merged.size(), 1u);
  EXPECT_DOUBLE_EQ(merged[0].end_m, 200.0);
}

TEST(Events, MergeJoinValuesKeepsBoth) {
  MergeOptions options;
  options.rule = MergeRule::join_values;
  const std::vector<LinearEvent> merged =
      merge_events({event(0, 100,
                          {{"class", std::string("riffle")},
                           {"width_m", 12.5},
                           {"survey", std::int64_t{2024}}}),
                    event(100, 200,
                          {{"class", std::string("pool")},
                           {"survey", std::int64_t{2024}},
                           {"note", std::string("dry")}})},
                   options);
  ASSERT_EQ(merged.size(), 1u);
  const EventAttributes& attributes = merged[0].attributes;
  EXPECT_EQ(attributes.at("class"), FieldValue{std::string("riffle; pool")});
  EXPECT_EQ(attributes.at("survey"), FieldValue{std::int64_t{2024}});
  EXPECT_EQ(attributes.at("width_m"), FieldValue{std::string("12.5; null")});
  EXPECT_EQ(attributes.at("note"), FieldValue{std::string("null; dry")});
  EXPECT_EQ(attributes.size(), 4u);
}

TEST(Events, MergeRejectsReversedEvent) {
  EXPECT_THROW(merge_events({event(200, 100, {})}), InvalidInputError);
}

TEST(Events, PointEventPositionOnReach) {
  const River main = list_rivers(named_network())[0];
  PointEvent erosion;
  erosion.main_stem_id = 2;
  erosion.measure_m = 3500;
  const auto position = event_position(main, erosion);
  ASSERT_TRUE(position.has_value());
  EXPECT_EQ(position->reach, 2);
  EXPECT_DOUBLE_EQ(position->reach_measure_m, 500.0);
  erosion.measure_m = 4100;
  EXPECT_FALSE(event_position(main, erosion).has_value());
  erosion.main_stem_id = 3;
  erosion.measure_m = 100;
  EXPECT_FALSE(event_position(main, erosion).has_value());
}

TEST(Events, LinearEventPiecesByReach) {
  const River main = list_rivers(named_network())[0];
  const std::vector<EventPiece> pieces =
      event_pieces(main, event(500, 3200, {}));
  ASSERT_EQ(pieces.size(), 3u);
  EXPECT_EQ(pieces[0].reach, 0);
  EXPECT_DOUBLE_EQ(pieces[0].start_m, 500.0);
  EXPECT_DOUBLE_EQ(pieces[0].end_m, 1000.0);
  EXPECT_DOUBLE_EQ(pieces[0].reach_start_m, 500.0);
  EXPECT_DOUBLE_EQ(pieces[0].reach_end_m, 1000.0);
  EXPECT_EQ(pieces[1].reach, 1);
  EXPECT_DOUBLE_EQ(pieces[1].reach_start_m, 0.0);
  EXPECT_DOUBLE_EQ(pieces[1].reach_end_m, 2000.0);
  EXPECT_EQ(pieces[2].reach, 2);
  EXPECT_DOUBLE_EQ(pieces[2].start_m, 3000.0);
  EXPECT_DOUBLE_EQ(pieces[2].end_m, 3200.0);
  EXPECT_DOUBLE_EQ(pieces[2].reach_end_m, 200.0);
}

TEST(Events, LinearEventEndingAtBoundary) {
  const River main = list_rivers(named_network())[0];
  const std::vector<EventPiece> pieces =
      event_pieces(main, event(200, 1000, {}));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_EQ(pieces[0].reach, 0);
  EXPECT_DOUBLE_EQ(pieces[0].reach_end_m, 1000.0);
}

TEST(Events, LinearEventClippedToRiver) {
  const River main = list_rivers(named_network())[0];
  const std::vector<EventPiece> pieces =
      event_pieces(main, event(3800, 4500, {}));
  ASSERT_EQ(pieces.size(), 1u);
  EXPECT_DOUBLE_EQ(pieces[0].end_m, 4000.0);
  EXPECT_TRUE(event_pieces(main, event(4100, 4500, {})).empty());
  EXPECT_TRUE(event_pieces(main, event(0, 100, {}, 3)).empty());
}

TEST(Events, RelocatedAfterReachSplit) {
  // Cutting reach 1 at (0, 2000) changes reach ids but not river measures.
  RiverNetwork network = make_network({{0, 0},
                                       {0, 1000},
                                       {0, 3000},
                                       {0, 4000},
                                       {1000, 1000},
                                       {5000, 0},
                                       {5000, -500},
                                       {0, 2000}},
                                      {{3, 2, {}, "Main"},
                                       {2, 7, {}, "Main"},
                                       {7, 1, {}, "Main"},
                                       {1, 0, {}, "Main"},
                                       {4, 1, {}, "Trib"},
                                       {5, 6, {}, "Trib"}});
  compute_all_metrics(network, true);
  const River& main = find_river(list_rivers(network), "Main");
  PointEvent observation;
  observation.main_stem_id = main.main_stem_id;
  observation.measure_m = 2500;
  const auto position = event_position(main, observation);
  ASSERT_TRUE(position.has_value());
  EXPECT_EQ(position->reach, 2);
  EXPECT_DOUBLE_EQ(position->reach_measure_m, 500.0);
}

TEST(Events, EventGeometryOnRiverLine) {
  const RiverNetwork network = named_network();
  const Polyline line = river_geometry(network, list_rivers(network)[0]);
  PointEvent erosion;
  erosion.main_stem_id = 2;
  erosion.measure_m = 3500;
  EXPECT_EQ(event_point(line, erosion), (Point{0, 500}));
  const Polyline part = event_line(line, event(500, 3200, {}));
  EXPECT_EQ(part.points,
            (std::vector<Point>{{0, 3500}, {0, 3000}, {0, 1000}, {0, 800}}));
}

TEST(Events, KilometrePointToMeasure) {
  const River main = list_rivers(named_network())[0];
  KilometrePointRules from_mouth;
  EXPECT_EQ(measure_at_kilometre_point(main, from_mouth, 2.5), 1500.0);
  KilometrePointRules thousand = from_mouth;
  thousand.offset = 1000.0;
  thousand.increase = KilometreIncrease::downstream;
  EXPECT_EQ(measure_at_kilometre_point(main, thousand, 997.5), 1500.0);
  KilometrePointRules from_source;
  from_source.origin = KilometreOrigin::source;
  from_source.unit = KilometreUnit::m;
  from_source.increase = KilometreIncrease::downstream;
  EXPECT_EQ(measure_at_kilometre_point(main, from_source, 1500.0), 1500.0);
  EXPECT_FALSE(measure_at_kilometre_point(main, from_mouth, 4.5).has_value());
  EXPECT_FALSE(measure_at_kilometre_point(main, from_mouth, -0.1).has_value());
}

TEST(Events, KilometrePointRoundTrip) {
  const River main = list_rivers(named_network())[0];
  KilometrePointRules rules;
  rules.offset = 1000.0;
  rules.increase = KilometreIncrease::downstream;
  for (const double measure : {0.0, 123.4, 2000.0, 4000.0}) {
    const double point = rules.value(main.length_m - measure, measure);
    const auto back = measure_at_kilometre_point(main, rules, point);
    ASSERT_TRUE(back.has_value()) << measure;
    EXPECT_NEAR(*back, measure, 1e-9) << measure;
  }
}

} // namespace
} // namespace georiviere
