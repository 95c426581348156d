// first, last (first_value, last_value, any_value), collect_list, collect_set: the
// aggregates that keep input values rather than fold them into a number.

#include <numeric>

#include "spate/columnar/selection.h"
#include "spate/expr/aggregate_distinct.h"
#include "spate/expr/aggregate_functions.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/kernels.h"

namespace spate {
namespace {

using agg::RowValidity;
using agg::validityOf;

// first(x[, ignoreNulls]) / last(x[, ignoreNulls]) in update order. Per group: nothing
// seen yet, a null kept (ignoreNulls off) or a value kept in the slots.
template <typename Slots, bool kLast>
class FirstLastState final : public AggregateState {
 public:
  FirstLastState(TypePtr type, bool ignoreNulls) : slots_(std::move(type)), ignoreNulls_(ignoreNulls) {}

  void resize(int64_t numGroups) override {
    slots_.resize(numGroups);
    state_.resize(static_cast<size_t>(numGroups), kUnseen);
    if (kLast) stamps_.resize(static_cast<size_t>(numGroups), 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    RowValidity v = validityOf(*c);
    if (v.allNull && ignoreNulls_) return;
    typename Slots::Input in = Slots::input(*c);
    if constexpr (!kLast) {
      for (int64_t i = 0; i < numRows; ++i) {
        uint32_t g = groupIds[i];
        if (state_[g] != kUnseen) continue;
        if (!v.allNull && v.valid(i)) {
          slots_.set(g, in, i);
          state_[g] = kValue;
        } else if (!ignoreNulls_) {
          state_[g] = kNull;
        }
      }
    } else {
      // Backwards, so each group's value is set once per batch: the last row wins.
      if (++epoch_ == 0) {
        std::fill(stamps_.begin(), stamps_.end(), 0);
        epoch_ = 1;
      }
      for (int64_t i = numRows - 1; i >= 0; --i) {
        uint32_t g = groupIds[i];
        if (stamps_[g] == epoch_) continue;
        if (!v.allNull && v.valid(i)) {
          slots_.set(g, in, i);
          state_[g] = kValue;
          stamps_[g] = epoch_;
        } else if (!ignoreNulls_) {
          state_[g] = kNull;
          stamps_[g] = epoch_;
        }
      }
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    std::vector<uint8_t> valid(static_cast<size_t>(numGroups));
    for (size_t g = 0; g < valid.size(); ++g) valid[g] = state_[g] == kValue;
    return slots_.finish(valid, numGroups);
  }

  int64_t memoryBytes() const override {
    return slots_.memoryBytes() + static_cast<int64_t>(state_.capacity() + stamps_.capacity() * 4);
  }

  // state (u8: 0 nothing seen, 1 a null kept, 2 a value kept), then the value if kept.
  void serializeGroup(uint32_t g, std::string& out) const override {
    out.push_back(static_cast<char>(state_[g]));
    if (state_[g] == kValue) slots_.serialize(g, out);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kLast ? "last" : "first", g, state_.size());
    uint8_t state = r.getSmall(kValue);
    if (state == kValue) slots_.deserialize(g, r);
    SPATE_RETURN_IF_ERROR(r.finish());
    state_[g] = state;
    return Status::OK();
  }

  // in's rows come after g's: first takes in's state only when g has seen nothing,
  // last whenever in has seen something (with ignoreNulls, only a value counts as
  // seen, which the 3-state flag already encodes).
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kLast ? "last" : "first", g, state_.size());
    uint8_t state = r.getSmall(kValue);
    typename Slots::Held v{};
    if (state == kValue) v = slots_.read(r);
    SPATE_RETURN_IF_ERROR(r.finish());
    bool take = kLast ? state != kUnseen : state_[g] == kUnseen;
    if (!take) return Status::OK();
    if (state == kValue) slots_.assign(g, std::move(v));
    state_[g] = state;
    return Status::OK();
  }

 private:
  static constexpr uint8_t kUnseen = 0, kNull = 1, kValue = 2;
  Slots slots_;
  bool ignoreNulls_;
  std::vector<uint8_t> state_;
  std::vector<uint32_t> stamps_;  // last: the batch that already set the group
  uint32_t epoch_ = 0;
};

template <bool kLast>
Result<ResolvedAggregate> resolveFirstLast(std::vector<BoundExprPtr>& args, const char* name) {
  bool ignoreNulls = false;
  if (args.size() > 1) {
    SPATE_ASSIGN_OR_RETURN(ignoreNulls, agg::booleanLiteralArg(args[1], name, "second"));
  }
  TypePtr t = args[0]->type();
  return agg::dispatchSlots(*t, [&]<typename S>() {
    return agg::makeResolved<FirstLastState<S, kLast>>(t, true, t, ignoreNulls);
  });
}

// ---- collect_list --------------------------------------------------------------------

// For each group, the positions of its items [offsets[g], offsets[g+1]) and, in
// order[pos], the index of the item (in append order) that goes there: a stable
// counting sort of the appended (group, item) pairs.
void groupItems(const std::vector<uint32_t>& groups, int64_t numGroups, std::vector<int32_t>& offsets,
                std::vector<int32_t>& order) {
  offsets.assign(static_cast<size_t>(numGroups) + 1, 0);
  for (uint32_t g : groups) ++offsets[g + 1];
  std::partial_sum(offsets.begin(), offsets.end(), offsets.begin());
  std::vector<int32_t> cursor(offsets.begin(), offsets.end() - 1);
  order.resize(groups.size());
  for (size_t k = 0; k < groups.size(); ++k) order[static_cast<size_t>(cursor[groups[k]]++)] = static_cast<int32_t>(k);
}

// groupItems of the appended items, built by the first serializeGroup after a change:
// items are appended in row order, not per group, and the batch path never needs this.
struct GroupIndex {
  // Group g's items, as indexes in append order, are order[offsets[g]..offsets[g+1]).
  void ensure(const std::vector<uint32_t>& groups, int64_t numGroups) {
    if (built) return;
    groupItems(groups, numGroups, offsets, order);
    built = true;
  }
  void invalidate() { built = false; }

  std::vector<int32_t> offsets;
  std::vector<int32_t> order;
  bool built = false;
};

// Non-null values of a fixed-width type appended with their group, grouped at the end.
template <typename T>
class CollectFixedState final : public AggregateState {
 public:
  explicit CollectFixedState(TypePtr elementType) : elementType_(std::move(elementType)) {}

  void resize(int64_t numGroups) override { numGroups_ = numGroups; }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    const T* d = c->values<T>();
    size_t base = groups_.size();
    groups_.resize(base + static_cast<size_t>(numRows));
    values_.resize(base + static_cast<size_t>(numRows));
    uint32_t* g = groups_.data() + base;
    T* v = values_.data() + base;
    size_t k = 0;
    agg::forEachValid(validityOf(*c), numRows, [&](int64_t i) {
      g[k] = groupIds[i];
      v[k++] = d[i];
    });
    groups_.resize(base + k);
    values_.resize(base + k);
    index_.invalidate();
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    std::vector<int32_t> offsets, order;
    groupItems(groups_, numGroups, offsets, order);
    auto total = static_cast<int64_t>(order.size());
    FixedColumnBuilder<T> items(elementType_, total);
    T* o = items.data();
    for (int64_t k = 0; k < total; ++k) o[k] = values_[static_cast<size_t>(order[static_cast<size_t>(k)])];
    return agg::arrayResult(DataType::array(elementType_, false), std::move(offsets), items.finish());
  }

  int64_t memoryBytes() const override {
    return static_cast<int64_t>(groups_.capacity() * 4 + values_.capacity() * sizeof(T));
  }

  // count (u32), then the group's values in order, raw.
  void serializeGroup(uint32_t g, std::string& out) const override {
    index_.ensure(groups_, numGroups_);
    int32_t b = index_.offsets[g], e = index_.offsets[g + 1];
    agg::putFixed(out, static_cast<uint32_t>(e - b));
    for (int32_t k = b; k < e; ++k) {
      agg::putFixed(out, values_[static_cast<size_t>(index_.order[static_cast<size_t>(k)])]);
    }
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, "collect_list", g, static_cast<size_t>(numGroups_));
    uint32_t n = r.getCount(sizeof(T));
    std::string_view raw = r.getRaw(n * sizeof(T));
    SPATE_RETURN_IF_ERROR(r.finish());
    size_t base = values_.size();
    values_.resize(base + n);
    if (n) std::memcpy(values_.data() + base, raw.data(), raw.size());
    groups_.resize(base + n, g);
    index_.invalidate();
    return Status::OK();
  }
  // Restoring appends the items after the group's own (none when empty): merging too.
  Status mergeGroup(uint32_t g, std::string_view in) override { return deserializeGroup(g, in); }

 private:
  TypePtr elementType_;
  int64_t numGroups_ = 0;
  std::vector<uint32_t> groups_;
  std::vector<T> values_;
  mutable GroupIndex index_;
};

// Any other element type: values copied into a column builder as they come.
class CollectGenericState final : public AggregateState {
 public:
  explicit CollectGenericState(TypePtr elementType) : elementType_(elementType), builder_(std::move(elementType)) {}

  void resize(int64_t numGroups) override { numGroups_ = numGroups; }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    const Column& c = *args[0];
    agg::forEachValid(validityOf(c), numRows, [&](int64_t i) {
      groups_.push_back(groupIds[i]);
      builder_.appendFrom(c, i);
    });
    index_.invalidate();
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    ColumnPtr all = items();
    std::vector<int32_t> offsets, order;
    groupItems(groups_, numGroups, offsets, order);
    ColumnPtr ordered = take(all, order.data(), static_cast<int64_t>(order.size()));
    return agg::arrayResult(DataType::array(elementType_, false), std::move(offsets), std::move(ordered));
  }

  int64_t memoryBytes() const override {
    int64_t bytes = static_cast<int64_t>(groups_.capacity() * 4);
    for (const auto& c : chunks_) bytes += c->memoryBytes();
    return bytes + static_cast<int64_t>(groups_.size()) * 8;  // the builder's share, roughly
  }

  // count (u32), then the group's values in order, each as putValue writes it.
  void serializeGroup(uint32_t g, std::string& out) const override {
    ColumnPtr all = items();
    index_.ensure(groups_, numGroups_);
    int32_t b = index_.offsets[g], e = index_.offsets[g + 1];
    agg::putFixed(out, static_cast<uint32_t>(e - b));
    for (int32_t k = b; k < e; ++k) agg::putColumnValue(*all, index_.order[static_cast<size_t>(k)], out);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, "collect_list", g, static_cast<size_t>(numGroups_));
    uint32_t n = r.getCount(1);  // a value takes at least its null byte
    restored_.clear();
    for (uint32_t k = 0; k < n && r.ok(); ++k) {
      restored_.push_back(r.getValue(*elementType_));
      if (restored_.back().isNull()) r.fail("null item");
    }
    SPATE_RETURN_IF_ERROR(r.finish());
    for (const Value& v : restored_) builder_.append(v);
    groups_.resize(groups_.size() + n, g);
    restored_.clear();
    index_.invalidate();
    return Status::OK();
  }
  // Restoring appends the items after the group's own (none when empty): merging too.
  Status mergeGroup(uint32_t g, std::string_view in) override { return deserializeGroup(g, in); }

 private:
  // Every item so far as one column (the builder's tail moved into it). Serializing
  // needs it too; the logical state does not change, hence the mutable members.
  ColumnPtr items() const {
    if (builder_.length() > 0) chunks_.push_back(builder_.finish());
    if (chunks_.size() != 1) {
      ColumnPtr all = chunks_.empty() ? ColumnBuilder(elementType_).finish() : concatColumns(chunks_);
      chunks_ = {all};
    }
    return chunks_[0];
  }

  TypePtr elementType_;
  int64_t numGroups_ = 0;
  mutable ColumnBuilder builder_;
  mutable std::vector<ColumnPtr> chunks_;
  std::vector<uint32_t> groups_;
  mutable GroupIndex index_;
  std::vector<Value> restored_;
};

ResolvedAggregate resolvedCollectList(const TypePtr& t) {
  TypePtr type = DataType::array(t, false);
  if (t->byteWidth() > 0 && t->id() != TypeId::kBoolean) {
    return dispatchFixedWidth(t->id(), [&]<typename T>() {
      return agg::makeResolved<CollectFixedState<T>>(type, false, t);
    });
  }
  return agg::makeResolved<CollectGenericState>(type, false, t);
}

Result<ResolvedAggregate> resolveCollectList(std::vector<BoundExprPtr>& args) {
  return resolvedCollectList(args[0]->type());
}

// collect_set: collect_list behind the DISTINCT wrapper, which keeps the first
// occurrence of each (group, value).
Result<ResolvedAggregate> resolveCollectSet(std::vector<BoundExprPtr>& args) {
  TypePtr t = args[0]->type();
  if (t->id() == TypeId::kMap) return agg::argumentTypeError("collect_set", "an argument of a type other than map", *t);
  return makeDistinctAggregate(resolvedCollectList(t), {t});
}

}  // namespace

void registerCollectAggregates(FunctionRegistry& r) {
  r.addAggregate({"first", 1, 2, [](std::vector<BoundExprPtr>& args) { return resolveFirstLast<false>(args, "first"); }});
  r.addAggregate({"last", 1, 2, [](std::vector<BoundExprPtr>& args) { return resolveFirstLast<true>(args, "last"); }});
  r.addAggregate(
      {"any_value", 1, 2, [](std::vector<BoundExprPtr>& args) { return resolveFirstLast<false>(args, "any_value"); }});
  r.addAlias("first_value", "first");
  r.addAlias("last_value", "last");
  r.addAggregate({"collect_list", 1, 1, resolveCollectList});
  r.addAggregate({"collect_set", 1, 1, resolveCollectSet});
  r.addAlias("array_agg", "collect_list");
}

}  // namespace spate
