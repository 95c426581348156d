#include "spate/expr/aggregate_distinct.h"

#include "spate/columnar/selection.h"
#include "spate/common/hash.h"
#include "spate/expr/aggregate_state_util.h"

namespace spate {
namespace {

// One set of (group id, argument values) keys for all groups: the group id is the
// key's first four bytes, so a per-group set costs nothing per group.
class DistinctState final : public AggregateState {
 public:
  explicit DistinctState(std::unique_ptr<AggregateState> inner) : inner_(std::move(inner)) {}

  void resize(int64_t numGroups) override { inner_->resize(numGroups); }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    encoder_.encode(args, groupIds, numRows);
    hashes_.resize(static_cast<size_t>(numRows));
    for (int64_t i = 0; i < numRows; ++i) {
      std::string_view key = encoder_.key(i);
      hashes_[static_cast<size_t>(i)] = hashBytes(reinterpret_cast<const uint8_t*>(key.data()), key.size());
    }
    // Probing is memory-bound on large sets: fetch the slot a few rows ahead.
    constexpr int64_t kAhead = 16;
    keep_.clear();
    for (int64_t i = 0; i < numRows; ++i) {
      if (i + kAhead < numRows) seen_.prefetch(hashes_[static_cast<size_t>(i + kAhead)]);
      if (seen_.insert(encoder_.key(i), hashes_[static_cast<size_t>(i)])) keep_.push_back(static_cast<int32_t>(i));
    }
    auto k = static_cast<int64_t>(keep_.size());
    if (k == numRows) {
      inner_->update(args, groupIds, numRows);
      return;
    }
    if (k == 0) return;
    std::vector<ColumnPtr> kept;
    kept.reserve(args.size());
    for (const auto& a : args) kept.push_back(take(a, keep_.data(), k));
    groups_.resize(keep_.size());
    for (size_t j = 0; j < keep_.size(); ++j) groups_[j] = groupIds[keep_[j]];
    inner_->update(kept, groups_.data(), k);
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override { return inner_->finalize(numGroups); }
  int64_t memoryBytes() const override { return inner_->memoryBytes() + seen_.memoryBytes(); }

 private:
  std::unique_ptr<AggregateState> inner_;
  agg::RowKeyEncoder encoder_;
  agg::ByteSet seen_;
  std::vector<uint64_t> hashes_;
  std::vector<int32_t> keep_;
  std::vector<uint32_t> groups_;
};

}  // namespace

Result<ResolvedAggregate> makeDistinctAggregate(ResolvedAggregate inner, std::vector<TypePtr> argTypes) {
  (void)argTypes;  // the encoder reads each batch's column types; kept for the planner's contract
  if (!inner.create) return Status::Internal("makeDistinctAggregate: the inner aggregate has no state factory");
  ResolvedAggregate out;
  out.type = inner.type;
  out.nullable = inner.nullable;
  out.create = [create = std::move(inner.create)]() -> std::unique_ptr<AggregateState> {
    return std::make_unique<DistinctState>(create());
  };
  return out;
}

}  // namespace spate
