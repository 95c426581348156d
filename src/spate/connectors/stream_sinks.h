#pragma once

#include <cstdio>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spate/io/options.h"
#include "spate/streaming/sink.h"
#include "spate/types/schema.h"

namespace spate::connectors {

// What DataStreamWriter gathered for a sink chosen by format name.
struct StreamSinkRequest {
  std::string format;  // "console", "csv", "json", "text", "noop"
  Options options;     // "path" arrives here when start(path) named one
  std::string queryName;
  std::vector<std::string> partitionBy;  // file sinks: Hive-style partition folders
  SchemaPtr schema;                      // of the rows the sink gets, when known
};

// The sink for a request; unknown formats and bad options are errors naming them.
// (memory, foreach and foreachBatch sinks are made by the session, which owns the
// table and the callbacks.)
Result<std::unique_ptr<streaming::Sink>> makeStreamSink(const StreamSinkRequest& request);

Result<std::unique_ptr<streaming::Sink>> makeConsoleSink(const Options& options);
// Prints to out (not owned; tests pass a memory stream) instead of stdout.
Result<std::unique_ptr<streaming::Sink>> makeConsoleSink(const Options& options, FILE* out);
// Writes each batch as part files under path (in partition folders a=1/b=x/ by the
// partitionBy columns) and records them in the exactly-once manifest
// <path>/_spate_metadata/<batchId>. schema, when given, checks partitionBy now.
Result<std::unique_ptr<streaming::Sink>> makeFileSink(const std::string& format, const Options& options,
                                                      const std::vector<std::string>& partitionBy = {},
                                                      const SchemaPtr& schema = nullptr);
// Whether a sink of this format accepts the output mode, for start() to fail before the
// first batch as Spark does: file formats take only Append ("Data source csv does not
// support Update output mode"), delta Append and Complete; the other sinks every mode.
Status checkSinkOutputMode(std::string_view format, OutputMode mode);

// Writes each row as a Kafka record (value, key, topic, partition columns), at least once.
Result<std::unique_ptr<streaming::Sink>> makeKafkaSink(const Options& options);

// Commits each batch to the Delta table at option "path", exactly once through the
// table's txn action (append and complete output modes).
Result<std::unique_ptr<streaming::Sink>> makeDeltaSink(const Options& options);

// Discards rows (Spark's "noop" format, for benchmarks).
std::unique_ptr<streaming::Sink> makeNoopSink();

}  // namespace spate::connectors
