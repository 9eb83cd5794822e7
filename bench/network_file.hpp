// Reading and writing river lines in the benchmark exchange format, a raw
// little-endian binary file that numpy reads without parsing.
//
// Layout (all integers unsigned, little-endian):
//   offset 0   8 bytes   magic "GRVLINES"
//   offset 8   uint32    format version, 1
//   offset 12  uint32    reserved, 0
//   offset 16  uint64    line count L
//   offset 24  uint64    vertex count V (sum of the per-line counts)
//   offset 32  uint32[L] vertex count of each line, in line order
//   then zero to four bytes of zero padding up to a multiple of 8
//   then       float64[2 V] x and y of every vertex, line after line,
//              each line in digitised order
// Coordinates are in metres in a projected CRS. Only X and Y are stored.
#pragma once

#include <bit>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <stdexcept>
#include <string>
#include <vector>

#include "georiviere/core/line_set.hpp"

namespace georiviere::bench {

inline constexpr char network_file_magic[8] = {'G', 'R', 'V', 'L',
                                               'I', 'N', 'E', 'S'};
inline constexpr std::uint32_t network_file_version = 1;

static_assert(std::endian::native == std::endian::little,
              "the benchmark exchange format is written as little-endian "
              "by a plain memory copy");

// Writes the lines' X and Y to `path`. Throws std::runtime_error when the
// file cannot be written.
inline void write_network_file(const std::string& path, const LineSet& set) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  if (!out) {
    throw std::runtime_error("failed to open " + path +
                             " for writing: check that its directory "
                             "exists and is writable");
  }

  std::vector<std::uint32_t> counts;
  counts.reserve(set.lines.size());
  std::uint64_t vertex_count = 0;
  for (const SourceLine& line : set.lines) {
    counts.push_back(static_cast<std::uint32_t>(line.geometry.size()));
    vertex_count += line.geometry.size();
  }

  const std::uint32_t reserved = 0;
  const std::uint64_t line_count = counts.size();
  out.write(network_file_magic, sizeof network_file_magic);
  out.write(reinterpret_cast<const char*>(&network_file_version), 4);
  out.write(reinterpret_cast<const char*>(&reserved), 4);
  out.write(reinterpret_cast<const char*>(&line_count), 8);
  out.write(reinterpret_cast<const char*>(&vertex_count), 8);
  out.write(reinterpret_cast<const char*>(counts.data()),
            static_cast<std::streamsize>(counts.size() * 4));
  const char padding[8] = {};
  out.write(padding, static_cast<std::streamsize>((counts.size() % 2) * 4));

  // Point is two doubles with no padding, so a line's vertices are one
  // contiguous block of x, y pairs.
  static_assert(sizeof(Point) == 2 * sizeof(double));
  for (const SourceLine& line : set.lines) {
    out.write(reinterpret_cast<const char*>(line.geometry.points.data()),
              static_cast<std::streamsize>(line.geometry.size() *
                                           sizeof(Point)));
  }
  if (!out.flush()) {
    throw std::runtime_error("writing " + path +
                             " failed: check the free disk space");
  }
}

// Reads a file written by write_network_file(). Line i gets fid i + 1 and
// attribute row i in a table without fields. Throws std::runtime_error for a
// missing, truncated or foreign file.
inline LineSet read_network_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) {
    throw std::runtime_error(path + " not found or not readable");
  }

  char magic[8] = {};
  std::uint32_t version = 0;
  std::uint32_t reserved = 0;
  std::uint64_t line_count = 0;
  std::uint64_t vertex_count = 0;
  in.read(magic, 8);
  in.read(reinterpret_cast<char*>(&version), 4);
  in.read(reinterpret_cast<char*>(&reserved), 4);
  in.read(reinterpret_cast<char*>(&line_count), 8);
  in.read(reinterpret_cast<char*>(&vertex_count), 8);
  if (!in || std::memcmp(magic, network_file_magic, 8) != 0 ||
      version != network_file_version) {
    throw std::runtime_error(path + " is not a version 1 GRVLINES file; "
                             "write it with export_network");
  }
  if (line_count > 0xFFFFFFFFull) {
    throw std::runtime_error(path + ": line count " +
                             std::to_string(line_count) +
                             " exceeds 2^32 - 1");
  }

  std::vector<std::uint32_t> counts(line_count);
  in.read(reinterpret_cast<char*>(counts.data()),
          static_cast<std::streamsize>(line_count * 4));
  in.ignore(static_cast<std::streamsize>((line_count % 2) * 4));

  LineSet set;
  set.lines.resize(line_count);
  set.attributes.fids.resize(line_count);
  set.attributes.rows.resize(line_count);
  std::uint64_t vertices_read = 0;
  for (std::uint64_t i = 0; i < line_count && in; ++i) {
    SourceLine& line = set.lines[i];
    line.fid = static_cast<std::int64_t>(i) + 1;
    line.row = static_cast<std::uint32_t>(i);
    line.geometry.points.resize(counts[i]);
    in.read(reinterpret_cast<char*>(line.geometry.points.data()),
            static_cast<std::streamsize>(counts[i] * sizeof(Point)));
    vertices_read += counts[i];
    set.attributes.fids[i] = line.fid;
  }
  if (!in || vertices_read != vertex_count) {
    throw std::runtime_error(path + " is truncated or its vertex count (" +
                             std::to_string(vertex_count) +
                             ") does not match the per-line counts");
  }
  // NOTE: the file stores no CRS. The benchmark networks use Lambert-93
  // coordinates, and build_network() only copies the CRS to its result.
  set.crs_wkt = "EPSG:2154";
  set.source = path;
  return set;
}

} // namespace georiviere::bench
