#include "georiviere/raster/catchments.hpp"

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/raster/fill_depressions.hpp"
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

// A rough DEM with nodata cells, filled so that every cell drains out, with
// more rows than three chunks of the threaded row loop.
struct RoughBasin {
  Grid<float> dem;
  Grid<std::uint8_t> dirs;
  Grid<double> area;
  StreamLinks links;

  RoughBasin() : dem(3 * detail::rows_per_chunk + 11, 41, 0.0f, -9999.0f) {
    dem.set_transform(GeoTransform{0.0, 100.0, 0.0, 0.0, 0.0, -100.0});
    std::uint32_t state = 4242;
    for (std::size_t i = 0; i < dem.size(); ++i) {
      state = state * 1664525u + 1013904223u;
      dem.cells()[i] =
          i % 61 == 5 ? -9999.0f : static_cast<float>(state >> 22) * 0.1f;
    }
    fill_depressions(dem, FillMode::epsilon);
    dirs = d8_flow_directions(dem.view());
    area = upstream_area_km2(dirs.view(), 0.01);
    links = extract_stream_links(dirs.view(), area.view(), dem.view(), 0.2);
  }
};

TEST(Catchments, ThreadCountsGiveSameLinkLabels) {
  const RoughBasin basin;
  ASSERT_GT(basin.links.links.size(), 10u);
  const Grid<std::uint32_t> one =
      label_link_catchments(basin.dirs.view(), basin.links, {}, 1);
  for (const int threads : {2, 3}) {
    const Grid<std::uint32_t> many =
        label_link_catchments(basin.dirs.view(), basin.links, {}, threads);
    EXPECT_EQ(one.cells(), many.cells()) << threads << " threads";
  }
  // Off the streams, each valid cell carries the label of the cell it
  // drains to.
  std::vector<bool> on_stream(one.size(), false);
  for (const StreamLink& link : basin.links.links) {
    for_each_link_cell(link, basin.dirs.view(),
                       [&](std::size_t cell) { on_stream[cell] = true; });
  }
  for (std::size_t cell = 0; cell < one.size(); ++cell) {
    const std::size_t below = detail::downstream_cell(basin.dirs.view(), cell);
    if (on_stream[cell] || below == detail::no_downstream) {
      continue;
    }
    ASSERT_EQ(one.cells()[cell], one.cells()[below]) << "cell " << cell;
  }
}

TEST(Catchments, ThreadCountsGiveSameOutletLabels) {
  const RoughBasin basin;
  std::vector<SnappedOutlet> outlets;
  for (const StreamLink& link : basin.links.links) {
    if (outlets.size() < 6) {
      const std::size_t cols = basin.dirs.cols();
      outlets.push_back(
          outlet_at(link.first_cell / cols, link.first_cell % cols));
    }
  }
  Grid<std::uint32_t> one;
  const OutletCatchmentInfo info_one =
      label_outlet_catchments(basin.dirs.view(), outlets, one, {}, 1);
  Grid<std::uint32_t> two;
  const OutletCatchmentInfo info_two =
      label_outlet_catchments(basin.dirs.view(), outlets, two, {}, 2);
  EXPECT_EQ(one.cells(), two.cells());
  EXPECT_EQ(info_one.downstream_outlet, info_two.downstream_outlet);
  EXPECT_GT(std::count_if(one.cells().begin(), one.cells().end(),
                          [](std::uint32_t label) { return label != 0; }),
            6);
}

TEST(Catchments, ZeroThreadsIsInvalid) {
  const Basin basin;
  EXPECT_THROW(
      label_link_catchments(basin.dirs.view(), basin.links(1.5), {}, 0),
      InvalidInputError);
}

TEST(Catchments, CycleInDirectionsIsInvalid) {
  // Cells 0 and 1 drain into each other; cell 2 drains off the east edge.
  Grid<std::uint8_t> dirs(1, 3, std::vector<std::uint8_t>{0, 4, 0}, d8_nodata);
  StreamLinks links;
  links.rows = 1;
  links.cols = 3;
  for (const int threads : {1, 2}) {
    Grid<std::uint32_t> labels;
    try {
      label_link_catchments(dirs.view(), links, labels, {}, threads);
      ADD_FAILURE() << "no error on " << threads << " threads";
    } catch (const InvalidInputError& error) {
      EXPECT_NE(std::string(error.what()).find("cycle"), std::string::npos);
    }
    const std::vector<SnappedOutlet> outlets = {outlet_at(0, 2)};
    EXPECT_THROW(
        label_outlet_catchments(dirs.view(), outlets, labels, {}, threads),
        InvalidInputError);
  }
}

} // namespace
} // namespace georiviere
