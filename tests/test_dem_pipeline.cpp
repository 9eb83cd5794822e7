#include "georiviere/raster/dem_pipeline.hpp"

#include <cmath>
#include <cstdint>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/io/raster_io.hpp"

namespace georiviere {
namespace {

// A V-shaped valley draining south: the floor is column 10, the sides rise
// 2 m per cell and the floor falls 0.5 m per row. A 3 x 3 dip in the floor
// around (8, 10) is a depression to fill. 100 m cells in UTM zone 31.
Grid<float> valley(std::size_t rows = 21, std::size_t cols = 21) {
  Grid<float> dem(rows, cols, 0.0f, -9999.0f);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double side = std::abs(static_cast<double>(c) - 10.0) * 2.0;
      const double floor = (static_cast<double>(rows) - r) * 0.5;
      dem(r, c) = static_cast<float>(100.0 + side + floor);
    }
  }
  for (std::size_t r = 7; r <= 9; ++r) {
    for (std::size_t c = 9; c <= 11; ++c) {
      dem(r, c) -= 3.0f;
    }
  }
  dem.set_transform(GeoTransform{500000.0, 100.0, 0.0, 5000000.0, 0.0, -100.0});
  dem.set_crs_wkt("EPSG:32631");
  return dem;
}

// Grids captured through the sink, for the invariant checks.
struct Captured {
  Grid<std::uint8_t> directions;
  Grid<double> upstream_area;
};

DemPipelineOptions<float> capturing_options(Captured& captured,
                                            double threshold_km2) {
  DemPipelineOptions<float> options;
  options.threshold_km2 = threshold_km2;
  options.grids.flow_directions = [&captured](const Grid<std::uint8_t>& g) {
    captured.directions = g;
  };
  options.grids.upstream_area_km2 = [&captured](const Grid<double>& g) {
    captured.upstream_area = g;
  };
  return options;
}

double cell_area_at(const DemNetworkResult& result, std::size_t row,
                    const GeoTransform& transform) {
  if (result.referencing.geographic) {
    return geographic_cell_areas_km2(transform, row + 1,
                                     result.referencing.ellipsoid)[row];
  }
  return projected_cell_area_km2(transform, result.referencing.metres_per_unit);
}

// Every valid cell reaches the grid edge or a nodata cell, never a pit.
void expect_every_cell_drains_out(const Grid<std::uint8_t>& dirs) {
  const std::size_t cells = dirs.size();
  std::vector<std::uint8_t> state(cells, 0); // 0 unknown, 1 drains out
  std::vector<std::size_t> path;
  std::size_t pits = 0;
  for (std::size_t i = 0; i < cells; ++i) {
    if (state[i] != 0 || dirs.cells()[i] == d8_nodata) {
      continue;
    }
    std::size_t cell = i;
    while (cell != detail::no_downstream && state[cell] == 0 &&
           path.size() <= cells) {
      path.push_back(cell);
      cell = detail::downstream_cell(dirs.view(), cell);
    }
    ASSERT_LE(path.size(), cells) << "cycle from cell " << i;
    const std::size_t last = path.back();
    if (cell == detail::no_downstream && dirs.cells()[last] == d8_no_flow) {
      ++pits;
    }
    for (const std::size_t visited : path) {
      state[visited] = 1;
    }
    path.clear();
  }
  EXPECT_EQ(pits, 0u) << "flow paths ending in a pit";
}

// At every cell with two or more inflows, the upstream area is the sum of
// the inflows' areas plus the cell's own area.
void expect_confluences_add_up(const DemNetworkResult& result,
                               const Captured& captured) {
  const Grid<std::uint8_t>& dirs = captured.directions;
  const Grid<double>& area = captured.upstream_area;
  std::size_t confluences = 0;
  for (std::size_t r = 0; r < dirs.rows(); ++r) {
    const double own = cell_area_at(result, r, dirs.transform());
    for (std::size_t c = 0; c < dirs.cols(); ++c) {
      if (dirs(r, c) == d8_nodata) {
        continue;
      }
      int inflows = 0;
      double sum = own;
      for (int d = 0; d < 8; ++d) {
        const auto nr = static_cast<std::ptrdiff_t>(r) + d8_row_offsets[d];
        const auto nc = static_cast<std::ptrdiff_t>(c) + d8_col_offsets[d];
        if (dirs.view().contains(nr, nc) &&
            dirs(static_cast<std::size_t>(nr), static_cast<std::size_t>(nc)) ==
                reverse_direction(d)) {
          ++inflows;
          sum +=
              area(static_cast<std::size_t>(nr), static_cast<std::size_t>(nc));
        }
      }
      if (inflows >= 2) {
        ++confluences;
        ASSERT_NEAR(area(r, c), sum, 1e-9 * sum) << "cell " << r << ", " << c;
      }
    }
  }
  EXPECT_GT(confluences, 0u);
}

double ring_area(const std::vector<Point>& ring) {
  double twice = 0.0;
  for (std::size_t i = 1; i < ring.size(); ++i) {
    twice += ring[i - 1].x * ring[i].y - ring[i].x * ring[i - 1].y;
  }
  return std::abs(twice) / 2.0;
}

double polygon_area_km2(const std::vector<PolygonRings>& parts) {
  double area = 0.0;
  for (const PolygonRings& rings : parts) {
    for (std::size_t k = 0; k < rings.size(); ++k) {
      area += (k == 0 ? 1.0 : -1.0) * ring_area(rings[k]);
    }
  }
  return area / 1e6;
}

void expect_catchments_cover_grid(const DemNetworkResult& result,
                                  bool check_polygon_areas) {
  const FeatureLayer& layer = result.catchments;
  ASSERT_GE(layer.attributes.rows.size(), result.links.links.size());
  ASSERT_EQ(layer.polygons.size(), layer.attributes.rows.size());
  double total = 0.0;
  double polygons = 0.0;
  for (std::size_t i = 0; i < layer.attributes.rows.size(); ++i) {
    total += std::get<double>(layer.attributes.rows[i][1]);
    polygons += polygon_area_km2(layer.polygons[i]);
    EXPECT_FALSE(layer.polygons[i].empty()) << "catchment " << i;
  }
  const double valid = result.summary.valid_area_km2;
  EXPECT_NEAR(total, valid, 1e-3 * valid);
  if (check_polygon_areas) {
    EXPECT_NEAR(polygons, valid, 1e-3 * valid);
  }
}

// Strahler order never decreases downstream, and link areas add up at each
// confluence: the inflowing links' downstream areas, the areas of the
// non-stream cells draining into the junction cell and the junction cell's
// own area give the upstream area of the link leaving it.
void expect_network_consistent(const DemNetworkResult& result,
                               const Captured& captured) {
  const RiverNetwork& network = result.network;
  ASSERT_EQ(network.reaches.size(), result.links.links.size());
  for (const Problem& problem : network.problems) {
    ADD_FAILURE() << "unexpected problem: " << problem.message;
  }
  for (const Reach& reach : network.reaches) {
    for (const ReachId down : network.outflows(reach.to_node)) {
      EXPECT_GE(network.reaches[down].strahler, reach.strahler)
          << "reach " << reach.id << " to " << down;
    }
    EXPECT_GT(reach.length_m, 0.0);
  }

  std::map<std::int64_t, double> inflow_area;
  for (const StreamLink& link : result.links.links) {
    if (link.downstream_link >= 0) {
      inflow_area[link.downstream_link] += link.downstream_area_km2;
    }
  }
  const std::size_t cols = result.links.cols;
  const Grid<std::uint8_t>& dirs = captured.directions;
  const Grid<double>& area = captured.upstream_area;
  for (const auto& [id, sum] : inflow_area) {
    const StreamLink& link = result.links.links[id];
    const std::size_t r = link.first_cell / cols;
    const std::size_t c = link.first_cell % cols;
    double expected = sum + cell_area_at(result, r, result.links.transform);
    for (int d = 0; d < 8; ++d) {
      const auto nr = static_cast<std::ptrdiff_t>(r) + d8_row_offsets[d];
      const auto nc = static_cast<std::ptrdiff_t>(c) + d8_col_offsets[d];
      if (!dirs.view().contains(nr, nc)) {
        continue;
      }
      const auto ur = static_cast<std::size_t>(nr);
      const auto uc = static_cast<std::size_t>(nc);
      if (dirs(ur, uc) == reverse_direction(d) &&
          !is_stream_area(area(ur, uc), result.links.threshold_km2)) {
        expected += area(ur, uc);
      }
    }
    EXPECT_NEAR(link.upstream_area_km2, expected, 1e-9 * expected)
        << "link " << id;
  }
}

void check_all_invariants(const DemNetworkResult& result,
                          const Captured& captured) {
  expect_every_cell_drains_out(captured.directions);
  expect_confluences_add_up(result, captured);
  expect_catchments_cover_grid(result, !result.referencing.needs_transform);
  expect_network_consistent(result, captured);
}

TEST(DemPipeline, ValleyGivesOneTree) {
  Captured captured;
  const DemNetworkResult result =
      derive_river_network(valley(), capturing_options(captured, 0.05));
  EXPECT_EQ(result.summary.valid_cells, 441u);
  EXPECT_NEAR(result.summary.valid_area_km2, 4.41, 1e-12);
  EXPECT_GT(result.summary.conditioned_cells, 0u);
  ASSERT_FALSE(result.network.reaches.empty());
  std::size_t outlets = 0;
  for (const Node& node : result.network.nodes) {
    outlets += node.kind == NodeKind::outlet ? 1 : 0;
  }
  EXPECT_GE(outlets, 1u);
  check_all_invariants(result, captured);
}

TEST(DemPipeline, ValleyFloorIsMainStream) {
  Captured captured;
  const DemNetworkResult result =
      derive_river_network(valley(), capturing_options(captured, 1.0));
  // Only the valley floor gathers 1 km^2 (100 cells): a single link from
  // the row where it reaches the threshold to the bottom edge.
  ASSERT_EQ(result.network.reaches.size(), 1u);
  const Reach& reach = result.network.reaches[0];
  EXPECT_EQ(reach.geometry.points.back(), (Point{501050.0, 4997950.0}));
  EXPECT_GT(result.links.links[0].upstream_area_km2, 1.0 - 1e-9);
  EXPECT_NEAR(result.links.links[0].downstream_area_km2, 4.41, 1e-9);
}

TEST(DemPipeline, GeographicDemWorksInUtm) {
  Grid<float> dem = valley();
  dem.set_transform(GeoTransform{3.0, 0.001, 0.0, 45.0, 0.0, -0.001});
  dem.set_crs_wkt("EPSG:4326");
  Captured captured;
  const DemNetworkResult result =
      derive_river_network(std::move(dem), capturing_options(captured, 0.05));
  EXPECT_TRUE(result.referencing.geographic);
  EXPECT_NE(result.referencing.working_crs_name.find("32631"),
            std::string::npos);
  const std::vector<double> rows = geographic_cell_areas_km2(
      GeoTransform{3.0, 0.001, 0.0, 45.0, 0.0, -0.001}, 21);
  double expected = 0.0;
  for (const double row : rows) {
    expected += 21 * row;
  }
  EXPECT_NEAR(result.summary.valid_area_km2, expected, 1e-9);
  check_all_invariants(result, captured);
}

TEST(DemPipeline, OutletCatchmentMatchesArea) {
  DemPipelineOptions<float> options;
  options.threshold_km2 = 0.05;
  options.snap_distance_m = 150.0;
  // Near the floor cell (15, 10), and one point far away.
  options.outlets = {{1, Point{501060.0, 4998460.0}},
                     {2, Point{400000.0, 4000000.0}}};
  const DemNetworkResult result = derive_river_network(valley(), options);
  ASSERT_EQ(result.outlets.size(), 2u);
  ASSERT_TRUE(result.outlets[0].snapped);
  EXPECT_EQ(result.outlets[0].col, 10u);
  EXPECT_FALSE(result.outlets[1].snapped);
  ASSERT_EQ(result.outlet_catchments.attributes.rows.size(), 1u);
  const double area =
      std::get<double>(result.outlet_catchments.attributes.rows[0][2]);
  EXPECT_NEAR(area, result.outlets[0].upstream_area_km2, 1e-9);
  EXPECT_NEAR(polygon_area_km2(result.outlet_catchments.polygons[0]), area,
              1e-9);
  EXPECT_EQ(result.outlet_points.points.size(), 2u);
}

TEST(DemPipeline, BreachingAlsoDrains) {
  Captured captured;
  DemPipelineOptions<float> options = capturing_options(captured, 0.05);
  options.depressions = DepressionMethod::breach;
  const DemNetworkResult result = derive_river_network(valley(), options);
  check_all_invariants(result, captured);
}

TEST(DemPipeline, BadInputThrows) {
  DemPipelineOptions<float> options;
  Grid<float> nodata = valley();
  std::fill(nodata.cells().begin(), nodata.cells().end(), -9999.0f);
  EXPECT_THROW(derive_river_network(nodata, options), InvalidInputError);

  Grid<float> no_crs = valley();
  no_crs.set_crs_wkt("");
  EXPECT_THROW(derive_river_network(no_crs, options), CrsError);
  options.crs = "EPSG:32631";
  EXPECT_NO_THROW(derive_river_network(no_crs, options));

  options.threshold_km2 = 100.0;
  EXPECT_THROW(derive_river_network(valley(), options), InvalidInputError);
  options.threshold_km2 = 0.0;
  EXPECT_THROW(derive_river_network(valley(), options), InvalidInputError);
  options.threshold_km2 = 1.0;
  options.snap_distance_m = -5.0;
  EXPECT_THROW(derive_river_network(valley(), options), InvalidInputError);
  EXPECT_THROW(derive_river_network(Grid<float>(), DemPipelineOptions<float>{}),
               InvalidInputError);
  options.snap_distance_m = 0.0;
  options.threads = 0;
  EXPECT_THROW(derive_river_network(valley(), options), InvalidInputError);
}

// ---- real data ------------------------------------------------------------

void run_real(const std::string& relative, double threshold_km2,
              const std::string& crs = "") {
  const std::filesystem::path path =
      std::filesystem::path(GEORIVIERE_SHARED_DATA) / relative;
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is absent";
  }
  Captured captured;
  DemPipelineOptions<float> options =
      capturing_options(captured, threshold_km2);
  options.crs = crs;
  const DemNetworkResult result =
      derive_river_network(read_raster<float>(path.string()), options);
  EXPECT_GT(result.network.reaches.size(), 10u);
  check_all_invariants(result, captured);
}

// The chain on 1 and 2 threads: the same grids, links and catchments.
TEST(DemPipelineRealData, TwoThreadsMatchOne) {
  const std::filesystem::path path =
      std::filesystem::path(GEORIVIERE_SHARED_DATA) /
      "raster/bigtujunga/bigtujunga.tif";
  if (!std::filesystem::exists(path)) {
    GTEST_SKIP() << path << " is absent";
  }
  const Grid<float> dem = read_raster<float>(path.string());
  Captured one_grids;
  Captured two_grids;
  DemPipelineOptions<float> options = capturing_options(one_grids, 1.0);
  const DemNetworkResult one = derive_river_network(dem, options);
  options = capturing_options(two_grids, 1.0);
  options.threads = 2;
  const DemNetworkResult two = derive_river_network(dem, options);

  EXPECT_EQ(one_grids.directions.cells(), two_grids.directions.cells());
  const std::vector<double>& area_one = one_grids.upstream_area.cells();
  const std::vector<double>& area_two = two_grids.upstream_area.cells();
  ASSERT_EQ(area_one.size(), area_two.size());
  for (std::size_t i = 0; i < area_one.size(); ++i) {
    ASSERT_TRUE(area_one[i] == area_two[i] ||
                (std::isnan(area_one[i]) && std::isnan(area_two[i])))
        << "cell " << i;
  }
  ASSERT_EQ(one.links.links.size(), two.links.links.size());
  for (std::size_t i = 0; i < one.links.links.size(); ++i) {
    EXPECT_EQ(one.links.links[i].first_cell, two.links.links[i].first_cell);
    EXPECT_EQ(one.links.links[i].downstream_area_km2,
              two.links.links[i].downstream_area_km2);
  }
  EXPECT_EQ(one.catchments.attributes.rows, two.catchments.attributes.rows);
}

TEST(DemPipelineRealData, BigTujunga) {
  run_real("raster/bigtujunga/bigtujunga.tif", 1.0);
}

TEST(DemPipelineRealData, WhiteboxWithCrsOption) {
  run_real("raster/whitebox/DEM.tif", 2.0, "EPSG:26917");
}

TEST(DemPipelineRealData, PyshedsGeographic) {
  run_real("raster/pysheds/dem.tif", 1.0);
}

TEST(DemPipelineRealData, RhineGeographic) {
  run_real("raster/rhine/rhine_elv0.tif", 500.0);
}

} // namespace
} // namespace georiviere
