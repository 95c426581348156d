// The SQL of the Nexmark views, shared with the C++ API so both define them alike.

#include <pybind11/stl.h>

#include "bindings.h"
#include "spate/connectors/nexmark_source.h"

namespace spate::python {

void bindNexmark(py::module_& m) {
  m.def("nexmark_views_sql", &connectors::nexmarkViewsSql, py::arg("events"), py::arg("streaming"));
}

}  // namespace spate::python
