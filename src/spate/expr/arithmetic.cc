// Arithmetic operators: + - * / % div, unary minus, bitwise operators, and date/time
// arithmetic with intervals. Types follow Spark: operands widen to a common numeric
// type, '/' is always fractional (double, or decimal for decimals), 'div' is bigint,
// integer overflow wraps (non-ANSI), division by zero is null.

#include <cmath>

#include "spate/common/datetime.h"
#include "spate/expr/cast.h"
#include "spate/expr/constant_divisor.h"
#include "spate/expr/function_registry.h"
#include "spate/expr/kernels.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

using Int128 = __int128;

// Integer arithmetic wraps on overflow as Spark's (non-ANSI): compute in unsigned.
template <typename T, bool = std::is_integral_v<T> && !std::is_same_v<T, Int128>>
struct WrapType {
  using type = T;
};
template <typename T>
struct WrapType<T, true> {
  using type = std::make_unsigned_t<T>;
};

enum class Op { kAdd, kSub, kMul, kDiv, kMod };

// Spark's DecimalPrecision.adjustPrecisionScale: when precision exceeds 38, keep at
// least min(scale, 6) fractional digits and give the rest to the integer part.
TypePtr boundedDecimal(int precision, int scale) {
  if (precision <= 38) return DataType::decimal(precision, scale);
  int intDigits = precision - scale;
  int minScale = std::min(scale, 6);
  int adjustedScale = std::max(38 - intDigits, minScale);
  return DataType::decimal(38, adjustedScale);
}

TypePtr decimalResultType(Op op, const DataType& a, const DataType& b) {
  int p1 = a.precision(), s1 = a.scale(), p2 = b.precision(), s2 = b.scale();
  switch (op) {
    case Op::kAdd:
    case Op::kSub: {
      int s = std::max(s1, s2);
      return boundedDecimal(std::max(p1 - s1, p2 - s2) + s + 1, s);
    }
    case Op::kMul: return boundedDecimal(p1 + p2 + 1, s1 + s2);
    case Op::kDiv: {
      int s = std::max(6, s1 + p2 + 1);
      return boundedDecimal(p1 - s1 + s2 + s, s);
    }
    case Op::kMod: {
      int s = std::max(s1, s2);
      return boundedDecimal(std::min(p1 - s1, p2 - s2) + s, s);
    }
  }
  return nullptr;
}

Int128 rescale(Int128 v, int from, int to) {
  if (to >= from) return v * pow10i128(to - from);
  Int128 div = pow10i128(from - to);
  Int128 q = v / div, r = v % div;
  if (r * 2 >= div) ++q;
  else if (-r * 2 >= div) --q;
  return q;
}

ColumnPtr decimalKernel(Op op, const ColumnPtr& a, const ColumnPtr& b, const TypePtr& out, int64_t n) {
  int sa = a->type()->scale(), sb = b->type()->scale(), so = out->scale();
  Int128 limit = pow10i128(out->precision());
  return buildFixedOrNull<Int128>(n, out, {a, b}, [&](int64_t i, Int128& o) {
    Int128 x = a->valueAt<Int128>(i), y = b->valueAt<Int128>(i);
    switch (op) {
      case Op::kAdd:
      case Op::kSub: {
        int s = std::max(sa, sb);
        Int128 xs = x * pow10i128(s - sa), ys = y * pow10i128(s - sb);
        o = rescale(op == Op::kAdd ? xs + ys : xs - ys, s, so);
        break;
      }
      case Op::kMul: o = rescale(x * y, sa + sb, so); break;
      case Op::kDiv: {
        if (y == 0) return false;
        // x/10^sa / (y/10^sb) at scale so: x * 10^(so + sb - sa) / y, rounded half up.
        int shift = so + sb - sa;
        Int128 num = shift >= 0 ? x * pow10i128(shift) : x / pow10i128(-shift);
        Int128 q = num / y, r = num % y;
        if ((r < 0 ? -r : r) * 2 >= (y < 0 ? -y : y)) q += ((num < 0) != (y < 0)) ? -1 : 1;
        o = q;
        break;
      }
      case Op::kMod: {
        if (y == 0) return false;
        int s = std::max(sa, sb);
        o = rescale((x * pow10i128(s - sa)) % (y * pow10i128(s - sb)), s, so);
        break;
      }
    }
    return o < limit && o > -limit;
  });
}

template <typename T>
ColumnPtr numericKernel(Op op, const ColumnPtr& a, const ColumnPtr& b, const TypePtr& out, int64_t n) {
  using U = typename WrapType<T>::type;
  switch (op) {
    case Op::kAdd:
      return binaryFixed<T, T, T>(a, b, out, n, [](T x, T y) { return static_cast<T>(static_cast<U>(x) + static_cast<U>(y)); });
    case Op::kSub:
      return binaryFixed<T, T, T>(a, b, out, n, [](T x, T y) { return static_cast<T>(static_cast<U>(x) - static_cast<U>(y)); });
    case Op::kMul:
      return binaryFixed<T, T, T>(a, b, out, n, [](T x, T y) { return static_cast<T>(static_cast<U>(x) * static_cast<U>(y)); });
    case Op::kDiv:
      if constexpr (std::is_integral_v<T>) {
        if (auto d = literalDivisor<T>(*b)) {
          return binaryFixed<T, T, T>(a, b, out, n, [d = *d](T x, T) { return static_cast<T>(d.quotient(x)); });
        }
      }
      return buildFixedOrNull<T>(n, out, {a, b}, [&](int64_t i, T& o) {
        T x = a->valueAt<T>(i), y = b->valueAt<T>(i);
        if (y == 0) return false;
        if constexpr (std::is_integral_v<T>) {
          // Java wraps MIN_VALUE / -1 to MIN_VALUE; the CPU traps.
          if (y == -1) {
            o = static_cast<T>(U{0} - static_cast<U>(x));
            return true;
          }
        }
        o = x / y;
        return true;
      });
    case Op::kMod:
      if constexpr (std::is_integral_v<T>) {
        if (auto d = literalDivisor<T>(*b)) {
          return binaryFixed<T, T, T>(a, b, out, n, [d = *d](T x, T) { return static_cast<T>(d.remainder(x)); });
        }
      }
      return buildFixedOrNull<T>(n, out, {a, b}, [&](int64_t i, T& o) {
        T x = a->valueAt<T>(i), y = b->valueAt<T>(i);
        if (y == 0) return false;
        if constexpr (std::is_floating_point_v<T>) {
          o = std::fmod(x, y);
        } else {
          o = (y == -1) ? 0 : static_cast<T>(x % y);
        }
        return true;
      });
  }
  return nullptr;
}

const char* opName(Op op) {
  switch (op) {
    case Op::kAdd: return "+";
    case Op::kSub: return "-";
    case Op::kMul: return "*";
    case Op::kDiv: return "/";
    case Op::kMod: return "%";
  }
  return "?";
}

Status operandError(Op op, const std::vector<BoundExprPtr>& args) {
  return Status::TypeError("Cannot apply '{}' to {} and {}: the types are {} and {}", opName(op),
                           args[0]->toString(), args[1]->toString(), args[0]->type()->simpleString(),
                           args[1]->type()->simpleString());
}

bool isTemporal(TypeId id) { return id == TypeId::kDate || id == TypeId::kTimestamp; }

// timestamp ± interval, date ± interval, date ± int (days), interval ± interval,
// timestamp - timestamp, date - date.
Result<ResolvedScalar> resolveTemporal(Op op, std::vector<BoundExprPtr>& args) {
  TypeId a = args[0]->type()->id(), b = args[1]->type()->id();
  if (op == Op::kAdd && (a == TypeId::kInterval || (a != TypeId::kInterval && b != TypeId::kInterval && !isTemporal(a)))) {
    std::swap(args[0], args[1]);
    std::swap(a, b);
  }
  int sign = op == Op::kSub ? -1 : 1;
  if ((op == Op::kAdd || op == Op::kSub) && b == TypeId::kInterval &&
      (a == TypeId::kTimestamp || a == TypeId::kDate || a == TypeId::kInterval || a == TypeId::kString)) {
    if (a == TypeId::kDate || a == TypeId::kString) {
      SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::timestamp()));
    }
    TypePtr out = a == TypeId::kInterval ? DataType::interval() : DataType::timestamp();
    return ResolvedScalar{out, true,
                          [out, sign](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return binaryFixed<int64_t, int64_t, int64_t>(
                                c[0], c[1], out, n, [sign](int64_t t, int64_t iv) { return t + sign * iv; });
                          },
                          true};
  }
  if ((op == Op::kAdd || op == Op::kSub) && a == TypeId::kDate && args[1]->type()->isIntegral()) {
    SPATE_ASSIGN_OR_RETURN(args[1], makeCast(args[1], DataType::int_()));
    return ResolvedScalar{DataType::date(), true,
                          [sign](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return binaryFixed<int32_t, int32_t, int32_t>(
                                c[0], c[1], DataType::date(), n, [sign](int32_t d, int32_t k) { return d + sign * k; });
                          },
                          true};
  }
  if (op == Op::kSub && isTemporal(a) && isTemporal(b)) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::timestamp()));
    SPATE_ASSIGN_OR_RETURN(args[1], makeCast(args[1], DataType::timestamp()));
    return ResolvedScalar{DataType::interval(), true,
                          [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return binaryFixed<int64_t, int64_t, int64_t>(c[0], c[1], DataType::interval(), n,
                                                                         [](int64_t x, int64_t y) { return x - y; });
                          },
                          true};
  }
  return operandError(op, args);
}

ScalarResolver arithmeticResolver(Op op) {
  return [op](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    TypeId a = args[0]->type()->id(), b = args[1]->type()->id();
    if (isTemporal(a) || isTemporal(b) || a == TypeId::kInterval || b == TypeId::kInterval) {
      return resolveTemporal(op, args);
    }
    auto numericOrNull = [](const TypePtr& t) {
      return t->isNumeric() || t->id() == TypeId::kNull || t->id() == TypeId::kString;
    };
    if (!numericOrNull(args[0]->type()) || !numericOrNull(args[1]->type())) return operandError(op, args);
    for (auto& arg : args) {
      if (arg->type()->id() == TypeId::kString || arg->type()->id() == TypeId::kNull) {
        SPATE_ASSIGN_OR_RETURN(arg, makeCast(arg, DataType::double_()));
      }
    }
    TypePtr common = widerType(args[0]->type(), args[1]->type());
    if (!common) return operandError(op, args);
    if (common->id() == TypeId::kDecimal) {
      // Each side keeps its own decimal precision; integral sides become exact decimals,
      // an integral literal only as wide as its digits (Spark's DecimalType.fromLiteral).
      for (auto& arg : args) {
        if (!arg->type()->isIntegral()) continue;
        TypePtr target = decimalForIntegral(*arg->type());
        if (const Value* v = arg->literalValue(); v && !v->isNull()) {
          int64_t x = v->asInt();
          int digits = 1;
          for (uint64_t u = x < 0 ? 0 - static_cast<uint64_t>(x) : static_cast<uint64_t>(x); u >= 10; u /= 10) ++digits;
          target = DataType::decimal(digits, 0);
        }
        SPATE_ASSIGN_OR_RETURN(arg, makeCast(arg, target));
      }
      TypePtr out = decimalResultType(op, *args[0]->type(), *args[1]->type());
      return ResolvedScalar{out, true, [op, out](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                              return decimalKernel(op, c[0], c[1], out, n);
                            }};
    }
    if (op == Op::kDiv) common = DataType::double_();
    for (auto& arg : args) {
      SPATE_ASSIGN_OR_RETURN(arg, makeCast(arg, common));
    }
    return ResolvedScalar{common, true,
                          [op, common](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return dispatchFixedWidth(common->id(), [&]<typename T>() -> ColumnPtr {
                              return numericKernel<T>(op, c[0], c[1], common, n);
                            });
                          },
                          true};
  };
}

Result<ResolvedScalar> resolveIntegralDivide(std::vector<BoundExprPtr>& args) {
  for (auto& arg : args) {
    TypeId t = arg->type()->id();
    if (!arg->type()->isNumeric() && t != TypeId::kNull && t != TypeId::kString) {
      return Status::TypeError("div needs numeric operands, not {}", arg->type()->simpleString());
    }
    SPATE_ASSIGN_OR_RETURN(arg, makeCast(arg, DataType::long_()));
  }
  return ResolvedScalar{DataType::long_(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          return numericKernel<int64_t>(Op::kDiv, c[0], c[1], DataType::long_(), n);
                        },
                        true};
}

Result<ResolvedScalar> resolveNegative(std::vector<BoundExprPtr>& args) {
  if (args[0]->type()->id() == TypeId::kString || args[0]->type()->id() == TypeId::kNull) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::double_()));
  }
  TypePtr t = args[0]->type();
  if (!t->isNumeric() && t->id() != TypeId::kInterval) {
    return Status::TypeError("Unary minus needs a numeric or interval operand, not {}", t->simpleString());
  }
  return ResolvedScalar{t, true, [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          return dispatchFixedWidth(t->id(), [&]<typename T>() -> ColumnPtr {
                            using U = typename WrapType<T>::type;
                            if constexpr (std::is_same_v<T, Int128>) {
                              return unaryFixed<T, T>(c[0], t, n, [](T x) { return -x; });
                            } else {
                              return unaryFixed<T, T>(c[0], t, n, [](T x) { return static_cast<T>(-static_cast<U>(x)); });
                            }
                          });
                        }};
}

template <typename F>
ScalarResolver bitwiseResolver(F f) {
  return [f](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    std::vector<TypePtr> types;
    for (const auto& a : args) {
      if (!a->type()->isIntegral() && a->type()->id() != TypeId::kNull) {
        return Status::TypeError("Bitwise operators need integral operands, not {}", a->type()->simpleString());
      }
      types.push_back(a->type());
    }
    TypePtr t = commonType(types);
    if (t->id() == TypeId::kNull) t = DataType::int_();
    for (auto& a : args) {
      SPATE_ASSIGN_OR_RETURN(a, makeCast(a, t));
    }
    return ResolvedScalar{t, true, [t, f](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return dispatchFixedWidth(t->id(), [&]<typename T>() -> ColumnPtr {
                              if constexpr (std::is_integral_v<T>) {
                                if (c.size() == 1) return unaryFixed<T, T>(c[0], t, n, [&](T x) { return f(x, x); });
                                return binaryFixed<T, T, T>(c[0], c[1], t, n, [&](T x, T y) { return f(x, y); });
                              } else {
                                return ColumnPtr();
                              }
                            });
                          }};
  };
}

}  // namespace

void registerArithmeticFunctions(FunctionRegistry& r) {
  r.addScalar({"+", 2, 2, arithmeticResolver(Op::kAdd)});
  r.addScalar({"-", 2, 2, arithmeticResolver(Op::kSub)});
  r.addScalar({"*", 2, 2, arithmeticResolver(Op::kMul)});
  r.addScalar({"/", 2, 2, arithmeticResolver(Op::kDiv)});
  r.addScalar({"%", 2, 2, arithmeticResolver(Op::kMod)});
  r.addAlias("mod", "%");
  r.addScalar({"div", 2, 2, resolveIntegralDivide});
  r.addScalar({"negative", 1, 1, resolveNegative});
  r.addScalar({"positive", 1, 1, [](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
                 TypePtr t = args[0]->type();
                 return ResolvedScalar{t, true, [](const std::vector<ColumnPtr>& c, int64_t, EvalContext&) -> Result<ColumnPtr> {
                                         return c[0];
                                       },
                                       true};
               }});
  r.addScalar({"&", 2, 2, bitwiseResolver([](auto x, auto y) { return static_cast<decltype(x)>(x & y); })});
  r.addScalar({"|", 2, 2, bitwiseResolver([](auto x, auto y) { return static_cast<decltype(x)>(x | y); })});
  r.addScalar({"^", 2, 2, bitwiseResolver([](auto x, auto y) { return static_cast<decltype(x)>(x ^ y); })});
  r.addScalar({"~", 1, 1, bitwiseResolver([](auto x, auto) { return static_cast<decltype(x)>(~x); })});
}

}  // namespace spate
