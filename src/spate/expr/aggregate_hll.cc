// approx_count_distinct(x[, rsd]): HyperLogLog++ as Spark builds it (XxHash64 with
// seed 42 of each non-null value, 2^p registers with p from rsd, register = position of
// the first one bit after the index bits), so the registers are Spark's. Small
// cardinalities use Spark's linear counting and give Spark's number; above that, the
// estimate uses Ertl's improved estimator ("New cardinality estimation algorithms for
// HyperLogLog sketches", 2017) instead of Spark's empirical bias-correction tables:
// as accurate, but it may differ from Spark's number by a fraction of rsd.

#include "spate/expr/aggregate_hll.h"

#include <algorithm>
#include <cmath>
#include <cstring>

#include "spate/expr/aggregate_functions.h"
#include "spate/expr/aggregate_state_util.h"
#include "spate/expr/hash_spark.h"

namespace spate::agg {

namespace {

// Java's Float.floatToIntBits / Double.doubleToLongBits after Spark's -0.0 -> 0.0.
inline int32_t floatBits(float f) {
  if (std::isnan(f)) return 0x7fc00000;
  if (f == 0.0f) f = 0.0f;
  int32_t b;
  std::memcpy(&b, &f, 4);
  return b;
}
inline int64_t doubleBits(double d) {
  if (std::isnan(d)) return 0x7ff8000000000000LL;
  if (d == 0.0) d = 0.0;
  int64_t b;
  std::memcpy(&b, &d, 8);
  return b;
}

// A decimal as Spark hashes it: the unscaled long up to 18 digits, else the bytes of
// java.math.BigInteger.toByteArray (minimal big-endian two's complement).
uint64_t hashDecimal(__int128 unscaled, int precision, uint64_t seed) {
  if (precision <= 18) return xxhash64Long(static_cast<int64_t>(unscaled), seed);
  uint8_t be[16];
  auto u = static_cast<unsigned __int128>(unscaled);
  for (int i = 15; i >= 0; --i) {
    be[i] = static_cast<uint8_t>(u & 0xff);
    u >>= 8;
  }
  int start = 0;
  while (start < 15 && ((be[start] == 0x00 && !(be[start + 1] & 0x80)) || (be[start] == 0xff && (be[start + 1] & 0x80)))) {
    ++start;
  }
  return xxhash64(be + start, static_cast<size_t>(16 - start), seed);
}

}  // namespace

// The XXH64 primitives are hash_spark.h's, shared with the xxhash64() function.
uint64_t xxhash64(const void* data, size_t n, uint64_t seed) {
  return static_cast<uint64_t>(sparkhash::xxBytes(static_cast<const uint8_t*>(data), n, static_cast<int64_t>(seed)));
}

uint64_t xxhash64Int(int32_t v, uint64_t seed) {
  return static_cast<uint64_t>(sparkhash::xxInt(v, static_cast<int64_t>(seed)));
}

uint64_t xxhash64Long(int64_t v, uint64_t seed) {
  return static_cast<uint64_t>(sparkhash::xxLong(v, static_cast<int64_t>(seed)));
}

uint64_t sparkXxHash64(const Value& v, const DataType& type, uint64_t seed) {
  if (v.isNull()) return seed;
  switch (type.id()) {
    case TypeId::kNull: return seed;
    case TypeId::kBoolean: return xxhash64Int(v.asBool() ? 1 : 0, seed);
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kDate: return xxhash64Int(static_cast<int32_t>(v.asInt()), seed);
    case TypeId::kFloat: return xxhash64Int(floatBits(static_cast<float>(v.asDouble())), seed);
    case TypeId::kDouble: return xxhash64Long(doubleBits(v.asDouble()), seed);
    case TypeId::kDecimal: return hashDecimal(v.asDecimal(), type.precision(), seed);
    case TypeId::kString:
    case TypeId::kBinary: return xxhash64(v.asString().data(), v.asString().size(), seed);
    case TypeId::kArray: {
      for (const auto& item : v.asList()) seed = sparkXxHash64(item, *type.elementType(), seed);
      return seed;
    }
    case TypeId::kStruct: {
      const ValueList& fields = v.asList();
      for (size_t i = 0; i < fields.size(); ++i) seed = sparkXxHash64(fields[i], *type.fields()[i].type, seed);
      return seed;
    }
    case TypeId::kMap: {
      const MapEntries& m = v.asMap();
      for (size_t i = 0; i < m.keys.size(); ++i) {
        seed = sparkXxHash64(m.keys[i], *type.keyType(), seed);
        seed = sparkXxHash64(m.values[i], *type.valueType(), seed);
      }
      return seed;
    }
    default: return xxhash64Long(v.asInt(), seed);
  }
}

int hllPrecision(double relativeSD) {
  return static_cast<int>(std::ceil(2.0 * std::log(1.106 / relativeSD) / std::log(2.0)));
}

namespace {

// The HLL++ paper's cardinalities up to which linear counting beats HyperLogLog, for
// p = 4..18.
constexpr double kLinearCountingThresholds[] = {10,   20,   40,    80,    220,   400,    900,   1800,
                                                3100, 6500, 15500, 20000, 50000, 120000, 350000};

// Ertl's sigma and tau series.
double sigma(double x) {
  if (x == 1.0) return INFINITY;
  double y = 1.0, z = x, prev;
  do {
    x *= x;
    prev = z;
    z += x * y;
    y += y;
  } while (z != prev);
  return z;
}

double tau(double x) {
  if (x == 0.0 || x == 1.0) return 0.0;
  double y = 1.0, z = 1.0 - x, prev;
  do {
    x = std::sqrt(x);
    prev = z;
    y *= 0.5;
    z -= (1.0 - x) * (1.0 - x) * y;
  } while (z != prev);
  return z / 3.0;
}

}  // namespace

int64_t hllEstimate(const uint8_t* registers, int p) {
  int q = 64 - p;
  size_t m = size_t{1} << p;
  auto dm = static_cast<double>(m);
  std::vector<double> counts(static_cast<size_t>(q) + 2, 0.0);
  double zInverse = 0.0;
  for (size_t i = 0; i < m; ++i) {
    counts[registers[i]] += 1.0;
    zInverse += std::ldexp(1.0, -registers[i]);
  }
  // Spark's choice of linear counting: below the HLL++ paper's threshold for p, or
  // where the raw HyperLogLog estimate is under 2.5 m.
  double zeros = counts[0];
  if (zeros > 0) {
    double alpha = p == 4 ? 0.673 : p == 5 ? 0.697 : p == 6 ? 0.709 : 0.7213 / (1.0 + 1.079 / dm);
    double raw = alpha * dm * dm / zInverse;
    double linear = dm * std::log(dm / zeros);
    if ((p < 19 && linear <= kLinearCountingThresholds[p - 4]) || raw <= 2.5 * dm) return std::llround(linear);
  }
  double z = dm * tau(1.0 - counts[static_cast<size_t>(q) + 1] / dm);
  for (int k = q; k >= 1; --k) z = 0.5 * (z + counts[static_cast<size_t>(k)]);
  z += dm * sigma(zeros / dm);
  double estimate = dm * dm / (2.0 * std::log(2.0) * z);
  return std::llround(estimate);
}

}  // namespace spate::agg

namespace spate {
namespace {

using agg::xxhash64Int;
using agg::xxhash64Long;

constexpr uint64_t kSeed = 42;

class HllState final : public AggregateState {
 public:
  explicit HllState(int p) : p_(p), m_(size_t{1} << p) {}

  void resize(int64_t numGroups) override { registers_.resize(static_cast<size_t>(numGroups) * m_, 0); }

  void update(const std::vector<ColumnPtr>& args, const uint32_t* groupIds, int64_t numRows) override {
    ColumnPtr c = Column::flatten(args[0]);
    agg::RowValidity v = agg::validityOf(*c);
    const DataType& t = *c->type();
    auto each = [&](auto hashOf) { agg::forEachValid(v, numRows, [&](int64_t i) { add(groupIds[i], hashOf(i)); }); };
    switch (t.id()) {
      case TypeId::kBoolean: {
        const uint8_t* b = c->valuesBuffer()->data();
        each([&](int64_t i) { return xxhash64Int(bits::get(b, i) ? 1 : 0, kSeed); });
        break;
      }
      case TypeId::kByte: {
        const auto* d = c->values<int8_t>();
        each([&](int64_t i) { return xxhash64Int(d[i], kSeed); });
        break;
      }
      case TypeId::kShort: {
        const auto* d = c->values<int16_t>();
        each([&](int64_t i) { return xxhash64Int(d[i], kSeed); });
        break;
      }
      case TypeId::kInt:
      case TypeId::kDate: {
        const auto* d = c->values<int32_t>();
        each([&](int64_t i) { return xxhash64Int(d[i], kSeed); });
        break;
      }
      case TypeId::kLong:
      case TypeId::kTimestamp:
      case TypeId::kInterval: {
        const auto* d = c->values<int64_t>();
        each([&](int64_t i) { return xxhash64Long(d[i], kSeed); });
        break;
      }
      case TypeId::kFloat: {
        const auto* d = c->values<float>();
        each([&](int64_t i) { return xxhash64Int(agg::floatBits(d[i]), kSeed); });
        break;
      }
      case TypeId::kDouble: {
        const auto* d = c->values<double>();
        each([&](int64_t i) { return xxhash64Long(agg::doubleBits(d[i]), kSeed); });
        break;
      }
      case TypeId::kString:
      case TypeId::kBinary: {
        const int32_t* o = c->offsets();
        const char* d = c->stringData();
        each([&](int64_t i) { return agg::xxhash64(d + o[i], static_cast<size_t>(o[i + 1] - o[i]), kSeed); });
        break;
      }
      default:
        each([&](int64_t i) { return agg::sparkXxHash64(c->valueAt(i), t, kSeed); });
        break;
    }
  }

  Result<ColumnPtr> finalize(int64_t numGroups) override {
    FixedColumnBuilder<int64_t> out(DataType::long_(), numGroups);
    int64_t* o = out.data();
    for (int64_t g = 0; g < numGroups; ++g) o[g] = agg::hllEstimate(registers_.data() + static_cast<size_t>(g) * m_, p_);
    return out.finish();
  }

  int64_t memoryBytes() const override { return static_cast<int64_t>(registers_.capacity()); }

  // The group's 2^p registers, a byte each. (A sparse form would be smaller for small
  // groups; the dense one is a single copy.)
  void serializeGroup(uint32_t g, std::string& out) const override {
    out.append(reinterpret_cast<const char*>(registers_.data()) + static_cast<size_t>(g) * m_, m_);
  }

  Status deserializeGroup(uint32_t g, std::string_view in) override {
    SPATE_ASSIGN_OR_RETURN(std::string_view regs, readRegisters(g, in));
    std::memcpy(registers_.data() + static_cast<size_t>(g) * m_, regs.data(), m_);
    return Status::OK();
  }

  // Register-wise max: the sketch of the union of both inputs.
  Status mergeGroup(uint32_t g, std::string_view in) override {
    SPATE_ASSIGN_OR_RETURN(std::string_view regs, readRegisters(g, in));
    uint8_t* own = registers_.data() + static_cast<size_t>(g) * m_;
    for (size_t k = 0; k < m_; ++k) own[k] = std::max(own[k], static_cast<uint8_t>(regs[k]));
    return Status::OK();
  }

 private:
  Result<std::string_view> readRegisters(uint32_t g, std::string_view in) const {
    agg::StateReader r(in, "approx_count_distinct", g, registers_.size() / m_);
    std::string_view regs = r.getRaw(m_);
    // finalize counts registers by value: one past 65 - p would index out of bounds.
    auto maxRegister = static_cast<uint8_t>(65 - p_);
    for (char c : regs) {
      if (static_cast<uint8_t>(c) > maxRegister) r.fail("register out of range");
    }
    SPATE_RETURN_IF_ERROR(r.finish());
    return regs;
  }

  void add(uint32_t g, uint64_t h) {
    uint8_t& r = registers_[static_cast<size_t>(g) * m_ + static_cast<size_t>(h >> (64 - p_))];
    auto w = static_cast<uint8_t>(__builtin_clzll((h << p_) | (uint64_t{1} << (p_ - 1))) + 1);
    if (w > r) r = w;
  }

  int p_;
  size_t m_;
  std::vector<uint8_t> registers_;  // m_ per group, group-major
};

Result<ResolvedAggregate> resolveApproxCountDistinct(std::vector<BoundExprPtr>& args) {
  double rsd = 0.05;
  if (args.size() > 1) {
    const Value* lit = args[1]->literalValue();
    const DataType& t = *args[1]->type();
    if (!lit || lit->isNull() || !t.isNumeric()) {
      return Status::TypeError("The second argument of approx_count_distinct() must be a numeric literal, got {} of type {}",
                               args[1]->toString(), t.simpleString());
    }
    rsd = lit->toDouble(t.id() == TypeId::kDecimal ? t.scale() : 0);
  }
  int p = rsd > 0 ? agg::hllPrecision(rsd) : 0;
  if (p < 4) {
    return Status::Invalid("HLL++ requires at least 4 bits for addressing. Use a lower error, at most 39%.");
  }
  if (p > 24) return Status::Invalid("approx_count_distinct(): relative standard deviation {} is too small", rsd);
  return agg::makeResolved<HllState>(DataType::long_(), false, p);
}

}  // namespace

void registerHllAggregates(FunctionRegistry& r) {
  r.addAggregate({"approx_count_distinct", 1, 2, resolveApproxCountDistinct});
}

}  // namespace spate
