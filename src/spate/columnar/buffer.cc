#include "spate/columnar/buffer.h"

#include <algorithm>
#include <bit>

#include "spate/columnar/buffer_pool.h"

namespace spate {

Buffer::Buffer(int64_t size) {
  if (size > 0) resize(size);
}

Buffer::~Buffer() { bufferpool::release(data_, capacity_); }

// Capacity is not zeroed: touching it would fault in pages nothing may ever use.
void Buffer::reserve(int64_t capacity) {
  if (capacity <= capacity_) return;
  int64_t newCap = std::max<int64_t>(capacity, capacity_ * 2);
  uint8_t* p = bufferpool::allocate(newCap, kAlignment);
  if (data_) {
    std::memcpy(p, data_, static_cast<size_t>(size_));
    bufferpool::release(data_, capacity_);
  }
  data_ = p;
  capacity_ = newCap;
}

void Buffer::resize(int64_t size) {
  if (size > capacity_) reserve(size);
  if (size > size_) std::memset(data_ + size_, 0, static_cast<size_t>(size - size_));
  size_ = size;
}

namespace bits {

int64_t countSet(const uint8_t* bitmap, int64_t nbits) {
  int64_t count = 0;
  int64_t words = nbits / 64;
  for (int64_t w = 0; w < words; ++w) {
    uint64_t x;
    std::memcpy(&x, bitmap + w * 8, 8);
    count += std::popcount(x);
  }
  for (int64_t i = words * 64; i < nbits; ++i) count += get(bitmap, i);
  return count;
}

void packBytes(const uint8_t* bytes, int64_t n, uint8_t* bitmap) {
  int64_t full = n / 8;
  for (int64_t b = 0; b < full; ++b) {
    const uint8_t* p = bytes + b * 8;
    bitmap[b] = static_cast<uint8_t>(p[0] | (p[1] << 1) | (p[2] << 2) | (p[3] << 3) | (p[4] << 4) | (p[5] << 5) |
                                     (p[6] << 6) | (p[7] << 7));
  }
  if (full * 8 < n) {
    uint8_t last = 0;
    for (int64_t i = full * 8; i < n; ++i) last |= static_cast<uint8_t>(bytes[i] << (i & 7));
    bitmap[full] = last;
  }
}

BufferPtr packValidity(const uint8_t* valid, int64_t n) {
  bool all = true;
  for (int64_t i = 0; i < n; ++i) all &= valid[i] != 0;
  if (all) return nullptr;
  auto bitmap = allocateBuffer(bytesFor(n));
  packBytes(valid, n, bitmap->data());
  return bitmap;
}

}  // namespace bits
}  // namespace spate
