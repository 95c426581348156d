#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spate/common/json.h"
#include "spate/streaming/source.h"

namespace spate::streaming {

// What offsets/<batchId> holds besides the source offsets (Spark's OffsetSeqMetadata).
struct OffsetSeqMetadata {
  int64_t batchWatermarkMs = 0;
  int64_t batchTimestampMs = 0;
  // Settings fixed for the life of the checkpoint (spark.sql.shuffle.partitions...).
  std::map<std::string, std::string> conf;
};

// One offsets/<batchId> entry: the end offset of each source (nullopt: none yet).
struct OffsetSeq {
  std::vector<std::optional<Offset>> offsets;
  OffsetSeqMetadata metadata;
};

// A query's checkpoint folder, laid out as Spark's so it can be read the same way:
//   metadata          {"id":"<query id>"}, plus what the query was started with
//   offsets/<N>       "v1", the metadata JSON, then one offset line per source
//   commits/<N>       "v1", {"nextBatchWatermarkMs":...}
//   sources/<i>/      each source's own log
//   state/<op>/<p>/   state store files
// offsets/N is written before batch N runs, commits/N after its sink committed: a
// batch with offsets but no commit is re-run with the same offsets on restart. Every
// file is written atomically; a corrupt one is an error naming it.
//
// A temporary checkpoint (a query without checkpointLocation, which cannot be
// restarted) keeps its offsets and commits in memory: the folder holds only what
// sources and state need, written without fsync.
class Checkpoint {
 public:
  // Opens (creating when new) the checkpoint at root.
  static Result<Checkpoint> open(const std::string& root, bool temporary);
  // `query` describes the query (sources, stateful operators): a new checkpoint
  // records it, an existing one must match it, or the error says what changed.
  Status matchQuery(const Json& query) const;

  const std::string& root() const { return root_; }
  const std::string& queryId() const { return queryId_; }
  bool durable() const { return !temporary_; }

  Result<std::optional<int64_t>> latestOffsetsBatch() const;
  Result<OffsetSeq> readOffsets(int64_t batchId) const;
  Status writeOffsets(int64_t batchId, const OffsetSeq& offsets) const;

  Result<std::optional<int64_t>> latestCommittedBatch() const;
  // The watermark to use after batch batchId.
  Result<int64_t> readCommit(int64_t batchId) const;
  Status writeCommit(int64_t batchId, int64_t nextBatchWatermarkMs) const;

  // Deletes offsets and commits of batches before minBatchId.
  Status purge(int64_t minBatchId) const;

  std::string sourcePath(size_t index) const;
  std::string statePath() const;

 private:
  // The log entries of one folder (offsets, commits), on disk or in memory.
  Status writeEntry(const char* dir, int64_t batchId, const std::string& text) const;
  Result<std::vector<std::string>> readEntry(const char* dir, int64_t batchId) const;
  Result<std::optional<int64_t>> latestEntry(const char* dir) const;

  std::string root_;
  std::string queryId_;
  bool temporary_ = false;
  Json metadata_;
  mutable bool purgedOnce_ = false;
  mutable std::map<std::string, std::map<int64_t, std::string>> memory_;  // temporary: dir -> id -> text
};

}  // namespace spate::streaming
