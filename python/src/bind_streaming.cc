#include <pybind11/functional.h>
#include <pybind11/stl.h>

#include <cstdio>

#include "bindings.h"
#include "callbacks.h"
#include "spate/session/data_stream_reader.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/session.h"
#include "values.h"

namespace spate::python {

using sql::DataFrame;
using sql::DataStreamReader;
using sql::DataStreamWriter;
using sql::StreamingQuery;
using streaming::StreamingQueryListener;

namespace {

constexpr auto kNoGil = py::call_guard<py::gil_scoped_release>();

// A query's failure, raised as spate.errors.StreamingQueryException (as PySpark's
// awaitTermination and processAllAvailable raise it).
template <typename F>
auto raisingStreamingQueryException(F&& f) {
  try {
    py::gil_scoped_release noGil;
    return f();
  } catch (const Error& e) {
    setPythonError("StreamingQueryException", e.status().message());
    throw py::error_already_set();
  }
}

// Spark's ForeachWriter over a Python object with open(partition_id, epoch_id),
// process(row) and close(error) (the Python layer adapts a plain function).
class PythonForeachWriter : public sql::ForeachWriter {
 public:
  explicit PythonForeachWriter(py::object writer) : writer_(std::move(writer)) {}
  bool open(int64_t partitionId, int64_t epochId) override {
    py::object r = writer_.call("open", partitionId, epochId);
    py::gil_scoped_acquire gil;
    return r.is_none() || r.cast<bool>();
  }
  void process(const sql::Row& row) override {
    std::vector<sql::Row> rows{row};
    py::gil_scoped_acquire gil;
    py::object r = rowsToPython(rows)[0];
    writer_.call("process", r);
  }
  void close(const std::optional<std::string>& error) override {
    if (error) {
      writer_.call("close", *error);
    } else {
      writer_.call("close", py::none());
    }
  }

 private:
  PythonCallable writer_;
};

// Forwards the engine's listener events to a Python adapter (spate.sql.streaming's
// _ListenerAdapter), which builds PySpark's event objects. A listener that raises is
// reported on stderr and the query goes on, as in Spark.
class PythonListener : public StreamingQueryListener {
 public:
  explicit PythonListener(py::object adapter) : adapter_(std::move(adapter)) {}
  void onQueryStarted(const QueryStartedEvent& e) override {
    guarded("onQueryStarted", [&] { adapter_.call("started", e.id, e.runId, e.name, e.timestamp); });
  }
  void onQueryProgress(const QueryProgressEvent& e) override {
    guarded("onQueryProgress", [&] { adapter_.call("progress", e.progress.json()); });
  }
  void onQueryIdle(const QueryIdleEvent& e) override {
    guarded("onQueryIdle", [&] { adapter_.call("idle", e.id, e.runId, e.timestamp); });
  }
  void onQueryTerminated(const QueryTerminatedEvent& e) override {
    guarded("onQueryTerminated", [&] { adapter_.call("terminated", e.id, e.runId, e.exception); });
  }

 private:
  template <typename F>
  static void guarded(const char* what, F&& f) {
    try {
      f();
    } catch (const Error& e) {
      std::fprintf(stderr, "spate: StreamingQueryListener.%s raised:\n%s\n", what, e.status().message().c_str());
    }
  }
  PythonCallable adapter_;
};

}  // namespace

void bindStreaming(py::module_& m) {
  py::class_<DataStreamReader>(m, "DataStreamReader")
      .def("format", &DataStreamReader::format, py::return_value_policy::reference_internal)
      .def("option", py::overload_cast<const std::string&, const std::string&>(&DataStreamReader::option),
           py::return_value_policy::reference_internal)
      .def("schema", py::overload_cast<const std::string&>(&DataStreamReader::schema),
           py::return_value_policy::reference_internal)
      .def("load", py::overload_cast<>(&DataStreamReader::load), kNoGil)
      .def("load", py::overload_cast<const std::string&>(&DataStreamReader::load), kNoGil)
      .def("table", &DataStreamReader::table);

  py::class_<DataStreamWriter>(m, "DataStreamWriter")
      .def("format", &DataStreamWriter::format, py::return_value_policy::reference_internal)
      .def("outputMode", &DataStreamWriter::outputMode, py::return_value_policy::reference_internal)
      .def("queryName", &DataStreamWriter::queryName, py::return_value_policy::reference_internal)
      .def("partitionBy", &DataStreamWriter::partitionBy, py::return_value_policy::reference_internal)
      .def("option", py::overload_cast<const std::string&, const std::string&>(&DataStreamWriter::option),
           py::return_value_policy::reference_internal)
      .def("triggerProcessingTime", py::overload_cast<const std::string&>(&DataStreamWriter::trigger),
           py::return_value_policy::reference_internal)
      .def("triggerOnce", [](DataStreamWriter& w) -> DataStreamWriter& { return w.trigger(sql::Trigger::once()); },
           py::return_value_policy::reference_internal)
      .def("triggerAvailableNow",
           [](DataStreamWriter& w) -> DataStreamWriter& { return w.trigger(sql::Trigger::availableNow()); },
           py::return_value_policy::reference_internal)
      // fn(DataFrame, batch id), called on the query's thread with the GIL.
      .def("foreachBatch",
           [](DataStreamWriter& w, py::object fn) -> DataStreamWriter& {
             PythonCallable callable(std::move(fn));
             return w.foreachBatch([callable](DataFrame df, int64_t batchId) { callable.call(nullptr, df, batchId); });
           },
           py::return_value_policy::reference_internal)
      .def("foreach",
           [](DataStreamWriter& w, py::object writer) -> DataStreamWriter& {
             return w.foreach(std::make_shared<PythonForeachWriter>(std::move(writer)));
           },
           py::return_value_policy::reference_internal)
      .def("lateRows", &DataStreamWriter::lateRows, py::return_value_policy::reference_internal)
      .def("lateRowsForeachBatch",
           [](DataStreamWriter& w, py::object fn) -> DataStreamWriter& {
             PythonCallable callable(std::move(fn));
             return w.lateRowsForeachBatch(
                 [callable](DataFrame df, int64_t batchId) { callable.call(nullptr, df, batchId); });
           },
           py::return_value_policy::reference_internal)
      .def("start", py::overload_cast<>(&DataStreamWriter::start), kNoGil)
      .def("start", py::overload_cast<const std::string&>(&DataStreamWriter::start), kNoGil)
      .def("toTable", &DataStreamWriter::toTable, kNoGil);

  py::class_<StreamingQuery>(m, "StreamingQuery")
      .def("id", &StreamingQuery::id)
      .def("runId", &StreamingQuery::runId)
      .def("name", &StreamingQuery::name)
      .def("isActive", &StreamingQuery::isActive)
      .def("stop", &StreamingQuery::stop, kNoGil)
      .def("awaitTermination",
           [](StreamingQuery& q, int64_t timeoutMs) {
             return raisingStreamingQueryException([&] { return q.awaitTermination(timeoutMs); });
           })
      .def("processAllAvailable",
           [](StreamingQuery& q) { raisingStreamingQueryException([&] { q.processAllAvailable(); }); })
      .def("exception", &StreamingQuery::exception)
      .def("statusJson", [](const StreamingQuery& q) { return q.status().toJson().dump(); })
      .def("lastProgressJson",
           [](const StreamingQuery& q) -> std::optional<std::string> {
             auto p = q.lastProgress();
             if (!p) return std::nullopt;
             return p->json();
           })
      .def("recentProgressJson",
           [](const StreamingQuery& q) {
             std::vector<std::string> out;
             for (const auto& p : q.recentProgress()) out.push_back(p.json());
             return out;
           })
      .def("explainString", &StreamingQuery::explainString);

  py::class_<StreamingQueryListener, std::shared_ptr<StreamingQueryListener>>(m, "ListenerHandle");

  py::class_<sql::StreamingQueryManager>(m, "StreamingQueryManager")
      .def("active", &sql::StreamingQueryManager::active)
      .def("get", &sql::StreamingQueryManager::get)
      .def("awaitAnyTermination",
           [](sql::StreamingQueryManager& sqm, int64_t timeoutMs) {
             return raisingStreamingQueryException([&] { return sqm.awaitAnyTermination(timeoutMs); });
           })
      .def("resetTerminated", &sql::StreamingQueryManager::resetTerminated)
      .def("addListener",
           [](sql::StreamingQueryManager& sqm, py::object adapter) {
             auto l = std::make_shared<PythonListener>(std::move(adapter));
             sqm.addListener(l);
             return std::static_pointer_cast<StreamingQueryListener>(l);
           })
      .def("removeListener", &sql::StreamingQueryManager::removeListener);
}

}  // namespace spate::python
