#include "spate/io/csv_tokenizer.h"

#include "spate/io/file_io.h"

namespace spate {

CsvTokenizer::CsvTokenizer(const CsvDialect& dialect) : d_(dialect) {
  sentinel_ = d_.lineSep ? d_.lineSep : '\n';
  auto mark = [](bool* table, char c) { table[static_cast<uint8_t>(c)] = true; };
  if (d_.lineSep) {
    mark(terminator_, d_.lineSep);
  } else {
    mark(terminator_, '\n');
    mark(terminator_, '\r');
  }
  for (int c = 0; c < 256; ++c) {
    if (terminator_[c]) {
      unquotedStop_[c] = true;
      quotedStop_[c] = true;
    }
    // univocity's whitespace: any character up to ' ' that has no other role.
    blank_[c] = c > 0 && c <= ' ' && !terminator_[c] && c != static_cast<uint8_t>(d_.sep);
  }
  mark(unquotedStop_, d_.sep);
  if (d_.quote) mark(quotedStop_, d_.quote);
  if (d_.escape) mark(quotedStop_, d_.escape);
  // Inside quotes newlines matter even with a custom lineSep: they count lines.
  mark(quotedStop_, '\n');
  mark(quotedStop_, '\r');
}

CsvTokenizer::Outcome CsvTokenizer::quotedField(const char*& p, const char* base, const char* end, bool atEof,
                                                CsvRecords& out) {
  const char* fieldBegin = p;
  ++p;
  const char* seg = p;
  bool useScratch = false;
  const size_t scratchMark = out.scratch.size();
  auto emit = [&](const char* contentEnd, bool quoted) {
    uint32_t flags = quoted ? CsvField::kQuoted : 0;
    if (useScratch) {
      out.scratch.append(seg, static_cast<size_t>(contentEnd - seg));
      out.fields.push_back({static_cast<uint32_t>(scratchMark),
                            static_cast<uint32_t>(out.scratch.size() - scratchMark) | flags | CsvField::kScratch});
    } else {
      out.fields.push_back({static_cast<uint32_t>(seg - base), static_cast<uint32_t>(contentEnd - seg) | flags});
    }
  };
  for (;;) {
    const char* q = p;
    while (!quotedStop_[static_cast<uint8_t>(*q)]) ++q;
    if (q >= end) {
      if (!atEof) return Outcome::kIncomplete;
      // An unclosed quote at the end of input takes the rest as the value.
      emit(end, true);
      p = end;
      return Outcome::kDone;
    }
    const char c = *q;
    if (c == d_.quote) {
      if (q + 1 >= end && !atEof) return Outcome::kIncomplete;
      if (q + 1 < end && q[1] == d_.quote) {
        // A doubled quote stands for one quote (RFC 4180).
        out.scratch.append(seg, static_cast<size_t>(q + 1 - seg));
        useScratch = true;
        p = seg = q + 2;
        continue;
      }
      const char* r = q + 1;
      while (r < end && isBlank(*r)) ++r;
      if (r >= end && !atEof) return Outcome::kIncomplete;
      if (r < end && *r != d_.sep && !isTerminator(*r)) {
        // Text after the closing quote: univocity's STOP_AT_DELIMITER reads the whole
        // field, quotes included, as an unquoted value.
        out.scratch.resize(scratchMark);
        const char* u = r;
        while (!unquotedStop_[static_cast<uint8_t>(*u)]) ++u;
        if (u >= end && !atEof) return Outcome::kIncomplete;
        const char* fe = u;
        if (d_.ignoreTrailingWhiteSpace) {
          while (fe > fieldBegin && isBlank(fe[-1])) --fe;
        }
        out.fields.push_back(
            {static_cast<uint32_t>(fieldBegin - base), static_cast<uint32_t>(fe - fieldBegin)});
        p = u;
        return Outcome::kDone;
      }
      emit(q, true);
      p = r;
      return Outcome::kDone;
    }
    if (c == d_.escape && d_.escape) {
      if (q + 2 >= end && !atEof) return Outcome::kIncomplete;
      if (q + 1 < end && q[1] == d_.quote) {
        out.scratch.append(seg, static_cast<size_t>(q - seg));
        out.scratch.push_back(d_.quote);
        useScratch = true;
        p = seg = q + 2;
        continue;
      }
      if (q + 2 < end && q[1] == d_.escape && q[2] == d_.quote) {
        // An escaped escape before the closing quote: one literal escape character.
        out.scratch.append(seg, static_cast<size_t>(q + 1 - seg));
        useScratch = true;
        seg = q + 2;
        p = q + 2;
        continue;
      }
      p = q + 1;
      continue;
    }
    if (c == '\n' || c == '\r' || c == d_.lineSep) {
      if (!d_.multiLine && isTerminator(c)) {
        // Lines are records: an unclosed quote ends with its line.
        emit(q, true);
        p = q;
        return Outcome::kDone;
      }
      if (d_.multiLine) {
        if (c == '\r') {
          if (q + 1 >= end && !atEof) return Outcome::kIncomplete;
          if (q + 1 >= end || q[1] != '\n') ++line_;
        } else if (c == '\n' || (d_.lineSep && c == d_.lineSep)) {
          ++line_;
        }
      }
      p = q + 1;
      continue;
    }
    p = q + 1;
  }
}

size_t CsvTokenizer::tokenize(char* data, size_t size, bool atEof, size_t maxRecords, CsvRecords& out) {
  data[size] = sentinel_;
  const char* base = out.base();
  const char* p = data;
  const char* const end = data + size;
  // Consumes the terminator at q (q < end); false when "\r" ends the window and a
  // "\n" may follow in the next one.
  auto consumeTerminator = [&](const char*& q) {
    if (!d_.lineSep && *q == '\r') {
      if (q + 1 >= end) {
        if (!atEof) return false;
        ++q;
      } else {
        q += q[1] == '\n' ? 2 : 1;
      }
    } else {
      ++q;
    }
    ++line_;
    return true;
  };

  while (p < end && out.records.size() < maxRecords) {
    const char* recStart = p;
    const int64_t recLine = line_;
    const size_t fieldMark = out.fields.size();
    const size_t scratchMark = out.scratch.size();

    // Blank lines (only whitespace) and comment lines are skipped.
    bool comment = d_.comment && *p == d_.comment;
    const char* q = p;
    if (!comment) {
      while (isBlank(*q)) ++q;
    }
    if (comment || isTerminator(*q)) {
      while (!isTerminator(*q)) ++q;
      if (q >= end) {
        if (!atEof) break;
        p = end;
        break;
      }
      if (!consumeTerminator(q)) break;
      p = q;
      continue;
    }

    bool incomplete = false;
    for (;;) {
      if (d_.ignoreLeadingWhiteSpace) {
        while (isBlank(*p)) ++p;
      }
      if (d_.quote && *p == d_.quote) {
        if (quotedField(p, base, end, atEof, out) == Outcome::kIncomplete) {
          incomplete = true;
          break;
        }
      } else {
        const char* u = p;
        while (!unquotedStop_[static_cast<uint8_t>(*u)]) ++u;
        if (u >= end && !atEof) {
          incomplete = true;
          break;
        }
        const char* fe = u;
        if (d_.ignoreTrailingWhiteSpace) {
          while (fe > p && isBlank(fe[-1])) --fe;
        }
        out.fields.push_back({static_cast<uint32_t>(p - base), static_cast<uint32_t>(fe - p)});
        p = u;
      }
      if (p < end && *p == d_.sep) {
        ++p;
        continue;
      }
      break;
    }
    const char* recEnd = p;
    if (!incomplete && p < end && !consumeTerminator(p)) incomplete = true;
    if (incomplete) {
      out.fields.resize(fieldMark);
      out.scratch.resize(scratchMark);
      line_ = recLine;
      p = recStart;
      break;
    }
    out.records.push_back({static_cast<uint32_t>(fieldMark), static_cast<uint32_t>(out.fields.size() - fieldMark),
                           static_cast<uint32_t>(recStart - base), static_cast<uint32_t>(recEnd - base), recLine});
  }
  return static_cast<size_t>(p - data);
}

Status scanCsvFile(const std::string& path, const CsvDialect& dialect, size_t maxRecords,
                   const std::function<Result<bool>(CsvRecords&)>& fn) {
  ChunkReader reader(path);
  SPATE_RETURN_IF_ERROR(reader.open());
  CsvTokenizer tokenizer(dialect);
  CsvRecords recs;
  size_t pos = 0;
  for (;;) {
    char* window = reader.mutableData() + pos;
    recs.reset(window);
    size_t used = tokenizer.tokenize(window, reader.size() - pos, reader.eof(), maxRecords, recs);
    pos += used;
    bool full = recs.size() == maxRecords;
    if (recs.size() > 0) {
      SPATE_ASSIGN_OR_RETURN(bool more, fn(recs));
      if (!more) return Status::OK();
    }
    if (full && pos < reader.size()) continue;
    if (reader.eof() && pos >= reader.size()) return Status::OK();
    SPATE_RETURN_IF_ERROR(reader.advance(pos));
    pos = 0;
  }
}

}  // namespace spate
