#include "spate/io/file_listing.h"

#include <glob.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <system_error>

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
  // Metadata (_SUCCESS, _spark_metadata) and in-progress temp files are not data; as in
  // Spark, "_col=1" is a partition folder of a column named _col, not metadata.
  if (name.empty() || name[0] == '.' || name.ends_with("._COPYING_")) return true;
  return name[0] == '_' && name.find('=') == std::string::npos;
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

namespace {

// The file sink output that path is, or is inside: directly (a glob reaching into
// out/*) or through partition folders (out/a=1/b=2/x); "" when none.
std::string enclosingSinkOutput(const std::string& path, bool isDir) {
  fs::path p = isDir ? fs::path(path) : fs::path(path).parent_path();
  if (SinkManifest::existsIn(p.string())) return p.string();
  while (p.has_parent_path() && p != p.parent_path()) {
    fs::path parent = p.parent_path();
    if (SinkManifest::existsIn(parent.string())) return parent.string();
    if (!isPartitionDir(p.filename().string())) break;
    p = parent;
  }
  return "";
}

}  // namespace

Result<ListedFiles> listDataFilesWithRoots(const std::string& path) {
  std::string abs = absolutePath(path);
  // Keep a trailing '/' out of the message and the listing.
  while (abs.size() > 1 && abs.back() == '/') abs.pop_back();
  std::vector<std::string> candidates;
  if (hasGlobChars(abs)) {
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

  ListedFiles out;
  // Inside a file sink's output (the output itself, a partition folder of it, or what a
  // glob matches there) only committed files are seen; manifests are read once each.
  std::map<std::string, std::vector<std::string>> committedIn;
  for (const auto& c : candidates) {
    std::error_code ec;
    const bool isDir = fs::is_directory(c, ec);
    out.roots.push_back(isDir ? c : fs::path(c).parent_path().string());
    std::string sink = enclosingSinkOutput(c, isDir);
    if (!sink.empty()) {
      auto it = committedIn.find(sink);
      if (it == committedIn.end()) {
        SPATE_ASSIGN_OR_RETURN(std::vector<std::string> committed, SinkManifest(sink).dataFiles());
        it = committedIn.emplace(sink, std::move(committed)).first;
      }
      const std::string prefix = c + "/";
      for (const auto& f : it->second) {
        if (f == c || (isDir && f.starts_with(prefix))) out.files.push_back(f);
      }
      continue;
    }
    if (isDir) {
      listDirectory(c, out.files, ec);
      if (ec) return Status::IOError("Cannot list directory {}: {}", c, ec.message());
    } else {
      out.files.push_back(c);
    }
  }
  std::sort(out.files.begin(), out.files.end());
  out.files.erase(std::unique(out.files.begin(), out.files.end()), out.files.end());
  return out;
}

Result<std::vector<std::string>> listDataFiles(const std::string& path) {
  SPATE_ASSIGN_OR_RETURN(ListedFiles listed, listDataFilesWithRoots(path));
  return std::move(listed.files);
}

}  // namespace spate
