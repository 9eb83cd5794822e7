#include "georiviere/raster/breach_depressions.hpp"

#include <cmath>
#include <cstdint>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/resolve_flats.hpp"

using namespace georiviere;

namespace {

std::size_t count_no_flow(const Grid<std::uint8_t>& dirs) {
  std::size_t count = 0;
  for (const std::uint8_t d : dirs.cells()) {
    count += d == d8_no_flow ? 1 : 0;
  }
  return count;
}

} // namespace

TEST(BreachDepressions, DamCutToOutlet) {
  // The pit at 4 is dammed by a 7 and a 5 on its way to the outlet at 2 on
  // the east edge. Breaching cuts both down to 4 instead of raising the pit.
  Grid<float> dem(3, 5,
                  std::vector<float>{9, 9, 9, 9, 9, //
                                     9, 4, 7, 5, 2, //
                                     9, 9, 9, 9, 9});
  EXPECT_EQ(breach_depressions(dem), 2u);
  EXPECT_EQ(dem(1, 1), 4.0f);
  EXPECT_EQ(dem(1, 2), 4.0f);
  EXPECT_EQ(dem(1, 3), 4.0f);
  EXPECT_EQ(dem(1, 4), 2.0f);
  EXPECT_EQ(dem(0, 2), 9.0f);

  Grid<std::uint8_t> dirs = d8_flow_directions(dem);
  EXPECT_EQ(dirs(1, 3), d8_east);
  EXPECT_EQ(resolve_flats(dem, dirs), 2u);
  EXPECT_EQ(dirs(1, 1), d8_east);
  EXPECT_EQ(dirs(1, 2), d8_east);
}

TEST(BreachDepressions, SinglePitLowersOneSeed) {
  // The pit at 1 is carved out through one of its 10 neighbours on the
  // edge, which drops to 1; the pit itself keeps its elevation.
  Grid<float> dem(3, 4,
                  std::vector<float>{10, 12, 10, 10, //
                                     12, 1, 10, 12,  //
                                     10, 12, 10, 11});
  const std::vector<float> before = dem.cells();
  EXPECT_EQ(breach_depressions(dem), 1u);
  EXPECT_EQ(dem(1, 1), 1.0f);
  std::size_t lowered_to_pit = 0;
  for (std::size_t i = 0; i < dem.size(); ++i) {
    EXPECT_LE(dem.cells()[i], before[i]);
    lowered_to_pit += dem.cells()[i] != before[i] && dem.cells()[i] == 1.0f;
  }
  EXPECT_EQ(lowered_to_pit, 1u);
}

TEST(BreachDepressions, NodataStaysAndOpens) {
  // The pit next to the nodata cell drains into it; nothing is carved.
  Grid<float> dem(4, 4,
                  std::vector<float>{9, 9, 9, 9,  //
                                     9, 1, -1, 9, //
                                     9, 9, 9, 9,  //
                                     9, 9, 9, 9},
                  -1.0f);
  EXPECT_EQ(breach_depressions(dem), 0u);
  EXPECT_EQ(dem(1, 2), -1.0f);
  EXPECT_EQ(dem(1, 1), 1.0f);
}

TEST(BreachDepressions, RandomGridsDrainWithoutRaising) {
  std::mt19937 random(11);
  std::uniform_int_distribution<int> height(0, 30);
  for (int trial = 0; trial < 30; ++trial) {
    const std::size_t rows = 6 + trial % 8;
    const std::size_t cols = 7 + trial % 5;
    std::vector<float> cells(rows * cols);
    for (float& v : cells) {
      v = static_cast<float>(height(random));
    }
    if (trial % 3 == 0) {
      cells[cells.size() / 2] = -1.0f;
    }
    Grid<float> dem(rows, cols, cells, -1.0f);
    breach_depressions(dem);
    for (std::size_t i = 0; i < cells.size(); ++i) {
      EXPECT_LE(dem.cells()[i], cells[i]) << "trial " << trial;
    }
    // No depression is left: exact filling changes nothing.
    Grid<float> filled = dem;
    EXPECT_EQ(fill_depressions(filled), 0u) << "trial " << trial;

    Grid<std::uint8_t> dirs = d8_flow_directions(dem);
    resolve_flats(dem, dirs);
    EXPECT_EQ(count_no_flow(dirs), 0u) << "trial " << trial;
    EXPECT_NO_THROW(flow_accumulation(dirs.view())) << "trial " << trial;

    // Epsilon filling afterwards leaves no flat and raises by ulps only.
    Grid<float> epsilon = dem;
    fill_depressions(epsilon, FillMode::epsilon);
    const Grid<std::uint8_t> strict = d8_flow_directions(epsilon);
    EXPECT_EQ(count_no_flow(strict), 0u) << "trial " << trial;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      EXPECT_LE(epsilon.cells()[i] - dem.cells()[i], 0.001f)
          << "trial " << trial;
    }
  }
}

TEST(BreachDepressions, IntegerDem) {
  Grid<std::int16_t> dem(3, 4,
                         std::vector<std::int16_t>{9, 9, 9, 9, //
                                                   9, 3, 6, 5, //
                                                   9, 9, 9, 9});
  EXPECT_EQ(breach_depressions(dem), 2u);
  EXPECT_EQ(dem(1, 2), 3);
  EXPECT_EQ(dem(1, 3), 3);
}
