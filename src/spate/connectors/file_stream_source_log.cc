#include "spate/connectors/file_stream_source_log.h"

#include <charconv>
#include <filesystem>

#include "spate/common/file_util.h"
#include "spate/common/json.h"
#include "spate/expr/json_writer.h"

namespace spate::connectors {

namespace {

constexpr int kLogVersion = 1;

bool isBatchFileName(std::string_view name, int64_t& batchId) {
  if (name.empty() || name.size() > 18) return false;
  auto [ptr, ec] = std::from_chars(name.data(), name.data() + name.size(), batchId);
  return ec == std::errc() && ptr == name.data() + name.size() && name[0] != '-';
}

// Characters a URI path may hold as they are; everything else is %-encoded.
bool uriSafe(unsigned char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("/-._~!$&'()*+,;=:@").find(static_cast<char>(c)) != std::string_view::npos;
}

int hexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string serialize(const std::vector<FileLogEntry>& entries) {
  std::string out = fmt::format("v{}", kLogVersion);
  for (const auto& e : entries) {
    out += "\n{\"path\":";
    appendJsonString(out, fileUri(e.path));
    fmt::format_to(std::back_inserter(out), ",\"timestamp\":{},\"batchId\":{}}}", e.timestamp, e.batchId);
  }
  return out;
}

Result<std::vector<FileLogEntry>> deserialize(const std::string& file, std::string_view content) {
  auto malformed = [&](std::string_view why) {
    return Status::IOError("The file source log file {} is corrupt: {}", file, why);
  };
  size_t nl = content.find('\n');
  std::string_view version = content.substr(0, nl);
  int v = 0;
  auto [ptr, ec] = std::from_chars(version.data() + std::min<size_t>(1, version.size()),
                                   version.data() + version.size(), v);
  if (version.size() < 2 || version[0] != 'v' || ec != std::errc() || ptr != version.data() + version.size()) {
    return malformed("failed to detect the log file version line");
  }
  if (v > kLogVersion || v < 1) {
    return Status::IOError(
        "The file source log file {} has version v{}: the maximum supported log version is v{}. It was produced by "
        "a newer version and cannot be read by this one.",
        file, v, kLogVersion);
  }
  std::vector<FileLogEntry> entries;
  size_t lineNo = 1;
  while (nl != std::string_view::npos) {
    content.remove_prefix(nl + 1);
    nl = content.find('\n');
    std::string_view line = content.substr(0, nl);
    ++lineNo;
    if (line.empty()) continue;
    auto json = Json::parse(line);
    if (!json.ok() || !json->isObject()) return malformed(fmt::format("line {} is not a JSON object", lineNo));
    auto path = json->stringMember("path", "entry");
    auto timestamp = json->intMember("timestamp", "entry");
    auto batchId = json->intMember("batchId", "entry");
    if (!path.ok() || !timestamp.ok() || !batchId.ok()) {
      return malformed(fmt::format("line {} lacks a path, timestamp or batchId", lineNo));
    }
    entries.push_back({pathFromUri(*path), *timestamp, *batchId});
  }
  // A batch is only logged when it has files, so an empty one was cut short.
  if (entries.empty()) return malformed("it lists no files");
  return entries;
}

}  // namespace

std::string fileUri(std::string_view absolutePath) {
  std::string out = "file://";
  for (char ch : absolutePath) {
    auto c = static_cast<unsigned char>(ch);
    if (uriSafe(c)) {
      out += ch;
    } else {
      fmt::format_to(std::back_inserter(out), "%{:02X}", c);
    }
  }
  return out;
}

std::string pathFromUri(std::string_view uri) {
  if (uri.starts_with("file://")) {
    uri.remove_prefix(7);
  } else if (uri.starts_with("file:")) {
    uri.remove_prefix(5);
  }
  std::string out;
  out.reserve(uri.size());
  for (size_t i = 0; i < uri.size(); ++i) {
    const int hi = uri[i] == '%' && i + 2 < uri.size() ? hexValue(uri[i + 1]) : -1;
    const int lo = hi >= 0 ? hexValue(uri[i + 2]) : -1;
    if (lo >= 0) {
      out += static_cast<char>(hi * 16 + lo);
      i += 2;
    } else {
      out += uri[i];
    }
  }
  return out;
}

Result<FileStreamSourceLog> FileStreamSourceLog::open(std::string dir, bool durable) {
  FileStreamSourceLog log(std::move(dir), durable);
  if (log.dir_.empty()) return log;
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> names, listDirectory(log.dir_));
  for (const auto& name : names) {
    int64_t batchId = 0;
    // Others are temp files of an interrupted write, which never became a batch.
    if (!isBatchFileName(name, batchId)) continue;
    const std::string file = log.dir_ + "/" + name;
    SPATE_ASSIGN_OR_RETURN(std::string content, readFileToString(file));
    SPATE_ASSIGN_OR_RETURN(std::vector<FileLogEntry> entries, deserialize(file, content));
    log.batches_.emplace(batchId, std::move(entries));
  }
  return log;
}

Status FileStreamSourceLog::add(int64_t batchId, std::vector<FileLogEntry> entries) {
  std::error_code ec;
  const std::string file = dir_.empty() ? std::string() : dir_ + "/" + std::to_string(batchId);
  if (batches_.count(batchId) || (!file.empty() && std::filesystem::exists(file, ec))) {
    return Status::ExecutionError(
        "Concurrent update to the log. Multiple streaming jobs detected for {} (file source log batch {})", dir_,
        batchId);
  }
  if (!file.empty()) SPATE_RETURN_IF_ERROR(writeFileAtomically(file, serialize(entries), durable_));
  batches_.emplace(batchId, std::move(entries));
  return Status::OK();
}

Result<std::vector<FileLogEntry>> FileStreamSourceLog::get(int64_t from, int64_t to) const {
  std::vector<FileLogEntry> out;
  for (int64_t id = from; id <= to; ++id) {
    auto it = batches_.find(id);
    if (it == batches_.end()) {
      return Status::ExecutionError("The file source log in {} has no batch {}: it was deleted or never written", dir_,
                                    id);
    }
    out.insert(out.end(), it->second.begin(), it->second.end());
  }
  return out;
}

}  // namespace spate::connectors
