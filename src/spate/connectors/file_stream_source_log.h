#pragma once

// The file source's log of which files went into which batch, in the layout of Spark's
// FileStreamSourceLog: one file per batch, <dir>/<batchId>, holding a "v1" line and then
// one JSON object per file: {"path":"file:///abs/path","timestamp":<mtime ms>,"batchId":N}.
// Internal to connectors/.

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate::connectors {

struct FileLogEntry {
  std::string path;       // absolute local path, decoded
  int64_t timestamp = 0;  // modification time, ms since the epoch
  int64_t batchId = 0;
};

class FileStreamSourceLog {
 public:
  // Reads every batch file in dir (which may not exist yet). A file that is not a
  // complete log entry is an error naming it.
  static Result<FileStreamSourceLog> open(std::string dir, bool durable);

  // The last batch written, -1 when none.
  int64_t latestBatchId() const { return batches_.empty() ? -1 : batches_.rbegin()->first; }
  const std::map<int64_t, std::vector<FileLogEntry>>& batches() const { return batches_; }

  // Writes batch batchId atomically; an error if it exists (two queries on one checkpoint).
  Status add(int64_t batchId, std::vector<FileLogEntry> entries);

  // The entries of batches [from, to]; an error naming a batch missing in between.
  Result<std::vector<FileLogEntry>> get(int64_t from, int64_t to) const;

 private:
  FileStreamSourceLog(std::string dir, bool durable) : dir_(std::move(dir)), durable_(durable) {}

  std::string dir_;
  bool durable_ = true;
  std::map<int64_t, std::vector<FileLogEntry>> batches_;
};

// "file:///a%20b/c.csv" for "/a b/c.csv", as Hadoop paths encode a URI; and back.
std::string fileUri(std::string_view absolutePath);
std::string pathFromUri(std::string_view uri);

}  // namespace spate::connectors
