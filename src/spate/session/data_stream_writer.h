#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spate/io/options.h"
#include "spate/session/option_setter.h"
#include "spate/session/dataframe.h"
#include "spate/session/streaming_query.h"

namespace spate::sql {

// foreach(): a writer called for every output row (Spark's ForeachWriter). Each
// micro-batch opens it once with the batch id as epochId; open() returning false
// skips the batch's rows (e.g. when they were written before a restart).
class ForeachWriter {
 public:
  virtual ~ForeachWriter() = default;
  virtual bool open(int64_t partitionId, int64_t epochId) = 0;
  virtual void process(const Row& row) = 0;
  // error: the message of what went wrong in process(), if anything.
  virtual void close(const std::optional<std::string>& error) = 0;
};

// df.writeStream(): sink, output mode, trigger and options, then start().
class DataStreamWriter : public OptionSetter<DataStreamWriter> {
 public:
  explicit DataStreamWriter(DataFrame df) : df_(std::move(df)) {}

  // console, memory, csv, json, text, parquet, kafka, delta, noop (or use foreach / foreachBatch).
  DataStreamWriter& format(const std::string& sink);
  // append (default), update or complete.
  DataStreamWriter& outputMode(const std::string& mode);
  DataStreamWriter& queryName(const std::string& name);
  // File sinks write each row into the folder of its values: col1=v1/col2=v2/ (Spark's
  // Hive-style layout); the files then hold the other columns.
  DataStreamWriter& partitionBy(const std::vector<std::string>& columns);
  DataStreamWriter& trigger(const Trigger& trigger);
  // trigger(processingTime = "2 seconds").
  DataStreamWriter& trigger(const std::string& processingTime);
  DataStreamWriter& foreachBatch(std::function<void(DataFrame batch, int64_t batchId)> fn);
  DataStreamWriter& foreach(std::shared_ptr<ForeachWriter> writer);
  // Beyond Spark, which drops late rows without a trace: the rows a stateful operator
  // drops behind the watermark go to this sink (console, memory with option
  // "queryName", csv/json/text with "path", noop), once per batch, in append mode.
  DataStreamWriter& lateRows(const std::string& format,
                             const std::vector<std::pair<std::string, std::string>>& options = {});
  DataStreamWriter& lateRowsForeachBatch(std::function<void(DataFrame lateRows, int64_t batchId)> fn);
  // The clock triggers and time-based sources follow (tests step a ManualClock).
  DataStreamWriter& clock(streaming::ClockPtr clock);

  StreamingQuery start();
  StreamingQuery start(const std::string& path);
  // Writes into a table of the session that session.table(name) and SQL read while
  // the query runs: with format("delta") a Delta table in the warehouse
  // (spark.sql.warehouse.dir/<name>); otherwise kept in memory, like the memory sink.
  StreamingQuery toTable(const std::string& name);

 private:
  Result<StreamingQuery> tryStart();

  DataFrame df_;
  std::string format_;
  std::string outputMode_ = "append";
  std::string queryName_;
  std::vector<std::string> partitionBy_;
  Trigger trigger_;
  std::function<void(DataFrame, int64_t)> foreachBatch_;
  std::shared_ptr<ForeachWriter> foreach_;
  streaming::ClockPtr clock_;
  std::string lateFormat_;
  Options lateOptions_;
  std::function<void(DataFrame, int64_t)> lateForeachBatch_;
};

}  // namespace spate::sql
