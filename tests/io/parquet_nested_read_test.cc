#include <gtest/gtest.h>

#include "spate/io/file_format.h"

namespace spate {
namespace {

// Each row of a fixture as show() prints its values, "|"-separated.
std::vector<std::string> rowsOf(const std::string& name, std::string* schemaText) {
  const std::string path = "tests/data/parquet/" + name;
  const FileFormat* parquet = *findFileFormat("parquet");
  auto schema = parquet->inferSchema({path}, Options{});
  EXPECT_TRUE(schema.ok()) << schema.status().message();
  auto ptr = std::make_shared<Schema>(*schema);
  *schemaText = DataType::struct_(ptr->fields())->simpleString();
  auto batches = parquet->readFile(path, ptr, Options{});
  EXPECT_TRUE(batches.ok()) << batches.status().message();
  std::vector<std::string> rows;
  for (const auto& b : *batches) {
    for (int64_t r = 0; r < b->numRows(); ++r) {
      std::string row;
      for (size_t c = 0; c < b->numColumns(); ++c) {
        row += (c ? "|" : "") + b->column(c)->valueAt(r).toString(*b->column(c)->type());
      }
      rows.push_back(row);
    }
  }
  return rows;
}

TEST(ParquetNestedRead, StructsListsAndMapsWithNullsAtEveryLevel) {
  std::string schema;
  auto rows = rowsOf("pyarrow_nested.parquet", &schema);
  EXPECT_EQ(schema, "struct<s:struct<x:int,y:array<bigint>>,m:map<string,smallint>,l:array<array<string>>>");
  EXPECT_EQ(rows, (std::vector<std::string>{"{1, [1, null]}|{a -> 1}|[[p], null]", "null|null|[]",
                                             "{null, []}|{}|null"}));
}

TEST(ParquetNestedRead, DeltaAndByteStreamSplitEncodingsAndInt96) {
  std::string schema;
  auto rows = rowsOf("pyarrow_encodings.parquet", &schema);
  EXPECT_EQ(schema, "struct<i:bigint,s:string,d:double,t:timestamp>");
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], "5|abc|1.5|2024-01-02 00:00:00");
  EXPECT_EQ(rows[2], "1000|null|-2.25|2024-01-02 00:00:00");
  EXPECT_EQ(rows[3], "null|b|3.0|2024-01-02 00:00:00");
  EXPECT_EQ(rows[4], "7|bcd|0.0|2024-01-02 00:00:00");
}

}  // namespace
}  // namespace spate
