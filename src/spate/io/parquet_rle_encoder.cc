#include "spate/io/parquet_rle_encoder.h"

namespace spate::parquet {

namespace {

// A one-byte header holds at most 63 groups ((63 << 1) | 1 < 128).
constexpr int kMaxLiteralGroups = 63;

void appendVarint(std::string& out, uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

}  // namespace

void RleBitPackedEncoder::put(uint32_t value) {
  if (repeatCount_ > 0 && value == current_) {
    ++repeatCount_;
    if (repeatCount_ > 8) return;  // the run grows; its first 8 values were a whole group
  } else {
    if (repeatCount_ >= 8) flushRepeated();
    repeatCount_ = 1;
    current_ = value;
  }
  buffered_[numBuffered_++] = value;
  if (numBuffered_ == 8) flushGroup();
}

void RleBitPackedEncoder::flushGroup() {
  if (repeatCount_ >= 8) {
    // The group is the start of a repeated run, written when the run ends.
    numBuffered_ = 0;
    endLiteral();
    return;
  }
  if (literalGroups_ == 0) {
    literalHeaderAt_ = out_->size();
    out_->push_back('\0');
  }
  // 8 values of bitWidth bits are bitWidth whole bytes.
  const size_t at = out_->size();
  out_->resize(at + static_cast<size_t>(bitWidth_));
  char* p = out_->data() + at;
  uint64_t acc = 0;
  int bits = 0;
  for (int k = 0; k < 8; ++k) {
    acc |= static_cast<uint64_t>(buffered_[k]) << bits;
    bits += bitWidth_;
    while (bits >= 8) {
      *p++ = static_cast<char>(acc & 0xff);
      acc >>= 8;
      bits -= 8;
    }
  }
  numBuffered_ = 0;
  repeatCount_ = 0;
  if (++literalGroups_ == kMaxLiteralGroups) endLiteral();
}

void RleBitPackedEncoder::flushRepeated() {
  endLiteral();
  appendVarint(*out_, static_cast<uint64_t>(repeatCount_) << 1);
  for (int b = 0; b < (bitWidth_ + 7) / 8; ++b) out_->push_back(static_cast<char>((current_ >> (8 * b)) & 0xff));
  repeatCount_ = 0;
  numBuffered_ = 0;
}

void RleBitPackedEncoder::endLiteral() {
  if (literalGroups_ == 0) return;
  (*out_)[literalHeaderAt_] = static_cast<char>((literalGroups_ << 1) | 1);
  literalGroups_ = 0;
}

void RleBitPackedEncoder::finish() {
  if (repeatCount_ >= 8) {
    flushRepeated();
  } else if (numBuffered_ > 0) {
    for (int k = numBuffered_; k < 8; ++k) buffered_[k] = 0;
    repeatCount_ = 0;
    flushGroup();
  }
  endLiteral();
}

}  // namespace spate::parquet
