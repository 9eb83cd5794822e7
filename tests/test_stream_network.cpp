#include "georiviere/raster/stream_network.hpp"

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/streams.hpp"

namespace georiviere {
namespace {

GeoTransform kilometre_cells() {
  return GeoTransform{500000.0, 1000.0, 0.0, 5000000.0, 0.0, -1000.0};
}

// Five cells drain into the centre (1, 1), which drains south to (2, 1),
// the outlet; (2, 0) and (2, 2) drain into (2, 1) too.
struct Star {
  Grid<std::uint8_t> dirs;
  Grid<double> area;
  Grid<float> dem;

  Star()
      : dirs(3, 3, std::vector<std::uint8_t>{1, 2, 3, 0, 2, 4, 0, 2, 4},
             d8_nodata),
        dem(3, 3, std::vector<float>{9, 9, 9, 8, 5, 8, 7, 2, 7}) {
    dirs.set_transform(kilometre_cells());
    dem.set_transform(kilometre_cells());
    area = upstream_area_km2(dirs.view(), 1.0);
  }

  StreamLinks links(double threshold_km2) const {
    return extract_stream_links(dirs.view(), area.view(), dem.view(),
                                threshold_km2);
  }
};

GridReferencing utm31(std::size_t rows, std::size_t cols) {
  return describe_grid_referencing("EPSG:32631", kilometre_cells(), rows, cols);
}

double field(const RiverNetwork& network, const Reach& reach,
             const std::string& name) {
  const int index = network.attributes.field_index(name);
  EXPECT_GE(index, 0) << "missing field " << name;
  const FieldValue& value =
      network.attributes
          .rows[reach.source_rows.at(0)][static_cast<std::size_t>(index)];
  if (const auto* real = std::get_if<double>(&value)) {
    return *real;
  }
  if (const auto* integer = std::get_if<std::int64_t>(&value)) {
    return static_cast<double>(*integer);
  }
  return std::nan("");
}

TEST(StreamNetwork, ProjectedGridKeepsItsCrs) {
  const GridReferencing referencing = utm31(3, 3);
  EXPECT_FALSE(referencing.geographic);
  EXPECT_FALSE(referencing.needs_transform);
  EXPECT_EQ(referencing.working_crs_wkt, referencing.grid_crs_wkt);
  EXPECT_DOUBLE_EQ(referencing.metres_per_unit, 1.0);
}

TEST(StreamNetwork, GeographicGridGoesToUtm) {
  // Centre near 2.5 E, 45.5 N: UTM zone 31 north.
  const GeoTransform degrees{2.0, 0.01, 0.0, 46.0, 0.0, -0.01};
  const GridReferencing referencing =
      describe_grid_referencing("EPSG:4326", degrees, 100, 100);
  EXPECT_TRUE(referencing.geographic);
  EXPECT_TRUE(referencing.needs_transform);
  EXPECT_NE(referencing.working_crs_name.find("32631"), std::string::npos)
      << referencing.working_crs_name;
  EXPECT_DOUBLE_EQ(referencing.ellipsoid.semi_major_axis_m, 6378137.0);

  std::vector<double> x{3.0};
  std::vector<double> y{0.0};
  transform_to_working_crs(referencing, x, y);
  EXPECT_NEAR(x[0], 500000.0, 1e-6); // central meridian of zone 31
  EXPECT_NEAR(y[0], 0.0, 1e-6);
}

TEST(StreamNetwork, MissingCrsThrows) {
  EXPECT_THROW(describe_grid_referencing("", kilometre_cells(), 3, 3),
               CrsError);
  EXPECT_THROW(
      describe_grid_referencing("EPSG:999999", kilometre_cells(), 3, 3),
      CrsError);
}

TEST(StreamNetwork, ReachesFollowCellCentres) {
  const Star star;
  const RiverNetwork network =
      build_stream_network(star.links(2.0), star.dirs.view(), utm31(3, 3));
  ASSERT_EQ(network.reaches.size(), 1u);
  const Reach& reach = network.reaches[0];
  ASSERT_EQ(reach.geometry.size(), 2u);
  EXPECT_EQ(reach.geometry.points[0], (Point{501500.0, 4998500.0}));
  EXPECT_EQ(reach.geometry.points[1], (Point{501500.0, 4997500.0}));
  EXPECT_DOUBLE_EQ(reach.length_m, 1000.0);
  EXPECT_EQ(network.nodes.size(), 2u);
  EXPECT_EQ(network.nodes[reach.from_node].kind, NodeKind::source);
  EXPECT_EQ(network.nodes[reach.to_node].kind, NodeKind::outlet);
}

TEST(StreamNetwork, AttributesFollowStreamNet) {
  const Star star;
  const RiverNetwork network =
      build_stream_network(star.links(2.0), star.dirs.view(), utm31(3, 3));
  ASSERT_EQ(network.reaches.size(), 1u);
  const Reach& reach = network.reaches[0];
  EXPECT_DOUBLE_EQ(field(network, reach, "link_id"), 0.0);
  EXPECT_TRUE(std::isnan(field(network, reach, "downstream_link_id")));
  EXPECT_DOUBLE_EQ(field(network, reach, "us_area_km2"), 6.0);
  EXPECT_DOUBLE_EQ(field(network, reach, "ds_area_km2"), 9.0);
  EXPECT_DOUBLE_EQ(field(network, reach, "drop_m"), 3.0);
  EXPECT_DOUBLE_EQ(field(network, reach, "slope"), 0.003);
  EXPECT_EQ(reach.strahler, 1);
}

TEST(StreamNetwork, FiveStreamsShareOneConfluence) {
  const Star star;
  const RiverNetwork network =
      build_stream_network(star.links(1.0), star.dirs.view(), utm31(3, 3));
  // Seven heads, the centre confluence and the outlet.
  ASSERT_EQ(network.reaches.size(), 8u);
  EXPECT_EQ(network.nodes.size(), 9u);
  for (const Reach& reach : network.reaches) {
    EXPECT_GT(reach.length_m, 0.0) << "reach " << reach.id;
  }
  const NodeId centre = network.reaches[4].from_node;
  EXPECT_EQ(network.nodes[centre].position, (Point{501500.0, 4998500.0}));
  EXPECT_EQ(network.nodes[centre].in_degree, 5u);
  EXPECT_EQ(network.nodes[centre].kind, NodeKind::confluence);
  EXPECT_EQ(network.reaches[4].strahler, 2);
  EXPECT_EQ(network.reaches[0].strahler, 1);
  EXPECT_EQ(network.reaches[4].shreve, 5);
  EXPECT_TRUE(network.problems.empty());
}

TEST(StreamNetwork, OneCellLinkEndsAtCellEdge) {
  Grid<std::uint8_t> dirs(1, 1, std::uint8_t{d8_south_east}, d8_nodata);
  dirs.set_transform(kilometre_cells());
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 1, 1.0f);
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  const RiverNetwork network =
      build_stream_network(links, dirs.view(), utm31(1, 1));
  ASSERT_EQ(network.reaches.size(), 1u);
  const Reach& reach = network.reaches[0];
  ASSERT_EQ(reach.geometry.size(), 2u);
  EXPECT_EQ(reach.geometry.points[1], (Point{501000.0, 4999000.0}));
  EXPECT_NEAR(reach.length_m, 500.0 * std::sqrt(2.0), 1e-9);
  EXPECT_NE(reach.from_node, reach.to_node);
}

TEST(StreamNetwork, SeparateBasinsAreNotProblems) {
  // Two columns flowing south off the grid, apart from each other.
  Grid<std::uint8_t> dirs(2, 3, std::vector<std::uint8_t>{2, 2, 2, 2, 2, 2},
                          d8_nodata);
  dirs.set_transform(kilometre_cells());
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(2, 3, std::vector<float>{2, 2, 2, 1, 1, 1});
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  const RiverNetwork network =
      build_stream_network(links, dirs.view(), utm31(2, 3));
  EXPECT_EQ(network.reaches.size(), 3u);
  EXPECT_TRUE(network.problems.empty());
}

TEST(StreamNetwork, GeographicLengthsInMetres) {
  // Two cells of 0.01 degree flowing east at 45 N: the centres are
  // 788 m apart: N(45) cos(45) times 0.01 degree on WGS 84, times the
  // UTM scale factor of about 0.9997 there.
  const GeoTransform degrees{2.0, 0.01, 0.0, 45.005, 0.0, -0.01};
  Grid<std::uint8_t> dirs(1, 2, std::vector<std::uint8_t>{0, 0}, d8_nodata);
  dirs.set_transform(degrees);
  const Grid<double> area = upstream_area_km2(dirs.view(), 1.0);
  const Grid<float> dem(1, 2, std::vector<float>{2, 1});
  const StreamLinks links =
      extract_stream_links(dirs.view(), area.view(), dem.view(), 1.0);
  const GridReferencing referencing =
      describe_grid_referencing("EPSG:4326", degrees, 1, 2);
  const RiverNetwork network =
      build_stream_network(links, dirs.view(), referencing);
  ASSERT_EQ(network.reaches.size(), 1u);
  EXPECT_NEAR(network.reaches[0].length_m, 788.2, 1.0);
  EXPECT_EQ(network.crs_wkt, referencing.working_crs_wkt);
}

} // namespace
} // namespace georiviere
