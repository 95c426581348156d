#include "spate/expr/aggregate_filter.h"

#include "spate/columnar/selection.h"

namespace spate {
namespace {

class FilteredState final : public AggregateState {
 public:
  explicit FilteredState(std::unique_ptr<AggregateState> inner) : inner_(std::move(inner)) {}

  void resize(int64_t numGroups) override { inner_->resize(numGroups); }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    std::vector<ColumnPtr> values(args.begin(), args.end() - 1);
    SelectionVector rows = selectTrue(*args.back());
    auto n = static_cast<int64_t>(rows.size());
    if (n == numRows) {
      inner_->update(values, groupIds, numRows);
      return;
    }
    if (n == 0) return;
    for (auto& v : values) v = take(v, rows.data(), n);
    groups_.resize(rows.size());
    for (size_t i = 0; i < rows.size(); ++i) groups_[i] = groupIds[rows[i]];
    inner_->update(values, groups_.data(), n);
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override { return inner_->finalize(numGroups); }
  int64_t memoryBytes() const override { return inner_->memoryBytes(); }
  void serializeGroup(uint32_t g, std::string& out) const override { inner_->serializeGroup(g, out); }
  Status deserializeGroup(uint32_t g, std::string_view in) override { return inner_->deserializeGroup(g, in); }
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
