// Synthetic DEMs with realistic relief for the raster benchmarks.
//
// The surface is the sum of
// - a regional tilt: the grid falls by about 150 m from its north-west
//   corner to its south-east corner, so large rivers reach the edge;
// - fractional Brownian motion: octaves of value noise (random heights on a
//   square lattice, smoothstep-interpolated) from half the grid size down to
//   4 cells. Each octave's amplitude is proportional to its wavelength to the
//   power 0.7, which gives hills and closed basins at every scale;
// - valleys: V-shaped troughs up to 40 m deep along the level line 0.5 of
//   two low-frequency noise fields;
// - pits: one bowl 1 to 8 m deep and 2 to 20 cells wide per 20,000 cells,
//   like the artefacts of real DEMs and small karst sinks.
// Elevations span about 800 m (256 to 1054 m at 2000 x 2000 cells, seed 1),
// with 10 m cells in EPSG:2154 (RGF93 / Lambert-93). The generator is
// deterministic for a given seed, so a benchmark and the GRASS comparison see
// the same cells.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "georiviere/raster/grid.hpp"

namespace georiviere::bench {

namespace detail {

// SplitMix64 finaliser: a well-mixed 64-bit hash of `x`.
inline std::uint64_t mix_bits(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ull;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ull;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebull;
  return x ^ (x >> 31);
}

// Uniform value in [0, 1) from a hash.
inline float unit_value(std::uint64_t hash) {
  return static_cast<float>(hash >> 40) * (1.0f / 16777216.0f);
}

inline float smoothstep(float t) {
  return t * t * (3.0f - 2.0f * t);
}

// Value noise of one octave: random lattice heights in [0, 1) every
// `spacing` cells, interpolated with smoothstep.
class ValueNoise {
public:
  ValueNoise(std::size_t rows, std::size_t cols, double spacing,
             std::uint64_t seed)
      : spacing_(spacing),
        lattice_cols_(static_cast<std::size_t>(cols / spacing) + 2),
        lattice_(lattice_cols_ *
                 (static_cast<std::size_t>(rows / spacing) + 2)) {
    for (std::size_t i = 0; i < lattice_.size(); ++i) {
      lattice_[i] = unit_value(mix_bits(seed * 0x100000001b3ull + i));
    }
  }

  // Adds amplitude * noise to row r of `out`, which has `cols` values.
  void add_row(std::size_t r, std::size_t cols, float amplitude,
               float* out) const {
    const double y = static_cast<double>(r) / spacing_;
    const auto j = static_cast<std::size_t>(y);
    const float ty = smoothstep(static_cast<float>(y - j));
    const float* top = lattice_.data() + j * lattice_cols_;
    const float* bottom = top + lattice_cols_;
    const double step = 1.0 / spacing_;
    for (std::size_t c = 0; c < cols; ++c) {
      const double x = static_cast<double>(c) * step;
      const auto i = static_cast<std::size_t>(x);
      const float tx = smoothstep(static_cast<float>(x - i));
      const float upper = top[i] + (top[i + 1] - top[i]) * tx;
      const float lower = bottom[i] + (bottom[i + 1] - bottom[i]) * tx;
      out[c] += amplitude * (upper + (lower - upper) * ty);
    }
  }

  // Noise value at cell (r, c).
  float at(std::size_t r, std::size_t c) const {
    const double y = static_cast<double>(r) / spacing_;
    const double x = static_cast<double>(c) / spacing_;
    const auto j = static_cast<std::size_t>(y);
    const auto i = static_cast<std::size_t>(x);
    const float tx = smoothstep(static_cast<float>(x - i));
    const float ty = smoothstep(static_cast<float>(y - j));
    const float* top = lattice_.data() + j * lattice_cols_;
    const float* bottom = top + lattice_cols_;
    const float upper = top[i] + (top[i + 1] - top[i]) * tx;
    const float lower = bottom[i] + (bottom[i + 1] - bottom[i]) * tx;
    return upper + (lower - upper) * ty;
  }

private:
  double spacing_;
  std::size_t lattice_cols_;
  std::vector<float> lattice_;
};

} // namespace detail

inline constexpr double generated_cell_size_m = 10.0;
inline constexpr int generated_epsg = 2154;

// Returns a rows x cols float32 DEM as described at the top of this file,
// with 10 m cells and its origin at (700000, 6700000) in EPSG:2154. Has no
// nodata cells.
inline Grid<float> generate_dem(std::size_t rows, std::size_t cols,
                                std::uint64_t seed = 1) {
  Grid<float> dem(rows, cols, 0.0f);
  GeoTransform transform;
  transform.origin_x = 700000.0;
  transform.pixel_width = generated_cell_size_m;
  transform.origin_y = 6700000.0;
  transform.pixel_height = -generated_cell_size_m;
  dem.set_transform(transform);
  if (dem.empty()) {
    return dem;
  }

  const double extent = static_cast<double>(std::max(rows, cols));
  std::vector<detail::ValueNoise> octaves;
  std::vector<float> amplitudes;
  std::uint64_t salt = seed * 1000;
  for (double spacing = extent / 2.0; spacing >= 4.0; spacing /= 2.0) {
    octaves.emplace_back(rows, cols, spacing, ++salt);
    amplitudes.push_back(
        static_cast<float>(700.0 * std::pow(spacing / extent, 0.7)));
  }
  const detail::ValueNoise valley_a(rows, cols, extent / 6.0, ++salt);
  const detail::ValueNoise valley_b(rows, cols, extent / 17.0, ++salt);

  const float tilt = static_cast<float>(150.0 / (rows + cols));
  for (std::size_t r = 0; r < rows; ++r) {
    float* out = dem.row(r);
    for (std::size_t c = 0; c < cols; ++c) {
      out[c] = 150.0f - tilt * static_cast<float>(r + c);
    }
    for (std::size_t k = 0; k < octaves.size(); ++k) {
      octaves[k].add_row(r, cols, amplitudes[k], out);
    }
    for (std::size_t c = 0; c < cols; ++c) {
      const float a = std::abs(valley_a.at(r, c) - 0.5f);
      const float b = std::abs(valley_b.at(r, c) - 0.5f);
      const float near = std::max(0.0f, 1.0f - 8.0f * std::min(a, b));
      out[c] -= 40.0f * near * near;
    }
  }

  // Pits: bowls carved below the surface.
  const std::size_t pits = rows * cols / 20000;
  for (std::size_t p = 0; p < pits; ++p) {
    const std::uint64_t hash = detail::mix_bits(seed * 7919 + p);
    const auto pr = static_cast<std::ptrdiff_t>((hash & 0xffffff) % rows);
    const auto pc =
        static_cast<std::ptrdiff_t>(((hash >> 24) & 0xffffff) % cols);
    const int radius = 1 + static_cast<int>((hash >> 48) % 10);
    const float depth = 1.0f + static_cast<float>((hash >> 56) % 8);
    for (int dr = -radius; dr <= radius; ++dr) {
      for (int dc = -radius; dc <= radius; ++dc) {
        const auto r = pr + dr;
        const auto c = pc + dc;
        const int squared = dr * dr + dc * dc;
        if (r < 0 || c < 0 || r >= static_cast<std::ptrdiff_t>(rows) ||
            c >= static_cast<std::ptrdiff_t>(cols) ||
            squared > radius * radius) {
          continue;
        }
        const float share =
            1.0f - static_cast<float>(squared) / (radius * radius + 1);
        dem(static_cast<std::size_t>(r), static_cast<std::size_t>(c)) -=
            depth * share;
      }
    }
  }
  return dem;
}

} // namespace georiviere::bench
