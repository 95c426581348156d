// min, max, max_by, min_by, bool_and (every), bool_or (some, any): the extreme value of
// each group under Spark's ordering (NaN above every number, strings by bytes).

#include "spate/expr/aggregate_functions.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/cast.h"

namespace spate {
namespace {

using agg::RowValidity;
using agg::validityOf;

template <typename Slots, bool kMax>
class MinMaxState final : public AggregateState {
 public:
  explicit MinMaxState(TypePtr type) : slots_(std::move(type)) {}

  void resize(int64_t numGroups) override {
    slots_.resize(numGroups);
    has_.resize(static_cast<size_t>(numGroups), 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    typename Slots::Input in = Slots::input(*c);
    agg::forEachValid(validityOf(*c), numRows, [&](int64_t i) {
      uint32_t g = groupIds[i];
      if (!has_[g]) {
        slots_.set(g, in, i);
        has_[g] = 1;
      } else {
        int cmp = slots_.compare(g, in, i);
        if (kMax ? cmp < 0 : cmp > 0) slots_.set(g, in, i);
      }
    });
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override { return slots_.finish(has_, numGroups); }
  int64_t memoryBytes() const override { return slots_.memoryBytes() + static_cast<int64_t>(has_.capacity()); }

  // has (u8), then the value when has.
  void serializeGroup(uint32_t g, std::string& out) const override {
    out.push_back(static_cast<char>(has_[g]));
    if (has_[g]) slots_.serialize(g, out);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kMax ? "max" : "min", g, has_.size());
    uint8_t has = r.getSmall(1);
    if (has) slots_.deserialize(g, r);
    SPATE_RETURN_IF_ERROR(r.finish());
    has_[g] = has;
    return Status::OK();
  }

  // in's value replaces g's when it is more extreme (on ties g's, seen first, stays).
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kMax ? "max" : "min", g, has_.size());
    uint8_t has = r.getSmall(1);
    typename Slots::Held v{};
    if (has) v = slots_.read(r);
    SPATE_RETURN_IF_ERROR(r.finish());
    if (!has) return Status::OK();
    if (has_[g]) {
      int cmp = slots_.compareHeld(g, v);
      if (kMax ? cmp >= 0 : cmp <= 0) return Status::OK();
    }
    slots_.assign(g, std::move(v));
    has_[g] = 1;
    return Status::OK();
  }

 private:
  Slots slots_;
  std::vector<uint8_t> has_;
};

template <bool kMax>
Result<ResolvedAggregate> resolveMinMax(std::vector<BoundExprPtr>& args) {
  TypePtr t = args[0]->type();
  if (!agg::isOrderable(*t)) return agg::argumentTypeError(kMax ? "max" : "min", "an orderable argument", *t);
  return agg::dispatchSlots(*t, [&]<typename S>() {
    return agg::makeResolved<MinMaxState<S, kMax>>(t, true, t);
  });
}

// max_by(x, ord) / min_by(x, ord): x at the row with the largest / smallest ord (the
// first such row on ties); rows with a null ord are skipped. The ord is compared in
// typed slots; x is boxed only once per group and batch, for the row that won.
template <typename OrdSlots, bool kMax>
class ExtremumByState final : public AggregateState {
 public:
  ExtremumByState(TypePtr valueType, TypePtr ordType) : valueType_(std::move(valueType)), ord_(std::move(ordType)) {}

  void resize(int64_t numGroups) override {
    auto n = static_cast<size_t>(numGroups);
    ord_.resize(numGroups);
    has_.resize(n, 0);
    values_.resize(n);
    valid_.resize(n, 0);
    pendingRow_.resize(n, -1);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr x = Column::flatten(args[0]);
    ColumnPtr o = Column::flatten(args[1]);
    typename OrdSlots::Input in = OrdSlots::input(*o);
    agg::forEachValid(validityOf(*o), numRows, [&](int64_t i) {
      uint32_t g = groupIds[i];
      if (has_[g]) {
        int cmp = ord_.compare(g, in, i);
        if (kMax ? cmp >= 0 : cmp <= 0) return;
      }
      ord_.set(g, in, i);
      has_[g] = 1;
      if (pendingRow_[g] < 0) touched_.push_back(g);
      pendingRow_[g] = i;
    });
    for (uint32_t g : touched_) {
      int64_t row = pendingRow_[g];
      valid_[g] = x->isValid(row) && !agg::isNullType(*valueType_);
      values_[g] = valid_[g] ? x->valueAt(row) : Value::null();
      pendingRow_[g] = -1;
    }
    touched_.clear();
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    return agg::valueResult(valueType_, values_, &valid_, numGroups);
  }
  int64_t memoryBytes() const override {
    return ord_.memoryBytes() + static_cast<int64_t>(values_.capacity() * sizeof(Value) + has_.capacity() * 10);
  }

  // has (u8), then when has the ord (the slots' bytes) and x (a putValue, null or not).
  void serializeGroup(uint32_t g, std::string& out) const override {
    out.push_back(static_cast<char>(has_[g]));
    if (!has_[g]) return;
    ord_.serialize(g, out);
    agg::putValue(valid_[g] ? values_[g] : Value::null(), *valueType_, out);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kMax ? "max_by" : "min_by", g, has_.size());
    uint8_t has = r.getSmall(1);
    Value x;
    if (has) {
      ord_.deserialize(g, r);
      x = r.getValue(*valueType_);
    }
    SPATE_RETURN_IF_ERROR(r.finish());
    has_[g] = has;
    valid_[g] = !x.isNull();
    values_[g] = std::move(x);
    return Status::OK();
  }

  // in's (ord, x) replaces g's when its ord is more extreme (on ties g's stays).
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kMax ? "max_by" : "min_by", g, has_.size());
    uint8_t has = r.getSmall(1);
    typename OrdSlots::Held ord{};
    Value x;
    if (has) {
      ord = ord_.read(r);
      x = r.getValue(*valueType_);
    }
    SPATE_RETURN_IF_ERROR(r.finish());
    if (!has) return Status::OK();
    if (has_[g]) {
      int cmp = ord_.compareHeld(g, ord);
      if (kMax ? cmp >= 0 : cmp <= 0) return Status::OK();
    }
    ord_.assign(g, std::move(ord));
    has_[g] = 1;
    valid_[g] = !x.isNull();
    values_[g] = std::move(x);
    return Status::OK();
  }

 private:
  TypePtr valueType_;
  OrdSlots ord_;
  std::vector<uint8_t> has_;
  std::vector<Value> values_;
  std::vector<uint8_t> valid_;
  std::vector<int64_t> pendingRow_;  // the row of this batch that won, per group
  std::vector<uint32_t> touched_;
};

template <bool kMax>
Result<ResolvedAggregate> resolveExtremumBy(std::vector<BoundExprPtr>& args) {
  TypePtr x = args[0]->type();
  TypePtr ord = args[1]->type();
  if (!agg::isOrderable(*ord)) {
    return agg::argumentTypeError(kMax ? "max_by" : "min_by", "an orderable second argument", *ord);
  }
  return agg::dispatchSlots(*ord, [&]<typename S>() {
    return agg::makeResolved<ExtremumByState<S, kMax>>(x, true, x, ord);
  });
}

// bool_and / bool_or over the non-null inputs; null when there are none.
template <bool kAnd>
class BoolAggState final : public AggregateState {
 public:
  void resize(int64_t numGroups) override {
    values_.resize(static_cast<size_t>(numGroups), kAnd ? 1 : 0);
    has_.resize(static_cast<size_t>(numGroups), 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    const uint8_t* b = c->valuesBuffer()->data();
    agg::forEachValid(validityOf(*c), numRows, [&](int64_t i) {
      uint32_t g = groupIds[i];
      if constexpr (kAnd) {
        values_[g] &= static_cast<uint8_t>(bits::get(b, i));
      } else {
        values_[g] |= static_cast<uint8_t>(bits::get(b, i));
      }
      has_[g] = 1;
    });
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override { return agg::booleanResult(values_, &has_, numGroups); }
  int64_t memoryBytes() const override { return static_cast<int64_t>(values_.capacity() * 2); }

  // has (u8), value (u8).
  void serializeGroup(uint32_t g, std::string& out) const override {
    out.push_back(static_cast<char>(has_[g]));
    out.push_back(static_cast<char>(values_[g]));
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kAnd ? "bool_and" : "bool_or", g, has_.size());
    uint8_t has = r.getSmall(1);
    uint8_t value = r.getSmall(1);
    SPATE_RETURN_IF_ERROR(r.finish());
    has_[g] = has;
    values_[g] = value;
    return Status::OK();
  }

  // The values ANDed (ORed) when in has any; has ORed.
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, kAnd ? "bool_and" : "bool_or", g, has_.size());
    uint8_t has = r.getSmall(1);
    uint8_t value = r.getSmall(1);
    SPATE_RETURN_IF_ERROR(r.finish());
    if (!has) return Status::OK();
    values_[g] = kAnd ? (values_[g] & value) : (values_[g] | value);
    has_[g] = 1;
    return Status::OK();
  }

 private:
  std::vector<uint8_t> values_;
  std::vector<uint8_t> has_;
};

template <bool kAnd>
Result<ResolvedAggregate> resolveBoolAgg(std::vector<BoundExprPtr>& args) {
  const DataType& t = *args[0]->type();
  if (agg::isNullType(t)) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::boolean()));
  } else if (t.id() != TypeId::kBoolean) {
    return agg::argumentTypeError(kAnd ? "bool_and" : "bool_or", "a boolean argument", t);
  }
  return agg::makeResolved<BoolAggState<kAnd>>(DataType::boolean(), true);
}

}  // namespace

void registerMinMaxAggregates(FunctionRegistry& r) {
  r.addAggregate({"min", 1, 1, resolveMinMax<false>});
  r.addAggregate({"max", 1, 1, resolveMinMax<true>});
  r.addAggregate({"max_by", 2, 2, resolveExtremumBy<true>});
  r.addAggregate({"min_by", 2, 2, resolveExtremumBy<false>});
  r.addAggregate({"bool_and", 1, 1, resolveBoolAgg<true>});
  r.addAggregate({"bool_or", 1, 1, resolveBoolAgg<false>});
  r.addAlias("every", "bool_and");
  r.addAlias("some", "bool_or");
  r.addAlias("any", "bool_or");
}

}  // namespace spate
