// covar_pop, covar_samp, corr: Spark's Covariance and PearsonCorrelation, with the
// same streaming co-moment updates over the rows where both arguments are non-null.
// Spark 3 semantics: covar_samp and corr of one row are null.

#include <cmath>

#include "spate/expr/aggregate_functions.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/cast.h"

namespace spate {
namespace {

enum class CoKind { kCovarPop, kCovarSamp, kCorr };

const char* nameOf(CoKind k) {
  return k == CoKind::kCovarPop ? "covar_pop" : (k == CoKind::kCovarSamp ? "covar_samp" : "corr");
}

template <bool kCorr>
class CoMomentState final : public AggregateState {
 public:
  explicit CoMomentState(CoKind kind) : kind_(kind) {}

  void resize(int64_t numGroups) override {
    auto n = static_cast<size_t>(numGroups);
    n_.resize(n, 0.0);
    xAvg_.resize(n, 0.0);
    yAvg_.resize(n, 0.0);
    ck_.resize(n, 0.0);
    if (kCorr) {
      xMk_.resize(n, 0.0);
      yMk_.resize(n, 0.0);
    }
  }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr xc = Column::flatten(args[0]);
    ColumnPtr yc = Column::flatten(args[1]);
    agg::RowValidity xv = agg::validityOf(*xc), yv = agg::validityOf(*yc);
    if (xv.allNull || yv.allNull) return;
    const double* xs = xc->values<double>();
    const double* ys = yc->values<double>();
    for (int64_t i = 0; i < numRows; ++i) {
      if (!xv.valid(i) || !yv.valid(i)) continue;
      uint32_t g = groupIds[i];
      double x = xs[i], y = ys[i];
      double newN = n_[g] + 1.0;
      double dx = x - xAvg_[g];
      double dxN = dx / newN;
      double dy = y - yAvg_[g];
      double dyN = dy / newN;
      double newXAvg = xAvg_[g] + dxN;
      double newYAvg = yAvg_[g] + dyN;
      ck_[g] += dx * (y - newYAvg);
      if constexpr (kCorr) {
        xMk_[g] += dx * (x - newXAvg);
        yMk_[g] += dy * (y - newYAvg);
      }
      xAvg_[g] = newXAvg;
      yAvg_[g] = newYAvg;
      n_[g] = newN;
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    FixedColumnBuilder<double> out(DataType::double_(), numGroups);
    double* o = out.data();
    for (int64_t g = 0; g < numGroups; ++g) {
      auto i = static_cast<size_t>(g);
      double n = n_[i];
      bool isNull = n == 0.0 || (kind_ != CoKind::kCovarPop && n == 1.0);
      if (isNull) {
        out.setNull(g);
      } else if (kind_ == CoKind::kCovarPop) {
        o[g] = ck_[i] / n;
      } else if (kind_ == CoKind::kCovarSamp) {
        o[g] = ck_[i] / (n - 1.0);
      } else if constexpr (kCorr) {
        o[g] = ck_[i] / std::sqrt(xMk_[i] * yMk_[i]);
      }
    }
    return out.finish();
  }

  int64_t memoryBytes() const override {
    return static_cast<int64_t>((n_.capacity() * 4 + xMk_.capacity() * 2) * sizeof(double));
  }

  // n, xAvg, yAvg, ck, then for corr xMk, yMk: f64 each.
  void serializeGroup(uint32_t g, std::string& out) const override {
    for (double v : {n_[g], xAvg_[g], yAvg_[g], ck_[g]}) agg::putFixed(out, v);
    if constexpr (kCorr) {
      agg::putFixed(out, xMk_[g]);
      agg::putFixed(out, yMk_[g]);
    }
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, nameOf(kind_), g, n_.size());
    double v[6] = {};
    for (int k = 0; k < (kCorr ? 6 : 4); ++k) v[k] = r.get<double>();
    SPATE_RETURN_IF_ERROR(r.finish());
    assign(g, v);
    return Status::OK();
  }

  // Sets group g from serialized fields: n, the two means, the co-moment (and for corr
  // the two variance sums).
  void assign(uint32_t g, const double* v) {
    n_[g] = v[0];
    xAvg_[g] = v[1];
    yAvg_[g] = v[2];
    ck_[g] = v[3];
    if constexpr (kCorr) {
      xMk_[g] = v[4];
      yMk_[g] = v[5];
    }
  }

  // The parallel merge of two partial co-moments, as Spark's Covariance and
  // PearsonCorrelation merge. An empty side leaves the other exact.
  Status mergeGroup(uint32_t g, std::string_view in) override {
    agg::StateReader r(in, nameOf(kind_), g, n_.size());
    double v[6] = {};
    for (int k = 0; k < (kCorr ? 6 : 4); ++k) v[k] = r.get<double>();
    if (r.ok() && !(v[0] >= 0.0)) r.fail("negative count");
    SPATE_RETURN_IF_ERROR(r.finish());
    double n2 = v[0];
    if (n2 == 0.0) return Status::OK();
    double n1 = n_[g];
    if (n1 == 0.0) {
      assign(g, v);
      return Status::OK();
    }
    double n = n1 + n2;
    double dx = v[1] - xAvg_[g];
    double dxN = dx / n;
    double dy = v[2] - yAvg_[g];
    double dyN = dy / n;
    xAvg_[g] += dxN * n2;
    yAvg_[g] += dyN * n2;
    ck_[g] = ck_[g] + v[3] + dx * dyN * n1 * n2;
    if constexpr (kCorr) {
      xMk_[g] = xMk_[g] + v[4] + dx * dxN * n1 * n2;
      yMk_[g] = yMk_[g] + v[5] + dy * dyN * n1 * n2;
    }
    n_[g] = n;
    return Status::OK();
  }

 private:
  CoKind kind_;
  std::vector<double> n_;
  std::vector<double> xAvg_;
  std::vector<double> yAvg_;
  std::vector<double> ck_;
  std::vector<double> xMk_;
  std::vector<double> yMk_;
};

void addCoMoment(FunctionRegistry& r, const char* name, CoKind kind) {
  r.addAggregate({name, 2, 2, [name, kind](std::vector<BoundExprPtr>& args) -> Result<ResolvedAggregate> {
                    for (auto& a : args) {
                      if (!agg::isImplicitlyNumeric(*a->type())) {
                        return agg::argumentTypeError(name, "numeric arguments", *a->type());
                      }
                      SPATE_ASSIGN_OR_RETURN(a, makeCast(a, DataType::double_()));
                    }
                    if (kind == CoKind::kCorr) return agg::makeResolved<CoMomentState<true>>(DataType::double_(), true, kind);
                    return agg::makeResolved<CoMomentState<false>>(DataType::double_(), true, kind);
                  }});
}

}  // namespace

void registerCovarianceAggregates(FunctionRegistry& r) {
  addCoMoment(r, "covar_pop", CoKind::kCovarPop);
  addCoMoment(r, "covar_samp", CoKind::kCovarSamp);
  addCoMoment(r, "corr", CoKind::kCorr);
}

}  // namespace spate
