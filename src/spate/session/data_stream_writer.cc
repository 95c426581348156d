#include "spate/session/data_stream_writer.h"

#include <thread>

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/connectors/memory_sink.h"
#include "spate/connectors/stream_sinks.h"
#include "spate/exec/operators.h"
#include "spate/plan/plan_builder.h"
#include "spate/session/session.h"

namespace spate::sql {

DataStreamWriter& DataStreamWriter::format(const std::string& sink) {
  format_ = sink;
  return *this;
}
DataStreamWriter& DataStreamWriter::outputMode(const std::string& mode) {
  outputMode_ = mode;
  return *this;
}
DataStreamWriter& DataStreamWriter::option(const std::string& key, const std::string& value) {
  options_.set(key, value);
  return *this;
}
DataStreamWriter& DataStreamWriter::option(const std::string& key, bool value) {
  return option(key, std::string(value ? "true" : "false"));
}
DataStreamWriter& DataStreamWriter::option(const std::string& key, int64_t value) {
  return option(key, std::to_string(value));
}
DataStreamWriter& DataStreamWriter::options(const std::vector<std::pair<std::string, std::string>>& entries) {
  for (const auto& [k, v] : entries) options_.set(k, v);
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

int defaultShufflePartitions() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

}  // namespace

Result<StreamingQuery> DataStreamWriter::tryStart() {
  auto session = df_.session();
  SPATE_ASSIGN_OR_RETURN(OutputMode mode, parseOutputMode(outputMode_));
  std::string format = format_.empty() ? session->conf().get("spark.sql.sources.default", "parquet") : format_;
  std::string kind = toLower(format);

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

  std::unique_ptr<streaming::Sink> sink;
  bool tempCheckpointAllowed = true;
  if (kind == "memory") {
    std::string table = options_.get("table", queryName_);
    if (table.empty()) return Status::Invalid("queryName must be specified for memory sink");
    auto data = std::make_shared<connectors::MemorySinkTable>(df_.schema());
    session->registerView(table, plan::scan(std::make_shared<MemorySinkSource>(data)), /*replace=*/true);
    sink = connectors::makeMemorySink(data);
  } else if (kind == "foreachbatch") {
    if (!foreachBatch_) return Status::Invalid("foreachBatch() needs a function");
    auto fn = foreachBatch_;
    sink = connectors::makeForeachBatchSink(
        [fn, session](int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows) {
          return runUserCode("foreachBatch", [&] { fn(session->createDataFrame(rows, schema), batchId); });
        });
  } else if (kind == "foreach") {
    if (!foreach_) return Status::Invalid("foreach() needs a writer");
    auto writer = foreach_;
    sink = connectors::makeForeachBatchSink(
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
  } else {
    connectors::StreamSinkRequest request{format, options_, queryName_};
    SPATE_ASSIGN_OR_RETURN(sink, connectors::makeStreamSink(request));
    SPATE_RETURN_IF_ERROR(connectors::checkSinkOutputMode(format, mode));
    tempCheckpointAllowed = kind == "console" || kind == "noop";
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
