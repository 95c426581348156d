#include "spate/io/partition_path.h"

#include <gtest/gtest.h>

#include "spate/io/partition_discovery.h"

namespace spate {
namespace {

TEST(PartitionPath, EscapesWhatSparkEscapes) {
  EXPECT_EQ(escapePathName("plain value-1_2.3"), "plain value-1_2.3");
  EXPECT_EQ(escapePathName("2024-01-02 03:04:05"), "2024-01-02 03%3A04%3A05");
  EXPECT_EQ(escapePathName("a/b=c"), "a%2Fb%3Dc");
  EXPECT_EQ(escapePathName("\"#%'*/:=?\\{[]^"), "%22%23%25%27%2A%2F%3A%3D%3F%5C%7B%5B%5D%5E");
  EXPECT_EQ(escapePathName(std::string("\x01\x1f\x7f", 3)), "%01%1F%7F");
  // Spaces, '+', '}', '<' and non-ASCII bytes stay (Spark on Linux).
  EXPECT_EQ(escapePathName("a+b} <é>"), "a+b} <é>");
}

TEST(PartitionPath, UnescapesAsSpark) {
  EXPECT_EQ(unescapePathName("a%2Fb%3Dc"), "a/b=c");
  EXPECT_EQ(unescapePathName("%41%42x"), "ABx");
  EXPECT_EQ(unescapePathName("100%zz"), "100%zz");
  EXPECT_EQ(unescapePathName("a%3A"), "a:");
  EXPECT_EQ(unescapePathName("a%3"), "a%3");
  EXPECT_EQ(unescapePathName("%"), "%");
  for (std::string s : {"x:y", "2024-01-02 03:04:05", "50%/ off?", "[a]{b}", "ends with ="}) {
    EXPECT_EQ(unescapePathName(escapePathName(s)), s) << s;
  }
}

TEST(PartitionPath, FolderNames) {
  EXPECT_EQ(partitionDirName("year", std::string_view("2024")), "year=2024");
  EXPECT_EQ(partitionDirName("p", std::nullopt), "p=__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(partitionDirName("p", std::string_view("")), "p=__HIVE_DEFAULT_PARTITION__");
  EXPECT_EQ(partitionDirName("a:b", std::string_view("x/y")), "a%3Ab=x%2Fy");
  auto parsed = parsePartitionDirName("a%3Ab=x%2Fy");
  ASSERT_TRUE(parsed);
  EXPECT_EQ(parsed->column, "a:b");
  EXPECT_EQ(parsed->rawValue, "x%2Fy");
  EXPECT_FALSE(parsePartitionDirName("plain"));
  EXPECT_FALSE(parsePartitionDirName("=1"));
  EXPECT_FALSE(parsePartitionDirName("a="));
}

std::string inferred(std::string_view raw) { return inferPartitionValueType(raw)->simpleString(); }

TEST(PartitionTypeInference, SparkOrder) {
  EXPECT_EQ(inferred("1"), "int");
  EXPECT_EQ(inferred("-2147483648"), "int");
  EXPECT_EQ(inferred("+7"), "int");
  EXPECT_EQ(inferred("2147483648"), "bigint");
  EXPECT_EQ(inferred("-9223372036854775808"), "bigint");
  EXPECT_EQ(inferred("12345678901234567890"), "decimal(20,0)");
  EXPECT_EQ(inferred("1e3"), "decimal(4,0)");
  EXPECT_EQ(inferred("1.5"), "double");
  EXPECT_EQ(inferred("1.0"), "double");
  EXPECT_EQ(inferred("-1.5e-3"), "double");
  EXPECT_EQ(inferred("NaN"), "double");
  EXPECT_EQ(inferred("1234567890123456789012345678901234567890"), "double");
  EXPECT_EQ(inferred("2024-01-02"), "date");
  EXPECT_EQ(inferred("2024-02-30"), "string");
  EXPECT_EQ(inferred("2024-1-2"), "string");
  EXPECT_EQ(inferred("2024-01-02 03%3A04%3A05"), "timestamp");
  EXPECT_EQ(inferred("2024-01-02 03%3A04%3A05.5"), "timestamp");
  // "yyyy-MM-dd HH:mm:ss[.S]" takes one fraction digit: longer ones stay strings, as in Spark.
  EXPECT_EQ(inferred("2024-01-02 03%3A04%3A05.123456"), "string");
  EXPECT_EQ(inferred("abc"), "string");
  EXPECT_EQ(inferred("1a"), "string");
  EXPECT_EQ(inferred("__HIVE_DEFAULT_PARTITION__"), "void");
}

std::string wider(const TypePtr& a, const TypePtr& b) { return widerPartitionType(a, b)->simpleString(); }

TEST(PartitionTypeInference, Widening) {
  auto i = DataType::int_(), l = DataType::long_(), d = DataType::double_();
  EXPECT_EQ(wider(i, l), "bigint");
  EXPECT_EQ(wider(i, d), "double");
  EXPECT_EQ(wider(l, d), "string");
  EXPECT_EQ(wider(DataType::decimal(20, 0), d), "string");
  EXPECT_EQ(wider(i, DataType::decimal(20, 0)), "decimal(20,0)");
  EXPECT_EQ(wider(DataType::date(), DataType::timestamp()), "timestamp");
  EXPECT_EQ(wider(DataType::null(), i), "int");
  EXPECT_EQ(wider(i, DataType::string()), "string");
  EXPECT_EQ(wider(i, DataType::date()), "string");
}

}  // namespace
}  // namespace spate
