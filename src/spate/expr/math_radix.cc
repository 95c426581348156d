// Number bases and bits: bin, hex, unhex, conv and the shifts. Digits are written
// straight into the output buffers; conv follows Spark's NumberConverter, which goes
// through an unsigned 64-bit value (overflow gives all ones) and stops at the first
// character that is not a digit of the base.

#include <cctype>
#include <string>

#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/expr/kernels.h"
#include "spate/expr/math_functions.h"

namespace spate {

namespace {

constexpr char kUpperDigits[] = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ";

// Digits of v in base 2^bits (Long.toBinaryString / toHexString of the unsigned bits).
std::string_view unsignedDigits(uint64_t v, int bitsPerDigit, char (&buf)[64]) {
  char* end = buf + sizeof buf;
  char* p = end;
  uint64_t mask = (uint64_t{1} << bitsPerDigit) - 1;
  do {
    *--p = kUpperDigits[v & mask];
    v >>= bitsPerDigit;
  } while (v != 0);
  return {p, static_cast<size_t>(end - p)};
}

Status numberArgError(const char* fn, const BoundExprPtr& arg) {
  return Status::TypeError("{} expects a numeric argument (bigint), but {} is {}", fn, arg->toString(),
                           arg->type()->simpleString());
}

Result<ResolvedScalar> resolveBin(std::vector<BoundExprPtr>& args) {
  if (!castsToNumber(*args[0]->type())) return numberArgError("bin", args[0]);
  SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::long_()));
  return ResolvedScalar{DataType::string(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          FixedArg<int64_t> x(*c[0]);
                          char buf[64];
                          return buildStrings(n, DataType::string(), c, [&](int64_t i, StringColumnBuilder& out) {
                            out.append(unsignedDigits(static_cast<uint64_t>(x[i]), 1, buf));
                          });
                        },
                        true};
}

// hex of a number is the two's complement digits of the bigint; of a string or binary,
// two upper-case digits per byte.
Result<ResolvedScalar> resolveHex(std::vector<BoundExprPtr>& args) {
  TypeId t = args[0]->type()->id();
  if (t == TypeId::kString || t == TypeId::kBinary) {
    return ResolvedScalar{
        DataType::string(), true,
        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
          StringArg s(*c[0]);
          return buildStrings(n, DataType::string(), c, [&](int64_t i, StringColumnBuilder& out) {
            std::string_view v = s[i];
            char chunk[256];
            size_t used = 0;
            for (unsigned char b : v) {
              chunk[used++] = kUpperDigits[b >> 4];
              chunk[used++] = kUpperDigits[b & 0xF];
              if (used == sizeof chunk) {
                out.dataBuffer().append(chunk, static_cast<int64_t>(used));
                used = 0;
              }
            }
            out.dataBuffer().append(chunk, static_cast<int64_t>(used));
            out.commit();
          });
        },
        true};
  }
  if (!castsToNumber(*args[0]->type())) {
    return Status::TypeError("hex expects a bigint, string or binary argument, but {} is {}", args[0]->toString(),
                             args[0]->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::long_()));
  return ResolvedScalar{DataType::string(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          FixedArg<int64_t> x(*c[0]);
                          char buf[64];
                          return buildStrings(n, DataType::string(), c, [&](int64_t i, StringColumnBuilder& out) {
                            out.append(unsignedDigits(static_cast<uint64_t>(x[i]), 4, buf));
                          });
                        },
                        true};
}

int hexValue(unsigned char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// unhex: pairs of hex digits to bytes, an odd leading digit standing alone; any other
// character makes the row null.
Result<ResolvedScalar> resolveUnhex(std::vector<BoundExprPtr>& args) {
  SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::string()));
  return ResolvedScalar{DataType::binary(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          StringArg s(*c[0]);
                          std::string scratch;
                          return buildStrings(n, DataType::binary(), c, [&](int64_t i, StringColumnBuilder& out) {
                            std::string_view v = s[i];
                            scratch.clear();
                            size_t k = 0;
                            if (v.size() % 2 == 1) {
                              int d = hexValue(static_cast<unsigned char>(v[0]));
                              if (d < 0) return out.appendNull();
                              scratch.push_back(static_cast<char>(d));
                              k = 1;
                            }
                            for (; k < v.size(); k += 2) {
                              int hi = hexValue(static_cast<unsigned char>(v[k]));
                              int lo = hexValue(static_cast<unsigned char>(v[k + 1]));
                              if (hi < 0 || lo < 0) return out.appendNull();
                              scratch.push_back(static_cast<char>((hi << 4) | lo));
                            }
                            out.append(scratch);
                          });
                        },
                        true};
}

// Character.digit(ch, radix) for ASCII.
int digitOf(unsigned char ch, int radix) {
  int d = -1;
  if (ch >= '0' && ch <= '9') d = ch - '0';
  else if (ch >= 'a' && ch <= 'z') d = ch - 'a' + 10;
  else if (ch >= 'A' && ch <= 'Z') d = ch - 'A' + 10;
  return d < radix ? d : -1;
}

// Spark's NumberConverter.convert; false gives null.
bool convert(std::string_view s, int fromBase, int toBase, char (&buf)[72], std::string_view& result) {
  int toAbs = toBase < 0 ? -toBase : toBase;
  if (fromBase < 2 || fromBase > 36 || toAbs < 2 || toAbs > 36) return false;
  s = trimView(s);
  if (s.empty()) return false;
  bool negative = s[0] == '-';
  size_t i = negative ? 1 : 0;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    int d = digitOf(static_cast<unsigned char>(s[i]), fromBase);
    if (d < 0) break;
    auto next = static_cast<unsigned __int128>(v) * static_cast<unsigned>(fromBase) + static_cast<unsigned>(d);
    if (next > UINT64_MAX) {
      v = UINT64_MAX;
      break;
    }
    v = static_cast<uint64_t>(next);
  }
  if (negative && toBase > 0) {
    v = static_cast<int64_t>(v) < 0 ? UINT64_MAX : uint64_t{0} - v;
  }
  if (toBase < 0 && static_cast<int64_t>(v) < 0) {
    v = uint64_t{0} - v;
    negative = true;
  }
  char* end = buf + sizeof buf;
  char* p = end;
  do {
    *--p = kUpperDigits[v % static_cast<unsigned>(toAbs)];
    v /= static_cast<unsigned>(toAbs);
  } while (v != 0);
  if (negative && toBase < 0) *--p = '-';
  result = {p, static_cast<size_t>(end - p)};
  return true;
}

Result<ResolvedScalar> resolveConv(std::vector<BoundExprPtr>& args) {
  SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::string()));
  for (size_t k = 1; k < 3; ++k) {
    if (!castsToNumber(*args[k]->type())) {
      return Status::TypeError("conv expects an integer base, but {} is {}", args[k]->toString(),
                               args[k]->type()->simpleString());
    }
    SPATE_ASSIGN_OR_RETURN(args[k], makeCast(args[k], DataType::int_()));
  }
  return ResolvedScalar{DataType::string(), true,
                        [](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                          StringArg s(*c[0]);
                          FixedArg<int32_t> from(*c[1]), to(*c[2]);
                          char buf[72];
                          return buildStrings(n, DataType::string(), c, [&](int64_t i, StringColumnBuilder& out) {
                            std::string_view result;
                            if (convert(s[i], from[i], to[i], buf, result)) {
                              out.append(result);
                            } else {
                              out.appendNull();
                            }
                          });
                        },
                        true};
}

enum class Shift { kLeft, kRight, kRightUnsigned };

// Java's shifts: the count is taken modulo the width, >>> shifts in zeros.
template <typename T>
T shiftValue(T x, int32_t count, Shift kind) {
  using U = std::make_unsigned_t<T>;
  constexpr int kMask = sizeof(T) * 8 - 1;
  int s = count & kMask;
  switch (kind) {
    case Shift::kLeft: return static_cast<T>(static_cast<U>(x) << s);
    case Shift::kRight: return static_cast<T>(x >> s);
    case Shift::kRightUnsigned: return static_cast<T>(static_cast<U>(x) >> s);
  }
  return x;
}

ScalarResolver shiftResolver(const char* name, Shift kind) {
  return [name, kind](std::vector<BoundExprPtr>& args) -> Result<ResolvedScalar> {
    for (const auto& a : args) {
      if (!castsToNumber(*a->type())) {
        return Status::TypeError("{} expects integral arguments, but {} is {}", name, a->toString(),
                                 a->type()->simpleString());
      }
    }
    TypePtr t = args[0]->type()->id() == TypeId::kLong ? DataType::long_() : DataType::int_();
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], t));
    SPATE_ASSIGN_OR_RETURN(args[1], makeCast(args[1], DataType::int_()));
    return ResolvedScalar{t, true,
                          [t, kind](const std::vector<ColumnPtr>& c, int64_t n, EvalContext&) -> Result<ColumnPtr> {
                            if (t->id() == TypeId::kLong) {
                              return binaryFixed<int64_t, int64_t, int32_t>(
                                  c[0], c[1], t, n, [kind](int64_t x, int32_t s) { return shiftValue(x, s, kind); });
                            }
                            return binaryFixed<int32_t, int32_t, int32_t>(
                                c[0], c[1], t, n, [kind](int32_t x, int32_t s) { return shiftValue(x, s, kind); });
                          },
                          true};
  };
}

}  // namespace

void registerMathRadixFunctions(FunctionRegistry& r) {
  r.addScalar({"bin", 1, 1, resolveBin});
  r.addScalar({"hex", 1, 1, resolveHex});
  r.addScalar({"unhex", 1, 1, resolveUnhex});
  r.addScalar({"conv", 3, 3, resolveConv});
  r.addScalar({"shiftleft", 2, 2, shiftResolver("shiftleft", Shift::kLeft)});
  r.addScalar({"shiftright", 2, 2, shiftResolver("shiftright", Shift::kRight)});
  r.addScalar({"shiftrightunsigned", 2, 2, shiftResolver("shiftrightunsigned", Shift::kRightUnsigned)});
}

}  // namespace spate
