#pragma once

// Shared pieces of the date/time function family: argument coercion as Spark's
// implicit casts do it, calendar helpers, and the format argument of to_timestamp,
// date_format and friends. The session time zone is UTC, so a date is the UTC day of
// a timestamp and local time is UTC time.

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/datetime.h"
#include "spate/expr/datetime_format.h"
#include "spate/expr/function_registry.h"

namespace spate {

// Each file of the family registers its part.
void registerDatetimeParseFunctions(FunctionRegistry& r);
void registerDatetimeFieldFunctions(FunctionRegistry& r);
void registerDatetimeArithmeticFunctions(FunctionRegistry& r);
void registerDatetimeEpochFunctions(FunctionRegistry& r);

// ---- calendar ---------------------------------------------------------------------------

inline int64_t microsToDays(int64_t micros) { return floorDiv(micros, kMicrosPerDay); }
// Wraps like Spark's (non-ANSI) long arithmetic for dates beyond the timestamp range.
inline int64_t daysToMicros(int64_t days) {
  return static_cast<int64_t>(static_cast<uint64_t>(days) * static_cast<uint64_t>(kMicrosPerDay));
}
// a mod b in [0, b) without the overflow of a - floorDiv(a, b) * b near INT64_MIN.
inline int64_t positiveMod(int64_t a, int64_t b) {
  int64_t r = a % b;
  return r < 0 ? r + b : r;
}
// 0 = Monday ... 6 = Sunday (1970-01-01 was a Thursday).
inline int dayOfWeekFromMonday(int64_t days) { return static_cast<int>(floorMod(days + 3, 7)); }
// ISO 8601 week number: weeks start on Monday, week 1 holds the year's first Thursday.
int isoWeekOfYear(int64_t days);
int dayOfYear(int64_t days);
// Days since the epoch as an int32 date, or nullopt when out of the date range.
std::optional<int32_t> toDateDays(int64_t days);

// ---- argument coercion ----------------------------------------------------------------------

// "fn() argument N must be EXPECTED, not ACTUAL".
Status argTypeError(std::string_view fn, size_t index, std::string_view expected, const TypePtr& actual);

// Each replaces args[i] by a cast to the target type when Spark would cast implicitly,
// else returns a TypeError. Null literals cast to anything.
Status coerceToDate(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn);       // date, timestamp, string
Status coerceToTimestamp(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn);  // timestamp, date, string
Status coerceToInt(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn);        // numbers, string
Status coerceToLong(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn);       // numbers, string
Status coerceToString(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn);     // atomic types
// The input of a parsing function: a string, date or timestamp stays; numbers become strings.
Status coerceToParseInput(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn);

// ---- format arguments -----------------------------------------------------------------------

// A datetime pattern argument, compiled at bind time when it is a literal.
struct FormatArg {
  std::shared_ptr<const DateTimeFormatter> literal;
  bool nullLiteral = false;
  bool fromColumn = false;

  // Coerces args[i] to string and compiles it if literal; an invalid literal pattern is
  // an error naming fn. Without args[i], the default pattern (when given) applies.
  static Result<FormatArg> bind(std::vector<BoundExprPtr>& args, size_t i, std::string_view fn,
                                std::string_view defaultPattern = {});
};

// The formatter of each row during one kernel call: the literal one, or the row's
// pattern compiled when it differs from the previous row's.
class RowFormats {
 public:
  RowFormats(const FormatArg& arg, const ColumnPtr& column, std::string_view fn)
      : arg_(arg), column_(column.get()), fn_(fn) {}
  // nullptr when the row's pattern is invalid (status() says why).
  const DateTimeFormatter* at(int64_t i);
  const Status& status() const { return status_; }

 private:
  const FormatArg& arg_;
  const Column* column_;
  std::string_view fn_;
  std::optional<DateTimeFormatter> current_;
  Status status_;
};

}  // namespace spate
