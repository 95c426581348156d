#include <gtest/gtest.h>

#include <filesystem>
#include <regex>

#include "io_test_util.h"
#include "spate/common/datetime.h"

namespace spate {
namespace {

using testing::ddl;
using testing::onlyPartFile;
using testing::readText;
using testing::rowsOf;
using testing::TempDir;

BatchPtr sampleBatch() {
  auto schema = ddl("id INT, s STRING, d DOUBLE, b BOOLEAN, day DATE, ts TIMESTAMP, amount DECIMAL(5,2)");
  int64_t ts = *parseTimestamp("2024-01-02 03:04:05.123456");
  int64_t day = *parseDate("2024-01-02");
  Value n;
  return batchFromRows(
      schema,
      {
          {Value::integer(1), Value::string("a,b"), Value::fractional(1e10), Value::boolean(true), Value::integer(day),
           Value::integer(ts), Value::decimal(150)},
          {Value::integer(2), Value::string("say \"hi\""), Value::fractional(0.1), Value::boolean(false), n, n, n},
          {Value::integer(3), Value::string("  padded  "), n, n, n, n, n},
          {Value::integer(4), Value::string(""), Value::fractional(-2.5), n, n, n, Value::decimal(-5)},
          {Value::integer(5), n, n, n, n, n, n},
          {Value::integer(6), Value::string("line\nbreak"), Value::fractional(std::nan("")), n, n, n, n},
      });
}

TEST(CsvWrite, DefaultFormatting) {
  TempDir dir;
  auto batch = sampleBatch();
  const FileFormat& csv = testing::format("csv");
  ASSERT_TRUE(csv.write(dir.path(), {batch}, batch->schema(), {{"header", "true"}}, "").ok());
  std::string file = onlyPartFile(dir.path());
  ASSERT_FALSE(file.empty());
  EXPECT_EQ(readText(file),
            "id,s,d,b,day,ts,amount\n"
            "1,\"a,b\",1.0E10,true,2024-01-02,2024-01-02T03:04:05.123Z,1.50\n"
            "2,\"say \\\"hi\\\"\",0.1,false,,,\n"
            "3,padded,,,,,\n"
            "4,\"\",-2.5,,,,-0.05\n"
            "5,,,,,,\n"
            "6,\"line\nbreak\",NaN,,,,\n");
}

TEST(CsvWrite, Options) {
  TempDir dir;
  auto schema = ddl("id INT, s STRING");
  auto batch = batchFromRows(schema, {{Value::integer(1), Value::string("a\"b")},
                                      {Value::integer(2), Value::null()},
                                      {Value::integer(3), Value::string("")},
                                      {Value::integer(4), Value::string(" x ")}});
  const FileFormat& csv = testing::format("csv");
  Options o{{"sep", "|"}, {"nullValue", "NULL"}, {"emptyValue", ""}, {"lineSep", "\r\n"},
            {"escapeQuotes", "false"}, {"ignoreLeadingWhiteSpace", "false"}, {"ignoreTrailingWhiteSpace", "false"}};
  ASSERT_TRUE(csv.write(dir.path(), {batch}, schema, o, "").ok());
  EXPECT_EQ(readText(onlyPartFile(dir.path())), "1|a\"b\r\n2|NULL\r\n3|\r\n4| x \r\n");

  TempDir dir2;
  ASSERT_TRUE(csv.write(dir2.path(), {batch}, schema, {{"quoteAll", "true"}, {"escape", "\""}}, "").ok());
  EXPECT_EQ(readText(onlyPartFile(dir2.path())), "\"1\",\"a\"\"b\"\n\"2\",\n\"3\",\"\"\n\"4\",\"x\"\n");
}

TEST(CsvWrite, CustomDateTimeFormats) {
  TempDir dir;
  auto schema = ddl("d DATE, t TIMESTAMP");
  auto batch = batchFromRows(schema, {{Value::integer(*parseDate("2024-01-02")),
                                       Value::integer(*parseTimestamp("2024-01-02 03:04:05"))}});
  const FileFormat& csv = testing::format("csv");
  Options o{{"dateFormat", "dd.MM.yyyy"}, {"timestampFormat", "yyyy/MM/dd HH:mm:ss"}};
  ASSERT_TRUE(csv.write(dir.path(), {batch}, schema, o, "").ok());
  EXPECT_EQ(readText(onlyPartFile(dir.path())), "02.01.2024,2024/01/02 03:04:05\n");
}

TEST(CsvWrite, RoundTrip) {
  TempDir dir;
  auto batch = sampleBatch();
  const FileFormat& csv = testing::format("csv");
  Options o{{"header", "true"}, {"inferSchema", "true"}, {"multiLine", "true"}};
  ASSERT_TRUE(csv.write(dir.path(), {batch, batch}, batch->schema(), o, "").ok());
  auto files = listDataFiles(dir.path());
  ASSERT_TRUE(files.ok());
  auto schema = csv.inferSchema(*files, o);
  ASSERT_TRUE(schema.ok()) << schema.status().message();
  EXPECT_EQ(schema->ddl(), "id INT, s STRING, d DOUBLE, b BOOLEAN, day DATE, ts TIMESTAMP, amount DOUBLE");
  auto read = csv.readFile(files->front(), ddl(batch->schema()->ddl()), {{"header", "true"}, {"multiLine", "true"}});
  ASSERT_TRUE(read.ok()) << read.status().message();
  auto rows = rowsOf(*read);
  ASSERT_EQ(rows.size(), 12u);
  // Timestamps keep milliseconds, strings lose their padding, "" reads as null.
  EXPECT_EQ(rows[0], "1|a,b|1.0E10|true|2024-01-02|2024-01-02 03:04:05.123|1.50");
  EXPECT_EQ(rows[1], "2|say \"hi\"|0.1|false|null|null|null");
  EXPECT_EQ(rows[2], "3|padded|null|null|null|null|null");
  EXPECT_EQ(rows[3], "4|null|-2.5|null|null|null|-0.05");
  EXPECT_EQ(rows[5], "6|line\nbreak|NaN|null|null|null|null");
}

TEST(CsvWrite, PartFileNaming) {
  TempDir dir;
  std::string out = dir.file("nested/out");
  auto schema = ddl("id INT");
  auto batch = batchFromRows(schema, {{Value::integer(1)}});
  const FileFormat& csv = testing::format("csv");
  ASSERT_TRUE(csv.write(out, {batch}, schema, {}, "").ok());
  ASSERT_TRUE(csv.write(out, {batch}, schema, {}, "part-00007").ok());
  std::vector<std::string> names;
  for (const auto& e : std::filesystem::directory_iterator(out)) names.push_back(e.path().filename().string());
  std::sort(names.begin(), names.end());
  ASSERT_EQ(names.size(), 2u);  // no temp files left behind
  std::regex uuid("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}");
  EXPECT_TRUE(std::regex_match(names[0], std::regex("part-00000-" + std::string("[0-9a-f-]{36}") + "\\.csv")))
      << names[0];
  EXPECT_TRUE(std::regex_match(names[1], std::regex("part-00007-[0-9a-f-]{36}\\.csv"))) << names[1];
  EXPECT_TRUE(std::regex_match(names[0].substr(11, 36), uuid)) << names[0];
  EXPECT_EQ(readText(out + "/" + names[0]), "1\n");
}

TEST(CsvWrite, Errors) {
  TempDir dir;
  auto schema = ddl("a ARRAY<INT>");
  auto batch = batchFromRows(schema, {});
  const FileFormat& csv = testing::format("csv");
  auto st = csv.write(dir.path(), {batch}, schema, {}, "");
  EXPECT_EQ(st.message(), "CSV data source does not support array<int> data type.");
  auto ok = ddl("a INT");
  auto st2 = csv.write(dir.path(), {}, ok, {{"compression", "gzip"}}, "");
  EXPECT_EQ(st2.message(), "Compression codec 'gzip' is not supported; write uncompressed files");
}

}  // namespace
}  // namespace spate
