#include "spate/types/value.h"

#include <cmath>

#include <fmt/format.h>

#include "spate/common/datetime.h"

namespace spate {

Value::Int128 pow10i128(int n) {
  Value::Int128 r = 1;
  for (int i = 0; i < n; ++i) r *= 10;
  return r;
}

std::string formatDecimal(Value::Int128 unscaled, int scale) {
  bool neg = unscaled < 0;
  unsigned __int128 u = neg ? static_cast<unsigned __int128>(-(unscaled + 1)) + 1 : static_cast<unsigned __int128>(unscaled);
  std::string digits;
  do {
    digits.insert(digits.begin(), static_cast<char>('0' + static_cast<int>(u % 10)));
    u /= 10;
  } while (u);
  if (scale > 0) {
    while (static_cast<int>(digits.size()) <= scale) digits.insert(digits.begin(), '0');
    digits.insert(digits.end() - scale, '.');
  }
  return neg ? "-" + digits : digits;
}

double Value::toDouble(int decimalScale) const {
  if (auto* i = std::get_if<int64_t>(&v_)) return static_cast<double>(*i);
  if (auto* d = std::get_if<double>(&v_)) return *d;
  if (auto* b = std::get_if<bool>(&v_)) return *b ? 1.0 : 0.0;
  if (auto* x = std::get_if<Int128>(&v_)) return static_cast<double>(*x) / std::pow(10.0, decimalScale);
  return std::nan("");
}

namespace {

// Java's Double.toString shape, which Spark's show() uses: 1.0, 0.1, 1.0E10, NaN, Infinity.
std::string formatDouble(double v, bool isFloat) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "Infinity" : "-Infinity";
  if (v == 0) return std::signbit(v) ? "-0.0" : "0.0";
  double a = std::fabs(v);
  std::string s;
  if (a >= 1e-3 && a < 1e7) {
    s = isFloat ? fmt::format("{}", static_cast<float>(v)) : fmt::format("{}", v);
    if (s.find('e') != std::string::npos) s = fmt::format("{:f}", v);
    if (s.find('.') == std::string::npos) s += ".0";
    return s;
  }
  // Scientific: shortest digits, mantissa with at least one fractional digit.
  s = isFloat ? fmt::format("{:e}", static_cast<float>(v)) : fmt::format("{}", v);
  std::string shortest = isFloat ? fmt::format("{}", static_cast<float>(v)) : fmt::format("{}", v);
  auto epos = shortest.find('e');
  std::string mant, exp;
  if (epos == std::string::npos) {
    // fmt chose fixed notation; convert to scientific ourselves.
    int e = static_cast<int>(std::floor(std::log10(a)));
    double m = v / std::pow(10.0, e);
    mant = fmt::format("{}", m);
    exp = std::to_string(e);
  } else {
    mant = shortest.substr(0, epos);
    exp = shortest.substr(epos + 1);
    if (!exp.empty() && exp[0] == '+') exp.erase(0, 1);
    while (exp.size() > 1 && exp[0] == '0') exp.erase(0, 1);
    if (exp.size() > 2 && exp[0] == '-' && exp[1] == '0') exp.erase(1, 1);
  }
  if (mant.find('.') == std::string::npos) mant += ".0";
  return mant + "E" + exp;
}

}  // namespace

std::string Value::toString(const DataType& type) const {
  if (isNull()) return "null";
  switch (type.id()) {
    case TypeId::kNull: return "null";
    case TypeId::kBoolean: return asBool() ? "true" : "false";
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong: return std::to_string(asInt());
    case TypeId::kFloat: return formatDouble(asDouble(), true);
    case TypeId::kDouble: return formatDouble(asDouble(), false);
    case TypeId::kDecimal: return formatDecimal(asDecimal(), type.scale());
    case TypeId::kString: return asString();
    case TypeId::kBinary: {
      std::string out = "[";
      const auto& s = asString();
      for (size_t i = 0; i < s.size(); ++i) {
        if (i) out += ' ';
        out += fmt::format("{:02X}", static_cast<unsigned char>(s[i]));
      }
      return out + "]";
    }
    case TypeId::kDate: return formatDate(static_cast<int32_t>(asInt()));
    case TypeId::kTimestamp: return formatTimestamp(asInt());
    case TypeId::kInterval: return formatInterval(asInt());
    case TypeId::kArray: {
      std::string out = "[";
      const auto& items = asList();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i].toString(*type.elementType());
      }
      return out + "]";
    }
    case TypeId::kMap: {
      std::string out = "{";
      const auto& m = asMap();
      for (size_t i = 0; i < m.keys.size(); ++i) {
        if (i) out += ", ";
        out += m.keys[i].toString(*type.keyType()) + " -> " + m.values[i].toString(*type.valueType());
      }
      return out + "}";
    }
    case TypeId::kStruct: {
      std::string out = "{";
      const auto& items = asList();
      for (size_t i = 0; i < items.size(); ++i) {
        if (i) out += ", ";
        out += items[i].toString(*type.fields()[i].type);
      }
      return out + "}";
    }
  }
  return "?";
}

}  // namespace spate
