#include "spate/io/csv_options.h"

#include "spate/common/strings.h"

namespace spate {

Status checkUtf8Encoding(const Options& options) {
  std::string enc = options.has("encoding") ? options.get("encoding") : options.get("charset", "UTF-8");
  std::string e = toLower(enc);
  if (e == "utf-8" || e == "utf8" || e == "us-ascii" || e == "ascii") return Status::OK();
  return Status::NotImplemented("Unsupported encoding '{}': only UTF-8 files can be read and written", enc);
}

namespace {

Result<char> separatorOption(const Options& options) {
  std::string key = options.has("sep") ? "sep" : "delimiter";
  if (!options.has(key)) return ',';
  std::string v = options.get(key);
  if (v.empty()) return Status::Invalid("Option '{}': the delimiter cannot be an empty string", key);
  return parseCharOption(key, v);
}

// lineSep: one character, or "\r\n" which reads like the default.
Result<char> lineSepOption(const Options& options) {
  if (!options.has("lineSep")) return '\0';
  std::string v = options.get("lineSep");
  if (v.empty()) return Status::Invalid("Option 'lineSep' cannot be an empty string");
  if (v == "\r\n" || v == "\\r\\n") return '\0';
  SPATE_ASSIGN_OR_RETURN(char c, parseCharOption("lineSep", v));
  return c == '\n' ? '\0' : c;
}

}  // namespace

Result<CsvReadOptions> CsvReadOptions::parse(const Options& o) {
  CsvReadOptions r;
  SPATE_RETURN_IF_ERROR(checkUtf8Encoding(o));
  SPATE_ASSIGN_OR_RETURN(r.dialect.sep, separatorOption(o));
  SPATE_ASSIGN_OR_RETURN(r.dialect.quote, o.getChar("quote", '"'));
  SPATE_ASSIGN_OR_RETURN(r.dialect.escape, o.getChar("escape", '\\'));
  SPATE_ASSIGN_OR_RETURN(r.dialect.comment, o.getChar("comment", '\0'));
  SPATE_ASSIGN_OR_RETURN(r.dialect.lineSep, lineSepOption(o));
  SPATE_ASSIGN_OR_RETURN(r.dialect.ignoreLeadingWhiteSpace, o.getBool("ignoreLeadingWhiteSpace", false));
  SPATE_ASSIGN_OR_RETURN(r.dialect.ignoreTrailingWhiteSpace, o.getBool("ignoreTrailingWhiteSpace", false));
  SPATE_ASSIGN_OR_RETURN(r.dialect.multiLine, o.getBool("multiLine", false));
  SPATE_ASSIGN_OR_RETURN(r.header, o.getBool("header", false));
  SPATE_ASSIGN_OR_RETURN(r.inferSchema, o.getBool("inferSchema", false));
  SPATE_ASSIGN_OR_RETURN(r.enforceSchema, o.getBool("enforceSchema", true));
  SPATE_ASSIGN_OR_RETURN(r.prefersDate, o.getBool(o.has("preferDate") ? "preferDate" : "prefersDate", true));
  SPATE_ASSIGN_OR_RETURN(r.samplingRatio, o.getDouble("samplingRatio", 1.0));
  if (r.samplingRatio <= 0 || r.samplingRatio > 1) {
    return Status::Invalid("Option 'samplingRatio' must be in (0, 1], got {}", o.get("samplingRatio"));
  }
  r.nullValue = o.get("nullValue", "");
  r.emptyValue = o.get("emptyValue", "");
  r.nanValue = o.get("nanValue", "NaN");
  r.positiveInf = o.get("positiveInf", "Inf");
  r.negativeInf = o.get("negativeInf", "-Inf");
  SPATE_ASSIGN_OR_RETURN(r.dateCodec, DateTimeCodec::fromOptions(o, "dateFormat", DateTimeCodec::Kind::kDate));
  SPATE_ASSIGN_OR_RETURN(r.timestampCodec,
                         DateTimeCodec::fromOptions(o, "timestampFormat", DateTimeCodec::Kind::kTimestamp));
  SPATE_ASSIGN_OR_RETURN(r.mode, parseModeOption(o));
  r.corruptColumn = o.get("columnNameOfCorruptRecord", "_corrupt_record");
  if (r.dialect.sep == '\n' || r.dialect.sep == '\r' || (r.dialect.sep == r.dialect.quote && r.dialect.quote)) {
    return Status::Invalid("Option 'sep' cannot be a line separator or the quote character");
  }
  return r;
}

Result<CsvWriteOptions> CsvWriteOptions::parse(const Options& o) {
  CsvWriteOptions w;
  SPATE_RETURN_IF_ERROR(checkUtf8Encoding(o));
  SPATE_ASSIGN_OR_RETURN(w.sep, separatorOption(o));
  SPATE_ASSIGN_OR_RETURN(w.quote, o.getChar("quote", '"'));
  SPATE_ASSIGN_OR_RETURN(w.escape, o.getChar("escape", '\\'));
  if (o.has("lineSep")) {
    w.lineSep = o.get("lineSep");
    if (w.lineSep == "\\n") w.lineSep = "\n";
    if (w.lineSep == "\\r\\n") w.lineSep = "\r\n";
    if (w.lineSep == "\\r") w.lineSep = "\r";
    if (w.lineSep.empty()) return Status::Invalid("Option 'lineSep' cannot be an empty string");
  }
  SPATE_ASSIGN_OR_RETURN(w.header, o.getBool("header", false));
  SPATE_ASSIGN_OR_RETURN(w.quoteAll, o.getBool("quoteAll", false));
  SPATE_ASSIGN_OR_RETURN(w.escapeQuotes, o.getBool("escapeQuotes", true));
  SPATE_ASSIGN_OR_RETURN(w.ignoreLeadingWhiteSpace, o.getBool("ignoreLeadingWhiteSpace", true));
  SPATE_ASSIGN_OR_RETURN(w.ignoreTrailingWhiteSpace, o.getBool("ignoreTrailingWhiteSpace", true));
  w.nullValue = o.get("nullValue", "");
  w.emptyValue = o.get("emptyValue", "\"\"");
  SPATE_ASSIGN_OR_RETURN(w.dateCodec, DateTimeCodec::fromOptions(o, "dateFormat", DateTimeCodec::Kind::kDate));
  SPATE_ASSIGN_OR_RETURN(w.timestampCodec,
                         DateTimeCodec::fromOptions(o, "timestampFormat", DateTimeCodec::Kind::kTimestamp));
  return w;
}

}  // namespace spate
