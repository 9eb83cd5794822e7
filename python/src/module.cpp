// The private extension module georiviere._georiviere. The pure-Python
// package georiviere wraps it; nothing here is public API.
#include "bindings.hpp"

PYBIND11_MODULE(_georiviere, module) {
  module.doc() = "Private compiled core of the georiviere package.";
  module.attr("__version__") = GEORIVIERE_VERSION;
  georiviere::python::register_error_translator();
  georiviere::python::bind_network(module);
  georiviere::python::bind_raster(module);
  georiviere::python::bind_referencing(module);
  georiviere::python::bind_profile(module);
}
