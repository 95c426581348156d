#include "spate/io/value_text.h"

#include <charconv>
#include <cmath>
#include <cstring>
#include <limits>

#include "spate/types/value.h"

namespace spate {

bool parseJavaLong(std::string_view s, int64_t& out) {
  if (s.empty()) return false;
  const char* b = s.data();
  const char* e = b + s.size();
  if (*b == '+') {
    ++b;
    if (b == e || *b < '0' || *b > '9') return false;
  } else if (*b == '-' && (s.size() == 1 || b[1] < '0' || b[1] > '9')) {
    return false;
  }
  auto [ptr, ec] = std::from_chars(b, e, out);
  return ec == std::errc() && ptr == e;
}

namespace {
inline bool isJavaSpace(char c) { return static_cast<unsigned char>(c) <= ' '; }
}  // namespace

bool parseJavaDouble(std::string_view s, double& out) {
  while (!s.empty() && isJavaSpace(s.front())) s.remove_prefix(1);
  while (!s.empty() && isJavaSpace(s.back())) s.remove_suffix(1);
  if (s.empty()) return false;
  bool neg = false;
  std::string_view body = s;
  if (body[0] == '+' || body[0] == '-') {
    neg = body[0] == '-';
    body.remove_prefix(1);
  }
  if (body == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
    return true;
  }
  if (body == "Infinity") {
    out = neg ? -std::numeric_limits<double>::infinity() : std::numeric_limits<double>::infinity();
    return true;
  }
  if (body.empty() || !((body[0] >= '0' && body[0] <= '9') || body[0] == '.')) return false;
  char last = body.back();
  if (last == 'd' || last == 'D' || last == 'f' || last == 'F') body.remove_suffix(1);
  if (body.empty()) return false;
  auto [ptr, ec] = std::from_chars(body.data(), body.data() + body.size(), out);
  if (ptr != body.data() + body.size()) return false;
  if (ec == std::errc::result_out_of_range) {
    // Java rounds overflow to infinity and underflow to zero rather than failing.
    size_t e = body.find_first_of("eE");
    bool small = e != std::string_view::npos && e + 1 < body.size() && body[e + 1] == '-';
    out = small ? 0.0 : std::numeric_limits<double>::infinity();
  } else if (ec != std::errc()) {
    return false;
  }
  if (neg) out = -out;
  return true;
}

bool parseJavaBoolean(std::string_view s, bool& out) {
  if (s.size() == 4 && (s[0] | 0x20) == 't' && (s[1] | 0x20) == 'r' && (s[2] | 0x20) == 'u' && (s[3] | 0x20) == 'e') {
    out = true;
    return true;
  }
  if (s.size() == 5 && (s[0] | 0x20) == 'f' && (s[1] | 0x20) == 'a' && (s[2] | 0x20) == 'l' &&
      (s[3] | 0x20) == 's' && (s[4] | 0x20) == 'e') {
    out = false;
    return true;
  }
  return false;
}

bool scanDecimalText(std::string_view s, DecimalText& d) {
  size_t i = 0, n = s.size();
  d = DecimalText{};
  if (i < n && (s[i] == '+' || s[i] == '-')) d.negative = s[i++] == '-';
  size_t intStart = i;
  while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
  size_t intEnd = i;
  size_t fracStart = i, fracEnd = i;
  if (i < n && s[i] == '.') {
    fracStart = ++i;
    while (i < n && s[i] >= '0' && s[i] <= '9') ++i;
    fracEnd = i;
  }
  if (intEnd == intStart && fracEnd == fracStart) return false;
  if (i < n && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    size_t expStart = i;
    if (i < n && (s[i] == '+' || s[i] == '-')) ++i;
    if (i == n) return false;
    const char* b = s.data() + expStart + (s[expStart] == '+' ? 1 : 0);
    auto [ptr, ec] = std::from_chars(b, s.data() + n, d.exponent);
    if (ec != std::errc() || ptr != s.data() + n || d.exponent > 100000 || d.exponent < -100000) return false;
    i = n;
  }
  if (i != n) return false;
  while (intStart < intEnd && s[intStart] == '0') ++intStart;
  d.intDigits = s.substr(intStart, intEnd - intStart);
  d.fracDigits = s.substr(fracStart, fracEnd - fracStart);
  return true;
}

int DecimalText::scale() const { return static_cast<int>(static_cast<int64_t>(fracDigits.size()) - exponent); }

int DecimalText::precision() const {
  // BigDecimal's precision counts the digits of the unscaled value (at least 1).
  std::string_view digits = intDigits;
  size_t lead = 0;
  if (digits.empty()) {
    while (lead < fracDigits.size() && fracDigits[lead] == '0') ++lead;
    size_t n = fracDigits.size() - lead;
    return n == 0 ? 1 : static_cast<int>(n);
  }
  return static_cast<int>(intDigits.size() + fracDigits.size());
}

bool decimalTextToUnscaled(const DecimalText& d, int precision, int scale, __int128& out) {
  // value = digits(int ++ frac) * 10^(exponent - |frac|); unscaled = value * 10^scale.
  int64_t shift = d.exponent - static_cast<int64_t>(d.fracDigits.size()) + scale;
  const __int128 limit = pow10i128(precision);
  __int128 v = 0;
  int64_t total = static_cast<int64_t>(d.intDigits.size() + d.fracDigits.size());
  // Digits kept: all but the last -shift ones when shift < 0.
  int64_t keep = shift < 0 ? total + shift : total;
  int roundDigit = 0;
  for (int64_t k = 0; k < total; ++k) {
    char c = k < static_cast<int64_t>(d.intDigits.size()) ? d.intDigits[static_cast<size_t>(k)]
                                                          : d.fracDigits[static_cast<size_t>(k) - d.intDigits.size()];
    if (k < keep) {
      v = v * 10 + (c - '0');
      if (v >= limit) return false;
    } else {
      if (k == keep) roundDigit = c - '0';
      if (k >= keep) break;
    }
  }
  if (shift > 0) {
    for (int64_t k = 0; k < shift && v != 0; ++k) {
      v *= 10;
      if (v >= limit) return false;
    }
  }
  if (roundDigit >= 5) ++v;
  if (v >= limit) return false;
  out = d.negative ? -v : v;
  return true;
}

bool parseDecimalText(std::string_view s, int precision, int scale, __int128& out) {
  DecimalText d;
  return scanDecimalText(s, d) && decimalTextToUnscaled(d, precision, scale, out);
}

void appendInt64Text(std::string& out, int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, static_cast<size_t>(r.ptr - buf));
}

void appendDecimalText(std::string& out, __int128 unscaled, int scale) { out += formatDecimal(unscaled, scale); }

bool decodeBase64(std::string_view in, std::string& out) {
  out.clear();
  uint32_t acc = 0;
  int bitsHeld = 0;
  size_t pad = 0;
  for (char c : in) {
    int v;
    if (c >= 'A' && c <= 'Z') v = c - 'A';
    else if (c >= 'a' && c <= 'z') v = c - 'a' + 26;
    else if (c >= '0' && c <= '9') v = c - '0' + 52;
    else if (c == '+' || c == '-') v = 62;
    else if (c == '/' || c == '_') v = 63;
    else if (c == '=') {
      ++pad;
      continue;
    } else if (c == '\n' || c == '\r') {
      continue;
    } else {
      return false;
    }
    if (pad) return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bitsHeld += 6;
    if (bitsHeld >= 8) {
      bitsHeld -= 8;
      out.push_back(static_cast<char>((acc >> bitsHeld) & 0xFF));
    }
  }
  return pad <= 2;
}

}  // namespace spate
