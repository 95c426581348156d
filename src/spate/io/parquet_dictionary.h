#pragma once

// A column chunk's dictionary while it is written: each distinct value once, in the
// order first seen, found again through an open-addressing hash table of indices (no
// allocation per value; byte values are copied once into blocks the dictionary owns,
// since the batches they come from may be gone when the dictionary page is written).

#include <algorithm>
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

  // Appends each value's index to indices, adding the values not seen yet. Hashes are
  // taken a block ahead and their slots prefetched, so probes do not wait on memory
  // one after another.
  void encode(std::span<const T> values, std::vector<uint32_t>& indices) {
    constexpr size_t kAhead = 16;
    const size_t at = indices.size();
    indices.resize(at + values.size());
    uint32_t* out = indices.data() + at;
    uint64_t hashes[kAhead];
    for (size_t k0 = 0; k0 < values.size(); k0 += kAhead) {
      const size_t m = std::min(kAhead, values.size() - k0);
      for (size_t j = 0; j < m; ++j) {
        hashes[j] = Traits::hash(values[k0 + j]);
        __builtin_prefetch(&slots_[hashes[j] & mask_]);
      }
      for (size_t j = 0; j < m; ++j) out[k0 + j] = indexOf(values[k0 + j], hashes[j]);
    }
  }

  size_t size() const { return values_.size(); }
  const std::vector<T>& values() const { return values_; }
  // The size of the dictionary page, PLAIN-encoded.
  int64_t plainBytes() const { return plainBytes_; }

  void clear() {
    values_.clear();
    blocks_.clear();
    blockNext_ = nullptr;
    blockLeft_ = 0;
    plainBytes_ = 0;
    slots_.assign(1024, Slot{});
    mask_ = slots_.size() - 1;
  }

 private:
  // A table slot: the index of a value (-1: empty) and the high half of its hash, which
  // settles most mismatches without looking at the value.
  struct Slot {
    uint32_t tag = 0;
    int32_t index = -1;
  };

  uint32_t indexOf(const T& v, uint64_t h) {
    const auto tag = static_cast<uint32_t>(h >> 32);
    for (size_t s = h & mask_;; s = (s + 1) & mask_) {
      const Slot slot = slots_[s];
      if (slot.index < 0) {
        const auto index = static_cast<int32_t>(values_.size());
        slots_[s] = Slot{tag, index};
        add(v);
        return static_cast<uint32_t>(index);
      }
      if (slot.tag == tag && Traits::equal(values_[static_cast<size_t>(slot.index)], v)) {
        return static_cast<uint32_t>(slot.index);
      }
    }
  }

  void add(const T& v) {
    plainBytes_ += Traits::plainSize(v);
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
    slots_.assign(slots_.size() * 2, Slot{});
    mask_ = slots_.size() - 1;
    for (size_t i = 0; i < values_.size(); ++i) {
      const uint64_t h = Traits::hash(values_[i]);
      size_t s = h & mask_;
      while (slots_[s].index >= 0) s = (s + 1) & mask_;
      slots_[s] = Slot{static_cast<uint32_t>(h >> 32), static_cast<int32_t>(i)};
    }
  }

  std::vector<T> values_;
  std::vector<Slot> slots_;
  size_t mask_ = 0;
  int64_t plainBytes_ = 0;
  std::vector<std::unique_ptr<char[]>> blocks_;
  char* blockNext_ = nullptr;
  size_t blockLeft_ = 0;
};

}  // namespace spate::parquet
