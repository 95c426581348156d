#include <typeinfo>
#include <unordered_map>

#include "spate/columnar/selection.h"
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

// Evaluates exprs over batch, serving their common subexpressions from memo.
Result<BatchPtr> projectBatch(const BatchPtr& batch, const SchemaPtr& schema, const std::vector<BoundExprPtr>& exprs,
                              EvalContext& eval) {
  std::vector<ColumnPtr> cols;
  cols.reserve(exprs.size());
  for (const auto& e : exprs) {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr c, evalShared(*e, *batch, eval));
    cols.push_back(std::move(c));
  }
  return std::make_shared<const Batch>(schema, std::move(cols), batch->numRows());
}

void resetMemo(ExprMemo& memo, const Batch* batch) {
  memo.batch = batch;
  std::fill(memo.values.begin(), memo.values.end(), nullptr);
}

// The context to evaluate batch in: memo, emptied, serves its common subexpressions.
EvalContext memoFor(ExprMemo& memo, const Batch* batch, EvalContext eval) {
  resetMemo(memo, batch);
  if (!memo.values.empty()) eval.memo = &memo;
  return eval;
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
    EvalContext eval = memoFor(memo_, in.get(), ctx_.eval);
    Result<BatchPtr> out = projectBatch(in, schema_, exprs_, eval);
    resetMemo(memo_, nullptr);
    return out;
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  std::vector<BoundExprPtr> exprs_;
  ExecContext& ctx_;
  ExprMemo memo_;
};

// A projection over a filter, as one operator so that what the two compute alike is
// computed once (q21's regexp_extract and lower(channel)). The filter evaluates its
// predicate over every row anyway, so its subexpressions' columns are gathered for the
// passing rows like the input's, and the projection reads them from there.
class FilterProject final : public BatchStream {
 public:
  FilterProject(BatchStreamPtr child, BoundExprPtr predicate, std::vector<bool> keep, SchemaPtr schema,
                std::vector<BoundExprPtr> exprs, ExecContext& ctx)
      : child_(std::move(child)),
        predicate_(std::move(predicate)),
        keep_(std::move(keep)),
        schema_(std::move(schema)),
        exprs_(std::move(exprs)),
        ctx_(ctx) {
    std::vector<BoundExprPtr> all = exprs_;
    all.push_back(predicate_);
    findCommonSubexpressions(all, memo_);
  }

  Result<BatchPtr> next() override {
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
      if (!in) return in;
      EvalContext eval = memoFor(memo_, in.get(), ctx_.eval);
      Result<BatchPtr> out = filterAndProject(in, eval);
      resetMemo(memo_, nullptr);
      if (!out.ok() || *out) return out;
    }
  }

 private:
  // Null when no row passes.
  Result<BatchPtr> filterAndProject(const BatchPtr& in, EvalContext& eval) {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr mask, evalShared(*predicate_, *in, eval));
    SelectionVector rows = selectTrue(*mask);
    if (rows.empty()) return BatchPtr();
    if (static_cast<int64_t>(rows.size()) == in->numRows()) return projectBatch(in, schema_, exprs_, eval);
    BatchPtr kept = takeKept(in, rows, keep_);
    auto n = static_cast<int64_t>(rows.size());
    for (ColumnPtr& v : memo_.values) {
      if (v) v = take(v, rows.data(), n);
    }
    memo_.batch = kept.get();
    return projectBatch(kept, schema_, exprs_, eval);
  }

  BatchStreamPtr child_;
  BoundExprPtr predicate_;
  std::vector<bool> keep_;
  SchemaPtr schema_;
  std::vector<BoundExprPtr> exprs_;
  ExecContext& ctx_;
  ExprMemo memo_;
};

}  // namespace

BatchStreamPtr makeFilterProject(BatchStreamPtr child, BoundExprPtr predicate, std::vector<bool> keep,
                                 SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx) {
  return std::make_unique<FilterProject>(std::move(child), std::move(predicate), std::move(keep), std::move(schema),
                                         std::move(exprs), ctx);
}

BatchStreamPtr makeProject(BatchStreamPtr child, SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx) {
  return std::make_unique<Project>(std::move(child), std::move(schema), std::move(exprs), ctx);
}

}  // namespace spate::exec
