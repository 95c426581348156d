#include "spate/io/datetime_codec.h"

#include <gtest/gtest.h>

#include "spate/common/datetime.h"

namespace spate {
namespace {

int64_t ts(const char* s) { return *parseTimestamp(s); }

TEST(IoDateTimeCodec, DefaultParsing) {
  DateTimeCodec c = DateTimeCodec::defaults(DateTimeCodec::Kind::kTimestamp);
  int64_t v;
  ASSERT_TRUE(c.parseTimestamp("2024-01-02 03:04:05", v));
  EXPECT_EQ(v, ts("2024-01-02 03:04:05"));
  ASSERT_TRUE(c.parseTimestamp("2024-01-02T03:04:05.123456789Z", v));
  EXPECT_EQ(v, ts("2024-01-02 03:04:05.123456"));
  ASSERT_TRUE(c.parseTimestamp("2024-01-02 03:04:05.5+01:00", v));
  EXPECT_EQ(v, ts("2024-01-02 02:04:05.5"));
  ASSERT_TRUE(c.parseTimestamp("2024-1-2", v));
  EXPECT_EQ(v, ts("2024-01-02"));
  EXPECT_FALSE(c.parseTimestamp("2024-02-30 00:00:00", v));
  EXPECT_FALSE(c.parseTimestamp("2024-01-02 24:00:00", v));
  EXPECT_FALSE(c.parseTimestamp("yesterday", v));
  int32_t d;
  DateTimeCodec dc = DateTimeCodec::defaults(DateTimeCodec::Kind::kDate);
  ASSERT_TRUE(dc.parseDate("2024-03-01", d));
  EXPECT_EQ(d, *parseDate("2024-03-01"));
  EXPECT_FALSE(dc.parseDate("2024-13-01", d));
}

TEST(IoDateTimeCodec, DefaultFormatting) {
  DateTimeCodec c = DateTimeCodec::defaults(DateTimeCodec::Kind::kTimestamp);
  std::string out;
  c.appendTimestamp(out, ts("2024-01-02 03:04:05.678901"));
  EXPECT_EQ(out, "2024-01-02T03:04:05.678Z");
  out.clear();
  c.appendTimestamp(out, ts("1969-12-31 23:59:59.5"));
  EXPECT_EQ(out, "1969-12-31T23:59:59.500Z");
  out.clear();
  c.appendDate(out, *parseDate("0999-05-06"));
  EXPECT_EQ(out, "0999-05-06");
}

TEST(IoDateTimeCodec, CustomPatterns) {
  Options o{{"timestampFormat", "dd/MM/yyyy HH:mm"}, {"dateFormat", "MM/dd/yyyy"}, {"bad", "yyyy-MM-dd uuu"}};
  auto t = DateTimeCodec::fromOptions(o, "timestampFormat", DateTimeCodec::Kind::kTimestamp);
  ASSERT_TRUE(t.ok()) << t.status().message();
  EXPECT_FALSE(t->isDefault());
  int64_t v;
  ASSERT_TRUE(t->parseTimestamp("02/01/2024 03:04", v));
  EXPECT_EQ(v, ts("2024-01-02 03:04:00"));
  // A user pattern is strict: no fallback to the CAST rules.
  EXPECT_FALSE(t->parseTimestamp("2024-01-02 03:04:00", v));
  std::string out;
  t->appendTimestamp(out, ts("2024-01-02 03:04:05"));
  EXPECT_EQ(out, "02/01/2024 03:04");
  auto d = DateTimeCodec::fromOptions(o, "dateFormat", DateTimeCodec::Kind::kDate);
  ASSERT_TRUE(d.ok());
  int32_t days;
  ASSERT_TRUE(d->parseDate("03/01/2024", days));
  EXPECT_EQ(days, *parseDate("2024-03-01"));
  out.clear();
  d->appendDate(out, days);
  EXPECT_EQ(out, "03/01/2024");
  auto bad = DateTimeCodec::fromOptions(o, "bad", DateTimeCodec::Kind::kDate);
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind("Option 'bad': ", 0), 0u) << bad.status().message();
}

TEST(IoDateTimeCodec, ExplicitDefaultWritePatternFormatsTheSame) {
  Options o{{"timestampFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX"}};
  auto t = DateTimeCodec::fromOptions(o, "timestampFormat", DateTimeCodec::Kind::kTimestamp);
  ASSERT_TRUE(t.ok());
  std::string out;
  t->appendTimestamp(out, ts("2024-01-02 03:04:05.5"));
  EXPECT_EQ(out, "2024-01-02T03:04:05.500Z");
  int64_t v;
  ASSERT_TRUE(t->parseTimestamp("2024-01-02T03:04:05.500Z", v));
  EXPECT_EQ(v, ts("2024-01-02 03:04:05.5"));
}

}  // namespace
}  // namespace spate
