#include "spate/common/json_text.h"

#include <charconv>
#include <cmath>
#include <string>

namespace spate {

void appendJsonString(std::string& out, std::string_view s) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  out += '"';
  size_t run = 0;  // start of the pending run of characters that need no escape
  for (size_t i = 0; i < s.size(); ++i) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c >= 0x20 && c != '"' && c != '\\') continue;
    out.append(s.data() + run, i - run);
    run = i + 1;
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        out += "\\u00";
        out += kHex[c >> 4];
        out += kHex[c & 15];
    }
  }
  out.append(s.data() + run, s.size() - run);
  out += '"';
}

namespace {

// Java's Double.toString layout from the shortest round-trip digits: plain notation
// for 1e-3 <= |v| < 1e7, else d.dddE<exp>; always a fractional digit.
template <typename F>
void appendJavaNumber(std::string& out, F v) {
  if (std::isnan(v)) {
    out += "NaN";
    return;
  }
  if (std::isinf(v)) {
    out += v > 0 ? "Infinity" : "-Infinity";
    return;
  }
  if (v == 0) {
    out += std::signbit(v) ? "-0.0" : "0.0";
    return;
  }
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v, std::chars_format::scientific);
  std::string_view s(buf, static_cast<size_t>(res.ptr - buf));
  if (s[0] == '-') {
    out += '-';
    s.remove_prefix(1);
  }
  size_t epos = s.find('e');
  char digits[32];
  size_t len = 0;
  for (size_t i = 0; i < epos; ++i) {
    if (s[i] != '.') digits[len++] = s[i];
  }
  std::string_view expText = s.substr(epos + 1);
  bool negExp = expText[0] == '-';
  if (expText[0] == '+' || expText[0] == '-') expText.remove_prefix(1);
  int exp = 0;
  std::from_chars(expText.data(), expText.data() + expText.size(), exp);
  if (negExp) exp = -exp;
  double a = std::fabs(static_cast<double>(v));
  std::string_view d(digits, len);
  if (a >= 1e-3 && a < 1e7) {
    int point = exp + 1;  // digits before the decimal point
    if (point <= 0) {
      out += "0.";
      out.append(static_cast<size_t>(-point), '0');
      out += d;
    } else if (static_cast<size_t>(point) >= len) {
      out += d;
      out.append(static_cast<size_t>(point) - len, '0');
      out += ".0";
    } else {
      out += d.substr(0, static_cast<size_t>(point));
      out += '.';
      out += d.substr(static_cast<size_t>(point));
    }
    return;
  }
  out += d[0];
  out += '.';
  if (len > 1) out += d.substr(1);
  else out += '0';
  out += 'E';
  out += std::to_string(exp);
}

template <typename F>
void appendJsonNumber(std::string& out, F v) {
  bool quote = !std::isfinite(v);
  if (quote) out += '"';
  appendJavaNumber(out, v);
  if (quote) out += '"';
}

}  // namespace

void appendJavaDouble(std::string& out, double v) { appendJavaNumber(out, v); }
void appendJavaFloat(std::string& out, float v) { appendJavaNumber(out, v); }
void appendJsonDouble(std::string& out, double v) { appendJsonNumber(out, v); }
void appendJsonFloat(std::string& out, float v) { appendJsonNumber(out, v); }

}  // namespace spate
