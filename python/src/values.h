#pragma once

// Values and types crossing between the engine and Python, as PySpark converts them.

#include <pybind11/pybind11.h>

#include <vector>

#include "spate/session/row.h"
#include "spate/types/data_type.h"
#include "spate/types/schema.h"
#include "spate/types/value.h"

namespace spate::python {

namespace py = pybind11;

// Imports the datetime C API; called once when the module loads.
void initValues();

// A value of type `type` as PySpark gives it: int, float, str, bool, bytearray (binary),
// decimal.Decimal, datetime.date, naive datetime.datetime (in UTC, the session time
// zone), datetime.timedelta (interval), list (array), dict (map), Row (struct), None.
py::object toPython(const Value& v, const DataType& type);
py::list rowsToPython(const std::vector<sql::Row>& rows);

// A Python object as a value of `type`; the inverse of toPython. Also takes a tuple or
// dict for a struct, any sequence for an array, an aware datetime for a timestamp.
// Throws spate::Error (a type error saying what was expected) when it does not fit.
Value fromPython(py::handle obj, const DataType& type);

// Spark's JSON form of a type (DataType.jsonValue()), as Python objects: "integer",
// "decimal(10,2)", {"type": "array", "elementType": ..., "containsNull": ...}, ...
py::object typeToJson(const DataType& type);
py::object schemaToJson(const Schema& schema);

}  // namespace spate::python
