// Translation of the C++ exceptions of core/error.hpp to the Python classes
// of georiviere._errors.
#include <exception>

#include "bindings.hpp"
#include "georiviere/core/error.hpp"

namespace georiviere::python {

namespace {

// The Python classes, looked up once when the module loads. They are never
// released, because the translator may run until the interpreter exits.
struct ErrorClasses {
  PyObject *error = nullptr;
  PyObject *file_not_found = nullptr;
  PyObject *invalid_input = nullptr;
  PyObject *crs = nullptr;
  PyObject *config = nullptr;
  PyObject *io = nullptr;
  PyObject *cancelled = nullptr;
};

ErrorClasses classes;

PyObject *load_class(const py::module_ &errors, const char *name) {
  py::object cls = errors.attr(name);
  return cls.release().ptr();
}

// Most-derived classes first, so that a CrsError is not caught as an
// InvalidInputError.
void translate(std::exception_ptr exception) {
  try {
    if (exception) {
      std::rethrow_exception(exception);
    }
  } catch (const FileNotFoundError &e) {
    PyErr_SetString(classes.file_not_found, e.what());
  } catch (const CrsError &e) {
    PyErr_SetString(classes.crs, e.what());
  } catch (const ConfigError &e) {
    PyErr_SetString(classes.config, e.what());
  } catch (const InvalidInputError &e) {
    PyErr_SetString(classes.invalid_input, e.what());
  } catch (const IoError &e) {
    PyErr_SetString(classes.io, e.what());
  } catch (const CancelledError &e) {
    PyErr_SetString(classes.cancelled, e.what());
  } catch (const Error &e) {
    PyErr_SetString(classes.error, e.what());
  }
}

} // namespace

void register_error_translator() {
  // georiviere._errors is pure Python and imports nothing from the package,
  // so importing it here works while georiviere/__init__.py is running.
  const py::module_ errors = py::module_::import("georiviere._errors");
  classes.error = load_class(errors, "Error");
  classes.file_not_found = load_class(errors, "InputFileNotFoundError");
  classes.invalid_input = load_class(errors, "InvalidInputError");
  classes.crs = load_class(errors, "CrsError");
  classes.config = load_class(errors, "ConfigError");
  classes.io = load_class(errors, "IoError");
  classes.cancelled = load_class(errors, "CancelledError");
  py::register_exception_translator(&translate);
}

} // namespace georiviere::python
