#include "georiviere/raster/catchments.hpp"

#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/streams.hpp"

namespace georiviere {
namespace {

GeoTransform kilometre_cells() {
  return GeoTransform{500000.0, 1000.0, 0.0, 5000000.0, 0.0, -1000.0};
}

// The first three columns drain into (1, 1), then (2, 1) and off the
// bottom edge; the last column flows east off the grid. Areas in km^2:
//   1 1 1 1
//   1 6 1 1
//   1 9 1 1
struct Basin {
  Grid<std::uint8_t> dirs;
  Grid<double> area;
  Grid<float> dem;

  Basin()
      : dirs(3, 4,
             std::vector<std::uint8_t>{1, 2, 3, 0, 0, 2, 4, 0, 0, 2, 4, 0},
             d8_nodata),
        dem(3, 4, 1.0f) {
    dirs.set_transform(kilometre_cells());
    dem.set_transform(kilometre_cells());
    area = upstream_area_km2(dirs.view(), 1.0);
  }

  StreamLinks links(double threshold_km2) const {
    return extract_stream_links(dirs.view(), area.view(), dem.view(),
                                threshold_km2);
  }
};

RowCellSizes kilometre_sizes(std::size_t rows) {
  return RowCellSizes{std::vector<double>(rows, 1000.0),
                      std::vector<double>(rows, 1000.0)};
}

TEST(Catchments, CellsWithoutStreamGetOwnLabel) {
  const Basin basin;
  const StreamLinks links = basin.links(2.0);
  ASSERT_EQ(links.links.size(), 1u);
  const Grid<std::uint32_t> labels =
      label_link_catchments(basin.dirs.view(), links);
  const std::vector<std::uint32_t> expected = {1, 1, 1, 2, 1, 1,
                                               1, 2, 1, 1, 1, 2};
  EXPECT_EQ(labels.cells(), expected);
  EXPECT_EQ(no_stream_label(links), 2u);
}

TEST(Catchments, ConfluenceCellBelongsDownstream) {
  const Basin basin;
  const StreamLinks links = basin.links(1.0);
  // Links from the heads (0,0) (0,1) (0,2) (1,0) (1,2) (2,0) (2,2), from
  // the centre confluence, and one-cell links in the last column.
  const Grid<std::uint32_t> labels =
      label_link_catchments(basin.dirs.view(), links);
  const std::uint32_t centre_label = labels(1, 1);
  std::int64_t centre_link = -1;
  for (const StreamLink& link : links.links) {
    if (link.first_cell == 5) {
      centre_link = link.id;
    }
  }
  ASSERT_GE(centre_link, 0);
  EXPECT_EQ(centre_label, static_cast<std::uint32_t>(centre_link + 1));
  // The outlet confluence (2, 1) starts no link; the link from the centre
  // reaches it first.
  EXPECT_EQ(labels(2, 1), centre_label);
  for (const std::uint32_t label : labels.cells()) {
    EXPECT_GE(label, 1u);
    EXPECT_LE(label, links.links.size());
  }
}

TEST(Catchments, LabelAreasAddUp) {
  const Basin basin;
  const StreamLinks links = basin.links(2.0);
  const Grid<std::uint32_t> labels =
      label_link_catchments(basin.dirs.view(), links);
  GridCellAreas areas;
  areas.uniform_km2 = 1.0;
  const std::vector<double> totals = label_areas_km2(labels.view(), 2, areas);
  ASSERT_EQ(totals.size(), 3u);
  EXPECT_DOUBLE_EQ(totals[0], 0.0);
  EXPECT_DOUBLE_EQ(totals[1], 9.0);
  EXPECT_DOUBLE_EQ(totals[2], 3.0);

  GridCellAreas by_row;
  by_row.row_km2 = {1.0, 2.0, 3.0};
  const std::vector<double> weighted =
      label_areas_km2(labels.view(), 2, by_row);
  EXPECT_DOUBLE_EQ(weighted[1], 3.0 * 1 + 3.0 * 2 + 3.0 * 3);
  EXPECT_DOUBLE_EQ(weighted[2], 1.0 + 2.0 + 3.0);
}

TEST(Catchments, NodataCellsGetZero) {
  Grid<std::uint8_t> dirs(1, 3, std::vector<std::uint8_t>{0, 0, d8_nodata},
                          d8_nodata);
  dirs.set_transform(kilometre_cells());
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 3, 1.0f);
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 2.0);
  const Grid<std::uint32_t> labels = label_link_catchments(dirs.view(), links);
  EXPECT_EQ(labels.cells(), (std::vector<std::uint32_t>{1, 1, 0}));
}

TEST(Catchments, SnapPicksLargestArea) {
  const Basin basin;
  // The centre of cell (0, 0).
  const std::vector<OutletPoint> points = {{7, Point{500500.0, 4999500.0}}};
  const RowCellSizes sizes = kilometre_sizes(3);

  const std::vector<SnappedOutlet> near =
      snap_outlets(points, basin.area.view(), 2.0, sizes, 1500.0);
  ASSERT_EQ(near.size(), 1u);
  EXPECT_TRUE(near[0].snapped);
  EXPECT_EQ(near[0].fid, 7);
  EXPECT_EQ(near[0].row, 1u);
  EXPECT_EQ(near[0].col, 1u);
  EXPECT_NEAR(near[0].distance_m, 1000.0 * std::sqrt(2.0), 1e-9);
  EXPECT_DOUBLE_EQ(near[0].upstream_area_km2, 6.0);

  const std::vector<SnappedOutlet> far =
      snap_outlets(points, basin.area.view(), 2.0, sizes, 3000.0);
  EXPECT_TRUE(far[0].snapped);
  EXPECT_EQ(far[0].row, 2u);
  EXPECT_EQ(far[0].col, 1u);
  EXPECT_DOUBLE_EQ(far[0].upstream_area_km2, 9.0);
}

TEST(Catchments, SnapReportsDistantPoints) {
  const Basin basin;
  const std::vector<OutletPoint> points = {{1, Point{500500.0, 4999500.0}},
                                           {2, Point{-1e6, 0.0}}};
  const std::vector<SnappedOutlet> snapped =
      snap_outlets(points, basin.area.view(), 2.0, kilometre_sizes(3), 100.0);
  ASSERT_EQ(snapped.size(), 2u);
  EXPECT_FALSE(snapped[0].snapped);
  EXPECT_FALSE(snapped[1].snapped);
  EXPECT_THROW(
      snap_outlets(points, basin.area.view(), 2.0, kilometre_sizes(3), -1.0),
      InvalidInputError);
}

TEST(Catchments, PointOnStreamCellSnapsWithZeroDistance) {
  const Basin basin;
  // Inside cell (1, 1) but 300 m from its centre.
  const std::vector<OutletPoint> points = {{1, Point{501800.0, 4998500.0}}};
  const std::vector<SnappedOutlet> snapped =
      snap_outlets(points, basin.area.view(), 2.0, kilometre_sizes(3), 0.0);
  ASSERT_TRUE(snapped[0].snapped);
  EXPECT_EQ(snapped[0].row, 1u);
  EXPECT_EQ(snapped[0].col, 1u);
  EXPECT_DOUBLE_EQ(snapped[0].distance_m, 300.0);
}

SnappedOutlet outlet_at(std::size_t row, std::size_t col) {
  SnappedOutlet outlet;
  outlet.snapped = true;
  outlet.row = row;
  outlet.col = col;
  return outlet;
}

TEST(Catchments, NestedOutletsDoNotOverlap) {
  const Basin basin;
  const std::vector<SnappedOutlet> outlets = {outlet_at(1, 1), outlet_at(2, 1)};
  Grid<std::uint32_t> labels;
  const OutletCatchmentInfo info =
      label_outlet_catchments(basin.dirs.view(), outlets, labels);
  const std::vector<std::uint32_t> expected = {1, 1, 1, 0, 1, 1,
                                               1, 0, 2, 2, 2, 0};
  EXPECT_EQ(labels.cells(), expected);
  EXPECT_EQ(info.catchment_of, (std::vector<std::int64_t>{0, 1}));
  EXPECT_EQ(info.downstream_outlet, (std::vector<std::int64_t>{1, -1}));
}

TEST(Catchments, OutletsOnSameCellShareCatchment) {
  const Basin basin;
  SnappedOutlet unsnapped;
  const std::vector<SnappedOutlet> outlets = {outlet_at(2, 1), outlet_at(2, 1),
                                              unsnapped};
  Grid<std::uint32_t> labels;
  const OutletCatchmentInfo info =
      label_outlet_catchments(basin.dirs.view(), outlets, labels);
  EXPECT_EQ(info.catchment_of, (std::vector<std::int64_t>{0, 0, -1}));
  EXPECT_EQ(labels(0, 0), 1u);
  EXPECT_EQ(labels(0, 3), 0u);
}

} // namespace
} // namespace georiviere
