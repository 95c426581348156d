// Null handling and conditionals: coalesce, nvl/ifnull, nvl2, nullif, if, zeroifnull,
// nullifzero, isnull and isnotnull. Branch values widen to one common type as Spark's
// (a string meeting another atomic type makes a string). Every argument is evaluated
// as a column, then a per-row choice of source is gathered in one typed pass
// (conditional_select.h).

#include "spate/common/strings.h"
#include "spate/expr/binder.h"
#include "spate/expr/cast.h"
#include "spate/expr/conditional_select.h"
#include "spate/expr/function_registry.h"
#include "spate/expr/kernels.h"
#include "spate/expr/type_coercion.h"

namespace spate {

namespace {

std::string typeList(const std::vector<BoundExprPtr>& args, size_t from = 0) {
  std::vector<std::string> names;
  for (size_t i = from; i < args.size(); ++i) names.push_back(args[i]->type()->simpleString());
  return "[" + joinStrings(names, ", ") + "]";
}

// Casts args[from..] to their common type, or a TypeError naming the function.
Result<TypePtr> unifyArgs(const char* fn, std::vector<BoundExprPtr>& args, size_t from = 0) {
  std::vector<TypePtr> types;
  for (size_t i = from; i < args.size(); ++i) types.push_back(args[i]->type());
  TypePtr t = commonType(types);
  if (!t) {
    return Status::TypeError("{} needs arguments of one common type, but they are {}", fn, typeList(args, from));
  }
  for (size_t i = from; i < args.size(); ++i) {
    SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], t));
  }
  return t;
}

// coalesce(a, b, ...) and nvl(a, b): the first non-null argument of each row.
ScalarResolver coalesceResolver(const char* name) {
  return [name](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_ASSIGN_OR_RETURN(TypePtr t, unifyArgs(name, args));
    bool nullable = true;
    for (const auto& a : args) nullable = nullable && a->nullable();
    return ResolvedScalar{t, nullable,
                          [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            if (!c[0]->mayHaveNulls()) return c[0];
                            return selectRows(t, c, firstValidSource(c, n), n);
                          },
                          true};
  };
}

Result<ResolvedScalar> resolveNvl2(std::vector<BoundExprPtr>& args) {
  SPATE_ASSIGN_OR_RETURN(TypePtr t, unifyArgs("nvl2", args, 1));
  bool nullable = args[1]->nullable() || args[2]->nullable();
  return ResolvedScalar{t, nullable,
                        [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          const Column& test = *c[0];
                          if (test.typeId() == TypeId::kNull) return c[2];
                          if (test.isConstant() || !test.mayHaveNulls()) return test.isNull(0) ? c[2] : c[1];
                          std::vector<int32_t> choice(static_cast<size_t>(n));
                          const uint8_t* v = test.validityBits();
                          for (int64_t i = 0; i < n; ++i) choice[static_cast<size_t>(i)] = bits::get(v, i) ? 0 : 1;
                          return selectRows(t, {c[1], c[2]}, choice, n);
                        },
                        true};
}

// nullif(a, b) is null where a = b, else a. The comparison is the "=" operator's, so
// its operand coercion is Spark's; the call keeps a and (a = b) as its arguments.
Result<ResolvedScalar> resolveNullIf(std::vector<BoundExprPtr>& args) {
  TypePtr t = args[0]->type();
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr equal, makeScalarCall("=", {args[0], args[1]}));
  args = {args[0], equal};
  return ResolvedScalar{t, true,
                        [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          const Column& eq = *c[1];
                          BoolArg same(eq);
                          std::vector<int32_t> choice(static_cast<size_t>(n));
                          for (int64_t i = 0; i < n; ++i) {
                            choice[static_cast<size_t>(i)] = eq.isValid(i) && same[i] ? -1 : 0;
                          }
                          return selectRows(t, {c[0]}, choice, n);
                        },
                        true};
}

// if(cond, a, b): a where cond is true; b where it is false or null.
Result<ResolvedScalar> resolveIf(std::vector<BoundExprPtr>& args) {
  TypeId condType = args[0]->type()->id();
  if (condType != TypeId::kBoolean && condType != TypeId::kNull) {
    return Status::TypeError("if expects a boolean condition, but it is {}", args[0]->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::boolean()));
  SPATE_ASSIGN_OR_RETURN(TypePtr t, unifyArgs("if", args, 1));
  bool nullable = args[1]->nullable() || args[2]->nullable();
  return ResolvedScalar{t, nullable,
                        [t](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          const Column& cond = *c[0];
                          BoolArg truth(cond);
                          if (cond.isConstant()) return cond.isValid(0) && truth[0] ? c[1] : c[2];
                          std::vector<int32_t> choice(static_cast<size_t>(n));
                          for (int64_t i = 0; i < n; ++i) {
                            choice[static_cast<size_t>(i)] = cond.isValid(i) && truth[i] ? 0 : 1;
                          }
                          return selectRows(t, {c[1], c[2]}, choice, n);
                        },
                        true};
}

// zeroifnull(x) is coalesce(x, 0) and nullifzero(x) is nullif(x, 0), as Spark 4 has them.
Result<ResolvedScalar> resolveZeroIfNull(std::vector<BoundExprPtr>& args) {
  args.push_back(std::make_shared<BoundLiteral>(Value::integer(0), DataType::int_()));
  return coalesceResolver("zeroifnull")(args);
}

Result<ResolvedScalar> resolveNullIfZero(std::vector<BoundExprPtr>& args) {
  args.push_back(std::make_shared<BoundLiteral>(Value::integer(0), DataType::int_()));
  return resolveNullIf(args);
}

// isnull / isnotnull read the validity bitmap a byte at a time; they are never null.
ScalarResolver nullTestResolver(bool wantNull) {
  return [wantNull](std::vector<BoundExprPtr>&) -> Result<ResolvedScalar> {
    return ResolvedScalar{
        DataType::boolean(), false,
        [wantNull](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          const Column& in = *c[0];
          BooleanColumnBuilder out(n);
          uint8_t* bitsOut = out.bitmap();
          int64_t bytes = bits::bytesFor(n);
          if (in.isConstant() || !in.mayHaveNulls() || !in.validityBits()) {
            bool isNull = in.typeId() == TypeId::kNull || in.isNull(0);
            std::memset(bitsOut, isNull == wantNull ? 0xff : 0, static_cast<size_t>(bytes));
          } else {
            const uint8_t* v = in.validityBits();
            for (int64_t b = 0; b < bytes; ++b) bitsOut[b] = wantNull ? static_cast<uint8_t>(~v[b]) : v[b];
          }
          // Keep the bits past the last row clear, as a freshly built bitmap has them.
          if (n % 8 != 0) bitsOut[bytes - 1] &= static_cast<uint8_t>((1u << (n % 8)) - 1);
          return out.finish();
        },
        true};
  };
}

}  // namespace

void registerConditionalFunctions(FunctionRegistry& r) {
  r.addScalar({"coalesce", 1, -1, coalesceResolver("coalesce")});
  r.addScalar({"nvl", 2, 2, coalesceResolver("nvl")});
  r.addAlias("ifnull", "nvl");
  r.addScalar({"nvl2", 3, 3, resolveNvl2});
  r.addScalar({"nullif", 2, 2, resolveNullIf});
  r.addScalar({"if", 3, 3, resolveIf});
  r.addScalar({"zeroifnull", 1, 1, resolveZeroIfNull});
  r.addScalar({"nullifzero", 1, 1, resolveNullIfZero});
  r.addScalar({"isnull", 1, 1, nullTestResolver(true)});
  r.addScalar({"isnotnull", 1, 1, nullTestResolver(false)});
}

}  // namespace spate
