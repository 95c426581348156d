// Delta's streaming sink (DeltaSink): each micro-batch is one commit to the table, with
// a txn action (appId = the query's id, version = the batch id) so that a batch run
// again after a restart finds itself already committed and is skipped: exactly once.

#include "spate/common/strings.h"
#include "spate/connectors/stream_sinks.h"
#include "spate/io/delta_table.h"
#include "spate/io/file_listing.h"

namespace spate::connectors {

namespace {

class DeltaSink final : public streaming::Sink {
 public:
  DeltaSink(std::string path, Options options) : path_(std::move(path)), options_(std::move(options)) {}

  Status open(const streaming::SinkContext& ctx) override {
    queryId_ = ctx.queryId;
    return Status::OK();
  }
  std::string describe() const override { return "DeltaSink[" + path_ + "]"; }
  bool idempotent() const override { return true; }

  Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                  OutputMode mode) override {
    SPATE_RETURN_IF_ERROR(checkSinkOutputMode("delta", mode));
    if (queryId_.empty()) return Status::Internal("DeltaSink: addBatch before open");
    delta::WriteRequest request;
    request.mode = mode == OutputMode::kComplete ? delta::WriteMode::kOverwrite : delta::WriteMode::kAppend;
    request.operation = "STREAMING UPDATE";
    Json params = Json::object();
    params.set("outputMode", mode == OutputMode::kComplete ? "Complete" : "Append");
    params.set("queryId", queryId_);
    params.set("epochId", std::to_string(batchId));
    request.operationParameters = std::move(params);
    request.txn = delta::TxnAction{queryId_, batchId, std::nullopt};
    request.options = options_;
    request.snapshotCache = &snapshot_;
    SPATE_ASSIGN_OR_RETURN(delta::WriteOutcome outcome, delta::writeToTable(path_, schema, rows, request));
    if (!outcome.skipped) lastVersion_ = outcome.version;
    return Status::OK();
  }

  std::map<std::string, std::string> metrics() const override {
    if (lastVersion_ < 0) return {};
    return {{"tableVersion", std::to_string(lastVersion_)}};
  }

 private:
  std::string path_;  // absolute
  Options options_;
  std::string queryId_;
  int64_t lastVersion_ = -1;
  std::optional<delta::Snapshot> snapshot_;  // the table as this sink last saw it
};

}  // namespace

Result<std::unique_ptr<streaming::Sink>> makeDeltaSink(const Options& options) {
  std::string path = options.get("path");
  if (path.empty()) {
    return Status::Invalid("'path' is not specified for the delta sink: use start(path) or toTable(name)");
  }
  return std::unique_ptr<streaming::Sink>(std::make_unique<DeltaSink>(absolutePath(path), options));
}

}  // namespace spate::connectors
