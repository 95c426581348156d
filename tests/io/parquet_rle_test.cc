#include <gtest/gtest.h>

#include <cstring>
#include <random>

#include "spate/io/parquet_metadata.h"
#include "spate/io/parquet_rle.h"
#include "tests/io/parquet_test_util.h"

namespace spate {
namespace {

using parquet::RleBitPackedDecoder;

std::vector<uint32_t> decodeAll(const std::string& bytes, int bitWidth, size_t n) {
  RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), bitWidth);
  std::vector<uint32_t> out(n);
  Status st = d.decode(out.data(), static_cast<int64_t>(n));
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

TEST(ParquetRle, BitPacksAsTheSpecsExample) {
  // parquet-format's Encodings.md: 0..7 in 3 bits are 10001000 11000110 11111010.
  std::string bytes = parquet::encodeRleBitPacked({0, 1, 2, 3, 4, 5, 6, 7}, 3);
  EXPECT_EQ(bytes, std::string("\x03\x88\xc6\xfa"));
  EXPECT_EQ(decodeAll(bytes, 3, 8), (std::vector<uint32_t>{0, 1, 2, 3, 4, 5, 6, 7}));
}

TEST(ParquetRle, RepeatedValuesBecomeOneRun) {
  std::string bytes = parquet::encodeRleBitPacked(std::vector<uint32_t>(1000, 5), 3);
  EXPECT_EQ(bytes, std::string("\xd0\x0f\x05", 3));  // varint(1000 << 1), the value in one byte
  EXPECT_EQ(decodeAll(bytes, 3, 1000), std::vector<uint32_t>(1000, 5));
}

TEST(ParquetRle, RoundTripsMixedRunsAtEveryWidth) {
  std::mt19937 rng(7);
  for (int width : {0, 1, 2, 3, 5, 8, 13, 16, 24, 31, 32}) {
    for (size_t n : {1u, 7u, 8u, 9u, 100u, 1001u}) {
      std::vector<uint32_t> values;
      uint64_t limit = width == 0 ? 1 : (uint64_t{1} << width);
      while (values.size() < n) {
        uint32_t v = static_cast<uint32_t>(rng() % limit);
        size_t repeat = rng() % 3 == 0 ? rng() % 20 + 1 : 1;  // some long runs, some short
        for (size_t r = 0; r < repeat && values.size() < n; ++r) values.push_back(v);
      }
      std::string bytes = parquet::encodeRleBitPacked(values, width);
      EXPECT_EQ(decodeAll(bytes, width, n), values) << "width " << width << ", " << n << " values";
    }
  }
}

TEST(ParquetRle, DataEndingEarlyIsAnError) {
  std::vector<uint32_t> values(100);
  for (size_t i = 0; i < values.size(); ++i) values[i] = static_cast<uint32_t>(i % 13);
  std::string bytes = parquet::encodeRleBitPacked(values, 4);
  for (size_t cut = 0; cut < bytes.size(); ++cut) {
    RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(bytes.data()), cut, 4);
    std::vector<uint32_t> out(values.size());
    EXPECT_FALSE(d.decode(out.data(), static_cast<int64_t>(out.size())).ok()) << cut;
  }
  EXPECT_EQ(parquet::bitWidthFor(0), 0);
  EXPECT_EQ(parquet::bitWidthFor(1), 1);
  EXPECT_EQ(parquet::bitWidthFor(255), 8);
  EXPECT_EQ(parquet::bitWidthFor(256), 9);
}

// A data page pyarrow wrote: the "name" column of the first row group, values
// "a", "b", "a" as dictionary indices after the definition levels.
TEST(ParquetRle, DecodesLevelsAndDictionaryIndicesOfAPagePyarrowWrote) {
  std::string file = testing::parquetFixture("pyarrow_flat_uncompressed.parquet");
  auto meta = testing::parquetFooter(file);
  ASSERT_TRUE(meta.ok()) << meta.status().message();
  const auto& column = *meta->rowGroups.at(0).columns.at(3).metaData;
  ASSERT_EQ(column.pathInSchema, std::vector<std::string>{"name"});
  auto header = parquet::readPageHeader(std::string_view(file).substr(static_cast<size_t>(column.dataPageOffset)));
  ASSERT_TRUE(header.ok()) << header.status().message();
  ASSERT_EQ(header->first.type, parquet::PageType::kDataPage);
  ASSERT_EQ(header->first.dataPage->encoding, parquet::Encoding::kRleDictionary);
  ASSERT_EQ(header->first.dataPage->numValues, 3);
  const auto* page = reinterpret_cast<const uint8_t*>(file.data()) + column.dataPageOffset + header->second;

  // Definition levels (max 1): a 4-byte length, then the runs.
  uint32_t levelsLength;
  std::memcpy(&levelsLength, page, 4);
  std::vector<uint32_t> levels(3);
  ASSERT_TRUE(RleBitPackedDecoder(page + 4, levelsLength, 1).decode(levels.data(), 3).ok());
  EXPECT_EQ(levels, (std::vector<uint32_t>{1, 1, 1}));

  // Dictionary indices: a byte of bit width, then the runs.
  const uint8_t* indices = page + 4 + levelsLength;
  size_t left = static_cast<size_t>(header->first.uncompressedPageSize) - 4 - levelsLength - 1;
  std::vector<uint32_t> ids(3);
  ASSERT_TRUE(RleBitPackedDecoder(indices + 1, left, indices[0]).decode(ids.data(), 3).ok());
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 0}));
}

}  // namespace
}  // namespace spate
