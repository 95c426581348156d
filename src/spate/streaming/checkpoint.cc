#include "spate/streaming/checkpoint.h"

#include <filesystem>

#include "spate/common/file_util.h"
#include "spate/common/strings.h"

namespace spate::streaming {

namespace fs = std::filesystem;

namespace {

std::string entryPath(const std::string& root, const char* dir, int64_t batchId) {
  return fmt::format("{}/{}/{}", root, dir, batchId);
}

// The lines of a log entry after its "v1" header; an error naming the file when the
// header is missing (a truncated or foreign file).
Result<std::vector<std::string>> entryLines(const std::string& path, const std::string& text) {
  std::vector<std::string> lines = splitString(text, '\n');
  while (!lines.empty() && lines.back().empty()) lines.pop_back();
  if (lines.empty() || lines[0] != "v1") {
    return Status::IOError("corrupt checkpoint file {}: expected a \"v1\" header line", path);
  }
  lines.erase(lines.begin());
  return lines;
}

bool isBatchName(const std::string& n) {
  return !n.empty() && n.size() <= 18 && n.find_first_not_of("0123456789") == std::string::npos;
}

Result<Json> parseLine(const std::string& path, const std::string& line) {
  auto j = Json::parse(line);
  if (!j.ok()) return Status::IOError("corrupt checkpoint file {}: {}", path, j.status().message());
  return std::move(*j);
}

// What differs in the list `key` (one entry per `what`) between the query a
// checkpoint was made by and this one; empty when it matches.
std::string describeListChange(const Json& before, const Json& now, const char* key, const char* what) {
  const Json* was = before.find(key);
  const Json* is = now.find(key);
  if (!was || !is) return "";
  if (was->items().size() != is->items().size()) {
    return fmt::format("the checkpoint has {} {}(s), the query has {}", was->items().size(), what, is->items().size());
  }
  for (size_t i = 0; i < was->items().size(); ++i) {
    std::string a = was->items()[i].dump(), b = is->items()[i].dump();
    if (a != b) return fmt::format("{} {} was {}, now {}", what, i, a, b);
  }
  return "";
}

// What differs between the query a checkpoint was made by and this one, for the
// restart error; empty when they match.
std::string describeChange(const Json& before, const Json& now) {
  std::string change = describeListChange(before, now, "sources", "source");
  return change.empty() ? describeListChange(before, now, "statefulOperators", "stateful operator") : change;
}

}  // namespace

Result<Checkpoint> Checkpoint::open(const std::string& root, bool temporary) {
  Checkpoint c;
  c.root_ = root;
  c.temporary_ = temporary;
  for (const char* dir : {"", "/offsets", "/commits", "/sources", "/state"}) {
    SPATE_RETURN_IF_ERROR(ensureDirectory(root + dir));
  }
  std::string metaPath = root + "/metadata";
  std::error_code ec;
  if (fs::exists(metaPath, ec)) {
    SPATE_ASSIGN_OR_RETURN(std::string text, readFileToString(metaPath));
    auto meta = Json::parse(text);
    if (!meta.ok()) return Status::IOError("corrupt checkpoint file {}: {}", metaPath, meta.status().message());
    SPATE_ASSIGN_OR_RETURN(c.queryId_, meta->stringMember("id", "checkpoint file " + metaPath));
    c.metadata_ = std::move(*meta);
    return c;
  }
  c.queryId_ = randomUuid();
  c.metadata_ = Json::object();
  c.metadata_.set("id", c.queryId_);
  return c;
}

Status Checkpoint::matchQuery(const Json& query) const {
  std::string metaPath = root_ + "/metadata";
  if (const Json* recorded = metadata_.find("query")) {
    std::string change = describeChange(*recorded, query);
    if (change.empty()) return Status::OK();
    return Status::AnalysisError(
        "The query does not match the checkpoint at {}: {}. Use a new checkpointLocation for a changed query.", root_,
        change);
  }
  if (temporary_) return Status::OK();
  Json meta = metadata_;
  meta.set("query", query);
  return writeFileAtomically(metaPath, meta.dump() + "\n", true);
}

Status Checkpoint::writeEntry(const char* dir, int64_t batchId, const std::string& text) const {
  if (temporary_) {
    memory_[dir][batchId] = text;
    return Status::OK();
  }
  return writeFileAtomically(entryPath(root_, dir, batchId), text, true);
}

Result<std::vector<std::string>> Checkpoint::readEntry(const char* dir, int64_t batchId) const {
  std::string path = entryPath(root_, dir, batchId);
  if (temporary_) {
    auto it = memory_[dir].find(batchId);
    if (it == memory_[dir].end()) return Status::IOError("checkpoint entry {} is missing", path);
    return entryLines(path, it->second);
  }
  SPATE_ASSIGN_OR_RETURN(std::string text, readFileToString(path));
  return entryLines(path, text);
}

// The largest batch id among the entries of dir (names that are numbers; temp files
// and others are not entries).
Result<std::optional<int64_t>> Checkpoint::latestEntry(const char* dir) const {
  std::optional<int64_t> latest;
  if (temporary_) {
    if (!memory_[dir].empty()) latest = memory_[dir].rbegin()->first;
    return latest;
  }
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(root_ + "/" + dir));
  for (const auto& n : names) {
    if (!isBatchName(n)) continue;
    int64_t id = std::stoll(n);
    if (!latest || id > *latest) latest = id;
  }
  return latest;
}

Result<std::optional<int64_t>> Checkpoint::latestOffsetsBatch() const { return latestEntry("offsets"); }

Result<std::optional<int64_t>> Checkpoint::latestCommittedBatch() const { return latestEntry("commits"); }

Result<OffsetSeq> Checkpoint::readOffsets(int64_t batchId) const {
  std::string path = entryPath(root_, "offsets", batchId);
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> lines, readEntry("offsets", batchId));
  if (lines.empty()) return Status::IOError("corrupt checkpoint file {}: no metadata line", path);
  SPATE_ASSIGN_OR_RETURN(Json meta, parseLine(path, lines[0]));
  OffsetSeq seq;
  std::string what = "checkpoint file " + path;
  SPATE_ASSIGN_OR_RETURN(seq.metadata.batchWatermarkMs, meta.intMember("batchWatermarkMs", what));
  SPATE_ASSIGN_OR_RETURN(seq.metadata.batchTimestampMs, meta.intMember("batchTimestampMs", what));
  if (const Json* conf = meta.find("conf")) {
    for (const auto& [k, v] : conf->members()) seq.metadata.conf[k] = v.isString() ? v.asString() : v.dump();
  }
  for (size_t i = 1; i < lines.size(); ++i) {
    if (lines[i] == "-") {
      seq.offsets.emplace_back();
      continue;
    }
    SPATE_RETURN_IF_ERROR(parseLine(path, lines[i]).status());
    seq.offsets.emplace_back(lines[i]);
  }
  return seq;
}

Status Checkpoint::writeOffsets(int64_t batchId, const OffsetSeq& seq) const {
  Json meta = Json::object();
  meta.set("batchWatermarkMs", seq.metadata.batchWatermarkMs);
  meta.set("batchTimestampMs", seq.metadata.batchTimestampMs);
  Json conf = Json::object();
  for (const auto& [k, v] : seq.metadata.conf) conf.set(k, v);
  meta.set("conf", std::move(conf));
  std::string text = "v1\n" + meta.dump() + "\n";
  for (const auto& o : seq.offsets) text += (o ? *o : std::string("-")) + "\n";
  return writeEntry("offsets", batchId, text);
}

Result<int64_t> Checkpoint::readCommit(int64_t batchId) const {
  std::string path = entryPath(root_, "commits", batchId);
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> lines, readEntry("commits", batchId));
  if (lines.empty()) return Status::IOError("corrupt checkpoint file {}: no metadata line", path);
  SPATE_ASSIGN_OR_RETURN(Json meta, parseLine(path, lines[0]));
  return meta.intMember("nextBatchWatermarkMs", "checkpoint file " + path);
}

Status Checkpoint::writeCommit(int64_t batchId, int64_t nextBatchWatermarkMs) const {
  Json meta = Json::object();
  meta.set("nextBatchWatermarkMs", nextBatchWatermarkMs);
  return writeEntry("commits", batchId, "v1\n" + meta.dump() + "\n");
}

Status Checkpoint::purge(int64_t minBatchId) const {
  if (temporary_) {
    for (auto& [dir, entries] : memory_) entries.erase(entries.begin(), entries.lower_bound(minBatchId));
    return Status::OK();
  }
  // Entries go one per batch, so only the one just below minBatchId can remain; a
  // restart after a crash may leave older ones, which the first purge sweeps.
  std::error_code ec;
  if (!purgedOnce_) {
    purgedOnce_ = true;
    for (const char* dir : {"offsets", "commits"}) {
      SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(root_ + "/" + dir));
      for (const auto& n : names) {
        if (isBatchName(n) && std::stoll(n) < minBatchId) fs::remove(root_ + "/" + dir + "/" + n, ec);
      }
    }
    return Status::OK();
  }
  fs::remove(entryPath(root_, "offsets", minBatchId - 1), ec);
  fs::remove(entryPath(root_, "commits", minBatchId - 1), ec);
  return Status::OK();
}

std::string Checkpoint::sourcePath(size_t index) const { return fmt::format("{}/sources/{}", root_, index); }

std::string Checkpoint::statePath() const { return root_ + "/state"; }

}  // namespace spate::streaming
