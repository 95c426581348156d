#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

class Project final : public BatchStream {
 public:
  Project(BatchStreamPtr child, SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx)
      : child_(std::move(child)), schema_(std::move(schema)), exprs_(std::move(exprs)), ctx_(ctx) {}

  Result<BatchPtr> next() override {
    SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
    if (!in) return in;
    std::vector<ColumnPtr> cols;
    cols.reserve(exprs_.size());
    for (const auto& e : exprs_) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, e->eval(*in, ctx_.eval));
      cols.push_back(std::move(c));
    }
    return std::make_shared<const Batch>(schema_, std::move(cols), in->numRows());
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  std::vector<BoundExprPtr> exprs_;
  ExecContext& ctx_;
};

}  // namespace

BatchStreamPtr makeProject(BatchStreamPtr child, SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx) {
  return std::make_unique<Project>(std::move(child), std::move(schema), std::move(exprs), ctx);
}

}  // namespace spate::exec
