#include "spate/columnar/row_codec.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <type_traits>

namespace spate {

namespace {

constexpr char kNullFlag = 0;
constexpr char kValidFlag = 1;

// Spark's NormalizeFloatingNumbers: grouping treats every NaN as one value and -0.0 as
// 0.0, so their encodings must be the same bytes.
template <typename T>
inline T normalized(T x) {
  if constexpr (std::is_floating_point_v<T>) {
    if (std::isnan(x)) return std::numeric_limits<T>::quiet_NaN();
    if (x == 0) return 0;
  }
  return x;
}

// A null-typed column has no validity bitmap, yet every row is null.
inline bool fieldIsNull(const Column& c, int64_t row) { return c.typeId() == TypeId::kNull || c.isNull(row); }

// Calls f.template operator()<T>() with T the storage of a fixed-width type; false for
// other types.
template <typename F>
bool dispatchFixed(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kByte: f.template operator()<int8_t>(); return true;
    case TypeId::kShort: f.template operator()<int16_t>(); return true;
    case TypeId::kInt:
    case TypeId::kDate: f.template operator()<int32_t>(); return true;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kInterval: f.template operator()<int64_t>(); return true;
    case TypeId::kFloat: f.template operator()<float>(); return true;
    case TypeId::kDouble: f.template operator()<double>(); return true;
    case TypeId::kDecimal: f.template operator()<__int128>(); return true;
    default: return false;
  }
}

// ---- one field of one row, any type (nested values, constants, append()) --------------

int64_t encodedSize(const Column& c, int64_t row) {
  if (fieldIsNull(c, row)) return 1;
  int64_t r = c.isConstant() ? 0 : row;
  switch (c.typeId()) {
    case TypeId::kBoolean: return 2;
    case TypeId::kString:
    case TypeId::kBinary: return 5 + static_cast<int64_t>(c.stringAt(r).size());
    case TypeId::kArray:
    case TypeId::kMap: {
      int64_t n = 5;
      for (int32_t k = c.listBegin(r); k < c.listEnd(r); ++k) {
        for (const auto& child : c.children()) n += encodedSize(*child, k);
      }
      return n;
    }
    case TypeId::kStruct: {
      int64_t n = 1;
      for (const auto& child : c.children()) n += encodedSize(*child, r);
      return n;
    }
    default: return 1 + c.type()->byteWidth();
  }
}

inline char* putU32(char* p, uint32_t v) {
  std::memcpy(p, &v, 4);
  return p + 4;
}

char* encodeAt(const Column& c, int64_t row, char* p) {
  if (fieldIsNull(c, row)) {
    *p = kNullFlag;
    return p + 1;
  }
  *p++ = kValidFlag;
  int64_t r = c.isConstant() ? 0 : row;
  switch (c.typeId()) {
    case TypeId::kBoolean: *p++ = c.boolAt(r) ? 1 : 0; return p;
    case TypeId::kString:
    case TypeId::kBinary: {
      std::string_view s = c.stringAt(r);
      p = putU32(p, static_cast<uint32_t>(s.size()));
      if (!s.empty()) std::memcpy(p, s.data(), s.size());
      return p + s.size();
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      int32_t b = c.listBegin(r), e = c.listEnd(r);
      p = putU32(p, static_cast<uint32_t>(e - b));
      for (int32_t k = b; k < e; ++k) {
        for (const auto& child : c.children()) p = encodeAt(*child, k, p);
      }
      return p;
    }
    case TypeId::kStruct:
      for (const auto& child : c.children()) p = encodeAt(*child, r, p);
      return p;
    default:
      dispatchFixed(c.typeId(), [&]<typename T>() {
        T x = normalized(c.values<T>()[r]);
        std::memcpy(p, &x, sizeof(T));
        p += sizeof(T);
      });
      return p;
  }
}

// ---- decoding -------------------------------------------------------------------------

inline uint32_t getU32(const char* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Walks one field without building anything, so a bad row is rejected before any
// builder has grown. Returns the reason on failure.
const char* checkField(const DataType& t, const char*& p, const char* end) {
  if (p >= end) return "truncated";
  char flag = *p++;
  if (flag == kNullFlag) return nullptr;
  if (flag != kValidFlag) return "invalid null flag";
  auto need = [&](size_t n) { return static_cast<size_t>(end - p) >= n; };
  switch (t.id()) {
    case TypeId::kNull: return "a non-null value of type void";
    case TypeId::kBoolean:
      if (!need(1)) return "truncated";
      if (static_cast<uint8_t>(*p) > 1) return "invalid boolean";
      ++p;
      return nullptr;
    case TypeId::kString:
    case TypeId::kBinary: {
      if (!need(4)) return "truncated";
      uint32_t len = getU32(p);
      p += 4;
      if (!need(len)) return "truncated";
      p += len;
      return nullptr;
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      if (!need(4)) return "truncated";
      uint32_t count = getU32(p);
      p += 4;
      // Every element takes at least its flag byte, so a corrupt count fails fast.
      if (!need(count)) return "truncated";
      for (uint32_t k = 0; k < count; ++k) {
        for (const auto& f : t.fields()) {
          if (const char* why = checkField(*f.type, p, end)) return why;
        }
      }
      return nullptr;
    }
    case TypeId::kStruct:
      for (const auto& f : t.fields()) {
        if (const char* why = checkField(*f.type, p, end)) return why;
      }
      return nullptr;
    default: {
      auto w = static_cast<size_t>(t.byteWidth());
      if (!need(w)) return "truncated";
      p += w;
      return nullptr;
    }
  }
}

// Only called on bytes checkField accepted.
void decodeField(ColumnBuilder& b, const DataType& t, const char*& p) {
  if (*p++ == kNullFlag) {
    b.appendNull();
    return;
  }
  switch (t.id()) {
    case TypeId::kBoolean: b.appendBool(*p++ != 0); return;
    case TypeId::kString:
    case TypeId::kBinary: {
      uint32_t len = getU32(p);
      b.appendString({p + 4, len});
      p += 4 + len;
      return;
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      uint32_t count = getU32(p);
      p += 4;
      const auto& fields = t.fields();
      for (uint32_t k = 0; k < count; ++k) {
        for (size_t f = 0; f < fields.size(); ++f) decodeField(b.child(f), *fields[f].type, p);
      }
      b.closeList();
      return;
    }
    case TypeId::kStruct: {
      const auto& fields = t.fields();
      for (size_t f = 0; f < fields.size(); ++f) decodeField(b.child(f), *fields[f].type, p);
      b.closeStruct();
      return;
    }
    case TypeId::kFloat: {
      float x;
      std::memcpy(&x, p, 4);
      p += 4;
      b.appendDouble(x);
      return;
    }
    case TypeId::kDouble: {
      double x;
      std::memcpy(&x, p, 8);
      p += 8;
      b.appendDouble(x);
      return;
    }
    case TypeId::kDecimal: {
      __int128 x;
      std::memcpy(&x, p, 16);
      p += 16;
      b.appendDecimal(x);
      return;
    }
    default:
      dispatchFixed(t.id(), [&]<typename T>() {
        T x;
        std::memcpy(&x, p, sizeof(T));
        p += sizeof(T);
        if constexpr (std::is_integral_v<T> && sizeof(T) <= 8) b.appendInt(static_cast<int64_t>(x));
      });
      return;
  }
}

// ---- encodeAll's typed loops ----------------------------------------------------------

template <typename T>
void addFixedLengths(const Column& c, int64_t n, int64_t* len) {
  constexpr int64_t kValid = 1 + static_cast<int64_t>(sizeof(T));
  const uint8_t* valid = c.validityBits();
  if (!valid) {
    for (int64_t i = 0; i < n; ++i) len[i] += kValid;
  } else {
    for (int64_t i = 0; i < n; ++i) len[i] += bits::get(valid, i) ? kValid : 1;
  }
}

template <typename T>
void writeFixed(const Column& c, int64_t n, char* buf, int64_t* cur) {
  const T* v = c.values<T>();
  const uint8_t* valid = c.validityBits();
  for (int64_t i = 0; i < n; ++i) {
    char* p = buf + cur[i];
    if (valid && !bits::get(valid, i)) {
      *p = kNullFlag;
      cur[i] += 1;
      continue;
    }
    *p = kValidFlag;
    T x = normalized(v[i]);
    std::memcpy(p + 1, &x, sizeof(T));
    cur[i] += 1 + static_cast<int64_t>(sizeof(T));
  }
}

}  // namespace

RowEncoder::RowEncoder(std::vector<TypePtr> types) : types_(std::move(types)) {}

void RowEncoder::append(const std::vector<ColumnPtr>& columns, int64_t row, std::string& out) const {
  int64_t total = 0;
  for (const auto& c : columns) total += encodedSize(*c, row);
  size_t old = out.size();
  out.resize(old + static_cast<size_t>(total));
  char* p = out.data() + old;
  for (const auto& c : columns) p = encodeAt(*c, row, p);
}

void RowEncoder::encodeAll(const std::vector<ColumnPtr>& columns, int64_t n) {
  auto rows = static_cast<size_t>(n);
  offsets_.assign(rows + 1, 0);
  int64_t* len = offsets_.data() + 1;
  // Pass 1: each row's length, a column at a time.
  for (const auto& col : columns) {
    const Column& c = *col;
    if (c.isConstant() || c.typeId() == TypeId::kNull) {
      int64_t k = encodedSize(c, 0);
      for (int64_t i = 0; i < n; ++i) len[i] += k;
      continue;
    }
    const uint8_t* valid = c.validityBits();
    switch (c.typeId()) {
      case TypeId::kBoolean:
        for (int64_t i = 0; i < n; ++i) len[i] += !valid || bits::get(valid, i) ? 2 : 1;
        break;
      case TypeId::kString:
      case TypeId::kBinary: {
        const int32_t* o = c.offsets();
        for (int64_t i = 0; i < n; ++i) len[i] += !valid || bits::get(valid, i) ? 5 + o[i + 1] - o[i] : 1;
        break;
      }
      default:
        if (!dispatchFixed(c.typeId(), [&]<typename T>() { addFixedLengths<T>(c, n, len); })) {
          for (int64_t i = 0; i < n; ++i) len[i] += encodedSize(c, i);
        }
        break;
    }
  }
  for (size_t i = 0; i < rows; ++i) offsets_[i + 1] += offsets_[i];
  arena_.resize(static_cast<size_t>(offsets_[rows]));
  cursor_.assign(offsets_.begin(), offsets_.end() - 1);
  char* buf = arena_.data();
  int64_t* cur = cursor_.data();
  // Pass 2: the bytes, a column at a time.
  for (const auto& col : columns) {
    const Column& c = *col;
    if (c.isConstant() || c.typeId() == TypeId::kNull) {
      constant_.resize(static_cast<size_t>(encodedSize(c, 0)));
      encodeAt(c, 0, constant_.data());
      for (int64_t i = 0; i < n; ++i) {
        std::memcpy(buf + cur[i], constant_.data(), constant_.size());
        cur[i] += static_cast<int64_t>(constant_.size());
      }
      continue;
    }
    const uint8_t* valid = c.validityBits();
    switch (c.typeId()) {
      case TypeId::kBoolean: {
        const uint8_t* v = c.valuesBuffer()->data();
        for (int64_t i = 0; i < n; ++i) {
          char* p = buf + cur[i];
          if (valid && !bits::get(valid, i)) {
            *p = kNullFlag;
            cur[i] += 1;
          } else {
            p[0] = kValidFlag;
            p[1] = bits::get(v, i) ? 1 : 0;
            cur[i] += 2;
          }
        }
        break;
      }
      case TypeId::kString:
      case TypeId::kBinary: {
        const int32_t* o = c.offsets();
        const char* d = c.stringData();
        for (int64_t i = 0; i < n; ++i) {
          char* p = buf + cur[i];
          if (valid && !bits::get(valid, i)) {
            *p = kNullFlag;
            cur[i] += 1;
            continue;
          }
          auto l = static_cast<uint32_t>(o[i + 1] - o[i]);
          p[0] = kValidFlag;
          putU32(p + 1, l);
          if (l) std::memcpy(p + 5, d + o[i], l);
          cur[i] += 5 + l;
        }
        break;
      }
      default:
        if (!dispatchFixed(c.typeId(), [&]<typename T>() { writeFixed<T>(c, n, buf, cur); })) {
          for (int64_t i = 0; i < n; ++i) cur[i] = encodeAt(c, i, buf + cur[i]) - buf;
        }
        break;
    }
  }
}

RowDecoder::RowDecoder(std::vector<TypePtr> types) : types_(std::move(types)) {
  builders_.reserve(types_.size());
  for (const auto& t : types_) builders_.emplace_back(t);
}

Result<size_t> RowDecoder::append(std::string_view bytes) {
  const char* begin = bytes.data();
  const char* end = begin + bytes.size();
  const char* p = begin;
  for (size_t f = 0; f < types_.size(); ++f) {
    if (const char* why = checkField(*types_[f], p, end)) {
      return Status::ExecutionError("cannot decode an encoded row of {} bytes: {} in field {} ({})", bytes.size(),
                                    why, f, types_[f]->simpleString());
    }
  }
  p = begin;
  for (size_t f = 0; f < types_.size(); ++f) decodeField(builders_[f], *types_[f], p);
  ++rows_;
  return static_cast<size_t>(p - begin);
}

std::vector<ColumnPtr> RowDecoder::finish() {
  std::vector<ColumnPtr> out;
  out.reserve(builders_.size());
  for (auto& b : builders_) out.push_back(b.finish());
  rows_ = 0;
  return out;
}

}  // namespace spate
