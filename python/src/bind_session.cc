#include <pybind11/stl.h>

#include "bindings.h"
#include "callbacks.h"
#include "spate/common/error.h"
#include "spate/session/session.h"
#include "values.h"

namespace spate::python {

using sql::Session;

void bindSession(py::module_& m) {
  py::class_<sql::RuntimeConfig, std::unique_ptr<sql::RuntimeConfig, py::nodelete>>(m, "RuntimeConfig")
      .def("set", &sql::RuntimeConfig::set)
      .def("get", &sql::RuntimeConfig::get)
      .def("has", &sql::RuntimeConfig::has)
      .def("all", &sql::RuntimeConfig::all);

  py::class_<Session, std::shared_ptr<Session>>(m, "Session")
      .def_static("getOrCreate",
                  [](const std::string& appName, const std::string& master,
                     const std::vector<std::pair<std::string, std::string>>& conf) {
                    auto b = Session::builder().appName(appName).master(master);
                    for (const auto& [k, v] : conf) b.config(k, v);
                    return b.getOrCreate();
                  })
      .def_static("active", &Session::active)
      .def("appName", &Session::appName)
      .def("conf", [](Session& s) { return &s.conf(); }, py::return_value_policy::reference_internal)
      .def("read", &Session::read)
      .def("readStream", &Session::readStream)
      .def("streams", &Session::streams)
      .def("sql", &Session::sql, py::call_guard<py::gil_scoped_release>())
      .def("table", &Session::table)
      .def("range", py::overload_cast<int64_t, int64_t, int64_t>(&Session::range))
      .def("dropView", &Session::dropView)
      // Rows (sequences or dicts by field name) converted by the DDL schema's types.
      .def("createDataFrame", [](Session& s, const py::list& rows, const std::string& ddl) {
        Schema schema = valueOrThrow(Schema::fromDDL(ddl));
        TypePtr rowType = schema.asStructType();
        std::vector<std::vector<Value>> values;
        values.reserve(rows.size());
        for (auto row : rows) {
          try {
            values.push_back(fromPython(row, *rowType).asList());
          } catch (const Error& e) {
            // PySpark's class for data that does not fit its schema, naming the row.
            setPythonError("PySparkTypeError", fmt::format("row {}: {}", values.size() + 1, e.status().message()));
            throw py::error_already_set();
          }
        }
        return s.createDataFrame(values, schema);
      });
}

}  // namespace spate::python
