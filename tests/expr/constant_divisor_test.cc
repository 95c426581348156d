#include "spate/expr/constant_divisor.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace spate {
namespace {

constexpr int64_t kMin = std::numeric_limits<int64_t>::min();
constexpr int64_t kMax = std::numeric_limits<int64_t>::max();

TEST(ConstantDivisor, MatchesTheHardwareDivideOnEdgesAndRandomValues) {
  std::vector<int64_t> divisors = {1, -1, 2, -2, 3, 7, -7, 10, 123, 1000, -1000, 2147483647, -2147483648,
                                   int64_t{1} << 32, (int64_t{1} << 62) + 1, kMax, kMin, kMin + 1};
  std::vector<int64_t> values = {0, 1, -1, 2, -2, 999, 1000, 1001, -999, -1000, -1001, kMax, kMax - 1, kMin, kMin + 1};
  std::mt19937_64 rng(42);
  for (int i = 0; i < 20; ++i) divisors.push_back(static_cast<int64_t>(rng()) >> (rng() % 63));
  for (int i = 0; i < 2000; ++i) values.push_back(static_cast<int64_t>(rng()) >> (rng() % 64));
  for (int64_t d : divisors) {
    if (d == 0) continue;
    ConstantDivisor cd(d);
    for (int64_t x : values) {
      if (d == -1) {  // the one case the hardware traps on: Java wraps
        EXPECT_EQ(cd.quotient(x), static_cast<int64_t>(0 - static_cast<uint64_t>(x)));
        EXPECT_EQ(cd.remainder(x), 0);
        continue;
      }
      ASSERT_EQ(cd.quotient(x), x / d) << x << " / " << d;
      ASSERT_EQ(cd.remainder(x), x % d) << x << " % " << d;
    }
  }
  EXPECT_EQ(ConstantDivisor(-1).quotient(kMin), kMin);
}

}  // namespace
}  // namespace spate
