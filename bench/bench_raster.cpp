// Google Benchmark of the DEM kernels on the synthetic DEM of
// generate_dem.hpp: depression filling, D8 flow directions and flow
// accumulation, the last two on 1 and 2 threads. Throughput is reported as
// items_per_second, one item per cell.
//
// The DEM is GEORIVIERE_BENCH_DEM_SIZE cells square (default 10000, the
// size of the performance targets in docs/benchmarks_dem.md). It is
// generated once per process and kept with its filled copy and its
// directions: 0.9 GB at the default size, plus up to 0.8 GB for the grid
// that a benchmark writes.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include <benchmark/benchmark.h>

#include "generate_dem.hpp"
#include "georiviere/raster/fill_depressions.hpp"
#include "georiviere/raster/flow_accumulation.hpp"
#include "georiviere/raster/flow_direction.hpp"
#include "georiviere/raster/resolve_flats.hpp"

using namespace georiviere;

namespace {

std::size_t dem_size() {
  const char* text = std::getenv("GEORIVIERE_BENCH_DEM_SIZE");
  if (text == nullptr || *text == '\0') {
    return 10000;
  }
  const unsigned long long size = std::strtoull(text, nullptr, 10);
  return size < 3 ? 3 : static_cast<std::size_t>(size);
}

const Grid<float>& raw_dem() {
  static const Grid<float> dem = bench::generate_dem(dem_size(), dem_size());
  return dem;
}

// The DEM after epsilon filling, where D8 finds a direction for every cell.
const Grid<float>& filled_dem() {
  static const Grid<float> dem = [] {
    Grid<float> filled = raw_dem();
    fill_depressions(filled, FillMode::epsilon);
    return filled;
  }();
  return dem;
}

const Grid<std::uint8_t>& directions() {
  static const Grid<std::uint8_t> dirs = d8_flow_directions(filled_dem());
  return dirs;
}

void set_cells_processed(benchmark::State& state, std::size_t cells) {
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations()) *
                          static_cast<std::int64_t>(cells));
  state.counters["cells"] = static_cast<double>(cells);
}

void fill(benchmark::State& state, FillMode mode) {
  const Grid<float>& source = raw_dem();
  Grid<float> dem;
  for (auto _ : state) {
    state.PauseTiming();
    dem = source;
    state.ResumeTiming();
    benchmark::DoNotOptimize(fill_depressions(dem, mode));
  }
  set_cells_processed(state, source.size());
}

void BM_fill_epsilon(benchmark::State& state) {
  fill(state, FillMode::epsilon);
}

void BM_fill_exact(benchmark::State& state) {
  fill(state, FillMode::exact);
}

// The tiled exact fill (the path of fill_depressions with more than one
// thread), on 1 or 2 threads with fill_strips_per_thread strips each.
// Compare with BM_fill_exact, the serial fill.
void BM_fill_exact_tiled(benchmark::State& state) {
  const Grid<float>& source = raw_dem();
  const auto threads = static_cast<int>(state.range(0));
  Grid<float> dem;
  for (auto _ : state) {
    state.PauseTiming();
    dem = source;
    state.ResumeTiming();
    benchmark::DoNotOptimize(detail::fill_depressions_in_strips(
        dem.view(),
        static_cast<std::size_t>(threads) * detail::fill_strips_per_thread,
        threads));
  }
  set_cells_processed(state, source.size());
}

// Exact filling, D8 directions and flat resolution: the conditioning of
// the `georiviere dem` chain.
void BM_fill_exact_resolve_flats(benchmark::State& state) {
  const Grid<float>& source = raw_dem();
  Grid<float> dem;
  for (auto _ : state) {
    state.PauseTiming();
    dem = source;
    state.ResumeTiming();
    fill_depressions(dem, FillMode::exact);
    Grid<std::uint8_t> dirs = d8_flow_directions(dem);
    benchmark::DoNotOptimize(resolve_flats(dem, dirs));
  }
  set_cells_processed(state, source.size());
}

// Flat resolution alone on the exactly filled DEM, whose filled
// depressions are flats, on 1 or 2 threads.
void BM_resolve_flats(benchmark::State& state) {
  static const Grid<float> dem = [] {
    Grid<float> filled = raw_dem();
    fill_depressions(filled, FillMode::exact);
    return filled;
  }();
  static const Grid<std::uint8_t> unresolved = d8_flow_directions(dem);
  const auto threads = static_cast<int>(state.range(0));
  Grid<std::uint8_t> dirs;
  for (auto _ : state) {
    state.PauseTiming();
    dirs = unresolved;
    state.ResumeTiming();
    benchmark::DoNotOptimize(resolve_flats(dem, dirs, {}, threads));
  }
  set_cells_processed(state, dem.size());
}

void BM_d8_flow_directions(benchmark::State& state) {
  const Grid<float>& dem = filled_dem();
  const auto threads = static_cast<int>(state.range(0));
  Grid<std::uint8_t> dirs(dem.rows(), dem.cols(), d8_nodata, d8_nodata);
  for (auto _ : state) {
    d8_flow_directions(dem.view(), dirs.view(), {}, threads);
    benchmark::DoNotOptimize(dirs.data());
    benchmark::ClobberMemory();
  }
  set_cells_processed(state, dem.size());
}

void BM_flow_accumulation(benchmark::State& state) {
  const Grid<std::uint8_t>& dirs = directions();
  const auto threads = static_cast<int>(state.range(0));
  for (auto _ : state) {
    Grid<std::uint64_t> counts = flow_accumulation(dirs.view(), {}, threads);
    benchmark::DoNotOptimize(counts.data());
  }
  set_cells_processed(state, dirs.size());
}

// Upstream area in km2 (8-byte doubles), as the `georiviere dem` chain
// computes it.
void BM_upstream_area(benchmark::State& state) {
  const Grid<std::uint8_t>& dirs = directions();
  const auto threads = static_cast<int>(state.range(0));
  const double cell_km2 =
      bench::generated_cell_size_m * bench::generated_cell_size_m * 1e-6;
  for (auto _ : state) {
    Grid<double> area = upstream_area_km2(dirs.view(), cell_km2, {}, threads);
    benchmark::DoNotOptimize(area.data());
  }
  set_cells_processed(state, dirs.size());
}

} // namespace

BENCHMARK(BM_fill_epsilon)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_fill_exact)->Unit(benchmark::kMillisecond)->UseRealTime();
BENCHMARK(BM_fill_exact_tiled)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_fill_exact_resolve_flats)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_resolve_flats)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_d8_flow_directions)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_flow_accumulation)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_upstream_area)
    ->ArgName("threads")
    ->Arg(1)
    ->Arg(2)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
