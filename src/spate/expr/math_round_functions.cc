// abs, round, bround, floor, ceil, pmod and factorial, with Spark's result types:
// round keeps integral and floating types, floor/ceil of a double is a bigint, decimals
// get the precision Spark computes, integer overflow wraps (non-ANSI).

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

#include "spate/expr/cast.h"
#include "spate/expr/constant_divisor.h"
#include "spate/expr/kernels.h"
#include "spate/expr/math_functions.h"
#include "spate/expr/math_rounding.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

using Int128 = __int128;

Status numericArgError(const char* fn, const BoundExprPtr& arg) {
  return Status::TypeError("{} expects a numeric argument, but {} is {}", fn, arg->toString(),
                           arg->type()->simpleString());
}

// Strings and nulls become doubles, as Spark's implicit cast to NumericType.
Status coerceToNumeric(BoundExprPtr& arg, const char* fn) {
  if (!castsToNumber(*arg->type())) return numericArgError(fn, arg);
  if (!arg->type()->isNumeric()) return coerceToDouble(arg, fn);
  return Status::OK();
}

// Java's (long) of a double: NaN is 0, out-of-range values saturate.
int64_t javaDoubleToLong(double v) {
  if (std::isnan(v)) return 0;
  if (v >= 9.223372036854775807e18) return std::numeric_limits<int64_t>::max();
  if (v <= -9.223372036854775808e18) return std::numeric_limits<int64_t>::min();
  return static_cast<int64_t>(v);
}

// ---- abs -----------------------------------------------------------------------------

Result<ResolvedScalar> resolveAbs(std::vector<BoundExprPtr>& args) {
  if (args[0]->type()->id() != TypeId::kInterval) SPATE_RETURN_IF_ERROR(coerceToNumeric(args[0], "abs"));
  TypePtr t = args[0]->type();
  return ResolvedScalar{t, true,
                        [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          return dispatchFixedWidth(t->id(), [&]<typename T>() -> ColumnPtr {
                            if constexpr (std::is_floating_point_v<T>) {
                              return unaryFixed<T, T>(c[0], t, n, [](T x) { return std::fabs(x); });
                            } else if constexpr (std::is_same_v<T, Int128>) {
                              return unaryFixed<T, T>(c[0], t, n, [](T x) { return x < 0 ? -x : x; });
                            } else {
                              // abs of the minimum value wraps to itself, as Java's.
                              using U = std::make_unsigned_t<T>;
                              return unaryFixed<T, T>(c[0], t, n, [](T x) {
                                return x < 0 ? static_cast<T>(U(0) - static_cast<U>(x)) : x;
                              });
                            }
                          });
                        },
                        true};
}

// ---- round / bround and floor / ceil with a scale ----------------------------------------

// Spark's RoundBase result type for a decimal rounded to `scale` places: room for one
// more integral digit (9.9 -> 10), the scale never grows.
TypePtr roundedDecimalType(const DataType& in, int scale) {
  int p = in.precision(), s = in.scale();
  int integral = p - s + 1;
  if (scale < 0) {
    int64_t digits = std::max<int64_t>(integral, -static_cast<int64_t>(scale) + 1);
    return DataType::decimal(static_cast<int>(std::min<int64_t>(digits, DataType::kMaxDecimalPrecision)), 0);
  }
  int newScale = std::min(s, scale);
  return DataType::decimal(std::min(integral + newScale, DataType::kMaxDecimalPrecision), newScale);
}

// Rounds decimals from `in`'s scale to `out`'s; negative scales round to tens,
// hundreds... and keep scale 0. Values that no longer fit become null.
ColumnPtr roundDecimalColumn(const ColumnPtr& c, const DataType& in, const TypePtr& out, int scale, RoundMode mode,
                             int64_t n) {
  int64_t drop = static_cast<int64_t>(in.scale()) - std::min(scale, in.scale());
  int64_t multiplierDigits = scale < 0 ? -static_cast<int64_t>(scale) : 0;
  DecimalRounder rounder(static_cast<int>(std::min<int64_t>(drop, 1000)), mode);
  Int128 multiplier = multiplierDigits <= 38 ? pow10i128(static_cast<int>(multiplierDigits)) : 0;
  Int128 limit = pow10i128(out->precision());
  FixedArg<Int128> x(*c);
  return buildFixedOrNull<Int128>(n, out, {c}, [&](int64_t i, Int128& o) {
    Int128 q = rounder.apply(x[i]);
    if (q == 0) {
      o = 0;
      return true;
    }
    if (multiplier == 0) return false;
    Int128 mag = q < 0 ? -q : q;
    if (mag >= limit / multiplier) return false;
    o = q * multiplier;
    return true;
  });
}

template <typename T>
ColumnPtr roundIntegralColumn(const ColumnPtr& c, const TypePtr& t, int scale, RoundMode mode, int64_t n) {
  if (scale >= 0) return c;
  int digits = static_cast<int>(std::min<int64_t>(-static_cast<int64_t>(scale), 1000));
  DecimalRounder rounder(digits, mode);
  Int128 multiplier = digits <= 38 ? pow10i128(digits) : 0;
  // BigDecimal's intValue() and friends keep the low-order bits of a result that does
  // not fit, so the conversion wraps.
  return unaryFixed<T, T>(c, t, n, [&](T x) { return static_cast<T>(rounder.apply(x) * multiplier); });
}

ColumnPtr roundColumn(const ColumnPtr& c, const TypePtr& in, const TypePtr& out, int scale, RoundMode mode,
                      int64_t n) {
  switch (in->id()) {
    case TypeId::kDecimal: return roundDecimalColumn(c, *in, out, scale, mode, n);
    case TypeId::kDouble:
      return unaryFixed<double, double>(c, out, n, [&](double x) { return roundDouble(x, scale, mode); });
    case TypeId::kFloat:
      return unaryFixed<float, float>(c, out, n, [&](float x) { return roundFloat(x, scale, mode); });
    case TypeId::kByte: return roundIntegralColumn<int8_t>(c, out, scale, mode, n);
    case TypeId::kShort: return roundIntegralColumn<int16_t>(c, out, scale, mode, n);
    case TypeId::kInt: return roundIntegralColumn<int32_t>(c, out, scale, mode, n);
    default: return roundIntegralColumn<int64_t>(c, out, scale, mode, n);
  }
}

int clampScale(int64_t s) { return static_cast<int>(std::clamp<int64_t>(s, -100000, 100000)); }

ResolvedScalar roundKernel(const TypePtr& in, int scale, bool nullScale, RoundMode mode) {
  TypePtr out = in->id() == TypeId::kDecimal ? roundedDecimalType(*in, scale) : in;
  return ResolvedScalar{out, true,
                        [in, out, scale, nullScale, mode](const std::vector<ColumnPtr>& c, int64_t n,
                                                          EvalContext&) -> Result<ColumnPtr> {
                          if (nullScale) return Column::nulls(out, n);
                          return roundColumn(c[0], in, out, scale, mode, n);
                        },
                        true};
}

// round(x[, d]) and bround(x[, d]): d is a constant; a null d makes every row null.
ScalarResolver roundResolver(const char* name, RoundMode mode) {
  return [name, mode](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceToNumeric(args[0], name));
    int scale = 0;
    bool nullScale = false;
    if (args.size() == 2) {
      SPATE_ASSIGN_OR_RETURN(std::optional<int64_t> s, constantInt(args[1], name, "scale"));
      nullScale = !s.has_value();
      scale = clampScale(s.value_or(0));
    }
    return roundKernel(args[0]->type(), scale, nullScale, mode);
  };
}

// The decimal type Spark's implicit cast to DecimalType gives each numeric type.
TypePtr decimalFor(const DataType& t) {
  switch (t.id()) {
    case TypeId::kDecimal: return DataType::decimal(t.precision(), t.scale());
    case TypeId::kFloat: return DataType::decimal(14, 7);
    case TypeId::kDouble: return DataType::decimal(30, 15);
    case TypeId::kString: return DataType::decimal(38, 18);
    default: return t.isIntegral() ? decimalForIntegral(t) : DataType::decimal(30, 15);
  }
}

// floor(x) / ceil(x): bigint for integral and floating input; decimals keep their
// integral digits plus one. floor(x, d) / ceil(x, d) round a decimal to d places.
ScalarResolver floorCeilResolver(const char* name, RoundMode mode) {
  return [name, mode](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    if (!castsToNumber(*args[0]->type())) return numericArgError(name, args[0]);
    if (args.size() == 2) {
      SPATE_ASSIGN_OR_RETURN(std::optional<int64_t> s, constantInt(args[1], name, "scale"));
      if (!s) return Status::TypeError("{} expects a non-null constant integer scale", name);
      SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], decimalFor(*args[0]->type())));
      return roundKernel(args[0]->type(), clampScale(*s), false, mode);
    }
    TypePtr in = args[0]->type();
    if (in->id() == TypeId::kDecimal) {
      if (in->scale() == 0) {
        return ResolvedScalar{in, true,
                              [](const std::vector<ColumnPtr>& c, int64_t, EvalContext&) -> Result<ColumnPtr> {
                                return c[0];
                              },
                              true};
      }
      return roundKernel(in, 0, false, mode);
    }
    if (in->isIntegral()) {
      SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::long_()));
      return ResolvedScalar{DataType::long_(), true,
                            [](const std::vector<ColumnPtr>& c, int64_t, EvalContext&) -> Result<ColumnPtr> {
                              return c[0];
                            },
                            true};
    }
    SPATE_RETURN_IF_ERROR(coerceToDouble(args[0], name));
    bool up = mode == RoundMode::kCeiling;
    return ResolvedScalar{DataType::long_(), true,
                          [up](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            if (up) {
                              return unaryFixed<int64_t, double>(c[0], DataType::long_(), n, [](double x) {
                                return javaDoubleToLong(std::ceil(x));
                              });
                            }
                            return unaryFixed<int64_t, double>(c[0], DataType::long_(), n, [](double x) {
                              return javaDoubleToLong(std::floor(x));
                            });
                          },
                          true};
  };
}

// ---- pmod ------------------------------------------------------------------------------

// Spark's Pmod: r = a % n; if r < 0 then (r + n) % n. With a negative n the result can
// stay negative, exactly as Spark's. Java ints wrap, and x % -1 is 0.
template <typename T>
bool pmodOf(T a, T n, T& out) {
  if (n == 0) return false;
  if constexpr (std::is_floating_point_v<T>) {
    T r = std::fmod(a, n);
    out = r < 0 ? std::fmod(r + n, n) : r;
  } else {
    // Java promotes byte and short to int; int and long wrap on r + n.
    using J = std::conditional_t<(sizeof(T) < 8), int32_t, int64_t>;
    using U = std::make_unsigned_t<J>;
    J x = a, m = n;
    J r = m == -1 ? 0 : x % m;
    if (r < 0) {
      J sum = static_cast<J>(static_cast<U>(r) + static_cast<U>(m));
      r = m == -1 ? 0 : sum % m;
    }
    out = static_cast<T>(r);
  }
  return true;
}

// pmodOf(a, n) for integral T with n a literal, divided as ConstantDivisor does.
template <typename T>
T pmodBy(T a, T n, const ConstantDivisor& d) {
  using J = std::conditional_t<(sizeof(T) < 8), int32_t, int64_t>;
  using U = std::make_unsigned_t<J>;
  auto r = static_cast<J>(d.remainder(a));
  if (r < 0) r = static_cast<J>(d.remainder(static_cast<J>(static_cast<U>(r) + static_cast<U>(static_cast<J>(n)))));
  return static_cast<T>(r);
}

Result<ResolvedScalar> resolvePmod(std::vector<BoundExprPtr>& args) {
  for (auto& a : args) {
    if (!castsToNumber(*a->type())) return numericArgError("pmod", a);
    if (!a->type()->isNumeric()) SPATE_RETURN_IF_ERROR(coerceToDouble(a, "pmod"));
  }
  TypePtr common = widerType(args[0]->type(), args[1]->type());
  if (!common) {
    return Status::TypeError("pmod cannot combine {} and {}", args[0]->type()->simpleString(),
                             args[1]->type()->simpleString());
  }
  if (common->id() == TypeId::kDecimal) {
    for (auto& a : args) {
      if (a->type()->isIntegral()) {
        SPATE_ASSIGN_OR_RETURN(a, makeCast(a, decimalForIntegral(*a->type())));
      }
    }
    const DataType& l = *args[0]->type();
    const DataType& r = *args[1]->type();
    int s = std::max(l.scale(), r.scale());
    int p = std::min(std::min(l.precision() - l.scale(), r.precision() - r.scale()) + s, 38);
    TypePtr out = DataType::decimal(p, std::min(s, p));
    Int128 scaleLeft = pow10i128(s - l.scale()), scaleRight = pow10i128(s - r.scale());
    Int128 limit = pow10i128(out->precision());
    return ResolvedScalar{out, true,
                          [=](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            FixedArg<Int128> a(*c[0]), b(*c[1]);
                            return buildFixedOrNull<Int128>(n, out, c, [&](int64_t i, Int128& o) {
                              Int128 x = a[i] * scaleLeft, m = b[i] * scaleRight;
                              if (m == 0) return false;
                              Int128 rem = x % m;
                              if (rem < 0) rem = (rem + m) % m;
                              o = rem;
                              return o < limit && o > -limit;
                            });
                          },
                          true};
  }
  for (auto& a : args) {
    SPATE_ASSIGN_OR_RETURN(a, makeCast(a, common));
  }
  return ResolvedScalar{common, true,
                        [common](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          return dispatchFixedWidth(common->id(), [&]<typename T>() -> ColumnPtr {
                            if constexpr (std::is_integral_v<T>) {
                              if (auto d = literalDivisor<T>(*c[1])) {
                                return binaryFixed<T, T, T>(c[0], c[1], common, n,
                                                            [d = *d](T x, T m) { return pmodBy<T>(x, m, d); });
                              }
                            }
                            FixedArg<T> a(*c[0]), b(*c[1]);
                            return buildFixedOrNull<T>(n, common, c,
                                                       [&](int64_t i, T& o) { return pmodOf<T>(a[i], b[i], o); });
                          });
                        },
                        true};
}

// ---- factorial -------------------------------------------------------------------------

Result<ResolvedScalar> resolveFactorial(std::vector<BoundExprPtr>& args) {
  if (!castsToNumber(*args[0]->type())) return numericArgError("factorial", args[0]);
  SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::int_()));
  return ResolvedScalar{DataType::long_(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          static constexpr auto kTable = [] {
                            std::array<int64_t, 21> t{};
                            t[0] = 1;
                            for (size_t i = 1; i <= 20; ++i) t[i] = t[i - 1] * static_cast<int64_t>(i);
                            return t;
                          }();
                          FixedArg<int32_t> x(*c[0]);
                          return buildFixedOrNull<int64_t>(n, DataType::long_(), c, [&](int64_t i, int64_t& o) {
                            int32_t v = x[i];
                            if (v < 0 || v > 20) return false;
                            o = kTable[static_cast<size_t>(v)];
                            return true;
                          });
                        },
                        true};
}

}  // namespace

void registerMathRoundingFunctions(FunctionRegistry& r) {
  r.addScalar({"abs", 1, 1, resolveAbs});
  r.addScalar({"round", 1, 2, roundResolver("round", RoundMode::kHalfUp)});
  r.addScalar({"bround", 1, 2, roundResolver("bround", RoundMode::kHalfEven)});
  r.addScalar({"floor", 1, 2, floorCeilResolver("floor", RoundMode::kFloor)});
  r.addScalar({"ceil", 1, 2, floorCeilResolver("ceil", RoundMode::kCeiling)});
  r.addAlias("ceiling", "ceil");
  r.addScalar({"pmod", 2, 2, resolvePmod});
  r.addScalar({"factorial", 1, 1, resolveFactorial});
}

}  // namespace spate
