#include "spate/expr/datetime_format.h"

#include <gtest/gtest.h>

#include "spate/common/datetime.h"
#include "spate/expr/datetime_zone.h"

namespace spate {
namespace {

// The parsed timestamp as Spark shows it, "null" when the text does not match, or the
// compile error.
std::string parse(std::string_view pattern, std::string_view text) {
  auto f = DateTimeFormatter::compile(pattern);
  if (!f.ok()) return "ERROR: " + f.status().message();
  auto r = f->parse(text);
  return r ? formatTimestamp(*r) : "null";
}

std::string parseDate(std::string_view pattern, std::string_view text) {
  auto f = DateTimeFormatter::compile(pattern);
  if (!f.ok()) return "ERROR: " + f.status().message();
  auto r = f->parseDate(text);
  return r ? formatDate(*r) : "null";
}

int64_t ts(std::string_view s) { return parseTimestamp(s).value(); }

std::string format(std::string_view pattern, int64_t micros) {
  auto f = DateTimeFormatter::compile(pattern);
  if (!f.ok()) return "ERROR: " + f.status().message();
  std::string out;
  f->format(micros, out);
  return out;
}

std::string compileError(std::string_view pattern) {
  auto f = DateTimeFormatter::compile(pattern);
  return f.ok() ? "no error" : f.status().message();
}

TEST(DateTimeFormat, ParsesCommonPatterns) {
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss", "2024-01-02 03:04:05"), "2024-01-02 03:04:05");
  EXPECT_EQ(parse("yyyy-MM-dd", "2024-02-29"), "2024-02-29 00:00:00");
  EXPECT_EQ(parse("dd/MM/yyyy", "05/06/2024"), "2024-06-05 00:00:00");
  EXPECT_EQ(parse("yyyy/M/d", "2024/6/5"), "2024-06-05 00:00:00");
  EXPECT_EQ(parse("yyyy/M/d", "2024/12/25"), "2024-12-25 00:00:00");
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH:mm:ss", "2024-01-02T03:04:05"), "2024-01-02 03:04:05");
  EXPECT_EQ(parse("yyyy-DDD", "2024-060"), "2024-02-29 00:00:00");
  EXPECT_EQ(parse("HH:mm", "13:45"), "1970-01-01 13:45:00");
}

TEST(DateTimeFormat, IsStrict) {
  EXPECT_EQ(parse("yyyy-MM-dd", "2024-1-02"), "null");     // MM takes two digits
  EXPECT_EQ(parse("yyyy-MM-dd", "2024-02-30"), "null");    // no such day
  EXPECT_EQ(parse("yyyy-MM-dd", "2024-13-01"), "null");
  EXPECT_EQ(parse("yyyy-MM-dd", "2024-01-02 "), "null");   // trailing text
  EXPECT_EQ(parse("yyyy-MM-dd", " 2024-01-02"), "null");
  EXPECT_EQ(parse("yyyy-MM-dd", "garbage"), "null");
  EXPECT_EQ(parse("yyyy-MM-dd", ""), "null");
  EXPECT_EQ(parse("HH:mm", "24:00"), "null");
  EXPECT_EQ(parse("HH:mm:ss", "10:60:00"), "null");
  EXPECT_EQ(parse("yyyy", "12345"), "null");  // more digits than the width need a '+'
  EXPECT_EQ(parse("yyyy-MM-dd", "2024-01-+2"), "null");
}

TEST(DateTimeFormat, AdjacentNumbersReserveWidths) {
  EXPECT_EQ(parse("yyyyMMdd", "20240102"), "2024-01-02 00:00:00");
  EXPECT_EQ(parse("yyyyMMddHHmmss", "20240102030405"), "2024-01-02 03:04:05");
  EXPECT_EQ(parse("yyyyMMdd", "2024012"), "null");
  EXPECT_EQ(parse("yyMMdd", "240102"), "2024-01-02 00:00:00");
}

TEST(DateTimeFormat, Fractions) {
  // A run of 'S' parses one up to that many digits (Spark's variable-length fraction).
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05.1"), "2024-01-02 03:04:05.1");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05.123"), "2024-01-02 03:04:05.123");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05.1234"), "null");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss.SSS", "2024-01-02 03:04:05."), "null");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm:ss.SSSSSS", "2024-01-02 03:04:05.123456"), "2024-01-02 03:04:05.123456");
  // Nanoseconds are truncated to microseconds.
  EXPECT_EQ(parse("HH:mm:ss.SSSSSSSSS", "03:04:05.123456789"), "1970-01-01 03:04:05.123456");
}

TEST(DateTimeFormat, TextFieldsAreCaseInsensitive) {
  EXPECT_EQ(parse("MMM d, yyyy", "Jan 5, 2024"), "2024-01-05 00:00:00");
  EXPECT_EQ(parse("MMM d, yyyy", "JAN 5, 2024"), "2024-01-05 00:00:00");
  EXPECT_EQ(parse("MMMM d, yyyy", "february 29, 2024"), "2024-02-29 00:00:00");
  EXPECT_EQ(parse("MMMM d, yyyy", "Feb 29, 2024"), "null");
  EXPECT_EQ(parse("dd-MMM-yy", "05-dec-23"), "2023-12-05 00:00:00");
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH:mm", "2024-01-02t10:11"), "2024-01-02 10:11:00");
}

TEST(DateTimeFormat, DayNamesMustMatchTheDate) {
  EXPECT_EQ(parse("EEE, d MMM yyyy", "Tue, 2 Jan 2024"), "2024-01-02 00:00:00");
  EXPECT_EQ(parse("EEEE, d MMM yyyy", "Tuesday, 2 Jan 2024"), "2024-01-02 00:00:00");
  EXPECT_EQ(parse("EEE, d MMM yyyy", "Mon, 2 Jan 2024"), "null");
}

TEST(DateTimeFormat, TwelveHourClock) {
  EXPECT_EQ(parse("hh:mm a", "01:30 PM"), "1970-01-01 13:30:00");
  EXPECT_EQ(parse("hh:mm a", "12:30 AM"), "1970-01-01 00:30:00");
  EXPECT_EQ(parse("hh:mm a", "12:30 pm"), "1970-01-01 12:30:00");
  EXPECT_EQ(parse("h:mm", "3:30"), "1970-01-01 03:30:00");  // no am/pm: morning
  EXPECT_EQ(parse("hh:mm a", "13:30 PM"), "null");
  EXPECT_EQ(parse("HH:mm a", "13:30 AM"), "null");  // conflicting fields
  EXPECT_EQ(parse("k:mm", "24:00"), "1970-01-01 00:00:00");
  EXPECT_EQ(parse("K:mm a", "0:15 PM"), "1970-01-01 12:15:00");
}

TEST(DateTimeFormat, Offsets) {
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T03:04:05Z"), "2024-01-02 03:04:05");
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T03:04:05-08:00"), "2024-01-02 11:04:05");
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH:mm:ssXXX", "2024-01-02T03:04:05+0800"), "null");
  EXPECT_EQ(parse("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", "2024-01-02T03:04:05.5+05:30"), "2024-01-01 21:34:05.5");
  EXPECT_EQ(parse("HH:mm X", "10:00 +01"), "1970-01-01 09:00:00");
  EXPECT_EQ(parse("HH:mm X", "10:00 +0130"), "1970-01-01 08:30:00");
  EXPECT_EQ(parse("HH:mm Z", "10:00 +0100"), "1970-01-01 09:00:00");
  EXPECT_EQ(parse("HH:mm Z", "10:00 Z"), "null");
  EXPECT_EQ(parse("HH:mm xxx", "10:00 +00:00"), "1970-01-01 10:00:00");
  EXPECT_EQ(parse("HH:mm O", "10:00 GMT+2"), "1970-01-01 08:00:00");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm z", "2024-01-02 03:04 UTC"), "2024-01-02 03:04:00");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm VV", "2024-01-02 03:04 GMT+02:00"), "2024-01-02 01:04:00");
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm VV", "2024-01-02 03:04 +01:00"), "2024-01-02 02:04:00");
  // Region zones need a time zone database, which is not supported.
  EXPECT_EQ(parse("yyyy-MM-dd HH:mm VV", "2024-01-02 03:04 America/New_York"), "null");
  EXPECT_EQ(parse("HH:mm XXX", "10:00 +19:00"), "null");
}

TEST(DateTimeFormat, QuotesAndOptionalSections) {
  EXPECT_EQ(parse("yyyy 'year' ''", "2024 year '"), "2024-01-01 00:00:00");
  EXPECT_EQ(parse("'It''s' yyyy", "It's 2024"), "2024-01-01 00:00:00");
  EXPECT_EQ(parse("yyyy-MM-dd[ HH:mm:ss]", "2024-01-02"), "2024-01-02 00:00:00");
  EXPECT_EQ(parse("yyyy-MM-dd[ HH:mm:ss]", "2024-01-02 10:11:12"), "2024-01-02 10:11:12");
  EXPECT_EQ(parse("yyyy-MM-dd[ HH:mm:ss]", "2024-01-02 10:11"), "null");
  EXPECT_EQ(parse("yyyy-MM-dd['T'HH:mm[:ss][.SSS]]", "2024-01-02T10:11"), "2024-01-02 10:11:00");
  EXPECT_EQ(parse("yyyy-MM-dd['T'HH:mm[:ss][.SSS]]", "2024-01-02T10:11:12.5"), "2024-01-02 10:11:12.5");
  EXPECT_EQ(parse("yyyy-MM-dd[XXX]", "2024-01-02+01:00"), "2024-01-01 23:00:00");
}

TEST(DateTimeFormat, YearsAndEras) {
  EXPECT_EQ(parse("dd/MM/yy", "05/06/99"), "2099-06-05 00:00:00");  // base 2000
  EXPECT_EQ(parse("yyyy", "+12345"), "12345-01-01 00:00:00");
  int64_t bc44 = DateTimeFormatter::compile("y-MM-dd")->parse("-43-03-15").value();
  EXPECT_EQ(DateTimeFormatter::compile("yyyy-MM-dd G")->parse("0044-03-15 BC"), bc44);
  EXPECT_EQ(DateTimeFormatter::compile("yyyy-MM-dd G")->parse("0044-03-15 AD"), ts("0044-03-15"));
  EXPECT_EQ(format("yyyy-MM-dd G", bc44), "0044-03-15 BC");
  EXPECT_EQ(format("y", bc44), "-43");
  EXPECT_EQ(format("yyyy", bc44), "-0043");
}

TEST(DateTimeFormat, ParseDateIgnoresTimeAndOffset) {
  EXPECT_EQ(parseDate("yyyy-MM-dd", "2024-01-02"), "2024-01-02");
  EXPECT_EQ(parseDate("yyyy-MM-dd HH:mm XXX", "2024-01-02 23:30 -05:00"), "2024-01-02");
  EXPECT_EQ(parseDate("yyyy-MM-dd HH:mm", "2024-01-02 25:30"), "null");
  EXPECT_EQ(parseDate("MM/dd/yyyy", "2024-01-02"), "null");
}

TEST(DateTimeFormat, Formats) {
  int64_t t = ts("2024-03-05 13:04:05.987654");
  EXPECT_EQ(format("yyyy-MM-dd HH:mm:ss", t), "2024-03-05 13:04:05");
  EXPECT_EQ(format("yyyy-MM-dd'T'HH:mm:ss.SSSXXX", t), "2024-03-05T13:04:05.987Z");
  EXPECT_EQ(format("EEE EEEE MMM MMMM d D DDD", t), "Tue Tuesday Mar March 5 65 065");
  EXPECT_EQ(format("h hh K k a H", t), "1 01 1 13 PM 13");
  EXPECT_EQ(format("h hh K k a H", ts("2024-03-05 00:04:05")), "12 12 0 24 AM 0");
  EXPECT_EQ(format("yy y yyy yyyyy G GGGG", t), "24 2024 2024 02024 AD Anno Domini");
  EXPECT_EQ(format("Q QQ QQQ QQQQ", ts("2024-11-05")), "4 04 Q4 4th quarter");
  EXPECT_EQ(format("S SS SSS SSSSSS SSSSSSSSS", t), "9 98 987 987654 987654000");
  EXPECT_EQ(format("'It''s' yyyy [MM]", t), "It's 2024 03");
  EXPECT_EQ(format("M/d/y", t), "3/5/2024");
  EXPECT_EQ(format("yyyy-MM-dd HH:mm:ss.SSS", -1), "1969-12-31 23:59:59.999");
  EXPECT_EQ(format("yyyy", ts("12345-01-01")), "+12345");
}

TEST(DateTimeFormat, FormatsZonesAsUtc) {
  int64_t t = ts("2024-11-05 13:04:05");
  EXPECT_EQ(format("z zzzz VV", t), "UTC Coordinated Universal Time UTC");
  EXPECT_EQ(format("X XX XXX XXXXX", t), "Z Z Z Z");
  EXPECT_EQ(format("x xx xxx", t), "+00 +0000 +00:00");
  EXPECT_EQ(format("Z ZZZZ ZZZZZ O OOOO", t), "+0000 GMT Z GMT GMT");
}

TEST(DateTimeFormat, RejectsInvalidPatterns) {
  EXPECT_NE(compileError("YYYY-MM-dd").find("week-based"), std::string::npos);
  EXPECT_NE(compileError("yyyy-ww").find("week-based"), std::string::npos);
  EXPECT_NE(compileError("yyyy-MM-dd A").find("Illegal pattern character: A"), std::string::npos);
  EXPECT_NE(compileError("yyyy-MM-dd 'abc").find("incomplete string literal"), std::string::npos);
  EXPECT_NE(compileError("yyyy]").find("without previous ["), std::string::npos);
  EXPECT_NE(compileError("yyyy {").find("reserved"), std::string::npos);
  EXPECT_NE(compileError("ddd").find("Too many pattern letters: d"), std::string::npos);
  EXPECT_NE(compileError("MMMMM").find("Too many pattern letters: M"), std::string::npos);
  EXPECT_NE(compileError("yyyyyyy").find("Too many pattern letters: y"), std::string::npos);
  EXPECT_NE(compileError("V").find("count must be 2"), std::string::npos);
  EXPECT_EQ(compileError("yyyy-MM-dd[ HH:mm"), "no error");  // open sections close at the end
}

TEST(DateTimeFormat, ZoneOffsets) {
  EXPECT_EQ(parseZoneOffsetSeconds("UTC"), 0);
  EXPECT_EQ(parseZoneOffsetSeconds("Z"), 0);
  EXPECT_EQ(parseZoneOffsetSeconds("+01:00"), 3600);
  EXPECT_EQ(parseZoneOffsetSeconds("-0130"), -5400);
  EXPECT_EQ(parseZoneOffsetSeconds("GMT+8"), 8 * 3600);
  EXPECT_EQ(parseZoneOffsetSeconds("UTC-08:00"), -8 * 3600);
  EXPECT_EQ(parseZoneOffsetSeconds("Europe/Paris"), std::nullopt);
  EXPECT_EQ(parseZoneOffsetSeconds("UTCX"), std::nullopt);
  EXPECT_EQ(parseZoneOffsetSeconds(""), std::nullopt);
}

}  // namespace
}  // namespace spate
