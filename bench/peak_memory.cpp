// Measures the peak memory of build_network() on a generated network, in a
// fresh process so that the kernel's peak resident set size (VmHWM) belongs
// to this job alone.
//
// Usage: peak_memory LINE_COUNT [--seed S] [--names] [--lines-per-basin N]
//
// The figure "peak_bytes_per_line" is (VmHWM at the end - VmRSS at start)
// divided by the line count. It includes the generated input LineSet, which
// the job needs and which build_network() consumes, everything
// build_network() allocates, and the returned RiverNetwork. It excludes the
// program's own code and libraries, which are resident before generation.
// Generation allocates little beyond the LineSet, so its own peak
// ("generation_hwm") stays below the job's unless the job needs less memory
// than its input. Both are printed.
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <utility>

#include "georiviere/network_builder.hpp"

#include "generate_network.hpp"
#include "proc_status.hpp"

int main(int argc, char** argv) {
  namespace bench = georiviere::bench;
  bench::GeneratorOptions generator;
  if (argc < 2) {
    std::fputs("usage: peak_memory LINE_COUNT [--seed S] [--names] "
               "[--lines-per-basin N]\n",
               stderr);
    return 2;
  }
  generator.line_count = std::strtoull(argv[1], nullptr, 10);
  for (int i = 2; i < argc; ++i) {
    const std::string argument = argv[i];
    if (argument == "--seed" && i + 1 < argc) {
      generator.seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (argument == "--lines-per-basin" && i + 1 < argc) {
      generator.lines_per_basin = std::strtoull(argv[++i], nullptr, 10);
    } else if (argument == "--names") {
      generator.with_names = true;
    } else {
      std::fprintf(stderr, "peak_memory: invalid argument '%s'\n",
                   argument.c_str());
      return 2;
    }
  }

  try {
    const std::int64_t baseline = bench::read_proc_status_bytes("VmRSS");
    bench::GeneratedNetwork generated = bench::generate_network(generator);
    const std::int64_t input_rss = bench::read_proc_status_bytes("VmRSS");
    const std::int64_t generation_hwm =
        bench::read_proc_status_bytes("VmHWM");

    georiviere::NetworkOptions options;
    if (generator.with_names) {
      options.name_field = "name";
    }
    const std::size_t line_count = generated.lines.lines.size();
    const georiviere::RiverNetwork network =
        georiviere::build_network(std::move(generated.lines), options);
    const std::int64_t job_hwm = bench::read_proc_status_bytes("VmHWM");
    const std::int64_t result_rss = bench::read_proc_status_bytes("VmRSS");

    const auto per_line = [&](std::int64_t bytes) {
      return static_cast<double>(bytes - baseline) /
             static_cast<double>(line_count);
    };
    std::printf("lines=%zu\n", line_count);
    std::printf("reaches=%zu (expected %zu)\n", network.reaches.size(),
                generated.reach_count);
    std::printf("problems=%zu\n", network.problems.size());
    std::printf("baseline_rss_bytes=%lld\n",
                static_cast<long long>(baseline));
    std::printf("input_bytes_per_line=%.1f\n", per_line(input_rss));
    std::printf("generation_hwm_bytes_per_line=%.1f\n",
                per_line(generation_hwm));
    std::printf("result_rss_bytes_per_line=%.1f\n", per_line(result_rss));
    std::printf("peak_bytes_per_line=%.1f\n", per_line(job_hwm));

    // Vertex storage of the geometries copied into problems, which grows
    // with the number of components other than the largest.
    std::size_t problem_vertex_bytes = 0;
    for (const georiviere::Problem& problem : network.problems) {
      for (const georiviere::Polyline& line : problem.lines) {
        problem_vertex_bytes +=
            line.points.capacity() * sizeof(georiviere::Point);
      }
    }
    std::printf("problem_vertex_bytes_per_line=%.1f\n",
                static_cast<double>(problem_vertex_bytes) /
                    static_cast<double>(line_count));
    return network.reaches.size() == generated.reach_count ? 0 : 1;
  } catch (const std::exception& error) {
    std::fprintf(stderr, "peak_memory: %s\n", error.what());
    return 1;
  }
}
