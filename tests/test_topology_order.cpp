// build_topology() joins line ends cluster by cluster in spatial order: its
// result must be the one of a greedy pass over the ends in input order.
#include "georiviere/topology/build_topology.hpp"

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "../bench/generate_network.hpp"

namespace georiviere {
namespace {

using detail::JoinOrder;

SourceLine make_line(std::int64_t fid, std::vector<Point> points) {
  SourceLine line;
  line.fid = fid;
  line.row = static_cast<std::uint32_t>(fid);
  line.geometry.points = std::move(points);
  return line;
}

LineSet make_set(std::vector<SourceLine> lines) {
  LineSet set;
  set.lines = std::move(lines);
  set.source = "test lines";
  return set;
}

// Adds to a generated network the defects whose handling depends on the
// order of the lines: ends moved off their node, duplicates, T-junctions,
// crossings, overlaps, lines shorter than the tolerance and rings. The
// added lines go to random places in the line order.
void add_defects(LineSet& set, std::uint64_t seed) {
  bench::detail::Random random(seed);
  std::vector<SourceLine>& lines = set.lines;
  const std::size_t count = lines.size();
  std::int64_t next_fid = 10000000;
  std::vector<SourceLine> added;
  const auto add = [&](std::uint32_t row, std::vector<Point> points) {
    SourceLine line;
    line.fid = next_fid++;
    line.row = row;
    line.geometry.points = std::move(points);
    added.push_back(std::move(line));
  };
  for (std::size_t i = 0; i < count; ++i) {
    std::vector<Point>& p = lines[i].geometry.points;
    const std::uint32_t row = lines[i].row;
    const double draw = random.uniform();
    if (draw < 0.03) {
      p.back().x += random.uniform(-0.45, 0.45);
      p.back().y += random.uniform(-0.45, 0.45);
    } else if (draw < 0.05) {
      p.front().x += random.uniform(-0.3, 0.3);
      p.front().y += random.uniform(-0.3, 0.3);
    } else if (draw < 0.055) {
      std::vector<Point> copy = p;
      if (random.chance(0.5)) {
        std::reverse(copy.begin(), copy.end());
      }
      add(row, std::move(copy));
    } else if (draw < 0.06) {
      // A tributary ending on a vertex, or near the middle of a segment.
      Point end = p[4];
      if (random.chance(0.5)) {
        end = {0.5 * (p[4].x + p[5].x), 0.5 * (p[4].y + p[5].y)};
      }
      add(row, {{end.x + 30, end.y + 40}, {end.x + 10, end.y + 15}, end});
    } else if (draw < 0.063) {
      const Point c = p[3];
      add(row,
          {{c.x - 20, c.y + 17}, {c.x + 0.1, c.y - 0.2}, {c.x + 21, c.y - 19}});
    } else if (draw < 0.064) {
      add(row, {p[2], p[2]});
    } else if (draw < 0.065) {
      add(row, {p[2], p[3], p[4], {p[4].x + 50, p[4].y + 5}});
    } else if (draw < 0.066) {
      add(row, {{p[6].x + 100, p[6].y}, {p[6].x + 100.2, p[6].y + 0.1}});
    } else if (draw < 0.067) {
      const Point c{p[5].x + 200, p[5].y};
      add(row, {c, {c.x + 10, c.y}, {c.x + 10, c.y + 10}, c});
    }
  }
  for (SourceLine& line : added) {
    lines.push_back(std::move(line));
    std::swap(lines.back(), lines[random.index(lines.size())]);
  }
}

LineSet generated_lines(std::size_t line_count, std::uint64_t defect_seed) {
  bench::GeneratorOptions generator;
  generator.line_count = line_count;
  LineSet set = bench::generate_network(generator).lines;
  if (defect_seed != 0) {
    add_defects(set, defect_seed);
  }
  return set;
}

void expect_same_polyline(const Polyline& actual, const Polyline& expected,
                          const std::string& where) {
  EXPECT_EQ(actual.points, expected.points) << where;
  EXPECT_EQ(actual.z, expected.z) << where;
  EXPECT_EQ(actual.m, expected.m) << where;
}

// Compares every reach, node and problem field by field, stopping at the
// first differing item of each list.
void expect_same_network(const RiverNetwork& actual,
                         const RiverNetwork& expected) {
  ASSERT_EQ(actual.reaches.size(), expected.reaches.size());
  for (std::size_t r = 0; r < expected.reaches.size(); ++r) {
    const Reach& a = actual.reaches[r];
    const Reach& e = expected.reaches[r];
    const std::string where = "reach " + std::to_string(r);
    EXPECT_EQ(a.id, e.id) << where;
    EXPECT_EQ(a.from_node, e.from_node) << where;
    EXPECT_EQ(a.to_node, e.to_node) << where;
    expect_same_polyline(a.geometry, e.geometry, where);
    EXPECT_EQ(a.source_fids, e.source_fids) << where;
    EXPECT_EQ(a.source_rows, e.source_rows) << where;
    EXPECT_EQ(a.name, e.name) << where;
    EXPECT_EQ(a.length_m, e.length_m) << where;
    if (::testing::Test::HasFailure()) {
      return;
    }
  }

  ASSERT_EQ(actual.nodes.size(), expected.nodes.size());
  for (std::size_t n = 0; n < expected.nodes.size(); ++n) {
    const Node& a = actual.nodes[n];
    const Node& e = expected.nodes[n];
    const std::string where = "node " + std::to_string(n);
    EXPECT_EQ(a.id, e.id) << where;
    EXPECT_EQ(a.position, e.position) << where;
    EXPECT_EQ(a.kind, e.kind) << where;
    EXPECT_EQ(a.in_degree, e.in_degree) << where;
    EXPECT_EQ(a.out_degree, e.out_degree) << where;
    if (::testing::Test::HasFailure()) {
      return;
    }
  }

  ASSERT_EQ(actual.problems.size(), expected.problems.size());
  for (std::size_t k = 0; k < expected.problems.size(); ++k) {
    const Problem& a = actual.problems[k];
    const Problem& e = expected.problems[k];
    const std::string where = "problem " + std::to_string(k);
    EXPECT_EQ(a.kind, e.kind) << where;
    EXPECT_EQ(a.message, e.message) << where;
    EXPECT_EQ(a.points, e.points) << where;
    ASSERT_EQ(a.lines.size(), e.lines.size()) << where;
    for (std::size_t i = 0; i < e.lines.size(); ++i) {
      expect_same_polyline(a.lines[i], e.lines[i], where);
    }
    EXPECT_EQ(a.reach_ids, e.reach_ids) << where;
    EXPECT_EQ(a.source_fids, e.source_fids) << where;
    if (::testing::Test::HasFailure()) {
      return;
    }
  }
}

std::size_t count_kind(const RiverNetwork& network, ProblemKind kind) {
  return static_cast<std::size_t>(
      std::count_if(network.problems.begin(), network.problems.end(),
                    [kind](const Problem& p) { return p.kind == kind; }));
}

// Builds the topology of `lines` in both join orders and compares them.
void expect_orders_agree(const LineSet& lines, const TopologyOptions& options) {
  const RiverNetwork spatial =
      detail::build_topology_in_order(lines, options, JoinOrder::spatial);
  const RiverNetwork input =
      detail::build_topology_in_order(lines, options, JoinOrder::input);
  expect_same_network(spatial, input);
}

TEST(TopologyOrder, ShuffledNetworkMatchesInputOrder) {
  expect_orders_agree(generated_lines(20000, 0), TopologyOptions{});
}

TEST(TopologyOrder, DefectsMatchInputOrder) {
  const LineSet lines = generated_lines(20000, 7);
  const RiverNetwork network = build_topology(lines, TopologyOptions{});
  // The comparison covers every kind of topology problem.
  EXPECT_GT(count_kind(network, ProblemKind::duplicate), 0u);
  EXPECT_GT(count_kind(network, ProblemKind::zero_length), 0u);
  EXPECT_GT(count_kind(network, ProblemKind::gap), 0u);
  EXPECT_GT(count_kind(network, ProblemKind::crossing), 0u);
  expect_orders_agree(lines, TopologyOptions{});
}

TEST(TopologyOrder, SnappedDefectsMatchInputOrder) {
  const LineSet lines = generated_lines(20000, 11);
  TopologyOptions options;
  options.snap_tolerance_m = 0.5;
  expect_orders_agree(lines, options);
  options.split_crossings = true;
  expect_orders_agree(lines, options);
}

TEST(TopologyOrder, LargeClustersMatchInputOrder) {
  // At 60 m, ends of neighbouring confluences chain into clusters of more
  // than 32 ends, which are joined through a point grid.
  const LineSet lines = generated_lines(5000, 13);
  TopologyOptions options;
  options.snap_tolerance_m = 60.0;
  expect_orders_agree(lines, options);
}

TEST(TopologyOrder, ShuffledNetworkKeepsCounts) {
  bench::GeneratorOptions generator;
  generator.line_count = 10000;
  const bench::GeneratedNetwork generated = bench::generate_network(generator);
  const RiverNetwork network =
      build_topology(generated.lines, TopologyOptions{});
  EXPECT_EQ(network.reaches.size(), generated.reach_count);
  std::size_t sources = 0;
  std::size_t confluences = 0;
  std::size_t outlets = 0;
  for (const Node& node : network.nodes) {
    sources += node.in_degree == 0 && node.out_degree == 1 ? 1 : 0;
    confluences += node.in_degree == 2 && node.out_degree == 1 ? 1 : 0;
    outlets += node.in_degree == 1 && node.out_degree == 0 ? 1 : 0;
  }
  EXPECT_EQ(sources, generated.source_count);
  EXPECT_EQ(confluences, generated.confluence_count);
  EXPECT_EQ(outlets, generated.basin_count);
  EXPECT_EQ(network.nodes.size(), sources + confluences + outlets);
  // The generator leaves no defect at 10,000 lines with its default seed.
  EXPECT_TRUE(network.problems.empty());
}

TEST(TopologyOrder, GreedyJoinFollowsInputOrder) {
  // Three outlets 0.9 m apart on a line, tolerance 1 m. In input order the
  // end at x = 0 makes a node, x = 0.9 joins it, and x = 1.8 is 1.8 m from
  // it, so it makes a second node.
  const LineSet lines = make_set({
      make_line(1, {{-30, 40}, {0, 0}}),
      make_line(2, {{0, 40}, {0.9, 0}}),
      make_line(3, {{30, 40}, {1.8, 0}}),
  });
  TopologyOptions options;
  options.snap_tolerance_m = 1.0;
  options.gap_tolerance_m = 0.0;
  for (const JoinOrder order : {JoinOrder::spatial, JoinOrder::input}) {
    const RiverNetwork network =
        detail::build_topology_in_order(lines, options, order);
    ASSERT_EQ(network.reaches.size(), 3u);
    ASSERT_EQ(network.nodes.size(), 5u);
    EXPECT_EQ(network.reaches[0].to_node, network.reaches[1].to_node);
    EXPECT_NE(network.reaches[2].to_node, network.reaches[0].to_node);
    EXPECT_EQ(network.reaches[1].geometry.back(), (Point{0, 0}));
    EXPECT_EQ(network.reaches[2].geometry.back(), (Point{1.8, 0}));
  }

  // With the last line first, x = 1.8 makes the first node, x = 0.9 joins
  // it, and x = 0 makes another.
  const LineSet reversed = make_set({
      make_line(3, {{30, 40}, {1.8, 0}}),
      make_line(2, {{0, 40}, {0.9, 0}}),
      make_line(1, {{-30, 40}, {0, 0}}),
  });
  const RiverNetwork network = build_topology(reversed, options);
  ASSERT_EQ(network.reaches.size(), 3u);
  EXPECT_EQ(network.reaches[1].geometry.back(), (Point{1.8, 0}));
  EXPECT_EQ(network.reaches[2].geometry.back(), (Point{0, 0}));
}

TEST(TopologyOrder, TieJoinsEarlierNode) {
  // The end at x = 1 is 1 m from the nodes at x = 0 and x = 2: it joins
  // the one made first, at x = 2.
  const LineSet lines = make_set({
      make_line(1, {{32, 40}, {2, 0}}),
      make_line(2, {{-30, 40}, {0, 0}}),
      make_line(3, {{1, 40}, {1, 0}}),
  });
  TopologyOptions options;
  options.snap_tolerance_m = 1.0;
  options.gap_tolerance_m = 0.0;
  for (const JoinOrder order : {JoinOrder::spatial, JoinOrder::input}) {
    const RiverNetwork network =
        detail::build_topology_in_order(lines, options, order);
    ASSERT_EQ(network.reaches.size(), 3u);
    EXPECT_EQ(network.reaches[2].geometry.back(), (Point{2, 0}));
    EXPECT_EQ(network.reaches[2].to_node, network.reaches[0].to_node);
  }
}

TEST(TopologyOrder, LongChainOfEndsMatchesInputOrder) {
  // 80 outlets 0.6 m apart, in a shuffled order: one cluster of 80 ends at
  // a tolerance of 1 m, joined through the point grid.
  std::vector<SourceLine> lines;
  bench::detail::Random random(5);
  for (int i = 0; i < 80; ++i) {
    const double x = 0.6 * i;
    lines.push_back(make_line(i + 1, {{x, 50.0 + i}, {x, 0}}));
  }
  for (std::size_t i = lines.size(); i > 1; --i) {
    std::swap(lines[i - 1], lines[random.index(i)]);
  }
  TopologyOptions options;
  options.snap_tolerance_m = 1.0;
  expect_orders_agree(make_set(std::move(lines)), options);
}

TEST(TopologyOrder, ProgressCoversEveryStage) {
  std::vector<std::string> stages;
  TopologyOptions options;
  options.progress = [&](std::string_view stage, double) {
    if (stages.empty() || stages.back() != stage) {
      stages.emplace_back(stage);
    }
    return true;
  };
  build_topology(generated_lines(1000, 0), options);
  const std::vector<std::string> expected = {
      "cleaning", "noding", "indexing segments",  "crossings",
      "merging",  "gaps",   "assembling reaches", "building graph"};
  EXPECT_EQ(stages, expected);
}

} // namespace
} // namespace georiviere
