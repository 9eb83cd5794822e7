#include "georiviere/raster/resolve_flats.hpp"

#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/flow_direction.hpp"

using namespace georiviere;

namespace {

// Counts cells whose direction points to an in-grid cell higher than
// themselves.
template <typename T>
std::size_t count_uphill(const Grid<T>& dem, const Grid<std::uint8_t>& dirs) {
  std::size_t uphill = 0;
  for (std::size_t r = 0; r < dem.rows(); ++r) {
    for (std::size_t c = 0; c < dem.cols(); ++c) {
      const std::uint8_t d = dirs(r, c);
      if (d >= 8) {
        continue;
      }
      const std::size_t nr = r + d8_row_offsets[d];
      const std::size_t nc = c + d8_col_offsets[d];
      if (nr < dem.rows() && nc < dem.cols() && !dem.is_nodata(nr, nc) &&
          dem(nr, nc) > dem(r, c)) {
        ++uphill;
      }
    }
  }
  return uphill;
}

std::size_t count_no_flow(const Grid<std::uint8_t>& dirs) {
  std::size_t count = 0;
  for (const std::uint8_t d : dirs.cells()) {
    count += d == d8_no_flow ? 1 : 0;
  }
  return count;
}

} // namespace

TEST(ResolveFlats, UndrainedFlatKeepsNoFlow) {
  // The two 200 cells form a flat at the bottom of a depression: nothing
  // drains it, so it must not get directions (which would lead uphill).
  const Grid<float> dem(3, 4,
                        std::vector<float>{250, 260, 265, 270, //
                                           240, 200, 200, 210, //
                                           230, 220, 225, 205});
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 1), d8_no_flow);
  EXPECT_EQ(dirs(1, 2), d8_no_flow);
  EXPECT_EQ(resolve_flats(dem, dirs), 0u);
  EXPECT_EQ(dirs(1, 1), d8_no_flow);
  EXPECT_EQ(dirs(1, 2), d8_no_flow);
  EXPECT_EQ(count_uphill(dem, dirs), 0u);
}

TEST(ResolveFlats, FilledFlatDrainsToSpill) {
  // Filling raises both 200 cells to 205, the spill cell on the edge at
  // (2, 3). Resolving the flat then leads both cells to it, never uphill.
  Grid<float> dem(3, 4,
                  std::vector<float>{250, 260, 265, 270, //
                                     240, 200, 200, 210, //
                                     230, 220, 225, 205});
  EXPECT_EQ(fill_depressions(dem), 2u);
  EXPECT_EQ(dem(1, 1), 205.0f);
  EXPECT_EQ(dem(1, 2), 205.0f);
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(2, 3), d8_east); // the outlet flows off the grid
  EXPECT_EQ(resolve_flats(dem, dirs), 2u);
  EXPECT_EQ(dirs(1, 2), d8_south_east);
  EXPECT_EQ(dirs(1, 1), d8_east);
  EXPECT_EQ(count_uphill(dem, dirs), 0u);
  EXPECT_EQ(count_no_flow(dirs), 0u);
}

TEST(ResolveFlats, AwayFromHigherTowardsLower) {
  // A 3 x 5 flat at 5 drains through the single 4 on the west edge. A high
  // wall (9) borders its east end and a rim at 6 the rest.
  const Grid<float> dem(5, 7, std::vector<float>{6, 6, 6, 6, 6, 6, 9, //
                                                 6, 5, 5, 5, 5, 5, 9, //
                                                 4, 5, 5, 5, 5, 5, 9, //
                                                 6, 5, 5, 5, 5, 5, 9, //
                                                 6, 6, 6, 6, 6, 6, 9});
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  // Only (1..3, 1) touch the outlet.
  EXPECT_EQ(dirs(1, 1), d8_south_west);
  EXPECT_EQ(dirs(2, 1), d8_west);
  EXPECT_EQ(dirs(3, 1), d8_north_west);
  EXPECT_EQ(count_no_flow(dirs), 12u);

  EXPECT_EQ(resolve_flats(dem, dirs), 12u);
  EXPECT_EQ(count_no_flow(dirs), 0u);
  EXPECT_EQ(count_uphill(dem, dirs), 0u);
  // Every flat cell reaches the outlet: accumulation there counts the 15
  // flat cells, the outlet itself and the rim cells that drain to it.
  const Grid<std::uint64_t> accumulation = flow_accumulation(dirs.view());
  EXPECT_GE(accumulation(2, 0), 16u);
  // The middle row, farthest from the rim, leads straight west. The three
  // low edges next to (2, 2) have equal mask values, so it takes the first
  // in order, SW.
  EXPECT_EQ(dirs(2, 2), d8_south_west);
  for (std::size_t c = 3; c <= 5; ++c) {
    EXPECT_EQ(dirs(2, c), d8_west) << "column " << c;
  }
}

TEST(ResolveFlats, InteriorNodataStaysNodata) {
  // A pit surrounding a nodata cell: its neighbours are outlets, so no
  // flat is left, and the nodata cell stays nodata through filling.
  Grid<float> dem(5, 5, std::vector<float>{9, 9, 9,  9, 9, //
                                           9, 3, 3,  3, 9, //
                                           9, 3, -1, 3, 9, //
                                           9, 3, 3,  3, 9, //
                                           9, 9, 9,  9, 9},
                  -1.0f);
  EXPECT_EQ(fill_depressions(dem), 0u);
  EXPECT_EQ(dem(2, 2), -1.0f);
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(2, 2), d8_nodata);
  resolve_flats(dem, dirs);
  EXPECT_EQ(dirs(2, 2), d8_nodata);
  EXPECT_EQ(count_no_flow(dirs), 0u);
  // (1, 1) has no lower valid neighbour and flows into the nodata cell.
  EXPECT_EQ(dirs(1, 1), d8_south_east);
}

TEST(ResolveFlats, RandomFilledGridsFullyDrain) {
  std::mt19937 random(7);
  std::uniform_int_distribution<int> height(0, 6);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t rows = 8 + trial % 7;
    const std::size_t cols = 6 + trial % 9;
    std::vector<float> cells(rows * cols);
    for (float& v : cells) {
      v = static_cast<float>(height(random));
    }
    Grid<float> dem(rows, cols, cells);
    fill_depressions(dem);
    Grid<std::uint8_t> dirs = d8_flow_directions(dem);
    resolve_flats(dem, dirs);
    EXPECT_EQ(count_no_flow(dirs), 0u) << "trial " << trial;
    EXPECT_EQ(count_uphill(dem, dirs), 0u) << "trial " << trial;
    // No cycles: accumulation throws on one.
    EXPECT_NO_THROW(flow_accumulation(dirs.view())) << "trial " << trial;
  }
}

TEST(ResolveFlats, ShapeMismatchRejected) {
  const Grid<float> dem(3, 3, 1.0f);
  Grid<std::uint8_t> dirs(3, 4, d8_no_flow);
  EXPECT_THROW(resolve_flats(dem, dirs), InvalidInputError);
}

TEST(ResolveFlats, MutableViewsOverBuffers) {
  // A flat 3 x 4 grid: the two interior cells drain to the edge cells,
  // which all flow off the grid. (1, 1) takes SE, the first edge neighbour
  // in order, because its east neighbour is a flat cell.
  std::vector<float> cells(12, 3.0f);
  GridView<float> dem(cells.data(), 3, 4);
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 1), d8_no_flow);
  EXPECT_EQ(resolve_flats(dem, dirs.view()), 2u);
  EXPECT_EQ(dirs(1, 1), d8_south_east);
  EXPECT_EQ(dirs(1, 2), d8_east);
}

TEST(ResolveFlats, ThreadCountsGiveSameDirections) {
  // Random heights of few levels with nodata cells, filled: thousands of
  // flats of every size, more than one chunk of flats per thread.
  std::mt19937 random(11);
  std::uniform_int_distribution<int> height(0, 4);
  const std::size_t rows = 150;
  const std::size_t cols = 130;
  std::vector<float> cells(rows * cols);
  for (std::size_t i = 0; i < cells.size(); ++i) {
    cells[i] = i % 97 == 13 ? -1.0f : static_cast<float>(height(random));
  }
  Grid<float> dem(rows, cols, cells, -1.0f);
  fill_depressions(dem);
  const Grid<std::uint8_t> unresolved = d8_flow_directions(dem);
  Grid<std::uint8_t> one = unresolved;
  const std::size_t assigned = resolve_flats(dem, one, {}, 1);
  ASSERT_GT(assigned, 1000u);
  for (const int threads : {2, 3}) {
    Grid<std::uint8_t> many = unresolved;
    EXPECT_EQ(resolve_flats(dem, many, {}, threads), assigned);
    EXPECT_EQ(many.cells(), one.cells()) << threads << " threads";
  }
  EXPECT_EQ(count_no_flow(one), 0u);
  EXPECT_EQ(count_uphill(dem, one), 0u);
}

TEST(ResolveFlats, BadThreadCountsRejected) {
  const Grid<float> dem(3, 3, 1.0f);
  Grid<std::uint8_t> dirs(3, 3, d8_no_flow);
  EXPECT_THROW(resolve_flats(dem, dirs, {}, 0), InvalidInputError);
  EXPECT_THROW(resolve_flats(dem, dirs, {}, detail::max_thread_count + 1),
               InvalidInputError);
}

TEST(ResolveFlats, CancelledOnSeveralThreads) {
  Grid<float> dem(40, 40, 5.0f);
  dem(0, 0) = 4.0f;
  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_THROW(
      resolve_flats(
          dem, dirs, [](std::string_view, double) { return false; }, 2),
      CancelledError);
}
