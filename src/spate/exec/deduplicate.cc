#include "spate/exec/key_table.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

// dropDuplicates on a table: the first row of each key, in input order, marked by key
// id as they are met.
class Deduplicate final : public BatchStream {
 public:
  Deduplicate(BatchStreamPtr child, std::vector<BoundExprPtr> keys, std::vector<bool> keep, ExecContext& ctx)
      : child_(std::move(child)), keys_(std::move(keys)), keep_(std::move(keep)), ctx_(ctx) {
    std::vector<TypePtr> types;
    for (const auto& k : keys_) types.push_back(k->type());
    table_ = std::make_unique<KeyTable>(types, /*nullsMatch=*/true);
  }

  Result<BatchPtr> next() override {
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child_->next());
      if (!in) return in;
      int64_t n = in->numRows();
      if (n == 0) continue;
      std::vector<ColumnPtr> cols;
      for (const auto& k : keys_) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k->eval(*in, ctx_.eval));
        cols.push_back(std::move(c));
      }
      ids_.resize(static_cast<size_t>(n));
      table_->insert(cols, n, ids_.data());
      seen_.resize(static_cast<size_t>(table_->size()), 0);
      std::vector<int32_t> rows;
      for (int64_t i = 0; i < n; ++i) {
        uint8_t& seen = seen_[ids_[static_cast<size_t>(i)]];
        if (!seen) {
          seen = 1;
          rows.push_back(static_cast<int32_t>(i));
        }
      }
      if (rows.empty()) continue;
      if (static_cast<int64_t>(rows.size()) == n) return in;
      return takeKept(in, rows, keep_);
    }
  }

 private:
  BatchStreamPtr child_;
  std::vector<BoundExprPtr> keys_;
  std::vector<bool> keep_;
  ExecContext& ctx_;
  std::unique_ptr<KeyTable> table_;
  std::vector<uint32_t> ids_;
  std::vector<uint8_t> seen_;  // by key id
};

}  // namespace

BatchStreamPtr makeDeduplicate(BatchStreamPtr child, std::vector<BoundExprPtr> keys, std::vector<bool> keep,
                               ExecContext& ctx) {
  return std::make_unique<Deduplicate>(std::move(child), std::move(keys), std::move(keep), ctx);
}

}  // namespace spate::exec
