#include "georiviere/raster/fill_depressions.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <functional>
#include <limits>
#include <queue>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/io/raster_io.hpp"

using namespace georiviere;

namespace {

Grid<float> make_grid(std::size_t rows, std::size_t cols,
                      std::vector<float> cells,
                      std::optional<float> nodata = std::nullopt) {
  return Grid<float>(rows, cols, std::move(cells), nodata);
}

// Checks that every valid cell that is not open to the outside has a
// neighbour it can drain to: strictly lower when `strict`, otherwise lower
// or equal with a path of such steps to an open cell (checked by flooding).
template <typename T>
std::size_t count_cells_without_lower_neighbour(const Grid<T>& dem) {
  std::size_t count = 0;
  for (std::size_t r = 1; r + 1 < dem.rows(); ++r) {
    for (std::size_t c = 1; c + 1 < dem.cols(); ++c) {
      if (dem.is_nodata(r, c)) {
        continue;
      }
      bool open = false;
      bool lower = false;
      for (int d = 0; d < 8; ++d) {
        const std::size_t nr = r + d8_row_offsets[d];
        const std::size_t nc = c + d8_col_offsets[d];
        if (dem.is_nodata(nr, nc)) {
          open = true;
        } else if (dem(nr, nc) < dem(r, c)) {
          lower = true;
        }
      }
      if (!open && !lower) {
        ++count;
      }
    }
  }
  return count;
}

} // namespace

TEST(FillDepressions, SinglePitRisesToSpill) {
  Grid<float> dem = make_grid(3, 4,
                              {10, 12, 10, 10, //
                               12, 1, 10, 12,  //
                               10, 12, 10, 11});
  const std::size_t raised = fill_depressions(dem);
  EXPECT_EQ(raised, 1u);
  EXPECT_EQ(dem(1, 1), 10.0f);
  EXPECT_EQ(dem(1, 2), 10.0f);
  EXPECT_EQ(dem(0, 1), 12.0f);
}

TEST(FillDepressions, EpsilonLeavesNoFlat) {
  Grid<float> dem = make_grid(3, 4,
                              {10, 12, 10, 10, //
                               12, 1, 10, 12,  //
                               10, 12, 10, 11});
  fill_depressions(dem, FillMode::epsilon);
  // Both interior cells drain to an edge cell at 10 or to each other, so
  // each ends up one or two ulps above 10.
  const float above_10 = std::nextafter(10.0f, 20.0f);
  const float two_above_10 = std::nextafter(above_10, 20.0f);
  EXPECT_GE(dem(1, 1), above_10);
  EXPECT_LE(dem(1, 1), two_above_10);
  EXPECT_GE(dem(1, 2), above_10);
  EXPECT_LE(dem(1, 2), two_above_10);
  EXPECT_EQ(count_cells_without_lower_neighbour(dem), 0u);
}

TEST(FillDepressions, NestedDepressionsFillToOuterSpill) {
  // A basin rimmed at 9 holding an inner pit at 1; spill through the 5 on
  // the east edge.
  Grid<float> dem = make_grid(5, 5, {9, 9, 9, 9, 9, //
                                     9, 3, 3, 3, 9, //
                                     9, 3, 1, 3, 5, //
                                     9, 3, 3, 3, 9, //
                                     9, 9, 9, 9, 9});
  const std::size_t raised = fill_depressions(dem);
  EXPECT_EQ(raised, 9u);
  for (std::size_t r = 1; r <= 3; ++r) {
    for (std::size_t c = 1; c <= 3; ++c) {
      EXPECT_EQ(dem(r, c), 5.0f) << "row " << r << " col " << c;
    }
  }
  EXPECT_EQ(dem(2, 4), 5.0f);
}

TEST(FillDepressions, InteriorNodataStaysAndDrains) {
  // The centre cell is nodata, so its neighbours are open to the outside
  // and the 2s around it are not a depression.
  Grid<float> dem = make_grid(5, 5, {9, 9, 9,     9, 9, //
                                     9, 2, 2,     2, 9, //
                                     9, 2, -9999, 2, 9, //
                                     9, 2, 2,     2, 9, //
                                     9, 9, 9,     9, 9},
                              -9999.0f);
  const std::size_t raised = fill_depressions(dem);
  EXPECT_EQ(raised, 0u);
  EXPECT_EQ(dem(2, 2), -9999.0f);
  EXPECT_EQ(dem(1, 1), 2.0f);
}

TEST(FillDepressions, NanCellsAreNodata) {
  Grid<double> dem(4, 4,
                   std::vector<double>{5, 5, 5, 5,   //
                                       5, 1, NAN, 5, //
                                       5, 1, 1, 5,   //
                                       5, 5, 5, 5});
  EXPECT_EQ(fill_depressions(dem), 0u);
  EXPECT_TRUE(std::isnan(dem(1, 2)));
  EXPECT_EQ(dem(2, 2), 1.0);
}

TEST(FillDepressions, NodataIslandInsideDepression) {
  // Nodata that does not touch the pit does not open it.
  Grid<float> dem = make_grid(5, 6, {9, 9, 9, 9,  9,  9, //
                                     9, 1, 9, -1, -1, 9, //
                                     9, 9, 9, -1, -1, 9, //
                                     9, 9, 9, 9,  9,  9, //
                                     9, 9, 9, 9,  9,  9},
                              -1.0f);
  EXPECT_EQ(fill_depressions(dem), 1u);
  EXPECT_EQ(dem(1, 1), 9.0f);
  EXPECT_EQ(dem(1, 3), -1.0f);
}

TEST(FillDepressions, IntegerEpsilonStepsByOne) {
  Grid<std::int16_t> dem(3, 3,
                         std::vector<std::int16_t>{5, 5, 5, //
                                                   5, 0, 5, //
                                                   5, 5, 5});
  EXPECT_EQ(fill_depressions(dem, FillMode::epsilon), 1u);
  EXPECT_EQ(dem(1, 1), 6);
}

TEST(FillDepressions, StridedViewFilledInPlace) {
  // 3 x 3 grid in rows of 4 values; the padding column must not change.
  std::vector<float> buffer = {5, 5, 5, 77, //
                               5, 0, 5, 77, //
                               5, 5, 5, 77};
  GridView<float> view(buffer.data(), 3, 3, 4);
  EXPECT_EQ(fill_depressions(view), 1u);
  EXPECT_EQ(buffer[5], 5.0f);
  EXPECT_EQ(buffer[3], 77.0f);
  EXPECT_EQ(buffer[11], 77.0f);
}

TEST(FillDepressions, EmptyAndTinyGrids) {
  Grid<float> empty;
  EXPECT_EQ(fill_depressions(empty), 0u);
  Grid<float> line = make_grid(1, 3, {3, 1, 3});
  EXPECT_EQ(fill_depressions(line), 0u);
  EXPECT_EQ(line(0, 1), 1.0f);
}

TEST(FillDepressions, CancelThroughProgress) {
  Grid<float> dem(50, 50, 1.0f);
  ProgressCallback cancel = [](std::string_view, double fraction) {
    return fraction < 0.5;
  };
  EXPECT_THROW(fill_depressions(dem, FillMode::exact, cancel), CancelledError);
}

TEST(FillDepressions, RandomGridsMatchPlainPriorityFlood) {
  // Compares with a textbook Priority-Flood (one priority queue, no
  // shortcuts) on random surfaces full of depressions.
  std::mt19937 random(42);
  std::uniform_int_distribution<int> height(0, 20);
  for (int trial = 0; trial < 20; ++trial) {
    const std::size_t rows = 7 + trial % 5;
    const std::size_t cols = 9 + trial % 3;
    std::vector<float> cells(rows * cols);
    for (float& v : cells) {
      v = static_cast<float>(height(random));
    }
    if (trial % 2 == 1) {
      cells[rows / 2 * cols + cols / 2] = -1.0f; // a nodata hole
    }
    Grid<float> dem(rows, cols, cells, -1.0f);
    fill_depressions(dem);

    // Reference.
    std::vector<float> expected = cells;
    std::vector<bool> closed(cells.size(), false);
    using Item = std::pair<float, std::size_t>;
    std::priority_queue<Item, std::vector<Item>, std::greater<Item>> queue;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      const std::size_t r = i / cols;
      const std::size_t c = i % cols;
      if (expected[i] == -1.0f) {
        closed[i] = true;
        continue;
      }
      bool open = r == 0 || c == 0 || r + 1 == rows || c + 1 == cols;
      for (int d = 0; d < 8 && !open; ++d) {
        open = cells[(r + d8_row_offsets[d]) * cols + c + d8_col_offsets[d]] ==
               -1.0f;
      }
      if (open) {
        closed[i] = true;
        queue.push({expected[i], i});
      }
    }
    while (!queue.empty()) {
      const auto [level, i] = queue.top();
      queue.pop();
      const std::size_t r = i / cols;
      const std::size_t c = i % cols;
      for (int d = 0; d < 8; ++d) {
        const std::size_t nr = r + d8_row_offsets[d];
        const std::size_t nc = c + d8_col_offsets[d];
        if (nr >= rows || nc >= cols) {
          continue;
        }
        const std::size_t n = nr * cols + nc;
        if (closed[n]) {
          continue;
        }
        closed[n] = true;
        expected[n] = std::max(expected[n], level);
        queue.push({expected[n], n});
      }
    }
    EXPECT_EQ(dem.cells(), expected) << "trial " << trial;

    Grid<float> epsilon(rows, cols, cells, -1.0f);
    fill_depressions(epsilon, FillMode::epsilon);
    EXPECT_EQ(count_cells_without_lower_neighbour(epsilon), 0u)
        << "trial " << trial;
    for (std::size_t i = 0; i < cells.size(); ++i) {
      EXPECT_GE(epsilon.cells()[i], expected[i]) << "trial " << trial;
      EXPECT_LE(epsilon.cells()[i], expected[i] + 0.001f) << "trial " << trial;
    }
  }
}

TEST(FillDepressions, TaudemPitRemoveOnMed) {
  const std::string folder =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/med";
  if (!std::filesystem::exists(folder + "/MED_01_01.tif")) {
    GTEST_SKIP() << folder << " is missing";
  }
  Grid<float> dem = read_raster<float>(folder + "/MED_01_01.tif");
  const Grid<float> expected = read_raster<float>(folder + "/MED_01_01fel.tif");
  ASSERT_EQ(dem.rows(), expected.rows());
  ASSERT_EQ(dem.cols(), expected.cols());

  std::size_t valid = 0;
  for (std::size_t i = 0; i < dem.size(); ++i) {
    valid += is_nodata_value(dem.cells()[i], dem.nodata()) ? 0 : 1;
  }
  EXPECT_EQ(valid, 299'136u);

  const std::size_t raised = fill_depressions(dem);
  EXPECT_EQ(raised, 1'527u);
  std::size_t different = 0;
  for (std::size_t i = 0; i < dem.size(); ++i) {
    different += dem.cells()[i] == expected.cells()[i] ? 0 : 1;
  }
  EXPECT_EQ(different, 0u);
}

TEST(FillDepressions, RadixKeysKeepOrder) {
  const std::vector<float> floats = {-1e30f, -2.5f, -0.0f, 0.0f,
                                     1e-40f, 3.0f,  1e30f};
  for (std::size_t i = 1; i < floats.size(); ++i) {
    EXPECT_LT(detail::radix_key(floats[i - 1]), detail::radix_key(floats[i]))
        << floats[i - 1] << " and " << floats[i];
  }
  EXPECT_LT(detail::radix_key(-3.0), detail::radix_key(2.0));
  EXPECT_LT(detail::radix_key(std::int16_t{-32768}),
            detail::radix_key(std::int16_t{-1}));
  EXPECT_LT(detail::radix_key(std::int16_t{-1}),
            detail::radix_key(std::int16_t{0}));
  EXPECT_LT(detail::radix_key(std::uint16_t{7}),
            detail::radix_key(std::uint16_t{65535}));
}

TEST(FillDepressions, RadixHeapPopsMonotoneKeys) {
  // Pushes never go below the last popped key, as in Priority-Flood. Each
  // entry's index points to its value, so pops can be checked by value.
  std::mt19937 random(5);
  detail::RadixHeap<float, std::uint32_t> heap;
  std::priority_queue<float, std::vector<float>, std::greater<float>> reference;
  std::vector<float> values;
  const auto push = [&](float value) {
    heap.push(value, static_cast<std::uint32_t>(values.size()));
    values.push_back(value);
    reference.push(value);
  };
  for (int i = 0; i < 100; ++i) {
    push(-50.0f + static_cast<float>(random() % 100));
  }
  float last = -50.0f;
  for (int step = 0; step < 20000; ++step) {
    if (!reference.empty() && random() % 2 == 0) {
      ASSERT_FALSE(heap.empty());
      last = reference.top();
      reference.pop();
      EXPECT_EQ(values[heap.pop()], last) << "step " << step;
      EXPECT_EQ(heap.size(), reference.size());
    } else {
      push(last + static_cast<float>(random() % 40) * 0.25f);
    }
  }
}

namespace {

// Fills copies of `input` serially, by the tiled fill with 1, 2, 3 and 7
// strips on 1 and 2 threads, and by the public call on 2, 3 and 7 threads.
// Checks that every result has the serial cells bit for bit and the serial
// count of raised cells.
template <typename T>
void expect_tiled_fill_matches_serial(const Grid<T>& input,
                                      const std::string& name) {
  Grid<T> serial = input;
  const std::size_t serial_raised = fill_depressions(serial);
  const auto same_bits = [&](const Grid<T>& filled) {
    return std::memcmp(filled.cells().data(), serial.cells().data(),
                       serial.size() * sizeof(T)) == 0;
  };
  for (const std::size_t strips : {1u, 2u, 3u, 7u}) {
    for (const int threads : {1, 2}) {
      Grid<T> tiled = input;
      const std::size_t raised =
          detail::fill_depressions_in_strips(tiled.view(), strips, threads);
      EXPECT_EQ(raised, serial_raised)
          << name << ", " << strips << " strips, " << threads << " threads";
      EXPECT_TRUE(same_bits(tiled))
          << name << ", " << strips << " strips, " << threads << " threads";
    }
  }
  for (const int threads : {2, 3, 7}) {
    Grid<T> tiled = input;
    EXPECT_EQ(fill_depressions(tiled, FillMode::exact, {}, threads),
              serial_raised)
        << name << ", " << threads << " threads";
    EXPECT_TRUE(same_bits(tiled)) << name << ", " << threads << " threads";
  }
}

} // namespace

TEST(FillDepressionsTiled, HandMadeCasesMatchSerial) {
  expect_tiled_fill_matches_serial(make_grid(3, 4,
                                             {10, 12, 10, 10, //
                                              12, 1, 10, 12,  //
                                              10, 12, 10, 11}),
                                   "single pit");
  expect_tiled_fill_matches_serial(make_grid(5, 5, {9, 9, 9, 9, 9, //
                                                    9, 3, 3, 3, 9, //
                                                    9, 3, 1, 3, 5, //
                                                    9, 3, 3, 3, 9, //
                                                    9, 9, 9, 9, 9}),
                                   "nested");
  expect_tiled_fill_matches_serial(make_grid(5, 5, {9, 9, 9,     9, 9, //
                                                    9, 2, 2,     2, 9, //
                                                    9, 2, -9999, 2, 9, //
                                                    9, 2, 2,     2, 9, //
                                                    9, 9, 9,     9, 9},
                                             -9999.0f),
                                   "interior nodata");
  expect_tiled_fill_matches_serial(
      Grid<double>(4, 4,
                   std::vector<double>{5, 5, 5, 5,   //
                                       5, 1, NAN, 5, //
                                       5, 1, 1, 5,   //
                                       5, 5, 5, 5}),
      "NaN");
  expect_tiled_fill_matches_serial(make_grid(5, 6, {9, 9, 9, 9,  9,  9, //
                                                    9, 1, 9, -1, -1, 9, //
                                                    9, 9, 9, -1, -1, 9, //
                                                    9, 9, 9, 9,  9,  9, //
                                                    9, 9, 9, 9,  9,  9},
                                             -1.0f),
                                   "nodata island");
  expect_tiled_fill_matches_serial(
      Grid<std::int16_t>(3, 3,
                         std::vector<std::int16_t>{5, 5, 5, //
                                                   5, 0, 5, //
                                                   5, 5, 5}),
      "int16 pit");
  expect_tiled_fill_matches_serial(make_grid(1, 3, {3, 1, 3}), "one row");
  expect_tiled_fill_matches_serial(make_grid(3, 1, {3, 1, 3}), "one column");
  expect_tiled_fill_matches_serial(
      make_grid(5, 2, {3, 3, 1, 3, 0, 2, 5, 1, 2, 2}), "two columns");
  expect_tiled_fill_matches_serial(
      make_grid(3, 2, {-1, -1, -1, -1, -1, -1}, -1.0f), "all nodata");
  expect_tiled_fill_matches_serial(Grid<float>(9, 9, 1.0f), "flat");
}

TEST(FillDepressionsTiled, EmptyGridAndStridedView) {
  Grid<float> empty;
  EXPECT_EQ(detail::fill_depressions_in_strips(empty.view(), 3, 2), 0u);
  std::vector<float> buffer = {5, 5, 5, 77, //
                               5, 0, 5, 77, //
                               5, 5, 5, 77};
  GridView<float> view(buffer.data(), 3, 3, 4);
  EXPECT_EQ(detail::fill_depressions_in_strips(view, 2, 2), 1u);
  EXPECT_EQ(buffer[5], 5.0f);
  EXPECT_EQ(buffer[3], 77.0f);
  EXPECT_EQ(buffer[11], 77.0f);
}

TEST(FillDepressionsTiled, DepressionAcrossStripsRisesToItsSpill) {
  // A pit spanning rows 1 to 5 spills at 4 through the east edge of row 3.
  // The 3 strips cover rows 0-1, 2-3 and 4-6, so none contains the whole
  // pit.
  Grid<float> dem = make_grid(7, 5, {9, 9, 9, 9, 9, //
                                     9, 1, 2, 1, 9, //
                                     9, 2, 1, 2, 9, //
                                     9, 1, 3, 1, 4, //
                                     9, 2, 1, 2, 9, //
                                     9, 1, 2, 1, 9, //
                                     9, 9, 9, 9, 9});
  EXPECT_EQ(detail::fill_depressions_in_strips(dem.view(), 3, 2), 15u);
  for (std::size_t r = 1; r <= 5; ++r) {
    for (std::size_t c = 1; c <= 3; ++c) {
      EXPECT_EQ(dem(r, c), 4.0f) << "row " << r << " col " << c;
    }
  }
  EXPECT_EQ(dem(0, 0), 9.0f);
}

TEST(FillDepressionsTiled, RandomGridsMatchSerial) {
  std::mt19937 random(7);
  for (int trial = 0; trial < 24; ++trial) {
    const std::size_t rows = 5 + random() % 40;
    const std::size_t cols = 3 + random() % 30;
    // Rough surfaces full of small pits, gentle bowls whose depressions
    // span several strips, and low values that leave wide flats.
    const int kind = trial % 3;
    std::uniform_int_distribution<int> noise(0, kind == 2 ? 2 : 20);
    std::vector<float> cells(rows * cols);
    for (std::size_t r = 0; r < rows; ++r) {
      for (std::size_t c = 0; c < cols; ++c) {
        float z = static_cast<float>(noise(random));
        if (kind == 1) {
          z = std::round(40.0f * std::sin(static_cast<float>(r) * 0.4f) *
                             std::cos(static_cast<float>(c) * 0.3f) +
                         static_cast<float>(noise(random)) * 0.25f);
        }
        cells[r * cols + c] = z;
      }
    }
    const std::size_t holes = trial % 4 == 0 ? 0 : 1 + random() % 6;
    for (std::size_t h = 0; h < holes; ++h) {
      const std::size_t r = random() % rows;
      const std::size_t c = random() % cols;
      for (std::size_t i = r; i < std::min(rows, r + 1 + random() % 3); ++i) {
        for (std::size_t j = c; j < std::min(cols, c + 1 + random() % 3); ++j) {
          cells[i * cols + j] = -1.0f;
        }
      }
    }
    const std::string name = "trial " + std::to_string(trial);
    expect_tiled_fill_matches_serial(Grid<float>(rows, cols, cells, -1.0f),
                                     name + " float");

    std::vector<std::int16_t> shorts(cells.size());
    std::vector<double> doubles(cells.size());
    for (std::size_t i = 0; i < cells.size(); ++i) {
      shorts[i] = static_cast<std::int16_t>(cells[i] * 3.0f);
      doubles[i] = cells[i] == -1.0f ? std::nan("") : cells[i] * 0.1;
    }
    expect_tiled_fill_matches_serial(
        Grid<std::int16_t>(rows, cols, shorts, std::int16_t{-3}),
        name + " int16");
    expect_tiled_fill_matches_serial(Grid<double>(rows, cols, doubles),
                                     name + " double");
  }
}

TEST(FillDepressionsTiled, EpsilonStaysSerial) {
  std::mt19937 random(3);
  std::uniform_int_distribution<int> height(0, 20);
  std::vector<float> cells(30 * 20);
  for (float& v : cells) {
    v = static_cast<float>(height(random));
  }
  Grid<float> serial(30, 20, cells);
  Grid<float> threaded(30, 20, cells);
  EXPECT_EQ(fill_depressions(threaded, FillMode::epsilon, {}, 2),
            fill_depressions(serial, FillMode::epsilon));
  EXPECT_EQ(threaded.cells(), serial.cells());
}

TEST(FillDepressionsTiled, RejectsThreadCountAndCancels) {
  Grid<float> dem(600, 300, 1.0f);
  EXPECT_THROW(fill_depressions(dem, FillMode::exact, {}, 0),
               InvalidInputError);
  ProgressCallback cancel = [](std::string_view, double fraction) {
    return fraction < 0.5;
  };
  EXPECT_THROW(fill_depressions(dem, FillMode::exact, cancel, 2),
               CancelledError);
}

TEST(FillDepressionsTiled, TaudemPitRemoveOnMed) {
  const std::string folder =
      std::string(GEORIVIERE_SHARED_DATA) + "/raster/med";
  if (!std::filesystem::exists(folder + "/MED_01_01.tif")) {
    GTEST_SKIP() << folder << " is missing";
  }
  const Grid<float> input = read_raster<float>(folder + "/MED_01_01.tif");
  const Grid<float> expected = read_raster<float>(folder + "/MED_01_01fel.tif");
  ASSERT_EQ(input.rows(), expected.rows());
  ASSERT_EQ(input.cols(), expected.cols());
  Grid<float> serial = input;
  fill_depressions(serial);
  for (const std::size_t strips : {2u, 3u, 7u, 64u}) {
    Grid<float> dem = input;
    EXPECT_EQ(detail::fill_depressions_in_strips(dem.view(), strips, 2), 1'527u)
        << strips << " strips";
    std::size_t different = 0;
    for (std::size_t i = 0; i < dem.size(); ++i) {
      different += dem.cells()[i] == expected.cells()[i] ? 0 : 1;
    }
    EXPECT_EQ(different, 0u) << strips << " strips";
    EXPECT_EQ(std::memcmp(dem.cells().data(), serial.cells().data(),
                          dem.size() * sizeof(float)),
              0)
        << strips << " strips";
  }
}

TEST(FillDepressionsTiled, SignedZerosMatchSerial) {
  // Cells raised to a level of zero get +0.0 in both fills, whichever zero
  // their spill cell holds.
  std::mt19937 random(11);
  const float values[] = {-2.0f, -1.0f, -0.0f, 0.0f, 1.0f};
  for (int trial = 0; trial < 12; ++trial) {
    const std::size_t rows = 6 + random() % 20;
    const std::size_t cols = 6 + random() % 20;
    std::vector<float> cells(rows * cols);
    for (float& v : cells) {
      v = values[random() % 5];
    }
    expect_tiled_fill_matches_serial(Grid<float>(rows, cols, cells),
                                     "trial " + std::to_string(trial));
  }
  Grid<float> dem = make_grid(3, 3,
                              {-0.0f, -0.0f, -0.0f, //
                               -0.0f, -1.0f, -0.0f, //
                               -0.0f, -0.0f, -0.0f});
  EXPECT_EQ(fill_depressions(dem), 1u);
  EXPECT_FALSE(std::signbit(dem(1, 1)));
  EXPECT_TRUE(std::signbit(dem(0, 0)));
}
