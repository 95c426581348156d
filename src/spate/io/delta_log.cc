#include "spate/io/delta_log.h"

#include <sys/stat.h>

#include <algorithm>
#include <cerrno>
#include <cstring>

#include <fmt/format.h>

#include "spate/common/file_util.h"
#include "spate/io/delta_checkpoint.h"
#include "spate/io/delta_schema.h"

namespace spate::delta {

namespace {

// Table features whose presence does not change how a reader without them reads data.
constexpr std::string_view kReadableFeatures[] = {"timestampNtz", "v2Checkpoint", "vacuumProtocolCheck"};

Json stringArray(const std::vector<std::string>& values) {
  Json a = Json::array();
  for (const auto& v : values) a.push(Json(v));
  return a;
}

Json wrap(const char* kind, Json action) {
  Json line = Json::object();
  line.set(kind, std::move(action));
  return line;
}

Json protocolJson(const ProtocolAction& p) {
  Json j = Json::object();
  j.set("minReaderVersion", p.minReaderVersion);
  j.set("minWriterVersion", p.minWriterVersion);
  if (p.minReaderVersion >= 3) j.set("readerFeatures", stringArray(p.readerFeatures));
  if (p.minWriterVersion >= 7) j.set("writerFeatures", stringArray(p.writerFeatures));
  return j;
}

Json metadataJson(const MetadataAction& m) {
  Json j = Json::object();
  j.set("id", m.id);
  Json format = Json::object();
  format.set("provider", "parquet");
  format.set("options", Json::object());
  j.set("format", std::move(format));
  j.set("schemaString", m.schemaString);
  j.set("partitionColumns", stringArray(m.partitionColumns));
  Json conf = Json::object();
  for (const auto& [k, v] : m.configuration) conf.set(k, v);
  j.set("configuration", std::move(conf));
  if (m.createdTime) j.set("createdTime", *m.createdTime);
  return j;
}

Json partitionValuesJson(const std::map<std::string, std::optional<std::string>>& values) {
  Json j = Json::object();
  for (const auto& [k, v] : values) j.set(k, v ? Json(*v) : Json());
  return j;
}

Json addJson(const AddAction& a) {
  Json j = Json::object();
  j.set("path", a.path);
  j.set("partitionValues", partitionValuesJson(a.partitionValues));
  j.set("size", a.size);
  j.set("modificationTime", a.modificationTime);
  j.set("dataChange", a.dataChange);
  if (!a.stats.empty()) j.set("stats", a.stats);
  return j;
}

Json removeJson(const RemoveAction& r) {
  Json j = Json::object();
  j.set("path", r.path);
  j.set("deletionTimestamp", r.deletionTimestamp);
  j.set("dataChange", r.dataChange);
  if (r.size) {
    j.set("extendedFileMetadata", true);
    j.set("size", *r.size);
  }
  return j;
}

Json txnJson(const TxnAction& t) {
  Json j = Json::object();
  j.set("appId", t.appId);
  j.set("version", t.version);
  if (t.lastUpdated) j.set("lastUpdated", *t.lastUpdated);
  return j;
}

// ---- parsing -------------------------------------------------------------------------

Result<std::vector<std::string>> stringList(const Json& action, std::string_view key, const std::string& where) {
  std::vector<std::string> out;
  const Json* a = action.find(key);
  if (a == nullptr || a->isNull()) return out;
  if (!a->isArray()) return Status::Invalid("Delta log {}: '{}' is not an array", where, key);
  for (const auto& v : a->items()) {
    if (!v.isString()) return Status::Invalid("Delta log {}: '{}' holds a non-string", where, key);
    out.push_back(v.asString());
  }
  return out;
}

std::optional<int64_t> optionalInt(const Json& action, std::string_view key) {
  const Json* v = action.find(key);
  if (v == nullptr || !v->isNumber()) return std::nullopt;
  return v->asInt();
}

bool boolMember(const Json& action, std::string_view key, bool def) {
  const Json* v = action.find(key);
  return v == nullptr || v->isNull() ? def : v->asBool();
}

Result<ProtocolAction> parseProtocol(const Json& j, const std::string& where) {
  ProtocolAction p;
  std::string what = "protocol action in " + where;
  SPATE_ASSIGN_OR_RETURN(int64_t reader, j.intMember("minReaderVersion", what));
  SPATE_ASSIGN_OR_RETURN(int64_t writer, j.intMember("minWriterVersion", what));
  p.minReaderVersion = static_cast<int>(reader);
  p.minWriterVersion = static_cast<int>(writer);
  SPATE_ASSIGN_OR_RETURN(p.readerFeatures, stringList(j, "readerFeatures", where));
  SPATE_ASSIGN_OR_RETURN(p.writerFeatures, stringList(j, "writerFeatures", where));
  return p;
}

Result<MetadataAction> parseMetadata(const Json& j, const std::string& where) {
  MetadataAction m;
  std::string what = "metaData action in " + where;
  SPATE_ASSIGN_OR_RETURN(m.id, j.stringMember("id", what));
  SPATE_ASSIGN_OR_RETURN(m.schemaString, j.stringMember("schemaString", what));
  SPATE_ASSIGN_OR_RETURN(m.partitionColumns, stringList(j, "partitionColumns", where));
  if (const Json* format = j.find("format"); format && format->isObject()) {
    const Json* provider = format->find("provider");
    if (provider && provider->isString() && provider->asString() != "parquet") {
      return Status::NotImplemented("Delta log {}: data files in format '{}' are not supported (only parquet)", where,
                                    provider->asString());
    }
  }
  if (const Json* conf = j.find("configuration"); conf && conf->isObject()) {
    for (const auto& [k, v] : conf->members()) m.configuration[k] = v.isString() ? v.asString() : v.dump();
  }
  m.createdTime = optionalInt(j, "createdTime");
  return m;
}

Result<std::map<std::string, std::optional<std::string>>> parsePartitionValues(const Json& j,
                                                                              const std::string& where) {
  std::map<std::string, std::optional<std::string>> out;
  const Json* pv = j.find("partitionValues");
  if (pv == nullptr || pv->isNull()) return out;
  if (!pv->isObject()) return Status::Invalid("Delta log {}: partitionValues is not an object", where);
  for (const auto& [k, v] : pv->members()) {
    out[k] = v.isNull() ? std::nullopt : std::optional<std::string>(v.isString() ? v.asString() : v.dump());
  }
  return out;
}

Result<AddAction> parseAdd(const Json& j, const std::string& where) {
  AddAction a;
  std::string what = "add action in " + where;
  SPATE_ASSIGN_OR_RETURN(a.path, j.stringMember("path", what));
  SPATE_ASSIGN_OR_RETURN(a.partitionValues, parsePartitionValues(j, where));
  SPATE_ASSIGN_OR_RETURN(a.size, j.intMember("size", what));
  a.modificationTime = optionalInt(j, "modificationTime").value_or(0);
  a.dataChange = boolMember(j, "dataChange", true);
  if (const Json* stats = j.find("stats"); stats && stats->isString()) a.stats = stats->asString();
  if (const Json* dv = j.find("deletionVector"); dv && !dv->isNull()) {
    return Status::NotImplemented("Delta log {}: file {} has a deletion vector, which spate does not read", where,
                                  a.path);
  }
  return a;
}

Result<RemoveAction> parseRemove(const Json& j, const std::string& where) {
  RemoveAction r;
  SPATE_ASSIGN_OR_RETURN(r.path, j.stringMember("path", "remove action in " + where));
  r.deletionTimestamp = optionalInt(j, "deletionTimestamp").value_or(0);
  r.dataChange = boolMember(j, "dataChange", true);
  r.size = optionalInt(j, "size");
  return r;
}

Result<TxnAction> parseTxn(const Json& j, const std::string& where) {
  TxnAction t;
  std::string what = "txn action in " + where;
  SPATE_ASSIGN_OR_RETURN(t.appId, j.stringMember("appId", what));
  SPATE_ASSIGN_OR_RETURN(t.version, j.intMember("version", what));
  t.lastUpdated = optionalInt(j, "lastUpdated");
  return t;
}

// The version of a "%020d<suffix>" name, or -1.
int64_t versionOf(const std::string& name, std::string_view suffix) {
  if (name.size() != 20 + suffix.size() || !name.ends_with(suffix)) return -1;
  int64_t v = 0;
  for (size_t i = 0; i < 20; ++i) {
    if (name[i] < '0' || name[i] > '9') return -1;
    v = v * 10 + (name[i] - '0');
  }
  return v;
}

// The versions of a log's JSON commits and of its (single-file) checkpoints, ascending.
struct LogListing {
  std::vector<int64_t> commits;
  std::vector<int64_t> checkpoints;
};

Result<LogListing> listLog(const std::string& logDir) {
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(logDir));
  LogListing out;
  for (const auto& n : names) {
    if (int64_t v = versionOf(n, ".json"); v >= 0) out.commits.push_back(v);
    if (int64_t v = versionOf(n, ".checkpoint.parquet"); v >= 0) out.checkpoints.push_back(v);
  }
  std::sort(out.commits.begin(), out.commits.end());
  std::sort(out.checkpoints.begin(), out.checkpoints.end());
  return out;
}

Result<std::vector<int64_t>> listCommitVersions(const std::string& logDir) {
  SPATE_ASSIGN_OR_RETURN(LogListing listing, listLog(logDir));
  return listing.commits;
}

}  // namespace

// A snapshot being replayed: files by path, so that a later remove or add wins.
class Replay {
 public:
  void apply(Commit c) {
    if (c.protocol) protocol_ = std::move(c.protocol);
    if (c.metadata) metadata_ = std::move(c.metadata);
    for (const auto& t : c.txns) txns_[t.appId] = t.version;
    for (const auto& r : c.removes) {
      auto it = live_.find(r.path);
      if (it != live_.end()) {
        removed_[it->second] = true;
        live_.erase(it);
      }
    }
    for (auto& a : c.adds) {
      auto it = live_.find(a.path);
      if (it != live_.end()) removed_[it->second] = true;  // re-added: the later add wins
      live_[a.path] = files_.size();
      files_.push_back(std::move(a));
      removed_.push_back(false);
    }
  }

  Status finish(Snapshot& s, const std::string& tableDir, int64_t version) {
    if (!protocol_ || !metadata_) {
      return Status::Invalid("Delta table {} has no {} action up to version {}", tableDir,
                             protocol_ ? "metaData" : "protocol", version);
    }
    s.protocol = *protocol_;
    s.metadata = *metadata_;
    s.txnVersions = std::move(txns_);
    for (size_t i = 0; i < files_.size(); ++i) {
      if (!removed_[i]) s.files.push_back(std::move(files_[i]));
    }
    return Status::OK();
  }

 private:
  std::optional<ProtocolAction> protocol_;
  std::optional<MetadataAction> metadata_;
  std::map<std::string, int64_t> txns_;
  std::vector<AddAction> files_;  // in the order added
  std::vector<bool> removed_;
  std::map<std::string, size_t> live_;  // path -> index in files_
};

Status parseAction(std::string_view kind, const Json& action, Commit& c, const std::string& where) {
  if (kind == "commitInfo") {
    c.commitInfo = action;
  } else if (!action.isObject()) {
    return Status::OK();  // not an action this version of the protocol defines
  } else if (kind == "protocol") {
    SPATE_ASSIGN_OR_RETURN(c.protocol, parseProtocol(action, where));
  } else if (kind == "metaData") {
    SPATE_ASSIGN_OR_RETURN(c.metadata, parseMetadata(action, where));
  } else if (kind == "add") {
    SPATE_ASSIGN_OR_RETURN(AddAction a, parseAdd(action, where));
    c.adds.push_back(std::move(a));
  } else if (kind == "remove") {
    SPATE_ASSIGN_OR_RETURN(RemoveAction r, parseRemove(action, where));
    c.removes.push_back(std::move(r));
  } else if (kind == "txn") {
    SPATE_ASSIGN_OR_RETURN(TxnAction t, parseTxn(action, where));
    c.txns.push_back(std::move(t));
  }
  return Status::OK();
}

std::string serializeCommit(const Commit& c) {
  std::string out;
  auto line = [&out](const Json& j) {
    out += j.dump();
    out += '\n';
  };
  if (c.commitInfo.isObject()) line(wrap("commitInfo", c.commitInfo));
  if (c.protocol) line(wrap("protocol", protocolJson(*c.protocol)));
  if (c.metadata) line(wrap("metaData", metadataJson(*c.metadata)));
  for (const auto& t : c.txns) line(wrap("txn", txnJson(t)));
  for (const auto& r : c.removes) line(wrap("remove", removeJson(r)));
  for (const auto& a : c.adds) line(wrap("add", addJson(a)));
  return out;
}

Result<Commit> parseCommit(std::string_view text, const std::string& where) {
  Commit c;
  size_t lineNo = 0;
  while (!text.empty()) {
    size_t nl = text.find('\n');
    std::string_view line = text.substr(0, nl);
    text = nl == std::string_view::npos ? std::string_view() : text.substr(nl + 1);
    ++lineNo;
    if (line.find_first_not_of(" \t\r") == std::string_view::npos) continue;
    auto parsed = Json::parse(line);
    if (!parsed.ok()) {
      return Status::Invalid("Delta log {} line {} is not valid JSON: {}", where, lineNo, parsed.status().message());
    }
    if (!parsed->isObject()) return Status::Invalid("Delta log {} line {} is not a JSON object", where, lineNo);
    for (const auto& [kind, action] : parsed->members()) {
      SPATE_RETURN_IF_ERROR(parseAction(kind, action, c, fmt::format("{} line {}", where, lineNo)));
    }
  }
  return c;
}

ProtocolAction defaultProtocol() { return ProtocolAction{1, 2, {}, {}}; }

Status checkReadable(const ProtocolAction& protocol, const MetadataAction& metadata) {
  if (protocol.minReaderVersion > 3) {
    return Status::NotImplemented("Delta table needs reader version {}; spate reads versions 1 to 3",
                                  protocol.minReaderVersion);
  }
  if (protocol.minReaderVersion == 3) {
    for (const auto& f : protocol.readerFeatures) {
      bool known = std::find(std::begin(kReadableFeatures), std::end(kReadableFeatures), f) !=
                   std::end(kReadableFeatures);
      bool mappingOff = f == "columnMapping" && metadata.configuration.count("delta.columnMapping.mode") == 0;
      if (!known && !mappingOff) {
        return Status::NotImplemented("Delta table needs the reader feature '{}', which spate does not support", f);
      }
    }
  }
  auto mapping = metadata.configuration.find("delta.columnMapping.mode");
  if (mapping != metadata.configuration.end() && mapping->second != "none") {
    return Status::NotImplemented("Delta table uses column mapping mode '{}', which spate does not read",
                                  mapping->second);
  }
  return Status::OK();
}

DeltaLog::DeltaLog(std::string tableDir) : tableDir_(std::move(tableDir)) {
  while (tableDir_.size() > 1 && tableDir_.back() == '/') tableDir_.pop_back();
  logDir_ = tableDir_ + "/" + std::string(kLogDir);
}

std::string DeltaLog::commitPath(int64_t version) const { return fmt::format("{}/{:020d}.json", logDir_, version); }

bool DeltaLog::exists() const {
  auto latest = latestVersion();
  return latest.ok() && *latest >= 0;
}

Result<int64_t> DeltaLog::latestVersion() const {
  SPATE_ASSIGN_OR_RETURN(std::vector<int64_t> versions, listCommitVersions(logDir_));
  return versions.empty() ? int64_t{-1} : versions.back();
}

Result<Commit> DeltaLog::readCommit(int64_t version) const {
  std::string path = commitPath(version);
  SPATE_ASSIGN_OR_RETURN(std::string text, readFileToString(path));
  return parseCommit(text, path);
}

Result<int64_t> DeltaLog::commitTimestamp(int64_t version) const {
  SPATE_ASSIGN_OR_RETURN(Commit c, readCommit(version));
  if (c.commitInfo.isObject()) {
    if (auto ts = optionalInt(c.commitInfo, "inCommitTimestamp")) return *ts;
    if (auto ts = optionalInt(c.commitInfo, "timestamp")) return *ts;
  }
  struct stat st {};
  std::string path = commitPath(version);
  if (::stat(path.c_str(), &st) != 0) return Status::IOError("Cannot stat {}: {}", path, std::strerror(errno));
  return int64_t{st.st_mtim.tv_sec} * 1000 + st.st_mtim.tv_nsec / 1000000;
}

Result<Snapshot> DeltaLog::snapshot(std::optional<int64_t> version) const {
  SPATE_ASSIGN_OR_RETURN(LogListing listing, listLog(logDir_));
  const std::vector<int64_t>& versions = listing.commits;
  if (versions.empty()) return Status::AnalysisError("`{}` is not a Delta table: no commits in {}", tableDir_, logDir_);
  int64_t earliest = versions.front();
  if (!listing.checkpoints.empty()) earliest = std::min(earliest, listing.checkpoints.front());
  int64_t target = version.value_or(versions.back());
  if (target < earliest || target > versions.back()) {
    return Status::AnalysisError("Cannot time travel Delta table {} to version {}: available versions are [{}, {}]",
                                 tableDir_, target, earliest, versions.back());
  }
  // Start from the latest checkpoint at or before target when it can be read; the JSON
  // commits from version 0, when they are all still there, are the fallback.
  Replay replay;
  int64_t from = 0;
  Status checkpointError;
  for (auto it = listing.checkpoints.rbegin(); it != listing.checkpoints.rend(); ++it) {
    if (*it > target) continue;
    auto checkpoint = readCheckpoint(*this, *it);
    if (checkpoint.ok()) {
      replay.apply(std::move(*checkpoint));
      from = *it + 1;
    } else {
      checkpointError = checkpoint.status();
    }
    break;
  }
  if (from == 0 && versions.front() != 0) {
    if (!checkpointError.ok()) return checkpointError;
    return Status::IOError("Delta table {}: commits before version {} were cleaned up, and no checkpoint replaces them",
                           tableDir_, versions.front());
  }
  return replayTo(replay, from, target);
}

Result<Snapshot> DeltaLog::snapshotAfter(const Snapshot& base, std::optional<int64_t> version) const {
  SPATE_ASSIGN_OR_RETURN(int64_t latest, latestVersion());
  int64_t target = version.value_or(latest);
  if (target < base.version || target > latest) {
    return Status::AnalysisError("Cannot bring Delta table {} from version {} to version {}: the latest is {}",
                                 tableDir_, base.version, target, latest);
  }
  Commit state;
  state.protocol = base.protocol;
  state.metadata = base.metadata;
  for (const auto& [appId, v] : base.txnVersions) state.txns.push_back(TxnAction{appId, v, std::nullopt});
  state.adds = base.files;
  Replay replay;
  replay.apply(std::move(state));
  return replayTo(replay, base.version + 1, target);
}

Result<Snapshot> DeltaLog::replayTo(Replay& replay, int64_t from, int64_t target) const {
  for (int64_t v = from; v <= target; ++v) {
    SPATE_ASSIGN_OR_RETURN(Commit c, readCommit(v));
    replay.apply(std::move(c));
  }
  Snapshot s;
  SPATE_RETURN_IF_ERROR(replay.finish(s, tableDir_, target));
  SPATE_RETURN_IF_ERROR(checkReadable(s.protocol, s.metadata));
  SPATE_ASSIGN_OR_RETURN(s.schema, schemaFromString(s.metadata.schemaString));
  s.version = target;
  // A checkpoint's version may have lost its JSON commit to log cleanup: no timestamp then.
  auto timestamp = commitTimestamp(target);
  s.timestamp = timestamp.ok() ? *timestamp : 0;
  return s;
}

Result<int64_t> DeltaLog::versionAtOrBefore(int64_t timestampMs) const {
  SPATE_ASSIGN_OR_RETURN(std::vector<int64_t> versions, listCommitVersions(logDir_));
  int64_t found = -1;
  int64_t earliest = 0;
  for (int64_t v : versions) {
    SPATE_ASSIGN_OR_RETURN(int64_t ts, commitTimestamp(v));
    if (v == versions.front()) earliest = ts;
    if (ts <= timestampMs) found = v;
  }
  if (found < 0) {
    return Status::AnalysisError(
        "The provided timestamp ({} ms) is before the earliest version available to Delta table {} ({} ms)",
        timestampMs, tableDir_, earliest);
  }
  return found;
}

Result<bool> DeltaLog::tryWrite(int64_t version, const Commit& commit, bool durable) const {
  return createFileExclusively(commitPath(version), serializeCommit(commit), durable);
}

Status DeltaLog::write(int64_t version, const Commit& commit, bool durable) const {
  SPATE_ASSIGN_OR_RETURN(bool created, tryWrite(version, commit, durable));
  if (!created) {
    return Status::ExecutionError(
        "ConcurrentModificationException: version {} of Delta table {} was committed by another writer at the "
        "same time; retry the operation",
        version, tableDir_);
  }
  return Status::OK();
}

}  // namespace spate::delta
