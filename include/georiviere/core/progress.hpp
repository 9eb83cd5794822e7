// Progress reporting through a caller-supplied callback.
//
// The library never logs. Long operations call a ProgressCallback with the
// name of the current stage and the fraction of that stage done, in [0, 1].
// The callback returns false to cancel, and the operation then throws
// CancelledError.
#pragma once

#include <functional>
#include <string_view>

#include "georiviere/core/error.hpp"

namespace georiviere {

using ProgressCallback =
    std::function<bool(std::string_view stage, double fraction)>;

// Reports progress of one stage, calling the callback at most about
// 100 times over the stage whatever the item count.
class ProgressReporter {
public:
  ProgressReporter(const ProgressCallback& callback, std::string_view stage,
                   std::size_t total)
      : callback_(callback), stage_(stage), total_(total),
        step_(total / 100 + 1) {
    report(0);
  }

  // Call with the number of items done so far; cheap when not reporting.
  void update(std::size_t done) {
    if (callback_ && done >= next_) {
      report(done);
    }
  }

  void finish() { report(total_); }

private:
  void report(std::size_t done) {
    next_ = done + step_;
    if (!callback_) {
      return;
    }
    const double fraction =
        total_ == 0 ? 1.0 : static_cast<double>(done) / total_;
    if (!callback_(stage_, fraction > 1.0 ? 1.0 : fraction)) {
      throw CancelledError();
    }
  }

  const ProgressCallback& callback_;
  std::string_view stage_;
  std::size_t total_;
  std::size_t step_;
  std::size_t next_ = 0;
};

} // namespace georiviere
