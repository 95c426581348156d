#pragma once

// Building blocks shared by the aggregate states. States keep their per-group data in
// plain vectors indexed by group id (so they can later be serialized per group), read
// argument columns in typed loops, and build their result columns here.

#include <bit>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <type_traits>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/columnar/column.h"
#include "spate/expr/function_registry.h"

namespace spate::agg {

// ---- reading arguments ---------------------------------------------------------------

// Where a (flattened) argument column is null: bits is its validity bitmap or nullptr
// when no row is null; allNull when every row is (null type, null constant).
struct RowValidity {
  const uint8_t* bits = nullptr;
  bool allNull = false;
  bool valid(int64_t i) const { return !bits || bits::get(bits, i); }
};
RowValidity validityOf(const Column& c);

// Calls f(i) for each row i < n that is valid, with a branch-free loop when no row is
// null.
template <typename F>
inline void forEachValid(const RowValidity& v, int64_t n, F&& f) {
  if (v.allNull) return;
  if (!v.bits) {
    for (int64_t i = 0; i < n; ++i) f(i);
  } else {
    for (int64_t i = 0; i < n; ++i) {
      if (bits::get(v.bits, i)) f(i);
    }
  }
}

// A full-length copy of each constant argument (rare: aggregates over literals).
std::vector<ColumnPtr> flattenAll(const std::vector<ColumnPtr>& args);

// Folds the chosen rows (row indices into args) into inner: the first numArgs arguments
// and the rows' group ids gathered (groups is scratch space kept by the caller).
void updateRows(AggregateState& inner, const std::vector<ColumnPtr>& args, size_t numArgs, const uint32_t* groupIds,
                const std::vector<int32_t>& rows, std::vector<uint32_t>& groups);

// True when the type is a null literal's type; such an argument is null on every row.
inline bool isNullType(const DataType& t) { return t.id() == TypeId::kNull; }

// Types an aggregate that takes numbers accepts through Spark's implicit casts:
// numbers, strings (cast to double) and null.
bool isImplicitlyNumeric(const DataType& t);

// The boolean literal value of a flag argument (first(x, true)), or a TypeError naming
// the function when the argument is not a boolean literal.
Result<bool> booleanLiteralArg(const BoundExprPtr& arg, const std::string& function, const std::string& what);

// ---- ordering ------------------------------------------------------------------------

// Spark's ordering of one fixed-width type: NaN above every number and equal to itself,
// -0.0 equal to 0.0.
template <typename T>
inline int compareOrdered(T a, T b) {
  if constexpr (std::is_floating_point_v<T>) {
    bool na = std::isnan(a), nb = std::isnan(b);
    if (na || nb) return na == nb ? 0 : (na ? 1 : -1);
  }
  return a < b ? -1 : (b < a ? 1 : 0);
}

// Whether min/max/max_by may order values of the type (every atomic type; arrays and
// structs of orderable types; not maps).
bool isOrderable(const DataType& t);
// Spark's ordering of boxed values of one type; nested nulls sort first.
int compareValues(const Value& a, const Value& b, const DataType& type);

// ---- building results ----------------------------------------------------------------

// A column of n values with row g null where valid[g] is 0.
template <typename T>
ColumnPtr fixedResult(const TypePtr& type, const std::vector<T>& values, const std::vector<uint8_t>* valid, int64_t n) {
  FixedColumnBuilder<T> out(type, n);
  T* o = out.data();
  for (int64_t g = 0; g < n; ++g) o[g] = values[static_cast<size_t>(g)];
  if (valid) {
    for (int64_t g = 0; g < n; ++g) {
      if (!(*valid)[static_cast<size_t>(g)]) out.setNull(g);
    }
  }
  return out.finish();
}
ColumnPtr booleanResult(const std::vector<uint8_t>& values, const std::vector<uint8_t>* valid, int64_t n);
ColumnPtr stringResult(const TypePtr& type, const std::vector<std::string>& values, const std::vector<uint8_t>* valid,
                       int64_t n);
ColumnPtr valueResult(const TypePtr& type, const std::vector<Value>& values, const std::vector<uint8_t>* valid,
                      int64_t n);
// An array column whose row g holds items [offsets[g], offsets[g+1]).
ColumnPtr arrayResult(const TypePtr& arrayType, std::vector<int32_t> offsets, ColumnPtr items);

// ---- per-group state bytes -------------------------------------------------------------

// A group's serialized state (AggregateState::serializeGroup) is its fields in a fixed
// order: fixed-width numbers as their little-endian bytes, byte strings with a u32
// length first, values as putValue writes them. No version or type tag: the reader
// knows the aggregate and its types.
static_assert(std::endian::native == std::endian::little, "state bytes are the host's: little-endian");

template <typename T>
inline void putFixed(std::string& out, T v) {
  static_assert(std::is_trivially_copyable_v<T>);
  out.append(reinterpret_cast<const char*>(&v), sizeof v);
}
inline void putBytes(std::string& out, std::string_view s) {
  putFixed(out, static_cast<uint32_t>(s.size()));
  out.append(s);
}
// A value of the type, exactly (floats not normalized): a null byte (0 null, 1 not),
// then the value in encodeValue's layout.
void putValue(const Value& v, const DataType& type, std::string& out);
// The bytes putValue(c.valueAt(row), ...) writes, without boxing atomic values.
void putColumnValue(const Column& c, int64_t row, std::string& out);

// Reads one group's state bytes. Every read is bounds-checked; the first failure sticks
// (later reads return zeros) and finish() reports it as "corrupt aggregate state for
// <aggregate>: <why>", so a state commits what it read only after finish() is OK.
class StateReader {
 public:
  // Also fails at once when g is not below numGroups: no state reads past its groups.
  StateReader(std::string_view in, const char* aggregate, uint32_t g, size_t numGroups)
      : in_(in), aggregate_(aggregate) {
    if (g >= numGroups) fail("group id out of range");
  }

  template <typename T>
  T get() {
    static_assert(std::is_trivially_copyable_v<T>);
    T v{};
    if (const char* p = take(sizeof(T))) std::memcpy(&v, p, sizeof(T));
    return v;
  }
  // A byte that must be at most max (flags, enums).
  uint8_t getSmall(uint8_t max) {
    auto v = get<uint8_t>();
    if (v > max) fail("invalid flag byte");
    return ok() ? v : 0;
  }
  // n raw bytes; empty on failure.
  std::string_view getRaw(size_t n) {
    const char* p = take(n);
    return p ? std::string_view(p, n) : std::string_view();
  }
  // A u32-length-prefixed byte string (as putBytes wrote it).
  std::string_view getBytes() { return getRaw(get<uint32_t>()); }
  // A u32 item count, failing when count items of at least itemBytes each cannot fit in
  // what is left: a corrupt count never makes the caller allocate or loop for nothing.
  uint32_t getCount(size_t itemBytes) {
    auto n = get<uint32_t>();
    if (ok() && static_cast<uint64_t>(n) * itemBytes > remaining()) fail("truncated");
    return ok() ? n : 0;
  }
  // A value as putValue wrote it; null on failure.
  Value getValue(const DataType& type);

  void fail(const char* why) {
    if (!error_) error_ = why;
  }
  bool ok() const { return error_ == nullptr; }
  size_t remaining() const { return in_.size() - pos_; }
  // OK when every read succeeded and all bytes were read.
  Status finish() const;

 private:
  const char* take(size_t n) {
    if (error_) return nullptr;
    if (n > remaining()) {
      fail("truncated");
      return nullptr;
    }
    const char* p = in_.data() + pos_;
    pos_ += n;
    return p;
  }

  std::string_view in_;
  size_t pos_ = 0;
  const char* aggregate_;
  const char* error_ = nullptr;
};

// ---- one value per group, of any type --------------------------------------------------

// Slots hold one value per group for min/max/first/last/max_by. Each kind reads its
// argument through an Input bound once per batch (a typed pointer for fixed-width
// types), so the per-row calls inline into the state's loop. Validity is the state's.
// For merging states, a value read from state bytes is a Held (read), which compares
// with a group's value (compareHeld) and replaces it (assign).
template <typename T>
struct FixedSlots {
  using Input = const T*;
  explicit FixedSlots(TypePtr t) : type(std::move(t)) {}
  static Input input(const Column& c) { return c.values<T>(); }
  void resize(int64_t n) { values.resize(static_cast<size_t>(n)); }
  void set(uint32_t g, Input in, int64_t i) { values[g] = in[i]; }
  // <0, 0, >0 as the group's value orders before, with, after row i.
  int compare(uint32_t g, Input in, int64_t i) const { return compareOrdered(values[g], in[i]); }
  ColumnPtr finish(const std::vector<uint8_t>& valid, int64_t n) const { return fixedResult(type, values, &valid, n); }
  int64_t memoryBytes() const { return static_cast<int64_t>(values.capacity() * sizeof(T)); }
  // The group's value alone: its validity is the state's. deserialize writes the slot
  // when its read succeeds, before the state's finish(): harmless, as a slot means
  // nothing until the state marks it valid, which it does only after finish() is OK.
  void serialize(uint32_t g, std::string& out) const { putFixed(out, values[g]); }
  void deserialize(uint32_t g, StateReader& r) {
    T v = r.get<T>();
    if (r.ok()) values[g] = v;
  }
  using Held = T;
  static Held read(StateReader& r) { return r.get<T>(); }
  int compareHeld(uint32_t g, const Held& v) const { return compareOrdered(values[g], v); }
  void assign(uint32_t g, Held v) { values[g] = v; }

  TypePtr type;
  std::vector<T> values;
};

struct BoolSlots {
  using Input = const uint8_t*;
  explicit BoolSlots(TypePtr t) : type(std::move(t)) {}
  static Input input(const Column& c) { return c.valuesBuffer()->data(); }
  void resize(int64_t n) { values.resize(static_cast<size_t>(n)); }
  void set(uint32_t g, Input in, int64_t i) { values[g] = bits::get(in, i); }
  int compare(uint32_t g, Input in, int64_t i) const { return compareOrdered<int>(values[g], bits::get(in, i)); }
  ColumnPtr finish(const std::vector<uint8_t>& valid, int64_t n) const { return booleanResult(values, &valid, n); }
  int64_t memoryBytes() const { return static_cast<int64_t>(values.capacity()); }
  void serialize(uint32_t g, std::string& out) const { out.push_back(static_cast<char>(values[g])); }
  void deserialize(uint32_t g, StateReader& r) {
    uint8_t v = r.getSmall(1);
    if (r.ok()) values[g] = v;
  }
  using Held = uint8_t;
  static Held read(StateReader& r) { return r.getSmall(1); }
  int compareHeld(uint32_t g, const Held& v) const { return compareOrdered<int>(values[g], v); }
  void assign(uint32_t g, Held v) { values[g] = v; }

  TypePtr type;
  std::vector<uint8_t> values;
};

// Strings and binaries by bytes; a group's string reallocates only when it grows.
struct StringSlots {
  using Input = const Column*;
  explicit StringSlots(TypePtr t) : type(std::move(t)) {}
  static Input input(const Column& c) { return &c; }
  void resize(int64_t n) { values.resize(static_cast<size_t>(n)); }
  void set(uint32_t g, Input in, int64_t i) {
    std::string_view s = in->stringAt(i);
    bytes_ += static_cast<int64_t>(s.size()) - static_cast<int64_t>(values[g].size());
    values[g].assign(s.data(), s.size());
  }
  int compare(uint32_t g, Input in, int64_t i) const {
    int c = std::string_view(values[g]).compare(in->stringAt(i));
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  ColumnPtr finish(const std::vector<uint8_t>& valid, int64_t n) const { return stringResult(type, values, &valid, n); }
  int64_t memoryBytes() const { return static_cast<int64_t>(values.capacity() * sizeof(std::string)) + bytes_; }
  void serialize(uint32_t g, std::string& out) const { putBytes(out, values[g]); }
  void deserialize(uint32_t g, StateReader& r) {
    std::string_view s = r.getBytes();
    if (r.ok()) assign(g, s);
  }
  // A view into the reader's bytes: valid while they are.
  using Held = std::string_view;
  static Held read(StateReader& r) { return r.getBytes(); }
  int compareHeld(uint32_t g, const Held& v) const {
    int c = std::string_view(values[g]).compare(v);
    return c < 0 ? -1 : (c > 0 ? 1 : 0);
  }
  void assign(uint32_t g, Held s) {
    bytes_ += static_cast<int64_t>(s.size()) - static_cast<int64_t>(values[g].size());
    values[g].assign(s.data(), s.size());
  }

  TypePtr type;
  std::vector<std::string> values;
  int64_t bytes_ = 0;
};

// Any other type (arrays, maps, structs, null), boxed: the slow path, allocating
// whenever a group's value is set.
struct ValueSlots {
  using Input = const Column*;
  explicit ValueSlots(TypePtr t) : type(std::move(t)) {}
  static Input input(const Column& c) { return &c; }
  void resize(int64_t n) { values.resize(static_cast<size_t>(n)); }
  void set(uint32_t g, Input in, int64_t i) { values[g] = in->valueAt(i); }
  int compare(uint32_t g, Input in, int64_t i) const { return compareValues(values[g], in->valueAt(i), *type); }
  ColumnPtr finish(const std::vector<uint8_t>& valid, int64_t n) const { return valueResult(type, values, &valid, n); }
  int64_t memoryBytes() const { return static_cast<int64_t>(values.capacity() * sizeof(Value)) * 2; }
  void serialize(uint32_t g, std::string& out) const { putValue(values[g], *type, out); }
  void deserialize(uint32_t g, StateReader& r) {
    Value v = r.getValue(*type);
    if (r.ok()) values[g] = std::move(v);
  }
  using Held = Value;
  Held read(StateReader& r) const { return r.getValue(*type); }
  int compareHeld(uint32_t g, const Held& v) const { return compareValues(values[g], v, *type); }
  void assign(uint32_t g, Held v) { values[g] = std::move(v); }

  TypePtr type;
  std::vector<Value> values;
};

// Calls f.template operator()<S>() with S the slots kind for values of type t.
template <typename F>
decltype(auto) dispatchSlots(const DataType& t, F&& f) {
  switch (t.id()) {
    case TypeId::kBoolean: return f.template operator()<BoolSlots>();
    case TypeId::kString:
    case TypeId::kBinary: return f.template operator()<StringSlots>();
    case TypeId::kByte: return f.template operator()<FixedSlots<int8_t>>();
    case TypeId::kShort: return f.template operator()<FixedSlots<int16_t>>();
    case TypeId::kInt:
    case TypeId::kDate: return f.template operator()<FixedSlots<int32_t>>();
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kInterval: return f.template operator()<FixedSlots<int64_t>>();
    case TypeId::kFloat: return f.template operator()<FixedSlots<float>>();
    case TypeId::kDouble: return f.template operator()<FixedSlots<double>>();
    case TypeId::kDecimal: return f.template operator()<FixedSlots<__int128>>();
    default: return f.template operator()<ValueSlots>();
  }
}

// ---- byte keys for DISTINCT and collect_set --------------------------------------------

// Encodes each row of a set of columns as one byte string, a column at a time, so rows
// compare and hash as bytes: equal keys iff equal values (floats normalized: every NaN
// alike, -0.0 as 0.0). An optional 4-byte prefix per row (the group id) comes first.
class RowKeyEncoder {
 public:
  void encode(const std::vector<ColumnPtr>& columns, const uint32_t* prefix, int64_t n);
  std::string_view key(int64_t i) const {
    auto b = static_cast<size_t>(offsets_[static_cast<size_t>(i)]);
    auto e = static_cast<size_t>(offsets_[static_cast<size_t>(i) + 1]);
    return {buf_.data() + b, e - b};
  }

 private:
  std::vector<char> buf_;
  std::vector<int64_t> offsets_;
  std::vector<int64_t> cursor_;
  std::string scratch_;
  std::vector<int64_t> scratchOffsets_;
};

// Appends the encoding of a boxed value (the nested-type path of RowKeyEncoder).
void encodeValue(const Value& v, const DataType& type, std::string& out);

// A set of byte strings: open addressing over 32-byte slots holding the hash and
// either the key itself (up to 16 bytes: a group id and one fixed-width value) or its
// offset in one arena, so most probes touch a single cache line.
class ByteSet {
 public:
  // True when key was not yet in the set (it is now).
  bool insert(std::string_view key, uint64_t hash);
  // Whether key is in the set.
  bool contains(std::string_view key, uint64_t hash) const;
  // Hints that insert(_, hash) comes soon, so its slot is fetched meanwhile.
  void prefetch(uint64_t hash) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[static_cast<size_t>(hash) & (slots_.size() - 1)]);
  }
  int64_t size() const { return size_; }
  // Calls f(key) for every key, in no particular order; keys stay valid until the next
  // insert.
  template <typename F>
  void forEach(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.len == kEmpty) continue;
      if (s.len <= kInline) {
        f(std::string_view(s.key, s.len));
      } else {
        int64_t offset;
        std::memcpy(&offset, s.key, sizeof offset);
        f(std::string_view(arena_.data() + offset, s.len));
      }
    }
  }
  // As forEach, with each key's insertion rank (0 for the first key inserted...), so
  // keys can be listed in the order they came.
  template <typename F>
  void forEachRanked(F&& f) const {
    for (const Slot& s : slots_) {
      if (s.len == kEmpty) continue;
      if (s.len <= kInline) {
        f(std::string_view(s.key, s.len), s.rank);
      } else {
        int64_t offset;
        std::memcpy(&offset, s.key, sizeof offset);
        f(std::string_view(arena_.data() + offset, s.len), s.rank);
      }
    }
  }
  int64_t memoryBytes() const {
    return static_cast<int64_t>(slots_.capacity() * sizeof(Slot) + arena_.capacity());
  }

 private:
  static constexpr uint32_t kEmpty = UINT32_MAX;
  static constexpr size_t kInline = 16;
  struct alignas(32) Slot {
    uint64_t hash;
    uint32_t len;  // kEmpty: a free slot
    uint32_t rank;  // insertion order (fills what would be padding)
    char key[kInline];  // the key when len <= kInline, else its int64 offset in arena_
  };
  static_assert(sizeof(Slot) == 32);
  // The slot holding key, or the free slot where it would go.
  size_t find(std::string_view key, uint64_t hash) const;
  void grow();

  std::vector<Slot> slots_;
  std::vector<char> arena_;
  int64_t size_ = 0;
};

// ---- helpers for resolvers -----------------------------------------------------------

// "sum() requires a numeric or interval argument, got boolean".
Status argumentTypeError(const std::string& function, const std::string& expected, const DataType& actual);

// A ResolvedAggregate whose create() makes a State constructed from args.
template <typename State, typename... A>
ResolvedAggregate makeResolved(TypePtr type, bool nullable, A... args) {
  ResolvedAggregate r;
  r.type = std::move(type);
  r.nullable = nullable;
  r.create = [args...]() -> std::unique_ptr<AggregateState> { return std::make_unique<State>(args...); };
  return r;
}

}  // namespace spate::agg
