#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace spate {

// Calendar arithmetic on the proleptic Gregorian calendar, all in UTC (the session
// time zone is UTC). Dates are days since 1970-01-01; timestamps are microseconds.
constexpr int64_t kMicrosPerSecond = 1000000;
constexpr int64_t kMicrosPerMinute = 60 * kMicrosPerSecond;
constexpr int64_t kMicrosPerHour = 60 * kMicrosPerMinute;
constexpr int64_t kMicrosPerDay = 24 * kMicrosPerHour;

struct CivilDate {
  int64_t year;
  int month;  // 1..12
  int day;    // 1..31
};

int64_t daysFromCivil(int64_t year, int month, int day);
CivilDate civilFromDays(int64_t days);
int daysInMonth(int64_t year, int month);

// Floor division that rounds toward negative infinity, for times before 1970.
inline int64_t floorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0))) --q;
  return q;
}
inline int64_t floorMod(int64_t a, int64_t b) { return a - floorDiv(a, b) * b; }

// Spark's string -> date / timestamp casts: "2024-01-02", "2024-01-02 03:04:05.123",
// "2024-01-02T03:04:05Z", "2024-01-02 03:04:05+02:00", "2024-1-2". nullopt when invalid.
std::optional<int32_t> parseDate(std::string_view s);
std::optional<int64_t> parseTimestamp(std::string_view s);

// "2024-01-02"
std::string formatDate(int32_t days);
// "2024-01-02 03:04:05" with the fraction only when non-zero, trailing zeros trimmed (Spark's display).
std::string formatTimestamp(int64_t micros);
// "INTERVAL '0 01:30:00' DAY TO SECOND" as Spark shows a day-time interval.
std::string formatInterval(int64_t micros);

}  // namespace spate
