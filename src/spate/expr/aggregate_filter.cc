#include "spate/expr/aggregate_filter.h"

#include "spate/columnar/selection.h"
#include "spate/expr/aggregate_state_util.h"

namespace spate {
namespace {

class FilteredState final : public AggregateState {
 public:
  explicit FilteredState(std::unique_ptr<AggregateState> inner) : inner_(std::move(inner)) {}

  void resize(int64_t numGroups) override { inner_->resize(numGroups); }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    SelectionVector rows = selectTrue(*args.back());
    auto n = static_cast<int64_t>(rows.size());
    if (n == numRows) {
      inner_->update(std::vector<ColumnPtr>(args.begin(), args.end() - 1), groupIds, numRows);
    } else if (n > 0) {
      agg::updateRows(*inner_, args, args.size() - 1, groupIds, rows, groups_);
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override { return inner_->finalize(numGroups); }
  int64_t memoryBytes() const override { return inner_->memoryBytes(); }
  void serializeGroup(uint32_t g, std::string& out) const override { inner_->serializeGroup(g, out); }
  Status deserializeGroup(uint32_t g, std::string_view in) override { return inner_->deserializeGroup(g, in); }
  Status restoreForFinalize(uint32_t g, std::string_view in) override { return inner_->restoreForFinalize(g, in); }
  Status mergeGroup(uint32_t g, std::string_view in) override { return inner_->mergeGroup(g, in); }

 private:
  std::unique_ptr<AggregateState> inner_;
  std::vector<uint32_t> groups_;
};

}  // namespace

ResolvedAggregate makeFilteredAggregate(ResolvedAggregate inner) {
  auto create = inner.create;
  inner.create = [create] { return std::make_unique<FilteredState>(create()); };
  return inner;
}

}  // namespace spate
