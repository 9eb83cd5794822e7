// Calls into Python from library code that runs with the GIL released.
#include <utility>

#include "bindings.hpp"

namespace georiviere::python {

ProgressBridge::ProgressBridge(py::object callable)
    : callable_(std::move(callable)) {
  if (!callable_.is_none() && !PyCallable_Check(callable_.ptr())) {
    throw py::type_error("progress must be a callable progress(stage, "
                         "fraction) or None, not " +
                         std::string(py::str(py::type::of(callable_))));
  }
}

ProgressCallback ProgressBridge::callback() {
  return [this](std::string_view stage, double fraction) {
    return report(stage, fraction);
  };
}

bool ProgressBridge::report(std::string_view stage, double fraction) {
  py::gil_scoped_acquire acquire;
  if (pending_) {
    return false;
  }
  try {
    // Runs the signal handlers; in the main thread this is how a
    // KeyboardInterrupt reaches a call that has released the GIL.
    if (PyErr_CheckSignals() != 0) {
      throw py::error_already_set();
    }
    if (callable_.is_none()) {
      return true;
    }
    const py::object result =
        callable_(py::str(stage.data(), static_cast<py::ssize_t>(stage.size())),
                  fraction);
    if (result.is_none()) {
      return true;
    }
    const int truth = PyObject_IsTrue(result.ptr());
    if (truth < 0) {
      throw py::error_already_set();
    }
    return truth != 0;
  } catch (...) {
    pending_ = std::current_exception();
    return false;
  }
}

void ProgressBridge::rethrow_pending() {
  if (pending_) {
    std::exception_ptr pending = std::exchange(pending_, nullptr);
    std::rethrow_exception(pending);
  }
}

} // namespace georiviere::python
