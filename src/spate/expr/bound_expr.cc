#include "spate/expr/bound_expr.h"

namespace spate {

std::string BoundLiteral::toString() const {
  if (value_.isNull()) return "null";
  if (type()->id() == TypeId::kString) return "'" + value_.asString() + "'";
  return value_.toString(*type());
}

Result<ColumnPtr> evalShared(const BoundExpr& e, const Batch& input, EvalContext& ctx) {
  // Only the batch the projection is evaluating is served from the memo: an expression
  // evaluated over any other batch computes its own column.
  if (ctx.memo && ctx.memo->batch == &input) {
    auto it = ctx.memo->slotOf.find(&e);
    if (it != ctx.memo->slotOf.end()) {
      ColumnPtr& v = ctx.memo->values[it->second];
      if (!v) {
        SPATE_ASSIGN_OR_RETURN(v, e.eval(input, ctx));
      }
      return v;
    }
  }
  return e.eval(input, ctx);
}

Result<std::vector<ColumnPtr>> evalChildren(const BoundExpr& e, const Batch& input, EvalContext& ctx) {
  std::vector<ColumnPtr> out;
  out.reserve(e.children().size());
  for (const auto& c : e.children()) {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr col, evalShared(*c, input, ctx));
    out.push_back(std::move(col));
  }
  return out;
}

Result<Value> evalConstant(const BoundExprPtr& e, EvalContext& ctx) {
  static const SchemaPtr kEmpty = std::make_shared<Schema>();
  Batch one(kEmpty, {}, 1);
  SPATE_ASSIGN_OR_RETURN(ColumnPtr c, e->eval(one, ctx));
  return c->valueAt(0);
}

}  // namespace spate
