#pragma once

// Writing rows into a Delta table: Parquet data files in the table directory, then one
// commit that adds them (and, to overwrite, removes every live file), with a txn action
// when the writer is a streaming query so that a replayed batch is recognised and skipped.
// Reading the files: delta_files.h.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/io/delta_log.h"
#include "spate/io/options.h"

namespace spate::delta {

enum class WriteMode { kAppend, kOverwrite };

struct WriteRequest {
  WriteMode mode = WriteMode::kAppend;
  // commitInfo's operation ("WRITE", "STREAMING UPDATE", "CREATE TABLE AS SELECT") and
  // its operationParameters (an object).
  std::string operation = "WRITE";
  Json operationParameters = Json::object();
  // A streaming writer's (queryId, batchId): when the table's txn for appId is already
  // at or past version, the write is skipped.
  std::optional<TxnAction> txn;
  // compression (snappy), maxRecordsPerFile (0: one file per write).
  Options options;
  bool durable = true;
  // A writer that writes again and again (a streaming sink) keeps the table's snapshot
  // here: each write then reads only the commits made since, not the whole log.
  std::optional<Snapshot>* snapshotCache = nullptr;
};

struct WriteOutcome {
  int64_t version = -1;  // the commit made, or the latest version when skipped
  bool skipped = false;  // txn says this write happened already
  int64_t filesAdded = 0;
};

// Writes the rows as the request says. A new table (no commit yet) is created with the
// rows' schema; an existing one must have the same column names and types, or the error
// names the differing column.
Result<WriteOutcome> writeToTable(const std::string& tableDir, const SchemaPtr& schema,
                                  const std::vector<BatchPtr>& rows, const WriteRequest& request);

// The local path of one add action's file (a URI relative to the table, or absolute).
Result<std::string> dataFilePath(const DeltaLog& log, const AddAction& add);

}  // namespace spate::delta
