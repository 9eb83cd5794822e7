#include "georiviere/raster/streams.hpp"

#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/raster/flow_accumulation.hpp"

namespace georiviere {
namespace {

// 1 km cells, so each cell has 1 km^2.
GeoTransform kilometre_cells() {
  return GeoTransform{500000.0, 1000.0, 0.0, 5000000.0, 0.0, -1000.0};
}

Grid<std::uint8_t> directions_of(std::size_t rows, std::size_t cols,
                                 std::vector<std::uint8_t> codes) {
  Grid<std::uint8_t> grid(rows, cols, std::move(codes), d8_nodata);
  grid.set_transform(kilometre_cells());
  return grid;
}

// Five cells drain into the centre (1, 1), which drains south to (2, 1),
// which also receives (2, 0) and (2, 2) and flows off the bottom edge:
//   SE  S SW        areas  1 1 1
//    E  S  W               1 6 1
//    E  S  W               1 9 1
Grid<std::uint8_t> star_directions() {
  return directions_of(3, 3, {1, 2, 3, 0, 2, 4, 0, 2, 4});
}

Grid<float> star_dem() {
  Grid<float> dem(3, 3, std::vector<float>{9, 9, 9, 8, 5, 8, 7, 2, 7});
  dem.set_transform(kilometre_cells());
  return dem;
}

const StreamLink& link_from(const StreamLinks& links, std::size_t cell) {
  const auto found = std::find_if(
      links.links.begin(), links.links.end(),
      [cell](const StreamLink& l) { return l.first_cell == cell; });
  EXPECT_NE(found, links.links.end()) << "no link starts at cell " << cell;
  return *found;
}

TEST(Streams, StreamCellsFollowThreshold) {
  const Grid<std::uint8_t> dirs = star_directions();
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<std::uint8_t> streams = stream_cells(area.view(), 6.0);
  const std::vector<std::uint8_t> expected = {0, 0, 0, 0, 1, 0, 0, 1, 0};
  EXPECT_EQ(streams.cells(), expected);
}

TEST(Streams, SingleLinkAboveHighThreshold) {
  const Grid<std::uint8_t> dirs = star_directions();
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem = star_dem();
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 2.0);
  ASSERT_EQ(links.links.size(), 1u);
  const StreamLink& link = links.links[0];
  EXPECT_EQ(link.first_cell, 4u);
  EXPECT_EQ(link.last_cell, 7u);
  EXPECT_EQ(link.cell_count, 2u);
  EXPECT_EQ(link.end, LinkEnd::outlet);
  EXPECT_FALSE(link.ends_at_junction);
  EXPECT_EQ(link.downstream_link, -1);
  EXPECT_DOUBLE_EQ(link.upstream_area_km2, 6.0);
  EXPECT_DOUBLE_EQ(link.downstream_area_km2, 9.0);
  EXPECT_DOUBLE_EQ(link.upstream_elevation, 5.0);
  EXPECT_DOUBLE_EQ(link.downstream_elevation, 2.0);
  EXPECT_EQ(links.stream_cell_count, 2u);
}

TEST(Streams, ConfluenceCellIsOneNode) {
  const Grid<std::uint8_t> dirs = star_directions();
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem = star_dem();
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);

  // Seven heads, one link from the centre confluence, none from the
  // bottom confluence, which is an outlet.
  ASSERT_EQ(links.links.size(), 8u);
  const StreamLink& centre = link_from(links, 4);
  int into_centre = 0;
  for (const StreamLink& link : links.links) {
    EXPECT_GE(link.cell_count, 2u) << "link " << link.id;
    if (link.last_cell == 4) {
      ++into_centre;
      EXPECT_EQ(link.end, LinkEnd::confluence);
      EXPECT_EQ(link.downstream_link, centre.id);
      EXPECT_DOUBLE_EQ(link.downstream_area_km2, 1.0);
    }
  }
  EXPECT_EQ(into_centre, 5);
  EXPECT_EQ(centre.last_cell, 7u);
  EXPECT_EQ(centre.end, LinkEnd::outlet);
  EXPECT_TRUE(centre.ends_at_junction);
  // At a junction the downstream area is taken just above the junction
  // cell: 5 inflows of 1 km^2 plus the centre cell.
  EXPECT_DOUBLE_EQ(centre.upstream_area_km2, 6.0);
  EXPECT_DOUBLE_EQ(centre.downstream_area_km2, 6.0);
}

TEST(Streams, LinksNumberedInRowMajorOrder) {
  const Grid<std::uint8_t> dirs = star_directions();
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem = star_dem();
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  const std::vector<std::size_t> expected_first = {0, 1, 2, 3, 4, 5, 6, 8};
  ASSERT_EQ(links.links.size(), expected_first.size());
  for (std::size_t i = 0; i < expected_first.size(); ++i) {
    EXPECT_EQ(links.links[i].id, static_cast<std::int64_t>(i));
    EXPECT_EQ(links.links[i].first_cell, expected_first[i]);
  }
}

TEST(Streams, WalkVisitsLinkCells) {
  const Grid<std::uint8_t> dirs =
      directions_of(1, 4, {0, 0, 0, 0}); // flows east off the grid
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 4, std::vector<float>{4, 3, 2, 1});
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  ASSERT_EQ(links.links.size(), 1u);
  std::vector<std::size_t> cells;
  for_each_link_cell(links.links[0], dirs.view(),
                     [&](std::size_t cell) { cells.push_back(cell); });
  EXPECT_EQ(cells, (std::vector<std::size_t>{0, 1, 2, 3}));
}

TEST(Streams, HeadAtOutletGivesOneCellLink) {
  const Grid<std::uint8_t> dirs = directions_of(1, 1, {d8_east});
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 1, 1.0f);
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 0.5);
  ASSERT_EQ(links.links.size(), 1u);
  EXPECT_EQ(links.links[0].cell_count, 1u);
  EXPECT_EQ(links.links[0].end, LinkEnd::outlet);
}

TEST(Streams, HeadAtPitIsDropped) {
  const Grid<std::uint8_t> dirs = directions_of(1, 2, {d8_east, d8_no_flow});
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 2, std::vector<float>{2, 1});

  const StreamLinks only_pit =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.5);
  EXPECT_TRUE(only_pit.links.empty());
  EXPECT_EQ(only_pit.dropped_pit_heads, 1u);

  const StreamLinks both =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  ASSERT_EQ(both.links.size(), 1u);
  EXPECT_EQ(both.links[0].end, LinkEnd::pit);
  EXPECT_EQ(both.dropped_pit_heads, 0u);
}

TEST(Streams, NodataCellsAreNeverStreams) {
  const Grid<std::uint8_t> dirs =
      directions_of(1, 3, {d8_east, d8_east, d8_nodata});
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 3, std::vector<float>{2, 1, -9999});
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  ASSERT_EQ(links.links.size(), 1u);
  EXPECT_EQ(links.links[0].last_cell, 1u);
  EXPECT_EQ(links.links[0].end, LinkEnd::outlet);
  EXPECT_EQ(links.stream_cell_count, 2u);
}

TEST(Streams, InvalidThresholdThrows) {
  const Grid<std::uint8_t> dirs = star_directions();
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem = star_dem();
  EXPECT_THROW(extract_stream_links(dirs.view(), area.view(), dem.view(), 0.0),
               InvalidInputError);
  EXPECT_THROW(extract_stream_links(dirs.view(), area.view(), dem.view(), -1.0),
               InvalidInputError);
  const Grid<float> small(2, 2, 0.0f);
  EXPECT_THROW(
      extract_stream_links(dirs.view(), area.view(), small.view(), 1.0),
      InvalidInputError);
}

} // namespace
} // namespace georiviere
