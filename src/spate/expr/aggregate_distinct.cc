#include "spate/expr/aggregate_distinct.h"

#include <cstring>

#include "spate/columnar/selection.h"
#include "spate/common/hash.h"
#include "spate/expr/aggregate_state_util.h"

namespace spate {
namespace {

// One set of (group id, argument values) keys for all groups: the group id is the
// key's first four bytes, so a per-group set costs nothing per group. Serializing a
// group needs its keys: an index of the set by group, built by the first
// serializeGroup after a change, so the batch path never pays for it.
class DistinctState final : public AggregateState {
 public:
  explicit DistinctState(std::unique_ptr<AggregateState> inner) : inner_(std::move(inner)) {}

  void resize(int64_t numGroups) override {
    inner_->resize(numGroups);
    numGroups_ = numGroups;
    indexed_ = false;
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    indexed_ = false;
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

  // The inner state's bytes (u32 length first), then the group's key count (u32) and
  // each key without its group id prefix (u32 length first): the encoded argument
  // values, as RowKeyEncoder writes them.
  void serializeGroup(uint32_t g, std::string& out) const override {
    size_t at = out.size();
    agg::putFixed(out, uint32_t{0});
    inner_->serializeGroup(g, out);
    auto innerLen = static_cast<uint32_t>(out.size() - at - 4);
    std::memcpy(out.data() + at, &innerLen, 4);
    buildIndex();
    uint32_t b = keyStart_[g], e = keyStart_[g + 1];
    agg::putFixed(out, e - b);
    for (uint32_t k = b; k < e; ++k) agg::putBytes(out, keys_[k].substr(4));
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, "distinct", g, static_cast<size_t>(numGroups_));
    std::string_view inner = r.getBytes();
    uint32_t n = r.getCount(4);  // each key takes at least its length
    restored_.clear();
    for (uint32_t k = 0; k < n && r.ok(); ++k) restored_.push_back(r.getBytes());
    SPATE_RETURN_IF_ERROR(r.finish());
    SPATE_RETURN_IF_ERROR(inner_->deserializeGroup(g, inner));
    indexed_ = false;
    for (std::string_view value : restored_) {
      key_.assign(reinterpret_cast<const char*>(&g), 4);
      key_.append(value);
      seen_.insert(key_, hashBytes(reinterpret_cast<const uint8_t*>(key_.data()), key_.size()));
    }
    restored_.clear();
    return Status::OK();
  }

 private:
  // Sorts the set's keys by group (a counting sort on their group id prefix).
  void buildIndex() const {
    if (indexed_) return;
    auto groups = static_cast<size_t>(numGroups_);
    keyStart_.assign(groups + 1, 0);
    // Every key's group is below numGroups_ (update's contract); others are skipped.
    seen_.forEach([&](std::string_view key) {
      if (groupOf(key) < groups) ++keyStart_[groupOf(key) + 1];
    });
    for (size_t i = 0; i < groups; ++i) keyStart_[i + 1] += keyStart_[i];
    keys_.resize(keyStart_[groups]);
    std::vector<uint32_t> cursor(keyStart_.begin(), keyStart_.end() - 1);
    seen_.forEach([&](std::string_view key) {
      if (groupOf(key) < groups) keys_[cursor[groupOf(key)]++] = key;
    });
    indexed_ = true;
  }
  static uint32_t groupOf(std::string_view key) {
    uint32_t g;
    std::memcpy(&g, key.data(), 4);
    return g;
  }

  std::unique_ptr<AggregateState> inner_;
  int64_t numGroups_ = 0;
  mutable bool indexed_ = false;
  mutable std::vector<uint32_t> keyStart_;  // group g's keys are keys_[keyStart_[g]..keyStart_[g+1])
  mutable std::vector<std::string_view> keys_;  // views into seen_, valid while indexed_
  std::vector<std::string_view> restored_;
  std::string key_;
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
