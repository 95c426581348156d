// The file directory source (csv, json, text), as Spark's FileStreamSource: each
// trigger lists the directory, assigns files it has not seen to the next batch (oldest
// first, within maxFilesPerTrigger / maxBytesPerTrigger) and records them in the source
// log before the batch runs. A batch reads exactly the files its log entries name, so a
// batch re-run after a restart reads the same files, and a file is never assigned twice.

#include <fnmatch.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdio>
#include <filesystem>
#include <unordered_map>

#include "spate/columnar/batch_stream.h"
#include "spate/common/datetime.h"
#include "spate/common/json.h"
#include "spate/common/strings.h"
#include "spate/common/thread_pool.h"
#include "spate/connectors/file_stream_source_log.h"
#include "spate/connectors/source_util.h"
#include "spate/connectors/stream_sources.h"
#include "spate/io/file_format.h"
#include "spate/io/file_listing.h"
#include "spate/io/partition_discovery.h"

namespace spate::connectors {

namespace {

namespace fs = std::filesystem;
using streaming::Offset;

enum class CleanSource { kOff, kDelete, kArchive };

struct FileStreamConfig {
  std::string format;
  const FileFormat* fileFormat = nullptr;
  std::string path;  // absolute; may be a glob pattern
  SchemaPtr schema;  // dataSchema then partitionSchema
  SchemaPtr dataSchema;  // what the files hold
  // Partition columns found in k=v folders under path when the query started (none
  // for a glob path); each file's values come from its own folders.
  SchemaPtr partitionSchema;
  Options readerOptions;  // the request's options without "path"
  std::optional<int64_t> maxFilesPerTrigger;
  std::optional<int64_t> maxBytesPerTrigger;
  bool latestFirst = false;
  bool fileNameOnly = false;
  int64_t maxFileAgeMs = 7 * 24 * 3600 * 1000LL;
  CleanSource cleanSource = CleanSource::kOff;
  std::string archiveDir;  // absolute, for kArchive
};

struct FoundFile {
  std::string path;
  int64_t size = 0;
  int64_t mtimeMillis = 0;
};

bool isGlob(std::string_view path) { return path.find_first_of("*?[{") != std::string_view::npos; }

std::string fileName(const std::string& path) {
  size_t slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The files the source path names now, oldest first (newest first with latestFirst),
// ties by path. A directory that does not exist (yet) holds no files.
Result<std::vector<FoundFile>> listFiles(const FileStreamConfig& c) {
  std::error_code ec;
  if (!isGlob(c.path) && !fs::exists(c.path, ec)) return std::vector<FoundFile>{};
  auto paths = listDataFiles(c.path);
  if (!paths.ok()) {
    // A pattern that matches nothing yet is no data, as a missing directory.
    if (isGlob(c.path) && paths.status().code() == StatusCode::kAnalysisError) return std::vector<FoundFile>{};
    return paths.status();
  }
  std::vector<FoundFile> files;
  files.reserve(paths->size());
  for (auto& p : *paths) {
    struct stat st {};
    // Gone between listing and stat: a later listing decides.
    if (::stat(p.c_str(), &st) != 0 || !S_ISREG(st.st_mode)) continue;
    const int64_t mtime = static_cast<int64_t>(st.st_mtim.tv_sec) * 1000 + st.st_mtim.tv_nsec / 1000000;
    files.push_back({std::move(p), static_cast<int64_t>(st.st_size), mtime});
  }
  const bool newestFirst = c.latestFirst;
  std::sort(files.begin(), files.end(), [newestFirst](const FoundFile& a, const FoundFile& b) {
    if (a.mtimeMillis != b.mtimeMillis) {
      return newestFirst ? a.mtimeMillis > b.mtimeMillis : a.mtimeMillis < b.mtimeMillis;
    }
    return a.path < b.path;
  });
  return files;
}

// Spark's SeenFilesMap: the files already assigned to a batch, by path (or by file name
// with fileNameOnly), forgetting those older than maxFileAge before the newest one. A
// file older than that cut-off is not new even when forgotten, so the map stays bounded.
class SeenFiles {
 public:
  SeenFiles(int64_t maxAgeMillis, bool fileNameOnly) : maxAgeMillis_(maxAgeMillis), fileNameOnly_(fileNameOnly) {}

  void add(const std::string& path, int64_t mtimeMillis) {
    map_[key(path)] = mtimeMillis;
    latest_ = std::max(latest_, mtimeMillis);
  }
  bool isNew(const std::string& path, int64_t mtimeMillis) const {
    return mtimeMillis >= lastPurge_ && !map_.count(key(path));
  }
  void purge() {
    lastPurge_ = maxAgeMillis_ == INT64_MAX ? INT64_MIN : latest_ - maxAgeMillis_;
    std::erase_if(map_, [&](const auto& entry) { return entry.second < lastPurge_; });
  }

 private:
  std::string key(const std::string& path) const { return fileNameOnly_ ? fileName(path) : path; }

  int64_t maxAgeMillis_;
  bool fileNameOnly_;
  std::unordered_map<std::string, int64_t> map_;
  int64_t latest_ = 0;
  int64_t lastPurge_ = 0;  // until the first purge every file is new, however old
};

Offset logOffsetJson(int64_t logOffset) { return fmt::format("{{\"logOffset\":{}}}", logOffset); }

// FileStreamSourceOffset: {"logOffset":N}; a bare number is accepted as Spark accepts
// the LongOffset of old checkpoints.
Result<int64_t> parseLogOffset(const Offset& offset) {
  auto json = Json::parse(offset);
  if (json.ok() && json->isObject()) {
    auto v = json->intMember("logOffset", "file source offset");
    if (v.ok()) return *v;
  } else if (json.ok() && json->kind() == Json::Kind::kInt) {
    return json->asInt();
  }
  return Status::ExecutionError("Invalid offset '{}' for the file source: expected {{\"logOffset\":N}}", offset);
}

class FileStreamSource final : public streaming::Source {
 public:
  FileStreamSource(std::shared_ptr<const FileStreamConfig> config, FileStreamSourceLog log)
      : config_(std::move(config)), log_(std::move(log)), seen_(effectiveMaxFileAge(*config_), config_->fileNameOnly) {
    for (const auto& [batchId, entries] : log_.batches()) {
      for (const auto& e : entries) seen_.add(e.path, e.timestamp);
    }
    seen_.purge();
  }

  SchemaPtr schema() const override { return config_->schema; }
  std::string describe() const override { return "FileStreamSource[file:" + config_->path + "]"; }
  bool replayable() const override { return true; }

  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    std::vector<FoundFile> listed;
    if (availableNow_) {
      listed = *availableNow_;
    } else {
      SPATE_ASSIGN_OR_RETURN(listed, listFiles(*config_));
    }
    std::vector<FoundFile> fresh;
    for (auto& f : listed) {
      if (seen_.isNew(f.path, f.mtimeMillis)) fresh.push_back(std::move(f));
    }
    std::vector<FoundFile> chosen = applyReadLimit ? applyLimit(std::move(fresh)) : std::move(fresh);
    if (!chosen.empty()) {
      const int64_t batchId = log_.latestBatchId() + 1;
      std::vector<FileLogEntry> entries;
      entries.reserve(chosen.size());
      for (const auto& f : chosen) entries.push_back({f.path, f.mtimeMillis, batchId});
      // Logged before the offset is, so the batch can always be read again.
      SPATE_RETURN_IF_ERROR(log_.add(batchId, std::move(entries)));
      for (const auto& f : chosen) seen_.add(f.path, f.mtimeMillis);
    }
    seen_.purge();
    const int64_t latest = log_.latestBatchId();
    if (latest < 0) return std::optional<Offset>();
    return std::optional<Offset>(logOffsetJson(latest));
  }

  Status prepareForAvailableNow() override {
    SPATE_ASSIGN_OR_RETURN(std::vector<FoundFile> files, listFiles(*config_));
    availableNow_ = std::move(files);
    return Status::OK();
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    int64_t from = -1;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, parseLogOffset(*start));
    }
    SPATE_ASSIGN_OR_RETURN(int64_t to, parseLogOffset(end));
    if (from > to) return Status::ExecutionError("file source: start offset {} is after end offset {}", from, to);
    SPATE_ASSIGN_OR_RETURN(std::vector<FileLogEntry> entries, log_.get(from + 1, to));
    // The batch's files are read side by side on the engine's threads, each for only
    // the columns the query reads.
    std::vector<Result<std::vector<BatchPtr>>> read(entries.size(), std::vector<BatchPtr>());
    ThreadPool::shared().parallelFor(static_cast<int64_t>(entries.size()), [&](int64_t i) {
      read[static_cast<size_t>(i)] = readFile(entries[static_cast<size_t>(i)].path);
    });
    std::vector<BatchPtr> out;
    const bool partitioned = config_->partitionSchema->size() > 0;
    for (size_t i = 0; i < entries.size(); ++i) {
      const FileLogEntry& e = entries[i];
      SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, std::move(read[i]));
      std::vector<Value> values;
      if (partitioned) {
        SPATE_ASSIGN_OR_RETURN(values, partitionValuesOf(e.path, config_->path, *config_->partitionSchema));
      }
      for (auto& b : batches) {
        if (b->numRows() == 0) continue;
        out.push_back(partitioned ? appendPartitionValues(b, values, config_->schema) : std::move(b));
      }
    }
    return out;
  }

  void setScanRequest(ScanRequest request) override {
    std::vector<ColumnUse>& columns = request.columns;
    columns.resize(config_->dataSchema->size(), ColumnUse::all());  // partition columns come from folder names
    bool all = std::all_of(columns.begin(), columns.end(), [](const ColumnUse& c) { return c.whole(); });
    if (all) columns.clear();
    request_ = std::move(request);
  }

  // cleanSource: the files of the batches committed since the last call are done with.
  Status commit(const Offset& end) override {
    if (config_->cleanSource == CleanSource::kOff) return Status::OK();
    SPATE_ASSIGN_OR_RETURN(int64_t to, parseLogOffset(end));
    const int64_t from = lastCleaned_ ? *lastCleaned_ + 1 : to;
    for (int64_t id = from; id <= to; ++id) {
      auto it = log_.batches().find(id);
      if (it == log_.batches().end()) continue;
      for (const auto& e : it->second) {
        if (e.batchId == id) clean(e.path);
      }
    }
    lastCleaned_ = std::max(to, lastCleaned_.value_or(to));
    return Status::OK();
  }

 private:
  Result<std::vector<BatchPtr>> readFile(const std::string& path) const {
    SPATE_ASSIGN_OR_RETURN(BatchStreamPtr stream, config_->fileFormat->openFile(path, config_->dataSchema,
                                                                                config_->readerOptions, request_));
    return drain(*stream);
  }

  // Spark ignores maxFileAge when newest files go first under a limit: older files
  // still waiting their turn must not age out.
  static int64_t effectiveMaxFileAge(const FileStreamConfig& c) {
    if (c.latestFirst && (c.maxFilesPerTrigger || c.maxBytesPerTrigger)) return INT64_MAX;
    return c.maxFileAgeMs;
  }

  std::vector<FoundFile> applyLimit(std::vector<FoundFile> files) const {
    if (config_->maxFilesPerTrigger) {
      if (static_cast<int64_t>(files.size()) > *config_->maxFilesPerTrigger) {
        files.resize(static_cast<size_t>(*config_->maxFilesPerTrigger));
      }
    } else if (config_->maxBytesPerTrigger) {
      // A soft limit: the first file always goes, then files in order while they fit.
      size_t take = 0;
      __int128 total = 0;
      while (take < files.size() && (take == 0 || total + files[take].size <= *config_->maxBytesPerTrigger)) {
        total += files[take].size;
        ++take;
      }
      files.resize(take);
    }
    return files;
  }

  // Failures are warnings, as in Spark: the data was read; a file left behind is
  // harmless since the log keeps it from being read again.
  void clean(const std::string& path) const {
    std::error_code ec;
    if (config_->cleanSource == CleanSource::kDelete) {
      if (!fs::remove(path, ec)) {
        std::fprintf(stderr, "WARN: Failed to remove %s / skip removing file.%s%s\n", path.c_str(), ec ? " " : "",
                     ec ? ec.message().c_str() : "");
      }
      return;
    }
    // The file keeps its whole path under the archive directory, as Spark does.
    const std::string target = config_->archiveDir + path;
    fs::create_directories(fs::path(target).parent_path(), ec);
    if (!ec) fs::rename(path, target, ec);
    if (ec) {
      std::fprintf(stderr, "WARN: Fail to move %s to %s / skip moving file. %s\n", path.c_str(), target.c_str(),
                   ec.message().c_str());
    }
  }

  std::shared_ptr<const FileStreamConfig> config_;
  FileStreamSourceLog log_;
  SeenFiles seen_;
  std::optional<std::vector<FoundFile>> availableNow_;
  std::optional<int64_t> lastCleaned_;
  ScanRequest request_;  // columns: of dataSchema (empty: all)
};

class FileStreamRelation final : public streaming::SourceRelation {
 public:
  explicit FileStreamRelation(std::shared_ptr<const FileStreamConfig> config) : config_(std::move(config)) {}
  SchemaPtr schema() const override { return config_->schema; }
  std::string describe() const override { return "FileStreamSource[file:" + config_->path + "]"; }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    SPATE_ASSIGN_OR_RETURN(FileStreamSourceLog log, FileStreamSourceLog::open(ctx.metadataPath, ctx.durable));
    return std::unique_ptr<streaming::Source>(std::make_unique<FileStreamSource>(config_, std::move(log)));
  }

 private:
  std::shared_ptr<const FileStreamConfig> config_;
};

Result<std::optional<int64_t>> positiveLimit(const Options& o, std::string_view key) {
  if (!o.has(key)) return std::optional<int64_t>();
  auto v = o.getInt(key, 0);
  if (!v.ok() || *v <= 0) {
    return Status::Invalid("Invalid value '{}' for option '{}', must be a positive integer", o.get(key), key);
  }
  return std::optional<int64_t>(*v);
}

Result<bool> boolOption(const Options& o, std::string_view key) {
  auto v = o.getBool(key, false);
  if (!v.ok()) return Status::Invalid("Invalid value '{}' for option '{}', must be 'true' or 'false'", o.get(key), key);
  return *v;
}

std::vector<std::string> pathComponents(const std::string& path) {
  std::vector<std::string> out;
  for (auto& part : splitString(path, '/')) {
    if (!part.empty()) out.push_back(std::move(part));
  }
  return out;
}

// Spark refuses an archive directory whose files the source pattern could list again:
// compared component by component down to the shallower of the two paths.
bool archiveMatchesSource(const std::string& source, const std::string& archive) {
  const auto src = pathComponents(source);
  const auto arc = pathComponents(archive);
  const size_t depth = std::min(src.size(), arc.size());
  for (size_t i = 0; i < depth; ++i) {
    if (::fnmatch(src[i].c_str(), arc[i].c_str(), 0) != 0) return false;
  }
  return true;
}

Status parseStreamOptions(const Options& o, FileStreamConfig& c) {
  for (std::string_view banned : {"modifiedBefore", "modifiedAfter"}) {
    if (o.has(banned)) return Status::Invalid("option '{}' is not allowed in file stream sources", banned);
  }
  SPATE_ASSIGN_OR_RETURN(c.maxFilesPerTrigger, positiveLimit(o, "maxFilesPerTrigger"));
  SPATE_ASSIGN_OR_RETURN(c.maxBytesPerTrigger, positiveLimit(o, "maxBytesPerTrigger"));
  if (c.maxFilesPerTrigger && c.maxBytesPerTrigger) {
    return Status::Invalid("Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time");
  }
  SPATE_ASSIGN_OR_RETURN(c.latestFirst, boolOption(o, "latestFirst"));
  SPATE_ASSIGN_OR_RETURN(c.fileNameOnly, boolOption(o, "fileNameOnly"));
  if (o.has("maxFileAge")) {
    SPATE_ASSIGN_OR_RETURN(int64_t micros, parseTimeStringMicros(o.get("maxFileAge"), "maxFileAge", 1000));
    if (micros < 0) {
      return Status::Invalid("Invalid value '{}' for option 'maxFileAge': must not be negative", o.get("maxFileAge"));
    }
    c.maxFileAgeMs = micros / 1000;
  }
  if (o.has("cleanSource")) {
    const std::string mode = toUpper(trimView(o.get("cleanSource")));
    if (mode == "ARCHIVE") {
      c.cleanSource = CleanSource::kArchive;
    } else if (mode == "DELETE") {
      c.cleanSource = CleanSource::kDelete;
    } else if (mode != "OFF") {
      return Status::Invalid("Invalid mode for clean source option {}. Must be one of ARCHIVE,DELETE,OFF",
                             o.get("cleanSource"));
    }
  }
  if (c.cleanSource == CleanSource::kArchive) {
    if (!o.has("sourceArchiveDir")) return Status::Invalid("Archive mode must be used with 'sourceArchiveDir' option.");
    c.archiveDir = absolutePath(o.get("sourceArchiveDir"));
    while (c.archiveDir.size() > 1 && c.archiveDir.back() == '/') c.archiveDir.pop_back();
    if (archiveMatchesSource(c.path, c.archiveDir)) {
      return Status::Invalid(
          "Base archive path cannot be set to the path where archived path can possibly match with source pattern. "
          "Ensure the base archive path doesn't match with source pattern in depth, where the depth is minimum of "
          "depth on both paths. source path: file:{} / base archive path: file:{}",
          c.path, c.archiveDir);
    }
  }
  return Status::OK();
}

// The partition columns of the files under a (non-glob) source path now, as Spark's
// streaming file source fixes them when the query starts.
Result<PartitionedFiles> discoverStreamPartitions(const FileStreamConfig& c, const SchemaPtr& userSchema) {
  PartitionedFiles none;
  none.partitionSchema = std::make_shared<const Schema>();
  if (isGlob(c.path)) return none;
  SPATE_ASSIGN_OR_RETURN(std::vector<FoundFile> found, listFiles(c));
  std::vector<std::string> files;
  for (auto& f : found) files.push_back(std::move(f.path));
  std::sort(files.begin(), files.end());
  PartitionDiscoveryOptions options;
  options.userSchema = userSchema;
  return discoverPartitions(files, {c.path}, options);
}

// The data schema: the user's, text's fixed one, or inferred from the files there now.
Result<Schema> resolveDataSchema(const StreamSourceRequest& request, const FileStreamConfig& c,
                                 const std::vector<std::string>& files) {
  if (request.userSchema) return *request.userSchema;
  if (c.format == "text") return c.fileFormat->inferSchema({}, c.readerOptions);
  if (!request.schemaInference) {
    return Status::AnalysisError(
        "Schema must be specified when creating a streaming source DataFrame. If some files already exist in the "
        "directory, then depending on the file format you may be able to create a static DataFrame on that directory "
        "with 'spark.read.load(directory)' and infer schema from it.");
  }
  if (files.empty()) {
    return Status::AnalysisError("Unable to infer schema for {}. It must be specified manually.", toUpper(c.format));
  }
  return c.fileFormat->inferSchema(files, c.readerOptions);
}

Status resolveSchema(const StreamSourceRequest& request, FileStreamConfig& c) {
  SPATE_ASSIGN_OR_RETURN(PartitionedFiles partitioned, discoverStreamPartitions(c, request.userSchema));
  std::vector<std::string> files = partitioned.files;
  if (isGlob(c.path) && !request.userSchema && c.format != "text" && request.schemaInference) {
    SPATE_ASSIGN_OR_RETURN(std::vector<FoundFile> found, listFiles(c));
    for (auto& f : found) files.push_back(std::move(f.path));
  }
  SPATE_ASSIGN_OR_RETURN(Schema data, resolveDataSchema(request, c, files));
  c.partitionSchema = partitioned.partitionSchema;
  FileSourceSchemas schemas = fileSourceSchemas(data, *c.partitionSchema);
  c.dataSchema = schemas.data;
  c.schema = schemas.full;
  return Status::OK();
}

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeFileStreamSource(const StreamSourceRequest& request) {
  auto c = std::make_shared<FileStreamConfig>();
  c->format = toLower(trimView(request.format));
  SPATE_ASSIGN_OR_RETURN(c->fileFormat, findFileFormat(c->format));
  const Options& o = request.options;
  if (!o.has("path") || trimView(o.get("path")).empty()) return Status::Invalid("'path' is not specified");
  c->path = absolutePath(o.get("path"));
  while (c->path.size() > 1 && c->path.back() == '/') c->path.pop_back();
  c->readerOptions = o;
  c->readerOptions.erase("path");
  SPATE_RETURN_IF_ERROR(parseStreamOptions(o, *c));
  // Reader options that are wrong for every file fail here rather than at the first batch.
  SPATE_RETURN_IF_ERROR(parseModeOption(c->readerOptions).status());
  SPATE_RETURN_IF_ERROR(resolveSchema(request, *c));
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<FileStreamRelation>(std::move(c)));
}

}  // namespace spate::connectors
