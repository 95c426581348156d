#include "spate/io/sink_manifest.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <unordered_set>

#include <fmt/format.h>

#include "spate/common/file_util.h"
#include "spate/common/hex.h"
#include "spate/expr/json_simdjson.h"
#include "spate/expr/json_writer.h"
#include "spate/io/file_listing.h"

namespace spate {

namespace fs = std::filesystem;

namespace {

constexpr std::string_view kVersionLine = "v1";
constexpr std::string_view kCompactSuffix = ".compact";

std::string normalizedDir(const std::string& dir) {
  std::string s = absolutePath(dir);
  while (s.size() > 1 && s.back() == '/') s.pop_back();
  return s;
}

// Characters a URI path keeps as they are (RFC 3986 pchar plus '/'); everything else,
// '%' and non-ASCII bytes included, is %-escaped, so any local name round-trips.
bool keepInUri(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("-._~/!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos;
}

std::string pathToUri(const std::string& path) {
  std::string out = "file://";
  for (unsigned char c : path) {
    if (keepInUri(c)) {
      out.push_back(static_cast<char>(c));
    } else {
      out += fmt::format("%{:02X}", c);
    }
  }
  return out;
}

}  // namespace

Result<std::string> uriToPath(std::string_view uri, const std::string& outputDir) {
  std::string_view p = uri;
  if (p.starts_with("file://")) {
    p.remove_prefix(7);
    if (!p.starts_with("/")) return Status::ParseError("unsupported URI authority in '{}'", uri);
  } else if (p.starts_with("file:")) {
    p.remove_prefix(5);
  }
  std::string out;
  out.reserve(p.size());
  for (size_t i = 0; i < p.size(); ++i) {
    if (p[i] != '%') {
      out.push_back(p[i]);
      continue;
    }
    int hi = i + 2 < p.size() ? hexDigitValue(p[i + 1]) : -1;
    int lo = i + 2 < p.size() ? hexDigitValue(p[i + 2]) : -1;
    if (hi < 0 || lo < 0) return Status::ParseError("bad %-escape in path '{}'", uri);
    out.push_back(static_cast<char>(hi * 16 + lo));
    i += 2;
  }
  if (out.empty()) return Status::ParseError("empty path");
  if (out[0] != '/') out = outputDir + "/" + out;
  return out;
}

namespace {

// An entry file name: "<id>" or "<id>.compact"; other names (temp files) are not entries.
bool parseEntryName(std::string_view name, int64_t& id, bool& compact) {
  compact = name.ends_with(kCompactSuffix);
  if (compact) name.remove_suffix(kCompactSuffix.size());
  if (name.empty() || name.size() > 18) return false;
  id = 0;
  for (char c : name) {
    if (c < '0' || c > '9') return false;
    id = id * 10 + (c - '0');
  }
  return true;
}

struct EntryName {
  int64_t id;
  bool compact;
  std::string name;
};

Result<std::vector<EntryName>> listEntries(const std::string& manifestDir) {
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(manifestDir));
  std::vector<EntryName> out;
  for (auto& n : names) {
    EntryName e;
    if (parseEntryName(n, e.id, e.compact)) {
      e.name = std::move(n);
      out.push_back(std::move(e));
    }
  }
  std::sort(out.begin(), out.end(), [](const EntryName& a, const EntryName& b) { return a.id < b.id; });
  return out;
}

Status corrupt(const std::string& where, size_t line, std::string_view why) {
  return Status::IOError("Corrupt file sink manifest entry {} (line {}): {}", where, line, why);
}

Result<SinkFileStatus> parseStatusLine(simdjson::dom::parser& parser, const char* data, size_t len,
                                       const std::string& where, size_t lineNo) {
  simdjson::dom::object obj;
  // The caller's buffer is padded past every line, so no copy is needed.
  auto err = parser.parse(data, len, false).get_object().get(obj);
  if (err) return corrupt(where, lineNo, fmt::format("not a JSON object: {}", simdjson::error_message(err)));
  SinkFileStatus s;
  bool hasPath = false, hasAction = false;
  for (auto field : obj) {
    std::string_view key = field.key;
    simdjson::error_code e = simdjson::SUCCESS;
    if (key == "path") {
      std::string_view v;
      e = field.value.get_string().get(v);
      s.path = std::string(v);
      hasPath = !e;
    } else if (key == "action") {
      std::string_view v;
      e = field.value.get_string().get(v);
      s.action = std::string(v);
      hasAction = !e;
    } else if (key == "size") {
      e = field.value.get_int64().get(s.size);
    } else if (key == "isDir") {
      e = field.value.get_bool().get(s.isDir);
    } else if (key == "modificationTime") {
      e = field.value.get_int64().get(s.modificationTime);
    } else if (key == "blockReplication") {
      e = field.value.get_int64().get(s.blockReplication);
    } else if (key == "blockSize") {
      e = field.value.get_int64().get(s.blockSize);
    }
    if (e) return corrupt(where, lineNo, fmt::format("field \"{}\" has the wrong type", key));
  }
  if (!hasPath) return corrupt(where, lineNo, "no \"path\"");
  if (!hasAction) return corrupt(where, lineNo, "no \"action\"");
  if (s.action != "add" && s.action != "delete") {
    return corrupt(where, lineNo, fmt::format("unknown action \"{}\"", s.action));
  }
  return s;
}

// Adds minus deletes, first occurrence order, each path once.
std::vector<SinkFileStatus> liveFiles(std::vector<SinkFileStatus> log) {
  std::unordered_set<std::string> deleted;
  for (const auto& f : log) {
    if (f.action == "delete") deleted.insert(f.path);
  }
  std::unordered_set<std::string> seen;
  std::vector<SinkFileStatus> out;
  for (auto& f : log) {
    if (f.action != "add" || deleted.contains(f.path) || !seen.insert(f.path).second) continue;
    out.push_back(std::move(f));
  }
  return out;
}

// Where a recorded file would be had the output moved to outputDir: its name and the
// partition folders (k=v) above it, under outputDir.
std::string relocated(const fs::path& recorded, const std::string& outputDir) {
  fs::path relative = recorded.filename();
  fs::path dir = recorded.parent_path();
  while (dir.has_filename() && dir.filename().string().find('=') != std::string::npos) {
    relative = dir.filename() / relative;
    dir = dir.parent_path();
  }
  return outputDir + "/" + relative.string();
}

}  // namespace

std::string serializeSinkManifestEntry(const std::vector<SinkFileStatus>& files) {
  // As Spark's log files: the version, then "\n" + one JSON object per file, with no
  // newline at the end.
  std::string out(kVersionLine);
  for (const auto& f : files) {
    out += "\n{\"path\":";
    appendJsonString(out, pathToUri(f.path));
    out += fmt::format(
        ",\"size\":{},\"isDir\":{},\"modificationTime\":{},\"blockReplication\":{},\"blockSize\":{},\"action\":",
        f.size, f.isDir ? "true" : "false", f.modificationTime, f.blockReplication, f.blockSize);
    appendJsonString(out, f.action);
    out += "}";
  }
  return out;
}

Result<std::vector<SinkFileStatus>> parseSinkManifestEntry(std::string_view text, const std::string& where) {
  // A crash never leaves a partial entry (they are renamed into place), so anything
  // malformed here is damage the user must know about rather than skip.
  if (text.empty()) return Status::IOError("Corrupt file sink manifest entry {}: the file is empty", where);
  simdjson::padded_string padded(text);
  const char* data = padded.data();
  const size_t size = padded.size();
  std::vector<SinkFileStatus> out;
  simdjson::dom::parser parser;
  size_t lineNo = 0;
  for (size_t pos = 0; pos <= size;) {
    size_t end = std::string_view(data, size).find('\n', pos);
    if (end == std::string_view::npos) end = size;
    size_t len = end - pos;
    if (len > 0 && data[pos + len - 1] == '\r') --len;
    ++lineNo;
    std::string_view line(data + pos, len);
    if (lineNo == 1) {
      if (line != kVersionLine) {
        bool numbered = line.size() > 1 && line[0] == 'v' &&
                        line.substr(1).find_first_not_of("0123456789") == std::string_view::npos;
        if (numbered) {
          return Status::IOError(
              "Cannot read file sink manifest entry {}: maximum supported log version is {}, but encountered {}. "
              "It was written by a newer version",
              where, kVersionLine, line);
        }
        return corrupt(where, 1, "the first line is not the version \"v1\"");
      }
    } else if (!line.empty()) {
      SPATE_ASSIGN_OR_RETURN(SinkFileStatus s, parseStatusLine(parser, line.data(), line.size(), where, lineNo));
      out.push_back(std::move(s));
    }
    pos = end + 1;
  }
  return out;
}

SinkManifest::SinkManifest(const std::string& outputDir)
    : outputDir_(normalizedDir(outputDir)), manifestDir_(outputDir_ + "/" + std::string(kSinkManifestDir)) {}

bool SinkManifest::existsIn(const std::string& outputDir) {
  std::error_code ec;
  return fs::is_directory(fs::path(outputDir) / kSinkManifestDir, ec);
}

Result<int64_t> SinkManifest::latestBatchId() const {
  SPATE_ASSIGN_OR_RETURN(std::vector<EntryName> entries, listEntries(manifestDir_));
  return entries.empty() ? int64_t{-1} : entries.back().id;
}

Status SinkManifest::commit(int64_t batchId, const std::vector<SinkFileStatus>& files) const {
  if (batchId < 0) return Status::Internal("file sink batch id {} is negative", batchId);
  std::string plain = manifestDir_ + "/" + std::to_string(batchId);
  std::string compacted = plain + std::string(kCompactSuffix);
  std::error_code ec;
  if (fs::exists(plain, ec) || fs::exists(compacted, ec)) {
    return Status::ExecutionError(
        "The file sink manifest {} already has batch {}: another streaming query is writing to {}", manifestDir_,
        batchId, outputDir_);
  }
  if ((batchId + 1) % kCompactInterval != 0) {
    return writeFileAtomically(plain, serializeSinkManifestEntry(files));
  }
  // A compaction entry stands for all earlier ones, so a reader of a long-running
  // sink's output reads one big entry and at most kCompactInterval - 1 small ones.
  SPATE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> all, allFiles());
  all.insert(all.end(), files.begin(), files.end());
  return writeFileAtomically(compacted, serializeSinkManifestEntry(liveFiles(std::move(all))));
}

Result<std::vector<SinkFileStatus>> SinkManifest::allFiles() const {
  SPATE_ASSIGN_OR_RETURN(std::vector<EntryName> entries, listEntries(manifestDir_));
  int64_t latestCompact = -1;
  for (const auto& e : entries) {
    if (e.compact) latestCompact = std::max(latestCompact, e.id);
  }
  std::vector<SinkFileStatus> log;
  for (const auto& e : entries) {
    bool needed = e.compact ? e.id == latestCompact : e.id > latestCompact;
    if (!needed) continue;
    std::string where = manifestDir_ + "/" + e.name;
    SPATE_ASSIGN_OR_RETURN(std::string text, readFileToString(where));
    SPATE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> files, parseSinkManifestEntry(text, where));
    for (auto& f : files) {
      auto local = uriToPath(f.path, outputDir_);
      if (!local.ok()) return Status::IOError("Corrupt file sink manifest entry {}: {}", where, local.status().message());
      f.path = std::move(*local);
      log.push_back(std::move(f));
    }
  }
  return liveFiles(std::move(log));
}

Result<std::vector<std::string>> SinkManifest::dataFiles() const {
  SPATE_ASSIGN_OR_RETURN(std::vector<SinkFileStatus> files, allFiles());
  std::vector<std::string> out;
  out.reserve(files.size());
  for (const auto& f : files) {
    if (f.isDir) continue;
    fs::path recorded(f.path);
    std::string here = relocated(recorded, outputDir_);
    std::error_code ec;
    if (here != f.path && fs::exists(here, ec)) {
      out.push_back(here);
    } else if (fs::exists(recorded, ec)) {
      out.push_back(f.path);
    } else {
      return Status::IOError("File file:{} is listed in the file sink manifest {} but does not exist", f.path,
                             manifestDir_);
    }
  }
  return out;
}

}  // namespace spate
