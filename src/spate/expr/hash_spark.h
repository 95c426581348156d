#pragma once

// Spark's hash primitives, bit for bit: Murmur3_x86_32 (hash()) and XXH64 (xxhash64()).
// Murmur3's hashUnsafeBytes is not the reference algorithm: after the 4-byte words it
// mixes each remaining byte, sign-extended, as a separate block. Words are read
// little-endian, as Spark's Platform.getInt does on x86.

#include <bit>
#include <cstdint>
#include <cstring>

namespace spate::sparkhash {

// ---- Murmur3_x86_32 -------------------------------------------------------------------

inline uint32_t murmurMixK1(uint32_t k1) {
  k1 *= 0xcc9e2d51u;
  k1 = std::rotl(k1, 15);
  return k1 * 0x1b873593u;
}

inline uint32_t murmurMixH1(uint32_t h1, uint32_t k1) {
  h1 ^= k1;
  h1 = std::rotl(h1, 13);
  return h1 * 5 + 0xe6546b64u;
}

inline uint32_t murmurFmix(uint32_t h1, uint32_t length) {
  h1 ^= length;
  h1 ^= h1 >> 16;
  h1 *= 0x85ebca6bu;
  h1 ^= h1 >> 13;
  h1 *= 0xc2b2ae35u;
  h1 ^= h1 >> 16;
  return h1;
}

inline int32_t murmurInt(int32_t v, int32_t seed) {
  uint32_t h = murmurMixH1(static_cast<uint32_t>(seed), murmurMixK1(static_cast<uint32_t>(v)));
  return static_cast<int32_t>(murmurFmix(h, 4));
}

inline int32_t murmurLong(int64_t v, int32_t seed) {
  auto u = static_cast<uint64_t>(v);
  uint32_t h = murmurMixH1(static_cast<uint32_t>(seed), murmurMixK1(static_cast<uint32_t>(u)));
  h = murmurMixH1(h, murmurMixK1(static_cast<uint32_t>(u >> 32)));
  return static_cast<int32_t>(murmurFmix(h, 8));
}

inline int32_t murmurBytes(const uint8_t* p, size_t n, int32_t seed) {
  auto h = static_cast<uint32_t>(seed);
  size_t aligned = n - n % 4;
  for (size_t i = 0; i < aligned; i += 4) {
    uint32_t word;
    std::memcpy(&word, p + i, 4);
    h = murmurMixH1(h, murmurMixK1(word));
  }
  for (size_t i = aligned; i < n; ++i) {
    auto halfWord = static_cast<uint32_t>(static_cast<int32_t>(static_cast<int8_t>(p[i])));
    h = murmurMixH1(h, murmurMixK1(halfWord));
  }
  return static_cast<int32_t>(murmurFmix(h, static_cast<uint32_t>(n)));
}

// ---- XXH64 ----------------------------------------------------------------------------

inline constexpr uint64_t kPrime64_1 = 0x9E3779B185EBCA87ULL;
inline constexpr uint64_t kPrime64_2 = 0xC2B2AE3D27D4EB4FULL;
inline constexpr uint64_t kPrime64_3 = 0x165667B19E3779F9ULL;
inline constexpr uint64_t kPrime64_4 = 0x85EBCA77C2B2AE63ULL;
inline constexpr uint64_t kPrime64_5 = 0x27D4EB2F165667C5ULL;

inline uint64_t xxFmix(uint64_t h) {
  h ^= h >> 33;
  h *= kPrime64_2;
  h ^= h >> 29;
  h *= kPrime64_3;
  h ^= h >> 32;
  return h;
}

inline int64_t xxInt(int32_t v, int64_t seed) {
  uint64_t h = static_cast<uint64_t>(seed) + kPrime64_5 + 4;
  h ^= static_cast<uint64_t>(static_cast<uint32_t>(v)) * kPrime64_1;
  h = std::rotl(h, 23) * kPrime64_2 + kPrime64_3;
  return static_cast<int64_t>(xxFmix(h));
}

inline int64_t xxLong(int64_t v, int64_t seed) {
  uint64_t h = static_cast<uint64_t>(seed) + kPrime64_5 + 8;
  h ^= std::rotl(static_cast<uint64_t>(v) * kPrime64_2, 31) * kPrime64_1;
  h = std::rotl(h, 27) * kPrime64_1 + kPrime64_4;
  return static_cast<int64_t>(xxFmix(h));
}

inline uint64_t xxRound(uint64_t acc, uint64_t input) {
  acc += input * kPrime64_2;
  acc = std::rotl(acc, 31);
  return acc * kPrime64_1;
}

inline uint64_t xxMergeRound(uint64_t h, uint64_t v) {
  h ^= xxRound(0, v);
  return h * kPrime64_1 + kPrime64_4;
}

inline int64_t xxBytes(const uint8_t* p, size_t n, int64_t seed) {
  auto s = static_cast<uint64_t>(seed);
  const uint8_t* end = p + n;
  uint64_t h;
  auto read64 = [](const uint8_t* q) {
    uint64_t w;
    std::memcpy(&w, q, 8);
    return w;
  };
  if (n >= 32) {
    uint64_t v1 = s + kPrime64_1 + kPrime64_2, v2 = s + kPrime64_2, v3 = s, v4 = s - kPrime64_1;
    const uint8_t* limit = end - 32;
    do {
      v1 = xxRound(v1, read64(p));
      v2 = xxRound(v2, read64(p + 8));
      v3 = xxRound(v3, read64(p + 16));
      v4 = xxRound(v4, read64(p + 24));
      p += 32;
    } while (p <= limit);
    h = std::rotl(v1, 1) + std::rotl(v2, 7) + std::rotl(v3, 12) + std::rotl(v4, 18);
    h = xxMergeRound(h, v1);
    h = xxMergeRound(h, v2);
    h = xxMergeRound(h, v3);
    h = xxMergeRound(h, v4);
  } else {
    h = s + kPrime64_5;
  }
  h += n;
  while (p + 8 <= end) {
    h ^= xxRound(0, read64(p));
    h = std::rotl(h, 27) * kPrime64_1 + kPrime64_4;
    p += 8;
  }
  if (p + 4 <= end) {
    uint32_t w;
    std::memcpy(&w, p, 4);
    h ^= static_cast<uint64_t>(w) * kPrime64_1;
    h = std::rotl(h, 23) * kPrime64_2 + kPrime64_3;
    p += 4;
  }
  while (p < end) {
    h ^= static_cast<uint64_t>(*p) * kPrime64_5;
    h = std::rotl(h, 11) * kPrime64_1;
    ++p;
  }
  return static_cast<int64_t>(xxFmix(h));
}

}  // namespace spate::sparkhash
