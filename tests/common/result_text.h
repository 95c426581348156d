#pragma once

// How test runners print result cells and read expected rows: values as Spark's
// show() prints them, NULL for null, (empty) for the empty string; expected cells
// separated by a tab or " | ".

#include <algorithm>
#include <string>

#include "spate/columnar/column.h"
#include "spate/common/strings.h"

namespace spate::testing {

// Normalizes an expected line to cells joined by a tab.
inline std::string normalizeExpected(const std::string& line) {
  std::string out;
  size_t pos = 0;
  while (pos <= line.size()) {
    size_t tab = line.find('\t', pos);
    size_t bar = line.find(" | ", pos);
    size_t next = std::min(tab, bar);
    std::string cell = line.substr(pos, next == std::string::npos ? std::string::npos : next - pos);
    if (!out.empty() || pos > 0) out += '\t';
    out += std::string(trimView(cell));
    if (next == std::string::npos) break;
    pos = next + (next == tab ? 1 : 3);
  }
  return out;
}

inline std::string cellText(const Column& c, int64_t r) {
  if (c.isNull(r)) return "NULL";
  std::string s = c.valueAt(r).toString(*c.type());
  return s.empty() ? "(empty)" : s;
}

}  // namespace spate::testing
