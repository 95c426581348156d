#include <gtest/gtest.h>

#include "io_test_util.h"

namespace spate {
namespace {

using testing::inferDDL;
using testing::readRows;
using testing::TempDir;
using Rows = std::vector<std::string>;

TEST(JsonRead, InferUnionOfFieldsSortedByName) {
  TempDir dir;
  std::string f = dir.write("a.json",
                            "{\"b\":1,\"a\":\"x\"}\n"
                            "{\"a\":\"y\",\"c\":1.5,\"d\":null}\n"
                            "\n"
                            "{\"b\":2.5,\"e\":[1,2],\"f\":{\"h\":true,\"g\":null}}\n");
  std::string schema = inferDDL("json", f, {});
  EXPECT_EQ(schema, "a STRING, b DOUBLE, c DOUBLE, d STRING, e ARRAY<BIGINT>, f STRUCT<g: STRING, h: BOOLEAN>");
  EXPECT_EQ(readRows("json", f, schema, {}),
            (Rows{"x|1.0|null|null|null|null", "y|null|1.5|null|null|null", "null|2.5|null|null|[1, 2]|{null, true}"}));
}

TEST(JsonRead, InferConflictsAndCanonicalForms) {
  TempDir dir;
  EXPECT_EQ(inferDDL("json", dir.write("1.json", "{\"a\":1}\n{\"a\":\"x\"}\n"), {}), "a STRING");
  EXPECT_EQ(inferDDL("json", dir.write("2.json", "{\"a\":{\"b\":1}}\n{\"a\":[1]}\n"), {}), "a STRING");
  EXPECT_EQ(inferDDL("json", dir.write("3.json", "{\"a\":[1]}\n{\"a\":[1.5,null]}\n"), {}), "a ARRAY<DOUBLE>");
  EXPECT_EQ(inferDDL("json", dir.write("4.json", "{\"a\":{\"y\":1}}\n{\"a\":{\"x\":\"s\",\"y\":2}}\n"), {}),
            "a STRUCT<x: STRING, y: BIGINT>");
  EXPECT_EQ(inferDDL("json", dir.write("5.json", "{\"a\":[],\"b\":{},\"c\":true}\n"), {}), "a ARRAY<STRING>, c BOOLEAN");
  EXPECT_EQ(inferDDL("json", dir.write("6.json", "{\"a\":18446744073709551615}\n{\"a\":1}\n"), {}), "a DECIMAL(20,0)");
  EXPECT_EQ(inferDDL("json", dir.write("7.json", "{\"a\":1.5,\"b\":0.05}\n"), {{"prefersDecimal", "true"}}),
            "a DECIMAL(2,1), b DECIMAL(2,2)");
  EXPECT_EQ(inferDDL("json", dir.write("8.json", "{\"a\":1,\"b\":true,\"c\":[2.5]}\n"), {{"primitivesAsString", "true"}}),
            "a STRING, b STRING, c ARRAY<STRING>");
  EXPECT_EQ(inferDDL("json", dir.write("9.json", "{\"a\":null,\"b\":1,\"c\":[null]}\n"), {{"dropFieldIfAllNull", "true"}}),
            "b BIGINT");
  EXPECT_EQ(inferDDL("json", dir.write("10.json", "[{\"a\":1},{\"b\":\"x\"}]\n"), {}), "a BIGINT, b STRING");
  EXPECT_EQ(inferDDL("json", dir.write("11.json", ""), {}), "");
  auto none = testing::format("json").inferSchema({}, {});
  EXPECT_EQ(none.status().message(), "Unable to infer schema for JSON. It must be specified manually.");
}

TEST(JsonRead, InferWithMalformedRecords) {
  TempDir dir;
  std::string f = dir.write("bad.json", "{\"b\":1}\nnot json\n7\n{\"a\":2}\n");
  EXPECT_EQ(inferDDL("json", f, {}), "_corrupt_record STRING, a BIGINT, b BIGINT");
  EXPECT_EQ(inferDDL("json", f, {{"columnNameOfCorruptRecord", "zz"}}), "a BIGINT, b BIGINT, zz STRING");
  EXPECT_EQ(inferDDL("json", f, {{"mode", "DROPMALFORMED"}}), "a BIGINT, b BIGINT");
  std::string err = inferDDL("json", f, {{"mode", "FAILFAST"}});
  EXPECT_EQ(err.rfind("ERROR: Malformed records are detected in schema inference. Parse Mode: FAILFAST. "
                      "Malformed JSON record in " + f + " line 2: ", 0),
            0u)
      << err;
}

TEST(JsonRead, ReadWithSchema) {
  TempDir dir;
  std::string f = dir.write("r.json",
                            "{\"id\":1,\"name\":\"a\",\"extra\":[1,2]}\n"
                            "{\"name\":\"b\",\"ID\":2}\n"
                            "{\"id\":3,\"name\":{\"x\":[1, 2.50]},\"v\":1e2}\n"
                            "{\"id\":4,\"name\":12,\"v\":\"NaN\"}\n");
  EXPECT_EQ(readRows("json", f, "id BIGINT, name STRING, v DOUBLE", {}),
            (Rows{"1|a|null", "null|b|null", "3|{\"x\":[1,2.5]}|100.0", "4|12|NaN"}));
}

TEST(JsonRead, TypesAndConversions) {
  TempDir dir;
  std::string f = dir.write("t.json",
                            "{\"b\":true,\"i\":7,\"f\":2,\"dec\":1.005,\"d\":\"2024-01-02\",\"ts\":\"2024-01-02T03:04:05Z\","
                            "\"bin\":\"aGk=\"}\n"
                            "{\"ts\":1700000000,\"dec\":\"12.3\",\"f\":\"-Infinity\"}\n");
  EXPECT_EQ(readRows("json", f, "b BOOLEAN, i INT, f FLOAT, dec DECIMAL(5,2), d DATE, ts TIMESTAMP, bin BINARY", {}),
            (Rows{"true|7|2.0|1.01|2024-01-02|2024-01-02 03:04:05|[68 69]",
                  "null|null|-Infinity|12.30|null|2023-11-14 22:13:20|null"}));
}

TEST(JsonRead, CustomDateTimeFormats) {
  TempDir dir;
  std::string f = dir.write("d.json", "{\"d\":\"01/02/2024\",\"t\":\"02.01.2024 03:04\"}\n{\"t\":\"2024-01-02\"}\n");
  EXPECT_EQ(readRows("json", f, "d DATE, t TIMESTAMP, _corrupt_record STRING",
                     {{"dateFormat", "MM/dd/yyyy"}, {"timestampFormat", "dd.MM.yyyy HH:mm"}}),
            (Rows{"2024-01-02|2024-01-02 03:04:00|null", "null|null|{\"t\":\"2024-01-02\"}"}));
}

TEST(JsonRead, NestedTypes) {
  TempDir dir;
  std::string f = dir.write("n.json",
                            "{\"s\":{\"y\":[\"a\",null],\"x\":1,\"z\":0},\"m\":{\"k1\":1,\"k2\":null},\"l\":[[1],[]]}\n"
                            "{\"s\":null,\"m\":{},\"l\":null}\n");
  EXPECT_EQ(readRows("json", f, "s STRUCT<x: INT, y: ARRAY<STRING>>, m MAP<STRING, INT>, l ARRAY<ARRAY<BIGINT>>", {}),
            (Rows{"{1, [a, null]}|{k1 -> 1, k2 -> null}|[[1], []]", "null|{}|null"}));
}

TEST(JsonRead, PermissiveMode) {
  TempDir dir;
  std::string f = dir.write("p.json", "{\"a\":1,\"b\":2}\n{\"a\":\"x\",\"b\":3}\n{oops\n[1,2]\n{\"a\":5,\"b\":3000000000}\n");
  EXPECT_EQ(readRows("json", f, "a INT, b INT, _corrupt_record STRING", {}),
            (Rows{"1|2|null", "null|null|{\"a\":\"x\",\"b\":3}", "null|null|{oops", "null|null|[1,2]",
                  "null|null|{\"a\":5,\"b\":3000000000}"}));
  EXPECT_EQ(readRows("json", f, "a INT, b BIGINT", {}),
            (Rows{"1|2", "null|null", "null|null", "null|null", "5|3000000000"}));
  EXPECT_EQ(readRows("json", f, "bad STRING, a INT", {{"columnNameOfCorruptRecord", "bad"}}),
            (Rows{"null|1", "{\"a\":\"x\",\"b\":3}|null", "{oops|null", "[1,2]|null", "null|5"}));
}

TEST(JsonRead, DropMalformedAndFailFast) {
  TempDir dir;
  std::string f = dir.write("p.json", "{\"a\":1}\n\n{\"a\":\"x\"}\n{\"a\":3}\n");
  EXPECT_EQ(readRows("json", f, "a INT", {{"mode", "DROPMALFORMED"}}), (Rows{"1", "3"}));
  EXPECT_EQ(readRows("json", f, "a INT", {{"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed JSON record in " + f + " line 3: cannot parse \"x\" as INT for column 'a'"}));
  std::string g = dir.write("g.json", "{\"a\":1}\n{\"a\":\n");
  auto rows = readRows("json", g, "a INT", {{"mode", "FAILFAST"}});
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].rfind("ERROR: Malformed JSON record in " + g + " line 2: ", 0), 0u) << rows[0];
  std::string h = dir.write("h.json", "\"just a string\"\n");
  EXPECT_EQ(readRows("json", h, "a INT", {{"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed JSON record in " + h + " line 1: expected a JSON object, found a string"}));
  // An empty string is not a number (SPARK-25040).
  EXPECT_EQ(readRows("json", dir.write("e.json", "{\"a\":\"\"}\n"), "a INT, _corrupt_record STRING", {}),
            (Rows{"null|{\"a\":\"\"}"}));
}

TEST(JsonRead, MalformedRecordLeavesNothingBehind) {
  TempDir dir;
  // Line 2 fails after its string and struct fields were decoded: they must not leak
  // into line 2's nulls or into line 3's values.
  std::string f = dir.write("m.json",
                            "{\"s\":\"one\",\"t\":{\"u\":\"x\",\"n\":1},\"i\":1}\n"
                            "{\"s\":\"two\",\"t\":{\"u\":\"yy\",\"n\":2},\"i\":\"bad\"}\n"
                            "{\"i\":3}\n"
                            "{\"t\":{\"n\":\"bad\",\"u\":\"z\"},\"s\":\"four\"}\n"
                            "{\"s\":\"five\",\"t\":{\"u\":\"w\"}}\n");
  const std::string schema = "s STRING, t STRUCT<u: STRING, n: INT>, i INT";
  EXPECT_EQ(readRows("json", f, schema, {}),
            (Rows{"one|{x, 1}|1", "null|null|null", "null|null|3", "null|null|null", "five|{w, null}|null"}));
  EXPECT_EQ(readRows("json", f, schema, {{"mode", "DROPMALFORMED"}}),
            (Rows{"one|{x, 1}|1", "null|null|3", "five|{w, null}|null"}));
  // A failure inside a struct names the field's path.
  EXPECT_EQ(readRows("json", f, schema, {{"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed JSON record in " + f + " line 2: cannot parse \"bad\" as INT for column 'i'"}));
  std::string g = dir.write("g.json", "{\"t\":{\"n\":\"bad\"}}\n");
  EXPECT_EQ(readRows("json", g, schema, {{"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed JSON record in " + g + " line 1: cannot parse \"bad\" as INT for column 't.n'"}));
  // An array line is all or nothing, its arrays included.
  std::string a = dir.write("a.json",
                            "[{\"s\":\"a\",\"l\":[1,2]},{\"s\":\"b\",\"l\":[\"x\"]}]\n"
                            "[{\"s\":\"c\",\"l\":[3]},{\"s\":\"d\",\"l\":null}]\n");
  EXPECT_EQ(readRows("json", a, "s STRING, l ARRAY<INT>", {}), (Rows{"null|null", "c|[3]", "d|null"}));
}

TEST(JsonRead, RepeatedKeysKeepTheLastValue) {
  TempDir dir;
  // Jackson, and so Spark, keeps the last of repeated keys, nested ones included; a
  // repeated struct starts over.
  std::string f = dir.write("r.json",
                            "{\"a\":1,\"s\":\"x\",\"a\":2,\"s\":\"yy\"}\n"
                            "{\"s\":\"z\",\"s\":null,\"t\":{\"u\":1,\"v\":\"p\"},\"t\":{\"v\":\"q\"}}\n"
                            "{\"t\":{\"u\":5},\"t\":null,\"l\":[{\"u\":1,\"u\":7}]}\n");
  EXPECT_EQ(readRows("json", f, "a INT, s STRING, t STRUCT<u: INT, v: STRING>, l ARRAY<STRUCT<u: INT>>", {}),
            (Rows{"2|yy|null|null", "null|null|{null, q}|null", "null|null|null|[{7}]"}));
}

TEST(JsonRead, TimestampsAcrossDays) {
  TempDir dir;
  std::string f = dir.write("t.json",
                            "{\"t\":\"2024-02-28T23:59:59.5Z\"}\n"
                            "{\"t\":\"2024-02-28T00:00:01Z\"}\n"
                            "{\"t\":\"2024-02-29T12:00:00.000Z\"}\n"
                            "{\"t\":\"2023-02-29T12:00:00.000Z\"}\n"
                            "{\"t\":\"2024-02-29T24:00:00.000Z\"}\n"
                            "{\"t\":\"2024-02-29 01:02:03\"}\n"
                            "{\"t\":\"2024-02-29 01:02:03\"}\n"
                            "{\"t\":\"\"}\n"
                            "{\"t\":\"2024-02-29 01:02:03.1\"}\n");
  EXPECT_EQ(readRows("json", f, "t TIMESTAMP", {}),
            (Rows{"2024-02-28 23:59:59.5", "2024-02-28 00:00:01", "2024-02-29 12:00:00", "null", "null",
                  "2024-02-29 01:02:03", "2024-02-29 01:02:03", "null", "2024-02-29 01:02:03.1"}));
}

TEST(JsonRead, ArrayLinesMultiLineAndLineSep) {
  TempDir dir;
  EXPECT_EQ(readRows("json", dir.write("arr.json", "[{\"a\":1},{\"a\":2}]\n{\"a\":3}\n"), "a INT", {}),
            (Rows{"1", "2", "3"}));
  std::string pretty = dir.write("pretty.json", "[\n  {\"a\": 1,\n   \"b\": \"x\"},\n  {\"a\": 2}\n]\n");
  EXPECT_EQ(inferDDL("json", pretty, {{"multiLine", "true"}}), "a BIGINT, b STRING");
  EXPECT_EQ(readRows("json", pretty, "a INT, b STRING", {{"multiLine", "true"}}), (Rows{"1|x", "2|null"}));
  EXPECT_EQ(readRows("json", dir.write("sep.json", "{\"a\":1}|{\"a\":2}|"), "a INT", {{"lineSep", "|"}}),
            (Rows{"1", "2"}));
  EXPECT_EQ(readRows("json", dir.write("crlf.json", "{\"a\":1}\r\n{\"a\":2}"), "a INT", {}), (Rows{"1", "2"}));
  // Lone CRs end lines too, before or after 16 bytes of a line.
  EXPECT_EQ(readRows("json", dir.write("cr.json", "{\"a\":1}\r{\"a\":2,\"padding\":\"0123456789\"}\r\n{\"a\":3}\r"),
                     "a INT", {}),
            (Rows{"1", "2", "3"}));
  // Line breaks found 32 bytes at a time: each kind at every offset of the first blocks.
  std::string text;
  Rows want;
  for (int pad = 0; pad < 70; ++pad) {
    const char* breaks[] = {"\n", "\r", "\r\n"};
    text += "{\"a\":" + std::to_string(pad) + ",\"p\":\"" + std::string(static_cast<size_t>(pad), 'x') + "\"}" +
            breaks[pad % 3];
    want.push_back(std::to_string(pad));
  }
  EXPECT_EQ(readRows("json", dir.write("breaks.json", text), "a INT", {}), want);
}

TEST(JsonRead, Options) {
  TempDir dir;
  std::string f = dir.write("o.json", "{\"a\":1}\n");
  EXPECT_EQ(readRows("json", f, "a INT", {{"encoding", "UTF-16"}}),
            (Rows{"ERROR: Unsupported encoding 'UTF-16': only UTF-8 files can be read and written"}));
  EXPECT_EQ(readRows("json", f, "a INT", {{"allowComments", "true"}}),
            (Rows{"ERROR: Option 'allowComments' is not supported by the JSON reader"}));
  EXPECT_EQ(readRows("json", f, "a MAP<INT, INT>", {}),
            (Rows{"ERROR: JSON data source does not support map<int,int> data type: map keys must be strings."}));
}

TEST(JsonRead, ArraysStartEachBatchEmpty) {
  // The first row of the second batch has no array: it must not inherit the first
  // batch's first row's.
  TempDir dir;
  std::string text;
  for (int64_t i = 0; i < FileFormat::kBatchRows; ++i) text += "{\"l\":[" + std::to_string(i) + "]}\n";
  text += "{}\n";
  auto r = testing::format("json").readFile(dir.write("a.json", text), testing::ddl("l ARRAY<BIGINT>"), {});
  ASSERT_TRUE(r.ok());
  ASSERT_EQ(r->size(), 2u);
  EXPECT_EQ((*r)[0]->column(0)->child(0)->valueAt<int64_t>(0), 0);
  EXPECT_TRUE((*r)[1]->column(0)->isNull(0));
}

TEST(JsonRead, ManyRowsMakeSeveralBatches) {
  TempDir dir;
  std::string text;
  const int n = 150000;
  for (int i = 0; i < n; ++i) {
    text += i % 7 == 3 ? "{\"id\":" + std::to_string(i) + "}\n"
                       : "{\"id\":" + std::to_string(i) + ",\"s\":\"v" + std::to_string(i) + "\"}\n";
  }
  std::string f = dir.write("many.json", text);
  auto r = testing::format("json").readFile(f, testing::ddl("id BIGINT, s STRING"), {});
  ASSERT_TRUE(r.ok());
  int64_t rows = 0, sum = 0;
  for (const auto& b : *r) {
    EXPECT_LE(b->numRows(), FileFormat::kBatchRows);
    for (int64_t i = 0; i < b->numRows(); ++i) {
      int64_t id = b->column(0)->valueAt<int64_t>(i);
      sum += id;
      if (id % 7 == 3) EXPECT_TRUE(b->column(1)->isNull(i));
      else EXPECT_EQ(b->column(1)->stringAt(i), "v" + std::to_string(id));
    }
    rows += b->numRows();
  }
  EXPECT_EQ(rows, n);
  EXPECT_EQ(sum, int64_t{n} * (n - 1) / 2);
}

}  // namespace
}  // namespace spate
