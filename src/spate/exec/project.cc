#include <typeinfo>
#include <unordered_map>

#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

// A key equal for subexpressions that compute the same thing: node kind, result type,
// what the node holds (literal, column, field, function) and its children's keys.
std::string subexpressionKey(const BoundExpr& e, std::vector<std::pair<const BoundExpr*, std::string>>& nodes) {
  std::string k = typeid(e).name();
  k += '|';
  k += e.type()->simpleString();
  if (const Value* v = e.literalValue()) {
    std::string text = v->isNull() ? "null" : v->toString(*e.type());
    k += fmt::format("|L{}:{}", text.size(), text);
  }
  if (e.columnOrdinal() >= 0) k += fmt::format("|C{}", e.columnOrdinal());
  if (e.fieldIndex() >= 0) k += fmt::format("|F{}", e.fieldIndex());
  if (const std::string* f = e.functionName()) k += "|N" + *f;
  k += fmt::format("({}", e.children().size());
  for (const auto& c : e.children()) k += "," + subexpressionKey(*c, nodes);
  k += ')';
  nodes.emplace_back(&e, k);
  return k;
}

// The computed subexpressions that occur more than once among exprs, each given a slot.
void findCommonSubexpressions(const std::vector<BoundExprPtr>& exprs, ExprMemo& memo) {
  std::vector<std::pair<const BoundExpr*, std::string>> nodes;
  for (const auto& e : exprs) subexpressionKey(*e, nodes);
  std::unordered_map<std::string, int> count;
  for (const auto& [node, key] : nodes) ++count[key];
  std::unordered_map<std::string, size_t> slots;
  for (const auto& [node, key] : nodes) {
    // Columns and literals cost nothing to evaluate; a non-deterministic call must run each time.
    if (count[key] < 2 || node->children().empty() || !node->deterministic()) continue;
    auto [it, added] = slots.emplace(key, slots.size());
    memo.slotOf.emplace(node, it->second);
  }
  memo.values.resize(slots.size());
}

class Project final : public BatchStream {
 public:
  Project(BatchStreamPtr child, SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx)
      : child_(std::move(child)), schema_(std::move(schema)), exprs_(std::move(exprs)), ctx_(ctx) {
    findCommonSubexpressions(exprs_, memo_);
  }

  Result<BatchPtr> next() override {
    SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
    if (!in) return in;
    std::vector<ColumnPtr> cols;
    cols.reserve(exprs_.size());
    EvalContext eval = ctx_.eval;
    if (!memo_.values.empty()) {
      memo_.batch = in.get();
      std::fill(memo_.values.begin(), memo_.values.end(), nullptr);
      eval.memo = &memo_;
    }
    for (const auto& e : exprs_) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, evalShared(*e, *in, eval));
      cols.push_back(std::move(c));
    }
    memo_.batch = nullptr;
    std::fill(memo_.values.begin(), memo_.values.end(), nullptr);
    return std::make_shared<const Batch>(schema_, std::move(cols), in->numRows());
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  std::vector<BoundExprPtr> exprs_;
  ExecContext& ctx_;
  ExprMemo memo_;
};

}  // namespace

BatchStreamPtr makeProject(BatchStreamPtr child, SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx) {
  return std::make_unique<Project>(std::move(child), std::move(schema), std::move(exprs), ctx);
}

}  // namespace spate::exec
