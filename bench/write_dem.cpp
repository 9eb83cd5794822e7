// Writes the synthetic DEM of generate_dem.hpp as a GeoTIFF, so that
// `georiviere dem` and GRASS GIS (compare_grass.py) read the same cells.
//
// Usage: write_dem OUTPUT.tif [ROWS [COLS [SEED]]]
// Defaults: 10000 x 10000 cells, seed 1.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>

#include "generate_dem.hpp"
#include "georiviere/io/raster_io.hpp"

namespace {

// Parses a positive count, or exits with a message naming the argument.
unsigned long long parse_count(const char* text, const char* name) {
  char* end = nullptr;
  const unsigned long long value = std::strtoull(text, &end, 10);
  if (end == text || *end != '\0' || value == 0) {
    std::fprintf(stderr,
                 "write_dem: invalid %s '%s': give a whole number "
                 "above 0\n",
                 name, text);
    std::exit(2);
  }
  return value;
}

} // namespace

int main(int argc, char** argv) {
  if (argc < 2 || argc > 5) {
    std::fprintf(stderr, "usage: write_dem OUTPUT.tif [ROWS [COLS [SEED]]]\n");
    return 2;
  }
  const std::string path = argv[1];
  const std::size_t rows = argc > 2 ? parse_count(argv[2], "ROWS") : 10000;
  const std::size_t cols = argc > 3 ? parse_count(argv[3], "COLS") : rows;
  const std::uint64_t seed = argc > 4 ? parse_count(argv[4], "SEED") : 1;
  try {
    const georiviere::Grid<float> dem =
        georiviere::bench::generate_dem(rows, cols, seed);
    georiviere::RasterWriteOptions options;
    options.deflate_level = 1;
    georiviere::write_raster<float>(
        dem.view(), "EPSG:" + std::to_string(georiviere::bench::generated_epsg),
        path, options);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "write_dem: %s\n", error.what());
    return 1;
  }
  std::printf("%s: %zu x %zu cells, seed %llu\n", path.c_str(), rows, cols,
              static_cast<unsigned long long>(seed));
  return 0;
}
