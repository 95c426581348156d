#pragma once

// A column chunk's dictionary while it is written: each distinct value once, in the
// order first seen, found again through an open-addressing hash table of indices (no
// allocation per value; byte values are copied once into blocks the dictionary owns,
// since the batches they come from may be gone when the dictionary page is written).

#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "spate/io/parquet_values.h"

namespace spate::parquet {

template <typename T>
class ValueDictionary {
 public:
  using Traits = PhysicalTraits<T>;

  ValueDictionary() { clear(); }

  // Appends each value's index to indices, adding the values not seen yet.
  void encode(std::span<const T> values, std::vector<uint32_t>& indices) {
    size_t at = indices.size();
    indices.resize(at + values.size());
    uint32_t* out = indices.data() + at;
    for (size_t k = 0; k < values.size(); ++k) out[k] = indexOf(values[k]);
  }

  size_t size() const { return values_.size(); }
  const std::vector<T>& values() const { return values_; }
  // The size of the dictionary page, PLAIN-encoded.
  int64_t plainBytes() const { return plainBytes_; }

  void clear() {
    values_.clear();
    hashes_.clear();
    blocks_.clear();
    blockNext_ = nullptr;
    blockLeft_ = 0;
    plainBytes_ = 0;
    slots_.assign(1024, -1);
    mask_ = slots_.size() - 1;
  }

 private:
  uint32_t indexOf(const T& v) {
    const uint64_t h = Traits::hash(v);
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      const int32_t index = slots_[s];
      if (index < 0) {
        slots_[s] = static_cast<int32_t>(values_.size());
        add(v, h);
        return static_cast<uint32_t>(values_.size() - 1);
      }
      if (hashes_[static_cast<size_t>(index)] == h && Traits::equal(values_[static_cast<size_t>(index)], v)) {
        return static_cast<uint32_t>(index);
      }
    }
  }

  void add(const T& v, uint64_t h) {
    plainBytes_ += Traits::plainSize(v);
    hashes_.push_back(h);
    if constexpr (std::is_same_v<T, ByteArray> || std::is_same_v<T, FixedBytes>) {
      values_.push_back(T{own(v.bytes)});
    } else {
      values_.push_back(v);
    }
    if (values_.size() * 2 > slots_.size()) grow();
  }

  std::string_view own(std::string_view bytes) {
    if (bytes.size() > blockLeft_) {
      size_t size = std::max<size_t>(bytes.size(), 256 << 10);
      blocks_.push_back(std::make_unique<char[]>(size));
      blockNext_ = blocks_.back().get();
      blockLeft_ = size;
    }
    char* p = blockNext_;
    std::memcpy(p, bytes.data(), bytes.size());
    blockNext_ += bytes.size();
    blockLeft_ -= bytes.size();
    return {p, bytes.size()};
  }

  void grow() {
    slots_.assign(slots_.size() * 2, -1);
    mask_ = slots_.size() - 1;
    for (size_t i = 0; i < values_.size(); ++i) {
      size_t s = hashes_[i] & mask_;
      while (slots_[s] >= 0) s = (s + 1) & mask_;
      slots_[s] = static_cast<int32_t>(i);
    }
  }

  std::vector<T> values_;
  std::vector<uint64_t> hashes_;
  std::vector<int32_t> slots_;  // an index into values_, or -1
  size_t mask_ = 0;
  int64_t plainBytes_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* blockNext_ = nullptr;
  size_t blockLeft_ = 0;
};

}  // namespace spate::parquet
