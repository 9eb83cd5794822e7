// Wall-clock time per pipeline stage, taken from the progress callback.
#pragma once

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <string_view>
#include <vector>

#include "georiviere/core/progress.hpp"

namespace georiviere::bench {

// Records when each progress stage is first and last reported, in wall-clock
// and process CPU time. A stage's time runs from its first report to its
// last one, so work done before a stage's first report or between stages
// shows up as "unreported". CPU time is the process's, so it is the
// stage's own only while the job runs on one thread.
class StageTimer {
public:
  using Clock = std::chrono::steady_clock;

  // Starts the clocks. Call it right before the timed job.
  void start() {
    stages_.clear();
    start_ = now();
  }

  // Stops the clocks. Call it right after the timed job.
  void stop() { stop_ = now(); }

  ProgressCallback callback() {
    return [this](std::string_view stage, double) {
      const Instant instant = now();
      if (stages_.empty() || stages_.back().name != stage) {
        stages_.push_back({std::string(stage), instant, instant});
      } else {
        stages_.back().last = instant;
      }
      return true;
    };
  }

  // CPU time of the whole process since it started, in seconds.
  static double process_cpu_seconds() {
    timespec time{};
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time);
    return static_cast<double>(time.tv_sec) +
           1e-9 * static_cast<double>(time.tv_nsec);
  }

  // Prints "stage.<name>_seconds=" and "stage.<name>_cpu_seconds=" lines
  // per reported stage, in order, then the unreported remainder. A stage
  // reported again after another stage gets a "#2" suffix.
  void print(std::FILE* out) const {
    double covered = 0.0;
    double covered_cpu = 0.0;
    std::vector<std::string> seen;
    for (const Stage& stage : stages_) {
      int occurrence = 1;
      for (const std::string& name : seen) {
        occurrence += name == stage.name ? 1 : 0;
      }
      seen.push_back(stage.name);
      const double seconds = wall_seconds(stage.first, stage.last);
      const double cpu_seconds = stage.last.cpu - stage.first.cpu;
      covered += seconds;
      covered_cpu += cpu_seconds;
      std::string key = stage.name;
      for (char& c : key) {
        c = c == ' ' ? '_' : c;
      }
      if (occurrence > 1) {
        key += "#" + std::to_string(occurrence);
      }
      std::fprintf(out, "stage.%s_seconds=%.4f\n", key.c_str(), seconds);
      std::fprintf(out, "stage.%s_cpu_seconds=%.4f\n", key.c_str(),
                   cpu_seconds);
    }
    std::fprintf(out, "stage.unreported_seconds=%.4f\n",
                 wall_seconds(start_, stop_) - covered);
    std::fprintf(out, "stage.unreported_cpu_seconds=%.4f\n",
                 stop_.cpu - start_.cpu - covered_cpu);
  }

private:
  struct Instant {
    Clock::time_point wall;
    double cpu = 0.0;
  };

  struct Stage {
    std::string name;
    Instant first;
    Instant last;
  };

  static Instant now() { return {Clock::now(), process_cpu_seconds()}; }

  static double wall_seconds(const Instant& a, const Instant& b) {
    return std::chrono::duration<double>(b.wall - a.wall).count();
  }

  std::vector<Stage> stages_;
  Instant start_;
  Instant stop_;
};

} // namespace georiviere::bench
