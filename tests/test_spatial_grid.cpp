#include "georiviere/detail/spatial_grid.hpp"

#include <algorithm>
#include <cstdint>
#include <set>
#include <span>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace georiviere::detail {
namespace {

TEST(SpatialGrid, RadixSortIsStable) {
  std::vector<KeyedIndex> items = {
      {5, 0}, {3, 1}, {5, 2}, {4000, 3}, {0, 4}, {3, 5}, {4000, 6}};
  radix_sort(items, 12);
  const std::vector<KeyedIndex> expected = {
      {0, 4}, {3, 1}, {3, 5}, {5, 0}, {5, 2}, {4000, 3}, {4000, 6}};
  EXPECT_EQ(items, expected);
}

TEST(SpatialGrid, MortonKeyInterleavesBits) {
  EXPECT_EQ(morton_key(0, 0), 0u);
  EXPECT_EQ(morton_key(1, 0), 1u);
  EXPECT_EQ(morton_key(0, 1), 2u);
  EXPECT_EQ(morton_key(1, 1), 3u);
  EXPECT_EQ(morton_key(2, 0), 4u);
  EXPECT_EQ(morton_key(3, 3), 15u);
}

TEST(SpatialGrid, FrameClipsCellsToExtent) {
  Box extent;
  extent.expand(Point{0, 0});
  extent.expand(Point{100, 50});
  const GridFrame frame(extent, 10.0);
  EXPECT_EQ(frame.columns(), 11);
  EXPECT_EQ(frame.rows(), 6);

  const CellRange range = frame.cells_near({5, 5}, 10.0);
  EXPECT_EQ(range.first_column, 0);
  EXPECT_EQ(range.last_column, 1);
  EXPECT_EQ(range.first_row, 0);
  EXPECT_EQ(range.last_row, 1);
  EXPECT_TRUE(frame.cells_near({-50, -50}, 1.0).empty());
}

TEST(SpatialGrid, FrameEnlargesTinyCells) {
  Box extent;
  extent.expand(Point{0, 0});
  extent.expand(Point{1e6, 1e6});
  // A cell size of 0 (exact matching) becomes extent / 2^30.
  const GridFrame frame(extent, 0.0);
  EXPECT_GT(frame.cell_size(), 0.0);
  EXPECT_LE(frame.columns(), (std::int64_t{1} << 30) + 1);
}

TEST(SpatialGrid, PointGridFindsNearPoints) {
  Box extent;
  extent.expand(Point{0, 0});
  extent.expand(Point{100, 100});
  PointGrid grid(GridFrame(extent, 2.0), 4);
  EXPECT_EQ(grid.insert({10, 10}), 0u);
  EXPECT_EQ(grid.insert({10.5, 10}), 1u);
  EXPECT_EQ(grid.insert({50, 50}), 2u);
  // Growing the hash table keeps every point.
  for (int i = 0; i < 100; ++i) {
    grid.insert({static_cast<double>(i), 90.0});
  }
  EXPECT_EQ(grid.size(), 103u);

  std::set<std::uint32_t> found;
  grid.for_each_near({10.2, 10}, 0.5, [&](std::uint32_t index, const Point&) {
    found.insert(index);
  });
  EXPECT_TRUE(found.count(0));
  EXPECT_TRUE(found.count(1));
  EXPECT_FALSE(found.count(2));
  EXPECT_EQ(grid.position(2), (Point{50, 50}));
}

TEST(SpatialGrid, ChunksRespectSizeLimits) {
  std::vector<std::vector<Point>> lines(2);
  for (int i = 0; i <= 40; ++i) {
    lines[0].push_back({static_cast<double>(i), 0.0});
  }
  lines[1] = {{0, 10}, {1, 10}, {500, 10}, {501, 10}};
  const auto points_of = [&](std::size_t i) -> const std::vector<Point>& {
    return lines[i];
  };
  const std::vector<SegmentChunk> chunks =
      make_chunks(lines.size(), points_of, 16, 100.0);

  // Line 0: 40 segments in chunks of 16, 16 and 8.
  ASSERT_EQ(chunks.size(), 6u);
  EXPECT_EQ(chunks[0].first, 0u);
  EXPECT_EQ(chunks[0].end, 16u);
  EXPECT_EQ(chunks[2].first, 32u);
  EXPECT_EQ(chunks[2].end, 40u);
  EXPECT_DOUBLE_EQ(chunks[1].box.min_x, 16.0);
  EXPECT_DOUBLE_EQ(chunks[1].box.max_x, 32.0);
  // Line 1: the 499 m segment makes a chunk of its own.
  EXPECT_EQ(chunks[3].line, 1u);
  EXPECT_EQ(chunks[3].end, 1u);
  EXPECT_EQ(chunks[4].first, 1u);
  EXPECT_EQ(chunks[4].end, 2u);
  EXPECT_EQ(chunks[5].first, 2u);
}

TEST(SpatialGrid, ChunkGridFindsLongDiagonal) {
  // One 1414 m diagonal segment on a grid of 10 m cells, and a short one.
  std::vector<std::vector<Point>> lines = {{{0, 0}, {1000, 1000}},
                                           {{0, 990}, {5, 995}}};
  const auto points_of = [&](std::size_t i) -> const std::vector<Point>& {
    return lines[i];
  };
  std::vector<SegmentChunk> chunks =
      make_chunks(lines.size(), points_of, 16, 10.0);
  Box extent;
  for (const SegmentChunk& chunk : chunks) {
    extent.expand(chunk.box);
  }
  const ChunkGrid grid(GridFrame(extent, 10.0), std::move(chunks), points_of);

  // The diagonal is listed along its path only, not over its whole box
  // (100 x 100 cells).
  std::size_t diagonal = 0;
  while (grid.chunk(diagonal).line != 0) {
    ++diagonal;
  }
  EXPECT_LE(grid.cells_of(diagonal).size(), 600u);
  EXPECT_GE(grid.cells_of(diagonal).size(), 100u);

  const auto lines_near = [&](const Point& p, double radius) {
    std::set<std::uint32_t> found;
    grid.for_each_near(p, radius, [&](std::uint32_t c) {
      found.insert(grid.chunk(c).line);
    });
    return found;
  };
  EXPECT_EQ(lines_near({500.3, 499.8}, 0.5), std::set<std::uint32_t>{0});
  EXPECT_EQ(lines_near({2, 992}, 1.0), std::set<std::uint32_t>{1});
  EXPECT_TRUE(lines_near({900, 100}, 1.0).empty());

  // Each cell lists the chunks that pass through it.
  for (std::size_t c = 0; c < grid.chunks().size(); ++c) {
    for (const std::uint32_t cell : grid.cells_of(c)) {
      const std::span<const std::uint32_t> listed = grid.chunks_in(cell);
      EXPECT_NE(std::find(listed.begin(), listed.end(), c), listed.end());
    }
  }
}

TEST(SpatialGrid, ChunkGridCopiesVerticesAndTags) {
  // Line 0 crosses 30 cells of 10 m and is cut into 3 chunks of 10 m;
  // line 1 is short.
  std::vector<std::vector<Point>> lines(2);
  for (int i = 0; i <= 30; ++i) {
    lines[0].push_back({static_cast<double>(i), 0.5});
  }
  lines[1] = {{3, 20}, {4, 21}, {5, 20}};
  const auto points_of = [&](std::size_t i) -> const std::vector<Point>& {
    return lines[i];
  };
  const auto tags_of = [](std::size_t i) {
    return std::pair<std::uint32_t, std::uint32_t>(
        static_cast<std::uint32_t>(10 * i + 1),
        static_cast<std::uint32_t>(10 * i + 2));
  };
  std::vector<SegmentChunk> chunks =
      make_chunks(lines.size(), points_of, 16, 10.0);
  ASSERT_EQ(chunks.size(), 4u);
  Box extent;
  for (const SegmentChunk& chunk : chunks) {
    extent.expand(chunk.box);
  }
  const ChunkGrid grid(GridFrame(extent, 10.0), std::move(chunks),
                       points_of, tags_of);

  ASSERT_EQ(grid.chunks().size(), 4u);
  std::size_t copied = 0;
  for (std::size_t c = 0; c < grid.chunks().size(); ++c) {
    const SegmentChunk& chunk = grid.chunk(c);
    const std::span<const Point> points = grid.chunk_points(c);
    ASSERT_EQ(points.size(), chunk.end - chunk.first + 1u);
    for (std::size_t j = 0; j < points.size(); ++j) {
      EXPECT_EQ(points[j], lines[chunk.line][chunk.first + j]);
    }
    // Chunks are stored one after the other in index order.
    EXPECT_EQ(chunk.points_begin, copied);
    copied += points.size();

    const LineEnds& ends = grid.line_ends(c);
    EXPECT_EQ(ends.first, lines[chunk.line].front());
    EXPECT_EQ(ends.last, lines[chunk.line].back());
    EXPECT_EQ(ends.first_tag, 10 * chunk.line + 1);
    EXPECT_EQ(ends.last_tag, 10 * chunk.line + 2);
  }
  EXPECT_EQ(grid.points().size(), copied);
}

TEST(SpatialGrid, SpatialOrderFollowsZCurve) {
  const std::vector<Point> points = {{10, 10}, {0, 0}, {10, 0}, {0, 10}};
  const std::vector<std::uint32_t> order = spatial_order(
      points.size(), [&](std::size_t i) { return points[i]; });
  EXPECT_EQ(order, (std::vector<std::uint32_t>{1, 2, 3, 0}));
}

} // namespace
} // namespace georiviere::detail
