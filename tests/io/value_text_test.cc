#include "spate/io/value_text.h"

#include <gtest/gtest.h>

#include <cmath>
#include <limits>

namespace spate {
namespace {

TEST(IoValueText, ParseJavaNumbers) {
  int64_t l;
  EXPECT_TRUE(parseJavaLong("+12", l));
  EXPECT_EQ(l, 12);
  EXPECT_TRUE(parseJavaLong("-9223372036854775808", l));
  EXPECT_FALSE(parseJavaLong("9223372036854775808", l));
  EXPECT_FALSE(parseJavaLong(" 1", l));
  EXPECT_FALSE(parseJavaLong("1.0", l));
  EXPECT_FALSE(parseJavaLong("+-1", l));
  EXPECT_FALSE(parseJavaLong("-", l));
  int8_t b;
  EXPECT_TRUE(parseJavaIntegral<int8_t>("-128", b));
  EXPECT_FALSE(parseJavaIntegral<int8_t>("128", b));
  double d;
  EXPECT_TRUE(parseJavaDouble(" 1.5 ", d));
  EXPECT_EQ(d, 1.5);
  EXPECT_TRUE(parseJavaDouble("1e400", d));
  EXPECT_TRUE(std::isinf(d));
  EXPECT_TRUE(parseJavaDouble("-Infinity", d));
  EXPECT_TRUE(parseJavaDouble("2f", d));
  EXPECT_TRUE(parseJavaDouble(".5", d));
  EXPECT_FALSE(parseJavaDouble("inf", d));
  EXPECT_FALSE(parseJavaDouble("nan", d));
  EXPECT_FALSE(parseJavaDouble("1,5", d));
  bool flag;
  EXPECT_TRUE(parseJavaBoolean("TrUe", flag));
  EXPECT_TRUE(flag);
  EXPECT_FALSE(parseJavaBoolean("1", flag));
}

TEST(IoValueText, Decimals) {
  __int128 v;
  EXPECT_TRUE(parseDecimalText("123.456", 5, 2, v));
  EXPECT_EQ(static_cast<int64_t>(v), 12346);
  EXPECT_TRUE(parseDecimalText("-0.005", 3, 2, v));
  EXPECT_EQ(static_cast<int64_t>(v), -1);
  EXPECT_TRUE(parseDecimalText("1.5E2", 5, 1, v));
  EXPECT_EQ(static_cast<int64_t>(v), 1500);
  EXPECT_FALSE(parseDecimalText("1000", 3, 0, v));
  EXPECT_FALSE(parseDecimalText("abc", 3, 0, v));
  EXPECT_TRUE(parseDecimalText("0.0000001", 5, 2, v));
  EXPECT_EQ(static_cast<int64_t>(v), 0);
  DecimalText t;
  ASSERT_TRUE(scanDecimalText("00123", t));
  EXPECT_EQ(t.precision(), 3);
  EXPECT_EQ(t.scale(), 0);
  ASSERT_TRUE(scanDecimalText("0.050", t));
  EXPECT_EQ(t.precision(), 2);
  EXPECT_EQ(t.scale(), 3);
  std::string s;
  appendDecimalText(s, -105, 2);
  EXPECT_EQ(s, "-1.05");
}

TEST(IoValueText, Base64Decoding) {
  std::string d;
  EXPECT_TRUE(decodeBase64("aGVsbG8hPw==", d));
  EXPECT_EQ(d, "hello!?");
  EXPECT_TRUE(decodeBase64("aGk", d));
  EXPECT_EQ(d, "hi");
  EXPECT_FALSE(decodeBase64("a$b", d));
}

}  // namespace
}  // namespace spate
