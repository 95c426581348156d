// DataStreamWriter.format(...) names to sinks, with Spark's messages for the formats a
// stream cannot be written to.

#include "spate/connectors/stream_sinks.h"

#include "spate/common/strings.h"
#include "spate/io/file_format.h"

namespace spate::connectors {

namespace {

bool isFileFormat(const std::string& lower) { return findFileFormat(lower).ok(); }

// Spark's noop format: the query runs, the rows go nowhere.
class NoopSink final : public streaming::Sink {
 public:
  std::string describe() const override { return "NoopSink"; }
  Status addBatch(int64_t, const SchemaPtr&, const std::vector<BatchPtr>&, OutputMode) override {
    return Status::OK();
  }
  bool idempotent() const override { return true; }
};

}  // namespace

Status checkSinkOutputMode(std::string_view format, OutputMode mode) {
  std::string lower = toLower(format);
  if (lower == "delta" && mode == OutputMode::kUpdate) {
    return Status::AnalysisError("Data source delta does not support {} output mode", outputModeName(mode));
  }
  if (isFileFormat(lower) && mode != OutputMode::kAppend) {
    return Status::AnalysisError("Data source {} does not support {} output mode", format, outputModeName(mode));
  }
  return Status::OK();
}

Result<std::unique_ptr<streaming::Sink>> makeStreamSink(const StreamSinkRequest& request) {
  std::string lower = toLower(request.format);
  if (lower == "console") return makeConsoleSink(request.options);
  if (lower == "noop") return makeNoopSink();
  if (lower == "kafka") return makeKafkaSink(request.options);
  if (lower == "delta") {
    if (!request.partitionBy.empty()) {
      return Status::NotImplemented("The Delta sink does not write partitioned tables yet (partitionBy {})",
                                    joinStrings(request.partitionBy, ", "));
    }
    return makeDeltaSink(request.options);
  }
  if (isFileFormat(lower)) return makeFileSink(request.format, request.options, request.partitionBy, request.schema);
  return Status::AnalysisError("Data source {} does not support streamed writing", request.format);
}

std::unique_ptr<streaming::Sink> makeNoopSink() { return std::make_unique<NoopSink>(); }

}  // namespace spate::connectors
