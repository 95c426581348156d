// Comparisons (= != < <= > >= <=>), boolean logic with SQL's three-valued nulls
// (and, or, not) and IN. Operand coercion follows Spark 3: a string compared with
// another atomic type is cast to that type; otherwise both widen to a common type.
// NaN equals NaN and sorts above every other number, as in Spark.

#include <cmath>

#include "spate/expr/cast.h"
#include "spate/expr/function_registry.h"
#include "spate/expr/kernels.h"
#include "spate/expr/string_util.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

enum class Cmp { kEq, kNe, kLt, kLe, kGt, kGe, kNullSafeEq };

template <typename T>
int threeWay(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

inline bool holds(Cmp op, int c) {
  switch (op) {
    case Cmp::kEq:
    case Cmp::kNullSafeEq: return c == 0;
    case Cmp::kNe: return c != 0;
    case Cmp::kLt: return c < 0;
    case Cmp::kLe: return c <= 0;
    case Cmp::kGt: return c > 0;
    case Cmp::kGe: return c >= 0;
  }
  return false;
}

template <typename T>
ColumnPtr compareTyped(Cmp op, const ColumnPtr& a, const ColumnPtr& b, int64_t n) {
  switch (op) {
    case Cmp::kEq: return compareFixed<T, T>(a, b, n, [](T x, T y) { return threeWay(x, y) == 0; });
    case Cmp::kNe: return compareFixed<T, T>(a, b, n, [](T x, T y) { return threeWay(x, y) != 0; });
    case Cmp::kLt: return compareFixed<T, T>(a, b, n, [](T x, T y) { return threeWay(x, y) < 0; });
    case Cmp::kLe: return compareFixed<T, T>(a, b, n, [](T x, T y) { return threeWay(x, y) <= 0; });
    case Cmp::kGt: return compareFixed<T, T>(a, b, n, [](T x, T y) { return threeWay(x, y) > 0; });
    case Cmp::kGe: return compareFixed<T, T>(a, b, n, [](T x, T y) { return threeWay(x, y) >= 0; });
    default: return nullptr;
  }
}

// Row i's three-way comparison for any type, for the generic paths.
int compareRows(const Column& a, const Column& b, int64_t i) {
  switch (a.typeId()) {
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = a.stringAt(i).compare(b.stringAt(i));
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kBoolean: return static_cast<int>(a.boolAt(i)) - static_cast<int>(b.boolAt(i));
    case TypeId::kNull: return 0;
    default:
      if (a.type()->isNested()) return a.valueAt(i) == b.valueAt(i) ? 0 : 1;
      return dispatchFixedWidth(a.typeId(), [&]<typename T>() { return threeWay(a.valueAt<T>(i), b.valueAt<T>(i)); });
  }
}

ColumnPtr compareColumns(Cmp op, const ColumnPtr& a, const ColumnPtr& b, int64_t n) {
  if (op == Cmp::kNullSafeEq) {
    BooleanColumnBuilder out(n);
    for (int64_t i = 0; i < n; ++i) {
      bool na = a->isNull(i), nb = b->isNull(i);
      out.set(i, (na || nb) ? (na && nb) : compareRows(*a, *b, i) == 0);
    }
    return out.finish();
  }
  TypeId t = a->typeId();
  if (a->type()->byteWidth() > 0) {
    return dispatchFixedWidth(t, [&]<typename T>() { return compareTyped<T>(op, a, b, n); });
  }
  if (t == TypeId::kString || t == TypeId::kBinary) {
    StringArg sa(*a), sb(*b);
    if (op == Cmp::kEq || op == Cmp::kNe) {
      // Equality needs no order: strings of other lengths differ without a look at them.
      const bool eq = op == Cmp::kEq;
      return buildBooleans(n, {a, b}, [&](int64_t i) { return (sa[i] == sb[i]) == eq; });
    }
    return buildBooleans(n, {a, b}, [&](int64_t i) {
      int c = sa[i].compare(sb[i]);
      return holds(op, c < 0 ? -1 : (c > 0 ? 1 : 0));
    });
  }
  ColumnPtr fa = Column::flatten(a), fb = Column::flatten(b);
  return buildBooleans(n, {fa, fb}, [&](int64_t i) { return holds(op, compareRows(*fa, *fb, i)); });
}

// Brings both operands of a comparison to one type, as Spark's binary comparison coercion.
Status coerceForComparison(std::vector<BoundExprPtr>& args) {
  const TypePtr& l = args[0]->type();
  const TypePtr& r = args[1]->type();
  if (typesEqual(l, r)) return Status::OK();
  TypePtr target = comparisonType(l, r);
  if (!target) {
    return Status::TypeError("Cannot compare {} of type {} with {} of type {}", args[0]->toString(), l->simpleString(),
                             args[1]->toString(), r->simpleString());
  }
  if (target->id() == TypeId::kNull) target = DataType::boolean();
  for (auto& a : args) {
    SPATE_ASSIGN_OR_RETURN(a, makeCast(a, target));
  }
  return Status::OK();
}

ScalarResolver comparisonResolver(Cmp op) {
  return [op](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(coerceForComparison(args));
    if (op != Cmp::kEq && op != Cmp::kNe && op != Cmp::kNullSafeEq && args[0]->type()->id() == TypeId::kMap) {
      return Status::TypeError("Maps cannot be ordered");
    }
    return ResolvedScalar{DataType::boolean(), op != Cmp::kNullSafeEq,
                          [op](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return compareColumns(op, c[0], c[1], n);
                          },
                          true};
  };
}

Status requireBoolean(std::vector<BoundExprPtr>& args, const char* op) {
  for (auto& a : args) {
    TypeId t = a->type()->id();
    if (t == TypeId::kNull) {
      SPATE_ASSIGN_OR_RETURN(a, makeCast(a, DataType::boolean()));
    } else if (t != TypeId::kBoolean) {
      return Status::TypeError("{} needs boolean operands, but {} is {}", op, a->toString(), a->type()->simpleString());
    }
  }
  return Status::OK();
}

// Three-valued AND/OR over bitmaps, eight rows per byte.
ColumnPtr logical(bool isAnd, const ColumnPtr& ca, const ColumnPtr& cb, int64_t n) {
  ColumnPtr a = Column::flatten(ca), b = Column::flatten(cb);
  int64_t bytes = bits::bytesFor(n);
  auto values = allocateBuffer(bytes);
  auto validity = allocateBuffer(bytes);
  const uint8_t* av = a->valuesBuffer()->data();
  const uint8_t* bv = b->valuesBuffer()->data();
  const uint8_t* am = a->validityBits();
  const uint8_t* bm = b->validityBits();
  uint8_t* ov = values->data();
  uint8_t* om = validity->data();
  for (int64_t k = 0; k < bytes; ++k) {
    uint8_t x = av[k], y = bv[k];
    uint8_t mx = am ? am[k] : 0xff, my = bm ? bm[k] : 0xff;
    if (isAnd) {
      // false wins; otherwise null if either is null.
      uint8_t falseX = mx & ~x, falseY = my & ~y;
      om[k] = static_cast<uint8_t>((mx & my) | falseX | falseY);
      ov[k] = static_cast<uint8_t>(x & y & mx & my);
    } else {
      uint8_t trueX = mx & x, trueY = my & y;
      om[k] = static_cast<uint8_t>((mx & my) | trueX | trueY);
      ov[k] = static_cast<uint8_t>(trueX | trueY);
    }
  }
  return std::make_shared<Column>(DataType::boolean(), n, validity, values, nullptr, std::vector<ColumnPtr>{});
}

ScalarResolver logicalResolver(bool isAnd) {
  return [isAnd](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(requireBoolean(args, isAnd ? "AND" : "OR"));
    return ResolvedScalar{DataType::boolean(), true,
                          [isAnd](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return logical(isAnd, c[0], c[1], n);
                          },
                          true};
  };
}

Result<ResolvedScalar> resolveNot(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireBoolean(args, "NOT"));
  return ResolvedScalar{DataType::boolean(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          ColumnPtr a = Column::flatten(c[0]);
                          auto values = allocateBuffer(bits::bytesFor(n));
                          const uint8_t* src = a->valuesBuffer()->data();
                          for (int64_t k = 0; k < bits::bytesFor(n); ++k) values->data()[k] = static_cast<uint8_t>(~src[k]);
                          return std::make_shared<Column>(DataType::boolean(), n, a->validityBuffer(), values, nullptr,
                                                          std::vector<ColumnPtr>{});
                        }};
}

// v IN (e1, e2, ...) is (v = e1) OR (v = e2) OR ... under three-valued logic: true if
// some item equals v, else null if v or some item is null, else false.
Result<ResolvedScalar> resolveIn(std::vector<BoundExprPtr>& args) {
  std::vector<TypePtr> types;
  for (const auto& a : args) types.push_back(a->type());
  TypePtr common = commonType(types);
  if (!common) {
    return Status::TypeError("IN list items must have the same type as {} ({})", args[0]->toString(),
                             args[0]->type()->simpleString());
  }
  if (common->id() == TypeId::kNull) common = DataType::boolean();
  for (auto& a : args) {
    SPATE_ASSIGN_OR_RETURN(a, makeCast(a, common));
  }
  // A string against a list of non-null literals: one pass over the strings.
  std::vector<std::string> items;
  for (size_t i = 1; i < args.size() && common->id() == TypeId::kString; ++i) {
    const std::string* s = literalString(args[i]);
    if (!s) break;
    items.push_back(*s);
  }
  if (items.size() + 1 == args.size()) {
    return ResolvedScalar{DataType::boolean(), true,
                          [items](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            StringArg v(*c[0]);
                            return buildBooleans(n, {c[0]}, [&](int64_t i) {
                              std::string_view s = v[i];
                              return std::any_of(items.begin(), items.end(), [&](const std::string& x) { return x == s; });
                            });
                          },
                          true};
  }
  return ResolvedScalar{DataType::boolean(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          ColumnPtr acc;
                          for (size_t i = 1; i < c.size(); ++i) {
                            ColumnPtr eq = compareColumns(Cmp::kEq, c[0], c[i], n);
                            acc = acc ? logical(false, acc, eq, n) : eq;
                          }
                          return acc;
                        },
                        true};
}

}  // namespace

void registerPredicateFunctions(FunctionRegistry& r) {
  r.addScalar({"=", 2, 2, comparisonResolver(Cmp::kEq)});
  r.addAlias("==", "=");
  r.addScalar({"!=", 2, 2, comparisonResolver(Cmp::kNe)});
  r.addAlias("<>", "!=");
  r.addScalar({"<", 2, 2, comparisonResolver(Cmp::kLt)});
  r.addScalar({"<=", 2, 2, comparisonResolver(Cmp::kLe)});
  r.addScalar({">", 2, 2, comparisonResolver(Cmp::kGt)});
  r.addScalar({">=", 2, 2, comparisonResolver(Cmp::kGe)});
  r.addScalar({"<=>", 2, 2, comparisonResolver(Cmp::kNullSafeEq)});
  r.addScalar({"and", 2, 2, logicalResolver(true)});
  r.addScalar({"or", 2, 2, logicalResolver(false)});
  r.addScalar({"not", 1, 1, resolveNot});
  r.addAlias("!", "not");
  r.addScalar({"in", 2, -1, resolveIn});
}

}  // namespace spate
