#pragma once

// Shared pieces of the collection functions (arrays, maps, structs) and generators:
// per-element comparison in Spark's ordering, written as static functions so kernels
// templated on them compile to tight typed loops, and a builder for list columns whose
// elements are gathered from existing element columns with one take() per child.

#include <cmath>
#include <functional>
#include <string_view>
#include <type_traits>
#include <unordered_set>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/columnar/column.h"
#include "spate/expr/bound_expr.h"
#include "spate/expr/kernels.h"

namespace spate {

// Row of a possibly constant column.
inline int64_t physicalRow(const Column& c, int64_t i) { return c.isConstant() ? 0 : i; }

// Spark's total order of non-null values: NaN equals NaN and is above every number,
// -0.0 equals 0.0. Nulls inside nested values sort first.
int compareValuesAt(const Column& a, int64_t i, const Column& b, int64_t j);

template <typename T>
inline int compareScalars(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    bool nx = std::isnan(x), ny = std::isnan(y);
    if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
  }
  return x < y ? -1 : (y < x ? 1 : 0);
}

// Element operations for one physical type. compare/equal expect both values non-null.
template <typename T>
struct FixedElements {
  static constexpr bool kHashable = true;
  static T get(const Column& c, int64_t i) { return c.values<T>()[physicalRow(c, i)]; }
  static int compare(const Column& a, int64_t i, const Column& b, int64_t j) { return compareScalars(get(a, i), get(b, j)); }
  static bool equal(const Column& a, int64_t i, const Column& b, int64_t j) { return compare(a, i, b, j) == 0; }
  static size_t hash(const Column& c, int64_t i) {
    T v = get(c, i);
    if constexpr (std::is_floating_point_v<T>) {
      if (std::isnan(v)) return 0x7ff8000000000000ULL;
      if (v == 0) v = 0;  // -0.0 hashes as 0.0, as they are equal
      return std::hash<T>{}(v);
    } else if constexpr (std::is_same_v<T, __int128>) {
      return std::hash<int64_t>{}(static_cast<int64_t>(v)) ^ std::hash<int64_t>{}(static_cast<int64_t>(v >> 64));
    } else {
      return std::hash<T>{}(v);
    }
  }
};

struct StringElements {
  static constexpr bool kHashable = true;
  static int compare(const Column& a, int64_t i, const Column& b, int64_t j) {
    int c = a.stringAt(i).compare(b.stringAt(j));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  static bool equal(const Column& a, int64_t i, const Column& b, int64_t j) { return a.stringAt(i) == b.stringAt(j); }
  static size_t hash(const Column& c, int64_t i) { return std::hash<std::string_view>{}(c.stringAt(i)); }
};

struct BoolElements {
  static constexpr bool kHashable = true;
  static int compare(const Column& a, int64_t i, const Column& b, int64_t j) {
    return static_cast<int>(a.boolAt(i)) - static_cast<int>(b.boolAt(j));
  }
  static bool equal(const Column& a, int64_t i, const Column& b, int64_t j) { return a.boolAt(i) == b.boolAt(j); }
  static size_t hash(const Column& c, int64_t i) { return c.boolAt(i) ? 1 : 0; }
};

// Values of the null type are all null; two of them compare equal.
struct NullElements {
  static constexpr bool kHashable = true;
  static int compare(const Column&, int64_t, const Column&, int64_t) { return 0; }
  static bool equal(const Column&, int64_t, const Column&, int64_t) { return true; }
  static size_t hash(const Column&, int64_t) { return 0; }
};

// Arrays, maps and structs: the recursive, slower path.
struct NestedElements {
  static constexpr bool kHashable = false;
  static int compare(const Column& a, int64_t i, const Column& b, int64_t j) { return compareValuesAt(a, i, b, j); }
  static bool equal(const Column& a, int64_t i, const Column& b, int64_t j) { return compareValuesAt(a, i, b, j) == 0; }
  static size_t hash(const Column&, int64_t) { return 0; }
};

// Calls f.template operator()<Ops>() with the element operations of type t.
template <typename F>
decltype(auto) dispatchElements(const DataType& t, F&& f) {
  switch (t.id()) {
    case TypeId::kBoolean: return f.template operator()<BoolElements>();
    case TypeId::kString:
    case TypeId::kBinary: return f.template operator()<StringElements>();
    case TypeId::kNull: return f.template operator()<NullElements>();
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct: return f.template operator()<NestedElements>();
    default:
      return dispatchFixedWidth(t.id(), [&]<typename T>() -> decltype(auto) {
        return f.template operator()<FixedElements<T>>();
      });
  }
}

// The distinct non-null elements of one row seen so far (array_distinct, map key
// checks). Small rows use a linear scan; large rows of hashable types a hash set, so
// long arrays stay linear. Reused across rows: clear() keeps the allocations.
template <typename Ops>
class ElementSet {
 public:
  explicit ElementSet(const Column& elements)
      : elements_(&elements), hashed_(0, Hash{&elements}, Equal{&elements}) {}
  void clear() {
    kept_.clear();
    hashed_.clear();
  }
  // Adds element i; false when an equal element is already there.
  bool insert(int32_t i) {
    if constexpr (Ops::kHashable) {
      if (!hashed_.empty()) return hashed_.insert(i).second;
      if (kept_.size() >= kLinearLimit) {
        hashed_.insert(kept_.begin(), kept_.end());
        return hashed_.insert(i).second;
      }
    }
    for (int32_t k : kept_) {
      if (Ops::equal(*elements_, k, *elements_, i)) return false;
    }
    kept_.push_back(i);
    return true;
  }

 private:
  static constexpr size_t kLinearLimit = 16;
  struct Hash {
    const Column* c;
    size_t operator()(int32_t i) const { return Ops::hash(*c, i); }
  };
  struct Equal {
    const Column* c;
    bool operator()(int32_t x, int32_t y) const { return Ops::equal(*c, x, *c, y); }
  };
  const Column* elements_;
  std::vector<int32_t> kept_;
  std::unordered_set<int32_t, Hash, Equal> hashed_;
};

// Builds an array or map column row by row from indices into existing element columns
// (-1 for a null element); finish() gathers each element column once with take().
class GatherListBuilder {
 public:
  GatherListBuilder(TypePtr type, int64_t rows);
  void add(int32_t elementIndex) { indices_.push_back(elementIndex); }
  void closeRow();
  void nullRow();
  std::vector<int32_t>& indices() { return indices_; }
  // One element column per child of the list type (array: 1, map: 2).
  ColumnPtr finish(const std::vector<ColumnPtr>& elementColumns);

 private:
  TypePtr type_;
  int64_t rows_;
  int64_t row_ = 0;
  BufferPtr offsets_;
  ValidityBuilder validity_;
  std::vector<int32_t> indices_;
};

// A list column over existing buffers: offsets (rows+1 int32) and element children.
ColumnPtr makeListColumn(TypePtr type, int64_t rows, BufferPtr validity, BufferPtr offsets,
                         std::vector<ColumnPtr> children, bool constant = false);

// The name Spark gives a struct field made from an expression: the column or struct
// field name for a column reference (a, s.b), else empty (the caller numbers it).
std::string fieldNameOf(const BoundExprPtr& e);

// commonType (type_coercion.h) extended to nested types as Spark's
// findWiderCommonType: structs with the same field names widen field by field, maps
// key and value, arrays their elements. nullptr when there is no common type.
TypePtr commonNestedType(const std::vector<TypePtr>& types);

// "array<int>"-style name of an expression's type for messages.
inline std::string typeNameOf(const BoundExprPtr& e) { return e->type()->simpleString(); }

}  // namespace spate
