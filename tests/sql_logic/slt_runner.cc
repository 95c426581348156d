// Runs SQL logic test files (format: tests/sql_logic/README.md) against a fresh
// session per file and reports every mismatch with its file and line.

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>
#include <string>
#include <vector>

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "tests/common/result_text.h"
#include "spate/session/session.h"

namespace {

struct Record {
  int line = 0;
  std::string kind;  // "statement" or "query"
  std::string mode;  // "ok" / "error" / "rowsort" / ""
  std::string expectedError;
  std::string sql;
  std::vector<std::string> expected;
};

std::vector<Record> parseFile(const std::string& path, std::string& error) {
  std::ifstream in(path);
  if (!in) {
    error = "cannot open " + path;
    return {};
  }
  std::vector<std::string> lines;
  for (std::string l; std::getline(in, l);) {
    if (!l.empty() && l.back() == '\r') l.pop_back();
    lines.push_back(l);
  }
  std::vector<Record> records;
  size_t i = 0;
  while (i < lines.size()) {
    std::string_view t = spate::trimView(lines[i]);
    if (t.empty() || t[0] == '#') {
      ++i;
      continue;
    }
    Record r;
    r.line = static_cast<int>(i) + 1;
    std::istringstream header{std::string(t)};
    header >> r.kind >> r.mode;
    if (r.kind == "statement" && r.mode == "error") {
      std::string rest;
      std::getline(header, rest);
      r.expectedError = std::string(spate::trimView(rest));
    }
    if (r.kind != "statement" && r.kind != "query") {
      error = path + ":" + std::to_string(r.line) + ": expected 'statement' or 'query', got: " + std::string(t);
      return {};
    }
    ++i;
    while (i < lines.size() && !spate::trimView(lines[i]).empty() && lines[i] != "----") {
      r.sql += lines[i] + "\n";
      ++i;
    }
    if (r.kind == "query") {
      if (i >= lines.size() || lines[i] != "----") {
        error = path + ":" + std::to_string(r.line) + ": query without a '----' line";
        return {};
      }
      ++i;
      while (i < lines.size() && !spate::trimView(lines[i]).empty()) r.expected.push_back(lines[i++]);
    }
    records.push_back(std::move(r));
  }
  return records;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::cerr << "usage: spate_slt FILE.test...\n";
    return 2;
  }
  int passed = 0, failed = 0;
  for (int f = 1; f < argc; ++f) {
    std::string path = argv[f];
    std::string error;
    std::vector<Record> records = parseFile(path, error);
    if (!error.empty()) {
      std::cerr << error << "\n";
      ++failed;
      continue;
    }
    auto session = std::make_shared<spate::sql::Session>("slt");
    for (const auto& r : records) {
      std::string where = path + ":" + std::to_string(r.line);
      auto result = session->trySql(r.sql);
      if (r.kind == "statement") {
        if (r.mode == "error") {
          // Errors may come from planning or from running (FAILFAST reads).
          if (result.ok()) {
            try {
              (void)result->toBatch();
            } catch (const spate::Error& e) {
              result = e.status();
            }
          }
          if (result.ok()) {
            std::cerr << where << ": statement should have failed\n" << r.sql;
            ++failed;
          } else if (result.status().message().find(r.expectedError) == std::string::npos) {
            std::cerr << where << ": error message does not contain '" << r.expectedError << "':\n  "
                      << result.status().toString() << "\n";
            ++failed;
          } else {
            ++passed;
          }
        } else if (!result.ok()) {
          std::cerr << where << ": statement failed: " << result.status().toString() << "\n" << r.sql;
          ++failed;
        } else {
          // Statements run for their effect; run queries too so errors surface.
          try {
            (void)result->toBatch();
            ++passed;
          } catch (const std::exception& e) {
            std::cerr << where << ": statement failed: " << e.what() << "\n" << r.sql;
            ++failed;
          }
        }
        continue;
      }
      std::vector<std::string> actual;
      try {
        if (!result.ok()) throw spate::Error(result.status());
        spate::BatchPtr b = result->toBatch();
        for (int64_t row = 0; row < b->numRows(); ++row) {
          std::string line;
          for (size_t c = 0; c < b->numColumns(); ++c) line += (c ? "\t" : "") + spate::testing::cellText(*b->column(c), row);
          actual.push_back(line);
        }
      } catch (const std::exception& e) {
        std::cerr << where << ": query failed: " << e.what() << "\n" << r.sql;
        ++failed;
        continue;
      }
      std::vector<std::string> expected;
      for (const auto& e : r.expected) expected.push_back(spate::testing::normalizeExpected(e));
      if (r.mode == "rowsort") {
        std::sort(actual.begin(), actual.end());
        std::sort(expected.begin(), expected.end());
      }
      if (actual != expected) {
        std::cerr << where << ": result mismatch\n" << r.sql << "expected:\n";
        for (const auto& e : expected) std::cerr << "  " << e << "\n";
        std::cerr << "actual:\n";
        for (const auto& a : actual) std::cerr << "  " << a << "\n";
        ++failed;
      } else {
        ++passed;
      }
    }
  }
  std::printf("%d passed, %d failed\n", passed, failed);
  return failed == 0 ? 0 : 1;
}
