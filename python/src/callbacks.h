#pragma once

// Python callables the engine calls from a query's thread (foreachBatch, foreach,
// listeners): the GIL is taken for each call, a Python exception becomes the batch's
// error, and the callable is released with the GIL held whichever thread drops it.

#include <pybind11/pybind11.h>

#include <memory>
#include <string>
#include <utility>

#include "spate/common/error.h"

namespace spate::python {

namespace py = pybind11;

// Sets the Python error to spate.errors.<errorClass>(message); throw
// py::error_already_set() after it to raise it from a binding.
void setPythonError(const char* errorClass, const std::string& message);

class PythonCallable {
 public:
  explicit PythonCallable(py::object fn);

  // Calls the object (or one of its methods when `method` is set) with the GIL held.
  // Throws spate::Error (an execution error with Python's message and traceback) when
  // the call raises.
  template <typename... Args>
  py::object call(const char* method, Args&&... args) const {
    py::gil_scoped_acquire gil;
    try {
      py::handle target = *fn_;
      if (method) return target.attr(method)(std::forward<Args>(args)...);
      return target(std::forward<Args>(args)...);
    } catch (py::error_already_set& e) {
      throw Error(Status::ExecutionError("{}", describe(e)));
    }
  }
  // Whether the object has `method`.
  bool has(const char* method) const;

 private:
  static std::string describe(py::error_already_set& e);
  std::shared_ptr<py::object> fn_;
};

}  // namespace spate::python
