// Spark's FileStreamSink: each batch's rows as part files in the output directory,
// made visible to readers by the batch's manifest entry (io/sink_manifest.h).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <functional>
#include <optional>
#include <set>
#include <system_error>

#include <fmt/format.h>

#include "spate/common/file_util.h"
#include "spate/connectors/stream_sinks.h"
#include "spate/io/file_format.h"
#include "spate/io/partitioned_write.h"
#include "spate/io/sink_manifest.h"

namespace spate::connectors {

namespace fs = std::filesystem;

namespace {

// Part files are written here first: FileFormat::write names its file itself, and a
// private folder per batch tells us which files are ours. Hidden from readers by '_'.
constexpr const char* kStagingDir = "_spate_staging";

// The manifest must never name data that a power loss could take back.
Status syncToDisk(const std::string& path, bool directory) {
  int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | (directory ? O_DIRECTORY : 0));
  if (fd < 0) return Status::IOError("Cannot open {} to sync it: {}", path, std::strerror(errno));
  int rc = ::fsync(fd);
  int err = errno;
  ::close(fd);
  if (rc != 0) return Status::IOError("Cannot sync {}: {}", path, std::strerror(err));
  return Status::OK();
}

class FileSink final : public streaming::Sink {
 public:
  FileSink(std::string formatName, const FileFormat* format, std::string path, Options options,
           int64_t maxRecordsPerFile, std::vector<std::string> partitionBy)
      : formatName_(std::move(formatName)),
        format_(format),
        path_(std::move(path)),
        manifest_(path_),
        options_(std::move(options)),
        maxRecordsPerFile_(maxRecordsPerFile),
        partitionBy_(std::move(partitionBy)) {}

  std::string describe() const override { return "FileSink[" + path_ + "]"; }
  bool idempotent() const override { return true; }

  Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                  OutputMode mode) override {
    SPATE_RETURN_IF_ERROR(checkSinkOutputMode(formatName_, mode));
    if (!latest_) {
      SPATE_ASSIGN_OR_RETURN(int64_t latest, manifest_.latestBatchId());
      latest_ = latest;
    }
    // As Spark: a batch at or below the last committed one is a replay after a
    // restart whose files are already recorded; writing it again would duplicate rows.
    if (batchId <= *latest_) return Status::OK();
    SPATE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> files, writeFiles(batchId, schema, rows));
    SPATE_RETURN_IF_ERROR(manifest_.commit(batchId, files));
    latest_ = batchId;
    return Status::OK();
  }

 private:
  Result<std::vector<SinkFileStatus>> writeFiles(int64_t batchId, const SchemaPtr& schema,
                                                 const std::vector<BatchPtr>& rows) const {
    std::vector<SinkFileStatus> files;
    if (std::all_of(rows.begin(), rows.end(), [](const BatchPtr& b) { return b->numRows() == 0; })) return files;
    SPATE_ASSIGN_OR_RETURN(PartitionColumns partitioning, resolvePartitionColumns(*schema, partitionBy_));
    const std::string outDir = manifest_.outputDir();
    const std::string stagingRoot = outDir + "/" + kStagingDir;
    const std::string staging = stagingRoot + "/" + std::to_string(batchId);
    std::error_code ec;
    // Leftovers of an earlier attempt at this batch were never committed.
    fs::remove_all(staging, ec);
    SPATE_RETURN_IF_ERROR(ensureDirectory(staging));
    SPATE_RETURN_IF_ERROR(
        writePartFiles(*format_, staging, rows, schema, partitioning, options_, maxRecordsPerFile_, 0));
    // Each file moves to the same place under the output, partition folders included;
    // the folders it lands in are synced once each, deepest first, before the manifest
    // entry names the files.
    std::vector<std::string> relativePaths;
    for (fs::recursive_directory_iterator it(staging, ec), end; !ec && it != end; it.increment(ec)) {
      std::error_code kind;
      const std::string name = it->path().filename().string();
      if (!it->is_regular_file(kind) || name.starts_with(".")) continue;  // a writer's temp file, never completed
      relativePaths.push_back(it->path().lexically_relative(staging).string());
    }
    if (ec) return Status::IOError("Cannot list {}: {}", staging, ec.message());
    std::set<std::string, std::greater<>> touchedDirs{outDir};
    for (const auto& relative : relativePaths) {
      const std::string from = staging + "/" + relative;
      const std::string to = outDir + "/" + relative;
      const std::string toDir = fs::path(to).parent_path().string();
      if (toDir != outDir) {
        SPATE_RETURN_IF_ERROR(ensureDirectory(toDir));
        for (fs::path d = toDir; d.string().size() > outDir.size(); d = d.parent_path()) touchedDirs.insert(d.string());
      }
      SPATE_RETURN_IF_ERROR(syncToDisk(from, false));
      if (::rename(from.c_str(), to.c_str()) != 0) {
        return Status::IOError("Cannot move {} to {}: {}", from, to, std::strerror(errno));
      }
      struct stat st {};
      if (::stat(to.c_str(), &st) != 0) return Status::IOError("Cannot stat {}: {}", to, std::strerror(errno));
      SinkFileStatus f;
      f.path = to;
      f.size = st.st_size;
      f.modificationTime = int64_t{st.st_mtim.tv_sec} * 1000 + st.st_mtim.tv_nsec / 1000000;
      files.push_back(std::move(f));
    }
    for (const auto& dir : touchedDirs) SPATE_RETURN_IF_ERROR(syncToDisk(dir, true));
    std::sort(files.begin(), files.end(), [](const SinkFileStatus& a, const SinkFileStatus& b) {
      return a.path < b.path;
    });
    fs::remove_all(staging, ec);
    fs::remove(stagingRoot, ec);  // only when no other batch's folder is left
    return files;
  }

  std::string formatName_;
  const FileFormat* format_;
  std::string path_;  // as the user gave it, for describe()
  SinkManifest manifest_;
  Options options_;
  int64_t maxRecordsPerFile_;
  std::vector<std::string> partitionBy_;
  std::optional<int64_t> latest_;  // the last committed batch id, read once
};

}  // namespace

Result<std::unique_ptr<streaming::Sink>> makeFileSink(const std::string& format, const Options& options,
                                                      const std::vector<std::string>& partitionBy,
                                                      const SchemaPtr& schema) {
  SPATE_ASSIGN_OR_RETURN(const FileFormat* fileFormat, findFileFormat(format));
  std::string path = options.get("path");
  if (path.empty()) return Status::Invalid("'path' is not specified");
  SPATE_ASSIGN_OR_RETURN(int64_t maxRecordsPerFile, options.getInt("maxRecordsPerFile", 0));
  // Bad partition columns fail start(), as in Spark, not the first batch.
  if (schema) SPATE_RETURN_IF_ERROR(resolvePartitionColumns(*schema, partitionBy).status());
  return std::unique_ptr<streaming::Sink>(std::make_unique<FileSink>(
      format, fileFormat, path, options, std::max<int64_t>(maxRecordsPerFile, 0), partitionBy));
}

}  // namespace spate::connectors
