#pragma once

// Private to the JSON reader and inference: walks the records of a JSON file.

#include <string>
#include <string_view>

#include "spate/io/file_io.h"
#include "spate/io/json_format.h"

namespace spate {

inline bool isBlankJson(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\r' && c != '\n') return false;
  }
  return true;
}

// Calls fn(text, line) -> Result<bool> for each non-blank line (its 1-based line
// number), or once for the whole file in multiLine mode; false from fn stops. At least
// ChunkReader::kPadding readable bytes follow each text, as simdjson needs.
template <typename Fn>
Status forEachJsonRecord(const std::string& path, const JsonReadOptions& o, Fn&& fn) {
  if (o.multiLine) {
    SPATE_ASSIGN_OR_RETURN(std::string text, readWholeFile(path));
    size_t n = text.size();
    text.append(ChunkReader::kPadding, '\0');
    std::string_view whole(text.data(), n);
    if (isBlankJson(whole)) return Status::OK();
    SPATE_ASSIGN_OR_RETURN(bool more, fn(whole, int64_t{1}));
    (void)more;
    return Status::OK();
  }
  ChunkReader reader(path);
  SPATE_RETURN_IF_ERROR(reader.open());
  int64_t line = 1;
  for (;;) {
    const char* p = reader.data();
    const char* end = p + reader.size();
    const char* lineEnd;
    const char* next;
    while (p < end && findLineEnd(p, end, reader.eof(), o.lineSep, lineEnd, next)) {
      std::string_view rec(p, static_cast<size_t>(lineEnd - p));
      if (!isBlankJson(rec)) {
        SPATE_ASSIGN_OR_RETURN(bool more, fn(rec, line));
        if (!more) return Status::OK();
      }
      ++line;
      p = next;
    }
    if (reader.eof()) return Status::OK();
    SPATE_RETURN_IF_ERROR(reader.advance(static_cast<size_t>(p - reader.data())));
  }
}

}  // namespace spate
