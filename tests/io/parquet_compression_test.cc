#include <gtest/gtest.h>

#include <random>

#include "spate/io/parquet_compression.h"
#include "tests/io/parquet_test_util.h"

namespace spate {
namespace {

using parquet::Codec;

TEST(ParquetCompression, RoundTripsEveryCodecWeWrite) {
  std::mt19937 rng(3);
  std::string repetitive, noise;
  for (int i = 0; i < 100000; ++i) repetitive += "row " + std::to_string(i % 97) + ";";
  for (int i = 0; i < 5000; ++i) noise.push_back(static_cast<char>(rng()));
  for (const char* name : {"none", "SNAPPY", "gzip", "zstd", "lz4"}) {
    auto codec = parquet::codecByName(name);
    ASSERT_TRUE(codec.ok()) << name;
    for (const std::string& input : {repetitive, noise, std::string()}) {
      auto packed = parquet::compress(*codec, input);
      ASSERT_TRUE(packed.ok()) << name << ": " << packed.status().message();
      if (*codec != Codec::kUncompressed && input.size() == repetitive.size()) {
        EXPECT_LT(packed->size(), input.size() / 5) << name;
      }
      auto back = parquet::decompress(*codec, *packed, static_cast<int64_t>(input.size()));
      ASSERT_TRUE(back.ok()) << name << ": " << back.status().message();
      EXPECT_EQ(*back, input) << name;
    }
  }
  auto bad = parquet::codecByName("brotli9");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("Available codecs are"), std::string::npos);
}

TEST(ParquetCompression, CorruptOrMisSizedPagesAreErrors) {
  std::string input(10000, 'x');
  for (Codec codec : {Codec::kSnappy, Codec::kGzip, Codec::kZstd, Codec::kLz4Raw}) {
    std::string packed = *parquet::compress(codec, input);
    EXPECT_FALSE(parquet::decompress(codec, packed, 9999).ok()) << static_cast<int>(codec);   // header lies
    EXPECT_FALSE(parquet::decompress(codec, packed, 10001).ok()) << static_cast<int>(codec);
    EXPECT_FALSE(parquet::decompress(codec, packed.substr(0, packed.size() / 2), 10000).ok())
        << static_cast<int>(codec);
    std::string flipped = packed;
    for (size_t i = 0; i < flipped.size(); i += 3) flipped[i] = static_cast<char>(flipped[i] ^ 0x5a);
    auto garbled = parquet::decompress(codec, flipped, 10000);  // an error, or some 10000 bytes: never a crash
    if (garbled.ok()) {
      EXPECT_EQ(garbled->size(), 10000u);
    }
  }
}

// pyarrow wrote the same table with each codec: every page decompresses to the bytes
// of the uncompressed file's page.
TEST(ParquetCompression, DecompressesPagesPyarrowWrote) {
  std::string plainFile = testing::parquetFixture("pyarrow_flat_uncompressed.parquet");
  auto plain = testing::parquetFooter(plainFile);
  ASSERT_TRUE(plain.ok()) << plain.status().message();
  for (const char* name : {"pyarrow_flat.parquet", "pyarrow_flat_gzip.parquet", "pyarrow_flat_zstd.parquet",
                           "pyarrow_flat_lz4.parquet"}) {
    std::string file = testing::parquetFixture(name);
    auto meta = testing::parquetFooter(file);
    ASSERT_TRUE(meta.ok()) << name << ": " << meta.status().message();
    int pages = 0;
    for (size_t g = 0; g < meta->rowGroups.size(); ++g) {
      for (size_t c = 0; c < meta->rowGroups[g].columns.size(); ++c) {
        const auto& column = *meta->rowGroups[g].columns[c].metaData;
        const auto& plainColumn = *plain->rowGroups[g].columns[c].metaData;
        auto at = [](const parquet::ColumnMetaData& m) {
          return static_cast<size_t>(m.dictionaryPageOffset.value_or(m.dataPageOffset));
        };
        size_t offset = at(column), plainOffset = at(plainColumn);
        size_t end = offset + static_cast<size_t>(column.totalCompressedSize);
        while (offset < end) {
          auto header = parquet::readPageHeader(std::string_view(file).substr(offset));
          auto plainHeader = parquet::readPageHeader(std::string_view(plainFile).substr(plainOffset));
          ASSERT_TRUE(header.ok() && plainHeader.ok()) << name;
          offset += header->second;
          plainOffset += plainHeader->second;
          auto bytes = parquet::decompress(column.codec, std::string_view(file).substr(offset, header->first.compressedPageSize),
                                           header->first.uncompressedPageSize);
          ASSERT_TRUE(bytes.ok()) << name << ": " << bytes.status().message();
          EXPECT_EQ(*bytes, plainFile.substr(plainOffset, plainHeader->first.compressedPageSize)) << name << " column " << c;
          offset += static_cast<size_t>(header->first.compressedPageSize);
          plainOffset += static_cast<size_t>(plainHeader->first.compressedPageSize);
          ++pages;
        }
      }
    }
    EXPECT_GE(pages, 16) << name;  // 2 row groups x 8 columns, and dictionary pages
  }
}

}  // namespace
}  // namespace spate
