#include "georiviere/referencing/profile.hpp"

#include <cmath>
#include <filesystem>
#include <limits>
#include <optional>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"
#include "georiviere/io/raster_io.hpp"
#include "georiviere/io/vector_reader.hpp"
#include "georiviere/network_builder.hpp"
#include "georiviere/raster/grid.hpp"
#include "referencing_fixtures.hpp"

using namespace georiviere;
namespace fs = std::filesystem;

namespace {

// "Main" runs south along x = 0 from its source at y = 4000 (measure 0) to
// the outlet at y = 0 (measure 4000), through reaches 0 (measures 0 to
// 1000), 1 (1000 to 3000) and 2 (3000 to 4000).
struct MainRiver {
  RiverNetwork network = georiviere::testing::named_network();
  std::vector<River> rivers = list_rivers(network);
  const River& main = find_river(rivers, "Main");
};

// Elevation rising northwards, 1 m every 10 m: 400 m at the source of
// "Main", 0 m at its mouth.
std::optional<double> tilted(const Point& point) {
  return point.y / 10.0;
}

ProfileOptions step(double step_m, double window_m = 0.0) {
  ProfileOptions options;
  options.step_m = step_m;
  options.smoothing_window_m = window_m;
  return options;
}

fs::path scratch_directory(const std::string& name) {
  const fs::path path =
      fs::path(GEORIVIERE_BINARY_DIR) / "profile_scratch" / name;
  fs::remove_all(path);
  fs::create_directories(path);
  return path;
}

} // namespace

TEST(RiverProfile, SamplesStepsAndReachEnds) {
  const MainRiver river;
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, tilted, step(300.0));
  // Every 300 m from 0 to 3900, plus the reach ends 1000 and 4000; 3000 is
  // both.
  const std::vector<double> expected{0,    300,  600,  900,  1000, 1200,
                                     1500, 1800, 2100, 2400, 2700, 3000,
                                     3300, 3600, 3900, 4000};
  EXPECT_EQ(profile.measure_m, expected);
  ASSERT_EQ(profile.size(), expected.size());
  ASSERT_EQ(profile.reach.size(), expected.size());
  EXPECT_EQ(profile.reach[3], 0);  // 900
  EXPECT_EQ(profile.reach[4], 1);  // 1000, the start of reach 1
  EXPECT_EQ(profile.reach[11], 2); // 3000, the start of reach 2
  EXPECT_EQ(profile.reach[15], 2); // the mouth
  for (std::size_t i = 0; i < profile.size(); ++i) {
    EXPECT_DOUBLE_EQ(profile.points[i].x, 0.0) << i;
    EXPECT_DOUBLE_EQ(profile.points[i].y, 4000.0 - expected[i]) << i;
    EXPECT_DOUBLE_EQ(profile.z[i], (4000.0 - expected[i]) / 10.0) << i;
  }
  EXPECT_EQ(profile.main_stem_id, 2);
  EXPECT_EQ(profile.name, "Main");
  EXPECT_DOUBLE_EQ(profile.length_m, 4000.0);
  EXPECT_TRUE(profile.gaps.empty());
  EXPECT_FALSE(profile.smoothed());
}

TEST(RiverProfile, WholeSummaryOfTiltedPlane) {
  const MainRiver river;
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, tilted, step(300.0));
  const ProfileSummary summary = summarize_profile(profile);
  EXPECT_DOUBLE_EQ(summary.start_z, 400.0);
  EXPECT_DOUBLE_EQ(summary.end_z, 0.0);
  EXPECT_DOUBLE_EQ(summary.drop_m, 400.0);
  EXPECT_DOUBLE_EQ(summary.drop_m, profile.z.front() - profile.z.back());
  EXPECT_DOUBLE_EQ(summary.mean_slope, 0.1);
  EXPECT_DOUBLE_EQ(summary.min_z, 0.0);
  EXPECT_DOUBLE_EQ(summary.max_z, 400.0);
  EXPECT_DOUBLE_EQ(summary.ascent_m, 0.0);
  EXPECT_NEAR(summary.descent_m, 400.0, 1e-9);
  EXPECT_EQ(summary.sample_count, 16u);
  EXPECT_EQ(summary.nodata_count, 0u);
}

TEST(RiverProfile, ReachSummariesSplitDrop) {
  const MainRiver river;
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, tilted, step(300.0));
  const std::vector<ProfileSummary> reaches = summarize_reaches(profile);
  ASSERT_EQ(reaches.size(), 3u);
  EXPECT_DOUBLE_EQ(reaches[0].drop_m, 100.0);
  EXPECT_DOUBLE_EQ(reaches[1].drop_m, 200.0);
  EXPECT_DOUBLE_EQ(reaches[2].drop_m, 100.0);
  EXPECT_DOUBLE_EQ(reaches[1].start_m, 1000.0);
  EXPECT_DOUBLE_EQ(reaches[1].end_m, 3000.0);
  EXPECT_DOUBLE_EQ(reaches[1].start_z, 300.0);
  EXPECT_DOUBLE_EQ(reaches[1].end_z, 100.0);
  EXPECT_DOUBLE_EQ(reaches[1].mean_slope, 0.1);
  // 1000, 1200, ..., 2700, 3000.
  EXPECT_EQ(reaches[1].sample_count, 8u);
}

TEST(RiverProfile, IntervalEndsAreInterpolated) {
  const MainRiver river;
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, tilted, step(300.0));
  const std::vector<ProfileSummary> summaries =
      summarize_intervals(profile, {{50.0, 250.0}, {2000.0, 2000.0}});
  ASSERT_EQ(summaries.size(), 2u);
  EXPECT_DOUBLE_EQ(summaries[0].start_z, 395.0);
  EXPECT_DOUBLE_EQ(summaries[0].end_z, 375.0);
  EXPECT_DOUBLE_EQ(summaries[0].drop_m, 20.0);
  EXPECT_EQ(summaries[0].sample_count, 2u);
  // A zero-length interval has one value and no slope.
  EXPECT_DOUBLE_EQ(summaries[1].start_z, 200.0);
  EXPECT_DOUBLE_EQ(summaries[1].drop_m, 0.0);
  EXPECT_TRUE(std::isnan(summaries[1].mean_slope));
  EXPECT_EQ(summaries[1].sample_count, 1u);
}

TEST(RiverProfile, NodataRunsBecomeGaps) {
  const MainRiver river;
  // No value for 1500 < y < 2200, that is measures 1800 < m < 2500.
  auto holed = [](const Point& point) -> std::optional<double> {
    if (point.y > 1500.0 && point.y < 2200.0) {
      return std::nullopt;
    }
    return point.y / 10.0;
  };
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, holed, step(300.0));
  ASSERT_EQ(profile.gaps.size(), 1u);
  EXPECT_DOUBLE_EQ(profile.gaps[0].start_m, 2100.0);
  EXPECT_DOUBLE_EQ(profile.gaps[0].end_m, 2400.0);
  EXPECT_EQ(profile.gaps[0].sample_count, 2u);
  EXPECT_TRUE(std::isnan(profile.z[8]));
  EXPECT_TRUE(std::isnan(profile.z[9]));

  // The summary bridges the gap: descent still equals the drop.
  const ProfileSummary summary = summarize_profile(profile);
  EXPECT_EQ(summary.nodata_count, 2u);
  EXPECT_DOUBLE_EQ(summary.drop_m, 400.0);
  EXPECT_NEAR(summary.descent_m, 400.0, 1e-9);
  // An interval ending inside the gap has no end value.
  const ProfileSummary partial =
      summarize_profile(profile, MeasureInterval{1000.0, 2200.0});
  EXPECT_TRUE(std::isnan(partial.end_z));
  EXPECT_TRUE(std::isnan(partial.drop_m));
  EXPECT_DOUBLE_EQ(partial.min_z, 220.0); // the sample at 1800
}

TEST(RiverProfile, ElevationPresenceAndNoValueError) {
  const MainRiver river;
  auto nowhere = [](const Point&) -> std::optional<double> {
    return std::nullopt;
  };
  const LongitudinalProfile empty =
      river_profile(river.network, river.main, nowhere, step(300.0));
  EXPECT_FALSE(empty.has_elevation());
  ASSERT_EQ(empty.gaps.size(), 1u);
  EXPECT_EQ(empty.gaps[0].sample_count, empty.size());

  auto one_value = [](const Point& point) -> std::optional<double> {
    if (point.y == 0.0) {
      return 0.0;
    }
    return std::nullopt;
  };
  EXPECT_TRUE(river_profile(river.network, river.main, one_value, step(300.0))
                  .has_elevation());

  try {
    throw_no_elevation("far.tif", 3);
    FAIL() << "no exception";
  } catch (const InvalidInputError& error) {
    const std::string message = error.what();
    EXPECT_NE(message.find("far.tif"), std::string::npos) << message;
    EXPECT_NE(message.find("3 rivers"), std::string::npos) << message;
    EXPECT_NE(message.find("does not overlap"), std::string::npos) << message;
  }
}

TEST(RiverProfile, AscentAndDescentMatchDrop) {
  const MainRiver river;
  // A bumpy bed: the tilted plane plus a 7 m wave of 350 m wavelength.
  auto bumpy = [](const Point& point) -> std::optional<double> {
    return point.y / 10.0 + 7.0 * std::sin(point.y / 350.0 * 6.283185307);
  };
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, bumpy, step(25.0));
  const ProfileSummary summary = summarize_profile(profile);
  EXPECT_GT(summary.ascent_m, 0.0);
  EXPECT_NEAR(summary.descent_m - summary.ascent_m, summary.drop_m, 1e-9);
  EXPECT_DOUBLE_EQ(summary.drop_m, profile.z.front() - profile.z.back());
  EXPECT_LE(summary.min_z, profile.z.back());
  for (const ProfileSummary& reach : summarize_reaches(profile)) {
    EXPECT_NEAR(reach.descent_m - reach.ascent_m, reach.drop_m, 1e-9);
  }
}

TEST(ReachProfile, SmoothingAveragesWindow) {
  const MainRiver river;
  // Reach 4 runs south from (5000, 0) to (5000, -500): measure m is at
  // y = -m. The elevation alternates 10, 12, 10, ... every 100 m.
  auto zigzag = [](const Point& point) -> std::optional<double> {
    const long index = std::lround(-point.y / 100.0);
    return index % 2 == 0 ? 10.0 : 12.0;
  };
  const LongitudinalProfile profile =
      reach_profile(river.network, 4, zigzag, step(100.0, 200.0));
  ASSERT_EQ(profile.size(), 6u);
  ASSERT_TRUE(profile.smoothed());
  EXPECT_EQ(profile.main_stem_id, no_id);
  EXPECT_EQ(profile.name, "Trib");
  // The window of 200 m contains each sample and its two neighbours.
  EXPECT_DOUBLE_EQ(profile.smoothed_z[0], 11.0);
  EXPECT_DOUBLE_EQ(profile.smoothed_z[1], 32.0 / 3.0);
  EXPECT_DOUBLE_EQ(profile.smoothed_z[2], 34.0 / 3.0);
  EXPECT_DOUBLE_EQ(profile.smoothed_z[5], 11.0);

  const ProfileSummary raw = summarize_profile(profile);
  const ProfileSummary smooth =
      summarize_profile(profile, ProfileValues::smoothed);
  EXPECT_DOUBLE_EQ(raw.ascent_m, 6.0);
  EXPECT_LT(smooth.ascent_m, raw.ascent_m);
  EXPECT_NEAR(smooth.descent_m - smooth.ascent_m, smooth.drop_m, 1e-12);
}

TEST(ReachProfile, SmoothingKeepsGaps) {
  const MainRiver river;
  auto holed = [](const Point& point) -> std::optional<double> {
    if (point.y == -200.0) {
      return std::nullopt;
    }
    return 10.0;
  };
  const LongitudinalProfile profile =
      reach_profile(river.network, 4, holed, step(100.0, 400.0));
  ASSERT_EQ(profile.size(), 6u);
  EXPECT_TRUE(std::isnan(profile.smoothed_z[2]));
  EXPECT_DOUBLE_EQ(profile.smoothed_z[1], 10.0);
  EXPECT_DOUBLE_EQ(profile.smoothed_z[3], 10.0);
}

TEST(RiverProfile, RejectsBadOptionsAndIntervals) {
  const MainRiver river;
  EXPECT_THROW(river_profile(river.network, river.main, tilted, step(0.0)),
               InvalidInputError);
  EXPECT_THROW(river_profile(river.network, river.main, tilted,
                             step(std::numeric_limits<double>::quiet_NaN())),
               InvalidInputError);
  EXPECT_THROW(
      river_profile(river.network, river.main, tilted, step(10.0, -1.0)),
      InvalidInputError);
  ProfileOptions tiny = step(0.001);
  tiny.max_samples = 1000;
  EXPECT_THROW(river_profile(river.network, river.main, tilted, tiny),
               InvalidInputError);
  EXPECT_THROW(reach_profile(river.network, 99, tilted, step(10.0)),
               InvalidInputError);

  const LongitudinalProfile profile =
      river_profile(river.network, river.main, tilted, step(300.0));
  EXPECT_THROW(summarize_profile(profile, MeasureInterval{-10.0, 100.0}),
               InvalidInputError);
  EXPECT_THROW(summarize_profile(profile, MeasureInterval{300.0, 100.0}),
               InvalidInputError);
  EXPECT_THROW(summarize_profile(profile, MeasureInterval{0.0, 4001.0}),
               InvalidInputError);
  EXPECT_THROW(summarize_profile(profile, ProfileValues::smoothed),
               InvalidInputError);
}

TEST(RiverProfile, BilinearPlaneFromGeoTiff) {
  // 10 m cells over x in [-50, 50], y in [-100, 4100], holding the plane
  // z = 100 + 0.01 x + 0.05 y at the cell centres, which bilinear
  // interpolation reproduces between centres. One cell, centred on
  // (5, 2005), is nodata.
  const std::size_t rows = 420;
  const std::size_t cols = 10;
  const double nodata = -9999.0;
  Grid<double> grid(rows, cols, 0.0, nodata);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      const double x = -45.0 + 10.0 * static_cast<double>(c);
      const double y = 4095.0 - 10.0 * static_cast<double>(r);
      grid(r, c) = 100.0 + 0.01 * x + 0.05 * y;
    }
  }
  grid(209, 5) = nodata; // y = 4095 - 2090 = 2005, x = 5
  grid.set_transform(GeoTransform{-50.0, 10.0, 0.0, 4100.0, 0.0, -10.0});
  grid.set_crs_wkt("EPSG:2154");
  const std::string path = (scratch_directory("plane") / "dem.tif").string();
  write_raster(grid, path);

  const MainRiver river;
  const RasterSampler dem(path);
  const LongitudinalProfile profile =
      river_profile(river.network, river.main, dem);
  EXPECT_DOUBLE_EQ(profile.step_m, 10.0);
  ASSERT_EQ(profile.size(), 401u);
  for (std::size_t i = 0; i < profile.size(); ++i) {
    if (std::isnan(profile.z[i])) {
      continue;
    }
    const double y = 4000.0 - profile.measure_m[i];
    EXPECT_NEAR(profile.z[i], 100.0 + 0.05 * y, 1e-9) << i;
  }
  // The nodata cell reaches the samples at y = 2010 and y = 2000, which
  // lie within one cell of its centre.
  ASSERT_EQ(profile.gaps.size(), 1u);
  EXPECT_DOUBLE_EQ(profile.gaps[0].start_m, 1990.0);
  EXPECT_DOUBLE_EQ(profile.gaps[0].end_m, 2000.0);
  EXPECT_EQ(profile.gaps[0].sample_count, 2u);

  const ProfileSummary summary = summarize_profile(profile);
  EXPECT_NEAR(summary.drop_m, 0.05 * 4000.0, 1e-9);
  EXPECT_DOUBLE_EQ(summary.drop_m, profile.z.front() - profile.z.back());
  EXPECT_NEAR(summary.mean_slope, 0.05, 1e-12);
}

// ---- real data ------------------------------------------------------------

TEST(RiverProfileRealData, YzeronOnTiltedDem) {
  const std::string lines =
      std::string(GEORIVIERE_SHARED_DATA) + "/vector/yzeron/hydrography3.shp";
  if (!fs::exists(lines)) {
    GTEST_SKIP() << lines << " is missing";
  }
  ReadOptions read;
  read.path = lines;
  NetworkOptions build;
  build.name_field = "nom";
  const RiverNetwork network = build_network(read_lines(read), build);
  const std::vector<River> rivers = list_rivers(network);
  ASSERT_FALSE(rivers.empty());

  // A synthetic DEM over the network's extent, on 25 m cells: a plane that
  // falls 2 m per kilometre eastwards and rises 1 m per km northwards.
  Box extent;
  for (const Reach& reach : network.reaches) {
    extent.expand(reach.geometry.bounds());
  }
  extent = extent.buffered(100.0);
  const double cell = 25.0;
  const auto cols =
      static_cast<std::size_t>(std::ceil((extent.max_x - extent.min_x) / cell));
  const auto rows =
      static_cast<std::size_t>(std::ceil((extent.max_y - extent.min_y) / cell));
  auto plane = [&](double x, double y) {
    return 800.0 - 0.002 * (x - extent.min_x) + 0.001 * (y - extent.min_y);
  };
  Grid<double> grid(rows, cols, 0.0, -9999.0);
  for (std::size_t r = 0; r < rows; ++r) {
    for (std::size_t c = 0; c < cols; ++c) {
      grid(r, c) = plane(extent.min_x + cell * (static_cast<double>(c) + 0.5),
                         extent.max_y - cell * (static_cast<double>(r) + 0.5));
    }
  }
  grid.set_transform(
      GeoTransform{extent.min_x, cell, 0.0, extent.max_y, 0.0, -cell});
  grid.set_crs_wkt(network.crs_wkt);
  const std::string path = (scratch_directory("yzeron") / "dem.tif").string();
  write_raster(grid, path);

  const RasterSampler dem(path, network.crs_wkt);
  EXPECT_NEAR(dem.cell_size_m(), cell, 1e-9);
  std::size_t checked = 0;
  for (const River& river : rivers) {
    const LongitudinalProfile profile = river_profile(network, river, dem);
    ASSERT_GT(profile.size(), 1u);
    EXPECT_TRUE(profile.gaps.empty()) << river.name;
    const ProfileSummary summary = summarize_profile(profile);
    EXPECT_DOUBLE_EQ(summary.drop_m, profile.z.front() - profile.z.back())
        << river.name;
    EXPECT_NEAR(summary.descent_m - summary.ascent_m, summary.drop_m, 1e-6)
        << river.name;
    // The bilinear value of a plane is the plane, at least half a cell
    // inside the DEM, which the 100 m margin ensures.
    const Point source = profile.points.front();
    const Point mouth = profile.points.back();
    EXPECT_NEAR(summary.drop_m,
                plane(source.x, source.y) - plane(mouth.x, mouth.y), 1e-6)
        << river.name;
    ++checked;
  }
  EXPECT_EQ(checked, rivers.size());
}
