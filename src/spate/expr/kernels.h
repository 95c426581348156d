#pragma once

// Building blocks for vectorized kernels: typed argument readers that hide constant
// columns, null propagation, and loops that the compiler can inline the per-row lambda
// into. Every scalar function is written with these, so no kernel pays a virtual call
// or an allocation per row.

#include <cstring>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/columnar/column.h"

namespace spate {

template <typename T>
struct FixedArg {
  const T* data;
  bool constant;
  explicit FixedArg(const Column& c) : data(c.values<T>()), constant(c.isConstant()) {}
  T operator[](int64_t i) const { return data[constant ? 0 : i]; }
};

struct StringArg {
  const Column* col;
  explicit StringArg(const Column& c) : col(&c) {}
  std::string_view operator[](int64_t i) const { return col->stringAt(i); }
};

struct BoolArg {
  const uint8_t* bitmap;
  bool constant;
  explicit BoolArg(const Column& c) : bitmap(c.valuesBuffer()->data()), constant(c.isConstant()) {}
  bool operator[](int64_t i) const { return bits::get(bitmap, constant ? 0 : i); }
};

// Validity of the AND of the arguments' validities (SQL's "any null in, null out"),
// or nullptr when no argument has nulls.
BufferPtr combineValidity(const std::vector<ColumnPtr>& args, int64_t n);
// True when some argument is null at row i.
inline bool anyNull(const std::vector<ColumnPtr>& args, int64_t i) {
  for (const auto& a : args) {
    if (a->isNull(i)) return true;
  }
  return false;
}

// out[i] = f(in[i]); nulls propagate.
template <typename Out, typename In, typename F>
ColumnPtr unaryFixed(const ColumnPtr& in, const TypePtr& outType, int64_t n, F f) {
  FixedColumnBuilder<Out> out(outType, n);
  Out* o = out.data();
  FixedArg<In> a(*in);
  if (a.constant) {
    Out v = f(a.data[0]);
    for (int64_t i = 0; i < n; ++i) o[i] = v;
  } else {
    for (int64_t i = 0; i < n; ++i) o[i] = f(a.data[i]);
  }
  out.shareValidity(combineValidity({in}, n));
  return out.finish();
}

// out[i] = f(a[i], b[i]); nulls propagate. Loops are specialized for constant sides.
template <typename Out, typename A, typename B, typename F>
ColumnPtr binaryFixed(const ColumnPtr& ca, const ColumnPtr& cb, const TypePtr& outType, int64_t n, F f) {
  FixedColumnBuilder<Out> out(outType, n);
  Out* o = out.data();
  const A* a = ca->values<A>();
  const B* b = cb->values<B>();
  bool ka = ca->isConstant(), kb = cb->isConstant();
  if (!ka && !kb) {
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i], b[i]);
  } else if (!ka) {
    B bv = b[0];
    for (int64_t i = 0; i < n; ++i) o[i] = f(a[i], bv);
  } else if (!kb) {
    A av = a[0];
    for (int64_t i = 0; i < n; ++i) o[i] = f(av, b[i]);
  } else {
    Out v = f(a[0], b[0]);
    for (int64_t i = 0; i < n; ++i) o[i] = v;
  }
  out.shareValidity(combineValidity({ca, cb}, n));
  return out.finish();
}

// Boolean result of a per-row predicate over fixed-width arguments, packed into bits.
template <typename A, typename B, typename F>
ColumnPtr compareFixed(const ColumnPtr& ca, const ColumnPtr& cb, int64_t n, F f) {
  BooleanColumnBuilder out(n);
  uint8_t* bitsOut = out.bitmap();
  const A* a = ca->values<A>();
  const B* b = cb->values<B>();
  bool ka = ca->isConstant(), kb = cb->isConstant();
  uint8_t tmp[64];
  for (int64_t base = 0; base < n; base += 64) {
    int64_t m = std::min<int64_t>(64, n - base);
    if (!ka && !kb) {
      for (int64_t j = 0; j < m; ++j) tmp[j] = f(a[base + j], b[base + j]);
    } else if (!ka) {
      for (int64_t j = 0; j < m; ++j) tmp[j] = f(a[base + j], b[0]);
    } else if (!kb) {
      for (int64_t j = 0; j < m; ++j) tmp[j] = f(a[0], b[base + j]);
    } else {
      for (int64_t j = 0; j < m; ++j) tmp[j] = f(a[0], b[0]);
    }
    bits::packBytes(tmp, m, bitsOut + base / 8);
  }
  out.shareValidity(combineValidity({ca, cb}, n));
  return out.finish();
}

// Boolean result of pred(i) for each row; rows where an argument is null are null.
template <typename F>
ColumnPtr buildBooleans(int64_t n, const std::vector<ColumnPtr>& args, F pred) {
  BooleanColumnBuilder out(n);
  BufferPtr validity = combineValidity(args, n);
  const uint8_t* v = validity ? validity->data() : nullptr;
  for (int64_t i = 0; i < n; ++i) {
    if (!v || bits::get(v, i)) out.set(i, pred(i));
  }
  out.shareValidity(validity);
  return out.finish();
}

// Fixed-width result of f(i) for each row; rows where an argument is null are null.
template <typename Out, typename F>
ColumnPtr buildFixed(int64_t n, const TypePtr& outType, const std::vector<ColumnPtr>& args, F f) {
  FixedColumnBuilder<Out> out(outType, n);
  BufferPtr validity = combineValidity(args, n);
  const uint8_t* v = validity ? validity->data() : nullptr;
  Out* o = out.data();
  for (int64_t i = 0; i < n; ++i) {
    if (!v || bits::get(v, i)) o[i] = f(i);
  }
  out.shareValidity(validity);
  return out.finish();
}

// Like buildFixed, but f(i, Out& result) returns false to make row i null (e.g. a
// string that does not parse as a number).
template <typename Out, typename F>
ColumnPtr buildFixedOrNull(int64_t n, const TypePtr& outType, const std::vector<ColumnPtr>& args, F f) {
  FixedColumnBuilder<Out> out(outType, n);
  Out* o = out.data();
  for (int64_t i = 0; i < n; ++i) {
    if (anyNull(args, i) || !f(i, o[i])) out.setNull(i);
  }
  return out.finish();
}

// String (or binary) result: f(i, StringColumnBuilder&) appends exactly one value or
// null for row i; rows where an argument is null are appended as null without calling f.
template <typename F>
ColumnPtr buildStrings(int64_t n, const TypePtr& outType, const std::vector<ColumnPtr>& args, F f) {
  StringColumnBuilder out(outType, n, n * 8);
  for (int64_t i = 0; i < n; ++i) {
    if (anyNull(args, i)) {
      out.appendNull();
    } else {
      f(i, out);
    }
  }
  return out.finish();
}

// Calls f.template operator()<T>() with T the storage type of a fixed-width type id.
template <typename F>
decltype(auto) dispatchFixedWidth(TypeId id, F&& f) {
  switch (id) {
    case TypeId::kByte: return f.template operator()<int8_t>();
    case TypeId::kShort: return f.template operator()<int16_t>();
    case TypeId::kInt:
    case TypeId::kDate: return f.template operator()<int32_t>();
    case TypeId::kFloat: return f.template operator()<float>();
    case TypeId::kDouble: return f.template operator()<double>();
    case TypeId::kDecimal: return f.template operator()<__int128>();
    default: return f.template operator()<int64_t>();  // long, timestamp, interval
  }
}

}  // namespace spate
