// Double-valued math functions. Arguments cast to double; results follow
// java.lang.Math as Spark's do, including its special cases: the logarithms are null
// (not NaN or -Infinity) at and below their asymptote, pow(x, NaN) is NaN, and atan2
// treats -0.0 as 0.0.

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numbers>

#include "spate/expr/cast.h"
#include "spate/expr/kernels.h"
#include "spate/expr/math_functions.h"

namespace spate {

namespace {

// Each f is a captureless lambda, so every function gets its own loop with f inlined.
template <typename F>
ScalarResolver unaryDouble(const char* name, F f) {
  return [name, f](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], name));
    return ResolvedScalar{DataType::double_(), true,
                          [f](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return unaryFixed<double, double>(c[0], DataType::double_(), n, f);
                          },
                          true};
  };
}

template <typename F>
ScalarResolver binaryDouble(const char* name, F f) {
  return [name, f](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], name));
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[1], name));
    return ResolvedScalar{DataType::double_(), true,
                          [f](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return binaryFixed<double, double, double>(c[0], c[1], DataType::double_(), n, f);
                          },
                          true};
  };
}

// Hive's convention, kept by Spark: log of a value <= asymptote is null.
template <typename F>
ColumnPtr logKernel(const ColumnPtr& in, int64_t n, double asymptote, F f) {
  FixedArg<double> x(*in);
  return buildFixedOrNull<double>(n, DataType::double_(), {in}, [&](int64_t i, double& o) {
    double v = x[i];
    if (v <= asymptote) return false;
    o = f(v);
    return true;
  });
}

template <typename F>
ScalarResolver logResolver(const char* name, double asymptote, F f) {
  return [name, asymptote, f](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], name));
    auto kernel = [asymptote, f](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
      return logKernel(c[0], n, asymptote, f);
    };
    return ResolvedScalar{DataType::double_(), true, kernel, true};
  };
}

// log(x) is the natural logarithm; log(base, x) is null unless both are positive.
Result<ResolvedScalar> resolveLog(std::vector<BoundExprPtr>& args) {
  if (args.size() == 1) return logResolver("log", 0.0, [](double v) { return std::log(v); })(args);
  SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], "log"));
  SPATE_RETURN_IF_ERROR(coerceToDouble(args[1], "log"));
  return ResolvedScalar{DataType::double_(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          FixedArg<double> base(*c[0]), x(*c[1]);
                          return buildFixedOrNull<double>(n, DataType::double_(), c, [&](int64_t i, double& o) {
                            double b = base[i], v = x[i];
                            if (b <= 0.0 || v <= 0.0) return false;
                            o = std::log(v) / std::log(b);
                            return true;
                          });
                        },
                        true};
}

// java.lang.Math.pow differs from C's pow where the exponent is NaN, or infinite with a
// base of magnitude 1: Java gives NaN, C gives 1.
double javaPow(double x, double y) {
  if (std::isnan(y)) return y;
  if (std::isinf(y) && std::fabs(x) == 1.0) return std::numeric_limits<double>::quiet_NaN();
  return std::pow(x, y);
}

// fdlibm's cbrt, which java.lang.StrictMath (and so Spark) uses: glibc's cbrt is
// 1 ulp off in places where Java's is exact, e.g. cbrt(27.0) would be 3.0000000000000004.
double fdlibmCbrt(double x) {
  constexpr uint32_t kB1 = 715094163;  // (682 - 0.03306235651) * 2^20
  constexpr uint32_t kB2 = 696219795;  // (664 - 0.03306235651) * 2^20
  constexpr double kC = 19.0 / 35.0, kD = -864.0 / 1225.0, kE = 99.0 / 70.0, kF = 45.0 / 28.0, kG = 5.0 / 14.0;
  auto hi = [](double d) { return static_cast<uint32_t>(std::bit_cast<uint64_t>(d) >> 32); };
  auto lo = [](double d) { return static_cast<uint32_t>(std::bit_cast<uint64_t>(d)); };
  auto make = [](uint32_t h, uint32_t l) { return std::bit_cast<double>((uint64_t{h} << 32) | l); };
  uint32_t hx = hi(x);
  uint32_t sign = hx & 0x80000000u;
  hx ^= sign;
  if (hx >= 0x7ff00000u) return x + x;
  if ((hx | lo(x)) == 0) return x;
  x = make(hx, lo(x));
  double t;
  if (hx < 0x00100000u) {
    t = make(0x43500000u, 0) * x;
    t = make(hi(t) / 3 + kB2, lo(t));
  } else {
    t = make(hx / 3 + kB1, 0);
  }
  double r = t * t / x;
  double s = kC + r * t;
  t *= kG + kF / (s + kE + kD / s);
  t = make(hi(t) + 1, 0);
  s = t * t;
  r = x / s;
  double w = t + t;
  r = (r - t) / (w + r);
  t = t + t * r;
  return make(hi(t) | sign, lo(t));
}

ScalarResolver constantDouble(double v) {
  return [v](std::vector<BoundExprPtr>&) -> Result<ResolvedScalar> {
    return ResolvedScalar{DataType::double_(), false,
                          [v](const std::vector<ColumnPtr>&, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return Column::constant(Value::fractional(v), DataType::double_(), n);
                          },
                          true};
  };
}

// isnan(x): true for NaN, false otherwise, including for null.
Result<ResolvedScalar> resolveIsNan(std::vector<BoundExprPtr>& args) {
  bool isFloat = args[0]->type()->id() == TypeId::kFloat;
  if (!isFloat) SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], "isnan"));
  return ResolvedScalar{DataType::boolean(), false,
                        [isFloat](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          const Column& in = *c[0];
                          BooleanColumnBuilder out(n);
                          auto fill = [&]<typename T>() {
                            FixedArg<T> x(in);
                            for (int64_t i = 0; i < n; ++i) out.set(i, in.isValid(i) && std::isnan(x[i]));
                          };
                          if (isFloat) {
                            fill.template operator()<float>();
                          } else {
                            fill.template operator()<double>();
                          }
                          return out.finish();
                        },
                        true};
}

// nanvl(a, b): a unless it is NaN, then b. Float only when both sides are float.
Result<ResolvedScalar> resolveNanvl(std::vector<BoundExprPtr>& args) {
  bool bothFloat = args[0]->type()->id() == TypeId::kFloat && args[1]->type()->id() == TypeId::kFloat;
  if (!bothFloat) {
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], "nanvl"));
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[1], "nanvl"));
  }
  TypePtr t = args[0]->type();
  return ResolvedScalar{t, true,
                        [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          auto run = [&]<typename T>() {
                            FixedArg<T> a(*c[0]), b(*c[1]);
                            FixedColumnBuilder<T> out(t, n);
                            T* o = out.data();
                            for (int64_t i = 0; i < n; ++i) {
                              if (c[0]->isNull(i)) {
                                out.setNull(i);
                              } else if (!std::isnan(a[i])) {
                                o[i] = a[i];
                              } else if (c[1]->isNull(i)) {
                                out.setNull(i);
                              } else {
                                o[i] = b[i];
                              }
                            }
                            return out.finish();
                          };
                          if (t->id() == TypeId::kFloat) return run.template operator()<float>();
                          return run.template operator()<double>();
                        },
                        true};
}

// width_bucket(value, min, max, n): the 1-based bucket of value in n equal-width
// buckets over [min, max) (or (max, min] when min > max); 0 and n + 1 outside.
Result<ResolvedScalar> resolveWidthBucket(std::vector<BoundExprPtr>& args) {
  for (size_t i = 0; i < 3; ++i) SPATE_RETURN_IF_ERROR(coerceToDouble(args[i], "width_bucket"));
  if (!castsToNumber(*args[3]->type())) {
    return Status::TypeError("width_bucket expects a bigint bucket count, but {} is {}", args[3]->toString(),
                             args[3]->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(args[3], makeCast(args[3], DataType::long_()));
  auto kernel = [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    FixedArg<double> value(*c[0]), low(*c[1]), high(*c[2]);
    FixedArg<int64_t> buckets(*c[3]);
    return buildFixedOrNull<int64_t>(n, DataType::long_(), c, [&](int64_t i, int64_t& o) {
      double v = value[i], mn = low[i], mx = high[i];
      int64_t k = buckets[i];
      if (k <= 0 || k == std::numeric_limits<int64_t>::max() || std::isnan(v) || mn == mx || !std::isfinite(mn) ||
          !std::isfinite(mx)) {
        return false;
      }
      double lower = std::min(mn, mx), upper = std::max(mn, mx);
      if (mn < mx) {
        if (v < lower) o = 0;
        else if (v >= upper) o = k + 1;
        else o = static_cast<int64_t>(static_cast<double>(k) * (v - lower) / (upper - lower)) + 1;
      } else {
        if (v > upper) o = 0;
        else if (v <= lower) o = k + 1;
        else o = static_cast<int64_t>(static_cast<double>(k) * (upper - v) / (upper - lower)) + 1;
      }
      return true;
    });
  };
  return ResolvedScalar{DataType::long_(), true, kernel, true};
}

// java.lang.Math's conversion factors (JDK 9+), so results match to the last bit.
constexpr double kRadiansToDegrees = 57.29577951308232;
constexpr double kDegreesToRadians = 0.017453292519943295;

}  // namespace

void registerMathUnaryFunctions(FunctionRegistry& r) {
  r.addScalar({"sqrt", 1, 1, unaryDouble("sqrt", [](double x) { return std::sqrt(x); })});
  r.addScalar({"cbrt", 1, 1, unaryDouble("cbrt", [](double x) { return fdlibmCbrt(x); })});
  r.addScalar({"exp", 1, 1, unaryDouble("exp", [](double x) { return std::exp(x); })});
  r.addScalar({"expm1", 1, 1, unaryDouble("expm1", [](double x) { return std::expm1(x); })});
  r.addScalar({"ln", 1, 1, logResolver("ln", 0.0, [](double x) { return std::log(x); })});
  r.addScalar({"log", 1, 2, resolveLog});
  r.addScalar({"log10", 1, 1, logResolver("log10", 0.0, [](double x) { return std::log10(x); })});
  // Spark computes log2 as log(x) / log(2), which is not always std::log2's last bit.
  r.addScalar({"log2", 1, 1, logResolver("log2", 0.0, [](double x) { return std::log(x) / std::log(2.0); })});
  r.addScalar({"log1p", 1, 1, logResolver("log1p", -1.0, [](double x) { return std::log1p(x); })});
  r.addScalar({"signum", 1, 1, unaryDouble("signum", [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : x); })});
  r.addAlias("sign", "signum");
  r.addScalar({"sin", 1, 1, unaryDouble("sin", [](double x) { return std::sin(x); })});
  r.addScalar({"cos", 1, 1, unaryDouble("cos", [](double x) { return std::cos(x); })});
  r.addScalar({"tan", 1, 1, unaryDouble("tan", [](double x) { return std::tan(x); })});
  r.addScalar({"cot", 1, 1, unaryDouble("cot", [](double x) { return 1.0 / std::tan(x); })});
  r.addScalar({"sec", 1, 1, unaryDouble("sec", [](double x) { return 1.0 / std::cos(x); })});
  r.addScalar({"csc", 1, 1, unaryDouble("csc", [](double x) { return 1.0 / std::sin(x); })});
  r.addScalar({"asin", 1, 1, unaryDouble("asin", [](double x) { return std::asin(x); })});
  r.addScalar({"acos", 1, 1, unaryDouble("acos", [](double x) { return std::acos(x); })});
  r.addScalar({"atan", 1, 1, unaryDouble("atan", [](double x) { return std::atan(x); })});
  r.addScalar({"sinh", 1, 1, unaryDouble("sinh", [](double x) { return std::sinh(x); })});
  r.addScalar({"cosh", 1, 1, unaryDouble("cosh", [](double x) { return std::cosh(x); })});
  r.addScalar({"tanh", 1, 1, unaryDouble("tanh", [](double x) { return std::tanh(x); })});
  // Spark's formulas for the inverse hyperbolics, not the C library's.
  r.addScalar({"asinh", 1, 1, unaryDouble("asinh", [](double x) {
                 return x == -std::numeric_limits<double>::infinity() ? x : std::log(x + std::sqrt(x * x + 1.0));
               })});
  r.addScalar({"acosh", 1, 1, unaryDouble("acosh", [](double x) { return std::log(x + std::sqrt(x * x - 1.0)); })});
  r.addScalar(
      {"atanh", 1, 1, unaryDouble("atanh", [](double x) { return 0.5 * (std::log1p(x) - std::log1p(-x)); })});
  r.addScalar({"degrees", 1, 1, unaryDouble("degrees", [](double x) { return x * kRadiansToDegrees; })});
  r.addScalar({"radians", 1, 1, unaryDouble("radians", [](double x) { return x * kDegreesToRadians; })});
  r.addScalar({"rint", 1, 1, unaryDouble("rint", [](double x) { return std::nearbyint(x); })});
  r.addScalar({"pow", 2, 2, binaryDouble("pow", [](double x, double y) { return javaPow(x, y); })});
  r.addAlias("power", "pow");
  r.addScalar(
      {"atan2", 2, 2, binaryDouble("atan2", [](double y, double x) { return std::atan2(y + 0.0, x + 0.0); })});
  r.addScalar({"hypot", 2, 2, binaryDouble("hypot", [](double x, double y) { return std::hypot(x, y); })});
  r.addScalar({"pi", 0, 0, constantDouble(std::numbers::pi)});
  r.addScalar({"e", 0, 0, constantDouble(std::numbers::e)});
  r.addScalar({"isnan", 1, 1, resolveIsNan});
  r.addScalar({"nanvl", 2, 2, resolveNanvl});
  r.addScalar({"width_bucket", 4, 4, resolveWidthBucket});
}

}  // namespace spate
