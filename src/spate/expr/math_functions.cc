// The math function family: Spark's names, argument coercion (numbers, strings and
// nulls cast implicitly) and result types. Each part lives in its own math_*.cc file.

#include "spate/expr/math_functions.h"

#include "spate/expr/cast.h"

namespace spate {

bool castsToNumber(const DataType& t) {
  return t.isNumeric() || t.id() == TypeId::kString || t.id() == TypeId::kNull;
}

Status coerceToDouble(BoundExprPtr& arg, const char* fn) {
  if (!castsToNumber(*arg->type())) {
    return Status::TypeError("{} expects a numeric argument (double), but {} is {}", fn, arg->toString(),
                             arg->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(arg, makeCast(arg, DataType::double_()));
  return Status::OK();
}

Result<std::optional<int64_t>> constantInt(const BoundExprPtr& arg, const char* fn, const char* what) {
  if (!castsToNumber(*arg->type()) || arg->type()->id() == TypeId::kString) {
    return Status::TypeError("{} expects an integer {}, but {} is {}", fn, what, arg->toString(),
                             arg->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr asLong, makeCast(arg, DataType::long_()));
  const Value* v = asLong->literalValue();
  if (!v) {
    return Status::TypeError("{} expects a constant {}, but {} is not constant", fn, what, arg->toString());
  }
  if (v->isNull()) return std::optional<int64_t>();
  return std::optional<int64_t>(v->asInt());
}

void registerMathFunctions(FunctionRegistry& r) {
  registerMathUnaryFunctions(r);
  registerMathRoundingFunctions(r);
  registerMathRadixFunctions(r);
  registerMathRandomFunctions(r);
  registerMathExtremaFunctions(r);
}

}  // namespace spate
