#pragma once

#include <cstdint>
#include <optional>

#include "spate/columnar/column.h"

namespace spate {

// Integer division by a divisor that is the same for a whole column (a literal): a
// multiply and one correction instead of a hardware divide, which takes tens of cycles.
// Results are Java's: the quotient truncates toward zero, the remainder has the
// dividend's sign, and Long.MIN_VALUE / -1 wraps to Long.MIN_VALUE.
class ConstantDivisor {
 public:
  // d must not be 0.
  explicit ConstantDivisor(int64_t d) : negative_(d < 0), abs_(magnitude(d)), magic_(~uint64_t{0} / abs_) {}

  int64_t quotient(int64_t x) const {
    uint64_t q, r;
    divide(magnitude(x), q, r);
    return static_cast<int64_t>((x < 0) != negative_ ? 0 - q : q);
  }
  int64_t remainder(int64_t x) const {
    uint64_t q, r;
    divide(magnitude(x), q, r);
    return static_cast<int64_t>(x < 0 ? 0 - r : r);
  }

 private:
  static uint64_t magnitude(int64_t x) { return x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x); }
  // magic_ is floor((2^64 - 1) / abs_), so u * magic_ / 2^64 falls short of u / abs_ by
  // less than one: the estimate is the quotient or one below it.
  void divide(uint64_t u, uint64_t& q, uint64_t& r) const {
    q = static_cast<uint64_t>((static_cast<unsigned __int128>(u) * magic_) >> 64);
    r = u - q * abs_;
    if (r >= abs_) {
      r -= abs_;
      ++q;
    }
  }

  bool negative_;
  uint64_t abs_;
  uint64_t magic_;
};

// The divisor of a literal, non-null, non-zero integral column; none otherwise.
template <typename T>
std::optional<ConstantDivisor> literalDivisor(const Column& c) {
  if (!c.isConstant() || c.length() == 0 || c.isNull(0) || c.valueAt<T>(0) == 0) return std::nullopt;
  return ConstantDivisor(static_cast<int64_t>(c.valueAt<T>(0)));
}

}  // namespace spate
