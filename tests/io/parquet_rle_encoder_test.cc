#include <gtest/gtest.h>

#include <random>

#include "spate/io/parquet_rle.h"
#include "spate/io/parquet_rle_encoder.h"

namespace spate {
namespace {

template <typename T>
std::string encode(const std::vector<T>& values, int bitWidth) {
  std::string out;
  parquet::RleBitPackedEncoder encoder(bitWidth, &out);
  encoder.putAll(values.data(), static_cast<int64_t>(values.size()));
  encoder.finish();
  return out;
}

std::vector<uint32_t> decode(const std::string& bytes, int bitWidth, size_t n) {
  parquet::RleBitPackedDecoder d(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size(), bitWidth);
  std::vector<uint32_t> out(n);
  Status st = d.decode(out.data(), static_cast<int64_t>(n));
  EXPECT_TRUE(st.ok()) << st.message();
  return out;
}

TEST(ParquetRleEncoder, LongLiteralRunsSplitAt63Groups) {
  std::vector<uint32_t> values(1000);
  for (size_t i = 0; i < values.size(); ++i) values[i] = i % 2;
  std::string bytes = encode(values, 1);
  // 125 groups of one byte each: a run of 63 groups, then one of 62.
  ASSERT_EQ(bytes.size(), 2u + 125u);
  EXPECT_EQ(static_cast<uint8_t>(bytes[0]), (63 << 1) | 1);
  EXPECT_EQ(static_cast<uint8_t>(bytes[64]), (62 << 1) | 1);
  EXPECT_EQ(decode(bytes, 1, values.size()), values);
}

TEST(ParquetRleEncoder, LevelsOfAFlatColumnWithoutNullsAreOneRun) {
  std::vector<uint16_t> levels(20000, 1);
  std::string bytes = encode(levels, 1);
  EXPECT_EQ(bytes, std::string("\xc0\xb8\x02\x01", 4));  // varint(20000 << 1), then the value
}

TEST(ParquetRleEncoder, RunsAndLiteralsInterleaveAtEveryWidth) {
  std::mt19937 rng(11);
  for (int width : {1, 2, 7, 9, 17, 32}) {
    std::vector<uint16_t> small;
    std::vector<uint32_t> values;
    const uint64_t limit = uint64_t{1} << width;
    while (values.size() < 5000) {
      auto v = static_cast<uint32_t>(rng() % limit);
      size_t repeat = rng() % 4 == 0 ? rng() % 100 + 1 : 1;
      for (size_t r = 0; r < repeat; ++r) values.push_back(v);
    }
    EXPECT_EQ(decode(encode(values, width), width, values.size()), values) << width;
    if (width <= 16) {
      for (uint32_t v : values) small.push_back(static_cast<uint16_t>(v));
      EXPECT_EQ(encode(small, width), encode(values, width)) << width;
    }
  }
}

}  // namespace
}  // namespace spate
