#pragma once

// A column chunk's min/max statistics in the type-defined order the Parquet spec
// gives each physical type (see parquet_values.h): signed integers, floats without
// NaN and with -0 as the minimum and +0 as the maximum of a zero, unsigned bytes for
// BYTE_ARRAY, signed decimals for FIXED_LEN_BYTE_ARRAY, false < true. The file's
// column_orders say TYPE_DEFINED_ORDER so readers trust them.

#include <algorithm>
#include <cmath>
#include <span>
#include <string>
#include <type_traits>

#include "spate/io/parquet_values.h"

namespace spate::parquet {

// Byte values longer than this get no min/max (as pyarrow's default), so one huge
// value does not bloat the footer.
constexpr size_t kMaxStatisticsBytes = 4096;

template <typename T>
class MinMaxStatistics {
 public:
  using Traits = PhysicalTraits<T>;
  static constexpr bool kBytes = std::is_same_v<T, ByteArray> || std::is_same_v<T, FixedBytes>;

  void update(std::span<const T> values) {
    if constexpr (kBytes) {
      if (values.empty()) return;
      T lo = values[0], hi = values[0];
      for (const T& v : values) {
        if (Traits::less(v, lo)) lo = v;
        if (Traits::less(hi, v)) hi = v;
      }
      if (!has_ || Traits::less(lo, T{min_})) min_.assign(lo.bytes);
      if (!has_ || Traits::less(T{max_}, hi)) max_.assign(hi.bytes);
      has_ = true;
    } else if constexpr (std::is_floating_point_v<T>) {
      for (T v : values) {
        if (std::isnan(v)) continue;
        if (!has_) {
          min_ = max_ = v;
          has_ = true;
        }
        min_ = std::min(min_, v);
        max_ = std::max(max_, v);
      }
    } else {
      if (values.empty()) return;
      T lo = values[0], hi = values[0];
      for (T v : values) {
        lo = std::min(lo, v);
        hi = std::max(hi, v);
      }
      min_ = has_ ? std::min(min_, lo) : lo;
      max_ = has_ ? std::max(max_, hi) : hi;
      has_ = true;
    }
  }

  void writeTo(Statistics& s) const {
    if (!has_) return;
    if constexpr (kBytes) {
      if (min_.size() > kMaxStatisticsBytes || max_.size() > kMaxStatisticsBytes) return;
      s.minValue = min_;
      s.maxValue = max_;
    } else if constexpr (std::is_floating_point_v<T>) {
      s.minValue = Traits::statBytes(min_ == 0 ? -T(0) : min_);
      s.maxValue = Traits::statBytes(max_ == 0 ? T(0) : max_);
    } else {
      s.minValue = Traits::statBytes(min_);
      s.maxValue = Traits::statBytes(max_);
    }
  }

  void clear() { has_ = false; }

 private:
  using Stored = std::conditional_t<kBytes, std::string, T>;
  bool has_ = false;
  Stored min_{}, max_{};
};

}  // namespace spate::parquet
