#include "spate/session/data_stream_writer.h"

#include <thread>

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/connectors/memory_sink.h"
#include "spate/connectors/stream_sinks.h"
#include "spate/exec/operators.h"
#include "spate/plan/event_time.h"
#include "spate/plan/plan_builder.h"
#include "spate/session/delta_tables.h"
#include "spate/session/session.h"

namespace spate::sql {

DataStreamWriter& DataStreamWriter::partitionBy(const std::vector<std::string>& columns) {
  partitionBy_ = columns;
  return *this;
}

DataStreamWriter& DataStreamWriter::format(const std::string& sink) {
  format_ = sink;
  return *this;
}
DataStreamWriter& DataStreamWriter::outputMode(const std::string& mode) {
  outputMode_ = mode;
  return *this;
}
DataStreamWriter& DataStreamWriter::queryName(const std::string& name) {
  queryName_ = name;
  return *this;
}
DataStreamWriter& DataStreamWriter::trigger(const Trigger& trigger) {
  trigger_ = trigger;
  return *this;
}
DataStreamWriter& DataStreamWriter::trigger(const std::string& processingTime) {
  return trigger(valueOrThrow(Trigger::processingTime(processingTime)));
}
DataStreamWriter& DataStreamWriter::foreachBatch(std::function<void(DataFrame, int64_t)> fn) {
  format_ = "foreachBatch";
  foreachBatch_ = std::move(fn);
  return *this;
}
DataStreamWriter& DataStreamWriter::foreach(std::shared_ptr<ForeachWriter> writer) {
  format_ = "foreach";
  foreach_ = std::move(writer);
  return *this;
}
DataStreamWriter& DataStreamWriter::lateRows(const std::string& format,
                                             const std::vector<std::pair<std::string, std::string>>& options) {
  lateFormat_ = format;
  for (const auto& [k, v] : options) lateOptions_.set(k, v);
  return *this;
}
DataStreamWriter& DataStreamWriter::lateRowsForeachBatch(std::function<void(DataFrame, int64_t)> fn) {
  lateFormat_ = "foreachBatch";
  lateForeachBatch_ = std::move(fn);
  return *this;
}
DataStreamWriter& DataStreamWriter::clock(streaming::ClockPtr clock) {
  clock_ = std::move(clock);
  return *this;
}

StreamingQuery DataStreamWriter::start() { return valueOrThrow(tryStart()); }

StreamingQuery DataStreamWriter::start(const std::string& path) {
  options_.set("path", path);
  return start();
}

StreamingQuery DataStreamWriter::toTable(const std::string& name) {
  if (toLower(format_) == "delta") {
    // A managed Delta table in the warehouse, which spark.table(name) and SQL read.
    options_.set("path", valueOrThrow(managedTablePath(df_.session()->conf(), name)));
    return start();
  }
  format_ = "memory";
  if (queryName_.empty()) queryName_ = name;
  options_.set("table", name);
  return start();
}

namespace {

// The memory sink's table as the session sees it: a snapshot per scan.
class MemorySinkSource final : public TableSource {
 public:
  explicit MemorySinkSource(std::shared_ptr<connectors::MemorySinkTable> table) : table_(std::move(table)) {}
  SchemaPtr schema() const override { return table_->schema(); }
  Result<BatchStreamPtr> open() const override { return exec::makeBatchesScan(table_->schema(), table_->snapshot()); }
  std::string describe() const override { return "MemorySink"; }

 private:
  std::shared_ptr<connectors::MemorySinkTable> table_;
};

// Runs user code, turning what it throws into the query's error.
template <typename F>
Status runUserCode(const char* what, F&& f) {
  try {
    f();
    return Status::OK();
  } catch (const Error& e) {
    return e.status();
  } catch (const std::exception& e) {
    return Status::ExecutionError("{} failed: {}", what, e.what());
  } catch (...) {
    return Status::ExecutionError("{} failed with an unknown exception", what);
  }
}

// What a sink is made from: the writer's format, options and callables.
struct SinkSpec {
  std::string format;
  Options options;
  std::string name;  // the query name (a memory sink's table)
  SchemaPtr schema;  // of the rows it gets
  std::function<void(DataFrame, int64_t)> foreachBatch;
  std::shared_ptr<ForeachWriter> foreach;
  std::vector<std::string> partitionBy;
};

// The sink for a spec; tempCheckpointAllowed: whether it may run without a
// checkpoint location (not the exactly-once file sinks).
Result<std::unique_ptr<streaming::Sink>> buildSink(const std::shared_ptr<Session>& session, const SinkSpec& spec,
                                                   OutputMode mode, bool& tempCheckpointAllowed) {
  std::string kind = toLower(spec.format);
  if (kind == "memory") {
    std::string table = spec.options.get("table", spec.name);
    if (table.empty()) return Status::Invalid("queryName must be specified for memory sink");
    auto data = std::make_shared<connectors::MemorySinkTable>(spec.schema);
    session->registerView(table, plan::scan(std::make_shared<MemorySinkSource>(data)), /*replace=*/true);
    return connectors::makeMemorySink(data);
  }
  if (kind == "foreachbatch") {
    if (!spec.foreachBatch) return Status::Invalid("foreachBatch() needs a function");
    auto fn = spec.foreachBatch;
    return connectors::makeForeachBatchSink(
        [fn, session](int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows) {
          return runUserCode("foreachBatch", [&] { fn(session->createDataFrame(rows, schema), batchId); });
        });
  }
  if (kind == "foreach") {
    if (!spec.foreach) return Status::Invalid("foreach() needs a writer");
    auto writer = spec.foreach;
    return connectors::makeForeachBatchSink(
        [writer](int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows) {
          bool opened = false;
          Status st = runUserCode("ForeachWriter.open", [&] { opened = writer->open(0, batchId); });
          if (!st.ok() || !opened) return st;
          st = runUserCode("ForeachWriter.process", [&] {
            for (const auto& b : rows) {
              for (int64_t r = 0; r < b->numRows(); ++r) writer->process(Row(schema, b->row(r)));
            }
          });
          std::optional<std::string> error;
          if (!st.ok()) error = st.message();
          Status closed = runUserCode("ForeachWriter.close", [&] { writer->close(error); });
          return st.ok() ? closed : st;
        },
        "ForeachSink");
  }
  connectors::StreamSinkRequest request{spec.format, spec.options, spec.name, spec.partitionBy, spec.schema};
  SPATE_RETURN_IF_ERROR(connectors::checkSinkOutputMode(spec.format, mode));
  tempCheckpointAllowed = kind == "console" || kind == "noop";
  return connectors::makeStreamSink(request);
}

// The input of the first stateful operator that drops late rows (an aggregation or
// deduplication keyed by event time), or null.
PlanPtr lateRowsInput(const LogicalPlan& p) {
  for (const auto& c : p.children) {
    if (PlanPtr found = lateRowsInput(*c)) return found;
  }
  if (!p.isStreaming()) return nullptr;
  if ((p.kind == PlanKind::kAggregate || (p.kind == PlanKind::kDeduplicate && !p.withinWatermark)) &&
      eventTimeKey(*p.children[0], p.exprs).index >= 0) {
    return p.children[0];
  }
  if (p.kind == PlanKind::kDeduplicate && p.withinWatermark && !eventTimeColumns(*p.children[0]).empty()) {
    return p.children[0];
  }
  return nullptr;
}

int defaultShufflePartitions() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace

Result<StreamingQuery> DataStreamWriter::tryStart() {
  auto session = df_.session();
  SPATE_ASSIGN_OR_RETURN(OutputMode mode, parseOutputMode(outputMode_));
  std::string format = format_.empty() ? session->conf().get("spark.sql.sources.default", "parquet") : format_;

  streaming::QueryConfig config;
  config.name = queryName_;
  config.trigger = trigger_;
  config.outputMode = mode;
  config.clock = clock_;
  const RuntimeConfig& conf = session->conf();
  Options confOptions;
  for (const auto& [k, v] : conf.all()) confOptions.set(k, v);
  SPATE_ASSIGN_OR_RETURN(int64_t partitions,
                         confOptions.getInt("spark.sql.shuffle.partitions", defaultShufflePartitions()));
  if (partitions < 1) return Status::Invalid("spark.sql.shuffle.partitions must be positive, got {}", partitions);
  config.numShufflePartitions = static_cast<int>(partitions);
  SPATE_ASSIGN_OR_RETURN(int64_t deltas, confOptions.getInt("spark.sql.streaming.stateStore.minDeltasForSnapshot", 10));
  SPATE_ASSIGN_OR_RETURN(int64_t retain, confOptions.getInt("spark.sql.streaming.minBatchesToRetain", 100));
  if (deltas < 1 || retain < 1) {
    return Status::Invalid(
        "spark.sql.streaming.stateStore.minDeltasForSnapshot and spark.sql.streaming.minBatchesToRetain must be "
        "positive");
  }
  config.storeConf.minDeltasForSnapshot = static_cast<int>(deltas);
  config.storeConf.minBatchesToRetain = static_cast<int>(retain);
  config.minBatchesToRetain = static_cast<int>(retain);
  SPATE_ASSIGN_OR_RETURN(config.noDataMicroBatches,
                         confOptions.getBool("spark.sql.streaming.noDataMicroBatches.enabled", true));
  std::string policy = toLower(conf.get("spark.sql.streaming.multipleWatermarkPolicy", "min"));
  if (policy != "min" && policy != "max") {
    return Status::Invalid("spark.sql.streaming.multipleWatermarkPolicy must be 'min' or 'max', not '{}'", policy);
  }
  config.maxWatermarkPolicy = policy == "max";

  bool tempCheckpointAllowed = true;
  SinkSpec main{format, options_, queryName_, df_.schema(), foreachBatch_, foreach_, partitionBy_};
  SPATE_ASSIGN_OR_RETURN(std::unique_ptr<streaming::Sink> sink,
                         buildSink(session, main, mode, tempCheckpointAllowed));
  if (!lateFormat_.empty()) {
    PlanPtr lateInput = lateRowsInput(*df_.logicalPlan());
    if (!lateInput) {
      return Status::AnalysisError(
          "lateRows() needs a streaming aggregation or dropDuplicates over a column with a watermark "
          "(withWatermark): only they drop late rows");
    }
    bool lateTemp = true;
    SinkSpec late{lateFormat_, lateOptions_, lateOptions_.get("queryName"), lateInput->schema(), lateForeachBatch_,
                  nullptr, {}};
    SPATE_ASSIGN_OR_RETURN(auto lateSink, buildSink(session, late, OutputMode::kAppend, lateTemp));
    config.lateRowsSink = std::move(lateSink);
    tempCheckpointAllowed = tempCheckpointAllowed && lateTemp;
  }

  config.checkpointLocation = options_.get("checkpointLocation");
  if (config.checkpointLocation.empty() && conf.has("spark.sql.streaming.checkpointLocation")) {
    config.checkpointLocation = conf.get("spark.sql.streaming.checkpointLocation") + "/" +
                                (queryName_.empty() ? randomUuid() : queryName_);
  }
  if (config.checkpointLocation.empty() && !tempCheckpointAllowed) {
    return Status::AnalysisError(
        "checkpointLocation must be specified either through option(\"checkpointLocation\", ...) or "
        "SparkSession.conf.set(\"spark.sql.streaming.checkpointLocation\", ...)");
  }
  SPATE_ASSIGN_OR_RETURN(auto query,
                         session->streamsManager()->startQuery(df_.logicalPlan(), std::move(sink), std::move(config)));
  return StreamingQuery(std::move(query));
}

}  // namespace spate::sql
