#pragma once

// Parquet's RLE / bit-packed hybrid encoding, used for definition and repetition
// levels and for dictionary indices: runs of one repeated value, and groups of 8
// values packed in bitWidth bits each, least significant bit first.

#include <cstdint>
#include <string>
#include <vector>

#include "spate/common/status.h"

namespace spate::parquet {

class RleBitPackedDecoder {
 public:
  // bitWidth 0..32; data is the encoded runs, without a length prefix.
  RleBitPackedDecoder(const uint8_t* data, size_t size, int bitWidth)
      : p_(data), end_(data + size), bitWidth_(bitWidth) {}

  // The next n values; an error when the data ends before them.
  Status decode(uint32_t* out, int64_t n);

 private:
  Status nextRun();

  const uint8_t* p_;
  const uint8_t* end_;
  int bitWidth_;
  // The current run: `left` values remain, repeated (RLE) or packed at `packed`.
  int64_t left_ = 0;
  bool repeated_ = false;
  uint32_t value_ = 0;
  const uint8_t* packed_ = nullptr;
  int64_t packedIndex_ = 0;
};

// Encodes values in runs: a value repeated 8 times or more as an RLE run, the rest
// bit-packed in groups of 8 (the last group padded with zeros).
std::string encodeRleBitPacked(const std::vector<uint32_t>& values, int bitWidth);

// The bits needed for values up to maxValue (0 for 0).
int bitWidthFor(uint32_t maxValue);

}  // namespace spate::parquet
