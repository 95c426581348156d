#include "spate/expr/json_writer.h"

#include <charconv>
#include <cmath>
#include <iterator>

#include <fmt/format.h>

#include "spate/common/datetime.h"

namespace spate {

namespace {

template <typename T>
void appendInteger(std::string& out, T v) {
  char buf[24];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  out.append(buf, static_cast<size_t>(res.ptr - buf));
}

}  // namespace

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
    case TypeId::kFloat: appendJsonFloat(out, c.valueAt<float>(i)); return;
    case TypeId::kDouble: appendJsonDouble(out, c.valueAt<double>(i)); return;
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
