#include <gtest/gtest.h>

#include <cstring>

#include "spate/io/parquet_metadata.h"
#include "spate/io/thrift_compact.h"
#include "tests/io/parquet_test_util.h"

namespace spate {
namespace {

using parquet::Codec;
using parquet::Encoding;
using parquet::LogicalType;
using parquet::PhysicalType;
using parquet::Repetition;
using thrift::Type;

TEST(ThriftCompact, RoundTripsFieldsListsAndNesting) {
  thrift::CompactWriter w;
  w.beginStruct();
  w.fieldI32(1, -7);
  w.fieldI64(40, int64_t{1} << 40);  // a delta over 15: the long field header
  w.fieldBool(41, true);
  w.fieldBinary(42, "héllo");
  w.fieldList(43, Type::kI32, 20);  // over 14 elements: the long list header
  for (int i = 0; i < 20; ++i) w.writeI32(i - 10);
  w.fieldHeader(44, Type::kStruct);
  w.beginStruct();
  w.fieldI32(1, 5);  // ids restart inside a nested struct
  w.endStruct();
  w.fieldI32(2, 99);  // a smaller id than the last: also the long form
  w.endStruct();
  std::string bytes = w.take();

  thrift::CompactReader r(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
  ASSERT_TRUE(r.beginStruct().ok());
  int16_t id = 0;
  Type type;
  std::vector<std::pair<int16_t, std::string>> seen;
  while (*r.nextField(id, type)) {
    switch (id) {
      case 1: EXPECT_EQ(*r.readI32(), -7); break;
      case 40: EXPECT_EQ(*r.readI64(), int64_t{1} << 40); break;
      case 41: EXPECT_TRUE(thrift::CompactReader::boolValue(type)); break;
      case 42: EXPECT_EQ(*r.readBinary(), "héllo"); break;
      case 43: {
        auto header = *r.readListHeader();
        ASSERT_EQ(header.second, 20);
        for (int i = 0; i < 20; ++i) EXPECT_EQ(*r.readI32(), i - 10);
        break;
      }
      case 44: ASSERT_TRUE(r.skip(type).ok()); break;
      case 2: EXPECT_EQ(*r.readI32(), 99); break;
      default: ADD_FAILURE() << "field " << id;
    }
    seen.push_back({id, ""});
  }
  r.endStruct();
  EXPECT_EQ(seen.size(), 7u);
  EXPECT_EQ(r.position(), bytes.size());
}

parquet::FileMetaData sampleMetadata() {
  parquet::FileMetaData f;
  f.schema.push_back({});
  f.schema[0].name = "schema";
  f.schema[0].numChildren = 2;
  parquet::SchemaElement ts;
  ts.name = "ts";
  ts.type = PhysicalType::kInt64;
  ts.repetition = Repetition::kOptional;
  ts.logicalType.kind = LogicalType::Kind::kTimestamp;
  ts.logicalType.adjustedToUtc = true;
  ts.logicalType.unit = LogicalType::TimeUnit::kMicros;
  f.schema.push_back(ts);
  parquet::SchemaElement amount;
  amount.name = "amount";
  amount.type = PhysicalType::kFixedLenByteArray;
  amount.typeLength = 5;
  amount.repetition = Repetition::kRequired;
  amount.logicalType.kind = LogicalType::Kind::kDecimal;
  amount.logicalType.precision = 10;
  amount.logicalType.scale = 2;
  f.schema.push_back(amount);
  f.numRows = 3;
  parquet::RowGroup g;
  g.numRows = 3;
  g.totalByteSize = 100;
  parquet::ColumnChunk c;
  c.fileOffset = 4;
  parquet::ColumnMetaData m;
  m.type = PhysicalType::kInt64;
  m.encodings = {Encoding::kPlain, Encoding::kRle};
  m.pathInSchema = {"ts"};
  m.codec = Codec::kSnappy;
  m.numValues = 3;
  m.dataPageOffset = 4;
  m.statistics = parquet::Statistics{};
  m.statistics->nullCount = 1;
  m.statistics->minValue = std::string("\x01\0\0\0\0\0\0\0", 8);
  c.metaData = m;
  g.columns.push_back(c);
  f.rowGroups.push_back(g);
  f.keyValueMetadata.push_back({"org.apache.spark.version", "3.5.0"});
  f.createdBy = "spate";
  return f;
}

TEST(ParquetMetadata, RoundTripsFileMetaData) {
  std::string bytes = parquet::writeFileMetaData(sampleMetadata());
  auto f = parquet::readFileMetaData(bytes);
  ASSERT_TRUE(f.ok()) << f.status().message();
  ASSERT_EQ(f->schema.size(), 3u);
  EXPECT_EQ(f->schema[1].logicalType.kind, LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(f->schema[1].logicalType.adjustedToUtc);
  EXPECT_EQ(f->schema[2].logicalType.kind, LogicalType::Kind::kDecimal);
  EXPECT_EQ(f->schema[2].logicalType.precision, 10);
  EXPECT_EQ(f->schema[2].typeLength, 5);
  EXPECT_EQ(f->numRows, 3);
  const auto& m = *f->rowGroups.at(0).columns.at(0).metaData;
  EXPECT_EQ(m.codec, Codec::kSnappy);
  EXPECT_EQ(m.encodings, (std::vector<Encoding>{Encoding::kPlain, Encoding::kRle}));
  EXPECT_EQ(m.statistics->nullCount, 1);
  EXPECT_EQ(m.statistics->minValue->size(), 8u);
  EXPECT_EQ(f->keyValueMetadata.at(0).second, "3.5.0");
  EXPECT_EQ(f->createdBy, "spate");
}

TEST(ParquetMetadata, EveryTruncationIsAnErrorNotACrash) {
  std::string bytes = parquet::writeFileMetaData(sampleMetadata());
  for (size_t n = 0; n < bytes.size(); ++n) {
    auto f = parquet::readFileMetaData(std::string_view(bytes.data(), n));
    EXPECT_FALSE(f.ok()) << "prefix of " << n << " bytes";
  }
  // Garbage: any answer, but an answer.
  std::string noise(256, '\0');
  for (size_t i = 0; i < noise.size(); ++i) noise[i] = static_cast<char>((i * 131 + 7) & 0xff);
  (void)parquet::readFileMetaData(noise);
}

TEST(ParquetMetadata, RoundTripsPageHeaders) {
  parquet::PageHeader h;
  h.type = parquet::PageType::kDictionaryPage;
  h.uncompressedPageSize = 120;
  h.compressedPageSize = 80;
  h.dictionaryPage = parquet::DictionaryPageHeader{3, Encoding::kPlain, false};
  std::string bytes = parquet::writePageHeader(h) + "page bytes";
  auto read = parquet::readPageHeader(bytes);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ(read->second, bytes.size() - std::strlen("page bytes"));
  EXPECT_EQ(read->first.type, parquet::PageType::kDictionaryPage);
  EXPECT_EQ(read->first.dictionaryPage->numValues, 3);
  EXPECT_EQ(read->first.compressedPageSize, 80);
}

// The footer of a file pyarrow wrote (tests/data/parquet/make_fixtures.py).
TEST(ParquetMetadata, ReadsTheFooterOfAFilePyarrowWrote) {
  std::string file = testing::parquetFixture("pyarrow_flat.parquet");
  ASSERT_EQ(file.substr(0, 4), "PAR1");
  ASSERT_EQ(file.substr(file.size() - 4), "PAR1");
  auto f = testing::parquetFooter(file);
  ASSERT_TRUE(f.ok()) << f.status().message();
  EXPECT_EQ(f->numRows, 5);
  ASSERT_EQ(f->rowGroups.size(), 2u);
  EXPECT_EQ(f->rowGroups[0].numRows, 3);
  EXPECT_EQ(f->rowGroups[1].numRows, 2);
  ASSERT_EQ(f->schema.size(), 9u);
  EXPECT_EQ(f->schema[0].numChildren, 8);
  std::vector<std::string> names;
  for (size_t i = 1; i < f->schema.size(); ++i) names.push_back(f->schema[i].name);
  EXPECT_EQ(names, (std::vector<std::string>{"id", "big", "score", "name", "flag", "ts", "day", "amount"}));
  EXPECT_EQ(f->schema[4].logicalType.kind, LogicalType::Kind::kString);
  EXPECT_EQ(f->schema[6].logicalType.kind, LogicalType::Kind::kTimestamp);
  EXPECT_TRUE(f->schema[6].logicalType.adjustedToUtc);
  EXPECT_EQ(f->schema[6].logicalType.unit, LogicalType::TimeUnit::kMicros);
  EXPECT_EQ(f->schema[7].logicalType.kind, LogicalType::Kind::kDate);
  EXPECT_EQ(f->schema[8].logicalType.kind, LogicalType::Kind::kDecimal);
  EXPECT_EQ(f->schema[8].logicalType.precision, 10);
  EXPECT_EQ(f->schema[8].logicalType.scale, 2);
  EXPECT_EQ(f->schema[8].type, PhysicalType::kFixedLenByteArray);
  const auto& name = *f->rowGroups[0].columns[3].metaData;
  EXPECT_EQ(name.pathInSchema, std::vector<std::string>{"name"});
  EXPECT_EQ(name.codec, Codec::kSnappy);
  EXPECT_EQ(name.dictionaryPageOffset, 303);
  EXPECT_EQ(name.dataPageOffset, 329);
  EXPECT_EQ(name.statistics->minValue, "a");
  EXPECT_EQ(name.statistics->maxValue, "b");
  EXPECT_EQ(f->createdBy->rfind("parquet-cpp-arrow", 0), 0u);

  // The dictionary page header where the column chunk says it is.
  auto page = parquet::readPageHeader(std::string_view(file).substr(static_cast<size_t>(*name.dictionaryPageOffset)));
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->first.type, parquet::PageType::kDictionaryPage);
  EXPECT_EQ(page->first.dictionaryPage->numValues, 2);  // "a", "b"
}

}  // namespace
}  // namespace spate
