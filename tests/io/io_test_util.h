#pragma once

// Helpers for reader/writer tests: a temp directory, files from strings, and batches
// rendered as "a|b|null" rows.

#include <gtest/gtest.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "spate/io/file_format.h"
#include "spate/io/file_listing.h"

namespace spate::testing {

class TempDir {
 public:
  TempDir() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "spate_io_XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    path_ = p ? p : "/tmp";
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  const std::string& path() const { return path_; }
  std::string file(const std::string& name) const { return path_ + "/" + name; }
  // Writes content to name (parent directories created) and returns the path.
  std::string write(const std::string& name, const std::string& content) const {
    std::string p = file(name);
    std::filesystem::create_directories(std::filesystem::path(p).parent_path());
    std::ofstream out(p, std::ios::binary);
    out << content;
    return p;
  }

 private:
  std::string path_;
};

inline std::string readText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

inline SchemaPtr ddl(const std::string& text) {
  return std::make_shared<const Schema>(Schema::fromDDL(text).value());
}

// Every row of the batches as "v1|v2|...", values as Spark's show() prints them.
inline std::vector<std::string> rowsOf(const std::vector<BatchPtr>& batches) {
  std::vector<std::string> out;
  for (const auto& b : batches) {
    for (int64_t r = 0; r < b->numRows(); ++r) {
      std::string line;
      for (size_t c = 0; c < b->numColumns(); ++c) {
        if (c) line += "|";
        line += b->column(c)->valueAt(r).toString(*b->schema()->field(c).type);
      }
      out.push_back(line);
    }
  }
  return out;
}

inline const FileFormat& format(const std::string& name) { return *findFileFormat(name).value(); }

// Reads one file with the given schema and options; rows or "ERROR: message".
inline std::vector<std::string> readRows(const std::string& fmt, const std::string& path, const std::string& schema,
                                         const Options& options) {
  auto r = format(fmt).readFile(path, ddl(schema), options);
  if (!r.ok()) return {"ERROR: " + r.status().message()};
  return rowsOf(*r);
}

// Infers the schema of one file: its DDL or "ERROR: message".
inline std::string inferDDL(const std::string& fmt, const std::string& path, const Options& options) {
  auto r = format(fmt).inferSchema({path}, options);
  if (!r.ok()) return "ERROR: " + r.status().message();
  return r->ddl();
}

// The single part file a writer put in dir (hidden files skipped).
inline std::string onlyPartFile(const std::string& dir) {
  auto files = listDataFiles(dir);
  if (!files.ok() || files->size() != 1) return "";
  return files->front();
}

}  // namespace spate::testing
