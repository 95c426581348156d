#include "spate/columnar/selection.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

// explode and friends: each input row repeated once per generated row, with the
// generated columns appended.
class Generate final : public BatchStream {
 public:
  Generate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx)
      : child_(std::move(child)), schema_(std::move(schema)), generator_(node.generator), args_(node.generatorArgs), ctx_(ctx) {}

  Result<BatchPtr> next() override {
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
      if (!in) return in;
      std::vector<ColumnPtr> args;
      for (const auto& a : args_) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, a->eval(*in, ctx_.eval));
        args.push_back(Column::flatten(c));
      }
      SPATE_ASSIGN_OR_RETURN(GeneratorOutput g, generator_.kernel(args, in->numRows()));
      auto n = static_cast<int64_t>(g.sourceRows.size());
      if (n == 0) continue;
      std::vector<ColumnPtr> cols;
      for (const auto& c : in->columns()) cols.push_back(take(c, g.sourceRows.data(), n));
      for (auto& c : g.columns) cols.push_back(std::move(c));
      return std::make_shared<const Batch>(schema_, std::move(cols), n);
    }
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  ResolvedGenerator generator_;
  std::vector<BoundExprPtr> args_;
  ExecContext& ctx_;
};

}  // namespace

BatchStreamPtr makeGenerate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx) {
  return std::make_unique<Generate>(std::move(child), std::move(schema), node, ctx);
}

}  // namespace spate::exec
