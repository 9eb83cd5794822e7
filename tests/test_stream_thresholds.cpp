// Stream thresholds by location: StreamThreshold boxes in streams.hpp and
// DemPipelineOptions::threshold_boxes in dem_pipeline.hpp.
#include <cmath>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/raster/dem_pipeline.hpp"
#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/streams.hpp"

namespace georiviere {
namespace {

constexpr std::uint8_t east = 0;
constexpr std::uint8_t south = 2;
constexpr std::uint8_t west = 4;

// Two valleys of 5 rows x 3 columns side by side, 100 m cells (0.01 km2)
// with the origin at (0, 500). Columns 1 and 4 are the floors, flowing
// south off the grid; the side columns drain into them. The floor cell of
// row r gathers 3 (r + 1) cells, 0.03 (r + 1) km2. Valley A spans x 0 to
// 300, valley B x 300 to 600.
Grid<std::uint8_t> two_valleys() {
  Grid<std::uint8_t> dirs(5, 6, 0, d8_nodata);
  for (std::size_t r = 0; r < 5; ++r) {
    dirs(r, 0) = east;
    dirs(r, 1) = south;
    dirs(r, 2) = west;
    dirs(r, 3) = east;
    dirs(r, 4) = south;
    dirs(r, 5) = west;
  }
  dirs.set_transform(GeoTransform{0.0, 100.0, 0.0, 500.0, 0.0, -100.0});
  return dirs;
}

constexpr ThresholdBox valley_b_box{300.0, 0.0, 600.0, 500.0, 0.05};

struct Streams {
  Grid<std::uint8_t> dirs = two_valleys();
  Grid<double> area = upstream_area_km2(dirs.view(), 0.01);

  // Stream cells per column, from stream_cells().
  std::vector<int> by_column(const StreamThreshold& threshold) const {
    const Grid<std::uint8_t> cells = stream_cells(area.view(), threshold);
    std::vector<int> counts(6, 0);
    for (std::size_t r = 0; r < 5; ++r) {
      for (std::size_t c = 0; c < 6; ++c) {
        counts[c] += cells(r, c);
      }
    }
    return counts;
  }

  StreamLinks links(const StreamThreshold& threshold) const {
    return extract_stream_links(dirs.view(), area.view(), area.view(),
                                threshold);
  }
};

TEST(StreamThreshold, UsesFirstBoxContainingCentre) {
  const GeoTransform transform{0.0, 100.0, 0.0, 500.0, 0.0, -100.0};
  const StreamThreshold threshold{
      1.0, {valley_b_box, ThresholdBox{0.0, 0.0, 600.0, 500.0, 0.5}}};
  EXPECT_DOUBLE_EQ(threshold.at(transform, 0, 4), 0.05); // centre (450, 450)
  EXPECT_DOUBLE_EQ(threshold.at(transform, 0, 1), 0.5);  // centre (150, 450)
  EXPECT_DOUBLE_EQ(threshold.at(transform, 9, 1), 1.0);  // centre (150, -450)
  EXPECT_DOUBLE_EQ(threshold.smallest(), 0.05);
  const StreamThreshold uniform{2.0, {}};
  EXPECT_DOUBLE_EQ(uniform.at(transform, 0, 0), 2.0);
}

TEST(StreamThreshold, WithoutBoxesEveryValleyUsesTheDefault) {
  const Streams streams;
  // 0.03 (r + 1) >= 0.1 from row 3: two floor cells in each valley.
  EXPECT_EQ(streams.by_column(StreamThreshold{0.1, {}}),
            (std::vector<int>{0, 2, 0, 0, 2, 0}));
  const StreamLinks links = streams.links(StreamThreshold{0.1, {}});
  EXPECT_EQ(links.stream_cell_count, 4u);
  ASSERT_EQ(links.links.size(), 2u);
  EXPECT_DOUBLE_EQ(links.threshold_km2, 0.1);
}

TEST(StreamThreshold, DoubleOverloadsMatchAThresholdWithoutBoxes) {
  const Streams streams;
  const Grid<std::uint8_t> cells = stream_cells(streams.area.view(), 0.1);
  const Grid<std::uint8_t> same =
      stream_cells(streams.area.view(), StreamThreshold{0.1, {}});
  EXPECT_EQ(
      std::vector<std::uint8_t>(cells.cells().begin(), cells.cells().end()),
      std::vector<std::uint8_t>(same.cells().begin(), same.cells().end()));
  const StreamLinks links = extract_stream_links(
      streams.dirs.view(), streams.area.view(), streams.area.view(), 0.1);
  EXPECT_EQ(links.stream_cell_count, 4u);
}

TEST(StreamThreshold, ALowerBoxThresholdAddsStreamsInItsValleyOnly) {
  const Streams streams;
  // Valley B: 0.03 (r + 1) >= 0.05 from row 1, four floor cells.
  const StreamThreshold threshold{0.1, {valley_b_box}};
  EXPECT_EQ(streams.by_column(threshold), (std::vector<int>{0, 2, 0, 0, 4, 0}));
  const StreamLinks links = streams.links(threshold);
  EXPECT_EQ(links.stream_cell_count, 6u);
  ASSERT_EQ(links.links.size(), 2u);
  // Links in row-major order of their first cell: B starts at row 1.
  EXPECT_EQ(links.links[0].first_cell, 1u * 6 + 4);
  EXPECT_EQ(links.links[0].cell_count, 4u);
  EXPECT_EQ(links.links[1].first_cell, 3u * 6 + 1);
  EXPECT_EQ(links.links[1].cell_count, 2u);
}

TEST(StreamThreshold, AHighDefaultLeavesStreamsOnlyInTheBox) {
  const Streams streams;
  const StreamThreshold threshold{1.0, {valley_b_box}};
  EXPECT_EQ(streams.by_column(threshold), (std::vector<int>{0, 0, 0, 0, 4, 0}));
  EXPECT_EQ(streams.links(threshold).stream_cell_count, 4u);
}

TEST(StreamThreshold, AStreamLeavingItsBoxEndsAtTheLastStreamCell) {
  const Streams streams;
  // Rows 0 to 2 of valley A (centres y 450 to 250) at 0.05 km2: rows 1 and
  // 2 (0.06, 0.09 km2) are stream cells, row 3 (0.12 km2) is below the
  // default of 0.2 and row 4 (0.15 km2) too.
  const StreamThreshold threshold{
      0.2, {ThresholdBox{0.0, 200.0, 300.0, 500.0, 0.05}}};
  EXPECT_EQ(streams.by_column(threshold), (std::vector<int>{0, 2, 0, 0, 0, 0}));
  const StreamLinks links = streams.links(threshold);
  EXPECT_EQ(links.stream_cell_count, 2u);
  ASSERT_EQ(links.links.size(), 1u);
  EXPECT_EQ(links.links[0].first_cell, 1u * 6 + 1);
  EXPECT_EQ(links.links[0].last_cell, 2u * 6 + 1);
  EXPECT_EQ(links.links[0].cell_count, 2u);
  EXPECT_EQ(links.links[0].end, LinkEnd::outlet);
  EXPECT_FALSE(links.links[0].ends_at_junction);
}

TEST(StreamThreshold, AStreamStartsAgainBelowAGap) {
  const Streams streams;
  // Default 0.14 km2: row 4 of each valley (0.15 km2). Box over rows 1 and
  // 2 of valley A at 0.05 km2 makes rows 1 and 2 stream cells, and row 3
  // (0.12 km2, outside the box) is not, so valley A has two links.
  const StreamThreshold threshold{
      0.14, {ThresholdBox{0.0, 200.0, 300.0, 400.0, 0.05}}};
  EXPECT_EQ(streams.by_column(threshold), (std::vector<int>{0, 3, 0, 0, 1, 0}));
  const StreamLinks links = streams.links(threshold);
  EXPECT_EQ(links.stream_cell_count, 4u);
  ASSERT_EQ(links.links.size(), 3u);
  EXPECT_EQ(links.links[0].first_cell, 1u * 6 + 1);
  EXPECT_EQ(links.links[0].cell_count, 2u);
  EXPECT_EQ(links.links[1].first_cell, 4u * 6 + 1);
  EXPECT_EQ(links.links[1].cell_count, 1u);
  EXPECT_EQ(links.links[2].first_cell, 4u * 6 + 4);
}

TEST(StreamThreshold, RejectsInvalidBoxes) {
  const Streams streams;
  EXPECT_THROW(streams.links(StreamThreshold{
                   0.1, {ThresholdBox{0.0, 0.0, 100.0, 100.0, 0.0}}}),
               InvalidInputError);
  EXPECT_THROW(streams.links(StreamThreshold{
                   0.1, {ThresholdBox{100.0, 0.0, 0.0, 100.0, 0.5}}}),
               InvalidInputError);
}

// Two V-shaped valleys draining south, floors at columns 3 and 11 of 15,
// 100 m cells in UTM zone 31; the sides rise 2 m per cell.
Grid<float> two_valley_dem() {
  const std::size_t rows = 15;
  const std::size_t cols = 15;
  Grid<float> dem(rows, cols, 0.0f, -9999.0f);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double floor_col = c <= 7 ? 3.0 : 11.0;
      const double side = std::abs(static_cast<double>(c) - floor_col) * 2.0;
      const double fall = static_cast<double>(rows - r) * 0.5;
      dem(r, c) = static_cast<float>(100.0 + side + fall);
    }
  }
  dem.set_transform(GeoTransform{500000.0, 100.0, 0.0, 5001500.0, 0.0, -100.0});
  dem.set_crs_wkt("EPSG:32631");
  return dem;
}

// Stream cells per column, from the captured upstream area grid.
std::vector<int> stream_columns(const DemPipelineOptions<float>& options) {
  DemPipelineOptions<float> capturing = options;
  Grid<std::uint8_t> cells;
  capturing.grids.upstream_area_km2 = [&](const Grid<double>& area) {
    cells =
        stream_cells(area.view(), StreamThreshold{capturing.threshold_km2,
                                                  capturing.threshold_boxes});
  };
  const DemNetworkResult result =
      derive_river_network(two_valley_dem(), capturing);
  std::vector<int> counts(cells.cols(), 0);
  std::size_t total = 0;
  for (std::size_t r = 0; r < cells.rows(); ++r) {
    for (std::size_t c = 0; c < cells.cols(); ++c) {
      counts[c] += cells(r, c) == 1 ? 1 : 0;
      total += cells(r, c) == 1 ? 1 : 0;
    }
  }
  EXPECT_EQ(total, result.summary.stream_cells);
  return counts;
}

TEST(DemPipelineThresholdBoxes, ABoxGivesStreamsInOneValleyOnly) {
  DemPipelineOptions<float> options;
  // Each floor cell gathers at most 15 rows x 8 columns = 1.2 km2, so a
  // default of 5 km2 gives no stream anywhere without the box.
  options.threshold_km2 = 5.0;
  options.threshold_boxes = {
      ThresholdBox{500800.0, 5000000.0, 501500.0, 5001500.0, 0.1}};
  const std::vector<int> counts = stream_columns(options);
  int west_valley = 0;
  int east_valley = 0;
  for (std::size_t c = 0; c < counts.size(); ++c) {
    (c <= 7 ? west_valley : east_valley) += counts[c];
  }
  EXPECT_EQ(west_valley, 0);
  EXPECT_GT(east_valley, 0);
  EXPECT_GT(counts[11], 0);
}

TEST(DemPipelineThresholdBoxes, WithoutBoxesBothValleysHaveStreams) {
  DemPipelineOptions<float> options;
  options.threshold_km2 = 0.1;
  const std::vector<int> counts = stream_columns(options);
  EXPECT_GT(counts[3], 0);
  EXPECT_GT(counts[11], 0);
}

TEST(DemPipelineThresholdBoxes, ThrowsWhenNoCellReachesItsThreshold) {
  DemPipelineOptions<float> options;
  options.threshold_km2 = 5.0;
  // The lower threshold lies outside the grid.
  options.threshold_boxes = {ThresholdBox{0.0, 0.0, 100.0, 100.0, 0.1}};
  EXPECT_THROW(derive_river_network(two_valley_dem(), options),
               InvalidInputError);
  options.threshold_boxes.clear();
  EXPECT_THROW(derive_river_network(two_valley_dem(), options),
               InvalidInputError);
}

} // namespace
} // namespace georiviere
