// count, count_if, sum, avg: counters and running sums per group, one typed loop per
// input batch.

#include "spate/expr/aggregate_functions.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/cast.h"
#include "spate/expr/kernels.h"

namespace spate {
namespace {

using agg::RowValidity;
using agg::validityOf;

// Adds two 64-bit integers wrapping, as Spark's long arithmetic outside ANSI mode.
int64_t wrappingAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + static_cast<uint64_t>(b));
}

// count and count_if: the group's count as an i64. Merging adds the counts.
Status restoreCount(std::vector<int64_t>& counts, uint32_t g, std::string_view in, const char* name, bool merge) {
  agg::StateReader r(in, name, g, counts.size());
  auto c = r.get<int64_t>();
  if (c < 0) r.fail("negative count");
  SPATE_RETURN_IF_ERROR(r.finish());
  counts[g] = merge ? wrappingAdd(counts[g], c) : c;
  return Status::OK();
}

// count(a, b, ...): rows where every argument is non-null; count(1) counts every row.
class CountState final : public AggregateState {
 public:
  void resize(int64_t numGroups) override { counts_.resize(static_cast<size_t>(numGroups), 0); }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    int64_t* counts = counts_.data();
    std::vector<const uint8_t*> masks;
    for (const auto& a : args) {
      RowValidity v = validityOf(*a);
      if (v.allNull) return;
      if (v.bits) masks.push_back(v.bits);
    }
    if (masks.empty()) {
      for (int64_t i = 0; i < numRows; ++i) ++counts[groupIds[i]];
      return;
    }
    const uint8_t* m = masks[0];
    if (masks.size() > 1) {
      auto bytes = static_cast<size_t>(bits::bytesFor(numRows));
      scratch_.assign(masks[0], masks[0] + bytes);
      for (size_t k = 1; k < masks.size(); ++k) {
        for (size_t b = 0; b < bytes; ++b) scratch_[b] &= masks[k][b];
      }
      m = scratch_.data();
    }
    for (int64_t i = 0; i < numRows; ++i) counts[groupIds[i]] += bits::get(m, i);
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    return agg::fixedResult<int64_t>(DataType::long_(), counts_, nullptr, numGroups);
  }
  int64_t memoryBytes() const override { return static_cast<int64_t>(counts_.capacity() * sizeof(int64_t)); }
  void serializeGroup(uint32_t g, std::string& out) const override { agg::putFixed(out, counts_[g]); }
  Status deserializeGroup(uint32_t g, std::string_view in) override {
    return restoreCount(counts_, g, in, "count", false);
  }
  Status mergeGroup(uint32_t g, std::string_view in) override { return restoreCount(counts_, g, in, "count", true); }

 private:
  std::vector<int64_t> counts_;
  std::vector<uint8_t> scratch_;
};

// count_if(predicate): rows where the predicate is true (null counts as false).
class CountIfState final : public AggregateState {
 public:
  void resize(int64_t numGroups) override { counts_.resize(static_cast<size_t>(numGroups), 0); }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    RowValidity v = validityOf(*c);
    if (v.allNull) return;
    const uint8_t* values = c->valuesBuffer()->data();
    int64_t* counts = counts_.data();
    if (!v.bits) {
      for (int64_t i = 0; i < numRows; ++i) counts[groupIds[i]] += bits::get(values, i);
    } else {
      for (int64_t i = 0; i < numRows; ++i) counts[groupIds[i]] += bits::get(values, i) & bits::get(v.bits, i);
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    return agg::fixedResult<int64_t>(DataType::long_(), counts_, nullptr, numGroups);
  }
  int64_t memoryBytes() const override { return static_cast<int64_t>(counts_.capacity() * sizeof(int64_t)); }
  void serializeGroup(uint32_t g, std::string& out) const override { agg::putFixed(out, counts_[g]); }
  Status deserializeGroup(uint32_t g, std::string_view in) override {
    return restoreCount(counts_, g, in, "count_if", false);
  }
  Status mergeGroup(uint32_t g, std::string_view in) override {
    return restoreCount(counts_, g, in, "count_if", true);
  }

 private:
  std::vector<int64_t> counts_;
};

// ---- sum -----------------------------------------------------------------------------

constexpr __int128 kMaxDecimal38 = (static_cast<__int128>(10000000000000000000ULL) * 10000000000000000000ULL) - 1;

bool fitsPrecision(__int128 v, int precision) {
  __int128 limit = pow10i128(precision);
  return v < limit && v > -limit;
}

// Adds In values into Acc per group: integral sums wrap at 64 bits as Spark's do
// outside ANSI mode; decimal sums that leave the result precision become null.
template <typename In, typename Acc>
class SumState final : public AggregateState {
 public:
  SumState(TypePtr type, int precision)
      : type_(std::move(type)), precision_(precision), limit_(precision > 0 ? pow10i128(precision) : 0) {}

  void resize(int64_t numGroups) override {
    auto n = static_cast<size_t>(numGroups);
    sums_.resize(n, Acc{});
    has_.resize(n, 0);
    if constexpr (kDecimal) overflow_.resize(n, 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    RowValidity v = validityOf(*c);
    if (v.allNull) return;
    const In* d = c->values<In>();
    if (!v.bits) {
      for (int64_t i = 0; i < numRows; ++i) add(groupIds[i], d[i]);
    } else {
      for (int64_t i = 0; i < numRows; ++i) {
        if (bits::get(v.bits, i)) add(groupIds[i], d[i]);
      }
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    if constexpr (kDecimal) {
      std::vector<uint8_t> valid(has_);
      for (size_t g = 0; g < static_cast<size_t>(numGroups); ++g) {
        if (overflow_[g]) valid[g] = 0;
      }
      return agg::fixedResult<Acc>(type_, sums_, &valid, numGroups);
    } else {
      return agg::fixedResult<Acc>(type_, sums_, &has_, numGroups);
    }
  }

  int64_t memoryBytes() const override {
    return static_cast<int64_t>(sums_.capacity() * sizeof(Acc) + has_.capacity() + overflow_.capacity());
  }

  // has (u8), decimal only: overflow (u8), then the sum.
  void serializeGroup(uint32_t g, std::string& out) const override {
    out.push_back(static_cast<char>(has_[g]));
    if constexpr (kDecimal) out.push_back(static_cast<char>(overflow_[g]));
    agg::putFixed(out, sums_[g]);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override { return restore(g, in, false); }
  // has and the overflow flag ORed, the sums added (as add() does).
  Status mergeGroup(uint32_t g, std::string_view in) override { return restore(g, in, true); }

 private:
  static constexpr bool kDecimal = std::is_same_v<Acc, __int128>;

  Status restore(uint32_t g, std::string_view in, bool merge) {
    agg::StateReader r(in, "sum", g, has_.size());
    uint8_t has = r.getSmall(1);
    uint8_t overflow = kDecimal ? r.getSmall(1) : 0;
    auto sum = r.get<Acc>();
    if constexpr (kDecimal) {
      if (!overflow && (sum >= limit_ || sum <= -limit_)) r.fail("sum out of the result precision");
    }
    SPATE_RETURN_IF_ERROR(r.finish());
    if (!merge) {
      has_[g] = has;
      sums_[g] = sum;
      if constexpr (kDecimal) overflow_[g] = overflow;
      return Status::OK();
    }
    if (!has) return Status::OK();
    if constexpr (kDecimal) {
      overflow_[g] |= overflow || __builtin_add_overflow(sums_[g], sum, &sums_[g]) || sums_[g] >= limit_ ||
                      sums_[g] <= -limit_;
    } else if constexpr (std::is_integral_v<Acc>) {
      sums_[g] = wrappingAdd(sums_[g], sum);
    } else {
      sums_[g] += sum;
    }
    has_[g] = 1;
    return Status::OK();
  }

  void add(uint32_t g, In x) {
    if constexpr (kDecimal) {
      // As Spark's decimal Add outside ANSI mode: a sum that leaves the result
      // precision is null, and stays null.
      overflow_[g] |= __builtin_add_overflow(sums_[g], x, &sums_[g]) || sums_[g] >= limit_ || sums_[g] <= -limit_;
    } else if constexpr (std::is_integral_v<Acc>) {
      sums_[g] = static_cast<int64_t>(static_cast<uint64_t>(sums_[g]) + static_cast<uint64_t>(static_cast<int64_t>(x)));
    } else {
      sums_[g] += static_cast<double>(x);
    }
    has_[g] = 1;
  }

  TypePtr type_;
  int precision_;
  __int128 limit_;  // decimal: 10^precision
  std::vector<Acc> sums_;
  std::vector<uint8_t> has_;
  std::vector<uint8_t> overflow_;
};

Result<ResolvedAggregate> resolveSum(std::vector<BoundExprPtr>& args) {
  const DataType& t = *args[0]->type();
  if (t.id() == TypeId::kString || agg::isNullType(t)) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::double_()));
    return agg::makeResolved<SumState<double, double>>(DataType::double_(), true, DataType::double_(), 0);
  }
  if (t.isIntegral()) {
    return dispatchFixedWidth(t.id(), [&]<typename In>() {
      return agg::makeResolved<SumState<In, int64_t>>(DataType::long_(), true, DataType::long_(), 0);
    });
  }
  if (t.id() == TypeId::kFloat) {
    return agg::makeResolved<SumState<float, double>>(DataType::double_(), true, DataType::double_(), 0);
  }
  if (t.id() == TypeId::kDouble) {
    return agg::makeResolved<SumState<double, double>>(DataType::double_(), true, DataType::double_(), 0);
  }
  if (t.id() == TypeId::kDecimal) {
    int p = std::min(DataType::kMaxDecimalPrecision, t.precision() + 10);
    TypePtr type = DataType::decimal(p, t.scale());
    return agg::makeResolved<SumState<__int128, __int128>>(type, true, type, p);
  }
  if (t.id() == TypeId::kInterval) {
    return agg::makeResolved<SumState<int64_t, int64_t>>(DataType::interval(), true, DataType::interval(), 0);
  }
  return agg::argumentTypeError("sum", "a numeric or interval argument", t);
}

// ---- avg -----------------------------------------------------------------------------

// Number inputs: a double sum (Spark casts each input to double) and a count.
template <typename In>
class AvgDoubleState final : public AggregateState {
 public:
  void resize(int64_t numGroups) override {
    sums_.resize(static_cast<size_t>(numGroups), 0.0);
    counts_.resize(static_cast<size_t>(numGroups), 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    RowValidity v = validityOf(*c);
    if (v.allNull) return;
    const In* d = c->values<In>();
    double* sums = sums_.data();
    int64_t* counts = counts_.data();
    if (!v.bits) {
      for (int64_t i = 0; i < numRows; ++i) {
        sums[groupIds[i]] += static_cast<double>(d[i]);
        ++counts[groupIds[i]];
      }
    } else {
      for (int64_t i = 0; i < numRows; ++i) {
        if (!bits::get(v.bits, i)) continue;
        sums[groupIds[i]] += static_cast<double>(d[i]);
        ++counts[groupIds[i]];
      }
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    FixedColumnBuilder<double> out(DataType::double_(), numGroups);
    double* o = out.data();
    for (int64_t g = 0; g < numGroups; ++g) {
      auto i = static_cast<size_t>(g);
      if (counts_[i] == 0) {
        out.setNull(g);
      } else {
        o[g] = sums_[i] / static_cast<double>(counts_[i]);
      }
    }
    return out.finish();
  }

  int64_t memoryBytes() const override { return static_cast<int64_t>(sums_.capacity() * 16); }

  // sum (f64), count (i64).
  void serializeGroup(uint32_t g, std::string& out) const override {
    agg::putFixed(out, sums_[g]);
    agg::putFixed(out, counts_[g]);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override { return restore(g, in, false); }
  // The sums and the counts added.
  Status mergeGroup(uint32_t g, std::string_view in) override { return restore(g, in, true); }

 private:
  Status restore(uint32_t g, std::string_view in, bool merge) {
    agg::StateReader r(in, "avg", g, counts_.size());
    auto sum = r.get<double>();
    auto count = r.get<int64_t>();
    if (count < 0) r.fail("negative count");
    SPATE_RETURN_IF_ERROR(r.finish());
    if (merge && count == 0) return Status::OK();
    sums_[g] = merge ? sums_[g] + sum : sum;
    counts_[g] = merge ? wrappingAdd(counts_[g], count) : count;
    return Status::OK();
  }

  std::vector<double> sums_;
  std::vector<int64_t> counts_;
};

// |a| * 10^k / c rounded half up, or false when it needs more than 38 digits.
bool scaledQuotient(unsigned __int128 a, uint64_t c, int k, unsigned __int128& out) {
  unsigned __int128 q = a / c, r = a % c;
  for (int j = 0; j < k; ++j) {
    if (q > static_cast<unsigned __int128>(kMaxDecimal38 / 10)) return false;
    q = q * 10 + (r * 10) / c;
    r = (r * 10) % c;
  }
  if (r * 2 >= c) ++q;
  out = q;
  return q <= static_cast<unsigned __int128>(kMaxDecimal38);
}

// avg of decimal(p, s) is decimal(p + 4, s + 4) (capped at 38), computed as Spark does:
// the sum as decimal(p + 10, s) divided by the count as decimal(20, 0) at the
// division's result scale, then rounded half up to the result scale.
class AvgDecimalState final : public AggregateState {
 public:
  AvgDecimalState(int precision, int scale)
      : precision_(precision), scale_(scale), limit_(pow10i128(std::min(38, precision + 10))) {}

  void resize(int64_t numGroups) override {
    auto n = static_cast<size_t>(numGroups);
    sums_.resize(n, 0);
    counts_.resize(n, 0);
    overflow_.resize(n, 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    RowValidity v = validityOf(*c);
    if (v.allNull) return;
    const __int128* d = c->values<__int128>();
    for (int64_t i = 0; i < numRows; ++i) {
      if (!v.valid(i)) continue;
      uint32_t g = groupIds[i];
      overflow_[g] |= __builtin_add_overflow(sums_[g], d[i], &sums_[g]) || sums_[g] >= limit_ || sums_[g] <= -limit_;
      ++counts_[g];
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    int sumPrecision = std::min(38, precision_ + 10);
    // Spark's decimal division result scale, with its precision-loss adjustment.
    int intDigits = sumPrecision - scale_;
    int divScale = std::max(6, scale_ + 21);
    int divPrecision = intDigits + divScale;
    if (divPrecision > 38) {
      divScale = std::max(38 - intDigits, std::min(divScale, 6));
      divPrecision = 38;
    }
    int resultPrecision = std::min(38, precision_ + 4);
    int resultScale = std::min(38, scale_ + 4);
    FixedColumnBuilder<__int128> out(DataType::decimal(resultPrecision, resultScale), numGroups);
    __int128* o = out.data();
    for (int64_t g = 0; g < numGroups; ++g) {
      auto i = static_cast<size_t>(g);
      __int128 s = sums_[i];
      unsigned __int128 q = 0;
      bool ok = counts_[i] > 0 && !overflow_[i] &&
                scaledQuotient(s < 0 ? -static_cast<unsigned __int128>(s) : static_cast<unsigned __int128>(s),
                               static_cast<uint64_t>(counts_[i]), divScale - scale_, q) &&
                fitsPrecision(static_cast<__int128>(q), divPrecision);
      if (ok && resultScale < divScale) {
        auto unit = static_cast<unsigned __int128>(pow10i128(divScale - resultScale));
        unsigned __int128 rem = q % unit;
        q = q / unit + (rem * 2 >= unit ? 1 : 0);
      } else if (ok && resultScale > divScale) {
        ok = !__builtin_mul_overflow(q, static_cast<unsigned __int128>(pow10i128(resultScale - divScale)), &q);
      }
      ok = ok && fitsPrecision(static_cast<__int128>(q), resultPrecision);
      if (ok) {
        o[g] = s < 0 ? -static_cast<__int128>(q) : static_cast<__int128>(q);
      } else {
        out.setNull(g);
      }
    }
    return out.finish();
  }

  int64_t memoryBytes() const override { return static_cast<int64_t>(sums_.capacity() * 25); }

  // sum (i128), count (i64), overflow (u8).
  void serializeGroup(uint32_t g, std::string& out) const override {
    agg::putFixed(out, sums_[g]);
    agg::putFixed(out, counts_[g]);
    out.push_back(static_cast<char>(overflow_[g]));
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override { return restore(g, in, false); }
  // The sums added (null past the sum's precision, as update's), the counts added,
  // the overflow flags ORed.
  Status mergeGroup(uint32_t g, std::string_view in) override { return restore(g, in, true); }

 private:
  Status restore(uint32_t g, std::string_view in, bool merge) {
    agg::StateReader r(in, "avg", g, counts_.size());
    auto sum = r.get<__int128>();
    auto count = r.get<int64_t>();
    uint8_t overflow = r.getSmall(1);
    if (count < 0) r.fail("negative count");
    if (!overflow && (sum >= limit_ || sum <= -limit_)) r.fail("sum out of its precision");
    SPATE_RETURN_IF_ERROR(r.finish());
    if (!merge) {
      sums_[g] = sum;
      counts_[g] = count;
      overflow_[g] = overflow;
    } else if (count > 0 || overflow) {
      overflow_[g] |= overflow || __builtin_add_overflow(sums_[g], sum, &sums_[g]) || sums_[g] >= limit_ ||
                      sums_[g] <= -limit_;
      counts_[g] = wrappingAdd(counts_[g], count);
    }
    return Status::OK();
  }

  int precision_;
  int scale_;
  __int128 limit_;  // the sum's precision, p + 10: past it the sum is null as in Spark
  std::vector<__int128> sums_;
  std::vector<int64_t> counts_;
  std::vector<uint8_t> overflow_;
};

// avg of a day-time interval: the sum divided by the count, rounded half up.
class AvgIntervalState final : public AggregateState {
 public:
  void resize(int64_t numGroups) override {
    sums_.resize(static_cast<size_t>(numGroups), 0);
    counts_.resize(static_cast<size_t>(numGroups), 0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    RowValidity v = validityOf(*c);
    if (v.allNull) return;
    const int64_t* d = c->values<int64_t>();
    for (int64_t i = 0; i < numRows; ++i) {
      if (!v.valid(i)) continue;
      uint32_t g = groupIds[i];
      sums_[g] = static_cast<int64_t>(static_cast<uint64_t>(sums_[g]) + static_cast<uint64_t>(d[i]));
      ++counts_[g];
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    FixedColumnBuilder<int64_t> out(DataType::interval(), numGroups);
    int64_t* o = out.data();
    for (int64_t g = 0; g < numGroups; ++g) {
      auto i = static_cast<size_t>(g);
      if (counts_[i] == 0) {
        out.setNull(g);
        continue;
      }
      __int128 s = sums_[i], c = counts_[i];
      __int128 q = s / c, r = s % c;
      if ((r < 0 ? -r : r) * 2 >= c) q += s < 0 ? -1 : 1;
      o[g] = static_cast<int64_t>(q);
    }
    return out.finish();
  }

  int64_t memoryBytes() const override { return static_cast<int64_t>(sums_.capacity() * 16); }

  // sum (i64), count (i64).
  void serializeGroup(uint32_t g, std::string& out) const override {
    agg::putFixed(out, sums_[g]);
    agg::putFixed(out, counts_[g]);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override { return restore(g, in, false); }
  // The sums (wrapping) and the counts added.
  Status mergeGroup(uint32_t g, std::string_view in) override { return restore(g, in, true); }

 private:
  Status restore(uint32_t g, std::string_view in, bool merge) {
    agg::StateReader r(in, "avg", g, counts_.size());
    auto sum = r.get<int64_t>();
    auto count = r.get<int64_t>();
    if (count < 0) r.fail("negative count");
    SPATE_RETURN_IF_ERROR(r.finish());
    sums_[g] = merge ? wrappingAdd(sums_[g], sum) : sum;
    counts_[g] = merge ? wrappingAdd(counts_[g], count) : count;
    return Status::OK();
  }

  std::vector<int64_t> sums_;
  std::vector<int64_t> counts_;
};

Result<ResolvedAggregate> resolveAvg(std::vector<BoundExprPtr>& args) {
  const DataType& t = *args[0]->type();
  if (t.id() == TypeId::kString || agg::isNullType(t)) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::double_()));
    return agg::makeResolved<AvgDoubleState<double>>(DataType::double_(), true);
  }
  if (t.isIntegral() || t.isFractional()) {
    return dispatchFixedWidth(t.id(), [&]<typename In>() {
      return agg::makeResolved<AvgDoubleState<In>>(DataType::double_(), true);
    });
  }
  if (t.id() == TypeId::kDecimal) {
    TypePtr type = DataType::decimal(std::min(38, t.precision() + 4), std::min(38, t.scale() + 4));
    return agg::makeResolved<AvgDecimalState>(type, true, t.precision(), t.scale());
  }
  if (t.id() == TypeId::kInterval) return agg::makeResolved<AvgIntervalState>(DataType::interval(), true);
  return agg::argumentTypeError("avg", "a numeric or interval argument", t);
}

}  // namespace

void registerBasicAggregates(FunctionRegistry& r) {
  r.addAggregate({"count", 1, -1, [](std::vector<BoundExprPtr>&) -> Result<ResolvedAggregate> {
                    return agg::makeResolved<CountState>(DataType::long_(), false);
                  }});
  r.addAggregate({"count_if", 1, 1, [](std::vector<BoundExprPtr>& args) -> Result<ResolvedAggregate> {
                    const DataType& t = *args[0]->type();
                    if (agg::isNullType(t)) {
                      SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::boolean()));
                    } else if (t.id() != TypeId::kBoolean) {
                      return agg::argumentTypeError("count_if", "a boolean argument", t);
                    }
                    return agg::makeResolved<CountIfState>(DataType::long_(), false);
                  }});
  r.addAggregate({"sum", 1, 1, resolveSum});
  r.addAggregate({"avg", 1, 1, resolveAvg});
  r.addAlias("mean", "avg");
}

}  // namespace spate
