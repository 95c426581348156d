#include <gtest/gtest.h>

#include "spate/io/parquet_column_reader.h"
#include "tests/io/parquet_test_util.h"

namespace spate {
namespace {

// Every column of the table make_fixtures.py wrote (2 row groups: 3 + 2 rows), as
// strings, per codec: what pyarrow wrote, read back by spate.
std::vector<std::vector<std::string>> readAll(const std::string& name, std::vector<std::string>& types) {
  std::string file = testing::parquetFixture(name);
  auto meta = testing::parquetFooter(file);
  EXPECT_TRUE(meta.ok()) << meta.status().message();
  std::vector<std::vector<std::string>> columns(meta->schema.size() - 1);
  types.clear();
  for (const auto& group : meta->rowGroups) {
    for (size_t c = 0; c < group.columns.size(); ++c) {
      const parquet::SchemaElement& leaf = meta->schema[c + 1];
      int maxDef = leaf.repetition == parquet::Repetition::kOptional ? 1 : 0;
      auto column = parquet::readFlatColumnChunk(file, *group.columns[c].metaData, leaf, maxDef);
      EXPECT_TRUE(column.ok()) << name << " " << leaf.name << ": " << column.status().message();
      if (!column.ok()) continue;
      if (types.size() <= c) types.push_back((*column)->type()->simpleString());
      for (int64_t i = 0; i < (*column)->length(); ++i) {
        const Column& col = **column;
        std::string text;
        if (col.isNull(i)) {
          text = "null";
        } else if (col.type()->id() == TypeId::kTimestamp || col.type()->id() == TypeId::kLong) {
          text = std::to_string(col.valueAt<int64_t>(i));
        } else if (col.type()->id() == TypeId::kDate) {
          text = std::to_string(col.valueAt<int32_t>(i));
        } else {
          text = col.valueAt(i).toString(*col.type());
        }
        columns[c].push_back(text);
      }
    }
  }
  return columns;
}

TEST(ParquetColumnReader, ReadsEveryColumnPyarrowWroteWithEveryCodec) {
  const std::vector<std::vector<std::string>> expected = {
      {"1", "2", "3", "4", "5"},
      {"10", "null", "30", "null", "50"},
      {"1.5", "2.5", "null", "4.5", "5.5"},
      {"a", "b", "a", "null", "c"},
      {"true", "false", "null", "true", "false"},
      std::vector<std::string>(5, "1704164645000000"),  // 2024-01-02T03:04:05Z in microseconds
      std::vector<std::string>(5, "19724"),             // 2024-01-02 in days
      std::vector<std::string>(5, "12.34"),
  };
  for (const char* name : {"pyarrow_flat_uncompressed.parquet", "pyarrow_flat.parquet", "pyarrow_flat_gzip.parquet",
                           "pyarrow_flat_zstd.parquet", "pyarrow_flat_lz4.parquet"}) {
    std::vector<std::string> types;
    EXPECT_EQ(readAll(name, types), expected) << name;
    EXPECT_EQ(types, (std::vector<std::string>{"int", "bigint", "double", "string", "boolean", "timestamp", "date",
                                               "decimal(10,2)"}))
        << name;
  }
}

TEST(ParquetColumnReader, ACorruptChunkIsAnErrorNamingTheColumn) {
  std::string file = testing::parquetFixture("pyarrow_flat.parquet");
  auto meta = testing::parquetFooter(file);
  ASSERT_TRUE(meta.ok());
  const parquet::SchemaElement& leaf = meta->schema[4];  // name
  parquet::ColumnMetaData column = *meta->rowGroups[0].columns[3].metaData;
  // Every byte of the chunk flipped in turn: an error or some 3 rows, never a crash.
  int64_t start = *column.dictionaryPageOffset;
  for (int64_t i = 0; i < column.totalCompressedSize; ++i) {
    std::string bad = file;
    bad[static_cast<size_t>(start + i)] = static_cast<char>(bad[static_cast<size_t>(start + i)] ^ 0xff);
    auto read = parquet::readFlatColumnChunk(bad, column, leaf, 1);
    if (read.ok()) {
      EXPECT_EQ((*read)->length(), 3);
    } else {
      EXPECT_NE(read.status().message().find("name"), std::string::npos) << read.status().message();
    }
  }
  column.totalCompressedSize = static_cast<int64_t>(file.size());  // past the end of the file
  auto outside = parquet::readFlatColumnChunk(file, column, leaf, 1);
  ASSERT_FALSE(outside.ok());
  EXPECT_NE(outside.status().message().find("outside the file"), std::string::npos);
}

}  // namespace
}  // namespace spate
