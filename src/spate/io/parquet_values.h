#pragma once

// The physical values the Parquet writer encodes, and what each type needs: its PLAIN
// bytes, a hash and an equality for the dictionary (bitwise, so -0.0 and +0.0, or two
// NaNs of different payloads, stay apart as in pyarrow), and the type-defined order
// that min/max statistics follow.

#include <cstdint>
#include <cstring>
#include <span>
#include <string>
#include <string_view>

#include "spate/common/hash.h"
#include "spate/io/parquet_metadata.h"

namespace spate::parquet {

// BYTE_ARRAY: strings and binary, ordered as unsigned bytes.
struct ByteArray {
  std::string_view bytes;
};
// FIXED_LEN_BYTE_ARRAY: decimals of more than 18 digits, big-endian two's complement,
// ordered as signed numbers.
struct FixedBytes {
  std::string_view bytes;
};
// BOOLEAN values are bytes 0 / 1 until a page packs them into bits.
using BooleanValue = uint8_t;

template <typename T>
struct PhysicalTraits;

inline uint64_t load8(const char* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}
inline uint32_t load4(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Equality of two byte strings of length n, without a call for short ones: two
// overlapping loads cover 4..16 bytes.
inline bool bytesEqual(const char* a, const char* b, size_t n) {
  if (n >= 8 && n <= 16) return load8(a) == load8(b) && load8(a + n - 8) == load8(b + n - 8);
  if (n >= 4 && n < 8) return load4(a) == load4(b) && load4(a + n - 4) == load4(b + n - 4);
  if (n < 4) {
    for (size_t i = 0; i < n; ++i) {
      if (a[i] != b[i]) return false;
    }
    return true;
  }
  return std::memcmp(a, b, n) == 0;
}

// INT32, INT64, FLOAT, DOUBLE.
template <typename T>
struct NumericTraits {
  static int64_t plainSize(T) { return sizeof(T); }
  static void appendPlain(std::string& out, std::span<const T> values) {
    out.append(reinterpret_cast<const char*>(values.data()), values.size_bytes());
  }
  static uint64_t hash(T v) {
    uint64_t bits = 0;
    std::memcpy(&bits, &v, sizeof(T));
    return mix64(bits);
  }
  static bool equal(T a, T b) { return std::memcmp(&a, &b, sizeof(T)) == 0; }
  // NaN is never a statistic: the caller skips it.
  static bool less(T a, T b) { return a < b; }
  static std::string statBytes(T v) { return std::string(reinterpret_cast<const char*>(&v), sizeof(T)); }
};

template <>
struct PhysicalTraits<int32_t> : NumericTraits<int32_t> {};
template <>
struct PhysicalTraits<int64_t> : NumericTraits<int64_t> {};
template <>
struct PhysicalTraits<float> : NumericTraits<float> {};
template <>
struct PhysicalTraits<double> : NumericTraits<double> {};

template <>
struct PhysicalTraits<ByteArray> {
  static int64_t plainSize(ByteArray v) { return 4 + static_cast<int64_t>(v.bytes.size()); }
  static void appendPlain(std::string& out, std::span<const ByteArray> values) {
    size_t total = 0;
    for (const auto& v : values) total += 4 + v.bytes.size();
    size_t at = out.size();
    out.resize(at + total);
    char* p = out.data() + at;
    for (const auto& v : values) {
      auto length = static_cast<uint32_t>(v.bytes.size());
      std::memcpy(p, &length, 4);
      std::memcpy(p + 4, v.bytes.data(), v.bytes.size());
      p += 4 + v.bytes.size();
    }
  }
  // Short values (most dictionary strings) hash from two overlapping loads, without
  // the variable-length copy of the general hash.
  static uint64_t hash(ByteArray v) {
    const char* p = v.bytes.data();
    const size_t n = v.bytes.size();
    if (n >= 8 && n <= 16) return mix64(load8(p) ^ mix64(load8(p + n - 8) ^ n));
    if (n >= 4 && n < 8) return mix64(((static_cast<uint64_t>(load4(p)) << 32) | load4(p + n - 4)) ^ (n << 56));
    if (n < 4) {
      uint64_t w = n;
      for (size_t i = 0; i < n; ++i) w = (w << 8) | static_cast<uint8_t>(p[i]);
      return mix64(w ^ 0x9E3779B97F4A7C15ULL);
    }
    return hashBytes(reinterpret_cast<const uint8_t*>(p), n);
  }
  static bool equal(ByteArray a, ByteArray b) {
    return a.bytes.size() == b.bytes.size() && bytesEqual(a.bytes.data(), b.bytes.data(), a.bytes.size());
  }
  static bool less(ByteArray a, ByteArray b) {
    int c = std::memcmp(a.bytes.data(), b.bytes.data(), std::min(a.bytes.size(), b.bytes.size()));
    return c != 0 ? c < 0 : a.bytes.size() < b.bytes.size();
  }
  static std::string statBytes(ByteArray v) { return std::string(v.bytes); }
};

template <>
struct PhysicalTraits<FixedBytes> {
  static int64_t plainSize(FixedBytes v) { return static_cast<int64_t>(v.bytes.size()); }
  static void appendPlain(std::string& out, std::span<const FixedBytes> values) {
    for (const auto& v : values) out.append(v.bytes);
  }
  static uint64_t hash(FixedBytes v) {
    return hashBytes(reinterpret_cast<const uint8_t*>(v.bytes.data()), v.bytes.size());
  }
  static bool equal(FixedBytes a, FixedBytes b) {
    return a.bytes.size() == b.bytes.size() && bytesEqual(a.bytes.data(), b.bytes.data(), a.bytes.size());
  }
  // Equal lengths: the sign byte compares signed, the rest as unsigned bytes.
  static bool less(FixedBytes a, FixedBytes b) {
    if (a.bytes.empty()) return false;
    auto sa = static_cast<int8_t>(a.bytes[0]), sb = static_cast<int8_t>(b.bytes[0]);
    if (sa != sb) return sa < sb;
    return std::memcmp(a.bytes.data() + 1, b.bytes.data() + 1, a.bytes.size() - 1) < 0;
  }
  static std::string statBytes(FixedBytes v) { return std::string(v.bytes); }
};

template <>
struct PhysicalTraits<BooleanValue> {
  static bool less(BooleanValue a, BooleanValue b) { return a < b; }
  static std::string statBytes(BooleanValue v) { return std::string(1, static_cast<char>(v)); }
};

}  // namespace spate::parquet
