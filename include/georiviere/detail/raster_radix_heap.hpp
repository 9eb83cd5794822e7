// A monotone priority queue (radix heap) for Priority-Flood.
//
// Keys are cell elevations mapped to unsigned integers in the same order.
// A radix heap needs every pushed key to be at least the last popped key,
// which Priority-Flood guarantees because it only pushes cells higher than
// the cell it is processing. Push is O(1). Pop is amortized O(b) for b-bit
// keys (32 or 64), because an entry only ever moves to a lower one of the
// b + 1 buckets. Entries with equal keys come out in no defined order.
//
// Radix heaps are due to Ahuja, Mehlhorn, Orlin and Tarjan (1990), "Faster
// algorithms for the shortest path problem", Journal of the ACM 37, 213-223.
#pragma once

#include <array>
#include <bit>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <type_traits>
#include <vector>

namespace georiviere::detail {

// Unsigned key type wide enough for T.
template <typename T>
using RadixKey =
    std::conditional_t<(sizeof(T) > 4), std::uint64_t, std::uint32_t>;

// Maps a value to an unsigned key with the same order. NaN is not allowed.
// -0.0 maps just below +0.0.
template <typename T> RadixKey<T> radix_key(T value) {
  using Key = RadixKey<T>;
  constexpr Key sign = Key{1} << (sizeof(Key) * 8 - 1);
  if constexpr (std::is_same_v<T, float> || std::is_same_v<T, double>) {
    using Bits = std::conditional_t<std::is_same_v<T, float>, std::uint32_t,
                                    std::uint64_t>;
    const auto bits = static_cast<Key>(std::bit_cast<Bits>(value));
    return (bits & sign) != 0 ? static_cast<Key>(~bits) : (bits | sign);
  } else if constexpr (std::is_signed_v<T>) {
    return static_cast<Key>(static_cast<Key>(value) ^ sign);
  } else {
    return static_cast<Key>(value);
  }
}

template <typename T, typename Index> class RadixHeap {
public:
  using Key = RadixKey<T>;
  static constexpr int bucket_count = sizeof(Key) * 8 + 1;

  bool empty() const { return size_ == 0; }
  std::size_t size() const { return size_; }

  // Adds a cell. A key below the last popped one is treated as equal to it,
  // which Priority-Flood never needs.
  void push(T value, Index index) {
    Key key = radix_key(value);
    if (key < last_) {
      key = last_;
    }
    buckets_[bucket_of(key)].push_back(Entry{key, index});
    ++size_;
  }

  // Removes and returns the index of a cell with the smallest key. The heap
  // must not be empty.
  Index pop() {
    if (buckets_[0].empty()) {
      refill_lowest_bucket();
    }
    const Index index = buckets_[0].back().index;
    buckets_[0].pop_back();
    --size_;
    return index;
  }

private:
  struct Entry {
    Key key;
    Index index;
  };

  int bucket_of(Key key) const { return std::bit_width(key ^ last_); }

  // Moves the entries of the first non-empty bucket down after raising
  // last_ to their smallest key, so that those equal to it reach bucket 0.
  void refill_lowest_bucket() {
    int b = 1;
    while (buckets_[b].empty()) {
      ++b;
    }
    Key smallest = std::numeric_limits<Key>::max();
    for (const Entry& entry : buckets_[b]) {
      smallest = entry.key < smallest ? entry.key : smallest;
    }
    last_ = smallest;
    std::vector<Entry> moving;
    moving.swap(buckets_[b]);
    for (const Entry& entry : moving) {
      buckets_[bucket_of(entry.key)].push_back(entry);
    }
    moving.clear();
    // Keep the emptied bucket's capacity for later pushes.
    if (buckets_[b].empty()) {
      buckets_[b].swap(moving);
    }
  }

  std::array<std::vector<Entry>, bucket_count> buckets_;
  Key last_ = 0;
  std::size_t size_ = 0;
};

} // namespace georiviere::detail
