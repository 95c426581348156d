// base64, unbase64 and format_number.
//
// format_number follows java.text.DecimalFormat as Spark uses it (US symbols,
// HALF_EVEN): a double is formatted from its shortest round-trip digits (so 1e23 prints
// as 100,000,000,000,000,000,000,000 like Java, not as its exact binary value), and a
// tie in those digits is broken by the exact binary value, as JDK 8+ does. A format
// string second argument supports DecimalFormat's digit patterns ('#', '0', ',', '.')
// with literal prefix/suffix text; quotes, '%', exponents and ';' sub-patterns are
// rejected.

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>

#include "spate/expr/cast.h"
#include "spate/expr/kernels.h"
#include "spate/expr/string_functions.h"
#include "spate/expr/string_util.h"

namespace spate {

namespace {

using Args = std::vector<BoundExprPtr>;
using Cols = std::vector<ColumnPtr>;

// ---- base64 -----------------------------------------------------------------------------

constexpr char kBase64Chars[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void encodeBase64(Buffer& out, std::string_view in) {
  char* o = beginAppend(out, static_cast<int64_t>((in.size() + 2) / 3 * 4));
  const auto* p = reinterpret_cast<const uint8_t*>(in.data());
  size_t i = 0, n = in.size();
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{p[i]} << 16) | (uint32_t{p[i + 1]} << 8) | p[i + 2];
    *o++ = kBase64Chars[(v >> 18) & 63];
    *o++ = kBase64Chars[(v >> 12) & 63];
    *o++ = kBase64Chars[(v >> 6) & 63];
    *o++ = kBase64Chars[v & 63];
  }
  if (i < n) {
    uint32_t v = uint32_t{p[i]} << 16;
    if (i + 1 < n) v |= uint32_t{p[i + 1]} << 8;
    *o++ = kBase64Chars[(v >> 18) & 63];
    *o++ = kBase64Chars[(v >> 12) & 63];
    *o++ = i + 1 < n ? kBase64Chars[(v >> 6) & 63] : '=';
    *o++ = '=';
  }
  endAppend(out, o);
}

struct Base64Table {
  int8_t value[256];
  Base64Table() {
    for (int c = 0; c < 256; ++c) value[c] = -1;
    for (int c = 0; c < 64; ++c) value[static_cast<uint8_t>(kBase64Chars[c])] = static_cast<int8_t>(c);
    value[static_cast<uint8_t>('-')] = 62;  // URL-safe alphabet, accepted as commons-codec does
    value[static_cast<uint8_t>('_')] = 63;
  }
};

// Lenient decoding as Spark's (commons-codec) decodeBase64: characters outside the
// alphabet are skipped, decoding stops at the first '=', and a trailing lone character
// is dropped. Never fails.
void decodeBase64(Buffer& out, std::string_view in) {
  static const Base64Table table;
  char* o = beginAppend(out, static_cast<int64_t>(in.size() / 4 * 3 + 3));
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    if (c == '=') break;
    int8_t v = table.value[static_cast<uint8_t>(c)];
    if (v < 0) continue;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      *o++ = static_cast<char>((acc >> bits) & 0xFF);
    }
  }
  endAppend(out, o);
}

Result<ResolvedScalar> resolveBase64(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToBinary("base64", args, 0));
  return scalarResult(
      DataType::string(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        return buildStrings(n, DataType::string(), a, [&](int64_t i, StringColumnBuilder& out) {
          encodeBase64(out.dataBuffer(), s[i]);
          out.commit();
        });
      },
      args[0]->nullable());
}

Result<ResolvedScalar> resolveUnbase64(Args& args) {
  SPATE_RETURN_IF_ERROR(coerceArgToString("unbase64", args, 0));
  return scalarResult(
      DataType::binary(),
      [](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        StringArg s(*a[0]);
        return buildStrings(n, DataType::binary(), a, [&](int64_t i, StringColumnBuilder& out) {
          decodeBase64(out.dataBuffer(), s[i]);
          out.commit();
        });
      },
      args[0]->nullable());
}

// ---- format_number ----------------------------------------------------------------------

// A number as decimal digits: value = 0.digits * 10^point, so digits[0, point) is the
// integer part. A double keeps its shortest round-trip digits and, for breaking a tie in
// them, the value itself. The digit string is reused across rows.
struct Digits {
  bool negative = false;
  std::string digits;
  int point = 0;
  bool fromDouble = false;
  double value = 0;
};

void stripZeros(Digits& d) {
  size_t lead = 0;
  while (lead < d.digits.size() && d.digits[lead] == '0') ++lead;
  d.digits.erase(0, lead);
  d.point -= static_cast<int>(lead);
  while (!d.digits.empty() && d.digits.back() == '0') d.digits.pop_back();
  if (d.digits.empty()) d.point = 0;
}

// "d.ddde+XX" (std::to_chars / printf %e) into d's digits and point.
void parseScientific(std::string_view s, Digits& d) {
  d.digits.clear();
  size_t e = s.find('e');
  for (size_t k = 0; k < e; ++k) {
    if (s[k] >= '0' && s[k] <= '9') d.digits.push_back(s[k]);
  }
  int exp = 0;
  std::from_chars(s.data() + e + (s[e + 1] == '+' ? 2 : 1), s.data() + s.size(), exp);
  d.point = exp + 1;
  stripZeros(d);
}

void digitsOfDouble(double x, Digits& d) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, std::fabs(x), std::chars_format::scientific);
  parseScientific(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), d);
  d.negative = std::signbit(x);
  d.fromDouble = true;
  d.value = std::fabs(x);
}

// How the exact binary value of d.value compares with d's (shortest) digits.
int compareExact(const Digits& d) {
  char buf[800];  // a double's exact value has at most 767 significant digits
  int len = std::snprintf(buf, sizeof buf, "%.767e", d.value);
  Digits exact;
  parseScientific(std::string_view(buf, static_cast<size_t>(len)), exact);
  if (exact.point != d.point) return exact.point < d.point ? -1 : 1;
  int c = exact.digits.compare(d.digits);
  return c < 0 ? -1 : (c > 0 ? 1 : 0);
}

void digitsOfInteger(__int128 v, int scale, Digits& d) {
  d.negative = v < 0;
  d.fromDouble = false;
  d.digits.clear();
  auto u = static_cast<unsigned __int128>(d.negative ? -v : v);
  do {
    d.digits.push_back(static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u != 0);
  std::reverse(d.digits.begin(), d.digits.end());
  d.point = static_cast<int>(d.digits.size()) - scale;
  stripZeros(d);
}

// DecimalFormat's HALF_EVEN rounding to maxFrac fraction digits. A 5 that ends a
// double's shortest digits is a tie only if the exact value is that 5 (JDK 8+).
void roundHalfEven(Digits& d, int maxFrac) {
  int keep = d.point + maxFrac;
  auto size = static_cast<int>(d.digits.size());
  if (keep >= size) return;
  if (keep < 0) {
    d.digits.clear();
    d.point = 0;
    return;
  }
  char next = d.digits[static_cast<size_t>(keep)];
  bool up;
  int exact = 0;
  if (next != '5') {
    up = next > '5';
  } else if (keep + 1 < size) {
    up = true;  // digits after the 5 are never all zeros (trailing zeros are stripped)
  } else if (d.fromDouble && (exact = compareExact(d)) != 0) {
    up = exact > 0;
  } else {
    up = keep > 0 && (d.digits[static_cast<size_t>(keep - 1)] - '0') % 2 == 1;
  }
  d.digits.resize(static_cast<size_t>(keep));
  if (up) {
    int k = keep - 1;
    while (k >= 0 && d.digits[static_cast<size_t>(k)] == '9') d.digits[static_cast<size_t>(k--)] = '0';
    if (k >= 0) {
      ++d.digits[static_cast<size_t>(k)];
    } else {
      d.digits.insert(d.digits.begin(), '1');
      ++d.point;
    }
  }
  stripZeros(d);
}

struct NumberPattern {
  std::string prefix, suffix;
  int minInt = 1;
  int minFrac = 0;
  int maxFrac = 0;
  int grouping = 3;  // 0: none
};

// More fraction digits than any number has (Java stops at 340 for doubles), still a
// sane string length.
constexpr int32_t kMaxDecimals = 100000;

NumberPattern fixedDecimals(int d) {
  NumberPattern p;
  p.minFrac = p.maxFrac = d;
  return p;
}

Result<NumberPattern> parseNumberPattern(std::string_view s) {
  if (s.empty()) return fixedDecimals(0);
  auto isPatternChar = [](char c) { return c == '#' || c == '0' || c == ',' || c == '.'; };
  size_t b = 0;
  while (b < s.size() && !isPatternChar(s[b])) ++b;
  size_t e = b;
  while (e < s.size() && isPatternChar(s[e])) ++e;
  NumberPattern p;
  p.prefix = std::string(s.substr(0, b));
  p.suffix = std::string(s.substr(e));
  bool exponent = e < s.size() && s[e] == 'E';
  for (char c : p.prefix + p.suffix) {
    if (exponent || c == '\'' || c == ';' || c == '%' || c == '0' || c == '#') {
      return Status::Invalid("format_number(): unsupported format pattern '{}'", s);
    }
  }
  std::string_view body = s.substr(b, e - b);
  size_t dot = body.find('.');
  std::string_view intPart = body.substr(0, dot);
  std::string_view fracPart = dot == std::string_view::npos ? std::string_view() : body.substr(dot + 1);
  if (fracPart.find_first_of(".,") != std::string_view::npos || body.empty()) {
    return Status::Invalid("format_number(): malformed format pattern '{}'", s);
  }
  p.minInt = static_cast<int>(std::count(intPart.begin(), intPart.end(), '0'));
  size_t comma = intPart.rfind(',');
  p.grouping = comma == std::string_view::npos ? 0 : static_cast<int>(intPart.size() - comma - 1);
  p.minFrac = static_cast<int>(std::count(fracPart.begin(), fracPart.end(), '0'));
  p.maxFrac = static_cast<int>(fracPart.size());
  return p;
}

void appendFormatted(Buffer& out, Digits& d, const NumberPattern& p) {
  roundHalfEven(d, p.maxFrac);
  auto len = static_cast<int>(d.digits.size());
  // The digit of weight 10^e.
  auto digitAt = [&](int e) {
    int k = d.point - 1 - e;
    return k >= 0 && k < len ? d.digits[static_cast<size_t>(k)] : '0';
  };
  int intWidth = std::max(std::max(d.point, 0), p.minInt);
  int fracWidth = std::max(len > d.point ? len - d.point : 0, p.minFrac);
  if (intWidth == 0 && fracWidth == 0) intWidth = 1;
  if (d.negative) appendBytes(out, "-");
  appendBytes(out, p.prefix);
  for (int e = intWidth - 1; e >= 0; --e) {
    char c = digitAt(e);
    out.append(&c, 1);
    if (p.grouping > 0 && e > 0 && e % p.grouping == 0) appendBytes(out, ",");
  }
  if (fracWidth > 0) {
    appendBytes(out, ".");
    for (int e = -1; e >= -fracWidth; --e) {
      char c = digitAt(e);
      out.append(&c, 1);
    }
  }
  appendBytes(out, p.suffix);
}

// The digits of row i of a numeric column; false for NaN / infinity, which are written
// directly.
bool digitsAt(const Column& c, int64_t i, Digits& d, Buffer& out) {
  switch (c.typeId()) {
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double x = c.typeId() == TypeId::kFloat ? c.valueAt<float>(i) : c.valueAt<double>(i);
      if (std::isnan(x)) {
        appendBytes(out, "NaN");
        return false;
      }
      if (std::isinf(x)) {
        appendBytes(out, x < 0 ? "-\xE2\x88\x9E" : "\xE2\x88\x9E");
        return false;
      }
      digitsOfDouble(x, d);
      return true;
    }
    case TypeId::kDecimal: digitsOfInteger(c.valueAt<__int128>(i), c.type()->scale(), d); return true;
    default:
      dispatchFixedWidth(c.typeId(), [&]<typename T>() {
        digitsOfInteger(static_cast<__int128>(static_cast<int64_t>(c.valueAt<T>(i))), 0, d);
      });
      return true;
  }
}

// format_number(x, d): x rounded HALF_EVEN to d decimals with ',' grouping ("#,##0.00"),
// null for d < 0; or format_number(x, pattern) with a DecimalFormat pattern.
Result<ResolvedScalar> resolveFormatNumber(Args& args) {
  TypeId xt = args[0]->type()->id();
  if (xt == TypeId::kNull) {
    SPATE_ASSIGN_OR_RETURN(args[0], makeCast(args[0], DataType::double_()));
  } else if (!args[0]->type()->isNumeric()) {
    return argTypeError("format_number", 0, "a number", args[0]);
  }
  bool patternArg = args[1]->type()->id() == TypeId::kString;
  if (!patternArg) SPATE_RETURN_IF_ERROR(coerceArgToInt("format_number", args, 1));
  std::shared_ptr<NumberPattern> fixed;
  if (const std::string* lit = literalString(args[1])) {
    SPATE_ASSIGN_OR_RETURN(NumberPattern p, parseNumberPattern(*lit));
    fixed = std::make_shared<NumberPattern>(std::move(p));
  }
  return scalarResult(
      DataType::string(),
      [patternArg, fixed](const Cols& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
        const Column& x = *a[0];
        const Column& d = *a[1];
        StringColumnBuilder out(DataType::string(), n, n * 16);
        NumberPattern pattern = fixed ? *fixed : fixedDecimals(0);
        std::string lastPattern;
        bool havePattern = false;
        int lastDecimals = -1;
        Digits digits;
        for (int64_t i = 0; i < n; ++i) {
          if (x.isNull(i) || d.isNull(i)) {
            out.appendNull();
            continue;
          }
          if (!fixed) {
            if (patternArg) {
              std::string_view ps = d.stringAt(i);
              if (!havePattern || ps != lastPattern) {
                SPATE_ASSIGN_OR_RETURN(pattern, parseNumberPattern(ps));
                lastPattern.assign(ps);
                havePattern = true;
              }
            } else {
              int32_t decimals = d.valueAt<int32_t>(i);
              if (decimals < 0) {
                out.appendNull();
                continue;
              }
              if (decimals > kMaxDecimals) return stringTooLong("format_number", decimals);
              if (decimals != lastDecimals) pattern = fixedDecimals(decimals);
              lastDecimals = decimals;
            }
          }
          if (digitsAt(x, i, digits, out.dataBuffer())) appendFormatted(out.dataBuffer(), digits, pattern);
          out.commit();
        }
        return out.finish();
      });
}

}  // namespace

void registerStringFormatFunctions(FunctionRegistry& r) {
  r.addScalar({"base64", 1, 1, resolveBase64});
  r.addScalar({"unbase64", 1, 1, resolveUnbase64});
  r.addScalar({"format_number", 2, 2, resolveFormatNumber});
}

}  // namespace spate
