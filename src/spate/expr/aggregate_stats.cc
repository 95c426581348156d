// stddev_samp (stddev, std), stddev_pop, var_samp (variance), var_pop, skewness,
// kurtosis: Spark's CentralMomentAgg, the same streaming update (Welford's, extended to
// the third and fourth moments) so results match Spark's to the last bit for the same
// input order. Spark 3 semantics: a sample statistic of one row is null, as is a
// skewness or kurtosis with zero variance.

#include <cmath>

#include "spate/expr/aggregate_functions.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/kernels.h"
#include "spate/expr/cast.h"

namespace spate {
namespace {

enum class Moment { kStddevSamp, kStddevPop, kVarSamp, kVarPop, kSkewness, kKurtosis };

constexpr int orderOf(Moment m) {
  return m == Moment::kSkewness ? 3 : (m == Moment::kKurtosis ? 4 : 2);
}

const char* nameOf(Moment m) {
  switch (m) {
    case Moment::kStddevSamp: return "stddev_samp";
    case Moment::kStddevPop: return "stddev_pop";
    case Moment::kVarSamp: return "var_samp";
    case Moment::kVarPop: return "var_pop";
    case Moment::kSkewness: return "skewness";
    case Moment::kKurtosis: return "kurtosis";
  }
  return "moment";
}

// n, mean and central moment sums per group; kOrder is the highest moment kept.
template <typename In, int kOrder>
class CentralMomentState final : public AggregateState {
 public:
  explicit CentralMomentState(Moment kind) : kind_(kind) {}

  void resize(int64_t numGroups) override {
    auto n = static_cast<size_t>(numGroups);
    n_.resize(n, 0.0);
    avg_.resize(n, 0.0);
    m2_.resize(n, 0.0);
    if (kOrder >= 3) m3_.resize(n, 0.0);
    if (kOrder >= 4) m4_.resize(n, 0.0);
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    const In* d = c->values<In>();
    agg::forEachValid(agg::validityOf(*c), numRows, [&](int64_t i) {
      uint32_t g = groupIds[i];
      auto x = static_cast<double>(d[i]);
      double newN = n_[g] + 1.0;
      double delta = x - avg_[g];
      double deltaN = delta / newN;
      avg_[g] += deltaN;
      double newM2 = m2_[g] + delta * (delta - deltaN);
      if constexpr (kOrder >= 3) {
        double delta2 = delta * delta;
        double deltaN2 = deltaN * deltaN;
        double newM3 = m3_[g] - 3.0 * deltaN * newM2 + delta * (delta2 - deltaN2);
        if constexpr (kOrder >= 4) {
          m4_[g] = m4_[g] - 4.0 * deltaN * newM3 - 6.0 * deltaN2 * newM2 + delta * (delta * delta2 - deltaN * deltaN2);
        }
        m3_[g] = newM3;
      }
      m2_[g] = newM2;
      n_[g] = newN;
    });
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    FixedColumnBuilder<double> out(DataType::double_(), numGroups);
    double* o = out.data();
    for (int64_t g = 0; g < numGroups; ++g) {
      auto i = static_cast<size_t>(g);
      double n = n_[i], m2 = m2_[i];
      bool isNull = n == 0.0;
      double r = 0;
      switch (kind_) {
        case Moment::kStddevSamp:
          isNull |= n == 1.0;
          r = std::sqrt(m2 / (n - 1.0));
          break;
        case Moment::kStddevPop: r = std::sqrt(m2 / n); break;
        case Moment::kVarSamp:
          isNull |= n == 1.0;
          r = m2 / (n - 1.0);
          break;
        case Moment::kVarPop: r = m2 / n; break;
        case Moment::kSkewness:
          isNull |= m2 == 0.0;
          if constexpr (kOrder >= 3) r = std::sqrt(n) * m3_[i] / std::sqrt(m2 * m2 * m2);
          break;
        case Moment::kKurtosis:
          isNull |= m2 == 0.0;
          if constexpr (kOrder >= 4) r = n * m4_[i] / (m2 * m2) - 3.0;
          break;
      }
      if (isNull) {
        out.setNull(g);
      } else {
        o[g] = r;
      }
    }
    return out.finish();
  }

  int64_t memoryBytes() const override {
    return static_cast<int64_t>((n_.capacity() * 3 + m3_.capacity() + m4_.capacity()) * sizeof(double));
  }

  // n, avg, m2, then m3 and m4 as kOrder keeps them: f64 each.
  void serializeGroup(uint32_t g, std::string& out) const override {
    for (double v : {n_[g], avg_[g], m2_[g]}) agg::putFixed(out, v);
    if constexpr (kOrder >= 3) agg::putFixed(out, m3_[g]);
    if constexpr (kOrder >= 4) agg::putFixed(out, m4_[g]);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, nameOf(kind_), g, n_.size());
    double v[5] = {};
    for (int k = 0; k < kOrder + 1; ++k) v[k] = r.get<double>();
    SPATE_RETURN_IF_ERROR(r.finish());
    n_[g] = v[0];
    avg_[g] = v[1];
    m2_[g] = v[2];
    if constexpr (kOrder >= 3) m3_[g] = v[3];
    if constexpr (kOrder >= 4) m4_[g] = v[4];
    return Status::OK();
  }

  // The parallel merge of two partial moments (Chan et al.; Pébay for M3 and M4), as
  // Spark's CentralMomentAgg.merge. An empty side leaves the other exact.
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, nameOf(kind_), g, n_.size());
    double v[5] = {};
    for (int k = 0; k < kOrder + 1; ++k) v[k] = r.get<double>();
    if (r.ok() && !(v[0] >= 0.0)) r.fail("negative count");
    SPATE_RETURN_IF_ERROR(r.finish());
    double n2 = v[0], avg2 = v[1], m2b = v[2];
    if (n2 == 0.0) return Status::OK();
    double n1 = n_[g];
    if (n1 == 0.0) {
      n_[g] = n2;
      avg_[g] = avg2;
      m2_[g] = m2b;
      if constexpr (kOrder >= 3) m3_[g] = v[3];
      if constexpr (kOrder >= 4) m4_[g] = v[4];
      return Status::OK();
    }
    double n = n1 + n2;
    double delta = avg2 - avg_[g];
    double deltaN = delta / n;
    double m2a = m2_[g];
    avg_[g] += deltaN * n2;
    m2_[g] = m2a + m2b + delta * deltaN * n1 * n2;
    if constexpr (kOrder >= 3) {
      double m3a = m3_[g], m3b = v[3];
      m3_[g] = m3a + m3b + deltaN * deltaN * delta * n1 * n2 * (n1 - n2) + 3.0 * deltaN * (n1 * m2b - n2 * m2a);
      if constexpr (kOrder >= 4) {
        m4_[g] = m4_[g] + v[4] + deltaN * deltaN * deltaN * delta * n1 * n2 * (n1 * n1 - n1 * n2 + n2 * n2) +
                 6.0 * deltaN * deltaN * (n1 * n1 * m2b + n2 * n2 * m2a) + 4.0 * deltaN * (n1 * m3b - n2 * m3a);
      }
    }
    n_[g] = n;
    return Status::OK();
  }

 private:
  Moment kind_;
  std::vector<double> n_;
  std::vector<double> avg_;
  std::vector<double> m2_;
  std::vector<double> m3_;
  std::vector<double> m4_;
};

// Numbers are read in their own type; strings, decimals and null are cast to double
// first, as Spark's implicit casts do.
Result<ResolvedAggregate> resolveMoment(std::vector<BoundExprPtr>& args, const char* name, Moment kind) {
  const DataType& t = *args[0]->type();
  if (!agg::isImplicitlyNumeric(t)) return agg::argumentTypeError(name, "a numeric argument", t);
  if (!t.isIntegral() && !t.isFractional()) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::double_()));
  }
  return dispatchFixedWidth(args[0]->type()->id(), [&]<typename In>() -> Result<ResolvedAggregate> {
    switch (orderOf(kind)) {
      case 3: return agg::makeResolved<CentralMomentState<In, 3>>(DataType::double_(), true, kind);
      case 4: return agg::makeResolved<CentralMomentState<In, 4>>(DataType::double_(), true, kind);
      default: return agg::makeResolved<CentralMomentState<In, 2>>(DataType::double_(), true, kind);
    }
  });
}

void addMoment(FunctionRegistry& r, const char* name, Moment kind) {
  r.addAggregate({name, 1, 1, [name, kind](std::vector<BoundExprPtr>& args) { return resolveMoment(args, name, kind); }});
}

}  // namespace

void registerStatsAggregates(FunctionRegistry& r) {
  addMoment(r, "stddev_samp", Moment::kStddevSamp);
  addMoment(r, "stddev_pop", Moment::kStddevPop);
  addMoment(r, "var_samp", Moment::kVarSamp);
  addMoment(r, "var_pop", Moment::kVarPop);
  addMoment(r, "skewness", Moment::kSkewness);
  addMoment(r, "kurtosis", Moment::kKurtosis);
  r.addAlias("stddev", "stddev_samp");
  r.addAlias("std", "stddev_samp");
  r.addAlias("variance", "var_samp");
}

}  // namespace spate
