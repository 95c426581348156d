#include <gtest/gtest.h>

#include "io_test_util.h"

namespace spate {
namespace {

using testing::onlyPartFile;
using testing::readRows;
using testing::readText;
using testing::TempDir;
using Rows = std::vector<std::string>;

TEST(TextRead, LinesWithAnyTerminator) {
  TempDir dir;
  std::string f = dir.write("t.txt", "a\nb\r\n\nc\rd");
  EXPECT_EQ(testing::inferDDL("text", f, {}), "value STRING");
  EXPECT_EQ(readRows("text", f, "value STRING", {}), (Rows{"a", "b", "", "c", "d"}));
  EXPECT_EQ(readRows("text", dir.write("u.txt", "x\n\n"), "value STRING", {}), (Rows{"x", ""}));
  EXPECT_EQ(readRows("text", dir.write("e.txt", ""), "value STRING", {}), Rows{});
}

TEST(TextRead, WholeTextAndLineSep) {
  TempDir dir;
  std::string f = dir.write("t.txt", "a,b\nc,");
  EXPECT_EQ(readRows("text", f, "value STRING", {{"wholetext", "true"}}), (Rows{"a,b\nc,"}));
  EXPECT_EQ(readRows("text", f, "value STRING", {{"lineSep", ","}}), (Rows{"a", "b\nc"}));
  EXPECT_EQ(readRows("text", f, "line STRING", {}), (Rows{"a,b", "c,"}));
}

TEST(TextRead, SchemaMustBeOneString) {
  TempDir dir;
  std::string f = dir.write("t.txt", "a\n");
  EXPECT_EQ(readRows("text", f, "a STRING, b STRING", {}),
            (Rows{"ERROR: Text data source supports only a single column, and you have 2 columns."}));
  EXPECT_EQ(readRows("text", f, "a INT", {}), (Rows{"ERROR: Text data source does not support int data type."}));
}

TEST(TextRead, LargeFile) {
  TempDir dir;
  std::string text;
  for (int i = 0; i < 400000; ++i) text += "line number " + std::to_string(i) + "\r\n";
  std::string f = dir.write("big.txt", text);
  auto r = testing::format("text").readFile(f, testing::ddl("value STRING"), {});
  ASSERT_TRUE(r.ok());
  int64_t rows = 0;
  for (const auto& b : *r) {
    EXPECT_LE(b->numRows(), FileFormat::kBatchRows);
    for (int64_t i = 0; i < b->numRows(); ++i) {
      ASSERT_EQ(b->column(0)->stringAt(i), "line number " + std::to_string(rows + i));
    }
    rows += b->numRows();
  }
  EXPECT_EQ(rows, 400000);
}

TEST(TextWrite, LinesAndNulls) {
  TempDir dir;
  auto schema = testing::ddl("value STRING");
  auto batch = batchFromRows(schema, {{Value::string("a")}, {Value::null()}, {Value::string("b c")}});
  const FileFormat& text = testing::format("text");
  ASSERT_TRUE(text.write(dir.path(), {batch}, schema, {}, "").ok());
  std::string file = onlyPartFile(dir.path());
  EXPECT_EQ(file.substr(file.size() - 4), ".txt");
  EXPECT_EQ(readText(file), "a\n\nb c\n");
  TempDir dir2;
  ASSERT_TRUE(text.write(dir2.path(), {batch}, schema, {{"lineSep", "|"}}, "").ok());
  EXPECT_EQ(readText(onlyPartFile(dir2.path())), "a||b c|");
  auto two = testing::ddl("a STRING, b STRING");
  EXPECT_EQ(text.write(dir.path(), {}, two, {}, "").message(),
            "Text data source supports only a single column, and you have 2 columns.");
}

}  // namespace
}  // namespace spate
