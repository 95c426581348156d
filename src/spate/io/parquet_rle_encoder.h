#pragma once

// The writing side of Parquet's RLE / bit-packed hybrid (levels and dictionary
// indices). Values are taken one group of 8 at a time: a group of 8 equal values
// opens a repeated run that then grows without buffering, any other group is
// bit-packed into the current literal run. Long runs of an array are counted in a
// tight loop, so a page of all-defined levels costs a scan, not a call per value.

#include <cstdint>
#include <string>

namespace spate::parquet {

class RleBitPackedEncoder {
 public:
  // Appends the runs to *out; bitWidth 0..32.
  RleBitPackedEncoder(int bitWidth, std::string* out) : bitWidth_(bitWidth), out_(out) {}

  void put(uint32_t value);
  template <typename T>
  void putAll(const T* values, int64_t n) {
    for (int64_t i = 0; i < n;) {
      if (repeatCount_ >= 8 && values[i] == current_) {
        int64_t j = i + 1;
        while (j < n && values[j] == current_) ++j;
        repeatCount_ += j - i;
        i = j;
        continue;
      }
      // At a group boundary outside a run, 8 values not all equal are a literal group,
      // exactly as 8 calls to put() would make them.
      if (numBuffered_ == 0 && repeatCount_ == 0 && n - i >= 8) {
        bool allEqual = true;
        for (int k = 1; k < 8; ++k) allEqual &= values[i + k] == values[i];
        if (!allEqual) {
          for (int k = 0; k < 8; ++k) buffered_[k] = static_cast<uint32_t>(values[i + k]);
          numBuffered_ = 8;
          flushGroup();
          i += 8;
          continue;
        }
      }
      put(static_cast<uint32_t>(values[i++]));
    }
  }
  // Writes what is buffered; the last literal group is padded with zeros (readers
  // take only as many values as the page says).
  void finish();

 private:
  void flushGroup();
  void flushRepeated();
  void endLiteral();

  int bitWidth_;
  std::string* out_;
  uint32_t buffered_[8] = {};
  int numBuffered_ = 0;
  uint32_t current_ = 0;
  // Equal values at the end of the buffer, counted from the last group boundary.
  int64_t repeatCount_ = 0;
  // The open literal run: where its one-byte header goes and how many groups it has.
  size_t literalHeaderAt_ = 0;
  int literalGroups_ = 0;
};

}  // namespace spate::parquet
