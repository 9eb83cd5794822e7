#include "georiviere/io/wkt.hpp"

#include <cmath>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

using namespace georiviere;

TEST(PolylinesFromWkt, ReadsPlainLineString) {
  const auto parts = polylines_from_wkt("LINESTRING (0 0, 1 2.5, 3 4)");
  ASSERT_EQ(parts.size(), 1u);
  ASSERT_EQ(parts[0].size(), 3u);
  EXPECT_EQ(parts[0].points[1], (Point{1.0, 2.5}));
  EXPECT_FALSE(parts[0].has_z());
  EXPECT_FALSE(parts[0].has_m());
}

TEST(PolylinesFromWkt, KeepsZValues) {
  const auto parts = polylines_from_wkt("LINESTRING Z (0 0 10, 1 1 11.5)");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].z, (std::vector<double>{10.0, 11.5}));
  EXPECT_FALSE(parts[0].has_m());
}

TEST(PolylinesFromWkt, KeepsMeasuresWithoutZ) {
  const auto parts = polylines_from_wkt("LINESTRING M (0 0 5, 1 1 6)");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_FALSE(parts[0].has_z());
  EXPECT_EQ(parts[0].m, (std::vector<double>{5.0, 6.0}));
  EXPECT_EQ(parts[0].points[1], (Point{1.0, 1.0}));
}

TEST(PolylinesFromWkt, KeepsZAndMeasures) {
  const auto parts =
      polylines_from_wkt("MULTILINESTRING ZM ((0 0 1 5, 1 1 2 6), "
                         "(2 2 3 7, 3 3 4 8, 4 4 5 9))");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].z, (std::vector<double>{1.0, 2.0}));
  EXPECT_EQ(parts[0].m, (std::vector<double>{5.0, 6.0}));
  EXPECT_EQ(parts[1].z, (std::vector<double>{3.0, 4.0, 5.0}));
  EXPECT_EQ(parts[1].m, (std::vector<double>{7.0, 8.0, 9.0}));
}

TEST(PolylinesFromWkt, AcceptsTagGluedToKeyword) {
  const auto parts = polylines_from_wkt("linestringm (0 0 5, 1 1 6)");
  ASSERT_EQ(parts.size(), 1u);
  EXPECT_EQ(parts[0].m, (std::vector<double>{5.0, 6.0}));
}

TEST(PolylinesFromWkt, SplitsMultiLineString) {
  const auto parts =
      polylines_from_wkt("MULTILINESTRING ((0 0, 1 0), (1 0, 2 0, 3 1))");
  ASSERT_EQ(parts.size(), 2u);
  EXPECT_EQ(parts[0].size(), 2u);
  EXPECT_EQ(parts[1].size(), 3u);
  EXPECT_EQ(parts[1].back(), (Point{3.0, 1.0}));
}

TEST(PolylinesFromWkt, EmptyLineGivesNoParts) {
  EXPECT_TRUE(polylines_from_wkt("LINESTRING EMPTY").empty());
  EXPECT_TRUE(polylines_from_wkt("MULTILINESTRING EMPTY").empty());
}

TEST(PolylinesFromWkt, RejectsPointWithItsText) {
  try {
    polylines_from_wkt("POINT (1 2)");
    FAIL() << "a POINT was accepted";
  } catch (const InvalidInputError& error) {
    EXPECT_NE(std::string(error.what()).find("POINT (1 2)"), std::string::npos)
        << error.what();
  }
}

TEST(PolylinesFromWkt, RejectsPolygonAndGarbage) {
  EXPECT_THROW(polylines_from_wkt("POLYGON ((0 0, 1 0, 1 1, 0 0))"),
               InvalidInputError);
  EXPECT_THROW(polylines_from_wkt("LINESTRING (0 0, 1)"), InvalidInputError);
  EXPECT_THROW(polylines_from_wkt("LINESTRING (0 0, 1 1"), InvalidInputError);
  EXPECT_THROW(polylines_from_wkt(""), InvalidInputError);
}

TEST(LineSetFromWkt, GivesOneFeaturePerString) {
  const LineSet set = line_set_from_wkt(
      {"LINESTRING (0 0, 1 0)", "MULTILINESTRING ((1 0, 2 0), (2 0, 3 0))"});
  ASSERT_EQ(set.lines.size(), 3u);
  EXPECT_EQ(set.lines[0].fid, 0);
  EXPECT_EQ(set.lines[1].fid, 1);
  EXPECT_EQ(set.lines[2].fid, 1);
  EXPECT_EQ(set.lines[2].row, 1u);
  EXPECT_EQ(set.attributes.size(), 2u);
  EXPECT_EQ(set.attributes.fids, (std::vector<std::int64_t>{0, 1}));
  EXPECT_TRUE(set.crs_wkt.empty());
  EXPECT_DOUBLE_EQ(set.total_length(), 3.0);
}

TEST(ToWkt, WritesPointAndLines) {
  EXPECT_EQ(to_wkt(Point{1.0, -2.5}), "POINT (1 -2.5)");
  Polyline line;
  line.points = {{0.0, 0.0}, {1.0, 2.0}};
  EXPECT_EQ(to_wkt(line), "LINESTRING (0 0, 1 2)");
  line.z = {10.0, 11.0};
  EXPECT_EQ(to_wkt(line), "LINESTRING Z (0 0 10, 1 2 11)");
  line.m = {0.5, 1.5};
  EXPECT_EQ(to_wkt(line), "LINESTRING ZM (0 0 10 0.5, 1 2 11 1.5)");
  line.z.clear();
  EXPECT_EQ(to_wkt(line), "LINESTRING M (0 0 0.5, 1 2 1.5)");
  EXPECT_EQ(to_wkt(Polyline{}), "LINESTRING EMPTY");
}

TEST(ToWkt, RoundTripsDoublesExactly) {
  const std::vector<double> values = {
      0.1,   1.0 / 3.0, 6513110.3,          -845.123456789012,
      1e-20, 1e200,     123456789.123456789};
  for (const double value : values) {
    Polyline line;
    line.points = {{value, -value}, {value * 2.0, 0.0}};
    line.z = {value, value};
    line.m = {value, 1.0};
    const std::string text = to_wkt(line);
    const auto parts = polylines_from_wkt(text);
    ASSERT_EQ(parts.size(), 1u) << text;
    EXPECT_EQ(parts[0], line) << text;
  }
}

TEST(ToWkt, TrimsTrailingZeros) {
  Polyline line;
  line.points = {{830476.5, 6520590.0}, {0.1, 2.0}};
  EXPECT_EQ(to_wkt(line), "LINESTRING (830476.5 6520590, 0.1 2)");
}

TEST(ProblemWkt, ChoosesTypeFromContents) {
  Problem problem;
  EXPECT_EQ(problem_wkt(problem), "GEOMETRYCOLLECTION EMPTY");

  problem.points = {{1.0, 2.0}};
  EXPECT_EQ(problem_wkt(problem), "POINT (1 2)");

  problem.points.push_back({3.0, 4.0});
  EXPECT_EQ(problem_wkt(problem), "MULTIPOINT ((1 2), (3 4))");

  Polyline line;
  line.points = {{0.0, 0.0}, {1.0, 0.0}};
  line.z = {5.0, 6.0};
  problem.lines = {line};
  EXPECT_EQ(problem_wkt(problem),
            "GEOMETRYCOLLECTION (POINT (1 2), POINT (3 4), "
            "LINESTRING (0 0, 1 0))");

  problem.points.clear();
  EXPECT_EQ(problem_wkt(problem), "LINESTRING (0 0, 1 0)");
  problem.lines.push_back(line);
  EXPECT_EQ(problem_wkt(problem), "MULTILINESTRING ((0 0, 1 0), (0 0, 1 0))");
}

TEST(PolylinesFromWkt, ParsesOnManyThreads) {
  constexpr int thread_count = 4;
  std::vector<int> failures(thread_count, 0);
  std::vector<std::thread> threads;
  for (int t = 0; t < thread_count; ++t) {
    threads.emplace_back([t, &failures] {
      for (int i = 0; i < 500; ++i) {
        const double x = t * 1000.0 + i;
        Polyline line;
        line.points = {{x, 1.0}, {x + 1.0, 2.0}};
        const auto parts = polylines_from_wkt(to_wkt(line));
        if (parts.size() != 1 || !(parts[0] == line)) {
          ++failures[t];
        }
        try {
          polylines_from_wkt("LINESTRING (broken");
          ++failures[t];
        } catch (const InvalidInputError&) {
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  for (int t = 0; t < thread_count; ++t) {
    EXPECT_EQ(failures[t], 0) << "thread " << t;
  }
}
