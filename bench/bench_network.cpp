// Google Benchmark of build_network(): topology, direction checks and every
// metric on generated dendritic networks (see generate_network.hpp) of 10k,
// 100k and 1M lines of 10 vertices, in memory, on one thread.
//
// Each iteration copies the generated LineSet with the timer paused, times
// build_network() on the copy (which consumes it), then frees the result
// with the timer paused. Peak memory is measured by peak_memory, in a
// fresh process.
#include <cstddef>
#include <map>
#include <utility>

#include <benchmark/benchmark.h>

#include "georiviere/network_builder.hpp"

#include "generate_network.hpp"

namespace {

namespace bench = georiviere::bench;

// Generates each network once per process and keeps it for every run.
const bench::GeneratedNetwork& cached_network(std::size_t line_count,
                                              bool with_names) {
  static std::map<std::pair<std::size_t, bool>, bench::GeneratedNetwork>
      cache;
  const auto key = std::make_pair(line_count, with_names);
  auto found = cache.find(key);
  if (found == cache.end()) {
    bench::GeneratorOptions options;
    options.line_count = line_count;
    options.with_names = with_names;
    found = cache.emplace(key, bench::generate_network(options)).first;
  }
  return found->second;
}

void run_build_network(benchmark::State& state,
                       const georiviere::NetworkOptions& options,
                       bool with_names) {
  const auto line_count = static_cast<std::size_t>(state.range(0));
  const bench::GeneratedNetwork& generated =
      cached_network(line_count, with_names);

  std::size_t reaches = 0;
  std::size_t problems = 0;
  for (auto _ : state) {
    state.PauseTiming();
    georiviere::LineSet lines = generated.lines;
    state.ResumeTiming();

    georiviere::RiverNetwork network =
        georiviere::build_network(std::move(lines), options);

    state.PauseTiming();
    reaches = network.reaches.size();
    problems = network.problems.size();
    network = georiviere::RiverNetwork();
    state.ResumeTiming();
  }

  using benchmark::Counter;
  state.counters["lines/s"] = Counter(static_cast<double>(line_count),
                                      Counter::kIsIterationInvariantRate);
  state.counters["reaches"] = static_cast<double>(reaches);
  state.counters["expected_reaches"] =
      static_cast<double>(generated.reach_count);
  state.counters["problems"] = static_cast<double>(problems);
}

// Exact endpoint matching (snap tolerance 0), no name field: the defaults.
void BM_build_network(benchmark::State& state) {
  run_build_network(state, georiviere::NetworkOptions{}, false);
}

// Endpoints joined within 0.5 m, which also searches for T-junctions.
void BM_build_network_snap(benchmark::State& state) {
  georiviere::NetworkOptions options;
  options.snap_tolerance_m = 0.5;
  run_build_network(state, options, false);
}

// River names: reach names, and main stems that follow name continuity.
void BM_build_network_names(benchmark::State& state) {
  georiviere::NetworkOptions options;
  options.name_field = "name";
  run_build_network(state, options, true);
}

} // namespace

BENCHMARK(BM_build_network)
    ->Arg(10000)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_build_network_snap)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();
BENCHMARK(BM_build_network_names)
    ->Arg(100000)
    ->Arg(1000000)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

BENCHMARK_MAIN();
