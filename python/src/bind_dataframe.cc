#include <pybind11/stl.h>

#include "bindings.h"
#include "spate/columnar/arrow_export.h"
#include "spate/common/error.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/dataframe.h"
#include "spate/session/reader.h"
#include "spate/session/session.h"
#include "values.h"

namespace spate::python {

using sql::Column;
using sql::DataFrame;
using sql::DataFrameReader;
using sql::DataFrameWriter;
using sql::GroupedData;

namespace {
// Actions run the engine without the GIL, so query threads calling Python go on.
constexpr auto kNoGil = py::call_guard<py::gil_scoped_release>();
}  // namespace

void bindDataFrame(py::module_& m) {
  py::class_<GroupedData>(m, "GroupedData")
      .def("agg", [](const GroupedData& g, const std::vector<Column>& a) { return g.agg(a); })
      .def("count", &GroupedData::count)
      .def("sum", &GroupedData::sum)
      .def("avg", &GroupedData::avg)
      .def("mean", &GroupedData::mean)
      .def("min", &GroupedData::min)
      .def("max", &GroupedData::max);

  py::class_<DataFrame>(m, "DataFrame")
      .def("schema_json", [](const DataFrame& df) { return schemaToJson(*df.schema()); })
      .def("columns", &DataFrame::columns)
      .def("isStreaming", &DataFrame::isStreaming)
      .def("select", [](const DataFrame& df, const std::vector<Column>& c) { return df.select(c); })
      .def("selectExpr", [](const DataFrame& df, const std::vector<std::string>& e) { return df.selectExpr(e); })
      .def("filter", py::overload_cast<const Column&>(&DataFrame::filter, py::const_))
      .def("filter", py::overload_cast<const std::string&>(&DataFrame::filter, py::const_))
      .def("withColumn", &DataFrame::withColumn)
      .def("withColumnRenamed", &DataFrame::withColumnRenamed)
      .def("drop", [](const DataFrame& df, const std::vector<std::string>& c) { return df.drop(c); })
      .def("toDF", &DataFrame::toDF)
      .def("groupBy", [](const DataFrame& df, const std::vector<Column>& k) { return df.groupBy(k); })
      .def("orderBy", [](const DataFrame& df, const std::vector<Column>& k) { return df.orderBy(k); })
      .def("limit", &DataFrame::limit)
      .def("withWatermark", &DataFrame::withWatermark)
      .def("distinct", &DataFrame::distinct)
      .def("dropDuplicates", &DataFrame::dropDuplicates)
      .def("dropDuplicatesWithinWatermark", &DataFrame::dropDuplicatesWithinWatermark)
      .def("join", py::overload_cast<const DataFrame&, const Column&, const std::string&>(&DataFrame::join, py::const_))
      .def("join", py::overload_cast<const DataFrame&, const std::vector<std::string>&, const std::string&>(
                       &DataFrame::join, py::const_))
      .def("crossJoin", &DataFrame::crossJoin)
      .def("unionAll", &DataFrame::unionAll)
      .def("unionByName", &DataFrame::unionByName)
      .def("intersect", &DataFrame::intersect)
      .def("exceptAll", &DataFrame::exceptAll)
      .def("subtract", &DataFrame::subtract)
      .def("col", &DataFrame::col)
      .def("alias", &DataFrame::alias)
      .def("collect", [](const DataFrame& df) {
        std::vector<sql::Row> rows;
        {
          py::gil_scoped_release noGil;
          rows = df.collect();
        }
        return rowsToPython(rows);
      })
      // The Arrow PyCapsule stream protocol: pyarrow, polars and DuckDB read the result's
      // batches without a copy.
      .def("__arrow_c_stream__",
           [](const DataFrame& df, py::object /*requestedSchema*/) {
             std::vector<BatchPtr> batches;
             {
               py::gil_scoped_release noGil;
               batches = df.toBatches();
             }
             auto stream = std::make_unique<ArrowArrayStream>();
             throwIfError(exportBatchStream(df.schema(), std::move(batches), stream.get()));
             return py::capsule(stream.release(), "arrow_array_stream", [](PyObject* capsule) {
               auto* s = static_cast<ArrowArrayStream*>(PyCapsule_GetPointer(capsule, "arrow_array_stream"));
               if (s && s->release) s->release(s);
               delete s;
             });
           },
           py::arg("requested_schema") = py::none())
      .def("count", &DataFrame::count, kNoGil)
      .def("showString", &DataFrame::showString, kNoGil)
      .def("schemaTreeString", [](const DataFrame& df) { return df.schema()->treeString(); })
      .def("explainString", &DataFrame::explainString)
      .def("createOrReplaceTempView", &DataFrame::createOrReplaceTempView)
      .def("createTempView", &DataFrame::createTempView)
      .def("write", &DataFrame::write)
      .def("writeStream", &DataFrame::writeStream);

  py::class_<DataFrameReader>(m, "DataFrameReader")
      .def("format", &DataFrameReader::format, py::return_value_policy::reference_internal)
      .def("option", py::overload_cast<const std::string&, const std::string&>(&DataFrameReader::option),
           py::return_value_policy::reference_internal)
      .def("schema", py::overload_cast<const std::string&>(&DataFrameReader::schema),
           py::return_value_policy::reference_internal)
      .def("load", py::overload_cast<>(&DataFrameReader::load), kNoGil)
      .def("load", py::overload_cast<const std::vector<std::string>&>(&DataFrameReader::load), kNoGil)
      .def("table", &DataFrameReader::table);

  py::class_<DataFrameWriter>(m, "DataFrameWriter")
      .def("format", &DataFrameWriter::format, py::return_value_policy::reference_internal)
      .def("mode", &DataFrameWriter::mode, py::return_value_policy::reference_internal)
      .def("partitionBy", &DataFrameWriter::partitionBy, py::return_value_policy::reference_internal)
      .def("option", py::overload_cast<const std::string&, const std::string&>(&DataFrameWriter::option),
           py::return_value_policy::reference_internal)
      .def("save", py::overload_cast<const std::string&>(&DataFrameWriter::save), kNoGil)
      .def("save", py::overload_cast<>(&DataFrameWriter::save), kNoGil)
      .def("saveAsTable", &DataFrameWriter::saveAsTable, kNoGil);
}

}  // namespace spate::python
