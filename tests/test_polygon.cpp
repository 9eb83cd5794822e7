#include "georiviere/core/polygon.hpp"

#include <cmath>

#include <gtest/gtest.h>

using namespace georiviere;

namespace {

// The square [0, 10] x [0, 10], counter-clockwise.
Polygon square() {
  return Polygon{{{0, 0}, {10, 0}, {10, 10}, {0, 10}}, {}};
}

// The same square with the hole [4, 6] x [4, 6], given clockwise.
Polygon square_with_hole() {
  Polygon polygon = square();
  polygon.holes.push_back({{4, 4}, {4, 6}, {6, 6}, {6, 4}});
  return polygon;
}

} // namespace

TEST(Polygon, AreaSubtractsHoles) {
  EXPECT_DOUBLE_EQ(square().area(), 100.0);
  EXPECT_DOUBLE_EQ(square_with_hole().area(), 96.0);
  EXPECT_DOUBLE_EQ(signed_ring_area(square().outer), 100.0);
  EXPECT_DOUBLE_EQ(signed_ring_area(square_with_hole().holes[0]), -4.0);
}

TEST(Polygon, AreaFarFromOrigin) {
  // Lambert-93 coordinates: products of raw coordinates would lose the
  // fractional square metres.
  const Polygon polygon{{{800000.5, 6500000.25},
                         {800001.5, 6500000.25},
                         {800001.5, 6500001.75},
                         {800000.5, 6500001.75}},
                        {}};
  EXPECT_DOUBLE_EQ(polygon.area(), 1.5);
}

TEST(Polygon, LocatesInsideOutsideBoundary) {
  const Polygon polygon = square();
  EXPECT_EQ(polygon.locate({5, 5}), Location::inside);
  EXPECT_EQ(polygon.locate({-1, 5}), Location::outside);
  EXPECT_EQ(polygon.locate({11, 5}), Location::outside);
  EXPECT_EQ(polygon.locate({5, 10.5}), Location::outside);
  EXPECT_EQ(polygon.locate({10, 5}), Location::boundary);
  EXPECT_EQ(polygon.locate({0, 0}), Location::boundary);
  EXPECT_EQ(polygon.locate({3, 0}), Location::boundary);
}

TEST(Polygon, ContainsExcludesBoundaryCoversIncludes) {
  const Polygon polygon = square();
  EXPECT_TRUE(polygon.contains({5, 5}));
  EXPECT_TRUE(polygon.covers({5, 5}));
  EXPECT_FALSE(polygon.contains({10, 5}));
  EXPECT_TRUE(polygon.covers({10, 5}));
  EXPECT_FALSE(polygon.covers({10.001, 5}));
}

TEST(Polygon, ToleranceWidensBoundary) {
  const Polygon polygon = square();
  EXPECT_EQ(polygon.locate({10.001, 5}), Location::outside);
  EXPECT_EQ(polygon.locate({10.001, 5}, 0.01), Location::boundary);
  EXPECT_EQ(polygon.locate({9.999, 5}, 0.01), Location::boundary);
  EXPECT_EQ(polygon.locate({9.9, 5}, 0.01), Location::inside);
}

TEST(Polygon, HoleIsOutside) {
  const Polygon polygon = square_with_hole();
  EXPECT_EQ(polygon.locate({5, 5}), Location::outside);
  EXPECT_EQ(polygon.locate({4, 5}), Location::boundary);
  EXPECT_EQ(polygon.locate({3, 5}), Location::inside);
  EXPECT_FALSE(polygon.covers({5, 5}));
}

TEST(Polygon, RayThroughVertexCountsOnce) {
  // A diamond: the ray from (-5, 0) towards +x passes through the vertices
  // (-2, 0) and (2, 0).
  const Polygon diamond{{{0, -2}, {2, 0}, {0, 2}, {-2, 0}}, {}};
  EXPECT_EQ(diamond.locate({0, 0}), Location::inside);
  EXPECT_EQ(diamond.locate({-5, 0}), Location::outside);
  EXPECT_EQ(diamond.locate({5, 0}), Location::outside);
  // The ray from (-5, 2) touches the top vertex (0, 2) only.
  EXPECT_EQ(diamond.locate({-5, 2}), Location::outside);
  EXPECT_EQ(diamond.locate({0, 2}), Location::boundary);
}

TEST(Polygon, ClockwiseRingSameAnswers) {
  const Polygon clockwise{{{0, 0}, {0, 10}, {10, 10}, {10, 0}}, {}};
  EXPECT_EQ(clockwise.locate({5, 5}), Location::inside);
  EXPECT_EQ(clockwise.locate({15, 5}), Location::outside);
  EXPECT_DOUBLE_EQ(clockwise.area(), 100.0);
}

TEST(Polygon, ConcaveNotch) {
  // A U shape: the notch [4, 6] x [5, 10] is outside.
  const Polygon u{
      {{0, 0}, {10, 0}, {10, 10}, {6, 10}, {6, 5}, {4, 5}, {4, 10}, {0, 10}},
      {}};
  EXPECT_EQ(u.locate({5, 7}), Location::outside);
  EXPECT_EQ(u.locate({5, 3}), Location::inside);
  EXPECT_EQ(u.locate({2, 7}), Location::inside);
  EXPECT_EQ(u.locate({5, 5}), Location::boundary);
  EXPECT_DOUBLE_EQ(u.area(), 90.0);
}

TEST(Polygon, BoundaryDistanceInsideAndOutside) {
  const Polygon polygon = square_with_hole();
  EXPECT_DOUBLE_EQ(polygon.boundary_distance({1, 5}), 1.0);
  EXPECT_DOUBLE_EQ(polygon.boundary_distance({5, 5}), 1.0); // to the hole
  EXPECT_DOUBLE_EQ(polygon.boundary_distance({13, 14}), 5.0);
  EXPECT_DOUBLE_EQ(polygon.distance_to({13, 14}), 5.0);
  EXPECT_DOUBLE_EQ(polygon.distance_to({1, 5}), 0.0);
  EXPECT_DOUBLE_EQ(polygon.distance_to({5, 5}), 1.0); // in the hole
}

TEST(Polygon, DegenerateRingsEncloseNothing) {
  const Polygon empty;
  EXPECT_TRUE(empty.empty());
  EXPECT_EQ(empty.locate({0, 0}), Location::outside);
  EXPECT_TRUE(std::isinf(empty.boundary_distance({0, 0})));

  const Polygon segment{{{0, 0}, {4, 0}}, {}};
  EXPECT_EQ(segment.locate({2, 0}), Location::boundary);
  EXPECT_EQ(segment.locate({2, 1}), Location::outside);
  EXPECT_DOUBLE_EQ(segment.area(), 0.0);
}

TEST(Polygon, BoundsOfOuterRing) {
  const Box box = square_with_hole().bounds();
  EXPECT_DOUBLE_EQ(box.min_x, 0.0);
  EXPECT_DOUBLE_EQ(box.min_y, 0.0);
  EXPECT_DOUBLE_EQ(box.max_x, 10.0);
  EXPECT_DOUBLE_EQ(box.max_y, 10.0);
}

TEST(MultiPolygon, LocatesOverParts) {
  MultiPolygon multi;
  multi.parts.push_back(square());
  multi.parts.push_back(Polygon{{{20, 0}, {30, 0}, {30, 10}, {20, 10}}, {}});
  EXPECT_EQ(multi.locate({5, 5}), Location::inside);
  EXPECT_EQ(multi.locate({25, 5}), Location::inside);
  EXPECT_EQ(multi.locate({15, 5}), Location::outside);
  EXPECT_EQ(multi.locate({20, 5}), Location::boundary);
  EXPECT_DOUBLE_EQ(multi.distance_to({15, 5}), 5.0);
  EXPECT_DOUBLE_EQ(multi.area(), 200.0);

  const Box box = multi.bounds();
  EXPECT_DOUBLE_EQ(box.min_x, 0.0);
  EXPECT_DOUBLE_EQ(box.max_x, 30.0);
}

TEST(MultiPolygon, SharedEdgeStaysBoundary) {
  MultiPolygon multi;
  multi.parts.push_back(square());
  multi.parts.push_back(Polygon{{{10, 0}, {20, 0}, {20, 10}, {10, 10}}, {}});
  EXPECT_EQ(multi.locate({10, 5}), Location::boundary);
  EXPECT_TRUE(multi.covers({10, 5}));
  EXPECT_FALSE(multi.contains({10, 5}));
}
