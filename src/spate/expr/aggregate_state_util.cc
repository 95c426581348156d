#include "spate/expr/aggregate_state_util.h"

#include <algorithm>
#include <cstring>
#include <limits>

#include "spate/columnar/selection.h"
#include "spate/expr/kernels.h"

namespace spate::agg {

RowValidity validityOf(const Column& c) {
  RowValidity v;
  if (isNullType(*c.type()) || (c.isConstant() && c.isNull(0))) {
    v.allNull = true;
  } else if (!c.isConstant() && c.mayHaveNulls()) {
    v.bits = c.validityBits();
  }
  return v;
}

std::vector<ColumnPtr> flattenAll(const std::vector<ColumnPtr>& args) {
  std::vector<ColumnPtr> out;
  out.reserve(args.size());
  for (const auto& a : args) out.push_back(Column::flatten(a));
  return out;
}

void updateRows(AggregateState& inner, const std::vector<ColumnPtr>& args, size_t numArgs, const uint32_t* groupIds,
                const std::vector<int32_t>& rows, std::vector<uint32_t>& groups) {
  auto n = static_cast<int64_t>(rows.size());
  std::vector<ColumnPtr> kept;
  kept.reserve(numArgs);
  for (size_t a = 0; a < numArgs; ++a) kept.push_back(take(args[a], rows.data(), n));
  groups.resize(rows.size());
  for (size_t j = 0; j < rows.size(); ++j) groups[j] = groupIds[rows[j]];
  inner.update(kept, groups.data(), n);
}

bool isImplicitlyNumeric(const DataType& t) { return t.isNumeric() || t.id() == TypeId::kString || isNullType(t); }

Result<bool> booleanLiteralArg(const BoundExprPtr& arg, const std::string& function, const std::string& what) {
  const Value* v = arg->literalValue();
  if (!v || arg->type()->id() != TypeId::kBoolean || v->isNull()) {
    return Status::TypeError("The {} argument of {}() must be a boolean literal, got {} of type {}", what, function,
                             arg->toString(), arg->type()->simpleString());
  }
  return v->asBool();
}

Status argumentTypeError(const std::string& function, const std::string& expected, const DataType& actual) {
  return Status::TypeError("{}() requires {}, got {}", function, expected, actual.simpleString());
}

// ---- ordering ------------------------------------------------------------------------

bool isOrderable(const DataType& t) {
  switch (t.id()) {
    case TypeId::kMap: return false;
    case TypeId::kArray: return isOrderable(*t.elementType());
    case TypeId::kStruct:
      for (const auto& f : t.fields()) {
        if (!isOrderable(*f.type)) return false;
      }
      return true;
    default: return true;
  }
}

namespace {

int compareLists(const ValueList& a, const ValueList& b, const std::vector<const DataType*>& types) {
  size_t n = std::min(a.size(), b.size());
  for (size_t i = 0; i < n; ++i) {
    int c = compareValues(a[i], b[i], *types[types.size() == 1 ? 0 : i]);
    if (c != 0) return c;
  }
  return a.size() < b.size() ? -1 : (a.size() > b.size() ? 1 : 0);
}

}  // namespace

int compareValues(const Value& a, const Value& b, const DataType& type) {
  if (a.isNull() || b.isNull()) return a.isNull() == b.isNull() ? 0 : (a.isNull() ? -1 : 1);
  switch (type.id()) {
    case TypeId::kNull: return 0;
    case TypeId::kBoolean: return compareOrdered<int>(a.asBool(), b.asBool());
    case TypeId::kFloat:
    case TypeId::kDouble: return compareOrdered(a.asDouble(), b.asDouble());
    case TypeId::kDecimal: return compareOrdered(a.asDecimal(), b.asDecimal());
    case TypeId::kString:
    case TypeId::kBinary: {
      int c = a.asString().compare(b.asString());
      return c < 0 ? -1 : (c > 0 ? 1 : 0);
    }
    case TypeId::kArray: return compareLists(a.asList(), b.asList(), {type.elementType().get()});
    case TypeId::kStruct: {
      std::vector<const DataType*> types;
      for (const auto& f : type.fields()) types.push_back(f.type.get());
      return compareLists(a.asList(), b.asList(), types);
    }
    case TypeId::kMap: return 0;
    default: return compareOrdered(a.asInt(), b.asInt());
  }
}

// ---- building results ----------------------------------------------------------------

ColumnPtr booleanResult(const std::vector<uint8_t>& values, const std::vector<uint8_t>* valid, int64_t n) {
  BooleanColumnBuilder out(n);
  for (int64_t g = 0; g < n; ++g) {
    auto i = static_cast<size_t>(g);
    if (valid && !(*valid)[i]) {
      out.setNull(g);
    } else {
      out.set(g, values[i] != 0);
    }
  }
  return out.finish();
}

ColumnPtr stringResult(const TypePtr& type, const std::vector<std::string>& values, const std::vector<uint8_t>* valid,
                       int64_t n) {
  int64_t bytes = 0;
  for (int64_t g = 0; g < n; ++g) bytes += static_cast<int64_t>(values[static_cast<size_t>(g)].size());
  StringColumnBuilder out(type, n, bytes);
  for (int64_t g = 0; g < n; ++g) {
    auto i = static_cast<size_t>(g);
    if (valid && !(*valid)[i]) {
      out.appendNull();
    } else {
      out.append(values[i]);
    }
  }
  return out.finish();
}

ColumnPtr valueResult(const TypePtr& type, const std::vector<Value>& values, const std::vector<uint8_t>* valid,
                      int64_t n) {
  ColumnBuilder out(type);
  for (int64_t g = 0; g < n; ++g) {
    auto i = static_cast<size_t>(g);
    if (valid && !(*valid)[i]) {
      out.appendNull();
    } else {
      out.append(values[i]);
    }
  }
  return out.finish();
}

ColumnPtr arrayResult(const TypePtr& arrayType, std::vector<int32_t> offsets, ColumnPtr items) {
  auto n = static_cast<int64_t>(offsets.size()) - 1;
  auto buf = allocateBuffer(static_cast<int64_t>(offsets.size() * sizeof(int32_t)));
  std::memcpy(buf->data(), offsets.data(), offsets.size() * sizeof(int32_t));
  return std::make_shared<Column>(arrayType, n, nullptr, std::move(buf), nullptr, std::vector<ColumnPtr>{std::move(items)});
}

// ---- byte keys -----------------------------------------------------------------------

namespace {

template <typename T>
T normalized(T v) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(v)) return std::numeric_limits<T>::quiet_NaN();
    if (v == 0) return 0;
  }
  return v;
}

void appendRaw(std::string& out, const void* p, size_t n) { out.append(static_cast<const char*>(p), n); }

}  // namespace

namespace {

// Keys normalize floats so equal values encode alike; state bytes keep them exact.
template <bool kNormalize>
void encodeValueAs(const Value& v, const DataType& type, std::string& out) {
  if (v.isNull()) {
    out.push_back(0);
    return;
  }
  out.push_back(1);
  switch (type.id()) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: out.push_back(v.asBool() ? 1 : 0); break;
    case TypeId::kFloat:
    case TypeId::kDouble: {
      double d = kNormalize ? normalized(v.asDouble()) : v.asDouble();
      appendRaw(out, &d, sizeof d);
      break;
    }
    case TypeId::kDecimal: {
      __int128 d = v.asDecimal();
      appendRaw(out, &d, sizeof d);
      break;
    }
    case TypeId::kString:
    case TypeId::kBinary: {
      auto len = static_cast<uint32_t>(v.asString().size());
      appendRaw(out, &len, sizeof len);
      out.append(v.asString());
      break;
    }
    case TypeId::kArray: {
      const ValueList& items = v.asList();
      auto len = static_cast<uint32_t>(items.size());
      appendRaw(out, &len, sizeof len);
      for (const auto& item : items) encodeValueAs<kNormalize>(item, *type.elementType(), out);
      break;
    }
    case TypeId::kStruct: {
      const ValueList& items = v.asList();
      for (size_t i = 0; i < items.size(); ++i) encodeValueAs<kNormalize>(items[i], *type.fields()[i].type, out);
      break;
    }
    case TypeId::kMap: {
      const MapEntries& m = v.asMap();
      auto len = static_cast<uint32_t>(m.keys.size());
      appendRaw(out, &len, sizeof len);
      for (size_t i = 0; i < m.keys.size(); ++i) {
        encodeValueAs<kNormalize>(m.keys[i], *type.keyType(), out);
        encodeValueAs<kNormalize>(m.values[i], *type.valueType(), out);
      }
      break;
    }
    default: {
      int64_t x = v.asInt();
      appendRaw(out, &x, sizeof x);
      break;
    }
  }
}

}  // namespace

void encodeValue(const Value& v, const DataType& type, std::string& out) { encodeValueAs<true>(v, type, out); }

// ---- per-group state bytes ---------------------------------------------------------------

void putValue(const Value& v, const DataType& type, std::string& out) { encodeValueAs<false>(v, type, out); }

void putColumnValue(const Column& c, int64_t row, std::string& out) {
  const DataType& t = *c.type();
  if (c.isNull(row) || isNullType(t)) {
    out.push_back(0);
    return;
  }
  int64_t i = c.isConstant() ? 0 : row;
  switch (t.id()) {
    case TypeId::kBoolean:
      out.push_back(1);
      out.push_back(c.boolAt(i) ? 1 : 0);
      return;
    case TypeId::kString:
    case TypeId::kBinary:
      out.push_back(1);
      putBytes(out, c.stringAt(i));
      return;
    default: putValue(c.valueAt(row), t, out);
  }
}

Value StateReader::getValue(const DataType& type) {
  uint8_t present = getSmall(1);
  if (!present) return Value::null();
  switch (type.id()) {
    case TypeId::kNull: fail("non-null value of the null type"); return Value::null();
    case TypeId::kBoolean: return Value::boolean(getSmall(1) != 0);
    case TypeId::kFloat:
    case TypeId::kDouble: return Value::fractional(get<double>());
    case TypeId::kDecimal: return Value::decimal(get<__int128>());
    case TypeId::kString:
    case TypeId::kBinary: return Value::string(std::string(getBytes()));
    case TypeId::kArray: {
      // Each item takes at least its null byte.
      uint32_t n = getCount(1);
      ValueList items;
      items.reserve(n);
      for (uint32_t k = 0; k < n && ok(); ++k) items.push_back(getValue(*type.elementType()));
      return Value::list(std::move(items));
    }
    case TypeId::kStruct: {
      ValueList items;
      items.reserve(type.fields().size());
      for (const auto& f : type.fields()) items.push_back(getValue(*f.type));
      return Value::list(std::move(items));
    }
    case TypeId::kMap: {
      uint32_t n = getCount(2);
      ValueList keys, values;
      keys.reserve(n);
      values.reserve(n);
      for (uint32_t k = 0; k < n && ok(); ++k) {
        keys.push_back(getValue(*type.keyType()));
        values.push_back(getValue(*type.valueType()));
      }
      return Value::map(std::move(keys), std::move(values));
    }
    default: return Value::integer(get<int64_t>());
  }
}

Status StateReader::finish() const {
  const char* why = error_ ? error_ : (remaining() ? "trailing bytes" : nullptr);
  if (why) return Status::ExecutionError("corrupt aggregate state for {}: {}", aggregate_, why);
  return Status::OK();
}

void RowKeyEncoder::encode(const std::vector<ColumnPtr>& input, const uint32_t* prefix, int64_t n) {
  std::vector<ColumnPtr> columns = flattenAll(input);
  auto rows = static_cast<size_t>(n);
  offsets_.assign(rows + 1, 0);
  int64_t* len = offsets_.data() + 1;
  if (prefix) {
    for (size_t i = 0; i < rows; ++i) len[i] = 4;
  }
  // Nested values are boxed and encoded row by row into scratch_ first.
  scratch_.clear();
  scratchOffsets_.clear();
  for (const auto& c : columns) {
    const DataType& t = *c->type();
    RowValidity v = validityOf(*c);
    if (v.allNull) {
      for (size_t i = 0; i < rows; ++i) len[i] += 1;
    } else if (t.id() == TypeId::kBoolean) {
      for (size_t i = 0; i < rows; ++i) len[i] += 2;
    } else if (t.isStringLike()) {
      const int32_t* o = c->offsets();
      for (size_t i = 0; i < rows; ++i) len[i] += 5 + (v.valid(static_cast<int64_t>(i)) ? o[i + 1] - o[i] : 0);
    } else if (t.byteWidth() > 0) {
      for (size_t i = 0; i < rows; ++i) len[i] += 1 + t.byteWidth();
    } else {
      for (size_t i = 0; i < rows; ++i) {
        scratchOffsets_.push_back(static_cast<int64_t>(scratch_.size()));
        encodeValue(c->valueAt(static_cast<int64_t>(i)), t, scratch_);
        len[i] += static_cast<int64_t>(scratch_.size()) - scratchOffsets_.back();
      }
    }
  }
  scratchOffsets_.push_back(static_cast<int64_t>(scratch_.size()));
  for (size_t i = 0; i < rows; ++i) offsets_[i + 1] += offsets_[i];
  buf_.resize(static_cast<size_t>(offsets_[rows]));
  cursor_.assign(offsets_.begin(), offsets_.end() - 1);
  char* buf = buf_.data();
  int64_t* cur = cursor_.data();
  if (prefix) {
    for (size_t i = 0; i < rows; ++i) {
      std::memcpy(buf + cur[i], &prefix[i], 4);
      cur[i] += 4;
    }
  }
  size_t nested = 0;
  for (const auto& c : columns) {
    const DataType& t = *c->type();
    RowValidity v = validityOf(*c);
    if (v.allNull) {
      for (size_t i = 0; i < rows; ++i) buf[cur[i]++] = 0;
    } else if (t.id() == TypeId::kBoolean) {
      const uint8_t* b = c->valuesBuffer()->data();
      for (size_t i = 0; i < rows; ++i) {
        bool ok = v.valid(static_cast<int64_t>(i));
        buf[cur[i]] = ok ? 1 : 0;
        buf[cur[i] + 1] = ok && bits::get(b, static_cast<int64_t>(i)) ? 1 : 0;
        cur[i] += 2;
      }
    } else if (t.isStringLike()) {
      const int32_t* o = c->offsets();
      const char* d = c->stringData();
      for (size_t i = 0; i < rows; ++i) {
        bool ok = v.valid(static_cast<int64_t>(i));
        uint32_t l = ok ? static_cast<uint32_t>(o[i + 1] - o[i]) : 0;
        char* p = buf + cur[i];
        p[0] = ok ? 1 : 0;
        std::memcpy(p + 1, &l, 4);
        if (l) std::memcpy(p + 5, d + o[i], l);
        cur[i] += 5 + l;
      }
    } else if (t.byteWidth() > 0) {
      dispatchFixedWidth(t.id(), [&]<typename T>() {
        const T* d = c->values<T>();
        for (size_t i = 0; i < rows; ++i) {
          char* p = buf + cur[i];
          T x = v.valid(static_cast<int64_t>(i)) ? normalized(d[i]) : T{};
          p[0] = v.valid(static_cast<int64_t>(i)) ? 1 : 0;
          std::memcpy(p + 1, &x, sizeof(T));
          cur[i] += 1 + static_cast<int64_t>(sizeof(T));
        }
      });
    } else {
      for (size_t i = 0; i < rows; ++i) {
        int64_t b = scratchOffsets_[nested * rows + i];
        int64_t e = scratchOffsets_[nested * rows + i + 1];
        std::memcpy(buf + cur[i], scratch_.data() + b, static_cast<size_t>(e - b));
        cur[i] += e - b;
      }
      ++nested;
    }
  }
}

size_t ByteSet::find(std::string_view key, uint64_t hash) const {
  size_t mask = slots_.size() - 1;
  size_t idx = static_cast<size_t>(hash) & mask;
  auto len = static_cast<uint32_t>(key.size());
  while (true) {
    const Slot& s = slots_[idx];
    if (s.len == kEmpty) return idx;
    if (s.hash == hash && s.len == len) {
      const char* stored = s.key;
      if (len > kInline) {
        int64_t offset;
        std::memcpy(&offset, s.key, sizeof offset);
        stored = arena_.data() + offset;
      }
      if (std::memcmp(stored, key.data(), len) == 0) return idx;
    }
    idx = (idx + 1) & mask;
  }
}

bool ByteSet::insert(std::string_view key, uint64_t hash) {
  if ((size_ + 1) * 2 > static_cast<int64_t>(slots_.size())) grow();
  Slot& s = slots_[find(key, hash)];
  if (s.len != kEmpty) return false;
  auto len = static_cast<uint32_t>(key.size());
  s.hash = hash;
  s.len = len;
  s.rank = static_cast<uint32_t>(size_);
  if (len <= kInline) {
    if (len) std::memcpy(s.key, key.data(), len);
  } else {
    auto offset = static_cast<int64_t>(arena_.size());
    arena_.insert(arena_.end(), key.begin(), key.end());
    std::memcpy(s.key, &offset, sizeof offset);
  }
  ++size_;
  return true;
}

bool ByteSet::contains(std::string_view key, uint64_t hash) const {
  return !slots_.empty() && slots_[find(key, hash)].len != kEmpty;
}

void ByteSet::grow() {
  size_t cap = slots_.empty() ? 64 : slots_.size() * 2;
  std::vector<Slot> old = std::move(slots_);
  Slot empty{};
  empty.len = kEmpty;
  slots_.assign(cap, empty);
  size_t mask = cap - 1;
  for (const Slot& s : old) {
    if (s.len == kEmpty) continue;
    size_t idx = static_cast<size_t>(s.hash) & mask;
    while (slots_[idx].len != kEmpty) idx = (idx + 1) & mask;
    slots_[idx] = s;
  }
}

}  // namespace spate::agg
