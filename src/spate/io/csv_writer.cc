#include "spate/io/csv_format.h"

#include "spate/common/strings.h"
#include "spate/expr/json_writer.h"
#include "spate/io/csv_convert.h"
#include "spate/io/file_io.h"
#include "spate/io/value_text.h"

namespace spate {

namespace {

// Writes fields the way Spark's univocity writer is configured: strings trimmed
// (ignoreLeading/TrailingWhiteSpace default true on write), empty strings as
// emptyValue (""), nulls as nullValue, and a field quoted when it holds the
// separator, a quote or a line break (or always with quoteAll); quotes inside a
// quoted field are preceded by the escape character.
class CsvFieldWriter {
 public:
  explicit CsvFieldWriter(const CsvWriteOptions& w) : w_(w) {
    auto mark = [this](char c) { special_[static_cast<uint8_t>(c)] = true; };
    mark(w.sep);
    mark('\n');
    mark('\r');
    for (char c : w.lineSep) mark(c);
    if (w.quote && w.escapeQuotes) mark(w.quote);
  }

  void appendNull(std::string& out) const { out += w_.nullValue; }

  void appendString(std::string& out, std::string_view v) const {
    if (w_.ignoreLeadingWhiteSpace) {
      while (!v.empty() && static_cast<unsigned char>(v.front()) <= ' ') v.remove_prefix(1);
    }
    if (w_.ignoreTrailingWhiteSpace) {
      while (!v.empty() && static_cast<unsigned char>(v.back()) <= ' ') v.remove_suffix(1);
    }
    if (v.empty()) {
      out += w_.emptyValue;
      return;
    }
    appendValue(out, v);
  }

  void appendValue(std::string& out, std::string_view v) const {
    bool quote = w_.quoteAll;
    if (!quote) {
      for (char c : v) {
        if (special_[static_cast<uint8_t>(c)]) {
          quote = true;
          break;
        }
      }
    }
    if (!quote || !w_.quote) {
      out += v;
      return;
    }
    out.push_back(w_.quote);
    for (char c : v) {
      if (c == w_.quote) out.push_back(w_.escape ? w_.escape : w_.quote);
      out.push_back(c);
    }
    out.push_back(w_.quote);
  }

 private:
  const CsvWriteOptions& w_;
  bool special_[256] = {};
};

}  // namespace

Status CsvFileFormat::write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
                            const Options& options, const std::string& fileNamePrefix) const {
  SPATE_RETURN_IF_ERROR(checkNoCompression(options));
  SPATE_ASSIGN_OR_RETURN(CsvWriteOptions w, CsvWriteOptions::parse(options));
  for (const auto& f : schema->fields()) SPATE_RETURN_IF_ERROR(checkCsvSupportsType(f.type));
  CsvFieldWriter fw(w);
  AtomicFileWriter file;
  SPATE_RETURN_IF_ERROR(file.open(dir, partFileName(fileNamePrefix, extension())));
  std::string& out = file.buffer();
  const size_t ncols = schema->size();
  if (w.header && ncols > 0) {
    for (size_t j = 0; j < ncols; ++j) {
      if (j) out.push_back(w.sep);
      fw.appendString(out, schema->field(j).name);
    }
    out += w.lineSep;
  }
  std::string tmp;
  for (const auto& batch : batches) {
    std::vector<ColumnPtr> cols;
    for (size_t j = 0; j < ncols; ++j) cols.push_back(Column::flatten(batch->column(j)));
    for (int64_t r = 0; r < batch->numRows(); ++r) {
      for (size_t j = 0; j < ncols; ++j) {
        if (j) out.push_back(w.sep);
        const Column& c = *cols[j];
        if (c.typeId() == TypeId::kNull || c.isNull(r)) {
          fw.appendNull(out);
          continue;
        }
        tmp.clear();
        switch (c.typeId()) {
          case TypeId::kString: fw.appendString(out, c.stringAt(r)); continue;
          case TypeId::kBoolean: tmp = c.boolAt(r) ? "true" : "false"; break;
          case TypeId::kByte: appendInt64Text(tmp, c.valueAt<int8_t>(r)); break;
          case TypeId::kShort: appendInt64Text(tmp, c.valueAt<int16_t>(r)); break;
          case TypeId::kInt: appendInt64Text(tmp, c.valueAt<int32_t>(r)); break;
          case TypeId::kLong: appendInt64Text(tmp, c.valueAt<int64_t>(r)); break;
          case TypeId::kFloat: appendJavaFloat(tmp, c.valueAt<float>(r)); break;
          case TypeId::kDouble: appendJavaDouble(tmp, c.valueAt<double>(r)); break;
          case TypeId::kDecimal: appendDecimalText(tmp, c.valueAt<__int128>(r), c.type()->scale()); break;
          case TypeId::kDate: w.dateCodec.appendDate(tmp, c.valueAt<int32_t>(r)); break;
          case TypeId::kTimestamp: w.timestampCodec.appendTimestamp(tmp, c.valueAt<int64_t>(r)); break;
          default: break;
        }
        fw.appendValue(out, tmp);
      }
      out += w.lineSep;
      SPATE_RETURN_IF_ERROR(file.flushIfLarge());
    }
  }
  return file.commit();
}

}  // namespace spate
