// Points and sub-lines of a polyline at measures along it.
#include "georiviere/detail/line_measures.hpp"

#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace georiviere {
namespace {

// East 100 m, then north 100 m, with Z falling from 30 to 10.
Polyline bent_line() {
  Polyline line;
  line.points = {{0, 0}, {100, 0}, {100, 100}};
  line.z = {30, 20, 10};
  return line;
}

TEST(LineMeasures, PointAtMeasureInterpolates) {
  const Polyline line = bent_line();
  EXPECT_EQ(detail::point_at_measure(line, 50), (Point{50, 0}));
  EXPECT_EQ(detail::point_at_measure(line, 100), (Point{100, 0}));
  EXPECT_EQ(detail::point_at_measure(line, 150), (Point{100, 50}));
}

TEST(LineMeasures, PointAtMeasureClamped) {
  const Polyline line = bent_line();
  EXPECT_EQ(detail::point_at_measure(line, -10), (Point{0, 0}));
  EXPECT_EQ(detail::point_at_measure(line, 500), (Point{100, 100}));
  EXPECT_EQ(detail::point_at_measure(Polyline{}, 5), (Point{0, 0}));
}

TEST(LineMeasures, SubLineAcrossVertex) {
  const Polyline part = detail::sub_line(bent_line(), 50, 150);
  EXPECT_EQ(part.points, (std::vector<Point>{{50, 0}, {100, 0}, {100, 50}}));
  EXPECT_EQ(part.z, (std::vector<double>{25, 20, 15}));
  EXPECT_DOUBLE_EQ(part.length(), 100.0);
}

TEST(LineMeasures, SubLineWithinSegment) {
  const Polyline part = detail::sub_line(bent_line(), 10, 20);
  EXPECT_EQ(part.points, (std::vector<Point>{{10, 0}, {20, 0}}));
}

TEST(LineMeasures, SubLineEndingAtVertex) {
  const Polyline part = detail::sub_line(bent_line(), 0, 100);
  EXPECT_EQ(part.points, (std::vector<Point>{{0, 0}, {100, 0}}));
  EXPECT_EQ(part.z, (std::vector<double>{30, 20}));
}

TEST(LineMeasures, SubLineOfZeroLength) {
  const Polyline part = detail::sub_line(bent_line(), 60, 60);
  EXPECT_EQ(part.points, (std::vector<Point>{{60, 0}, {60, 0}}));
  EXPECT_EQ(part.z.size(), 2u);
}

TEST(LineMeasures, SubLineClampedToLine) {
  const Polyline part = detail::sub_line(bent_line(), -50, 500);
  EXPECT_EQ(part.points, bent_line().points);
}

TEST(LineMeasures, VertexMeasuresSummed) {
  EXPECT_EQ(detail::vertex_measures(bent_line()),
            (std::vector<double>{0, 100, 200}));
  EXPECT_TRUE(detail::vertex_measures(Polyline{}).empty());
}

TEST(LineMeasures, SubLineWithMeasuresSame) {
  // The binary search over vertex measures gives the same cuts as the scan.
  const Polyline line = bent_line();
  const std::vector<double> measures = detail::vertex_measures(line);
  for (const auto& [from, to] :
       std::vector<std::pair<double, double>>{{0, 200},
                                              {50, 150},
                                              {100, 100},
                                              {100, 200},
                                              {150, 200},
                                              {200, 200},
                                              {-5, 20},
                                              {190, 500}}) {
    const Polyline scanned = detail::sub_line(line, from, to);
    const Polyline searched = detail::sub_line(line, from, to, measures);
    EXPECT_EQ(searched.points, scanned.points) << from << " " << to;
    EXPECT_EQ(searched.z, scanned.z) << from << " " << to;
  }
}

} // namespace
} // namespace georiviere
