#include "spate/io/json_dom.h"

#include <charconv>
#include <algorithm>
#include <cstring>
#include <limits>
#include <optional>

#include "spate/expr/json_convert.h"
#include "spate/io/json_record_slots.h"
#include "spate/io/value_text.h"
#include "spate/types/value.h"

namespace spate {

namespace {

// A scalar JSON value converted to its column's type.
struct Scalar {
  int64_t i = 0;  // boolean, integral, date, timestamp
  double d = 0;
  __int128 dec = 0;
  std::string_view s;  // string, binary
};

template <typename T>
bool integral(JsonElement v, JsonType et, int64_t& out) {
  if (et != JsonType::INT64) return false;
  out = v.get_int64().value_unsafe();
  return out >= std::numeric_limits<T>::min() && out <= std::numeric_limits<T>::max();
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

// Converts a non-null scalar v for a column of type k (type for decimals); scratch holds
// text made for a string or binary column. False when v cannot be read as that type.
// Inlined into each caller: a call per value, with its seven arguments, cost as much as
// many conversions.
[[gnu::always_inline]] inline bool convertScalar(TypeId k, const DataType& type, JsonElement v,
                                                const JsonReadOptions& o, Scalar& out, std::string& scratch,
                                                DateTimeCodec::TimestampCache& day) {
  const JsonType et = v.type();
  switch (k) {
    case TypeId::kBoolean:
      if (et != JsonType::BOOL) return false;
      out.i = v.get_bool().value_unsafe();
      return true;
    case TypeId::kByte: return integral<int8_t>(v, et, out.i);
    case TypeId::kShort: return integral<int16_t>(v, et, out.i);
    case TypeId::kInt: return integral<int32_t>(v, et, out.i);
    case TypeId::kLong: return integral<int64_t>(v, et, out.i);
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
      if (!o.dateCodec.parseDate(v.get_string().value_unsafe(), days)) return false;
      out.i = days;
      return true;
    }
    case TypeId::kTimestamp:
      if (et == JsonType::INT64) {
        // Spark reads a JSON integer as seconds since the epoch.
        return !__builtin_mul_overflow(v.get_int64().value_unsafe(), int64_t{1000000}, &out.i);
      }
      return et == JsonType::STRING && o.timestampCodec.parseTimestamp(v.get_string().value_unsafe(), out.i, day);
    default: return false;
  }
}

// The value of the last `name` key of obj (Jackson keeps the last of repeated keys).
bool lastValue(simdjson::dom::object obj, const std::string& name, JsonElement& out) {
  bool found = false;
  for (auto kv : obj) {
    if (kv.key == name) {
      out = kv.value;
      found = true;
    }
  }
  return found;
}

// Arrays and maps (and what they hold) go through builders: checked whole first, then
// appended once their record is known good.
bool checkNested(JsonElement v, const DataType& type, const JsonReadOptions& o, std::string& scratch) {
  const JsonType et = v.type();
  if (et == JsonType::NULL_VALUE) return true;
  switch (type.id()) {
    case TypeId::kArray: {
      if (et != JsonType::ARRAY) return false;
      for (JsonElement e : jsonArray(v)) {
        if (!checkNested(e, *type.elementType(), o, scratch)) return false;
      }
      return true;
    }
    case TypeId::kMap: {
      if (et != JsonType::OBJECT) return false;
      for (auto kv : jsonObject(v)) {
        if (!checkNested(kv.value, *type.valueType(), o, scratch)) return false;
      }
      return true;
    }
    case TypeId::kStruct: {
      if (et != JsonType::OBJECT) return false;
      for (const Field& f : type.fields()) {
        JsonElement child;
        if (lastValue(jsonObject(v), f.name, child) && !checkNested(child, *f.type, o, scratch)) return false;
      }
      return true;
    }
    case TypeId::kNull: return true;
    default: {
      Scalar s;
      DateTimeCodec::TimestampCache day;
      return convertScalar(type.id(), type, v, o, s, scratch, day);
    }
  }
}

void appendNested(ColumnBuilder& b, JsonElement v, const DataType& type, const JsonReadOptions& o,
                  std::string& scratch) {
  if (v.type() == JsonType::NULL_VALUE) {
    b.appendNull();
    return;
  }
  switch (type.id()) {
    case TypeId::kArray:
      for (JsonElement e : jsonArray(v)) appendNested(b.child(0), e, *type.elementType(), o, scratch);
      b.closeList();
      return;
    case TypeId::kMap:
      for (auto kv : jsonObject(v)) {
        b.child(0).appendString(kv.key);
        appendNested(b.child(1), kv.value, *type.valueType(), o, scratch);
      }
      b.closeList();
      return;
    case TypeId::kStruct: {
      auto obj = jsonObject(v);
      for (size_t i = 0; i < type.fields().size(); ++i) {
        const Field& f = type.fields()[i];
        JsonElement child;
        if (lastValue(obj, f.name, child)) appendNested(b.child(i), child, *f.type, o, scratch);
        else b.child(i).appendNull();
      }
      b.closeStruct();
      return;
    }
    case TypeId::kNull: b.appendNull(); return;
    default: {
      Scalar s;
      DateTimeCodec::TimestampCache day;
      TypeId k = type.id();
      convertScalar(k, type, v, o, s, scratch, day);
      switch (k) {
        case TypeId::kBoolean: b.appendBool(s.i != 0); return;
        case TypeId::kFloat:
        case TypeId::kDouble: b.appendDouble(s.d); return;
        case TypeId::kDecimal: b.appendDecimal(s.dec); return;
        case TypeId::kString:
        case TypeId::kBinary: b.appendString(s.s); return;
        default: b.appendInt(s.i); return;
      }
    }
  }
}

std::string shortText(JsonElement v) {
  std::string s;
  writeJsonElement(v, s);
  if (s.size() > 100) s = s.substr(0, 97) + "...";
  return s;
}

}  // namespace

JsonRecordDecoder::JsonRecordDecoder(const JsonReadOptions& options, const std::vector<Field>& fields,
                                     const std::vector<ColumnUse>& uses)
    : o_(options) {
  structs_.emplace_back();
  for (size_t i = 0; i < fields.size(); ++i) {
    const bool read = uses.empty() || (i < uses.size() && uses[i].read);
    const ColumnUse* use = read && !uses.empty() && !uses[i].whole() ? &uses[i] : nullptr;
    int slot = read ? addSlot(fields[i].type, fields[i].name, use) : -1;
    structs_[0].names.emplace_back(fields[i].name);
    structs_[0].types.push_back(fields[i].type);
    structs_[0].slots.push_back(slot);
  }
  for (Struct& st : structs_) {
    for (int slot : st.slots) {
      Slot* s = slot < 0 ? nullptr : &slots_[static_cast<size_t>(slot)];
      st.fieldSlots.push_back(s);
    }
  }
}

JsonRecordDecoder::~JsonRecordDecoder() = default;

int JsonRecordDecoder::addSlot(const TypePtr& type, std::string path, const ColumnUse* use) {
  const int index = static_cast<int>(slots_.size());
  Slot& s = slots_.emplace_back();
  s.kind = type->id();
  s.width = s.kind == TypeId::kBoolean ? 1 : type->byteWidth();
  s.type = type;
  if (s.kind == TypeId::kString || s.kind == TypeId::kBinary) s.data = allocateBuffer(0);
  if (s.kind == TypeId::kArray || s.kind == TypeId::kMap) {
    s.nested.emplace(type);
    nestedSlots_.push_back(index);
  }
  if (s.kind == TypeId::kStruct) {
    const int st = static_cast<int>(structs_.size());
    s.structIndex = st;
    structs_.emplace_back();
    const std::vector<Field>& fields = type->fields();
    for (size_t i = 0; i < fields.size(); ++i) {
      const ColumnUse* fieldUse = use ? &use->fields[i] : nullptr;
      int child = fieldUse && !fieldUse->read ? -1
                                              : addSlot(fields[i].type, path + "." + fields[i].name,
                                                        fieldUse && !fieldUse->whole() ? fieldUse : nullptr);
      structs_[static_cast<size_t>(st)].names.emplace_back(fields[i].name);
      structs_[static_cast<size_t>(st)].types.push_back(fields[i].type);
      structs_[static_cast<size_t>(st)].slots.push_back(child);
    }
  }
  Slot& made = slots_[static_cast<size_t>(index)];  // s may have moved with slots_
  made.path = std::move(path);
  made.scalar = made.structIndex < 0 && !made.nested;
  return index;
}

void JsonRecordDecoder::reserveRows(int64_t rows) {
  for (Slot& s : slots_) {
    s.valid.resize(static_cast<size_t>(rows), 0);
    if (s.width > 0) s.values->resize(rows * s.width);
    if (s.data) {
      s.values->resize((rows + 1) * 4);
      s.data->reserve(s.lastBytes);
    }
  }
  capacity_ = rows;
}

void JsonRecordDecoder::reserveRow() {
  if (rows_ == capacity_) reserveRows(std::max({int64_t{1024}, capacity_ * 2, lastBatchRows_}));
}

bool JsonRecordDecoder::decodeRow(simdjson::dom::object obj, std::string& reason) {
  reserveRow();
  if (!decodeStruct(structs_[0], obj, reason)) {
    clearRecord();
    return false;
  }
  for (int index : nestedSlots_) {
    Slot& s = slots_[static_cast<size_t>(index)];
    if (s.valid[static_cast<size_t>(rows_)]) appendNested(*s.nested, s.pending, *s.type, o_, scratch_);
    else s.nested->appendNull();
  }
  ++rows_;
  return true;
}

bool JsonRecordDecoder::checkRow(simdjson::dom::object obj, std::string& reason) {
  reserveRow();
  bool ok = decodeStruct(structs_[0], obj, reason);
  clearRecord();
  return ok;
}

void JsonRecordDecoder::clearRecord() {
  for (int slot : structs_[0].slots) {
    if (slot >= 0) clearRow(slots_[static_cast<size_t>(slot)]);
  }
}

void JsonRecordDecoder::appendNullRow() {
  reserveRow();
  for (int index : nestedSlots_) slots_[static_cast<size_t>(index)].nested->appendNull();
  ++rows_;
}

// Every field's slot holds no value for the current row when this starts: rows start
// empty, a failed record is cleared, and a repeated struct key clears the struct first.
bool JsonRecordDecoder::decodeStruct(Struct& st, simdjson::dom::object obj, std::string& reason) {
  const size_t n = st.names.size();
  uint64_t seen = 0;  // the fields (of the first 64) that had a key in obj
  for (auto kv : obj) {
    const size_t found = st.find(kv.key);
    if (found == n) continue;
    Slot* s = st.fieldSlots[found];
    if (!s) continue;
    // The common case, a first value of a scalar, without a call.
    const uint64_t bit = found < 64 ? uint64_t{1} << found : 0;
    const bool first = (seen & bit) == 0 && bit != 0;
    seen |= bit;
    if (!(first && s->scalar ? decodeScalar(*s, kv.value) : decodeValue(*s, kv.value, reason))) {
      if (reason.empty()) reason = cannotParse(*s, kv.value);
      return false;
    }
  }
  return true;
}

std::string JsonRecordDecoder::cannotParse(const Slot& s, JsonElement v) const {
  return fmt::format("cannot parse {} as {} for column '{}'", shortText(v), s.type->ddl(), s.path);
}

// A scalar slot's value for the current row; false when it does not fit the type. The
// commonest kinds and JSON types in one switch; the rest convert through a Scalar.
[[gnu::always_inline]] inline bool JsonRecordDecoder::decodeScalar(Slot& s, JsonElement v) {
  const JsonType et = v.type();
  const int64_t row = rows_;
  switch (s.kind) {
    case TypeId::kLong:
      if (et != JsonType::INT64) return convertAndStore(s, v);
      s.put(row, v.get_int64().value_unsafe());
      break;
    case TypeId::kInt: {
      if (et != JsonType::INT64) return convertAndStore(s, v);
      int64_t x;
      if (!integral<int32_t>(v, et, x)) return false;
      s.put(row, static_cast<int32_t>(x));
      break;
    }
    case TypeId::kString: {
      if (et != JsonType::STRING) return convertAndStore(s, v);
      std::string_view text = v.get_string().value_unsafe();
      s.fillOffsets(row);
      s.data->append(text.data(), static_cast<int64_t>(text.size()));
      break;
    }
    case TypeId::kTimestamp: {
      if (et != JsonType::STRING) return convertAndStore(s, v);
      int64_t micros;
      if (!o_.timestampCodec.parseTimestamp(v.get_string().value_unsafe(), micros, s.day)) return false;
      s.put(row, micros);
      break;
    }
    default: return convertAndStore(s, v);
  }
  s.valid[static_cast<size_t>(row)] = 1;
  return true;
}

bool JsonRecordDecoder::convertAndStore(Slot& s, JsonElement v) {
  if (v.type() == JsonType::NULL_VALUE || s.kind == TypeId::kNull) return true;
  Scalar x;
  if (!convertScalar(s.kind, *s.type, v, o_, x, scratch_, s.day)) return false;
  const int64_t row = rows_;
  s.valid[static_cast<size_t>(row)] = 1;
  switch (s.kind) {
    case TypeId::kString:
    case TypeId::kBinary:
      s.fillOffsets(row);
      s.data->append(x.s.data(), static_cast<int64_t>(x.s.size()));
      break;
    case TypeId::kBoolean:
    case TypeId::kByte: s.put(row, static_cast<int8_t>(x.i)); break;
    case TypeId::kShort: s.put(row, static_cast<int16_t>(x.i)); break;
    case TypeId::kInt:
    case TypeId::kDate: s.put(row, static_cast<int32_t>(x.i)); break;
    case TypeId::kFloat: s.put(row, static_cast<float>(x.d)); break;
    case TypeId::kDouble: s.put(row, x.d); break;
    case TypeId::kDecimal: s.put(row, x.dec); break;
    default: s.put(row, x.i); break;
  }
  return true;
}

// Any slot's value for the current row; false when it does not fit, with the reason
// set when it names a field deeper than s.
bool JsonRecordDecoder::decodeValue(Slot& s, JsonElement v, std::string& reason) {
  uint8_t& valid = s.valid[static_cast<size_t>(rows_)];
  if (valid) clearRow(s);  // a repeated key: the last one counts
  const JsonType et = v.type();
  if (et == JsonType::NULL_VALUE) return true;
  switch (s.kind) {
    case TypeId::kStruct:
      if (et != JsonType::OBJECT) return false;
      valid = 1;
      return decodeStruct(structs_[static_cast<size_t>(s.structIndex)], jsonObject(v), reason);
    case TypeId::kArray:
    case TypeId::kMap:
      if (!checkNested(v, *s.type, o_, scratch_)) return false;
      s.pending = v;
      valid = 1;
      return true;
    default: return decodeScalar(s, v);
  }
}

// Forgets the current row's value of s (and of its fields).
void JsonRecordDecoder::clearRow(Slot& s) {
  const int64_t row = rows_;
  uint8_t& valid = s.valid[static_cast<size_t>(row)];
  if (!valid) return;
  valid = 0;
  if (s.width > 0) std::memset(s.values->data() + row * s.width, 0, static_cast<size_t>(s.width));
  if (s.data) s.data->resize(s.values->as<int32_t>()[row]);  // the row's bytes are the last ones
  if (s.kind == TypeId::kStruct) {
    for (int child : structs_[static_cast<size_t>(s.structIndex)].slots) {
      if (child >= 0) clearRow(slots_[static_cast<size_t>(child)]);
    }
  }
}

std::vector<ColumnPtr> JsonRecordDecoder::finishFields(const Struct& st, int64_t rows) {
  std::vector<ColumnPtr> cols;
  for (size_t i = 0; i < st.slots.size(); ++i) {
    cols.push_back(st.slots[i] < 0 ? Column::constant(Value::null(), st.types[i], rows)
                                   : finishSlot(slots_[static_cast<size_t>(st.slots[i])], rows));
  }
  return cols;
}

ColumnPtr JsonRecordDecoder::finishSlot(Slot& s, int64_t rows) {
  ColumnPtr c;
  BufferPtr validity = bits::packValidity(s.valid.data(), rows);
  switch (s.kind) {
    case TypeId::kNull: c = Column::constant(Value::null(), s.type, rows); break;
    case TypeId::kArray:
    case TypeId::kMap: c = s.nested->finish(); break;
    case TypeId::kStruct:
      c = std::make_shared<Column>(s.type, rows, std::move(validity), allocateBuffer(0), nullptr,
                                   finishFields(structs_[static_cast<size_t>(s.structIndex)], rows));
      break;
    case TypeId::kString:
    case TypeId::kBinary:
      s.fillOffsets(rows);
      s.values->resize((rows + 1) * 4);
      c = std::make_shared<Column>(s.type, rows, std::move(validity), s.values, s.data, std::vector<ColumnPtr>{});
      s.lastBytes = s.data->size();
      s.data = allocateBuffer(0);
      s.filled = 0;
      break;
    case TypeId::kBoolean: {
      auto bitmap = allocateBuffer(bits::bytesFor(rows));
      bits::packBytes(s.values->data(), rows, bitmap->data());
      c = std::make_shared<Column>(s.type, rows, std::move(validity), bitmap, nullptr, std::vector<ColumnPtr>{});
      break;
    }
    default:
      s.values->resize(rows * s.width);
      c = std::make_shared<Column>(s.type, rows, std::move(validity), s.values, nullptr, std::vector<ColumnPtr>{});
      break;
  }
  // Every kind starts the next batch with no row set (an array's stale flag would
  // append the previous batch's value).
  s.values = allocateBuffer(0);
  std::memset(s.valid.data(), 0, static_cast<size_t>(rows));
  return c;
}

std::vector<ColumnPtr> JsonRecordDecoder::finish() {
  std::vector<ColumnPtr> cols = finishFields(structs_[0], rows_);
  lastBatchRows_ = rows_;  // the next batch likely has as many: room for them at once
  rows_ = 0;
  capacity_ = 0;
  return cols;
}

}  // namespace spate
