#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/io/csv_options.h"

namespace spate {

// One field of a tokenized record: a range of the input window, or of the records'
// scratch buffer when unescaping changed it. Flags live in the top bits of length.
struct CsvField {
  static constexpr uint32_t kQuoted = 1u << 31;
  static constexpr uint32_t kScratch = 1u << 30;
  static constexpr uint32_t kLengthMask = kScratch - 1;
  uint32_t offset;
  uint32_t length;

  bool quoted() const { return length & kQuoted; }
  uint32_t size() const { return length & kLengthMask; }
};

struct CsvRecord {
  uint32_t firstField;
  uint32_t numFields;
  uint32_t begin;  // raw text of the record in the window, line terminator excluded
  uint32_t end;
  int64_t line;  // 1-based line of the file where the record starts
};

// Records tokenized from one window of input: row-major field ranges that the typed
// converters read column by column. No per-field allocation.
class CsvRecords {
 public:
  void reset(const char* base) {
    base_ = base;
    records.clear();
    fields.clear();
    scratch.clear();
  }
  size_t size() const { return records.size(); }
  std::string_view text(CsvField f) const {
    const char* p = (f.length & CsvField::kScratch) ? scratch.data() : base_;
    return {p + f.offset, f.size()};
  }
  std::string_view recordText(size_t r) const {
    return {base_ + records[r].begin, records[r].end - records[r].begin};
  }
  const CsvField* fieldsOf(size_t r) const { return fields.data() + records[r].firstField; }
  const char* base() const { return base_; }

  std::vector<CsvRecord> records;
  std::vector<CsvField> fields;
  std::string scratch;

 private:
  const char* base_ = nullptr;
};

// Splits CSV text into records and fields per a dialect, following univocity's
// rules as Spark configures it: quoted fields with the escape character or a doubled
// quote before a literal quote, blank lines and comment lines skipped, an unclosed
// quote ending at the line end (or at end of input in multiLine mode). A hand-written
// table-driven scan; the line counter carries across calls for a file.
class CsvTokenizer {
 public:
  explicit CsvTokenizer(const CsvDialect& dialect);

  // Appends the complete records at the start of data[0, size) to out, at most
  // maxRecords. data[size] is overwritten with a sentinel, so one byte past the end
  // must be writable. With atEof the input ends at size, else a record running into
  // the end is left for the next call. Returns the bytes consumed.
  size_t tokenize(char* data, size_t size, bool atEof, size_t maxRecords, CsvRecords& out);

  // The line the next record starts on.
  int64_t line() const { return line_; }

 private:
  enum class Outcome { kDone, kIncomplete };
  Outcome quotedField(const char*& p, const char* base, const char* end, bool atEof, CsvRecords& out);
  bool isBlank(char c) const { return blank_[static_cast<uint8_t>(c)]; }
  bool isTerminator(char c) const { return terminator_[static_cast<uint8_t>(c)]; }

  CsvDialect d_;
  char sentinel_;
  bool unquotedStop_[256] = {};
  bool quotedStop_[256] = {};
  bool blank_[256] = {};
  bool terminator_[256] = {};
  int64_t line_ = 1;
};

// Tokenizes a file window by window (ChunkReader), calling fn with at most maxRecords
// records at a time; the records' text lives only for the call. fn returns false to
// stop early.
Status scanCsvFile(const std::string& path, const CsvDialect& dialect, size_t maxRecords,
                   const std::function<Result<bool>(CsvRecords&)>& fn);

}  // namespace spate
