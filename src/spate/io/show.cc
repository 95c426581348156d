#include "spate/io/show.h"

#include <algorithm>

namespace spate {

namespace {

// Width in characters: UTF-8 continuation bytes do not count.
size_t displayWidth(const std::string& s) {
  size_t w = 0;
  for (unsigned char c : s) w += (c & 0xC0) != 0x80;
  return w;
}

// The first n characters of a UTF-8 string.
std::string prefixChars(const std::string& s, size_t n) {
  size_t chars = 0, i = 0;
  for (; i < s.size(); ++i) {
    if ((static_cast<unsigned char>(s[i]) & 0xC0) != 0x80) {
      if (chars == n) break;
      ++chars;
    }
  }
  return s.substr(0, i);
}

std::string pad(const std::string& s, size_t width, bool left) {
  size_t w = displayWidth(s);
  if (w >= width) return s;
  std::string fill(width - w, ' ');
  return left ? fill + s : s + fill;
}

}  // namespace

std::string cellText(const Column& column, int64_t row) {
  if (column.isNull(row)) return "null";
  return column.valueAt(row).toString(*column.type());
}

std::string showString(const Batch& batch, int numRows, int truncate) {
  int64_t shown = std::min<int64_t>(numRows, batch.numRows());
  bool hasMore = batch.numRows() > numRows;
  size_t ncols = batch.numColumns();
  std::vector<std::vector<std::string>> cells(static_cast<size_t>(shown) + 1);
  for (size_t c = 0; c < ncols; ++c) cells[0].push_back(batch.schema()->field(c).name);
  for (int64_t r = 0; r < shown; ++r) {
    for (size_t c = 0; c < ncols; ++c) {
      std::string s = cellText(*batch.column(c), r);
      if (truncate > 0 && displayWidth(s) > static_cast<size_t>(truncate)) {
        s = truncate < 4 ? prefixChars(s, static_cast<size_t>(truncate))
                         : prefixChars(s, static_cast<size_t>(truncate - 3)) + "...";
      }
      cells[static_cast<size_t>(r) + 1].push_back(std::move(s));
    }
  }
  std::vector<size_t> widths(ncols, 3);
  for (const auto& row : cells) {
    for (size_t c = 0; c < ncols; ++c) widths[c] = std::max(widths[c], displayWidth(row[c]));
  }
  std::string sep = "+";
  for (size_t w : widths) sep += std::string(w, '-') + "+";
  sep += "\n";
  std::string out = sep;
  for (size_t r = 0; r < cells.size(); ++r) {
    out += "|";
    for (size_t c = 0; c < ncols; ++c) out += pad(cells[r][c], widths[c], truncate > 0) + "|";
    out += "\n";
    if (r == 0) out += sep;
  }
  out += sep;
  if (hasMore) out += "only showing top " + std::to_string(numRows) + (numRows == 1 ? " row\n" : " rows\n");
  return out;
}

}  // namespace spate
