#include <gtest/gtest.h>

#include <cmath>

#include "io_test_util.h"
#include "spate/common/datetime.h"

namespace spate {
namespace {

using testing::ddl;
using testing::onlyPartFile;
using testing::readText;
using testing::rowsOf;
using testing::TempDir;

TEST(JsonWrite, SparkJacksonLayout) {
  TempDir dir;
  auto schema = ddl("id BIGINT, s STRING, d DOUBLE, b BOOLEAN, day DATE, ts TIMESTAMP, dec DECIMAL(4,2), "
                    "arr ARRAY<INT>, st STRUCT<x: INT, y: STRING>, m MAP<STRING, DOUBLE>, bin BINARY");
  int64_t ts = *parseTimestamp("2024-01-02 03:04:05.678");
  int64_t day = *parseDate("2024-01-02");
  Value n;
  auto batch = batchFromRows(
      schema, {{Value::integer(1), Value::string("q\"uote\\ \n\t\x01 é"), Value::fractional(1e10), Value::boolean(true),
                Value::integer(day), Value::integer(ts), Value::decimal(-105),
                Value::list({Value::integer(1), n}), Value::list({Value::integer(7), n}),
                Value::map({Value::string("k")}, {Value::fractional(0.5)}), Value::string("hi")},
               {Value::integer(2), n, Value::fractional(std::nan("")), n, n, n, n, n, n, n, n},
               {Value::integer(3), n, Value::fractional(-INFINITY), n, n, n, n, Value::list({}), n, n, n}});
  const FileFormat& json = testing::format("json");
  ASSERT_TRUE(json.write(dir.path(), {batch}, schema, {}, "").ok());
  std::string file = onlyPartFile(dir.path());
  EXPECT_EQ(file.substr(file.size() - 5), ".json");
  EXPECT_EQ(readText(file),
            "{\"id\":1,\"s\":\"q\\\"uote\\\\ \\n\\t\\u0001 é\",\"d\":1.0E10,\"b\":true,\"day\":\"2024-01-02\","
            "\"ts\":\"2024-01-02T03:04:05.678Z\",\"dec\":-1.05,\"arr\":[1,null],\"st\":{\"x\":7},\"m\":{\"k\":0.5},"
            "\"bin\":\"aGk=\"}\n"
            "{\"id\":2,\"d\":\"NaN\"}\n"
            "{\"id\":3,\"d\":\"-Infinity\",\"arr\":[]}\n");
}

TEST(JsonWrite, IgnoreNullFieldsAndLineSep) {
  TempDir dir;
  auto schema = ddl("a INT, b STRING");
  auto batch = batchFromRows(schema, {{Value::integer(1), Value::null()}});
  const FileFormat& json = testing::format("json");
  ASSERT_TRUE(json.write(dir.path(), {batch}, schema, {{"ignoreNullFields", "false"}, {"lineSep", "\r\n"}}, "").ok());
  EXPECT_EQ(readText(onlyPartFile(dir.path())), "{\"a\":1,\"b\":null}\r\n");
}

TEST(JsonWrite, CustomDateTimeFormats) {
  TempDir dir;
  auto schema = ddl("d DATE, t TIMESTAMP");
  auto batch = batchFromRows(schema, {{Value::integer(*parseDate("2024-01-02")),
                                       Value::integer(*parseTimestamp("2024-01-02 03:04:05"))}});
  const FileFormat& json = testing::format("json");
  Options o{{"dateFormat", "dd.MM.yyyy"}, {"timestampFormat", "yyyy/MM/dd HH:mm:ss"}};
  ASSERT_TRUE(json.write(dir.path(), {batch}, schema, o, "").ok());
  EXPECT_EQ(readText(onlyPartFile(dir.path())), "{\"d\":\"02.01.2024\",\"t\":\"2024/01/02 03:04:05\"}\n");
}

TEST(JsonWrite, RoundTrip) {
  TempDir dir;
  auto schema = ddl("id BIGINT, name STRING, score DOUBLE, tags ARRAY<STRING>, inner STRUCT<k: BIGINT>");
  Value n;
  auto batch = batchFromRows(schema, {{Value::integer(1), Value::string("a\"b"), Value::fractional(2.5),
                                       Value::list({Value::string("x")}), Value::list({Value::integer(9)})},
                                      {Value::integer(2), n, n, n, n}});
  const FileFormat& json = testing::format("json");
  ASSERT_TRUE(json.write(dir.path(), {batch}, schema, {}, "").ok());
  auto files = listDataFiles(dir.path());
  ASSERT_TRUE(files.ok());
  auto inferred = json.inferSchema(*files, {});
  ASSERT_TRUE(inferred.ok());
  EXPECT_EQ(inferred->ddl(), "id BIGINT, inner STRUCT<k: BIGINT>, name STRING, score DOUBLE, tags ARRAY<STRING>");
  auto read = json.readFile(files->front(), schema, {});
  ASSERT_TRUE(read.ok());
  EXPECT_EQ(rowsOf(*read), (std::vector<std::string>{"1|a\"b|2.5|[x]|{9}", "2|null|null|null|null"}));
}

}  // namespace
}  // namespace spate
