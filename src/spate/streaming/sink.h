#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/plan/output_mode.h"

namespace spate::streaming {

// What a sink learns when its query starts.
struct SinkContext {
  // The query's id, kept in its checkpoint: the same across restarts (a transactional
  // sink names its transactions after it).
  std::string queryId;
};

// Where a streaming query's result goes, one micro-batch at a time.
class Sink {
 public:
  virtual ~Sink() = default;
  // Called once when the query starts, before any batch.
  virtual Status open(const SinkContext& ctx) { return Status::OK(); }
  // For progress: "MemorySink", "FileSink[/out]", "ForeachBatchSink".
  virtual std::string describe() const = 0;
  // Writes the rows of batch batchId. After a crash the engine calls it again with
  // the same batch id and the same rows when the batch was not recorded as committed;
  // an idempotent sink ignores an id it has already written. In complete mode the rows
  // are the whole result table; in append and update modes, the new or changed rows.
  virtual Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                          OutputMode mode) = 0;
  // Whether re-adding a batch id is harmless (for documentation and the log line at
  // start: exactly-once needs an idempotent sink).
  virtual bool idempotent() const { return false; }
  virtual void stop() {}
  virtual std::map<std::string, std::string> metrics() const { return {}; }
};

}  // namespace spate::streaming
