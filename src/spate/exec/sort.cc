#include <algorithm>
#include <numeric>

#include "spate/columnar/selection.h"
#include "spate/exec/operators.h"
#include "spate/exec/row_comparator.h"

namespace spate::exec {

namespace {

// Sorts all its input (stable, so ties keep arrival order) and emits it in slices.
class Sort final : public BatchStream {
 public:
  Sort(BatchStreamPtr child, SchemaPtr schema, std::vector<SortKey> keys, std::vector<bool> keep, ExecContext& ctx)
      : child_(std::move(child)), schema_(std::move(schema)), keys_(std::move(keys)), keep_(std::move(keep)), ctx_(ctx) {}

  Result<BatchPtr> next() override {
    if (!sorted_) {
      SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, drain(*child_));
      if (batches.empty()) return BatchPtr();
      BatchPtr all = concatBatches(schema_, batches);
      std::vector<RowComparator::Key> keys;
      for (const auto& k : keys_) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k.expr->eval(*all, ctx_.eval));
        keys.push_back({Column::flatten(c), k.ascending, k.nullsFirst});
      }
      RowComparator cmp(std::move(keys));
      SelectionVector order(static_cast<size_t>(all->numRows()));
      std::iota(order.begin(), order.end(), 0);
      std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) { return cmp.less(a, b); });
      sorted_ = takeKept(all, order, keep_);
    }
    constexpr int64_t kSlice = 65536;
    if (offset_ >= sorted_->numRows()) return BatchPtr();
    BatchPtr out = sliceBatch(sorted_, offset_, kSlice);
    offset_ += kSlice;
    return out;
  }

 private:
  BatchStreamPtr child_;
  SchemaPtr schema_;
  std::vector<SortKey> keys_;
  std::vector<bool> keep_;
  ExecContext& ctx_;
  BatchPtr sorted_;
  int64_t offset_ = 0;
};

}  // namespace

BatchStreamPtr makeSort(BatchStreamPtr child, SchemaPtr schema, std::vector<SortKey> keys, std::vector<bool> keep,
                        ExecContext& ctx) {
  return std::make_unique<Sort>(std::move(child), std::move(schema), std::move(keys), std::move(keep), ctx);
}

}  // namespace spate::exec
