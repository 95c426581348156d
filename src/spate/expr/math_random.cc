// rand([seed]) / random([seed]) and randn([seed]): Spark's XORShiftRandom seeded with
// seed + partition index (always partition 0 here), so a seeded query gives Spark's
// sequence: rand(0) starts 0.7604953758285915. The generator lives as long as the bound
// expression and continues across batches, like Spark's per-partition generator.

#include <bit>
#include <cmath>
#include <mutex>
#include <random>

#include "spate/expr/cast.h"
#include "spate/expr/kernels.h"
#include "spate/expr/math_functions.h"

namespace spate {

namespace {

// scala.util.hashing.MurmurHash3.bytesHash, which XORShiftRandom uses to spread seeds.
uint32_t scalaMix(uint32_t h, uint32_t k, bool last) {
  k *= 0xcc9e2d51u;
  k = std::rotl(k, 15);
  k *= 0x1b873593u;
  h ^= k;
  if (last) return h;
  h = std::rotl(h, 13);
  return h * 5 + 0xe6546b64u;
}

uint32_t scalaBytesHash(const uint8_t* data, size_t n, uint32_t seed) {
  uint32_t h = seed;
  size_t i = 0;
  for (; i + 4 <= n; i += 4) {
    uint32_t k = data[i] | (uint32_t{data[i + 1]} << 8) | (uint32_t{data[i + 2]} << 16) | (uint32_t{data[i + 3]} << 24);
    h = scalaMix(h, k, false);
  }
  uint32_t k = 0;
  size_t rest = n - i;
  if (rest == 3) k ^= uint32_t{data[i + 2]} << 16;
  if (rest >= 2) k ^= uint32_t{data[i + 1]} << 8;
  if (rest >= 1) {
    k ^= data[i];
    h = scalaMix(h, k, true);
  }
  h ^= static_cast<uint32_t>(n);
  h ^= h >> 16;
  h *= 0x85ebca6bu;
  h ^= h >> 13;
  h *= 0xc2b2ae35u;
  h ^= h >> 16;
  return h;
}

// org.apache.spark.util.random.XORShiftRandom with java.util.Random's nextDouble and
// nextGaussian on top.
class XorShiftRandom {
 public:
  explicit XorShiftRandom(int64_t seed) {
    uint8_t bytes[8];
    for (int i = 0; i < 8; ++i) bytes[i] = static_cast<uint8_t>(static_cast<uint64_t>(seed) >> (56 - 8 * i));
    uint32_t low = scalaBytesHash(bytes, 8, 0x3c074a61u);
    uint32_t high = scalaBytesHash(bytes, 8, low);
    state_ = (uint64_t{high} << 32) | low;
  }

  double nextDouble() {
    auto hi = static_cast<int64_t>(next(26));
    auto lo = static_cast<int64_t>(next(27));
    return static_cast<double>((hi << 27) + lo) * 0x1.0p-53;
  }

  double nextGaussian() {
    if (haveNextGaussian_) {
      haveNextGaussian_ = false;
      return nextGaussian_;
    }
    double v1, v2, s;
    do {
      v1 = 2 * nextDouble() - 1;
      v2 = 2 * nextDouble() - 1;
      s = v1 * v1 + v2 * v2;
    } while (s >= 1 || s == 0);
    double multiplier = std::sqrt(-2 * std::log(s) / s);
    nextGaussian_ = v2 * multiplier;
    haveNextGaussian_ = true;
    return v1 * multiplier;
  }

 private:
  uint32_t next(int bits) {
    uint64_t s = state_ ^ (state_ << 21);
    s ^= s >> 35;
    s ^= s << 4;
    state_ = s;
    return static_cast<uint32_t>(s & ((uint64_t{1} << bits) - 1));
  }

  uint64_t state_;
  double nextGaussian_ = 0;
  bool haveNextGaussian_ = false;
};

// The generator is shared by every evaluation of one bound call; the lock is taken
// once per batch.
struct RandomState {
  std::mutex mutex;
  XorShiftRandom rng;
  explicit RandomState(int64_t seed) : rng(seed) {}
};

ScalarResolver randomResolver(const char* name, bool gaussian) {
  return [name, gaussian](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    int64_t seed;
    if (args.empty()) {
      std::random_device device;
      seed = static_cast<int64_t>((uint64_t{device()} << 32) | device());
    } else {
      TypeId t = args[0]->type()->id();
      if (!args[0]->type()->isIntegral() && t != TypeId::kNull) {
        return Status::TypeError("{} expects an int or bigint seed, but {} is {}", name, args[0]->toString(),
                                 args[0]->type()->simpleString());
      }
      SPATE_ASSIGN_OR_RETURN(std::optional<int64_t> s, constantInt(args[0], name, "seed"));
      // Spark reads a null seed as 0.
      seed = s.value_or(0);
    }
    auto state = std::make_shared<RandomState>(seed);
    ResolvedScalar r{DataType::double_(), false,
                     [state, gaussian](const std::vector<ColumnPtr>&, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                       FixedColumnBuilder<double> out(DataType::double_(), n);
                       double* o = out.data();
                       std::lock_guard<std::mutex> lock(state->mutex);
                       if (gaussian) {
                         for (int64_t i = 0; i < n; ++i) o[i] = state->rng.nextGaussian();
                       } else {
                         for (int64_t i = 0; i < n; ++i) o[i] = state->rng.nextDouble();
                       }
                       return out.finish();
                     },
                     true};
    r.deterministic = false;
    return r;
  };
}

}  // namespace

void registerMathRandomFunctions(FunctionRegistry& r) {
  r.addScalar({"rand", 0, 1, randomResolver("rand", false)});
  r.addAlias("random", "rand");
  r.addScalar({"randn", 0, 1, randomResolver("randn", true)});
}

}  // namespace spate
