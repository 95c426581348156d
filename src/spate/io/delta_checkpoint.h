#pragma once

// Delta checkpoints: <table>/_delta_log/%020d.checkpoint.parquet holds a snapshot's
// actions (protocol, metaData, txn, add) one per row, in struct columns named after the
// actions, and _delta_log/_last_checkpoint names the latest one, so a reader replays from
// there instead of from version 0. spate writes one every kCheckpointInterval commits.
// The columns are nested (add.partitionValues is a map).

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/io/delta_log.h"

namespace spate::delta {

inline constexpr int64_t kCheckpointInterval = 10;

// The checkpoint's columns: txn, add, remove, metaData, protocol (Delta's field names).
SchemaPtr checkpointSchema();

// A snapshot as checkpoint rows: protocol, metaData, each txn, each live file.
BatchPtr checkpointBatch(const Snapshot& snapshot);

// The actions of checkpoint rows (of any schema whose columns and struct fields carry
// Delta's names; other columns and fields are ignored) as one commit to replay from.
// `where` names the file in errors.
Result<Commit> commitFromCheckpoint(const std::vector<BatchPtr>& batches, const std::string& where);

// Writes the checkpoint of snapshot and then _last_checkpoint.
Status writeCheckpoint(const DeltaLog& log, const Snapshot& snapshot, bool durable = true);

// The version _last_checkpoint names; nullopt when there is none.
Result<std::optional<int64_t>> lastCheckpointVersion(const DeltaLog& log);

// The checkpoint of version as a commit to replay from.
Result<Commit> readCheckpoint(const DeltaLog& log, int64_t version);

}  // namespace spate::delta
