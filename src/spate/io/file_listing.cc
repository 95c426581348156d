#include "spate/io/file_listing.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>
#include <unordered_set>

#include "spate/io/sink_manifest.h"

namespace spate {

namespace fs = std::filesystem;

namespace {

std::string stripScheme(const std::string& path) {
  if (path.rfind("file://", 0) == 0) return path.substr(7);
  if (path.rfind("file:", 0) == 0) return path.substr(5);
  return path;
}

bool isHidden(const std::string& name) {
  // Metadata (_SUCCESS, _spark_metadata) and in-progress temp files are not data.
  return name.empty() || name[0] == '_' || name[0] == '.' || name.ends_with("._COPYING_");
}

bool isPartitionDir(const std::string& name) {
  auto eq = name.find('=');
  return eq != std::string::npos && eq > 0;
}

void listDirectory(const fs::path& dir, std::vector<std::string>& out, std::error_code& ec) {
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec)) {
    std::string name = it->path().filename().string();
    if (isHidden(name)) continue;
    std::error_code sec;
    if (it->is_directory(sec)) {
      if (isPartitionDir(name)) listDirectory(it->path(), out, ec);
    } else if (it->is_regular_file(sec) || it->is_symlink(sec)) {
      out.push_back(it->path().string());
    }
  }
}

bool hasGlobChars(const std::string& p) { return p.find_first_of("*?[{") != std::string::npos; }

}  // namespace

std::string absolutePath(const std::string& path) {
  std::string p = stripScheme(path);
  std::error_code ec;
  fs::path abs = fs::absolute(p, ec);
  if (ec) return p;
  return abs.lexically_normal().string();
}

Result<std::vector<std::string>> listDataFiles(const std::string& path) {
  std::string abs = absolutePath(path);
  // Keep a trailing '/' out of the message and the listing.
  while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  std::vector<std::string> candidates;
  const bool glob = hasGlobChars(abs);
  if (glob) {
    glob_t g{};
    int rc = ::glob(abs.c_str(), GLOB_BRACE | GLOB_NOSORT, nullptr, &g);
    if (rc == 0) {
      for (size_t i = 0; i < g.gl_pathc; ++i) candidates.emplace_back(g.gl_pathv[i]);
    }
    globfree(&g);
    if (rc != 0 && rc != GLOB_NOMATCH) return Status::IOError("Cannot list files matching {}", path);
  } else {
    std::error_code ec;
    if (fs::exists(abs, ec)) candidates.push_back(abs);
  }
  if (candidates.empty()) return Status::AnalysisError("Path does not exist: file:{}", abs);

  std::vector<std::string> files;
  // A glob reaching into a file sink's output (out/*.csv) sees only committed files,
  // as listing the directory itself would; manifests are read once per directory.
  std::map<std::string, std::unordered_set<std::string>> committedIn;
  for (const auto& c : candidates) {
    std::error_code ec;
    std::string parent = fs::path(c).parent_path().string();
    if (glob && SinkManifest::existsIn(parent)) {
      auto it = committedIn.find(parent);
      if (it == committedIn.end()) {
        SPATE_ASSIGN_OR_RETURN(std::vector<std::string> committed, SinkManifest(parent).dataFiles());
        it = committedIn.emplace(parent, std::unordered_set<std::string>(committed.begin(), committed.end())).first;
      }
      if (it->second.contains(c)) files.push_back(c);
      continue;
    }
    if (fs::is_directory(c, ec)) {
      if (SinkManifest::existsIn(c)) {
        // A file sink's output: only committed files, never leftovers of a failed batch.
        SPATE_ASSIGN_OR_RETURN(std::vector<std::string> committed, SinkManifest(c).dataFiles());
        files.insert(files.end(), committed.begin(), committed.end());
        continue;
      }
      listDirectory(c, files, ec);
      if (ec) return Status::IOError("Cannot list directory {}: {}", c, ec.message());
    } else {
      files.push_back(c);
    }
  }
  std::sort(files.begin(), files.end());
  files.erase(std::unique(files.begin(), files.end()), files.end());
  return files;
}

}  // namespace spate
