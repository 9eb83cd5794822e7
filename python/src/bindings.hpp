// Shared declarations of the georiviere._georiviere extension module.
#pragma once

#include <exception>
#include <memory>
#include <mutex>
#include <string_view>

#include <pybind11/pybind11.h>

#include "georiviere/core/progress.hpp"
#include "georiviere/graph/network.hpp"
#include "georiviere/graph/queries.hpp"

namespace georiviere::python {

namespace py = pybind11;

// Turns an optional Python callable `progress(stage, fraction)` into a
// ProgressCallback that the library may call while the GIL is released.
//
// The callback takes the GIL for each call. It also runs the Python signal
// handlers, so Ctrl-C cancels a long call even without a user callable. An
// exception raised by the callable or by a signal handler cancels the
// operation. The bridge keeps that exception, and rethrow_pending() raises
// it once the library has returned, in place of the library's
// CancelledError.
class ProgressBridge {
public:
  explicit ProgressBridge(py::object callable);
  ProgressBridge(const ProgressBridge &) = delete;
  ProgressBridge &operator=(const ProgressBridge &) = delete;
  ~ProgressBridge() = default;

  // The callback to pass to the library. It refers to this bridge, which
  // must outlive every call of it.
  ProgressCallback callback();

  // Raises the exception kept from the callable, if any. Call with the GIL.
  void rethrow_pending();

private:
  bool report(std::string_view stage, double fraction);

  py::object callable_;
  std::exception_ptr pending_;
};

// Runs `work` with the GIL released. Any exception it throws is raised after
// the GIL is taken again. An exception kept by `bridge` takes precedence.
template <typename Work>
void run_without_gil(ProgressBridge &bridge, Work &&work) {
  std::exception_ptr failure;
  {
    py::gil_scoped_release release;
    try {
      work();
    } catch (...) {
      failure = std::current_exception();
    }
  }
  bridge.rethrow_pending();
  if (failure) {
    std::rethrow_exception(failure);
  }
}

// The network object shared between the Python Network and the arrays that
// view its memory. Python code never modifies it, so threads may read it
// with the GIL released.
class NetworkHandle {
public:
  RiverNetwork network;

  // The spatial index of the reaches, built on first use by any thread.
  const ReachIndex &reach_index() {
    std::call_once(index_built_,
                   [this] { index_ = std::make_unique<ReachIndex>(network); });
    return *index_;
  }

private:
  std::once_flag index_built_;
  std::unique_ptr<ReachIndex> index_;
};

// Maps the exceptions of core/error.hpp to the classes of georiviere._errors.
void register_error_translator();
void bind_network(py::module_ &module);
void bind_raster(py::module_ &module);
void bind_referencing(py::module_ &module);
void bind_profile(py::module_ &module);

} // namespace georiviere::python
