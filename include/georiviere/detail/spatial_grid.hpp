// Uniform grids over points and line segments, used to find near and
// crossing geometry in about linear time on river networks.
//
// PointGrid hashes its cells and grows as points are added. ChunkGrid is
// built once and keeps only the cells that hold segments, sorted along a
// Z-order curve. So the memory of both follows the number of items, not
// the area of the extent. Queries return candidates from every cell that
// overlaps the query box: callers test the real geometry, and must accept
// a candidate more than once (an item that spans several cells).
#pragma once

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/core/error.hpp"
#include "georiviere/core/geometry.hpp"

namespace georiviere::detail {

// Mixes the bits of a 64-bit key (the finalizer of MurmurHash3).
inline std::uint64_t mix_bits(std::uint64_t key) {
  key ^= key >> 33;
  key *= 0xff51afd7ed558ccdULL;
  key ^= key >> 33;
  key *= 0xc4ceb9fe1a85ec53ULL;
  key ^= key >> 33;
  return key;
}

// Asks the processor to start loading the cache line at address, when the
// compiler offers a way to.
inline void prefetch(const void* address) {
#if defined(__GNUC__)
  __builtin_prefetch(address);
#else
  (void)address;
#endif
}

// Inclusive range of cells along the two axes; empty when first > last.
struct CellRange {
  std::int64_t first_column = 0;
  std::int64_t last_column = -1;
  std::int64_t first_row = 0;
  std::int64_t last_row = -1;

  bool empty() const {
    return first_column > last_column || first_row > last_row;
  }

  std::uint64_t cell_count() const {
    if (empty()) {
      return 0;
    }
    return static_cast<std::uint64_t>(last_column - first_column + 1) *
           static_cast<std::uint64_t>(last_row - first_row + 1);
  }
};

// Square cells anchored at the lower left corner of an extent. The cell
// size is enlarged when needed so that each axis has at most 2^30 cells,
// which keeps a cell's two coordinates packed in one 64-bit key.
class GridFrame {
public:
  GridFrame() = default;

  GridFrame(const Box& extent, double cell_size) {
    const double width = extent.empty() ? 0.0 : extent.max_x - extent.min_x;
    const double height = extent.empty() ? 0.0 : extent.max_y - extent.min_y;
    constexpr double max_cells = static_cast<double>(1 << 30);
    double size = std::max({cell_size, width / max_cells, height / max_cells});
    if (!(size > 0.0) || !std::isfinite(size)) {
      size = 1.0;
    }
    cell_size_ = size;
    inverse_ = 1.0 / size;
    min_x_ = extent.empty() ? 0.0 : extent.min_x;
    min_y_ = extent.empty() ? 0.0 : extent.min_y;
    columns_ = static_cast<std::int64_t>(width * inverse_) + 1;
    rows_ = static_cast<std::int64_t>(height * inverse_) + 1;
  }

  double cell_size() const { return cell_size_; }
  std::int64_t columns() const { return columns_; }
  std::int64_t rows() const { return rows_; }

  // Cells overlapping the box [min, max], clipped to the extent.
  CellRange cells(double min_x, double min_y, double max_x,
                  double max_y) const {
    CellRange range;
    range.first_column = std::max<std::int64_t>(0, column(min_x));
    range.last_column = std::min<std::int64_t>(columns_ - 1, column(max_x));
    range.first_row = std::max<std::int64_t>(0, row(min_y));
    range.last_row = std::min<std::int64_t>(rows_ - 1, row(max_y));
    return range;
  }

  CellRange cells_near(const Point& p, double radius) const {
    return cells(p.x - radius, p.y - radius, p.x + radius, p.y + radius);
  }

  // Key of the cell holding p, clamped to the extent.
  std::uint64_t cell_key(const Point& p) const {
    return key(std::clamp<std::int64_t>(column(p.x), 0, columns_ - 1),
               std::clamp<std::int64_t>(row(p.y), 0, rows_ - 1));
  }

  static std::uint64_t key(std::int64_t column, std::int64_t row) {
    return (static_cast<std::uint64_t>(column) << 32) |
           static_cast<std::uint64_t>(row);
  }

private:
  std::int64_t column(double x) const { return cell_index(x - min_x_); }
  std::int64_t row(double y) const { return cell_index(y - min_y_); }

  // Floor of offset / cell size, saturated far outside the extent.
  std::int64_t cell_index(double offset) const {
    const double index = std::floor(offset * inverse_);
    constexpr double limit = static_cast<double>(std::int64_t{1} << 40);
    return static_cast<std::int64_t>(std::clamp(index, -limit, limit));
  }

  double cell_size_ = 1.0;
  double inverse_ = 1.0;
  double min_x_ = 0.0;
  double min_y_ = 0.0;
  std::int64_t columns_ = 1;
  std::int64_t rows_ = 1;
};

// Points inserted one at a time, each found again by its index. Used to
// join line ends greedily: each end looks for the nodes made so far.
class PointGrid {
public:
  PointGrid(const GridFrame& frame, std::size_t expected_points)
      : frame_(frame) {
    points_.reserve(expected_points);
    next_.reserve(expected_points);
    resize_table(std::bit_ceil(std::max<std::size_t>(16, 2 * expected_points)));
  }

  std::size_t size() const { return points_.size(); }
  const Point& position(std::uint32_t index) const { return points_[index]; }
  const std::vector<Point>& positions() const { return points_; }

  // Adds a point and returns its index.
  std::uint32_t insert(const Point& p) {
    if (2 * (used_ + 1) > slots_.size()) {
      resize_table(2 * slots_.size());
    }
    const auto index = static_cast<std::uint32_t>(points_.size());
    points_.push_back(p);
    const std::uint64_t key = frame_.cell_key(p);
    Slot& slot = slots_[find_slot(key)];
    if (slot.key == empty_key) {
      slot = {key, no_point};
      ++used_;
    }
    next_.push_back(slot.head);
    slot.head = index;
    return index;
  }

  // Calls visit(index, position) for every point in the cells that overlap
  // the square of half-side `radius` around p.
  template <class Visit>
  void for_each_near(const Point& p, double radius, Visit&& visit) const {
    const CellRange range = frame_.cells_near(p, radius);
    for (std::int64_t c = range.first_column; c <= range.last_column; ++c) {
      for (std::int64_t r = range.first_row; r <= range.last_row; ++r) {
        const Slot& slot = slots_[find_slot(GridFrame::key(c, r))];
        for (std::uint32_t i = slot.head; i != no_point; i = next_[i]) {
          visit(i, points_[i]);
        }
      }
    }
  }

private:
  static constexpr std::uint64_t empty_key =
      std::numeric_limits<std::uint64_t>::max();
  static constexpr std::uint32_t no_point =
      std::numeric_limits<std::uint32_t>::max();

  // A cell of the open-addressing hash table and its first point. Empty
  // slots have no point.
  struct Slot {
    std::uint64_t key = empty_key;
    std::uint32_t head = no_point;
  };

  // Slot holding the key, or the empty slot where it would go.
  std::size_t find_slot(std::uint64_t key) const {
    const std::size_t mask = slots_.size() - 1;
    std::size_t slot = mix_bits(key) & mask;
    while (slots_[slot].key != empty_key && slots_[slot].key != key) {
      slot = (slot + 1) & mask;
    }
    return slot;
  }

  void resize_table(std::size_t size) {
    std::vector<Slot> old(size);
    old.swap(slots_);
    for (const Slot& slot : old) {
      if (slot.key != empty_key) {
        slots_[find_slot(slot.key)] = slot;
      }
    }
  }

  GridFrame frame_;
  std::vector<Slot> slots_;
  std::size_t used_ = 0;
  std::vector<Point> points_;
  std::vector<std::uint32_t> next_; // next point of the same cell
};

// Spreads the low 21 bits of v to the even bits of the result.
inline std::uint64_t spread_bits(std::uint32_t v) {
  std::uint64_t x = v & 0x1fffffU;
  x = (x | x << 32) & 0x1f00000000ffffULL;
  x = (x | x << 16) & 0x1f0000ff0000ffULL;
  x = (x | x << 8) & 0x100f00f00f00f00fULL;
  x = (x | x << 4) & 0x10c30c30c30c30c3ULL;
  x = (x | x << 2) & 0x1249249249249249ULL;
  return x;
}

// The indices 0..count-1 sorted along a Z-order (Morton) curve through
// position_of(i), so that items processed in this order are mostly near the
// items processed just before, and their data is still in cache.
template <class PositionOf>
std::vector<std::uint32_t> spatial_order(std::size_t count,
                                         PositionOf&& position_of) {
  Box extent;
  for (std::size_t i = 0; i < count; ++i) {
    extent.expand(position_of(i));
  }
  const double span =
      std::max(extent.max_x - extent.min_x, extent.max_y - extent.min_y);
  const double scale = span > 0.0 ? ((1 << 21) - 1) / span : 0.0;
  std::vector<std::pair<std::uint64_t, std::uint32_t>> keyed(count);
  for (std::size_t i = 0; i < count; ++i) {
    const Point p = position_of(i);
    const auto x = static_cast<std::uint32_t>((p.x - extent.min_x) * scale);
    const auto y = static_cast<std::uint32_t>((p.y - extent.min_y) * scale);
    keyed[i] = {spread_bits(x) | (spread_bits(y) << 1),
                static_cast<std::uint32_t>(i)};
  }
  std::sort(keyed.begin(), keyed.end());
  std::vector<std::uint32_t> order(count);
  for (std::size_t i = 0; i < count; ++i) {
    order[i] = keyed[i].second;
  }
  return order;
}

// A run of consecutive segments of one line: the segments first to end - 1
// (segment j goes from vertex j to vertex j + 1), with their bounding box.
// In a ChunkGrid, the vertices first to end of the chunk are stored from
// index points_begin of ChunkGrid::points().
struct SegmentChunk {
  Box box;
  std::uint32_t line = 0;
  std::uint32_t first = 0;
  std::uint32_t end = 0;
  std::uint32_t points_begin = 0;
};

// Cuts each line into chunks of at most max_segments segments whose
// bounding box is at most max_extent wide and tall. A segment longer than
// max_extent makes a chunk of its own. points_of(i) returns the vertices
// of line i as a std::vector<Point>.
template <class PointsOf>
std::vector<SegmentChunk> make_chunks(std::size_t line_count,
                                      PointsOf&& points_of,
                                      std::size_t max_segments,
                                      double max_extent) {
  std::vector<SegmentChunk> chunks;
  // Most lines make one chunk, some two.
  chunks.reserve(line_count + line_count / 4);
  for (std::size_t i = 0; i < line_count; ++i) {
    const std::vector<Point>& points = points_of(i);
    if (points.size() < 2) {
      continue;
    }
    SegmentChunk chunk;
    chunk.line = static_cast<std::uint32_t>(i);
    chunk.box.expand(points[0]);
    for (std::uint32_t s = 0; s + 1 < points.size(); ++s) {
      Box grown = chunk.box;
      grown.expand(points[s + 1]);
      const bool full = chunk.end - chunk.first >= max_segments ||
                        grown.max_x - grown.min_x > max_extent ||
                        grown.max_y - grown.min_y > max_extent;
      if (chunk.end > chunk.first && full) {
        chunks.push_back(chunk);
        chunk.first = s;
        chunk.box = Box();
        chunk.box.expand(points[s]);
        chunk.box.expand(points[s + 1]);
      } else {
        chunk.box = grown;
      }
      chunk.end = s + 1;
    }
    chunks.push_back(chunk);
  }
  return chunks;
}

using KeyedIndex = std::pair<std::uint64_t, std::uint32_t>;

// Sorts by key with a least significant digit radix sort over the low
// key_bits bits of the keys, which must have no higher bits set. Stable:
// items with equal keys keep their order. O(n * key_bits / 11).
inline void radix_sort(std::vector<KeyedIndex>& items, int key_bits) {
  constexpr int digit_bits = 11;
  constexpr std::size_t digits = std::size_t{1} << digit_bits;
  std::vector<KeyedIndex> buffer(items.size());
  std::vector<std::size_t> counts(digits);
  for (int shift = 0; shift < key_bits; shift += digit_bits) {
    std::fill(counts.begin(), counts.end(), 0);
    for (const KeyedIndex& item : items) {
      ++counts[(item.first >> shift) & (digits - 1)];
    }
    std::size_t total = 0;
    for (std::size_t& count : counts) {
      const std::size_t start = total;
      total += count;
      count = start;
    }
    for (const KeyedIndex& item : items) {
      buffer[counts[(item.first >> shift) & (digits - 1)]++] = item;
    }
    items.swap(buffer);
  }
}

// Interleaves the bits of a cell's column and row (Z-order, or Morton,
// key), so that cells near each other mostly get keys near each other.
inline std::uint64_t morton_key(std::int64_t column, std::int64_t row) {
  const auto spread = [](std::uint64_t x) {
    x &= 0xffffffffULL;
    x = (x | x << 16) & 0x0000ffff0000ffffULL;
    x = (x | x << 8) & 0x00ff00ff00ff00ffULL;
    x = (x | x << 4) & 0x0f0f0f0f0f0f0f0fULL;
    x = (x | x << 2) & 0x3333333333333333ULL;
    x = (x | x << 1) & 0x5555555555555555ULL;
    return x;
  };
  return spread(static_cast<std::uint64_t>(column)) |
         (spread(static_cast<std::uint64_t>(row)) << 1);
}

// The first and last vertex of a line, with a number that the owner of the
// grid attaches to each, such as the ids of the line's end nodes.
struct LineEnds {
  Point first;
  Point last;
  std::uint32_t first_tag = 0;
  std::uint32_t last_tag = 0;
};

// Attaches no numbers to line ends.
struct NoLineTags {
  std::pair<std::uint32_t, std::uint32_t> operator()(std::size_t) const {
    return {0, 0};
  }
};

// A static index of segment chunks. Each chunk is listed in every cell
// that one of its segments passes through. Chunks and cells are both
// sorted along a Z-order curve, so a pass over the chunks in index order
// reads the index almost sequentially.
class ChunkGrid {
public:
  ChunkGrid() = default;

  // points_of(i) returns the vertices of line i, the line numbering used
  // by the chunks, and tags_of(i) the numbers attached to the first and
  // last vertex of line i (see line_ends()). The chunks are reordered.
  template <class PointsOf, class TagsOf = NoLineTags>
  ChunkGrid(const GridFrame& frame, std::vector<SegmentChunk> chunks,
            PointsOf&& points_of, TagsOf&& tags_of = TagsOf())
      : frame_(frame) {
    // Cells are listed in the given chunk order, which follows the lines
    // and so usually their memory, and renumbered after sorting.
    const std::vector<std::uint32_t> new_index = sort_chunks(chunks);

    // (cell key, chunk) for every cell of every chunk, sorted by cell.
    std::vector<KeyedIndex> listed;
    listed.reserve(3 * chunks.size());
    std::vector<std::uint64_t> keys;
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      keys.clear();
      const SegmentChunk& chunk = chunks[c];
      // A chunk no wider than a cell spans at most 2 x 2 cells: list them
      // all, since few segments miss one of them. Only a longer segment,
      // which makes a chunk of its own, lists the cells it passes through.
      const CellRange box_cells =
          frame_.cells(chunk.box.min_x, chunk.box.min_y, chunk.box.max_x,
                       chunk.box.max_y);
      if (box_cells.cell_count() <= 4) {
        add_range_cells(box_cells, keys);
      } else {
        const std::vector<Point>& points = points_of(chunk.line);
        for (std::uint32_t s = chunk.first; s < chunk.end; ++s) {
          add_segment_cells(points[s], points[s + 1], keys);
        }
      }
      std::sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
      for (const std::uint64_t key : keys) {
        listed.emplace_back(key, new_index[c]);
      }
    }
    chunks = {};
    radix_sort(listed, key_bits());

    // Cells with their chunks, and each chunk's cells, both as compressed
    // sparse rows.
    entries_.resize(listed.size());
    std::vector<std::uint32_t> cell_of_entry(listed.size());
    for (std::size_t k = 0; k < listed.size(); ++k) {
      if (k == 0 || listed[k].first != listed[k - 1].first) {
        cell_keys_.push_back(listed[k].first);
        cell_offsets_.push_back(static_cast<std::uint32_t>(k));
      }
      entries_[k] = listed[k].second;
      cell_of_entry[k] = static_cast<std::uint32_t>(cell_keys_.size() - 1);
    }
    cell_offsets_.push_back(static_cast<std::uint32_t>(listed.size()));
    listed = {};

    chunk_offsets_.assign(chunks_.size() + 1, 0);
    for (const std::uint32_t c : entries_) {
      ++chunk_offsets_[c + 1];
    }
    for (std::size_t c = 0; c < chunks_.size(); ++c) {
      chunk_offsets_[c + 1] += chunk_offsets_[c];
    }
    chunk_cells_.resize(entries_.size());
    std::vector<std::uint32_t> fill(chunk_offsets_.begin(),
                                    chunk_offsets_.end() - 1);
    for (std::size_t k = 0; k < entries_.size(); ++k) {
      chunk_cells_[fill[entries_[k]]++] = cell_of_entry[k];
    }
    fill = {};
    cell_of_entry = {};
    copy_chunk_points(new_index, points_of, tags_of);
  }

  const std::vector<SegmentChunk>& chunks() const { return chunks_; }
  const SegmentChunk& chunk(std::size_t c) const { return chunks_[c]; }

  // Vertices of every chunk, chunk after chunk in index order.
  const std::vector<Point>& points() const { return points_; }

  // Vertices first to end of chunk c: vertex v of its line is at index
  // v - chunk(c).first.
  std::span<const Point> chunk_points(std::size_t c) const {
    const SegmentChunk& chunk = chunks_[c];
    return {points_.data() + chunk.points_begin,
            std::size_t{chunk.end - chunk.first} + 1};
  }

  // The first and last vertex of the line of chunk c, with their tags.
  const LineEnds& line_ends(std::size_t c) const { return line_ends_[c]; }

  // Indices of the cells the chunk passes through, increasing.
  std::span<const std::uint32_t> cells_of(std::size_t c) const {
    return {chunk_cells_.data() + chunk_offsets_[c],
            chunk_cells_.data() + chunk_offsets_[c + 1]};
  }

  // Chunks listed in a cell.
  std::span<const std::uint32_t> chunks_in(std::size_t cell) const {
    return {entries_.data() + cell_offsets_[cell],
            entries_.data() + cell_offsets_[cell + 1]};
  }

  // Calls visit(chunk index) for each chunk whose box lies within `radius`
  // of p (in each axis), possibly more than once.
  template <class Visit>
  void for_each_near(const Point& p, double radius, Visit&& visit) const {
    const auto near = [&](const SegmentChunk& chunk) {
      return p.x >= chunk.box.min_x - radius &&
             p.x <= chunk.box.max_x + radius &&
             p.y >= chunk.box.min_y - radius &&
             p.y <= chunk.box.max_y + radius;
    };
    const CellRange range = frame_.cells_near(p, radius);
    if (range.cell_count() > cell_keys_.size()) {
      for (std::uint32_t c = 0; c < chunks_.size(); ++c) {
        if (near(chunks_[c])) {
          visit(c);
        }
      }
      return;
    }
    for (std::int64_t column = range.first_column;
         column <= range.last_column; ++column) {
      for (std::int64_t row = range.first_row; row <= range.last_row; ++row) {
        const std::uint64_t key = morton_key(column, row);
        const auto found =
            std::lower_bound(cell_keys_.begin(), cell_keys_.end(), key);
        if (found == cell_keys_.end() || *found != key) {
          continue;
        }
        for (const std::uint32_t c :
             chunks_in(static_cast<std::size_t>(found - cell_keys_.begin()))) {
          if (near(chunks_[c])) {
            visit(c);
          }
        }
      }
    }
  }

private:
  // Copies the vertices of the chunks, chunk after chunk in index order,
  // into points_, and the end vertices of their lines into line_ends_. The
  // passes over the chunks then read the vertices of neighbouring chunks
  // from nearby memory, wherever the lines themselves are stored.
  // new_index[c] is the index of the c-th chunk in the given order.
  template <class PointsOf, class TagsOf>
  void copy_chunk_points(const std::vector<std::uint32_t>& new_index,
                         PointsOf&& points_of, TagsOf&& tags_of) {
    std::size_t total = 0;
    for (SegmentChunk& chunk : chunks_) {
      if (total > std::numeric_limits<std::uint32_t>::max()) {
        break;
      }
      chunk.points_begin = static_cast<std::uint32_t>(total);
      total += std::size_t{chunk.end - chunk.first} + 1;
    }
    if (total > std::numeric_limits<std::uint32_t>::max()) {
      throw InvalidInputError(
          "too many vertices for the segment index, which holds at most "
          "2^32 - 1; split the input into smaller parts");
    }
    points_.resize(total);
    line_ends_.resize(chunks_.size());
    // In the given order the lines are read one after the other, which
    // costs fewer cache misses than reading them in index order.
    for (const std::uint32_t c : new_index) {
      const SegmentChunk& chunk = chunks_[c];
      const std::vector<Point>& line_points = points_of(chunk.line);
      std::copy(line_points.begin() + chunk.first,
                line_points.begin() + chunk.end + 1,
                points_.begin() + chunk.points_begin);
      const auto [first_tag, last_tag] = tags_of(chunk.line);
      line_ends_[c] = {line_points.front(), line_points.back(), first_tag,
                       last_tag};
    }
  }

  // Number of significant bits in the Z-order keys of the grid's cells.
  int key_bits() const {
    const std::int64_t size = std::max(frame_.columns(), frame_.rows());
    return 2 * std::bit_width(static_cast<std::uint64_t>(size));
  }

  // Stores the chunks sorted by the Z-order key of the cell of their box
  // centre, and returns the new index of each chunk.
  std::vector<std::uint32_t>
  sort_chunks(const std::vector<SegmentChunk>& chunks) {
    std::vector<KeyedIndex> keyed(chunks.size());
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      const Box& box = chunks[c].box;
      const CellRange cell =
          frame_.cells_near({0.5 * (box.min_x + box.max_x),
                             0.5 * (box.min_y + box.max_y)},
                            0.0);
      keyed[c] = {morton_key(cell.first_column, cell.first_row),
                  static_cast<std::uint32_t>(c)};
    }
    radix_sort(keyed, key_bits());
    std::vector<std::uint32_t> new_index(chunks.size());
    for (std::size_t k = 0; k < keyed.size(); ++k) {
      new_index[keyed[k].second] = static_cast<std::uint32_t>(k);
    }
    // Scattered writes stall less than scattered reads.
    chunks_.resize(chunks.size());
    for (std::size_t c = 0; c < chunks.size(); ++c) {
      chunks_[new_index[c]] = chunks[c];
    }
    return new_index;
  }

  // Adds the keys of the cells that segment [a, b] passes through. A
  // segment longer than a cell is cut into pieces no longer than a cell,
  // and each piece adds the cells of its bounding box, padded by a
  // millionth of a cell to absorb the rounding of the cut points.
  void add_segment_cells(const Point& a, const Point& b,
                         std::vector<std::uint64_t>& keys) const {
    const double cell = frame_.cell_size();
    const double dx = b.x - a.x;
    const double dy = b.y - a.y;
    const double length2 = dx * dx + dy * dy;
    if (length2 <= cell * cell) {
      add_box_cells(a, b, 0.0, keys);
      return;
    }
    const auto pieces =
        static_cast<std::size_t>(std::ceil(std::sqrt(length2) / cell));
    const double pad = cell * 1e-6;
    Point start = a;
    for (std::size_t k = 1; k <= pieces; ++k) {
      const double t = static_cast<double>(k) / static_cast<double>(pieces);
      const Point end = k == pieces ? b : Point{a.x + t * dx, a.y + t * dy};
      add_box_cells(start, end, pad, keys);
      start = end;
    }
  }

  void add_box_cells(const Point& a, const Point& b, double pad,
                     std::vector<std::uint64_t>& keys) const {
    add_range_cells(frame_.cells(std::min(a.x, b.x) - pad,
                                 std::min(a.y, b.y) - pad,
                                 std::max(a.x, b.x) + pad,
                                 std::max(a.y, b.y) + pad),
                    keys);
  }

  static void add_range_cells(const CellRange& range,
                              std::vector<std::uint64_t>& keys) {
    for (std::int64_t c = range.first_column; c <= range.last_column; ++c) {
      for (std::int64_t r = range.first_row; r <= range.last_row; ++r) {
        keys.push_back(morton_key(c, r));
      }
    }
  }

  GridFrame frame_;
  std::vector<SegmentChunk> chunks_;
  std::vector<std::uint64_t> cell_keys_;     // sorted
  std::vector<std::uint32_t> cell_offsets_;  // into entries_, per cell
  std::vector<std::uint32_t> entries_;       // chunk indices
  std::vector<std::uint32_t> chunk_offsets_; // into chunk_cells_
  std::vector<std::uint32_t> chunk_cells_;   // cell indices
  std::vector<Point> points_;                // vertices, chunk after chunk
  std::vector<LineEnds> line_ends_;           // per chunk
};

} // namespace georiviere::detail
