#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <functional>

#include "spate/columnar/builder.h"
#include "spate/columnar/selection.h"
#include "spate/io/parquet_column_reader.h"
#include "spate/io/parquet_compression.h"
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

// One page of a column chunk, as its header says.
struct PageInfo {
  parquet::PageType type;
  parquet::Encoding encoding;
  int32_t values;
  std::string bytes;  // decompressed
};

// Every page of a chunk, from its first (dictionary) page to the end of its bytes.
std::vector<PageInfo> pagesOf(const std::string& file, const parquet::ColumnMetaData& m) {
  std::vector<PageInfo> pages;
  auto at = static_cast<size_t>(m.dictionaryPageOffset.value_or(m.dataPageOffset));
  const size_t end = at + static_cast<size_t>(m.totalCompressedSize);
  while (at < end) {
    auto h = parquet::readPageHeader(std::string_view(file).substr(at, end - at));
    EXPECT_TRUE(h.ok()) << h.status().message();
    if (!h.ok()) break;
    const parquet::PageHeader& header = h->first;
    at += h->second;
    const auto packed = std::string_view(file).substr(at, static_cast<size_t>(header.compressedPageSize));
    auto raw = parquet::decompress(m.codec, packed, header.uncompressedPageSize);
    EXPECT_TRUE(raw.ok());
    at += static_cast<size_t>(header.compressedPageSize);
    if (header.dictionaryPage) {
      pages.push_back({header.type, header.dictionaryPage->encoding, header.dictionaryPage->numValues, *raw});
    } else {
      pages.push_back({header.type, header.dataPage->encoding, header.dataPage->numValues, *raw});
    }
  }
  EXPECT_EQ(at, end);
  return pages;
}

struct Written {
  std::string file;
  parquet::FileMetaData meta;
};

Written writeColumns(const SchemaPtr& schema, const std::vector<ColumnPtr>& columns, const parquet::WriteOptions& o) {
  auto batch = std::make_shared<const Batch>(schema, columns, columns.empty() ? 0 : columns[0]->length());
  auto file = parquet::writeParquetFile({batch}, *schema, o);
  EXPECT_TRUE(file.ok()) << file.status().message();
  Written w{file.ok() ? *file : std::string(), {}};
  auto meta = testing::parquetFooter(w.file);
  EXPECT_TRUE(meta.ok()) << meta.status().message();
  if (meta.ok()) w.meta = std::move(*meta);
  return w;
}

ColumnPtr stringColumn(int64_t n, const std::function<std::string(int64_t)>& value) {
  ColumnBuilder b(DataType::string());
  for (int64_t i = 0; i < n; ++i) b.appendString(value(i));
  return b.finish();
}

TEST(ParquetWriter, RepeatedStringsAreDictionaryEncoded) {
  auto schema = std::make_shared<Schema>(Schema().add("s", DataType::string()).add("b", DataType::boolean()));
  ColumnBuilder flags(DataType::boolean());
  for (int i = 0; i < 10000; ++i) flags.appendBool(i % 3 == 0);
  Written w = writeColumns(schema, {stringColumn(10000, [](int64_t i) { return "v" + std::to_string(i % 10); }),
                                    flags.finish()}, {});
  const auto& m = *w.meta.rowGroups.at(0).columns.at(0).metaData;
  ASSERT_TRUE(m.dictionaryPageOffset.has_value());
  EXPECT_EQ(m.encodings, (std::vector<parquet::Encoding>{parquet::Encoding::kPlain, parquet::Encoding::kRle,
                                                         parquet::Encoding::kRleDictionary}));
  auto pages = pagesOf(w.file, m);
  ASSERT_GE(pages.size(), 2u);
  EXPECT_EQ(pages[0].type, parquet::PageType::kDictionaryPage);
  EXPECT_EQ(pages[0].values, 10);
  EXPECT_EQ(pages[0].bytes.substr(0, 6), std::string("\x02\0\0\0v0", 6));
  for (size_t p = 1; p < pages.size(); ++p) EXPECT_EQ(pages[p].encoding, parquet::Encoding::kRleDictionary);
  // Booleans never take a dictionary.
  const auto& b = *w.meta.rowGroups[0].columns[1].metaData;
  EXPECT_FALSE(b.dictionaryPageOffset.has_value());
  EXPECT_EQ(b.encodings, (std::vector<parquet::Encoding>{parquet::Encoding::kPlain, parquet::Encoding::kRle}));
}

TEST(ParquetWriter, ADictionaryPastItsLimitFallsBackToPlainForTheRestOfTheChunk) {
  auto schema = std::make_shared<Schema>(Schema().add("s", DataType::string()));
  parquet::WriteOptions o;
  o.pageRows = 100;
  o.dictionaryPageBytes = 5000;
  // Distinct values: the dictionary grows by 14 bytes a row and passes 5000 bytes in
  // the fourth page of 100 rows.
  Written w = writeColumns(schema, {stringColumn(3000, [](int64_t i) { return fmt::format("value{:05d}", i); })}, o);
  const auto& m = *w.meta.rowGroups.at(0).columns.at(0).metaData;
  auto pages = pagesOf(w.file, m);
  ASSERT_GT(pages.size(), 4u);
  EXPECT_EQ(pages[0].type, parquet::PageType::kDictionaryPage);
  EXPECT_EQ(pages[1].encoding, parquet::Encoding::kRleDictionary);
  EXPECT_EQ(pages[3].encoding, parquet::Encoding::kRleDictionary);
  EXPECT_EQ(pages[4].encoding, parquet::Encoding::kPlain);
  EXPECT_EQ(pages.back().encoding, parquet::Encoding::kPlain);
  size_t firstPlain = 1;
  while (firstPlain < pages.size() && pages[firstPlain].encoding == parquet::Encoding::kRleDictionary) ++firstPlain;
  for (size_t p = firstPlain; p < pages.size(); ++p) EXPECT_EQ(pages[p].encoding, parquet::Encoding::kPlain) << p;
  int64_t values = 0;
  for (size_t p = 1; p < pages.size(); ++p) values += pages[p].values;
  EXPECT_EQ(values, 3000);
  EXPECT_EQ(m.encodings, (std::vector<parquet::Encoding>{parquet::Encoding::kPlain, parquet::Encoding::kRle,
                                                         parquet::Encoding::kRleDictionary}));
  // The values of the file are the rows, dictionary pages and plain ones alike.
  auto column = parquet::readFlatColumnChunk(w.file, m, w.meta.schema[1], 1);
  ASSERT_TRUE(column.ok()) << column.status().message();
  for (int64_t i : {0, 1500, 2999}) EXPECT_EQ((*column)->stringAt(i), fmt::format("value{:05d}", i));

  // A dictionary that overflows within the first page is never written.
  o.pageRows = 20000;
  Written single = writeColumns(schema, {stringColumn(3000, [](int64_t i) { return fmt::format("v{:08d}", i); })}, o);
  const auto& plain = *single.meta.rowGroups.at(0).columns.at(0).metaData;
  EXPECT_FALSE(plain.dictionaryPageOffset.has_value());
  EXPECT_EQ(plain.encodings, (std::vector<parquet::Encoding>{parquet::Encoding::kPlain, parquet::Encoding::kRle}));
}

TEST(ParquetWriter, DictionaryCanBeTurnedOff) {
  auto schema = std::make_shared<Schema>(Schema().add("s", DataType::string()));
  parquet::WriteOptions o;
  o.dictionary = false;
  Written w = writeColumns(schema, {stringColumn(100, [](int64_t i) { return "x"; })}, o);
  EXPECT_FALSE(w.meta.rowGroups.at(0).columns.at(0).metaData->dictionaryPageOffset.has_value());
}

// min_value / max_value of column c of the first row group, decoded as T.
template <typename T>
std::pair<T, T> minMax(const Written& w, size_t c) {
  const auto& s = *w.meta.rowGroups.at(0).columns.at(c).metaData->statistics;
  EXPECT_TRUE(s.minValue && s.maxValue);
  T lo{}, hi{};
  if (s.minValue && s.maxValue && s.minValue->size() == sizeof(T) && s.maxValue->size() == sizeof(T)) {
    std::memcpy(&lo, s.minValue->data(), sizeof(T));
    std::memcpy(&hi, s.maxValue->data(), sizeof(T));
  }
  return {lo, hi};
}

TEST(ParquetWriter, StatisticsFollowTheTypeDefinedOrder) {
  auto schema = std::make_shared<Schema>(Schema()
                                             .add("i", DataType::int_())
                                             .add("d", DataType::double_())
                                             .add("z", DataType::float_())
                                             .add("nan", DataType::double_())
                                             .add("s", DataType::string())
                                             .add("big", DataType::decimal(38, 0))
                                             .add("b", DataType::boolean())
                                             .add("t", DataType::short_()));
  std::vector<std::vector<Value>> rows = {
      {Value::integer(-5), Value::fractional(std::nan("")), Value::fractional(0.0), Value::fractional(std::nan("")),
       Value::string("b"), Value::decimal(-7), Value::boolean(true), Value::integer(-300)},
      {Value::integer(3), Value::fractional(0.0), Value::fractional(-0.0), Value(), Value::string("\xff"),
       Value::decimal(static_cast<__int128>(1) << 100), Value(), Value::integer(2)},
      {Value(), Value::fractional(2.5), Value::fractional(-0.0), Value::fractional(std::nan("")), Value::string("ab"),
       Value::decimal(-(static_cast<__int128>(1) << 90)), Value::boolean(true), Value()},
  };
  BatchPtr batch = batchFromRows(schema, rows);
  for (bool dictionary : {true, false}) {
    parquet::WriteOptions o;
    o.dictionary = dictionary;
    Written w = writeColumns(schema, batch->columns(), o);
    EXPECT_EQ(w.meta.columnOrders,
              std::vector<parquet::ColumnOrder>(schema->size(), parquet::ColumnOrder::kTypeDefined));
    EXPECT_EQ(minMax<int32_t>(w, 0), (std::pair<int32_t, int32_t>{-5, 3}));
    EXPECT_EQ(w.meta.rowGroups[0].columns[0].metaData->statistics->nullCount, 1);
    auto [dlo, dhi] = minMax<double>(w, 1);  // NaN is left out; a zero minimum is -0
    EXPECT_EQ(dlo, 0.0);
    EXPECT_TRUE(std::signbit(dlo));
    EXPECT_EQ(dhi, 2.5);
    auto [zlo, zhi] = minMax<float>(w, 2);  // only zeros: -0 to +0
    EXPECT_TRUE(zlo == 0 && std::signbit(zlo));
    EXPECT_TRUE(zhi == 0 && !std::signbit(zhi));
    const auto& nan = *w.meta.rowGroups[0].columns[3].metaData->statistics;
    EXPECT_FALSE(nan.minValue.has_value());  // nothing but NaN and nulls
    EXPECT_EQ(nan.nullCount, 1);
    const auto& s = *w.meta.rowGroups[0].columns[4].metaData->statistics;
    EXPECT_EQ(*s.minValue, "ab");
    EXPECT_EQ(*s.maxValue, "\xff");  // unsigned bytes: 0xff sorts last
    const auto& big = *w.meta.rowGroups[0].columns[5].metaData->statistics;
    ASSERT_EQ(big.minValue->size(), 16u);
    EXPECT_EQ(static_cast<uint8_t>((*big.minValue)[0]), 0xff);  // -(2^90), negative
    EXPECT_EQ(static_cast<uint8_t>((*big.minValue)[4]), 0xfc);
    EXPECT_EQ(static_cast<uint8_t>((*big.maxValue)[3]), 0x10);  // 2^100
    const auto& b = *w.meta.rowGroups[0].columns[6].metaData->statistics;
    EXPECT_EQ(*b.minValue, std::string("\x01", 1));
    EXPECT_EQ(*b.maxValue, std::string("\x01", 1));
    EXPECT_EQ(minMax<int32_t>(w, 7), (std::pair<int32_t, int32_t>{-300, 2}));
  }
}

TEST(ParquetWriter, RowGroupsAndPagesAreCutBySize) {
  auto schema = std::make_shared<Schema>(Schema().add("l", DataType::long_()).add("s", DataType::string()));
  const int64_t n = 100000;
  ColumnBuilder longs(DataType::long_());
  for (int64_t i = 0; i < n; ++i) longs.appendInt(i * 7919);
  ColumnPtr strings = stringColumn(n, [](int64_t i) { return std::to_string(i); });
  parquet::WriteOptions o;
  o.codec = parquet::Codec::kUncompressed;
  o.dictionary = false;
  o.rowGroupBytes = 256 << 10;
  o.pageBytes = 8 << 10;
  // Two batches: row groups span batches.
  auto all = std::make_shared<const Batch>(schema, std::vector<ColumnPtr>{longs.finish(), strings}, n);
  auto file = parquet::writeParquetFile({sliceBatch(all, 0, 30000), sliceBatch(all, 30000, n - 30000)}, *schema, o);
  ASSERT_TRUE(file.ok()) << file.status().message();
  auto meta = testing::parquetFooter(*file);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->numRows, n);
  // About 1.6 MB of data in groups of 256 KiB.
  EXPECT_GE(meta->rowGroups.size(), 5u);
  EXPECT_LE(meta->rowGroups.size(), 9u);
  int64_t rows = 0;
  for (size_t g = 0; g < meta->rowGroups.size(); ++g) {
    const auto& group = meta->rowGroups[g];
    rows += group.numRows;
    EXPECT_EQ(group.ordinal, static_cast<int16_t>(g));
    EXPECT_LE(group.totalByteSize, 256 * 1024 * 1.2) << g;
    const auto& l = *group.columns[0].metaData;
    EXPECT_EQ(l.numValues, group.numRows);
    for (const auto& page : pagesOf(*file, l)) EXPECT_LE(page.bytes.size(), 8 * 1024 * 1.3);
    // The first value of each group is where the last one stopped.
    auto column = parquet::readFlatColumnChunk(*file, l, meta->schema[1], 1);
    ASSERT_TRUE(column.ok()) << column.status().message();
    EXPECT_EQ((*column)->valueAt<int64_t>(0), (rows - group.numRows) * 7919);
  }
  EXPECT_EQ(rows, n);
  EXPECT_GT(pagesOf(*file, *meta->rowGroups[0].columns[0].metaData).size(), 10u);
}

TEST(ParquetWriter, StreamsRowGroupsOutAsTheyAreDone) {
  auto schema = std::make_shared<Schema>(Schema().add("l", DataType::long_()));
  parquet::WriteOptions o;
  o.rowGroupBytes = 4096;
  o.dictionary = false;
  auto writer = parquet::ParquetWriter::open(*schema, o);
  ASSERT_TRUE(writer.ok());
  std::string file;
  for (int b = 0; b < 5; ++b) {
    ColumnBuilder c(DataType::long_());
    for (int i = 0; i < 2000; ++i) c.appendInt(b * 2000 + i);
    ASSERT_TRUE((*writer)->write(Batch(schema, {c.finish()}, 2000)).ok());
    std::string part = (*writer)->takeOutput();
    EXPECT_FALSE(part.empty()) << "a full row group is out before the end";
    file += part;
  }
  ASSERT_TRUE((*writer)->finish().ok());
  file += (*writer)->takeOutput();
  auto meta = testing::parquetFooter(file);
  ASSERT_TRUE(meta.ok()) << meta.status().message();
  EXPECT_EQ(meta->numRows, 10000);
  EXPECT_GT(meta->rowGroups.size(), 3u);
  const auto& last = *meta->rowGroups.back().columns[0].metaData;
  auto column = parquet::readFlatColumnChunk(file, last, meta->schema[1], 1);
  ASSERT_TRUE(column.ok()) << column.status().message();
  EXPECT_EQ((*column)->valueAt<int64_t>((*column)->length() - 1), 9999);
}

TEST(ParquetWriter, NoRowsMakeAFileOfNoRowGroups) {
  auto schema = std::make_shared<Schema>(Schema().add("l", DataType::long_()));
  auto file = parquet::writeParquetFile({}, *schema, {});
  ASSERT_TRUE(file.ok());
  auto meta = testing::parquetFooter(*file);
  ASSERT_TRUE(meta.ok());
  EXPECT_EQ(meta->numRows, 0);
  EXPECT_TRUE(meta->rowGroups.empty());
}

TEST(ParquetWriter, OptionsTakeParquetMrsNamesAndBadValuesNameTheOption) {
  auto w = parquet::parquetWriteOptions(Options{{"parquet.block.size", "1048576"},
                                                {"PARQUET.PAGE.SIZE", "4096"},
                                                {"parquet.enable.dictionary", "false"},
                                                {"parquet.dictionary.page.size", "65536"},
                                                {"parquet.compression", "gzip"}});
  ASSERT_TRUE(w.ok()) << w.status().message();
  EXPECT_EQ(w->rowGroupBytes, 1048576);
  EXPECT_EQ(w->pageBytes, 4096);
  EXPECT_FALSE(w->dictionary);
  EXPECT_EQ(w->dictionaryPageBytes, 65536);
  EXPECT_EQ(w->codec, parquet::Codec::kGzip);
  auto defaults = parquet::parquetWriteOptions(Options{});
  ASSERT_TRUE(defaults.ok());
  EXPECT_EQ(defaults->rowGroupBytes, 128 << 20);
  EXPECT_EQ(defaults->pageBytes, 1 << 20);
  EXPECT_TRUE(defaults->dictionary);
  EXPECT_EQ(defaults->codec, parquet::Codec::kSnappy);
  // "compression" wins over Spark's alias.
  auto both = parquet::parquetWriteOptions(Options{{"compression", "zstd"}, {"parquet.compression", "gzip"}});
  ASSERT_TRUE(both.ok());
  EXPECT_EQ(both->codec, parquet::Codec::kZstd);
  for (auto [key, value] : std::vector<std::pair<std::string, std::string>>{{"parquet.block.size", "big"},
                                                                            {"parquet.block.size", "0"},
                                                                            {"parquet.page.size", "-1"},
                                                                            {"parquet.page.size", "4294967296"},
                                                                            {"parquet.enable.dictionary", "yes"},
                                                                            {"parquet.dictionary.page.size", "1.5"},
                                                                            {"parquet.page.row.count.limit", "0"}}) {
    auto bad = parquet::parquetWriteOptions(Options{{key, value}});
    ASSERT_FALSE(bad.ok()) << key << "=" << value;
    EXPECT_NE(bad.status().message().find(key), std::string::npos) << bad.status().message();
  }
  auto codec = parquet::parquetWriteOptions(Options{{"parquet.compression", "brotli"}});
  ASSERT_FALSE(codec.ok());
  EXPECT_NE(codec.status().message().find("brotli"), std::string::npos);
}

}  // namespace
}  // namespace spate
