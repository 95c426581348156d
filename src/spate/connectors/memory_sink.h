#pragma once

#include <functional>
#include <memory>
#include <mutex>
#include <vector>

#include "spate/streaming/sink.h"

namespace spate::connectors {

// The rows a memory sink holds (Spark's MemorySink): appended in append and update
// modes, replaced in complete mode. Readers take a consistent snapshot while the
// query keeps writing.
class MemorySinkTable {
 public:
  explicit MemorySinkTable(SchemaPtr schema) : schema_(std::move(schema)) {}
  const SchemaPtr& schema() const { return schema_; }
  std::vector<BatchPtr> snapshot() const;
  // Applies one batch unless its id was applied already.
  void apply(int64_t batchId, const std::vector<BatchPtr>& rows, OutputMode mode);

 private:
  SchemaPtr schema_;
  mutable std::mutex mu_;
  std::vector<BatchPtr> rows_;
  int64_t lastBatchId_ = -1;
};

std::unique_ptr<streaming::Sink> makeMemorySink(std::shared_ptr<MemorySinkTable> table);

// foreachBatch: the callable gets each batch's rows and id.
using BatchFunction =
    std::function<Status(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows)>;
// description: "ForeachBatchSink", or "ForeachSink" for foreach over the same mechanism.
std::unique_ptr<streaming::Sink> makeForeachBatchSink(BatchFunction fn, std::string description = "ForeachBatchSink");

}  // namespace spate::connectors
