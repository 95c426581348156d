#include "spate/expr/math_rounding.h"

#include <charconv>
#include <cmath>
#include <cstring>

#include "spate/types/value.h"

namespace spate {

namespace {

constexpr int kMaxDigits = 38;

// Whether dropping a remainder r of a unit d (0 < r < d) from a magnitude whose kept
// part is q bumps the magnitude up by one; `negative` is the sign of the value.
bool roundsAwayFromZero(unsigned __int128 r, unsigned __int128 d, unsigned __int128 q, bool negative, RoundMode mode) {
  switch (mode) {
    case RoundMode::kHalfUp: return r >= d - r;
    case RoundMode::kHalfEven: return r > d - r || (r == d - r && (q & 1) != 0);
    case RoundMode::kCeiling: return !negative;
    case RoundMode::kFloor: return negative;
  }
  return false;
}

}  // namespace

DecimalRounder::DecimalRounder(int digits, RoundMode mode)
    : digits_(digits), divisor_(digits <= kMaxDigits ? pow10i128(digits) : 0), mode_(mode) {}

__int128 DecimalRounder::apply(__int128 v) const {
  if (digits_ == 0 || v == 0) return v;
  bool negative = v < 0;
  // |v| < 10^38 < 2^127, so the magnitude never overflows.
  auto mag = static_cast<unsigned __int128>(negative ? -v : v);
  if (digits_ > kMaxDigits) {
    // The whole value is a remainder smaller than half a unit.
    bool up = (mode_ == RoundMode::kCeiling && !negative) || (mode_ == RoundMode::kFloor && negative);
    return up ? (negative ? -1 : 1) : 0;
  }
  auto d = static_cast<unsigned __int128>(divisor_);
  unsigned __int128 q = mag / d, r = mag % d;
  if (r != 0 && roundsAwayFromZero(r, d, q, negative, mode_)) ++q;
  auto s = static_cast<__int128>(q);
  return negative ? -s : s;
}

namespace {

// The shortest decimal digits of x (as Java's Double.toString picks them): x equals
// digits * 10^exponent. Returns false for zero.
bool shortestDigits(double x, uint64_t& digits, int& exponent, int& count) {
  char buf[48];
  auto res = std::to_chars(buf, buf + sizeof buf, x, std::chars_format::scientific);
  digits = 0;
  count = 0;
  const char* p = buf;
  if (*p == '-') ++p;
  for (; p < res.ptr && *p != 'e'; ++p) {
    if (*p >= '0' && *p <= '9') {
      digits = digits * 10 + static_cast<uint64_t>(*p - '0');
      ++count;
    }
  }
  int e10 = 0;
  std::from_chars(p + 1 + (p[1] == '+' ? 1 : 0), res.ptr, e10);
  exponent = e10 - count + 1;
  return digits != 0;
}

// The digits of |x| rounded to `scale` places, as an integer q standing for
// q * 10^-scale; false when x needs no rounding at that scale.
bool roundedMagnitude(double x, int scale, RoundMode mode, uint64_t& q) {
  uint64_t digits;
  int exponent, count;
  if (!shortestDigits(x, digits, exponent, count)) {
    q = 0;
    return true;
  }
  if (scale >= -exponent) return false;
  bool negative = x < 0;
  // drop > 0 digits leave the value; drop > count drops them all.
  long drop = static_cast<long>(-exponent) - scale;
  if (drop > count) {
    q = 0;
    if (mode == RoundMode::kCeiling && !negative) q = 1;
    if (mode == RoundMode::kFloor && negative) q = 1;
    return true;
  }
  uint64_t d = 1;
  for (long i = 0; i < drop; ++i) d *= 10;
  q = digits / d;
  uint64_t r = digits % d;
  if (r != 0 && roundsAwayFromZero(r, d, q, negative, mode)) ++q;
  return true;
}

template <typename T>
T parseScaled(uint64_t q, int scale, bool negative) {
  if (q == 0) return T(0);
  // q has at most 20 digits and the exponent at most 11 characters.
  char buf[48];
  char* end = std::to_chars(buf, buf + 24, q).ptr;
  *end = 'e';
  end = std::to_chars(end + 1, buf + sizeof buf, -static_cast<long>(scale)).ptr;
  T v{};
  std::from_chars(buf, end, v);
  return negative ? -v : v;
}

}  // namespace

double roundDouble(double x, int scale, RoundMode mode) {
  if (!std::isfinite(x)) return x;
  uint64_t q;
  if (!roundedMagnitude(x, scale, mode, q)) return x;
  return parseScaled<double>(q, scale, x < 0);
}

float roundFloat(float x, int scale, RoundMode mode) {
  if (!std::isfinite(x)) return x;
  // Spark widens the float to double first and rounds that double's digits.
  auto d = static_cast<double>(x);
  uint64_t q;
  if (!roundedMagnitude(d, scale, mode, q)) return x;
  return parseScaled<float>(q, scale, d < 0);
}

}  // namespace spate
