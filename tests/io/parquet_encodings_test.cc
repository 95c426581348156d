#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spate/io/parquet_encodings.h"

namespace spate {
namespace {

using namespace std::string_literals;

// parquet-format's Encodings.md, DELTA_BINARY_PACKED example 1: 1..5 have constant
// deltas, so every miniblock has bit width 0 and no bytes.
const std::string kOneToFive = "\x80\x01\x04\x05\x02"s  // block 128, 4 miniblocks, 5 values, first 1
                               "\x02\x00\x00\x00\x00"s;  // min delta 1, widths 0 0 0 0

// Example 2: 7 5 3 1 2 3 4 5: min delta -2, relative deltas 0 0 0 3 3 3 3 in 2 bits.
std::string sevenToFive() {
  std::string s = "\x80\x01\x04\x08\x0e"s "\x03\x02\x00\x00\x00"s;
  std::string miniblock(8, '\0');  // 32 values x 2 bits
  miniblock[0] = static_cast<char>(0xc0);
  miniblock[1] = 0x3f;
  return s + miniblock;
}

TEST(ParquetEncodings, DeltaBinaryPackedAsTheSpecsExamples) {
  std::vector<int64_t> out;
  auto used = parquet::decodeDeltaBinaryPacked(kOneToFive, 5, out);
  ASSERT_TRUE(used.ok()) << used.status().message();
  EXPECT_EQ(*used, kOneToFive.size());
  EXPECT_EQ(out, (std::vector<int64_t>{1, 2, 3, 4, 5}));

  std::string two = sevenToFive() + "tail";
  out.clear();
  used = parquet::decodeDeltaBinaryPacked(two, 8, out);
  ASSERT_TRUE(used.ok()) << used.status().message();
  EXPECT_EQ(*used, two.size() - 4);  // where the bytes after the run begin
  EXPECT_EQ(out, (std::vector<int64_t>{7, 5, 3, 1, 2, 3, 4, 5}));
}

TEST(ParquetEncodings, EveryTruncationIsAnError) {
  std::string full = sevenToFive();
  for (size_t n = 0; n < full.size(); ++n) {
    std::vector<int64_t> out;
    EXPECT_FALSE(parquet::decodeDeltaBinaryPacked(full.substr(0, n), 8, out).ok()) << n;
  }
  std::vector<int64_t> out;
  EXPECT_FALSE(parquet::decodeDeltaBinaryPacked(full, 9, out).ok()) << "more values than the run holds";
}

TEST(ParquetEncodings, DeltaLengthByteArraySplitsTheBytes) {
  // Lengths 2, 3 (first 2, min delta 1, widths 0), then "ab" "cde".
  std::string data = "\x80\x01\x04\x02\x04"s "\x02\x00\x00\x00\x00"s "abcde"s;
  std::vector<std::string_view> out;
  ASSERT_TRUE(parquet::decodeDeltaLengthByteArray(data, 2, out).ok());
  EXPECT_EQ(out, (std::vector<std::string_view>{"ab", "cde"}));
  EXPECT_FALSE(parquet::decodeDeltaLengthByteArray(data.substr(0, data.size() - 1), 2, out).ok());
}

TEST(ParquetEncodings, DeltaByteArrayRebuildsPrefixes) {
  // "ab", "abc", "abd": prefix lengths 0 2 2 (first 0; deltas 2 0: min 0, widths 2),
  // suffix lengths 2 1 1 (first 2; deltas -1 0: min -1, widths 1), then "abcd".
  std::string prefixes = "\x80\x01\x04\x03\x00"s "\x00\x02\x00\x00\x00"s;
  std::string packed(8, '\0');
  packed[0] = 0x02;  // deltas 2, 0 in 2 bits
  std::string suffixes = "\x80\x01\x04\x03\x04"s "\x01\x01\x00\x00\x00"s;
  std::string packedSuffix(4, '\0');
  packedSuffix[0] = 0x02;  // relative deltas 0, 1 in 1 bit
  std::string data = prefixes + packed + suffixes + packedSuffix + "abcd";
  std::string arena;
  std::vector<std::string_view> out;
  Status st = parquet::decodeDeltaByteArray(data, 3, arena, out);
  ASSERT_TRUE(st.ok()) << st.message();
  EXPECT_EQ(out, (std::vector<std::string_view>{"ab", "abc", "abd"}));
}

TEST(ParquetEncodings, ByteStreamSplitInterleavesTheStreams) {
  std::string out;
  ASSERT_TRUE(parquet::decodeByteStreamSplit("\x01\x02\x03\x04\x05\x06"s, 2, 3, out).ok());
  EXPECT_EQ(out, "\x01\x03\x05\x02\x04\x06"s);
  EXPECT_FALSE(parquet::decodeByteStreamSplit("\x01\x02\x03"s, 2, 3, out).ok());
}

}  // namespace
}  // namespace spate
