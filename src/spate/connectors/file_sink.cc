// Spark's FileStreamSink: each batch's rows as part files in the output directory,
// made visible to readers by the batch's manifest entry (io/sink_manifest.h).

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <filesystem>
#include <optional>
#include <system_error>

#include <fmt/format.h>

#include "spate/columnar/selection.h"
#include "spate/common/file_util.h"
#include "spate/connectors/stream_sinks.h"
#include "spate/io/file_format.h"
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

// Rows split into groups of at most maxRows (0: one group), for maxRecordsPerFile.
std::vector<std::vector<BatchPtr>> groupRows(const std::vector<BatchPtr>& rows, int64_t maxRows) {
  std::vector<std::vector<BatchPtr>> groups;
  int64_t inGroup = 0;
  for (const auto& b : rows) {
    for (int64_t offset = 0; offset < b->numRows();) {
      if (groups.empty() || (maxRows > 0 && inGroup == maxRows)) {
        groups.emplace_back();
        inGroup = 0;
      }
      int64_t take = b->numRows() - offset;
      if (maxRows > 0) take = std::min(take, maxRows - inGroup);
      groups.back().push_back(offset == 0 && take == b->numRows() ? b : sliceBatch(b, offset, take));
      inGroup += take;
      offset += take;
    }
  }
  return groups;
}

class FileSink final : public streaming::Sink {
 public:
  FileSink(std::string formatName, const FileFormat* format, std::string path, Options options,
           int64_t maxRecordsPerFile)
      : formatName_(std::move(formatName)),
        format_(format),
        path_(std::move(path)),
        manifest_(path_),
        options_(std::move(options)),
        maxRecordsPerFile_(maxRecordsPerFile) {}

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
    auto groups = groupRows(rows, maxRecordsPerFile_);
    if (groups.empty()) return files;
    const std::string outDir = manifest_.outputDir();
    const std::string stagingRoot = outDir + "/" + kStagingDir;
    const std::string staging = stagingRoot + "/" + std::to_string(batchId);
    std::error_code ec;
    // Leftovers of an earlier attempt at this batch were never committed.
    fs::remove_all(staging, ec);
    SPATE_RETURN_IF_ERROR(ensureDirectory(staging));
    for (size_t i = 0; i < groups.size(); ++i) {
      SPATE_RETURN_IF_ERROR(format_->write(staging, groups[i], schema, options_, fmt::format("part-{:05d}", i)));
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(staging));
    for (const auto& name : names) {
      if (name.starts_with(".")) continue;  // a writer's temp file, never completed
      std::string from = staging + "/" + name;
      std::string to = outDir + "/" + name;
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
    SPATE_RETURN_IF_ERROR(syncToDisk(outDir, true));
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
  std::optional<int64_t> latest_;  // the last committed batch id, read once
};

}  // namespace

Result<std::unique_ptr<streaming::Sink>> makeFileSink(const std::string& format, const Options& options) {
  SPATE_ASSIGN_OR_RETURN(const FileFormat* fileFormat, findFileFormat(format));
  std::string path = options.get("path");
  if (path.empty()) return Status::Invalid("'path' is not specified");
  SPATE_ASSIGN_OR_RETURN(int64_t maxRecordsPerFile, options.getInt("maxRecordsPerFile", 0));
  return std::unique_ptr<streaming::Sink>(
      std::make_unique<FileSink>(format, fileFormat, path, options, std::max<int64_t>(maxRecordsPerFile, 0)));
}

}  // namespace spate::connectors
