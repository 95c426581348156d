// hash (Murmur3 x86_32) and xxhash64 with Spark's seed 42 and exact per-type rules,
// and the digests md5, sha1/sha, sha2 and crc32. Each argument's hash seeds the next;
// nulls leave the running hash as it is, so hash(null) is 42. Flat columns are hashed
// with one typed loop per argument; arrays and structs element by element.

#include <bit>
#include <cmath>

#include "spate/expr/cast.h"
#include "spate/expr/function_registry.h"
#include "spate/expr/hash_digest.h"
#include "spate/expr/hash_spark.h"
#include "spate/expr/kernels.h"

namespace spate {

namespace {

struct Murmur3 {
  using H = int32_t;
  static constexpr H kSeed = 42;
  static TypePtr type() { return DataType::int_(); }
  static H hashInt(int32_t v, H seed) { return sparkhash::murmurInt(v, seed); }
  static H hashLong(int64_t v, H seed) { return sparkhash::murmurLong(v, seed); }
  static H hashBytes(const void* p, size_t n, H seed) {
    return sparkhash::murmurBytes(static_cast<const uint8_t*>(p), n, seed);
  }
};

struct XxHash64 {
  using H = int64_t;
  static constexpr H kSeed = 42;
  static TypePtr type() { return DataType::long_(); }
  static H hashInt(int32_t v, H seed) { return sparkhash::xxInt(v, seed); }
  static H hashLong(int64_t v, H seed) { return sparkhash::xxLong(v, seed); }
  static H hashBytes(const void* p, size_t n, H seed) {
    return sparkhash::xxBytes(static_cast<const uint8_t*>(p), n, seed);
  }
};

// Java's floatToIntBits / doubleToLongBits after Spark maps -0.0 to 0.0: one NaN.
int32_t floatBits(float f) {
  if (f == 0.0f) return 0;
  if (std::isnan(f)) return 0x7fc00000;
  return std::bit_cast<int32_t>(f);
}
int64_t doubleBits(double d) {
  if (d == 0.0) return 0;
  if (std::isnan(d)) return 0x7ff8000000000000LL;
  return std::bit_cast<int64_t>(d);
}

// BigInteger.toByteArray of an unscaled decimal: minimal big-endian two's complement.
std::string_view bigIntegerBytes(__int128 v, uint8_t (&buf)[16]) {
  auto u = static_cast<unsigned __int128>(v);
  for (int i = 0; i < 16; ++i) buf[i] = static_cast<uint8_t>(u >> (8 * (15 - i)));
  int start = 0;
  while (start < 15 && ((buf[start] == 0x00 && !(buf[start + 1] & 0x80)) ||
                        (buf[start] == 0xFF && (buf[start + 1] & 0x80)))) {
    ++start;
  }
  return {reinterpret_cast<const char*>(buf + start), static_cast<size_t>(16 - start)};
}

template <typename Hasher>
typename Hasher::H hashDecimal(__int128 v, int precision, typename Hasher::H seed) {
  if (precision <= 18) return Hasher::hashLong(static_cast<int64_t>(v), seed);
  uint8_t buf[16];
  std::string_view bytes = bigIntegerBytes(v, buf);
  return Hasher::hashBytes(bytes.data(), bytes.size(), seed);
}

// One value of any type, for the elements and fields of nested columns.
template <typename Hasher>
typename Hasher::H hashValue(const Column& c, int64_t row, typename Hasher::H seed) {
  if (c.isNull(row)) return seed;
  int64_t r = c.isConstant() ? 0 : row;
  const DataType& t = *c.type();
  switch (t.id()) {
    case TypeId::kNull: return seed;
    case TypeId::kBoolean: return Hasher::hashInt(c.boolAt(r) ? 1 : 0, seed);
    case TypeId::kByte: return Hasher::hashInt(c.values<int8_t>()[r], seed);
    case TypeId::kShort: return Hasher::hashInt(c.values<int16_t>()[r], seed);
    case TypeId::kInt:
    case TypeId::kDate: return Hasher::hashInt(c.values<int32_t>()[r], seed);
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kInterval: return Hasher::hashLong(c.values<int64_t>()[r], seed);
    case TypeId::kFloat: return Hasher::hashInt(floatBits(c.values<float>()[r]), seed);
    case TypeId::kDouble: return Hasher::hashLong(doubleBits(c.values<double>()[r]), seed);
    case TypeId::kDecimal: return hashDecimal<Hasher>(c.values<__int128>()[r], t.precision(), seed);
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string_view s = c.stringAt(r);
      return Hasher::hashBytes(s.data(), s.size(), seed);
    }
    case TypeId::kArray:
      for (int32_t k = c.listBegin(r); k < c.listEnd(r); ++k) seed = hashValue<Hasher>(*c.child(0), k, seed);
      return seed;
    case TypeId::kMap:
      for (int32_t k = c.listBegin(r); k < c.listEnd(r); ++k) {
        seed = hashValue<Hasher>(*c.child(0), k, seed);
        seed = hashValue<Hasher>(*c.child(1), k, seed);
      }
      return seed;
    case TypeId::kStruct:
      for (const auto& field : c.children()) seed = hashValue<Hasher>(*field, r, seed);
      return seed;
  }
  return seed;
}

// h[i] = hash(row i of c, h[i]) for the valid rows, f mapping a row to its hash.
template <typename H, typename F>
void updateRows(const Column& c, H* h, int64_t n, F f) {
  if (!c.mayHaveNulls()) {
    for (int64_t i = 0; i < n; ++i) h[i] = f(i, h[i]);
  } else if (!c.isConstant() && c.validityBits()) {
    const uint8_t* v = c.validityBits();
    for (int64_t i = 0; i < n; ++i) {
      if (bits::get(v, i)) h[i] = f(i, h[i]);
    }
  }
}

template <typename Hasher>
void hashColumn(const Column& c, typename Hasher::H* h, int64_t n) {
  using H = typename Hasher::H;
  const DataType& t = *c.type();
  auto fixed = [&]<typename T, typename Hash>(Hash hash) {
    FixedArg<T> x(c);
    updateRows(c, h, n, [&](int64_t i, H seed) { return hash(x[i], seed); });
  };
  switch (t.id()) {
    case TypeId::kNull: return;
    case TypeId::kByte:
      return fixed.template operator()<int8_t>([](int8_t v, H s) { return Hasher::hashInt(v, s); });
    case TypeId::kShort:
      return fixed.template operator()<int16_t>([](int16_t v, H s) { return Hasher::hashInt(v, s); });
    case TypeId::kInt:
    case TypeId::kDate:
      return fixed.template operator()<int32_t>([](int32_t v, H s) { return Hasher::hashInt(v, s); });
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kInterval:
      return fixed.template operator()<int64_t>([](int64_t v, H s) { return Hasher::hashLong(v, s); });
    case TypeId::kFloat:
      return fixed.template operator()<float>([](float v, H s) { return Hasher::hashInt(floatBits(v), s); });
    case TypeId::kDouble:
      return fixed.template operator()<double>([](double v, H s) { return Hasher::hashLong(doubleBits(v), s); });
    case TypeId::kDecimal: {
      int p = t.precision();
      return fixed.template operator()<__int128>([p](__int128 v, H s) { return hashDecimal<Hasher>(v, p, s); });
    }
    case TypeId::kBoolean: {
      BoolArg b(c);
      return updateRows(c, h, n, [&](int64_t i, H seed) { return Hasher::hashInt(b[i] ? 1 : 0, seed); });
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      StringArg s(c);
      return updateRows(c, h, n, [&](int64_t i, H seed) {
        std::string_view v = s[i];
        return Hasher::hashBytes(v.data(), v.size(), seed);
      });
    }
    default:
      return updateRows(c, h, n, [&](int64_t i, H seed) { return hashValue<Hasher>(c, i, seed); });
  }
}

bool containsMap(const DataType& t) {
  if (t.id() == TypeId::kMap) return true;
  for (const auto& f : t.fields()) {
    if (f.type && containsMap(*f.type)) return true;
  }
  return false;
}

template <typename Hasher>
ScalarResolver murmurLikeResolver(const char* name) {
  return [name](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    for (const auto& a : args) {
      // Spark refuses maps: equal maps may hold their entries in different orders.
      if (containsMap(*a->type())) {
        return Status::TypeError("{} cannot hash {} of type {}: map types are not supported", name, a->toString(),
                                 a->type()->simpleString());
      }
    }
    return ResolvedScalar{Hasher::type(), false,
                          [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            FixedColumnBuilder<typename Hasher::H> out(Hasher::type(), n);
                            typename Hasher::H* h = out.data();
                            for (int64_t i = 0; i < n; ++i) h[i] = Hasher::kSeed;
                            for (const auto& col : c) hashColumn<Hasher>(*col, h, n);
                            return out.finish();
                          },
                          true};
  };
}

// ---- digests ---------------------------------------------------------------------------

Status requireBytes(const char* fn, const BoundExprPtr& arg) {
  TypeId t = arg->type()->id();
  if (t == TypeId::kString || t == TypeId::kBinary || t == TypeId::kNull) return Status::OK();
  return Status::TypeError("{} expects a binary or string argument, but {} is {}", fn, arg->toString(),
                           arg->type()->simpleString());
}

// Appends the lower-case hex of a digest.
void appendHex(StringColumnBuilder& out, const uint8_t* d, size_t n) {
  static constexpr char kDigits[] = "0123456789abcdef";
  char hex[128];
  for (size_t i = 0; i < n; ++i) {
    hex[2 * i] = kDigits[d[i] >> 4];
    hex[2 * i + 1] = kDigits[d[i] & 0xF];
  }
  out.append(std::string_view(hex, 2 * n));
}

// String and binary columns share their layout, so both are read without a cast.
template <auto kDigest, size_t kSize>
ColumnPtr digestColumn(const ColumnPtr& in, int64_t n) {
  if (in->typeId() == TypeId::kNull) return Column::nulls(DataType::string(), n);
  StringArg s(*in);
  uint8_t d[kSize];
  return buildStrings(n, DataType::string(), {in}, [&](int64_t i, StringColumnBuilder& out) {
    std::string_view v = s[i];
    kDigest(reinterpret_cast<const uint8_t*>(v.data()), v.size(), d);
    appendHex(out, d, kSize);
  });
}

template <auto kDigest, size_t kSize>
ScalarResolver digestResolver(const char* name) {
  return [name](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    SPATE_RETURN_IF_ERROR(requireBytes(name, args[0]));
    return ResolvedScalar{DataType::string(), true,
                          [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            return digestColumn<kDigest, kSize>(c[0], n);
                          },
                          true};
  };
}

// sha2(x, bits): 224, 256 (or 0), 384 or 512; any other length gives null.
Result<ResolvedScalar> resolveSha2(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireBytes("sha2", args[0]));
  if (!args[1]->type()->isIntegral() && args[1]->type()->id() != TypeId::kNull) {
    return Status::TypeError("sha2 expects an integer bit length, but {} is {}", args[1]->toString(),
                             args[1]->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(args[1], makeCast(args[1], DataType::int_()));
  return ResolvedScalar{DataType::string(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          if (c[0]->typeId() == TypeId::kNull) return Column::nulls(DataType::string(), n);
                          StringArg s(*c[0]);
                          FixedArg<int32_t> bitLength(*c[1]);
                          uint8_t d[64];
                          return buildStrings(n, DataType::string(), c, [&](int64_t i, StringColumnBuilder& out) {
                            std::string_view v = s[i];
                            auto p = reinterpret_cast<const uint8_t*>(v.data());
                            switch (bitLength[i]) {
                              case 224: digest::sha224(p, v.size(), d); return appendHex(out, d, 28);
                              case 0:
                              case 256: digest::sha256(p, v.size(), d); return appendHex(out, d, 32);
                              case 384: digest::sha384(p, v.size(), d); return appendHex(out, d, 48);
                              case 512: digest::sha512(p, v.size(), d); return appendHex(out, d, 64);
                              default: return out.appendNull();
                            }
                          });
                        },
                        true};
}

Result<ResolvedScalar> resolveCrc32(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireBytes("crc32", args[0]));
  return ResolvedScalar{DataType::long_(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          if (c[0]->typeId() == TypeId::kNull) return Column::nulls(DataType::long_(), n);
                          StringArg s(*c[0]);
                          return buildFixed<int64_t>(n, DataType::long_(), c, [&](int64_t i) {
                            std::string_view v = s[i];
                            return static_cast<int64_t>(
                                digest::crc32(reinterpret_cast<const uint8_t*>(v.data()), v.size()));
                          });
                        },
                        true};
}

}  // namespace

void registerHashFunctions(FunctionRegistry& r) {
  r.addScalar({"hash", 1, -1, murmurLikeResolver<Murmur3>("hash")});
  r.addScalar({"xxhash64", 1, -1, murmurLikeResolver<XxHash64>("xxhash64")});
  r.addScalar({"md5", 1, 1, digestResolver<digest::md5, 16>("md5")});
  r.addScalar({"sha1", 1, 1, digestResolver<digest::sha1, 20>("sha1")});
  r.addAlias("sha", "sha1");
  r.addScalar({"sha2", 2, 2, resolveSha2});
  r.addScalar({"crc32", 1, 1, resolveCrc32});
}

}  // namespace spate
