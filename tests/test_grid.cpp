#include "georiviere/raster/grid.hpp"

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include <gtest/gtest.h>

#include "georiviere/core/error.hpp"

using namespace georiviere;

TEST(Grid, StoresCellsRowMajor) {
  Grid<int> grid(2, 3, std::vector<int>{1, 2, 3, 4, 5, 6});
  EXPECT_EQ(grid.rows(), 2u);
  EXPECT_EQ(grid.cols(), 3u);
  EXPECT_EQ(grid(0, 2), 3);
  EXPECT_EQ(grid(1, 0), 4);
  EXPECT_EQ(grid.row(1)[2], 6);
}

TEST(Grid, RejectsWrongCellCount) {
  EXPECT_THROW(Grid<int>(2, 3, std::vector<int>{1, 2, 3}), InvalidInputError);
}

TEST(Grid, NodataValueAndNan) {
  Grid<float> grid(1, 3, std::vector<float>{1.0f, -9999.0f, NAN}, -9999.0f);
  EXPECT_FALSE(grid.is_nodata(0, 0));
  EXPECT_TRUE(grid.is_nodata(0, 1));
  EXPECT_TRUE(grid.is_nodata(0, 2));

  Grid<float> no_value(1, 2, std::vector<float>{1.0f, NAN});
  EXPECT_FALSE(no_value.is_nodata(0, 0));
  EXPECT_TRUE(no_value.is_nodata(0, 1));
}

TEST(Grid, IntegerNodataNeedsValue) {
  Grid<std::int16_t> grid(1, 2, std::vector<std::int16_t>{0, -32768});
  EXPECT_FALSE(grid.is_nodata(0, 1));
  grid.set_nodata(std::int16_t{-32768});
  EXPECT_TRUE(grid.is_nodata(0, 1));
  EXPECT_FALSE(grid.is_nodata(0, 0));
}

TEST(GridView, StridedViewOverBuffer) {
  // 2 x 3 cells inside a buffer with rows of 5 values.
  std::vector<double> buffer = {1, 2, 3, -1, -1, 4, 5, 6, -1, -1};
  GridView<double> view(buffer.data(), 2, 3, 5, -1.0);
  EXPECT_FALSE(view.is_contiguous());
  EXPECT_EQ(view(1, 2), 6.0);
  view(1, 0) = 40.0;
  EXPECT_EQ(buffer[5], 40.0);
  EXPECT_FALSE(view.is_nodata(0, 0));

  Grid<double> copy = Grid<double>::copy_of(view);
  EXPECT_EQ(copy.size(), 6u);
  EXPECT_EQ(copy(1, 0), 40.0);
  EXPECT_EQ(copy(1, 2), 6.0);
  ASSERT_TRUE(copy.nodata().has_value());
  EXPECT_EQ(*copy.nodata(), -1.0);
}

TEST(GridView, RejectsStrideBelowColumns) {
  std::vector<int> buffer(6);
  EXPECT_THROW(GridView<int>(buffer.data(), 2, 3, 2), InvalidInputError);
  EXPECT_THROW(GridView<int>(nullptr, 2, 3), InvalidInputError);
}

TEST(GridView, ConstViewFromMutableGrid) {
  Grid<int> grid(2, 2, 7, -1);
  GridView<const int> view = grid.view();
  const Grid<int>& constant = grid;
  GridView<const int> same = constant.view();
  EXPECT_EQ(view(1, 1), 7);
  EXPECT_EQ(same.data(), view.data());
  EXPECT_EQ(*view.nodata(), -1);
  EXPECT_TRUE(view.contains(1, 1));
  EXPECT_FALSE(view.contains(2, 0));
  EXPECT_FALSE(view.contains(0, -1));
}

TEST(GeoTransform, CellCentreAndSizes) {
  GeoTransform t{1000.0, 10.0, 0.0, 5000.0, 0.0, -20.0};
  EXPECT_TRUE(t.is_north_up());
  EXPECT_DOUBLE_EQ(t.cell_width(), 10.0);
  EXPECT_DOUBLE_EQ(t.cell_height(), 20.0);
  const auto [x, y] = t.cell_centre(1, 2);
  EXPECT_DOUBLE_EQ(x, 1025.0);
  EXPECT_DOUBLE_EQ(y, 4970.0);
  EXPECT_EQ(GeoTransform::from_array(t.to_array()), t);
}

TEST(D8Neighbours, ClockwiseFromEast) {
  // E, SE, S, SW, W, NW, N, NE with rows growing southward.
  const int expected_rows[8] = {0, 1, 1, 1, 0, -1, -1, -1};
  const int expected_cols[8] = {1, 1, 0, -1, -1, -1, 0, 1};
  for (int d = 0; d < 8; ++d) {
    EXPECT_EQ(d8_row_offsets[d], expected_rows[d]) << "direction " << d;
    EXPECT_EQ(d8_col_offsets[d], expected_cols[d]) << "direction " << d;
    EXPECT_EQ(is_diagonal(d), d % 2 == 1);
    const int back = reverse_direction(d);
    EXPECT_EQ(d8_row_offsets[back], -expected_rows[d]);
    EXPECT_EQ(d8_col_offsets[back], -expected_cols[d]);
  }
}
