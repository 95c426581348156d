#pragma once

#include <pybind11/pybind11.h>

namespace spate::python {

namespace py = pybind11;

// Column, literals and the function registry.
void bindColumn(py::module_& m);
// DataFrame, GroupedData, DataFrameReader and DataFrameWriter.
void bindDataFrame(py::module_& m);
// Session and its configuration.
void bindSession(py::module_& m);
// DataStreamReader/Writer, StreamingQuery, the query manager and listeners.
void bindStreaming(py::module_& m);
// The Nexmark helpers (spate.nexmark).
void bindNexmark(py::module_& m);

}  // namespace spate::python
