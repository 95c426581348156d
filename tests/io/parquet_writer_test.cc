#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>

#include "spate/columnar/builder.h"
#include "spate/io/parquet_column_reader.h"
#include "spate/io/parquet_writer.h"
#include "tests/io/io_test_util.h"
#include "tests/io/parquet_test_util.h"

namespace spate {
namespace {

SchemaPtr mixedSchema() {
  return std::make_shared<Schema>(Schema()
                                      .add("b", DataType::boolean())
                                      .add("t", DataType::byte_())
                                      .add("i", DataType::int_())
                                      .add("l", DataType::long_())
                                      .add("f", DataType::float_())
                                      .add("d", DataType::double_())
                                      .add("s", DataType::string())
                                      .add("bin", DataType::binary())
                                      .add("day", DataType::date())
                                      .add("ts", DataType::timestamp())
                                      .add("d9", DataType::decimal(9, 2))
                                      .add("d18", DataType::decimal(18, 3))
                                      .add("d38", DataType::decimal(38, 10)));
}

// 25 rows, every fourth null, the rest varying.
BatchPtr mixedBatch() {
  SchemaPtr schema = mixedSchema();
  std::vector<ColumnBuilder> cols;
  for (const auto& f : schema->fields()) cols.emplace_back(f.type);
  for (int i = 0; i < 25; ++i) {
    if (i % 4 == 3) {
      for (auto& c : cols) c.appendNull();
      continue;
    }
    cols[0].appendBool(i % 2 == 0);
    cols[1].appendInt(i - 12);
    cols[2].appendInt(i * 1000 - 7);
    cols[3].appendInt(int64_t{i} << 40);
    cols[4].appendDouble(i + 0.5);
    cols[5].appendDouble(-i * 1.25);
    cols[6].appendString(std::string(static_cast<size_t>(i % 5), 'x') + "é" + std::to_string(i));
    cols[7].appendString(std::string("\0\x01\xff", 3).substr(0, static_cast<size_t>(i % 4)));
    cols[8].appendInt(19724 + i);
    cols[9].appendInt(int64_t{1704164645000000} + i);
    cols[10].appendDecimal(static_cast<__int128>(i) * 12345 - 99999);
    cols[11].appendDecimal(static_cast<__int128>(i) * 123456789012345LL);
    cols[12].appendDecimal(static_cast<__int128>(i - 10) * static_cast<__int128>(1000000000000000000LL) * 1000000000LL);
  }
  std::vector<ColumnPtr> columns;
  for (auto& c : cols) columns.push_back(c.finish());
  return std::make_shared<const Batch>(schema, std::move(columns), 25);
}

TEST(ParquetWriter, EveryTypeReadsBackWithEveryCodec) {
  BatchPtr batch = mixedBatch();
  for (auto codec : {parquet::Codec::kUncompressed, parquet::Codec::kSnappy, parquet::Codec::kGzip,
                     parquet::Codec::kZstd, parquet::Codec::kLz4Raw}) {
    parquet::WriteOptions options;
    options.codec = codec;
    options.pageRows = 7;  // several pages per column
    auto file = parquet::writeParquetFile({batch}, *batch->schema(), options);
    ASSERT_TRUE(file.ok()) << file.status().message();
    auto meta = testing::parquetFooter(*file);
    ASSERT_TRUE(meta.ok()) << meta.status().message();
    ASSERT_EQ(meta->numRows, 25);
    for (size_t c = 0; c < batch->numColumns(); ++c) {
      const auto& leaf = meta->schema[c + 1];
      auto column = parquet::readFlatColumnChunk(*file, *meta->rowGroups[0].columns[c].metaData, leaf, 1);
      ASSERT_TRUE(column.ok()) << leaf.name << ": " << column.status().message();
      ASSERT_TRUE((*column)->type()->equals(*batch->column(c)->type())) << leaf.name;
      for (int64_t i = 0; i < 25; ++i) {
        EXPECT_EQ((*column)->valueAt(i).toString(*(*column)->type()),
                  batch->column(c)->valueAt(i).toString(*batch->column(c)->type()))
            << leaf.name << " row " << i << " codec " << static_cast<int>(codec);
      }
    }
  }
}

// pyarrow (a test peer scripts/setup installs) reads what spate wrote: the same rows.
TEST(ParquetWriter, PyarrowReadsTheFile) {
  BatchPtr batch = mixedBatch();
  auto file = parquet::writeParquetFile({batch}, *batch->schema(), parquet::WriteOptions{});
  ASSERT_TRUE(file.ok()) << file.status().message();
  testing::TempDir dir;
  std::string path = dir.path() + "/mixed.parquet";
  std::ofstream(path, std::ios::binary) << *file;
  std::string command =
      "python3 -c \"import sys, pyarrow.parquet as pq; t = pq.read_table(sys.argv[1]); "
      "print(t.schema.to_string(show_schema_metadata=False)); r = t.slice(0, 4).to_pylist(); print(r)\" " +
      path + " 2>&1";
  FILE* pipe = popen(command.c_str(), "r");
  ASSERT_NE(pipe, nullptr);
  std::string out;
  char buf[4096];
  while (size_t n = fread(buf, 1, sizeof buf, pipe)) out.append(buf, n);
  ASSERT_EQ(pclose(pipe), 0) << out;
  EXPECT_NE(out.find("b: bool"), std::string::npos) << out;
  EXPECT_NE(out.find("t: int8"), std::string::npos) << out;
  EXPECT_NE(out.find("s: string"), std::string::npos) << out;
  EXPECT_NE(out.find("day: date32[day]"), std::string::npos) << out;
  EXPECT_NE(out.find("ts: timestamp[us, tz=UTC]"), std::string::npos) << out;
  EXPECT_NE(out.find("d38: decimal128(38, 10)"), std::string::npos) << out;
  EXPECT_NE(out.find("'s': 'xé1'"), std::string::npos) << out;
  EXPECT_NE(out.find("'d9': Decimal('-999.99')"), std::string::npos) << out;
  EXPECT_NE(out.find("'ts': datetime.datetime(2024, 1, 2, 3, 4, 5, 1, tzinfo="), std::string::npos) << out;
  EXPECT_NE(out.find("'d38': Decimal('-900000000000000000.0000000000')"), std::string::npos) << out;
  EXPECT_NE(out.find("{'b': None, 't': None"), std::string::npos) << out;  // row 3 is null
}

}  // namespace
}  // namespace spate
