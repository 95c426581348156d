// greatest(a, b, ...) and least(a, b, ...): the largest / smallest non-null argument of
// each row, null only when all are null. Arguments widen to a common type; NaN is
// larger than any other double, as in Spark's ordering.

#include <cmath>

#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/expr/conditional_select.h"
#include "spate/expr/kernels.h"
#include "spate/expr/math_functions.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

template <typename T>
bool greaterThan(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(a)) return !std::isnan(b);
    if (std::isnan(b)) return false;
  }
  return a > b;
}

// One pass per argument over a typed output: a row takes the argument's value when it
// is valid and beats the current one.
template <typename T>
ColumnPtr extremeFixed(const std::vector<ColumnPtr>& args, const TypePtr& t, int64_t n, bool greatest) {
  FixedColumnBuilder<T> out(t, n);
  T* o = out.data();
  std::vector<uint8_t> has(static_cast<size_t>(n), 0);
  for (const auto& a : args) {
    FixedArg<T> x(*a);
    if (a->nullCount() == a->length()) continue;
    bool noNulls = !a->mayHaveNulls();
    for (int64_t i = 0; i < n; ++i) {
      if (!noNulls && a->isNull(i)) continue;
      T v = x[i];
      auto& h = has[static_cast<size_t>(i)];
      if (!h || (greatest ? greaterThan(v, o[i]) : greaterThan(o[i], v))) {
        o[i] = v;
        h = 1;
      }
    }
  }
  for (int64_t i = 0; i < n; ++i) {
    if (!has[static_cast<size_t>(i)]) out.setNull(i);
  }
  return out.finish();
}

// Booleans and strings pick the winning argument per row, then gather it.
template <typename Less>
ColumnPtr extremeBySelection(const std::vector<ColumnPtr>& args, const TypePtr& t, int64_t n, bool greatest,
                             Less less) {
  std::vector<int32_t> choice(static_cast<size_t>(n), -1);
  for (size_t k = 0; k < args.size(); ++k) {
    const Column& a = *args[k];
    if (a.nullCount() == a.length()) continue;
    for (int64_t i = 0; i < n; ++i) {
      if (a.isNull(i)) continue;
      auto& c = choice[static_cast<size_t>(i)];
      if (c < 0) {
        c = static_cast<int32_t>(k);
        continue;
      }
      const Column& best = *args[static_cast<size_t>(c)];
      if (greatest ? less(best, a, i) : less(a, best, i)) c = static_cast<int32_t>(k);
    }
  }
  return selectRows(t, args, choice, n);
}

ScalarResolver extremeResolver(const char* name, bool greatest) {
  return [name, greatest](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    std::vector<TypePtr> types;
    std::vector<std::string> names;
    for (const auto& a : args) {
      types.push_back(a->type());
      names.push_back(a->type()->simpleString());
    }
    TypePtr t = commonType(types);
    if (!t || t->isNested()) {
      return Status::TypeError("{} needs arguments of one common orderable type, but they are [{}]", name,
                               joinStrings(names, ", "));
    }
    bool nullable = true;
    for (auto& a : args) {
      SPATE_ASSIGN_OR_RETURN(a, makeCast(a, t));
      nullable = nullable && a->nullable();
    }
    return ResolvedScalar{
        t, nullable,
        [t, greatest](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          switch (t->id()) {
            case TypeId::kNull: return Column::nulls(t, n);
            case TypeId::kBoolean:
              return extremeBySelection(c, t, n, greatest, [](const Column& x, const Column& y, int64_t i) {
                return !x.boolAt(i) && y.boolAt(i);
              });
            case TypeId::kString:
            case TypeId::kBinary:
              return extremeBySelection(c, t, n, greatest, [](const Column& x, const Column& y, int64_t i) {
                return x.stringAt(i) < y.stringAt(i);
              });
            default:
              return dispatchFixedWidth(t->id(),
                                        [&]<typename T>() { return extremeFixed<T>(c, t, n, greatest); });
          }
        },
        true};
  };
}

}  // namespace

void registerMathExtremaFunctions(FunctionRegistry& r) {
  r.addScalar({"greatest", 2, -1, extremeResolver("greatest", true)});
  r.addScalar({"least", 2, -1, extremeResolver("least", false)});
}

}  // namespace spate
