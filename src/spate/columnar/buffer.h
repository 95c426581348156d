#pragma once

#include <cstdint>
#include <cstring>
#include <memory>

namespace spate {

// A 64-byte aligned, zero-padded byte buffer: the unit of memory of a Column, as an
// Arrow buffer. Grows geometrically for builders; never shrinks.
class Buffer {
 public:
  static constexpr int64_t kAlignment = 64;

  explicit Buffer(int64_t size = 0);
  ~Buffer();
  Buffer(const Buffer&) = delete;
  Buffer& operator=(const Buffer&) = delete;

  uint8_t* data() { return data_; }
  const uint8_t* data() const { return data_; }
  template <typename T>
  T* as() {
    return reinterpret_cast<T*>(data_);
  }
  template <typename T>
  const T* as() const {
    return reinterpret_cast<const T*>(data_);
  }
  int64_t size() const { return size_; }
  int64_t capacity() const { return capacity_; }

  // Bytes past size() are unspecified: capacity is not zeroed.
  void reserve(int64_t capacity);
  // Bytes added by growing are zeroed.
  void resize(int64_t size);
  void append(const void* src, int64_t n) {
    if (n == 0) return;  // an empty buffer has no memory to copy into
    if (size_ + n > capacity_) reserve(size_ + n);
    std::memcpy(data_ + size_, src, static_cast<size_t>(n));
    size_ += n;
  }
  // Appends n (a fixed width, 0 to 16) zero bytes: a null's slot, inline for the hot path.
  void appendZeros(int64_t n) {
    if (n == 0) return;
    if (size_ + n > capacity_) reserve(size_ + n);
    static constexpr uint8_t kZeros[16] = {};
    std::memcpy(data_ + size_, kZeros, static_cast<size_t>(n));
    size_ += n;
  }

 private:
  uint8_t* data_ = nullptr;
  int64_t size_ = 0;
  int64_t capacity_ = 0;
};

using BufferPtr = std::shared_ptr<Buffer>;

inline BufferPtr allocateBuffer(int64_t size) { return std::make_shared<Buffer>(size); }

// Arrow's LSB-first bitmaps: bit i set means row i is valid (or true).
namespace bits {
inline bool get(const uint8_t* bitmap, int64_t i) { return (bitmap[i >> 3] >> (i & 7)) & 1; }
inline void set(uint8_t* bitmap, int64_t i) { bitmap[i >> 3] |= static_cast<uint8_t>(1u << (i & 7)); }
inline void clear(uint8_t* bitmap, int64_t i) { bitmap[i >> 3] &= static_cast<uint8_t>(~(1u << (i & 7))); }
inline void setTo(uint8_t* bitmap, int64_t i, bool v) {
  bitmap[i >> 3] = static_cast<uint8_t>((bitmap[i >> 3] & ~(1u << (i & 7))) | (static_cast<unsigned>(v) << (i & 7)));
}
inline int64_t bytesFor(int64_t nbits) { return (nbits + 7) / 8; }
int64_t countSet(const uint8_t* bitmap, int64_t nbits);
// Packs n bytes (0 or 1) into bits starting at bit 0.
void packBytes(const uint8_t* bytes, int64_t n, uint8_t* bitmap);
// A validity bitmap from one byte per row (non-zero: valid); null when all are valid.
std::shared_ptr<Buffer> packValidity(const uint8_t* valid, int64_t n);
}  // namespace bits

}  // namespace spate
