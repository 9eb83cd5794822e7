// Progress display on stderr for the command-line tool.
//
// Stays silent for the first second so short runs print nothing. On a
// terminal it redraws one line; otherwise it prints a line when a stage
// starts and when it ends.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdio>
#include <string>
#include <string_view>

#include <unistd.h>

#include "georiviere/core/progress.hpp"

namespace georiviere::cli {

// Number of the interrupt signal received (SIGINT, SIGTERM or SIGHUP), or 0.
inline volatile std::sig_atomic_t received_signal = 0;

// Turns the first SIGINT, SIGTERM or SIGHUP into a cancel request that the
// progress callbacks pass to the library, which then stops and removes its
// temporary outputs. A second signal ends the process at once.
inline void install_interrupt_handlers() {
  const auto handler = [](int signal_number) {
    received_signal = signal_number;
    std::signal(signal_number, SIG_DFL);
  };
  for (const int signal_number : {SIGINT, SIGTERM, SIGHUP}) {
    std::signal(signal_number, handler);
  }
}

class ProgressDisplay {
public:
  explicit ProgressDisplay(bool enabled)
      : enabled_(enabled), is_terminal_(isatty(STDERR_FILENO) == 1),
        start_(std::chrono::steady_clock::now()) {}

  ~ProgressDisplay() { finish(); }

  ProgressCallback callback() {
    return [this](std::string_view stage, double fraction) {
      show(stage, fraction);
      return received_signal == 0;
    };
  }

  // Ends the current terminal line, if one is being redrawn.
  void finish() {
    if (line_open_) {
      std::fputc('\n', stderr);
      line_open_ = false;
    }
  }

private:
  void show(std::string_view stage, double fraction) {
    if (!enabled_) {
      return;
    }
    const auto elapsed = std::chrono::steady_clock::now() - start_;
    if (elapsed < std::chrono::seconds(1)) {
      stage_ = stage;
      return;
    }
    const int percent = static_cast<int>(fraction * 100.0 + 0.5);
    if (is_terminal_) {
      std::fprintf(stderr, "\r%-24.*s %3d%%", static_cast<int>(stage.size()),
                   stage.data(), percent);
      line_open_ = true;
      return;
    }
    if (stage != stage_) {
      stage_ = stage;
      stage_done_ = false;
      std::fprintf(stderr, "%s ...\n", stage_.c_str());
    }
    if (percent == 100 && !stage_done_) {
      stage_done_ = true;
      std::fprintf(stderr, "%s: done\n", stage_.c_str());
    }
  }

  bool enabled_;
  bool is_terminal_;
  bool line_open_ = false;
  bool stage_done_ = false;
  std::string stage_;
  std::chrono::steady_clock::time_point start_;
};

} // namespace georiviere::cli
