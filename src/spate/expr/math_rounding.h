#pragma once

// Decimal rounding as java.math.BigDecimal.setScale does it, shared by round, bround,
// floor and ceil: Spark rounds doubles through their shortest decimal representation
// (BigDecimal.valueOf), so round(1.005, 2) is 1.01, not the binary 1.0.

#include <cstdint>

namespace spate {

enum class RoundMode { kHalfUp, kHalfEven, kCeiling, kFloor };

// Divides by 10^digits (digits >= 0) with one rounding mode; the divisor is computed
// once, outside the row loops.
class DecimalRounder {
 public:
  DecimalRounder(int digits, RoundMode mode);
  __int128 apply(__int128 v) const;

 private:
  int digits_;
  __int128 divisor_;
  RoundMode mode_;
};

// x rounded to `scale` decimal places (negative: to tens, hundreds...) through its
// shortest decimal representation. NaN and infinities are returned as they are; a
// result of zero is +0.0, as BigDecimal has no negative zero.
double roundDouble(double x, int scale, RoundMode mode);
float roundFloat(float x, int scale, RoundMode mode);

}  // namespace spate
