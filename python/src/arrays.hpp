// numpy arrays built from C++ vectors, shared by the binding files.
#pragma once

#include <algorithm>
#include <cstddef>
#include <vector>

#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

namespace georiviere::python {

namespace py = pybind11;

// A one-dimensional array containing a copy of `values`.
template <typename T> py::array_t<T> make_array(const std::vector<T>& values) {
  py::array_t<T> array(static_cast<py::ssize_t>(values.size()));
  std::copy(values.begin(), values.end(), array.mutable_data());
  return array;
}

// A one-dimensional array of dtype object with `size` items. Item i is the
// new reference that `new_reference(i)` returns, which the array then owns.
template <typename NewReference>
py::array make_object_array(std::size_t size, NewReference&& new_reference) {
  py::array array(py::dtype("object"),
                  std::vector<py::ssize_t>{static_cast<py::ssize_t>(size)});
  auto* data = static_cast<PyObject**>(array.mutable_data());
  for (std::size_t i = 0; i < size; ++i) {
    PyObject* item = new_reference(i);
    // numpy may have filled the new array with None or left NULL slots.
    Py_XDECREF(data[i]);
    data[i] = item;
  }
  return array;
}

} // namespace georiviere::python
