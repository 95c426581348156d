#include "spate/io/parquet_rle.h"

#include <bit>
#include <cstring>

#include "spate/io/parquet_rle_encoder.h"

namespace spate::parquet {

namespace {

Status truncated() { return Status::IOError("Parquet RLE/bit-packed data ends before its values"); }

// Value i of groups packed at `data`, bitWidth bits each, least significant bit first.
uint32_t unpack(const uint8_t* data, int64_t i, int bitWidth) {
  uint64_t bit = static_cast<uint64_t>(i) * static_cast<uint64_t>(bitWidth);
  const uint8_t* p = data + bit / 8;
  int shift = static_cast<int>(bit % 8);
  // At most 32 + 7 bits: five bytes, all inside the run (its byte count is whole groups).
  uint64_t word = 0;
  int bytes = (shift + bitWidth + 7) / 8;
  for (int b = 0; b < bytes; ++b) word |= static_cast<uint64_t>(p[b]) << (8 * b);
  return static_cast<uint32_t>((word >> shift) & ((uint64_t{1} << bitWidth) - 1));
}

}  // namespace

int bitWidthFor(uint32_t maxValue) { return maxValue == 0 ? 0 : 32 - std::countl_zero(maxValue); }

Status RleBitPackedDecoder::nextRun() {
  uint64_t header = 0;
  for (int shift = 0;; shift += 7) {
    if (p_ >= end_ || shift > 35) return truncated();
    uint8_t b = *p_++;
    header |= static_cast<uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) break;
  }
  if (header & 1) {
    uint64_t groups = header >> 1;
    uint64_t bytes = groups * static_cast<uint64_t>(bitWidth_);
    if (groups == 0 || bytes > static_cast<uint64_t>(end_ - p_)) return truncated();
    repeated_ = false;
    packed_ = p_;
    packedIndex_ = 0;
    left_ = static_cast<int64_t>(groups * 8);
    p_ += bytes;
  } else {
    left_ = static_cast<int64_t>(header >> 1);
    if (left_ == 0) return Status::IOError("Parquet RLE run of no values");
    int bytes = (bitWidth_ + 7) / 8;
    if (end_ - p_ < bytes) return truncated();
    value_ = 0;
    for (int b = 0; b < bytes; ++b) value_ |= static_cast<uint32_t>(p_[b]) << (8 * b);
    p_ += bytes;
    repeated_ = true;
  }
  return Status::OK();
}

Status RleBitPackedDecoder::decode(uint32_t* out, int64_t n) {
  if (bitWidth_ < 0 || bitWidth_ > 32) return Status::IOError("Parquet RLE bit width {} is out of range", bitWidth_);
  while (n > 0) {
    if (left_ == 0) SPATE_RETURN_IF_ERROR(nextRun());
    int64_t take = std::min(n, left_);
    if (repeated_) {
      std::fill(out, out + take, value_);
    } else if (bitWidth_ == 0) {
      std::fill(out, out + take, 0u);
    } else {
      for (int64_t i = 0; i < take; ++i) out[i] = unpack(packed_, packedIndex_ + i, bitWidth_);
      packedIndex_ += take;
    }
    out += take;
    n -= take;
    left_ -= take;
  }
  return Status::OK();
}

std::string encodeRleBitPacked(const std::vector<uint32_t>& values, int bitWidth) {
  std::string out;
  RleBitPackedEncoder encoder(bitWidth, &out);
  encoder.putAll(values.data(), static_cast<int64_t>(values.size()));
  encoder.finish();
  return out;
}

}  // namespace spate::parquet
