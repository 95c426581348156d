#pragma once

// Durations as Spark writes them in strings: "10 minutes", "1 hour", "2 seconds",
// "interval 1 day 2 hours", "500 milliseconds". Shared by SQL INTERVAL literals,
// triggers, watermark delays and window lengths.

#include <cstdint>
#include <optional>
#include <string_view>

#include "spate/common/status.h"

namespace spate {

struct IntervalUnit {
  int64_t micros = 0;
  bool yearMonth = false;  // MONTH, YEAR: calendar units, which a fixed duration cannot hold
};

// WEEK, DAY, HOUR, MINUTE, SECOND, MILLISECOND, MICROSECOND, MONTH, YEAR, singular or
// plural, any case.
std::optional<IntervalUnit> intervalUnit(std::string_view word);

// "[+-]digits[.digits]" units as whole microseconds, the fraction truncated; nullopt
// when the text is not such a number or is too long.
std::optional<__int128> scaledMicros(std::string_view text, int64_t unitMicros);

// Number-unit pairs ("1 day 2 hours", optionally after "interval") as microseconds;
// ParseError saying what is wrong.
Result<__int128> parseIntervalString(std::string_view s);

// A positive-or-zero duration in microseconds for an option or argument named `what`:
// "Invalid duration '5 parsecs' for trigger processingTime: unknown interval unit
// 'parsecs'".
Result<int64_t> parseDuration(std::string_view s, std::string_view what);

extern const std::string_view kYearMonthIntervalMessage;

}  // namespace spate
