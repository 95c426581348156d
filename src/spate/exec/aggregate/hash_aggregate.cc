#include "spate/exec/key_table.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

// GROUP BY: assigns each input row a dense group id through a KeyTable, then feeds
// every aggregate's state a whole batch at a time. With no keys there is exactly one
// group, even over empty input (count(*) of nothing is one row with 0).
class HashAggregate final : public BatchStream {
 public:
  HashAggregate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx)
      : child_(std::move(child)), schema_(std::move(schema)), keys_(node.exprs), ctx_(ctx) {
    std::vector<TypePtr> keyTypes;
    for (const auto& k : keys_) keyTypes.push_back(k->type());
    if (!keyTypes.empty()) table_ = std::make_unique<KeyTable>(keyTypes, /*nullsMatch=*/true);
    for (const auto& a : node.aggregates) {
      args_.push_back(a.args);
      states_.push_back(a.resolved.create());
    }
  }

  Result<BatchPtr> next() override {
    if (done_) return BatchPtr();
    done_ = true;
    int64_t numGroups = table_ ? 0 : 1;
    for (auto& s : states_) s->resize(numGroups);
    std::vector<uint32_t> ids;
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
      if (!in) break;
      int64_t n = in->numRows();
      if (n == 0) continue;
      ids.resize(static_cast<size_t>(n));
      if (table_) {
        std::vector<ColumnPtr> keyCols;
        for (const auto& k : keys_) {
          SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k->eval(*in, ctx_.eval));
          keyCols.push_back(std::move(c));
        }
        table_->insert(keyCols, n, ids.data());
        numGroups = table_->size();
      } else {
        std::fill(ids.begin(), ids.end(), 0);
      }
      for (size_t a = 0; a < states_.size(); ++a) {
        std::vector<ColumnPtr> argCols;
        for (const auto& e : args_[a]) {
          SPATE_ASSIGN_OR_RETURN(ColumnPtr c, e->eval(*in, ctx_.eval));
          argCols.push_back(std::move(c));
        }
        states_[a]->resize(numGroups);
        states_[a]->update(argCols, ids.data(), n);
      }
    }
    std::vector<ColumnPtr> cols;
    if (table_) cols = table_->keyColumns();
    for (auto& s : states_) {
      s->resize(numGroups);
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, s->finalize(numGroups));
      cols.push_back(std::move(c));
    }
    return std::make_shared<const Batch>(schema_, std::move(cols), numGroups);
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  std::vector<BoundExprPtr> keys_;
  std::vector<std::vector<BoundExprPtr>> args_;
  std::vector<std::unique_ptr<AggregateState>> states_;
  std::unique_ptr<KeyTable> table_;
  ExecContext& ctx_;
  bool done_ = false;
};

}  // namespace

BatchStreamPtr makeHashAggregate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx) {
  return std::make_unique<HashAggregate>(std::move(child), std::move(schema), node, ctx);
}

}  // namespace spate::exec
