#include "spate/columnar/selection.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

class Filter final : public BatchStream {
 public:
  Filter(BatchStreamPtr child, BoundExprPtr predicate, std::vector<bool> keep, ExecContext& ctx)
      : child_(std::move(child)), predicate_(std::move(predicate)), keep_(std::move(keep)), ctx_(ctx) {}

  Result<BatchPtr> next() override {
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
      if (!in) return in;
      SPATE_ASSIGN_OR_RETURN(ColumnPtr mask, predicate_->eval(*in, ctx_.eval));
      SelectionVector rows = selectTrue(*mask);
      if (rows.empty()) continue;
      if (static_cast<int64_t>(rows.size()) == in->numRows()) return in;
      return takeKept(in, rows, keep_);
    }
  }

 private:
  BatchStreamPtr child_;
  BoundExprPtr predicate_;
  std::vector<bool> keep_;
  ExecContext& ctx_;
};

}  // namespace

BatchStreamPtr makeFilter(BatchStreamPtr child, BoundExprPtr predicate, std::vector<bool> keep, ExecContext& ctx) {
  return std::make_unique<Filter>(std::move(child), std::move(predicate), std::move(keep), ctx);
}

BatchPtr takeKept(const BatchPtr& batch, const std::vector<int32_t>& rows, const std::vector<bool>& keep) {
  auto n = static_cast<int64_t>(rows.size());
  std::vector<ColumnPtr> cols;
  cols.reserve(batch->numColumns());
  for (size_t c = 0; c < batch->numColumns(); ++c) {
    const ColumnPtr& col = batch->column(c);
    if (c < keep.size() && !keep[c]) {
      cols.push_back(Column::constant(Value(), col->type(), n));
    } else {
      cols.push_back(take(col, rows.data(), n));
    }
  }
  return std::make_shared<const Batch>(batch->schema(), std::move(cols), n);
}

}  // namespace spate::exec
