#include "callbacks.h"

namespace spate::python {

void setPythonError(const char* errorClass, const std::string& message) {
  py::object cls = py::module_::import("spate.errors").attr(errorClass);
  PyErr_SetObject(cls.ptr(), py::str(message).ptr());
}

PythonCallable::PythonCallable(py::object fn)
    : fn_(new py::object(std::move(fn)), [](py::object* o) {
        // The last owner may be a query's thread, after the interpreter has begun to
        // shut down (then the object is left to it).
        if (Py_IsInitialized() && !_Py_IsFinalizing()) {
          py::gil_scoped_acquire gil;
          delete o;
        } else {
          o->release();
          delete o;
        }
      }) {}

bool PythonCallable::has(const char* method) const {
  py::gil_scoped_acquire gil;
  return py::hasattr(*fn_, method);
}

std::string PythonCallable::describe(py::error_already_set& e) {
  // Python's own formatting: "Traceback (most recent call last): ... ValueError: ...".
  try {
    py::object lines = py::module_::import("traceback").attr("format_exception")(e.value());
    return py::str("").attr("join")(lines).cast<std::string>();
  } catch (py::error_already_set&) {
    return e.what();
  }
}

}  // namespace spate::python
