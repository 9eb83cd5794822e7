#include "georiviere/raster/polygonize.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>
#include <tuple>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/core/polygon.hpp"
#include "georiviere/io/dem_output.hpp"

namespace georiviere {
namespace {

// Unit cells with the top-left corner at (0, rows): corner (x, y) of the
// lattice is the map point (x, rows - y).
Grid<std::uint32_t> labels_of(std::size_t rows, std::size_t cols,
                              std::vector<std::uint32_t> cells) {
  Grid<std::uint32_t> grid(rows, cols, std::move(cells));
  grid.set_transform(
      GeoTransform{0.0, 1.0, 0.0, static_cast<double>(rows), 0.0, -1.0});
  return grid;
}

const LabelPolygons* find_label(const std::vector<LabelPolygons>& found,
                                std::uint32_t label) {
  for (const LabelPolygons& entry : found) {
    if (entry.label == label) {
      return &entry;
    }
  }
  return nullptr;
}

// A part as (exterior area, sorted hole areas), all positive.
using PartShape = std::tuple<double, std::vector<double>>;

std::vector<PartShape> shapes_of(const LabelPolygons& entry) {
  std::vector<PartShape> shapes;
  for (const PolygonRings& part : entry.parts) {
    std::vector<double> holes;
    for (std::size_t i = 1; i < part.size(); ++i) {
      holes.push_back(std::abs(signed_ring_area(part[i])));
    }
    std::sort(holes.begin(), holes.end());
    shapes.emplace_back(std::abs(signed_ring_area(part[0])), holes);
  }
  std::sort(shapes.begin(), shapes.end());
  return shapes;
}

TEST(TraceLabelPolygons, OneCellGivesACounterclockwiseSquare) {
  const Grid<std::uint32_t> grid = labels_of(1, 1, {7});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].label, 7u);
  ASSERT_EQ(found[0].parts.size(), 1u);
  ASSERT_EQ(found[0].parts[0].size(), 1u);
  const std::vector<Point>& ring = found[0].parts[0][0];
  ASSERT_EQ(ring.size(), 5u);
  EXPECT_EQ(ring.front(), ring.back());
  EXPECT_DOUBLE_EQ(signed_ring_area(ring), 1.0);
  for (const Point& corner :
       {Point{0, 0}, Point{1, 0}, Point{1, 1}, Point{0, 1}}) {
    EXPECT_NE(std::find(ring.begin(), ring.end(), corner), ring.end())
        << corner.x << " " << corner.y;
  }
}

TEST(TraceLabelPolygons, KeepsOnlyTheCornersOfStraightRuns) {
  // A 2 x 3 block of label 1 next to label 2: 4 corners each.
  const Grid<std::uint32_t> grid = labels_of(2, 4, {1, 1, 1, 2, 1, 1, 1, 2});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].parts[0][0].size(), 5u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][0]), 6.0);
  EXPECT_EQ(found[1].parts[0][0].size(), 5u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[1].parts[0][0]), 2.0);
}

TEST(TraceLabelPolygons, EnclosedLabelIsAClockwiseHole) {
  const Grid<std::uint32_t> grid = labels_of(3, 3, {1, 1, 1, 1, 2, 1, 1, 1, 1});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 2u);
  ASSERT_EQ(found[0].parts.size(), 1u);
  ASSERT_EQ(found[0].parts[0].size(), 2u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][0]), 9.0);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][1]), -1.0);
  ASSERT_EQ(found[1].parts.size(), 1u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[1].parts[0][0]), 1.0);
}

TEST(TraceLabelPolygons, CellsTouchingByACornerFormOnePart) {
  const Grid<std::uint32_t> grid = labels_of(2, 2, {1, 0, 0, 1});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 1u);
  ASSERT_EQ(found[0].parts.size(), 1u);
  ASSERT_EQ(found[0].parts[0].size(), 1u);
  const std::vector<Point>& ring = found[0].parts[0][0];
  // Eight corners, the shared one twice, and the closing point.
  EXPECT_EQ(ring.size(), 9u);
  EXPECT_EQ(std::count(ring.begin(), ring.end(), Point{1, 1}), 2);
  EXPECT_DOUBLE_EQ(signed_ring_area(ring), 2.0);
}

TEST(TraceLabelPolygons, HolesTouchingByACornerAreTwoRings) {
  const Grid<std::uint32_t> grid =
      labels_of(4, 4, {1, 1, 1, 1, 1, 2, 1, 1, 1, 1, 2, 1, 1, 1, 1, 1});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 2u);
  ASSERT_EQ(found[0].parts.size(), 1u);
  ASSERT_EQ(found[0].parts[0].size(), 3u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][1]), -1.0);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][2]), -1.0);
  ASSERT_EQ(found[1].parts.size(), 1u);
  EXPECT_EQ(found[1].parts[0].size(), 1u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[1].parts[0][0]), 2.0);
}

TEST(TraceLabelPolygons, HolesGoToTheInnermostPartAroundThem) {
  // Label 1: a frame, a moat of 0, and an inner block with a hole of 0.
  const Grid<std::uint32_t> grid =
      labels_of(7, 7, {1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 0, 0, 0, 1, 1, 0, 1,
                       1, 1, 0, 1, 1, 0, 1, 0, 1, 0, 1, 1, 0, 1, 1, 1, 0,
                       1, 1, 0, 0, 0, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 1u);
  const std::vector<PartShape> expected{
      {9.0, {1.0}},
      {49.0, {25.0}},
  };
  EXPECT_EQ(shapes_of(found[0]), expected);
  for (const PolygonRings& part : found[0].parts) {
    EXPECT_GT(signed_ring_area(part[0]), 0.0);
    EXPECT_LT(signed_ring_area(part[1]), 0.0);
  }
}

TEST(TraceLabelPolygons, SeparatePartsKeepTheirOwnHoles) {
  // Two blocks of label 1 side by side, each around a cell of label 2.
  const Grid<std::uint32_t> grid = labels_of(
      3, 7, {1, 1, 1, 0, 1, 1, 1, 1, 2, 1, 0, 1, 2, 1, 1, 1, 1, 0, 1, 1, 1});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  const LabelPolygons* one = find_label(found, 1);
  ASSERT_NE(one, nullptr);
  const std::vector<PartShape> expected{{9.0, {1.0}}, {9.0, {1.0}}};
  EXPECT_EQ(shapes_of(*one), expected);
  for (const PolygonRings& part : one->parts) {
    // Each hole lies within its own part's columns.
    const double hole_x = part[1][0].x;
    const double min_x =
        std::min_element(part[0].begin(), part[0].end(), [](Point a, Point b) {
          return a.x < b.x;
        })->x;
    EXPECT_GT(hole_x, min_x);
    EXPECT_LT(hole_x, min_x + 3.0);
  }
  const LabelPolygons* two = find_label(found, 2);
  ASSERT_NE(two, nullptr);
  EXPECT_EQ(two->parts.size(), 2u);
}

TEST(TraceLabelPolygons, ExteriorsStayCounterclockwiseWhenRowsGoUp) {
  Grid<std::uint32_t> grid(2, 2, std::vector<std::uint32_t>{1, 1, 0, 1});
  grid.set_transform(GeoTransform{10.0, 2.0, 0.0, 20.0, 0.0, 3.0});
  const std::vector<LabelPolygons> found = trace_label_polygons(grid.view());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][0]), 18.0);
  const std::vector<Point>& ring = found[0].parts[0][0];
  EXPECT_NE(std::find(ring.begin(), ring.end(), Point{14.0, 26.0}), ring.end());
}

TEST(TraceLabelPolygons, ReadsAStridedView) {
  // The third column of each row lies outside the view.
  std::vector<std::uint32_t> cells{1, 2, 9, 1, 1, 9};
  GridView<const std::uint32_t> view(cells.data(), 2, 2, 3, std::nullopt,
                                     GeoTransform{0, 1, 0, 2, 0, -1});
  const std::vector<LabelPolygons> found = trace_label_polygons(view);
  ASSERT_EQ(found.size(), 2u);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[0].parts[0][0]), 3.0);
  EXPECT_DOUBLE_EQ(signed_ring_area(found[1].parts[0][0]), 1.0);
}

TEST(TraceLabelPolygons, EmptyAndZeroGridsGiveNothing) {
  EXPECT_TRUE(trace_label_polygons(Grid<std::uint32_t>().view()).empty());
  const Grid<std::uint32_t> zeros = labels_of(2, 2, {0, 0, 0, 0});
  EXPECT_TRUE(trace_label_polygons(zeros.view()).empty());
}

TEST(TraceLabelPolygons, StopsWhenProgressCancels) {
  const Grid<std::uint32_t> grid = labels_of(2, 2, {1, 2, 3, 4});
  EXPECT_THROW(trace_label_polygons(
                   grid.view(), [](std::string_view, double) { return false; }),
               CancelledError);
}

// The tracer and GDALPolygonize agree on every label of random grids: the
// same number of parts with the same exterior and hole areas.
TEST(TraceLabelPolygons, AgreesWithGdalOnRandomGrids) {
  std::mt19937 random(12345);
  GridReferencing referencing;
  for (int round = 0; round < 60; ++round) {
    const std::size_t rows = 3 + random() % 60;
    const std::size_t cols = 3 + random() % 60;
    const std::uint32_t labels = 1 + random() % 4;
    std::vector<std::uint32_t> cells(rows * cols);
    for (std::uint32_t& cell : cells) {
      cell = random() % (labels + 1);
    }
    if (round % 2 == 1) {
      // Label 1 on 55% of the cells: one large part whose holes hold
      // islands of label 1, which have holes of their own.
      for (std::uint32_t& cell : cells) {
        cell = random() % 100 < 55 ? 1 : 0;
      }
    }
    const Grid<std::uint32_t> grid = labels_of(rows, cols, cells);
    const std::vector<LabelPolygons> ours =
        polygonize_labels(grid.view(), referencing);
    const std::vector<LabelPolygons> gdal =
        polygonize_labels_with_gdal(grid.view(), referencing);
    ASSERT_EQ(ours.size(), gdal.size()) << "round " << round;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      EXPECT_EQ(ours[i].label, gdal[i].label);
      EXPECT_EQ(shapes_of(ours[i]), shapes_of(gdal[i]))
          << "round " << round << ", label " << ours[i].label;
      for (const PolygonRings& part : ours[i].parts) {
        EXPECT_GT(signed_ring_area(part[0]), 0.0);
        for (std::size_t h = 1; h < part.size(); ++h) {
          EXPECT_LT(signed_ring_area(part[h]), 0.0);
        }
      }
    }
  }
}

} // namespace
} // namespace georiviere
