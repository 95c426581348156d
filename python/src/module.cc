// spate._spate: the engine's C++ session API for the pure-Python package spate, which
// gives it PySpark's shape. Errors cross as the classes of spate.errors.

#include <pybind11/pybind11.h>

#include "bindings.h"
#include "callbacks.h"
#include "spate/common/error.h"
#include "values.h"

namespace py = pybind11;

namespace {

const char* errorClassFor(spate::StatusCode code) {
  switch (code) {
    case spate::StatusCode::kParseError: return "ParseException";
    case spate::StatusCode::kAnalysisError:
    case spate::StatusCode::kTypeError: return "AnalysisException";
    case spate::StatusCode::kInvalidArgument: return "IllegalArgumentException";
    case spate::StatusCode::kNotImplemented: return "UnsupportedOperationException";
    default: return "SparkRuntimeException";
  }
}

}  // namespace

PYBIND11_MODULE(_spate, m) {
  m.doc() = "spate engine bindings (use the spate.sql package)";
  m.attr("__version__") = SPATE_VERSION;
  spate::python::initValues();

  py::register_exception_translator([](std::exception_ptr p) {
    try {
      if (p) std::rethrow_exception(p);
    } catch (const spate::Error& e) {
      spate::python::setPythonError(errorClassFor(e.code()), e.status().message());
    }
  });

  spate::python::bindColumn(m);
  spate::python::bindDataFrame(m);
  spate::python::bindSession(m);
  spate::python::bindStreaming(m);
  spate::python::bindNexmark(m);
}
