#pragma once

#include <string>

#include "spate/io/datetime_codec.h"
#include "spate/io/file_format.h"
#include "spate/io/options.h"

namespace spate {

// How CSV text is split into records and fields.
struct CsvDialect {
  char sep = ',';
  char quote = '"';     // '\0': no quoting
  char escape = '\\';   // '\0': no escaping
  char comment = '\0';  // '\0': no comment lines
  char lineSep = '\0';  // '\0': "\n", "\r\n" or "\r"
  bool ignoreLeadingWhiteSpace = false;
  bool ignoreTrailingWhiteSpace = false;
  bool multiLine = false;
};

// Spark's CSV read options (CSVOptions), validated once per read.
struct CsvReadOptions {
  CsvDialect dialect;
  bool header = false;
  bool inferSchema = false;
  bool enforceSchema = true;
  bool prefersDate = true;
  double samplingRatio = 1.0;
  std::string nullValue;
  std::string emptyValue;
  std::string nanValue = "NaN";
  std::string positiveInf = "Inf";
  std::string negativeInf = "-Inf";
  DateTimeCodec dateCodec = DateTimeCodec::defaults(DateTimeCodec::Kind::kDate);
  DateTimeCodec timestampCodec = DateTimeCodec::defaults(DateTimeCodec::Kind::kTimestamp);
  ParseMode mode = ParseMode::kPermissive;
  std::string corruptColumn = "_corrupt_record";

  static Result<CsvReadOptions> parse(const Options& options);
};

// Spark's CSV write options.
struct CsvWriteOptions {
  char sep = ',';
  char quote = '"';
  char escape = '\\';
  std::string lineSep = "\n";
  bool header = false;
  bool quoteAll = false;
  bool escapeQuotes = true;
  bool ignoreLeadingWhiteSpace = true;
  bool ignoreTrailingWhiteSpace = true;
  std::string nullValue;
  std::string emptyValue = "\"\"";
  DateTimeCodec dateCodec = DateTimeCodec::defaults(DateTimeCodec::Kind::kDate);
  DateTimeCodec timestampCodec = DateTimeCodec::defaults(DateTimeCodec::Kind::kTimestamp);

  static Result<CsvWriteOptions> parse(const Options& options);
};

// The "encoding"/"charset" option: UTF-8 (or its ASCII subset) only.
Status checkUtf8Encoding(const Options& options);

}  // namespace spate
