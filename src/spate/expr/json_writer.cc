#include "spate/expr/json_writer.h"

#include <charconv>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "spate/common/datetime.h"

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

template <typename T>
void appendInteger(std::string& out, T v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}

// Jackson writes NaN and the infinities as strings (WRITE_NAN_AS_STRINGS).
template <typename F>
void appendJsonFloating(std::string& out, F v) {
  bool quote = !std::isfinite(v);
  if (quote) out += '"';
  appendJavaNumber(out, v);
  if (quote) out += '"';
}

}  // namespace

void appendJavaDouble(std::string& out, double v) { appendJavaNumber(out, v); }
void appendJavaFloat(std::string& out, float v) { appendJavaNumber(out, v); }

void appendJsonTimestamp(std::string& out, int64_t micros) {
  int64_t days = floorDiv(micros, kMicrosPerDay);
  int64_t rem = micros - days * kMicrosPerDay;
  CivilDate d = civilFromDays(days);
  fmt::format_to(std::back_inserter(out), "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z", d.year, d.month, d.day,
                 rem / kMicrosPerHour, rem / kMicrosPerMinute % 60, rem / kMicrosPerSecond % 60,
                 rem % kMicrosPerSecond / 1000);
}

void appendBase64(std::string& out, std::string_view bytes) {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  size_t i = 0;
  auto b = [&](size_t k) { return static_cast<uint32_t>(static_cast<unsigned char>(bytes[k])); };
  for (; i + 3 <= bytes.size(); i += 3) {
    uint32_t v = b(i) << 16 | b(i + 1) << 8 | b(i + 2);
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += kAlphabet[v & 63];
  }
  if (i + 1 == bytes.size()) {
    uint32_t v = b(i) << 16;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += "==";
  } else if (i + 2 == bytes.size()) {
    uint32_t v = b(i) << 16 | b(i + 1) << 8;
    out += kAlphabet[v >> 18];
    out += kAlphabet[(v >> 12) & 63];
    out += kAlphabet[(v >> 6) & 63];
    out += '=';
  }
}

struct JsonWriter::Node {
  TypePtr type;
  TypeId id = TypeId::kNull;
  std::vector<Node> children;
  std::vector<std::string> keys;  // struct fields: "\"name\":"

  explicit Node(const TypePtr& t) : type(t), id(t->id()) {
    for (const auto& f : t->fields()) {
      children.emplace_back(f.type);
      if (id == TypeId::kStruct) {
        std::string k;
        appendJsonString(k, f.name);
        keys.push_back(k + ":");
      }
    }
  }
};

namespace {

void writeMapKey(const Column& keys, int64_t i, std::string& out) {
  switch (keys.typeId()) {
    case TypeId::kString: appendJsonString(out, keys.stringAt(i)); return;
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kShort:
    case TypeId::kByte: {
      out += '"';
      appendInteger(out, keys.valueAt(i).asInt());
      out += '"';
      return;
    }
    default: appendJsonString(out, keys.valueAt(i).toString(*keys.type())); return;
  }
}

void writeValue(const JsonWriter::Node& node, const Column& c, int64_t i, bool ignoreNulls, std::string& out);

void writeStruct(const JsonWriter::Node& node, const std::vector<ColumnPtr>& fields, int64_t row, bool ignoreNulls,
                 std::string& out) {
  out += '{';
  bool first = true;
  for (size_t f = 0; f < fields.size(); ++f) {
    const Column& fc = *fields[f];
    if (fc.isNull(row) && ignoreNulls) continue;
    if (!first) out += ',';
    first = false;
    out += node.keys[f];
    writeValue(node.children[f], fc, row, ignoreNulls, out);
  }
  out += '}';
}

void writeValue(const JsonWriter::Node& node, const Column& c, int64_t i, bool ignoreNulls, std::string& out) {
  if (c.isNull(i)) {
    out += "null";
    return;
  }
  switch (node.id) {
    case TypeId::kNull: out += "null"; return;
    case TypeId::kBoolean: out += c.boolAt(i) ? "true" : "false"; return;
    case TypeId::kByte: appendInteger(out, c.valueAt<int8_t>(i)); return;
    case TypeId::kShort: appendInteger(out, c.valueAt<int16_t>(i)); return;
    case TypeId::kInt: appendInteger(out, c.valueAt<int32_t>(i)); return;
    case TypeId::kLong: appendInteger(out, c.valueAt<int64_t>(i)); return;
    case TypeId::kFloat: appendJsonFloating(out, c.valueAt<float>(i)); return;
    case TypeId::kDouble: appendJsonFloating(out, c.valueAt<double>(i)); return;
    case TypeId::kDecimal: out += formatDecimal(c.valueAt<__int128>(i), node.type->scale()); return;
    case TypeId::kString: appendJsonString(out, c.stringAt(i)); return;
    case TypeId::kBinary:
      out += '"';
      appendBase64(out, c.stringAt(i));
      out += '"';
      return;
    case TypeId::kDate:
      out += '"';
      out += formatDate(c.valueAt<int32_t>(i));
      out += '"';
      return;
    case TypeId::kTimestamp:
      out += '"';
      appendJsonTimestamp(out, c.valueAt<int64_t>(i));
      out += '"';
      return;
    case TypeId::kInterval: appendJsonString(out, formatInterval(c.valueAt<int64_t>(i))); return;
    case TypeId::kArray: {
      out += '[';
      const Column& elems = *c.child(0);
      for (int32_t e = c.listBegin(i), end = c.listEnd(i), b = e; e < end; ++e) {
        if (e != b) out += ',';
        writeValue(node.children[0], elems, e, ignoreNulls, out);
      }
      out += ']';
      return;
    }
    case TypeId::kMap: {
      out += '{';
      const Column& keys = *c.child(0);
      const Column& values = *c.child(1);
      for (int32_t e = c.listBegin(i), end = c.listEnd(i), b = e; e < end; ++e) {
        if (e != b) out += ',';
        writeMapKey(keys, e, out);
        out += ':';
        writeValue(node.children[1], values, e, ignoreNulls, out);
      }
      out += '}';
      return;
    }
    case TypeId::kStruct: writeStruct(node, c.children(), c.isConstant() ? 0 : i, ignoreNulls, out); return;
  }
}

}  // namespace

JsonWriter::JsonWriter(const TypePtr& type, JsonWriteOptions options)
    : root_(std::make_unique<Node>(type)), options_(options) {}
JsonWriter::~JsonWriter() = default;
JsonWriter::JsonWriter(JsonWriter&&) noexcept = default;
JsonWriter& JsonWriter::operator=(JsonWriter&&) noexcept = default;

void JsonWriter::write(const Column& column, int64_t row, std::string& out) const {
  writeValue(*root_, column, row, options_.ignoreNullFields, out);
}

void JsonWriter::writeFields(const std::vector<ColumnPtr>& fields, int64_t row, std::string& out) const {
  writeStruct(*root_, fields, row, options_.ignoreNullFields, out);
}

}  // namespace spate
