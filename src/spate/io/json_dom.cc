#include "spate/io/json_dom.h"

#include <charconv>
#include <cmath>
#include <limits>

#include "spate/expr/json_convert.h"
#include "spate/io/value_text.h"
#include "spate/types/value.h"

namespace spate {

namespace {

bool integralFits(int64_t v, TypeId id) {
  switch (id) {
    case TypeId::kByte: return v >= INT8_MIN && v <= INT8_MAX;
    case TypeId::kShort: return v >= INT16_MIN && v <= INT16_MAX;
    case TypeId::kInt: return v >= INT32_MIN && v <= INT32_MAX;
    default: return true;
  }
}

// Jackson's number value as a decimal at the column's scale.
bool decimalFromJson(JsonElement v, int precision, int scale, __int128& out) {
  char buf[64];
  std::to_chars_result r{};
  switch (v.type()) {
    case JsonType::INT64: r = std::to_chars(buf, buf + sizeof(buf), v.get_int64().value_unsafe()); break;
    case JsonType::UINT64: r = std::to_chars(buf, buf + sizeof(buf), v.get_uint64().value_unsafe()); break;
    case JsonType::DOUBLE: r = std::to_chars(buf, buf + sizeof(buf), v.get_double().value_unsafe()); break;
    case JsonType::STRING: return parseDecimalText(v.get_string().value_unsafe(), precision, scale, out);
    default: return false;
  }
  return parseDecimalText(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), precision, scale, out);
}

// Whether a struct's values can be staged field by field: no arrays or maps inside.
bool stagedStruct(const DataType& type) {
  for (const Field& f : type.fields()) {
    TypeId id = f.type->id();
    if (id == TypeId::kArray || id == TypeId::kMap) return false;
    if (id == TypeId::kStruct && !stagedStruct(*f.type)) return false;
  }
  return true;
}

}  // namespace

bool JsonValueConverter::stageStruct(simdjson::dom::object obj, const DataType& type, JsonStaged& out) const {
  const std::vector<Field>& fields = type.fields();
  const size_t n = fields.size();
  if (out.fields.size() != n) {
    out.fields.resize(n);
    out.scratch.resize(n);
    out.seen.resize(n);
    if (out.use && !out.use->whole()) {
      for (size_t i = 0; i < n; ++i) out.fields[i].use = &out.use->fields[i];
    }
  }
  const ColumnUse* use = out.use && !out.use->whole() ? out.use : nullptr;
  for (size_t i = 0; i < n; ++i) {
    out.fields[i].present = false;
    out.seen[i] = 0;
  }
  for (auto kv : obj) {
    // Objects usually repeat the schema's order: look from after the last match.
    size_t found = n;
    for (size_t k = 0; k < n; ++k) {
      size_t i = out.hint + k < n ? out.hint + k : out.hint + k - n;
      if (sameKey(fields[i].name, kv.key)) {
        found = i;
        break;
      }
    }
    if (found == n || out.seen[found]) continue;  // unknown, or a repeated key: the first one counts
    out.seen[found] = 1;
    out.hint = found + 1 == n ? 0 : found + 1;
    if (use && !use->fields[found].read) continue;
    if (!convert(kv.value, *fields[found].type, out.fields[found], out.scratch[found])) return false;
  }
  return true;
}

bool JsonValueConverter::convert(JsonElement v, const DataType& type, JsonStaged& out, std::string& scratch) const {
  const JsonType et = v.type();
  if (et == JsonType::NULL_VALUE || type.id() == TypeId::kNull) {
    out.present = false;
    return true;
  }
  out.present = true;
  switch (type.id()) {
    case TypeId::kBoolean:
      if (et != JsonType::BOOL) return false;
      out.i = v.get_bool().value_unsafe();
      return true;
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
      if (et != JsonType::INT64) return false;
      out.i = v.get_int64().value_unsafe();
      return integralFits(out.i, type.id());
    case TypeId::kFloat:
    case TypeId::kDouble:
      switch (et) {
        case JsonType::DOUBLE: out.d = v.get_double().value_unsafe(); return true;
        case JsonType::INT64: out.d = static_cast<double>(v.get_int64().value_unsafe()); return true;
        case JsonType::UINT64: out.d = static_cast<double>(v.get_uint64().value_unsafe()); return true;
        case JsonType::STRING: {
          // Jackson's non-numeric numbers, which Spark allows by default.
          std::string_view s = v.get_string().value_unsafe();
          constexpr double kInf = std::numeric_limits<double>::infinity();
          if (s == "NaN") out.d = std::numeric_limits<double>::quiet_NaN();
          else if (s == "Infinity" || s == "+Infinity" || s == "+INF") out.d = kInf;
          else if (s == "-Infinity" || s == "-INF") out.d = -kInf;
          else return false;
          return true;
        }
        default: return false;
      }
    case TypeId::kDecimal: return decimalFromJson(v, type.precision(), type.scale(), out.dec);
    case TypeId::kString:
      if (et == JsonType::STRING) {
        out.s = v.get_string().value_unsafe();
      } else {
        scratch.clear();
        writeJsonElement(v, scratch);
        out.s = scratch;
      }
      return true;
    case TypeId::kBinary:
      if (et != JsonType::STRING || !decodeBase64(v.get_string().value_unsafe(), scratch)) return false;
      out.s = scratch;
      return true;
    case TypeId::kDate: {
      if (et != JsonType::STRING) return false;
      int32_t days;
      if (!o_.dateCodec.parseDate(v.get_string().value_unsafe(), days)) return false;
      out.i = days;
      return true;
    }
    case TypeId::kTimestamp:
      if (et == JsonType::INT64) {
        // Spark reads a JSON integer as seconds since the epoch.
        int64_t secs = v.get_int64().value_unsafe();
        if (__builtin_mul_overflow(secs, int64_t{1000000}, &out.i)) return false;
        return true;
      }
      if (et != JsonType::STRING) return false;
      return o_.timestampCodec.parseTimestamp(v.get_string().value_unsafe(), out.i);
    case TypeId::kStruct:
      if (out.stagedFields < 0) out.stagedFields = stagedStruct(type);
      if (out.stagedFields) return et == JsonType::OBJECT && stageStruct(jsonObject(v), type, out);
      out.nested = v;
      return check(v, type);
    case TypeId::kArray:
    case TypeId::kMap:
      out.nested = v;
      return check(v, type);
    default: return false;
  }
}

bool JsonValueConverter::check(JsonElement v, const DataType& type) const {
  const JsonType et = v.type();
  if (et == JsonType::NULL_VALUE) return true;
  switch (type.id()) {
    case TypeId::kArray: {
      if (et != JsonType::ARRAY) return false;
      for (JsonElement e : jsonArray(v)) {
        if (!check(e, *type.elementType())) return false;
      }
      return true;
    }
    case TypeId::kMap: {
      if (et != JsonType::OBJECT) return false;
      for (auto kv : jsonObject(v)) {
        if (!check(kv.value, *type.valueType())) return false;
      }
      return true;
    }
    case TypeId::kStruct: {
      if (et != JsonType::OBJECT) return false;
      for (const Field& f : type.fields()) {
        JsonElement child;
        if (jsonObject(v).at_key(f.name).get(child) == simdjson::SUCCESS && !check(child, *f.type)) {
          return false;
        }
      }
      return true;
    }
    default: {
      JsonStaged s;
      std::string scratch;
      return convert(v, type, s, scratch);
    }
  }
}

void JsonValueConverter::appendStaged(ColumnBuilder& b, const JsonStaged& s, const DataType& type) const {
  if (!s.present) {
    b.appendNull();
    return;
  }
  switch (type.id()) {
    case TypeId::kBoolean: b.appendBool(s.i != 0); break;
    case TypeId::kFloat:
    case TypeId::kDouble: b.appendDouble(s.d); break;
    case TypeId::kDecimal: b.appendDecimal(s.dec); break;
    case TypeId::kString:
    case TypeId::kBinary: b.appendString(s.s); break;
    case TypeId::kStruct:
      if (s.stagedFields > 0) {
        for (size_t i = 0; i < s.fields.size(); ++i) appendStaged(b.child(i), s.fields[i], *type.fields()[i].type);
        b.closeStruct();
      } else {
        append(b, s.nested, type);
      }
      break;
    case TypeId::kArray:
    case TypeId::kMap: append(b, s.nested, type); break;
    default: b.appendInt(s.i); break;
  }
}

void JsonValueConverter::append(ColumnBuilder& b, JsonElement v, const DataType& type) const {
  if (v.type() == JsonType::NULL_VALUE) {
    b.appendNull();
    return;
  }
  switch (type.id()) {
    case TypeId::kArray:
      for (JsonElement e : jsonArray(v)) append(b.child(0), e, *type.elementType());
      b.closeList();
      return;
    case TypeId::kMap:
      for (auto kv : jsonObject(v)) {
        b.child(0).appendString(kv.key);
        append(b.child(1), kv.value, *type.valueType());
      }
      b.closeList();
      return;
    case TypeId::kStruct: {
      auto obj = jsonObject(v);
      for (size_t i = 0; i < type.fields().size(); ++i) {
        const Field& f = type.fields()[i];
        JsonElement child;
        if (obj.at_key(f.name).get(child) == simdjson::SUCCESS) append(b.child(i), child, *f.type);
        else b.child(i).appendNull();
      }
      b.closeStruct();
      return;
    }
    default: {
      JsonStaged s;
      std::string scratch;
      convert(v, type, s, scratch);
      appendStaged(b, s, type);
    }
  }
}

}  // namespace spate
