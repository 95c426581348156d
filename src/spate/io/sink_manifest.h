#pragma once

// The exactly-once manifest of a file sink (Spark's FileStreamSinkLog, kept in
// <output>/_spate_metadata/ instead of _spark_metadata/). The sink writes its part files
// first and then one manifest entry per batch; readers take the data files of such a
// directory from the manifest only, so files of a batch that crashed before its entry
// was written are never seen, and a batch's files appear all at once.
//
// Layout, one file per batch id, each written atomically:
//   _spate_metadata/0, 1, ..., 8     "v1", then one JSON line per file (SinkFileStatus)
//   _spate_metadata/9.compact        every 10th batch: all live files so far plus its own
//   _spate_metadata/10, 11, ...
// A reader needs the latest N.compact and the plain entries after it. Old entries are
// kept (Spark deletes them after a delay; they are small and deleting races readers).

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate {

inline constexpr std::string_view kSinkManifestDir = "_spate_metadata";

// One line of a manifest entry: Spark's SinkFileStatus.
struct SinkFileStatus {
  std::string path;  // absolute local path; "file://" URI with %-escapes on disk
  int64_t size = 0;
  bool isDir = false;
  int64_t modificationTime = 0;  // ms since the epoch
  int64_t blockReplication = 1;
  int64_t blockSize = 1;
  std::string action = "add";  // "add" or "delete"
};

// The manifest of one output directory. Not thread-safe; one writer per directory.
class SinkManifest {
 public:
  // Every kCompactInterval-th batch (ids 9, 19, ...) is written as "<id>.compact".
  static constexpr int64_t kCompactInterval = 10;

  explicit SinkManifest(const std::string& outputDir);

  // Whether dir holds a manifest folder (what makes readers use it).
  static bool existsIn(const std::string& outputDir);

  const std::string& outputDir() const { return outputDir_; }
  const std::string& manifestDir() const { return manifestDir_; }

  // The highest batch id with an entry; -1 when there is none.
  Result<int64_t> latestBatchId() const;

  // Writes batchId's entry durably. An error when batchId already has one: another
  // query is writing to the same directory.
  Status commit(int64_t batchId, const std::vector<SinkFileStatus>& files) const;

  // The files added and not deleted by all entries, in commit order. A malformed
  // entry is an error naming its file.
  Result<std::vector<SinkFileStatus>> allFiles() const;

  // allFiles() as local paths of existing files, for listing: a recorded path whose
  // directory is not this one (the output was moved, copied or reached through a link)
  // is looked up here by file name. A recorded file found nowhere is an error.
  Result<std::vector<std::string>> dataFiles() const;

 private:
  std::string outputDir_;
  std::string manifestDir_;
};

// A recorded file's local path: "file:///a%20b", "file:/a%20b" (as Hadoop writes local
// paths) or a plain path, %-escapes decoded; relative paths are taken against baseDir.
// (Delta's add paths are such URIs too.)
Result<std::string> uriToPath(std::string_view uri, const std::string& baseDir);

// Serialization of one entry file (exposed for tests).
std::string serializeSinkManifestEntry(const std::vector<SinkFileStatus>& files);
// `where` names the entry in error messages.
Result<std::vector<SinkFileStatus>> parseSinkManifestEntry(std::string_view text, const std::string& where);

}  // namespace spate
