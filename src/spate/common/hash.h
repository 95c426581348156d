#pragma once

#include <cstdint>
#include <cstring>

namespace spate {

// MurmurHash3's 64-bit finalizer: a cheap, well-mixed hash of one integer.
inline uint64_t mix64(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

// A fast non-cryptographic hash of a byte string (8 bytes per step), for hash tables.
inline uint64_t hashBytes(const uint8_t* p, size_t n, uint64_t seed = 0x9E3779B97F4A7C15ULL) {
  uint64_t h = seed ^ (n * 0x100000001b3ULL);
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    h = (h ^ mix64(w)) * 0x9E3779B97F4A7C15ULL;
    p += 8;
    n -= 8;
  }
  if (n) {
    uint64_t w = 0;
    std::memcpy(&w, p, n);
    h = (h ^ mix64(w ^ (n << 56))) * 0x9E3779B97F4A7C15ULL;
  }
  return mix64(h);
}

}  // namespace spate
