#include <gtest/gtest.h>

#include "io_test_util.h"

namespace spate {
namespace {

using testing::inferDDL;
using testing::readRows;
using testing::TempDir;
using Rows = std::vector<std::string>;

TEST(CsvRead, HeaderAndInferSchema) {
  TempDir dir;
  std::string f = dir.write("people.csv",
                            "id,name,score,active,day,ts\n"
                            "1,alice,1.5,true,2024-01-02,2024-01-02 03:04:05\n"
                            "2,bob,,FALSE,2024-02-03,2024-02-03T10:00:00Z\n");
  Options o{{"header", "true"}, {"inferSchema", "true"}};
  std::string schema = inferDDL("csv", f, o);
  EXPECT_EQ(schema, "id INT, name STRING, score DOUBLE, active BOOLEAN, day DATE, ts TIMESTAMP");
  EXPECT_EQ(readRows("csv", f, schema, o),
            (Rows{"1|alice|1.5|true|2024-01-02|2024-01-02 03:04:05", "2|bob|null|false|2024-02-03|2024-02-03 10:00:00"}));
}

TEST(CsvRead, NoHeaderNoInferenceGivesStringColumns) {
  TempDir dir;
  std::string f = dir.write("a.csv", "1,x\n2,y\n");
  EXPECT_EQ(inferDDL("csv", f, {}), "_c0 STRING, _c1 STRING");
  EXPECT_EQ(inferDDL("csv", f, {{"inferSchema", "true"}}), "_c0 INT, _c1 STRING");
  EXPECT_EQ(readRows("csv", f, "_c0 STRING, _c1 STRING", {}), (Rows{"1|x", "2|y"}));
  EXPECT_EQ(inferDDL("csv", f, {{"header", "true"}}), "`1` STRING, x STRING");
}

TEST(CsvRead, InferenceWidensAndFallsBack) {
  TempDir dir;
  std::string f = dir.write("t.csv",
                            "i,l,dec,d,s,n,dt,b,nan,mixed\n"
                            "1,1,1,1,1,,2024-01-02,TRUE,NaN,2024-01-02\n"
                            "2,3000000000,123456789012345678901,2.5,abc,,2024-01-03,false,1,2024-01-02 10:00:00\n"
                            "-3,-4,-5,1e3,x,,2024-12-31,true,Inf,2024-01-04\n");
  EXPECT_EQ(inferDDL("csv", f, {{"header", "true"}, {"inferSchema", "true"}}),
            "i INT, l BIGINT, dec DECIMAL(21,0), d DOUBLE, s STRING, n STRING, dt DATE, b BOOLEAN, nan DOUBLE, "
            "mixed TIMESTAMP");
  // Without prefersDate, dates infer as timestamps.
  EXPECT_EQ(inferDDL("csv", dir.write("d.csv", "2024-01-02\n"), {{"inferSchema", "true"}, {"prefersDate", "false"}}),
            "_c0 TIMESTAMP");
  // Booleans and numbers do not mix.
  EXPECT_EQ(inferDDL("csv", dir.write("m.csv", "1\ntrue\n"), {{"inferSchema", "true"}}), "_c0 STRING");
  // An int column that meets a bigint-sized decimal widens to decimal.
  EXPECT_EQ(inferDDL("csv", dir.write("w.csv", "1\n12345678901234567890\n"), {{"inferSchema", "true"}}),
            "_c0 DECIMAL(20,0)");
  EXPECT_EQ(inferDDL("csv", dir.write("x.csv", "12345678901234567890\n1.5\n"), {{"inferSchema", "true"}}),
            "_c0 DOUBLE");
}

TEST(CsvRead, InferenceNullValueAndSampling) {
  TempDir dir;
  std::string f = dir.write("t.csv", "a,b\nNA,1\n2,NA\n");
  EXPECT_EQ(inferDDL("csv", f, {{"header", "true"}, {"inferSchema", "true"}, {"nullValue", "NA"}}), "a INT, b INT");
  EXPECT_EQ(inferDDL("csv", f, {{"header", "true"}, {"inferSchema", "true"}}), "a STRING, b STRING");
  auto bad = inferDDL("csv", f, {{"samplingRatio", "0"}});
  EXPECT_EQ(bad, "ERROR: Option 'samplingRatio' must be in (0, 1], got 0");
  EXPECT_EQ(inferDDL("csv", f, {{"header", "true"}, {"inferSchema", "true"}, {"samplingRatio", "0.5"}}).substr(0, 2),
            "a ");
}

TEST(CsvRead, SafeHeaderNames) {
  TempDir dir;
  std::string f = dir.write("h.csv", "a,,A,B,b,c\n1,2,3,4,5,6\n");
  EXPECT_EQ(inferDDL("csv", f, {{"header", "true"}}), "a0 STRING, _c1 STRING, A2 STRING, B3 STRING, b4 STRING, c STRING");
}

TEST(CsvRead, EmptyAndBlankInput) {
  TempDir dir;
  std::string empty = dir.write("e.csv", "");
  EXPECT_EQ(inferDDL("csv", empty, {{"header", "true"}, {"inferSchema", "true"}}), "");
  EXPECT_EQ(readRows("csv", empty, "a INT", {}), Rows{});
  std::string blanks = dir.write("b.csv", "\n1\n   \n\n2\n\t\n");
  EXPECT_EQ(readRows("csv", blanks, "a INT", {}), (Rows{"1", "2"}));
  auto none = testing::format("csv").inferSchema({}, {});
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().message(), "Unable to infer schema for CSV. It must be specified manually.");
}

TEST(CsvRead, SeparatorOptions) {
  TempDir dir;
  EXPECT_EQ(readRows("csv", dir.write("t.tsv", "1\ta,b\n"), "x INT, y STRING", {{"sep", "\\t"}}), (Rows{"1|a,b"}));
  EXPECT_EQ(readRows("csv", dir.write("s.csv", "1;x\n"), "x INT, y STRING", {{"delimiter", ";"}}), (Rows{"1|x"}));
  EXPECT_EQ(readRows("csv", dir.write("p.csv", "1|x\n"), "x INT, y STRING", {{"SEP", "|"}}), (Rows{"1|x"}));
  EXPECT_EQ(readRows("csv", dir.write("q.csv", "1\n"), "x INT", {{"sep", "ab"}}),
            (Rows{"ERROR: Option 'sep' must be a single character, got 'ab'"}));
  EXPECT_EQ(readRows("csv", dir.write("r.csv", "1\n"), "x INT", {{"sep", ""}}),
            (Rows{"ERROR: Option 'sep': the delimiter cannot be an empty string"}));
}

TEST(CsvRead, QuotesAndEscapes) {
  TempDir dir;
  std::string f = dir.write("q.csv",
                            "1,\"a,b\"\n"
                            "2,\"he said \\\"hi\\\"\"\n"
                            "3,\"x\"\"y\"\n"
                            "4,ab\"c\n"
                            "5,\"q\" \n"
                            "6,\"ab\"cd\n"
                            "7,\"\"\n"
                            "8,\"back\\\\\"\n");
  EXPECT_EQ(readRows("csv", f, "id INT, v STRING", {}),
            (Rows{"1|a,b", "2|he said \"hi\"", "3|x\"y", "4|ab\"c", "5|q", "6|\"ab\"cd", "7|null", "8|back\\"}));
}

TEST(CsvRead, CustomQuoteAndEscape) {
  TempDir dir;
  EXPECT_EQ(readRows("csv", dir.write("a.csv", "1,'a,b'\n"), "id INT, v STRING", {{"quote", "'"}}),
            (Rows{"1|a,b"}));
  // No quoting: quote characters are data.
  EXPECT_EQ(readRows("csv", dir.write("b.csv", "1,\"a\n"), "id INT, v STRING", {{"quote", ""}}),
            (Rows{"1|\"a"}));
  // RFC 4180 style escaping.
  EXPECT_EQ(readRows("csv", dir.write("c.csv", "1,\"a\"\"b\"\n"), "id INT, v STRING", {{"escape", "\""}}),
            (Rows{"1|a\"b"}));
  EXPECT_EQ(readRows("csv", dir.write("d.csv", "1,\"a#\"b\"\n"), "id INT, v STRING", {{"escape", "#"}}),
            (Rows{"1|a\"b"}));
}

TEST(CsvRead, CommentLines) {
  TempDir dir;
  std::string f = dir.write("c.csv", "# a comment\n1,a\n#2,b\n3,c\n");
  EXPECT_EQ(readRows("csv", f, "id INT, v STRING", {{"comment", "#"}}), (Rows{"1|a", "3|c"}));
  // Without the option a '#' line is data.
  EXPECT_EQ(readRows("csv", f, "id STRING, v STRING", {}), (Rows{"# a comment|null", "1|a", "#2|b", "3|c"}));
}

TEST(CsvRead, NullAndEmptyValues) {
  TempDir dir;
  std::string f = dir.write("n.csv", "1,,\"\",NA\n");
  EXPECT_EQ(readRows("csv", f, "id INT, a STRING, b STRING, c STRING", {}), (Rows{"1|null|null|NA"}));
  EXPECT_EQ(readRows("csv", f, "id INT, a STRING, b STRING, c STRING", {{"nullValue", "NA"}}), (Rows{"1|null||null"}));
  EXPECT_EQ(readRows("csv", f, "id INT, a STRING, b STRING, c STRING", {{"emptyValue", "EMPTY"}}),
            (Rows{"1|null|EMPTY|NA"}));
  // nullValue applies to every type.
  EXPECT_EQ(readRows("csv", dir.write("m.csv", "NA,x\n"), "id INT, v STRING", {{"nullValue", "NA"}}),
            (Rows{"null|x"}));
}

TEST(CsvRead, NanAndInfinityValues) {
  TempDir dir;
  std::string f = dir.write("d.csv", "NaN,Inf,-Inf,Infinity,1.5d\n");
  EXPECT_EQ(readRows("csv", f, "a DOUBLE, b DOUBLE, c DOUBLE, d DOUBLE, e DOUBLE", {}),
            (Rows{"NaN|Infinity|-Infinity|Infinity|1.5"}));
  std::string g = dir.write("g.csv", "nan,pinf,ninf\n");
  EXPECT_EQ(readRows("csv", g, "a DOUBLE, b FLOAT, c DOUBLE",
                     {{"nanValue", "nan"}, {"positiveInf", "pinf"}, {"negativeInf", "ninf"}}),
            (Rows{"NaN|Infinity|-Infinity"}));
}

TEST(CsvRead, WhiteSpaceOptions) {
  TempDir dir;
  std::string f = dir.write("w.csv", "  a  , b \n");
  EXPECT_EQ(readRows("csv", f, "x STRING, y STRING", {}), (Rows{"  a  | b "}));
  EXPECT_EQ(readRows("csv", f, "x STRING, y STRING", {{"ignoreLeadingWhiteSpace", "true"}}), (Rows{"a  |b "}));
  EXPECT_EQ(readRows("csv", f, "x STRING, y STRING", {{"ignoreTrailingWhiteSpace", "true"}}), (Rows{"  a| b"}));
  // Integer.parseInt does not skip spaces: " 1" is malformed unless trimmed.
  std::string n = dir.write("n.csv", " 1\n");
  EXPECT_EQ(readRows("csv", n, "x INT", {}), (Rows{"null"}));
  EXPECT_EQ(readRows("csv", n, "x INT", {{"ignoreLeadingWhiteSpace", "true"}}), (Rows{"1"}));
}

TEST(CsvRead, MultiLine) {
  TempDir dir;
  std::string f = dir.write("m.csv", "id,text\n1,\"line one\nline two\"\n2,plain\n3,\"a\r\nb\"\n");
  EXPECT_EQ(readRows("csv", f, "id INT, text STRING", {{"header", "true"}, {"multiLine", "true"}}),
            (Rows{"1|line one\nline two", "2|plain", "3|a\r\nb"}));
  // Line numbers in messages count the lines inside quoted fields.
  std::string g = dir.write("g.csv", "1,\"a\nb\"\nx,c\n");
  EXPECT_EQ(readRows("csv", g, "id INT, t STRING", {{"multiLine", "true"}, {"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed CSV record in " + g + " line 3: cannot parse 'x' as INT for column 'id'"}));
  // Without multiLine every line is a record: the unclosed quote ends with its line.
  EXPECT_EQ(readRows("csv", f, "id STRING, text STRING", {{"header", "true"}}),
            (Rows{"1|line one", "line two\"|null", "2|plain", "3|a", "b\"|null"}));
}

TEST(CsvRead, LineEndingsAndLineSep) {
  TempDir dir;
  EXPECT_EQ(readRows("csv", dir.write("crlf.csv", "1,a\r\n2,b\r\n"), "id INT, v STRING", {}), (Rows{"1|a", "2|b"}));
  EXPECT_EQ(readRows("csv", dir.write("cr.csv", "1,a\r2,b"), "id INT, v STRING", {}), (Rows{"1|a", "2|b"}));
  EXPECT_EQ(readRows("csv", dir.write("sep.csv", "1,a;2,b\nc;"), "id INT, v STRING", {{"lineSep", ";"}}),
            (Rows{"1|a", "2|b\nc"}));
}

TEST(CsvRead, Encoding) {
  TempDir dir;
  std::string f = dir.write("u.csv", "1,héllo\n");
  EXPECT_EQ(readRows("csv", f, "id INT, v STRING", {{"encoding", "UTF-8"}}), (Rows{"1|héllo"}));
  EXPECT_EQ(readRows("csv", f, "id INT, v STRING", {{"charset", "utf8"}}), (Rows{"1|héllo"}));
  EXPECT_EQ(readRows("csv", f, "id INT, v STRING", {{"encoding", "ISO-8859-1"}}),
            (Rows{"ERROR: Unsupported encoding 'ISO-8859-1': only UTF-8 files can be read and written"}));
}

TEST(CsvRead, TypedColumns) {
  TempDir dir;
  std::string f = dir.write("t.csv",
                            "1,2,3,4,1.25,123.456,2024-02-29,2024-02-29T01:02:03.5+01:00,true\n"
                            "+7,-8,9,-10,-0.5,-0.005,2024-1-2,2024-01-02,FALSE\n");
  EXPECT_EQ(readRows("csv", f,
                     "a TINYINT, b SMALLINT, c INT, d BIGINT, e FLOAT, f DECIMAL(5,2), g DATE, h TIMESTAMP, i BOOLEAN",
                     {}),
            (Rows{"1|2|3|4|1.25|123.46|2024-02-29|2024-02-29 00:02:03.5|true",
                  "7|-8|9|-10|-0.5|-0.01|2024-01-02|2024-01-02 00:00:00|false"}));
}

TEST(CsvRead, CustomDateTimeFormats) {
  TempDir dir;
  std::string f = dir.write("d.csv", "d,t\n01/02/2024,02.01.2024 03:04\n12/31/2023,31.12.2023 23:59\n");
  Options o{{"header", "true"}, {"inferSchema", "true"}, {"dateFormat", "MM/dd/yyyy"},
            {"timestampFormat", "dd.MM.yyyy HH:mm"}};
  EXPECT_EQ(inferDDL("csv", f, o), "d DATE, t TIMESTAMP");
  EXPECT_EQ(readRows("csv", f, "d DATE, t TIMESTAMP", o),
            (Rows{"2024-01-02|2024-01-02 03:04:00", "2023-12-31|2023-12-31 23:59:00"}));
  // With a user pattern the CAST rules are not a fallback.
  std::string g = dir.write("g.csv", "2024-01-02 03:04:05\n");
  EXPECT_EQ(readRows("csv", g, "t TIMESTAMP", {{"timestampFormat", "dd.MM.yyyy HH:mm"}, {"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed CSV record in " + g +
                  " line 1: cannot parse '2024-01-02 03:04:05' as TIMESTAMP for column 't'"}));
  // Dates and timestamps mix into timestamps only without a timestampFormat.
  std::string h = dir.write("h.csv", "2024-01-02\n02.01.2024 03:04\n");
  EXPECT_EQ(inferDDL("csv", h, {{"inferSchema", "true"}, {"timestampFormat", "dd.MM.yyyy HH:mm"}}), "_c0 STRING");
  EXPECT_EQ(inferDDL("csv", h, {{"timestampFormat", "yyyy-MM-dd uuuu"}}).rfind("ERROR: Option 'timestampFormat': ", 0),
            0u);
}

TEST(CsvRead, ValuesOutOfRangeAreMalformed) {
  TempDir dir;
  std::string f = dir.write("t.csv", "200,x\n1,2147483648\n12345.6,1\nyes,1\n");
  Options fail{{"mode", "FAILFAST"}};
  EXPECT_EQ(readRows("csv", f, "a TINYINT, b STRING", fail),
            (Rows{"ERROR: Malformed CSV record in " + f + " line 1: cannot parse '200' as TINYINT for column 'a'"}));
  EXPECT_EQ(readRows("csv", f, "a STRING, b INT", fail),
            (Rows{"ERROR: Malformed CSV record in " + f + " line 1: cannot parse 'x' as INT for column 'b'"}));
  EXPECT_EQ(readRows("csv", f, "a DECIMAL(5,1), b STRING", {{"mode", "DROPMALFORMED"}}),
            (Rows{"200.0|x", "1.0|2147483648"}));
  // The failing field and the ones after it are null.
  EXPECT_EQ(readRows("csv", f, "a BOOLEAN, b STRING", {}), (Rows{"null|null", "null|null", "null|null", "null|null"}));
}

TEST(CsvRead, PermissiveWithCorruptColumn) {
  TempDir dir;
  std::string f = dir.write("p.csv", "1,a,x\nz,b,y\n3\n4,d,e,f\n5,6,7\n");
  EXPECT_EQ(readRows("csv", f, "id INT, name STRING, extra STRING, _corrupt_record STRING", {}),
            (Rows{"1|a|x|null", "null|null|null|z,b,y", "3|null|null|3", "4|d|e|4,d,e,f", "5|6|7|null"}));
  // A parse error nulls the field and the ones after it (Spark's partial result).
  EXPECT_EQ(readRows("csv", f, "id INT, n INT, x STRING, _corrupt_record STRING", {}),
            (Rows{"1|null|null|1,a,x", "null|null|null|z,b,y", "3|null|null|3", "null|null|null|4,d,e,f", "5|6|7|null"}));
  // The corrupt column may sit anywhere and have another name.
  EXPECT_EQ(readRows("csv", f, "bad STRING, id INT, name STRING, extra STRING", {{"columnNameOfCorruptRecord", "bad"}}),
            (Rows{"null|1|a|x", "z,b,y|null|null|null", "3|3|null|null", "4,d,e,f|4|d|e", "null|5|6|7"}));
  // Without it malformed records just get nulls.
  EXPECT_EQ(readRows("csv", f, "id INT, name STRING, extra STRING", {{"mode", "permissive"}}),
            (Rows{"1|a|x", "null|null|null", "3|null|null", "4|d|e", "5|6|7"}));
  EXPECT_EQ(readRows("csv", f, "id INT, _corrupt_record INT", {}),
            (Rows{"ERROR: The field for corrupt records must be string type and nullable: '_corrupt_record' is int"}));
}

TEST(CsvRead, DropMalformed) {
  TempDir dir;
  std::string f = dir.write("p.csv", "1,a\nz,b\n3\n4,d,e\n5,e\n");
  EXPECT_EQ(readRows("csv", f, "id INT, name STRING", {{"mode", "DROPMALFORMED"}}), (Rows{"1|a", "5|e"}));
  EXPECT_EQ(readRows("csv", f, "id INT, name STRING, _corrupt_record STRING", {{"mode", "DROPMALFORMED"}}),
            (Rows{"1|a|null", "5|e|null"}));
}

TEST(CsvRead, FailFastNamesFileLineAndReason) {
  TempDir dir;
  std::string f = dir.write("f.csv", "id,name\n1,a\n\n# note\nx,b\n");
  Options o{{"header", "true"}, {"mode", "FAILFAST"}, {"comment", "#"}};
  EXPECT_EQ(readRows("csv", f, "id INT, name STRING", o),
            (Rows{"ERROR: Malformed CSV record in " + f + " line 5: cannot parse 'x' as INT for column 'id'"}));
  std::string g = dir.write("g.csv", "1,a\n2,b,c\n");
  EXPECT_EQ(readRows("csv", g, "id INT, name STRING", {{"mode", "failfast"}}),
            (Rows{"ERROR: Malformed CSV record in " + g + " line 2: expected 2 fields but found 3"}));
  std::string h = dir.write("h.csv", "1,a\n2\n");
  EXPECT_EQ(readRows("csv", h, "id INT, name STRING", {{"mode", "FAILFAST"}}),
            (Rows{"ERROR: Malformed CSV record in " + h + " line 2: expected 2 fields but found 1"}));
  EXPECT_EQ(readRows("csv", h, "id INT, name STRING", {{"mode", "LENIENT"}}),
            (Rows{"ERROR: Option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got 'LENIENT'"}));
  EXPECT_EQ(readRows("csv", h, "id INT", {{"header", "maybe"}}),
            (Rows{"ERROR: Option 'header' must be 'true' or 'false', got 'maybe'"}));
}

TEST(CsvRead, HeaderAndEnforceSchema) {
  TempDir dir;
  std::string f = dir.write("h.csv", "name,id\nalice,1\n");
  // By position, header names ignored (enforceSchema=true).
  EXPECT_EQ(readRows("csv", f, "a STRING, b INT", {{"header", "true"}}), (Rows{"alice|1"}));
  EXPECT_EQ(readRows("csv", f, "NAME STRING, Id INT", {{"header", "true"}, {"enforceSchema", "false"}}),
            (Rows{"alice|1"}));
  auto r = readRows("csv", f, "id INT, name STRING", {{"header", "true"}, {"enforceSchema", "false"}});
  EXPECT_EQ(r, (Rows{"ERROR: CSV header does not conform to the schema.\n Header: name, id\n Schema: id, name\n"
                     "Expected: id but found: name\nCSV file: " + f}));
}

TEST(CsvRead, UnsupportedTypes) {
  TempDir dir;
  std::string f = dir.write("u.csv", "1\n");
  EXPECT_EQ(readRows("csv", f, "a ARRAY<INT>", {}), (Rows{"ERROR: CSV data source does not support array<int> data type."}));
}

TEST(CsvRead, LargeFileAcrossChunksAndBatches) {
  TempDir dir;
  std::string text = "id,name,note\n";
  const int n = 300000;
  for (int i = 0; i < n; ++i) {
    text += std::to_string(i) + ",name" + std::to_string(i);
    // Every 7th row has a quoted multi-line note, so records straddle chunk ends.
    text += (i % 7 == 0) ? ",\"multi\nline, \"\"quoted\"\" note " + std::to_string(i) + "\"\n" : ",plain note\n";
  }
  std::string f = dir.write("big.csv", text);
  Options o{{"header", "true"}, {"multiLine", "true"}, {"mode", "FAILFAST"}};
  auto r = testing::format("csv").readFile(f, testing::ddl("id BIGINT, name STRING, note STRING"), o);
  ASSERT_TRUE(r.ok()) << r.status().message();
  int64_t rows = 0, sum = 0;
  for (const auto& b : *r) {
    EXPECT_LE(b->numRows(), FileFormat::kBatchRows);
    for (int64_t i = 0; i < b->numRows(); ++i) {
      int64_t id = b->column(0)->valueAt<int64_t>(i);
      sum += id;
      EXPECT_EQ(b->column(1)->stringAt(i), "name" + std::to_string(id));
      if (id % 7 == 0) {
        ASSERT_EQ(b->column(2)->stringAt(i), "multi\nline, \"quoted\" note " + std::to_string(id));
      }
    }
    rows += b->numRows();
  }
  EXPECT_EQ(rows, n);
  EXPECT_EQ(sum, int64_t{n} * (n - 1) / 2);
}

}  // namespace
}  // namespace spate
