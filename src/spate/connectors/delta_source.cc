// Delta's streaming source (DeltaSource): the files of the table's snapshot when the
// query first starts (or, with startingVersion, the files each commit from that version
// on adds), then the files of every later commit, in commit order, at most
// maxFilesPerTrigger (default 1000, as Delta) per batch. The offset is Delta's
// {"sourceVersion":1,"reservoirVersion":V,"index":I,"isStartingVersion":B}: every file up
// to and including file I of version V has been read.

#include <charconv>

#include <fmt/format.h>

#include "spate/common/datetime.h"
#include "spate/common/file_util.h"
#include "spate/common/json.h"
#include "spate/common/strings.h"
#include "spate/connectors/source_util.h"
#include "spate/connectors/stream_sources.h"
#include "spate/io/delta_schema.h"
#include "spate/io/delta_files.h"
#include "spate/io/delta_table.h"
#include "spate/io/file_listing.h"

namespace spate::connectors {

namespace {

constexpr int64_t kDefaultMaxFilesPerTrigger = 1000;
constexpr int64_t kLatest = -1;  // startingVersion "latest"

// A place in the table's stream of files. isStartingVersion: index counts the files of
// the snapshot at `version` rather than the files that commit `version` added.
struct Position {
  int64_t version = 0;
  int64_t index = -1;
  bool isStartingVersion = false;

  std::string toJson() const {
    Json j = Json::object();
    j.set("sourceVersion", 1);
    j.set("reservoirVersion", version);
    j.set("index", index);
    j.set("isStartingVersion", isStartingVersion);
    return j.dump();
  }
  static Result<Position> parse(std::string_view text, std::string_view where) {
    auto j = Json::parse(text);
    if (!j.ok() || !j->isObject()) return Status::Invalid("Delta source offset in {} is malformed: {}", where, text);
    Position p;
    std::string what = fmt::format("Delta source offset in {}", where);
    SPATE_ASSIGN_OR_RETURN(p.version, j->intMember("reservoirVersion", what));
    SPATE_ASSIGN_OR_RETURN(p.index, j->intMember("index", what));
    const Json* starting = j->find("isStartingVersion");
    p.isStartingVersion = starting != nullptr && starting->asBool();
    return p;
  }
};

struct DeltaSourceConfig {
  std::string path;  // absolute
  SchemaPtr schema;
  std::string metadataId;  // the table's id at load(): another table at the path is an error
  int64_t maxFilesPerTrigger = kDefaultMaxFilesPerTrigger;
  std::optional<int64_t> maxBytesPerTrigger;  // a soft limit: the first file always goes
  std::vector<std::string> partitionColumns;
  std::optional<int64_t> startingVersion;  // kLatest: only commits after the latest at start
  std::optional<int64_t> startingTimestampMs;  // the first commit at or after it
  bool skipChangeCommits = false;
  bool ignoreChanges = false;
  bool ignoreDeletes = false;
  Options readerOptions;
};

// One file to read and its position.
struct FileAt {
  delta::AddAction add;
  Position position;
};

class DeltaSource final : public streaming::Source {
 public:
  DeltaSource(std::shared_ptr<const DeltaSourceConfig> config, delta::DataFileReader reader, std::string metadataPath)
      : config_(std::move(config)),
        log_(config_->path),
        reader_(std::move(reader)),
        initialPath_(metadataPath + "/initial-position") {}

  SchemaPtr schema() const override { return config_->schema; }
  std::string describe() const override { return "DeltaSource[file:" + config_->path + "]"; }
  bool replayable() const override { return true; }

  Result<std::optional<streaming::Offset>> latestOffset(const std::optional<streaming::Offset>& start,
                                                        bool applyReadLimit) override {
    SPATE_ASSIGN_OR_RETURN(Position from, positionOf(start));
    ReadLimit limit;
    if (applyReadLimit) limit = ReadLimit{config_->maxFilesPerTrigger, config_->maxBytesPerTrigger.value_or(INT64_MAX)};
    SPATE_ASSIGN_OR_RETURN(std::vector<FileAt> files, filesAfter(from, std::nullopt, limit));
    if (files.empty()) return start;
    return std::optional<streaming::Offset>(files.back().position.toJson());
  }

  Status prepareForAvailableNow() override {
    SPATE_ASSIGN_OR_RETURN(int64_t latest, log_.latestVersion());
    availableNowEnd_ = latest;
    return Status::OK();
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<streaming::Offset>& start,
                                         const streaming::Offset& end) override {
    SPATE_ASSIGN_OR_RETURN(Position from, positionOf(start));
    SPATE_ASSIGN_OR_RETURN(Position to, Position::parse(end, "the offset log"));
    SPATE_ASSIGN_OR_RETURN(std::vector<FileAt> files, filesAfter(from, to, ReadLimit{}));
    std::vector<BatchPtr> out;
    for (const auto& f : files) {
      SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, reader_.read(f.add));
      out.insert(out.end(), batches.begin(), batches.end());
    }
    return out;
  }

 private:
  // The position a query starts from, resolved the first time and kept in the
  // checkpoint, so that a restart before the first commit reads the same files.
  Result<Position> initialPosition() {
    if (initial_) return *initial_;
    auto saved = readFileToString(initialPath_);
    if (saved.ok()) {
      SPATE_ASSIGN_OR_RETURN(initial_, Position::parse(*saved, initialPath_));
      return *initial_;
    }
    SPATE_ASSIGN_OR_RETURN(int64_t latest, log_.latestVersion());
    if (latest < 0) {
      return Status::AnalysisError("`{}` is not a Delta table: its _delta_log has no commit", log_.tableDir());
    }
    Position p;
    if (config_->startingTimestampMs) {
      SPATE_ASSIGN_OR_RETURN(p, firstCommitAtOrAfter(*config_->startingTimestampMs, latest));
    } else if (!config_->startingVersion) {
      p = Position{latest, -1, true};
    } else if (*config_->startingVersion == kLatest) {
      p = Position{latest + 1, -1, false};
    } else {
      int64_t v = *config_->startingVersion;
      if (v > latest) {
        return Status::AnalysisError("Cannot start Delta stream at version {}: the latest version of {} is {}", v,
                                     log_.tableDir(), latest);
      }
      p = Position{v, -1, false};
    }
    SPATE_RETURN_IF_ERROR(writeFileAtomically(initialPath_, p.toJson()));
    initial_ = p;
    return p;
  }

  Result<Position> firstCommitAtOrAfter(int64_t timestampMs, int64_t latest) const {
    for (int64_t v = latest; v >= 0; --v) {
      SPATE_ASSIGN_OR_RETURN(int64_t ts, log_.commitTimestamp(v));
      if (ts < timestampMs) {
        if (v == latest) {
          return Status::AnalysisError("The provided startingTimestamp is after the latest commit of Delta table {} "
                                       "(version {})",
                                       log_.tableDir(), latest);
        }
        return Position{v + 1, -1, false};
      }
    }
    return Position{0, -1, false};
  }

  Result<Position> positionOf(const std::optional<streaming::Offset>& offset) {
    if (!offset) return initialPosition();
    return Position::parse(*offset, "the offset log");
  }

  // The data files a unit (a starting snapshot, or one commit) contributes, cached:
  // the log is immutable.
  Result<const std::vector<delta::AddAction>*> unitFiles(int64_t version, bool snapshot) {
    auto& cache = snapshot ? snapshotFiles_ : commitFiles_;
    auto it = cache.find(version);
    if (it != cache.end()) return &it->second;
    std::vector<delta::AddAction> files;
    if (snapshot) {
      SPATE_ASSIGN_OR_RETURN(delta::Snapshot s, log_.snapshot(version));
      SPATE_RETURN_IF_ERROR(checkSameTable(s.metadata, s.schema, version));
      files = std::move(s.files);
    } else {
      SPATE_ASSIGN_OR_RETURN(delta::Commit c, log_.readCommit(version));
      if (c.metadata) {
        SPATE_ASSIGN_OR_RETURN(Schema schema, delta::schemaFromString(c.metadata->schemaString));
        SPATE_RETURN_IF_ERROR(checkSameTable(*c.metadata, schema, version));
      }
      SPATE_ASSIGN_OR_RETURN(bool take, takeCommit(c, version));
      for (auto& a : c.adds) {
        if (take && a.dataChange) files.push_back(std::move(a));
      }
    }
    return &cache.emplace(version, std::move(files)).first->second;
  }

  // Whether a commit's added files are read: a commit that deletes or rewrites data
  // cannot be a stream's, unless an option says how to treat it (Delta's options).
  Result<bool> takeCommit(const delta::Commit& c, int64_t version) const {
    bool deletes = false;
    for (const auto& r : c.removes) deletes = deletes || r.dataChange;
    if (!deletes) return true;
    if (config_->skipChangeCommits) return false;
    if (config_->ignoreChanges) return true;
    bool adds = false;
    for (const auto& a : c.adds) adds = adds || a.dataChange;
    if (config_->ignoreDeletes && !adds) return false;
    return Status::ExecutionError(
        "Detected a data update (for example an overwrite or a complete-mode write) in the source table {} at "
        "version {}. This is currently not supported. If you'd like to ignore updates, set the option "
        "'skipChangeCommits' to 'true'.",
        log_.tableDir(), version);
  }

  Status checkSameTable(const delta::MetadataAction& m, const Schema& schema, int64_t version) const {
    if (m.id != config_->metadataId) {
      return Status::ExecutionError("Delta table {} was replaced at version {} (its id changed): restart the query "
                                    "with a new checkpoint",
                                    log_.tableDir(), version);
    }
    if (!schema.equals(*config_->schema) || m.partitionColumns != config_->partitionColumns) {
      return Status::ExecutionError("The schema of Delta table {} changed at version {} to {} (the stream reads {}); "
                                    "restart the query",
                                    log_.tableDir(), version, schema.ddl(), config_->schema->ddl());
    }
    return Status::OK();
  }

  // How much one batch takes at most: files, and bytes (a soft limit: the first file
  // always goes, then files while they fit).
  struct ReadLimit {
    int64_t files = INT64_MAX;
    int64_t bytes = INT64_MAX;
  };

  // The files after `from`, up to and including `to` (or the latest commit), within limit.
  Result<std::vector<FileAt>> filesAfter(const Position& from, const std::optional<Position>& to,
                                         const ReadLimit& limit) {
    std::vector<FileAt> out;
    // What lies before `from` was read: let the cache go (a re-run batch reads it again).
    commitFiles_.erase(commitFiles_.begin(), commitFiles_.lower_bound(from.version));
    if (!from.isStartingVersion) snapshotFiles_.clear();
    SPATE_ASSIGN_OR_RETURN(int64_t latest, log_.latestVersion());
    if (availableNowEnd_) latest = std::min(latest, *availableNowEnd_);
    if (to) latest = to->version;
    bool snapshot = from.isStartingVersion;
    int64_t bytes = 0;
    bool full = false;
    for (int64_t v = from.version; v <= latest && !full; ++v) {
      SPATE_ASSIGN_OR_RETURN(const std::vector<delta::AddAction>* files, unitFiles(v, snapshot && v == from.version));
      bool inSnapshot = snapshot && v == from.version;
      int64_t first = v == from.version ? from.index + 1 : 0;
      for (int64_t i = first; i < static_cast<int64_t>(files->size()); ++i) {
        const delta::AddAction& add = (*files)[static_cast<size_t>(i)];
        if (to && v == to->version && i > to->index) break;
        if (!out.empty() && bytes + add.size > limit.bytes) {
          full = true;
          break;
        }
        out.push_back(FileAt{add, Position{v, i, inSnapshot}});
        bytes += add.size;
        if (static_cast<int64_t>(out.size()) >= limit.files) {
          full = true;
          break;
        }
      }
    }
    return out;
  }

  std::shared_ptr<const DeltaSourceConfig> config_;
  delta::DeltaLog log_;
  delta::DataFileReader reader_;
  std::string initialPath_;
  std::optional<Position> initial_;
  std::optional<int64_t> availableNowEnd_;
  std::map<int64_t, std::vector<delta::AddAction>> snapshotFiles_;
  std::map<int64_t, std::vector<delta::AddAction>> commitFiles_;
};

class DeltaStreamRelation final : public streaming::SourceRelation {
 public:
  explicit DeltaStreamRelation(std::shared_ptr<const DeltaSourceConfig> config) : config_(std::move(config)) {}
  SchemaPtr schema() const override { return config_->schema; }
  std::string describe() const override { return "DeltaSource[file:" + config_->path + "]"; }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    SPATE_ASSIGN_OR_RETURN(delta::DataFileReader reader,
                           delta::DataFileReader::make(delta::DeltaLog(config_->path), *config_->schema,
                                                       config_->partitionColumns, config_->readerOptions));
    return std::unique_ptr<streaming::Source>(std::make_unique<DeltaSource>(config_, std::move(reader),
                                                                            ctx.metadataPath));
  }

 private:
  std::shared_ptr<const DeltaSourceConfig> config_;
};

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeDeltaStreamSource(const StreamSourceRequest& request) {
  const Options& o = request.options;
  if (!o.has("path") || trimView(o.get("path")).empty()) return Status::Invalid("'path' is not specified");
  if (request.userSchema) {
    return Status::AnalysisError("Delta does not support specifying the schema at read time: it is the table's");
  }
  auto c = std::make_shared<DeltaSourceConfig>();
  c->path = absolutePath(o.get("path"));
  delta::DeltaLog log(c->path);
  SPATE_ASSIGN_OR_RETURN(delta::Snapshot snapshot, log.snapshot());
  c->schema = std::make_shared<const Schema>(snapshot.schema);
  c->partitionColumns = snapshot.metadata.partitionColumns;
  SPATE_RETURN_IF_ERROR(delta::DataFileReader::make(log, snapshot.schema, c->partitionColumns, o).status());
  c->metadataId = snapshot.metadata.id;
  SPATE_ASSIGN_OR_RETURN(c->maxFilesPerTrigger, positiveOption(o, "maxFilesPerTrigger", kDefaultMaxFilesPerTrigger));
  if (o.has("maxBytesPerTrigger")) {
    SPATE_ASSIGN_OR_RETURN(c->maxBytesPerTrigger, positiveOption(o, "maxBytesPerTrigger", 1));
  }
  if (o.has("startingVersion")) {
    std::string text = toLower(trimView(o.get("startingVersion")));
    int64_t v = -1;
    auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
    if (text == "latest") {
      v = kLatest;
    } else if (ec != std::errc() || end != text.data() + text.size() || v < 0) {
      return Status::Invalid("Invalid value '{}' for option 'startingVersion': a version number or 'latest'",
                             o.get("startingVersion"));
    }
    c->startingVersion = v;
  }
  if (o.has("startingTimestamp")) {
    if (c->startingVersion) return Status::Invalid("Please either provide 'startingVersion' or 'startingTimestamp'");
    std::optional<int64_t> micros = parseTimestamp(o.get("startingTimestamp"));
    if (!micros) {
      return Status::Invalid("Invalid value '{}' for option 'startingTimestamp': expected a timestamp such as "
                             "'2024-01-01 10:00:00' or a date",
                             o.get("startingTimestamp"));
    }
    c->startingTimestampMs = floorDiv(*micros, 1000);
  }
  SPATE_ASSIGN_OR_RETURN(c->skipChangeCommits, o.getBool("skipChangeCommits", false));
  SPATE_ASSIGN_OR_RETURN(c->ignoreChanges, o.getBool("ignoreChanges", false));
  SPATE_ASSIGN_OR_RETURN(c->ignoreDeletes, o.getBool("ignoreDeletes", false));
  c->readerOptions = o;
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<DeltaStreamRelation>(std::move(c)));
}

}  // namespace spate::connectors
