#pragma once

// Java DateTimeFormatter patterns as Spark 3 parses and formats them (to_timestamp,
// date_format, from_unixtime, and the CSV/JSON dateFormat/timestampFormat options).
//
// A pattern is compiled once into a DateTimeFormatter; parse() and format() then run
// without allocating. Spark's choices on top of Java's are kept: parsing is
// case-insensitive and strict (fixed-width fields take exactly their width, the whole
// text must be consumed, out-of-range or inconsistent fields fail), a run of 'S' parses
// 1 up to that many fraction digits, missing fields default to 1970-01-01 00:00:00, 'y'
// is the proleptic year (negative years allowed) unless the pattern has an era 'G'.
// Week-based letters (Y w W u e c) and A n N p are rejected as Spark 3 rejects them.
//
// The session time zone is UTC: text without an offset is read as UTC and formatting
// prints zone fields for UTC ('Z' for X/XXX, "+0000" for Z, "UTC" for z and VV).
// Parsed offsets (X, x, Z, O, z, VV: "Z", "+01", "+0130", "+01:30", "UTC", "GMT+1")
// shift the result to UTC; region ids such as "America/New_York" do not parse.
//
// Supported letters: G y M L d D Q q E a h K k H m s S z V O X x Z, 'quoted text', ''
// for a quote, and [optional] sections (nested too). Besides Spark, 'E' also parses (the
// day name must match the date).

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate {

class DateTimeFormatter {
 public:
  // An invalid pattern is an InvalidArgument naming the offending letter.
  static Result<DateTimeFormatter> compile(std::string_view pattern);

  // Microseconds since the epoch (UTC), or nullopt when text does not match.
  std::optional<int64_t> parse(std::string_view text) const;
  // Days since the epoch of the parsed local date (time and offset fields must still
  // match, but do not shift the date), as Spark's date parser reads dateFormat.
  std::optional<int32_t> parseDate(std::string_view text) const;
  // Appends micros (UTC) formatted by the pattern to out.
  void format(int64_t micros, std::string& out) const;

  const std::string& pattern() const { return pattern_; }
  // Spark's default for from_unixtime and unix_timestamp.
  static constexpr std::string_view kDefaultTimestampPattern = "yyyy-MM-dd HH:mm:ss";

  enum class Field : uint8_t {
    kLiteral,
    kEra,
    kYear,         // 'y' with count != 2
    kYearReduced,  // 'yy': two digits, base 2000
    kMonth,
    kMonthText,
    kDayOfMonth,
    kDayOfYear,
    kQuarter,
    kQuarterText,
    kDayOfWeekText,
    kAmPm,
    kClockHourOfAmPm,  // h: 1-12
    kHourOfAmPm,       // K: 0-11
    kClockHourOfDay,   // k: 1-24
    kHourOfDay,        // H: 0-23
    kMinute,
    kSecond,
    kFraction,
    kZoneText,       // z
    kZoneId,         // VV
    kOffsetX,        // X: "Z" for zero
    kOffsetx,        // x: "+00" for zero
    kOffsetZ,        // Z
    kOffsetLocalized,  // O, ZZZZ: "GMT", "GMT+8", "GMT+08:00"
    kOptionalStart,
    kOptionalEnd,
  };
  enum class Sign : uint8_t { kNormal, kNotNegative, kExceedsPad };

  struct Item {
    Field field = Field::kLiteral;
    Sign sign = Sign::kNotNegative;
    uint8_t count = 0;     // pattern letters
    uint8_t minWidth = 0;  // numbers: digits when parsing and padding when printing
    uint8_t maxWidth = 0;
    int8_t subsequentWidth = 0;  // Java's adjacent value parsing: digits reserved for the fixed-width numbers that follow
    uint32_t literalBegin = 0;   // literal: bytes in literals_; optional start: index of the matching end
    uint32_t literalLength = 0;
  };

 private:
  struct Parsed;
  bool parseFields(std::string_view text, Parsed& p) const;
  bool resolveDate(const Parsed& p, int64_t& days) const;
  bool resolveMicros(const Parsed& p, int64_t& micros) const;

  std::string pattern_;
  std::vector<Item> items_;
  std::string literals_;
  bool hasEra_ = false;
};

}  // namespace spate
