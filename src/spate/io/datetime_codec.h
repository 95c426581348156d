#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "spate/common/status.h"
#include "spate/io/options.h"

namespace spate {

// Parses and formats dates or timestamps for a reader or writer, per the dateFormat /
// timestampFormat options. Without a pattern, reading follows Spark's default (the
// CAST rules: "2024-01-02 03:04:05", "2024-01-02T03:04:05.1Z", ...) and writing uses
// Spark's CSV/JSON default patterns "yyyy-MM-dd" and "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"
// through a hand-written fast path. A pattern given by the user is a Java
// DateTimeFormatter pattern (expr/datetime_format.h), parsed strictly as Spark does
// when the user sets one (no fallback to the CAST rules). All in UTC.
class DateTimeCodec {
 public:
  enum class Kind { kDate, kTimestamp };

  // The codec for the option (e.g. "timestampFormat"); an invalid pattern is an error
  // naming the option.
  static Result<DateTimeCodec> fromOptions(const Options& options, std::string_view key, Kind kind);
  static DateTimeCodec defaults(Kind kind);

  // No pattern was given (matters for inference: Spark merges dates into timestamps
  // only then).
  bool isDefault() const { return pattern_.empty(); }
  const std::string& pattern() const { return pattern_; }

  // What a column's previous timestamp parsed to: consecutive values of a column often
  // repeat (events of one millisecond), and mostly share their day, whose date then
  // needs neither checking nor converting.
  struct TimestampCache {
    char text[32] = {};  // the last text parsed, when it fits
    size_t textSize = 0;
    int64_t micros = 0;
    char date[10] = {};  // the last "yyyy-MM-dd" prefix, and its day
    int64_t dayMicros = 0;
    bool dayValid = false;
  };

  bool parseTimestamp(std::string_view s, int64_t& micros) const;
  bool parseTimestamp(std::string_view s, int64_t& micros, TimestampCache& cache) const;
  bool parseDate(std::string_view s, int32_t& days) const;
  void appendTimestamp(std::string& out, int64_t micros) const;
  void appendDate(std::string& out, int32_t days) const;

  class Pattern;  // a compiled custom pattern

 private:
  Kind kind_ = Kind::kTimestamp;
  std::string pattern_;
  std::shared_ptr<const Pattern> compiled_;
  bool fastFormat_ = false;
};

}  // namespace spate
