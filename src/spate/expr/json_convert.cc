#include "spate/expr/json_convert.h"

#include <charconv>
#include <cmath>
#include <limits>
#include <unordered_map>

#include "spate/common/datetime.h"
#include "spate/expr/json_writer.h"

namespace spate {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

// Copies out of simdjson's result wrappers (a range-for over a temporary result would
// dangle).
simdjson::dom::array asArray(element v) {
  simdjson::dom::array a;
  a = v.get_array().value_unsafe();
  return a;
}
simdjson::dom::object asObject(element v) {
  simdjson::dom::object o;
  o = v.get_object().value_unsafe();
  return o;
}

// A decimal from text ("12.345", "-1e3") rounded HALF_UP to `scale`; false when it is
// not a number or needs more than `precision` digits.
bool decimalFromText(std::string_view s, int precision, int scale, __int128& out) {
  size_t i = 0;
  bool neg = false;
  if (i < s.size() && (s[i] == '-' || s[i] == '+')) {
    neg = s[i] == '-';
    ++i;
  }
  std::string digits;
  int fracDigits = 0;
  bool dot = false, anyDigit = false;
  for (; i < s.size(); ++i) {
    char c = s[i];
    if (c == '.' && !dot) {
      dot = true;
    } else if (c >= '0' && c <= '9') {
      anyDigit = true;
      if (!(digits.empty() && c == '0')) digits += c;
      if (dot) ++fracDigits;
    } else {
      break;
    }
  }
  if (!anyDigit) return false;
  int exponent = 0;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    bool negExp = i < s.size() && s[i] == '-';
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    auto res = std::from_chars(s.data() + i, s.data() + s.size(), exponent);
    if (res.ec != std::errc() || res.ptr == s.data() + i) return false;
    i = static_cast<size_t>(res.ptr - s.data());
    if (negExp) exponent = -exponent;
  }
  if (i != s.size()) return false;
  if (digits.empty()) {
    out = 0;
    return true;
  }
  auto len = static_cast<int64_t>(digits.size());
  int64_t shift = static_cast<int64_t>(exponent) - fracDigits + scale;
  __int128 v = 0;
  if (shift >= 0) {
    if (len + shift > precision) return false;
    for (char c : digits) v = v * 10 + (c - '0');
    for (int64_t k = 0; k < shift; ++k) v *= 10;
  } else {
    int64_t keep = len + shift;  // digits left of the rounding position
    if (keep > precision) return false;
    if (keep >= 0) {
      for (int64_t k = 0; k < keep; ++k) v = v * 10 + (digits[static_cast<size_t>(k)] - '0');
      if (keep < len && digits[static_cast<size_t>(keep)] >= '5') ++v;
    }
    if (v >= pow10i128(precision)) return false;
  }
  out = neg ? -v : v;
  return true;
}

bool decodeBase64(std::string_view s, std::string& out) {
  out.clear();
  uint32_t acc = 0;
  int bits = 0;
  for (char ch : s) {
    int v;
    if (ch >= 'A' && ch <= 'Z') v = ch - 'A';
    else if (ch >= 'a' && ch <= 'z') v = ch - 'a' + 26;
    else if (ch >= '0' && ch <= '9') v = ch - '0' + 52;
    else if (ch == '+' || ch == '-') v = 62;
    else if (ch == '/' || ch == '_') v = 63;
    else if (ch == '=' || ch == '\n' || ch == '\r') continue;
    else return false;
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return true;
}

bool specialFloating(std::string_view s, double& out) {
  if (s == "NaN") {
    out = std::numeric_limits<double>::quiet_NaN();
  } else if (s == "Infinity" || s == "+Infinity" || s == "+INF") {
    out = std::numeric_limits<double>::infinity();
  } else if (s == "-Infinity" || s == "-INF") {
    out = -std::numeric_limits<double>::infinity();
  } else {
    return false;
  }
  return true;
}

}  // namespace

struct JsonConverter::Node {
  TypePtr type;
  TypeId id;
  std::vector<Node> children;  // array: element; map: key, value; struct: fields
  // Structs: field lookup by JSON key, and per-record scratch (a node is never in use
  // twice at once: a type cannot contain itself).
  std::vector<std::string> names;
  std::unordered_map<std::string_view, int> index;
  std::vector<element> found;
  std::vector<uint8_t> present;
  std::vector<ColumnBuilder*> fieldPtrs;
  std::string scratch;

  explicit Node(const TypePtr& t) : type(t), id(t->id()) {
    for (const auto& f : t->fields()) children.emplace_back(f.type);
    if (id == TypeId::kStruct) {
      for (const auto& f : t->fields()) names.push_back(f.name);
      for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], static_cast<int>(i));
      found.resize(names.size());
      present.resize(names.size());
      fieldPtrs.resize(names.size());
    }
  }
  Node(Node&& o) noexcept
      : type(std::move(o.type)),
        id(o.id),
        children(std::move(o.children)),
        names(std::move(o.names)),
        found(std::move(o.found)),
        present(std::move(o.present)),
        fieldPtrs(std::move(o.fieldPtrs)) {
    // The index refers to the names' storage, which moved with them.
    for (size_t i = 0; i < names.size(); ++i) index.emplace(names[i], static_cast<int>(i));
  }

  int fieldOf(std::string_view key) const {
    if (names.size() <= 8) {
      for (size_t i = 0; i < names.size(); ++i) {
        if (names[i] == key) return static_cast<int>(i);
      }
      return -1;
    }
    auto it = index.find(key);
    return it == index.end() ? -1 : it->second;
  }
};

namespace {

using Node = JsonConverter::Node;

bool convert(Node& node, element v, ColumnBuilder& out);

// Fills the struct's fields from a JSON object; the caller closes the struct (or a
// reader's row).
bool convertFields(Node& node, simdjson::dom::object obj, ColumnBuilder* const* fields) {
  std::fill(node.present.begin(), node.present.end(), 0);
  for (auto kv : obj) {
    int f = node.fieldOf(kv.key);
    if (f < 0) continue;
    node.found[static_cast<size_t>(f)] = kv.value;
    node.present[static_cast<size_t>(f)] = 1;
  }
  bool ok = true;
  for (size_t f = 0; f < node.children.size(); ++f) {
    if (node.present[f]) {
      ok &= convert(node.children[f], node.found[f], *fields[f]);
    } else {
      fields[f]->appendNull();
    }
  }
  return ok;
}

template <typename T>
bool appendIntegral(element v, ColumnBuilder& out) {
  if (v.type() != element_type::INT64) return false;
  int64_t x = 0;
  x = v.get_int64().value_unsafe();
  if (x < static_cast<int64_t>(std::numeric_limits<T>::min()) || x > static_cast<int64_t>(std::numeric_limits<T>::max())) {
    return false;
  }
  out.appendInt(x);
  return true;
}

bool convertScalar(Node& node, element v, ColumnBuilder& out) {
  element_type t = v.type();
  switch (node.id) {
    case TypeId::kNull: out.appendNull(); return true;
    case TypeId::kBoolean: {
      bool b = false;
      if (t != element_type::BOOL) return false;
      b = v.get_bool().value_unsafe();
      out.appendBool(b);
      return true;
    }
    case TypeId::kByte: return appendIntegral<int8_t>(v, out);
    case TypeId::kShort: return appendIntegral<int16_t>(v, out);
    case TypeId::kInt: return appendIntegral<int32_t>(v, out);
    case TypeId::kLong: return appendIntegral<int64_t>(v, out);
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double d = 0;
      if (t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE) {
        d = v.get_double().value_unsafe();
      } else if (t == element_type::STRING) {
        std::string_view s;
        s = v.get_string().value_unsafe();
        if (!specialFloating(s, d)) return false;
      } else {
        return false;
      }
      out.appendDouble(d);
      return true;
    }
    case TypeId::kDecimal: {
      __int128 unscaled = 0;
      int p = node.type->precision(), s = node.type->scale();
      std::string_view text;
      char buf[64];
      if (t == element_type::STRING) {
        text = v.get_string().value_unsafe();
      } else if (t == element_type::INT64 || t == element_type::UINT64 || t == element_type::DOUBLE) {
        std::to_chars_result res;
        if (t == element_type::INT64) res = std::to_chars(buf, buf + sizeof(buf), v.get_int64().value_unsafe());
        else if (t == element_type::UINT64) res = std::to_chars(buf, buf + sizeof(buf), v.get_uint64().value_unsafe());
        else res = std::to_chars(buf, buf + sizeof(buf), v.get_double().value_unsafe());
        text = std::string_view(buf, static_cast<size_t>(res.ptr - buf));
      } else {
        return false;
      }
      if (!decimalFromText(text, p, s, unscaled)) return false;
      out.appendDecimal(unscaled);
      return true;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      if (t == element_type::STRING) {
        std::string_view s;
        s = v.get_string().value_unsafe();
        if (node.id == TypeId::kString) {
          out.appendString(s);
          return true;
        }
        if (!decodeBase64(s, node.scratch)) return false;
      } else {
        if (node.id == TypeId::kBinary) return false;
        node.scratch.clear();
        writeJsonElement(v, node.scratch);
      }
      out.appendString(node.scratch);
      return true;
    }
    case TypeId::kDate: {
      std::string_view s;
      if (t != element_type::STRING) return false;
      s = v.get_string().value_unsafe();
      auto d = parseDate(s);
      if (!d) return false;
      out.appendInt(*d);
      return true;
    }
    case TypeId::kTimestamp: {
      if (t == element_type::INT64) {
        out.appendInt(v.get_int64().value_unsafe() * kMicrosPerSecond);
        return true;
      }
      std::string_view s;
      if (t != element_type::STRING) return false;
      s = v.get_string().value_unsafe();
      auto ts = parseTimestamp(s);
      if (!ts) return false;
      out.appendInt(*ts);
      return true;
    }
    default: return false;
  }
}

bool convert(Node& node, element v, ColumnBuilder& out) {
  element_type t = v.type();
  if (t == element_type::NULL_VALUE) {
    out.appendNull();
    return true;
  }
  bool ok = true;
  switch (node.id) {
    case TypeId::kArray: {
      if (t != element_type::ARRAY) break;
      ColumnBuilder& elems = out.child(0);
      for (element e : asArray(v)) ok &= convert(node.children[0], e, elems);
      out.closeList();
      return ok;
    }
    case TypeId::kMap: {
      if (t != element_type::OBJECT || node.children[0].id != TypeId::kString) break;
      for (auto kv : asObject(v)) {
        out.child(0).appendString(kv.key);
        ok &= convert(node.children[1], kv.value, out.child(1));
      }
      out.closeList();
      return ok;
    }
    case TypeId::kStruct: {
      if (t != element_type::OBJECT) break;
      for (size_t i = 0; i < node.children.size(); ++i) node.fieldPtrs[i] = &out.child(i);
      ok = convertFields(node, asObject(v), node.fieldPtrs.data());
      out.closeStruct();
      return ok;
    }
    default:
      if (convertScalar(node, v, out)) return true;
      break;
  }
  out.appendNull();
  return false;
}

Status checkReadable(const DataType& t) {
  if (t.id() == TypeId::kMap && t.keyType()->id() != TypeId::kString) {
    return Status::TypeError("JSON maps need string keys, but the schema has {}", t.simpleString());
  }
  if (t.id() == TypeId::kInterval) return Status::TypeError("JSON values cannot be read as {}", t.simpleString());
  for (const auto& f : t.fields()) SPATE_RETURN_IF_ERROR(checkReadable(*f.type));
  return Status::OK();
}

void writeElement(element v, std::string& out) {
  switch (v.type()) {
    case element_type::NULL_VALUE: out += "null"; return;
    case element_type::BOOL: out += v.get_bool().value_unsafe() ? "true" : "false"; return;
    case element_type::INT64:
    case element_type::UINT64: {
      char buf[24];
      auto res = v.type() == element_type::INT64 ? std::to_chars(buf, buf + sizeof(buf), v.get_int64().value_unsafe())
                                                 : std::to_chars(buf, buf + sizeof(buf), v.get_uint64().value_unsafe());
      out.append(buf, static_cast<size_t>(res.ptr - buf));
      return;
    }
    case element_type::DOUBLE: appendJavaDouble(out, v.get_double().value_unsafe()); return;
    case element_type::STRING: appendJsonString(out, v.get_string().value_unsafe()); return;
    case element_type::ARRAY: {
      out += '[';
      bool first = true;
      for (element e : asArray(v)) {
        if (!first) out += ',';
        first = false;
        writeElement(e, out);
      }
      out += ']';
      return;
    }
    case element_type::OBJECT: {
      out += '{';
      bool first = true;
      for (auto kv : asObject(v)) {
        if (!first) out += ',';
        first = false;
        appendJsonString(out, kv.key);
        out += ':';
        writeElement(kv.value, out);
      }
      out += '}';
      return;
    }
  }
}

}  // namespace

JsonConverter::JsonConverter(const TypePtr& type) : root_(std::make_unique<Node>(type)) {}
JsonConverter::~JsonConverter() = default;
JsonConverter::JsonConverter(JsonConverter&&) noexcept = default;
JsonConverter& JsonConverter::operator=(JsonConverter&&) noexcept = default;

Status JsonConverter::checkType(const DataType& type) { return checkReadable(type); }

const TypePtr& JsonConverter::type() const { return root_->type; }

bool JsonConverter::append(element value, ColumnBuilder& out) { return convert(*root_, value, out); }

bool JsonConverter::appendFields(element value, std::vector<ColumnBuilder>& fields) {
  if (value.type() != element_type::OBJECT || root_->id != TypeId::kStruct) {
    appendNullFields(fields);
    return false;
  }
  for (size_t i = 0; i < fields.size(); ++i) root_->fieldPtrs[i] = &fields[i];
  return convertFields(*root_, asObject(value), root_->fieldPtrs.data());
}

void JsonConverter::appendNullFields(std::vector<ColumnBuilder>& fields) {
  for (auto& f : fields) f.appendNull();
}

void writeJsonElement(element value, std::string& out) { writeElement(value, out); }

}  // namespace spate
