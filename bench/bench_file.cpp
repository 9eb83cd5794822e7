// Times build_network() on lines read from a benchmark exchange file (see
// network_file.hpp), so that another implementation can be timed on the same
// input in the same run. Only build_network() is timed: reading the file and
// copying the input for repeated runs are not.
//
// Usage: bench_file FILE [--repeat N] [--stages] [--summary]
//                        [--snap-tolerance M]
// Output: "key=value" lines on stdout. build_network_seconds is the minimum
// wall-clock time over the runs, build_network_cpu_seconds the minimum
// process CPU time, which a loaded machine inflates less.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "georiviere/network_builder.hpp"

#include "network_file.hpp"
#include "network_summary.hpp"
#include "proc_status.hpp"
#include "stage_timer.hpp"

namespace {

struct Arguments {
  std::string path;
  int repeat = 1;
  bool stages = false;
  bool summary = false;
  double snap_tolerance_m = 0.0;
};

void print_usage(std::FILE* out) {
  std::fputs("usage: bench_file FILE [--repeat N] [--stages] [--summary] "
             "[--snap-tolerance M]\n"
             "  --repeat N            run build_network N times, default 1\n"
             "  --stages              print the time of each progress stage\n"
             "  --summary             print reach, node and metric figures\n"
             "  --snap-tolerance M    snap tolerance in metres, default 0\n",
             out);
}

std::optional<Arguments> parse_arguments(int argc, char** argv) {
  Arguments arguments;
  for (int i = 1; i < argc; ++i) {
    const std::string argument = argv[i];
    const bool has_value = i + 1 < argc;
    if (argument == "--repeat" && has_value) {
      arguments.repeat = std::max(1, std::atoi(argv[++i]));
    } else if (argument == "--snap-tolerance" && has_value) {
      arguments.snap_tolerance_m = std::atof(argv[++i]);
    } else if (argument == "--stages") {
      arguments.stages = true;
    } else if (argument == "--summary") {
      arguments.summary = true;
    } else if (!argument.starts_with("-") && arguments.path.empty()) {
      arguments.path = argument;
    } else {
      std::fprintf(stderr, "bench_file: invalid argument '%s'\n",
                   argument.c_str());
      return std::nullopt;
    }
  }
  if (arguments.path.empty()) {
    std::fputs("bench_file: missing input file\n", stderr);
    return std::nullopt;
  }
  return arguments;
}

int run(const Arguments& arguments) {
  using Clock = std::chrono::steady_clock;
  namespace bench = georiviere::bench;

  const georiviere::LineSet input = bench::read_network_file(arguments.path);
  std::printf("lines=%zu\n", input.lines.size());

  georiviere::bench::StageTimer stage_timer;
  georiviere::NetworkOptions options;
  options.snap_tolerance_m = arguments.snap_tolerance_m;
  if (arguments.stages) {
    options.progress = stage_timer.callback();
  }

  std::vector<double> times;
  std::vector<double> cpu_times;
  for (int run_index = 0; run_index < arguments.repeat; ++run_index) {
    georiviere::LineSet lines = input;
    const std::int64_t rss_before =
        bench::read_proc_status_bytes("VmRSS");

    stage_timer.start();
    const double cpu_start = bench::StageTimer::process_cpu_seconds();
    const Clock::time_point start = Clock::now();
    georiviere::RiverNetwork network =
        georiviere::build_network(std::move(lines), options);
    const Clock::time_point stop = Clock::now();
    const double cpu_stop = bench::StageTimer::process_cpu_seconds();
    stage_timer.stop();

    const double seconds = std::chrono::duration<double>(stop - start).count();
    times.push_back(seconds);
    cpu_times.push_back(cpu_stop - cpu_start);
    std::printf("run%d_seconds=%.4f\n", run_index + 1, seconds);
    std::printf("run%d_cpu_seconds=%.4f\n", run_index + 1,
                cpu_stop - cpu_start);
    if (run_index + 1 == arguments.repeat) {
      std::printf("rss_before_build_bytes=%lld\n",
                  static_cast<long long>(rss_before));
      std::printf("vm_hwm_bytes=%lld\n",
                  static_cast<long long>(bench::read_proc_status_bytes(
                      "VmHWM")));
      if (arguments.stages) {
        stage_timer.print(stdout);
      }
      if (arguments.summary) {
        bench::print_summary(bench::summarize(network), stdout);
      }
    }
  }
  std::printf("build_network_seconds=%.4f\n",
              *std::min_element(times.begin(), times.end()));
  std::printf("build_network_cpu_seconds=%.4f\n",
              *std::min_element(cpu_times.begin(), cpu_times.end()));
  return 0;
}

} // namespace

int main(int argc, char** argv) {
  const std::optional<Arguments> arguments = parse_arguments(argc, argv);
  if (!arguments) {
    print_usage(stderr);
    return 2;
  }
  try {
    return run(*arguments);
  } catch (const std::exception& error) {
    std::fprintf(stderr, "bench_file: %s\n", error.what());
    return 1;
  }
}
