#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

#include "spate/types/data_type.h"

namespace spate {

class Value;
using ValueList = std::vector<Value>;

// A map's entries as two parallel lists.
struct MapEntries {
  ValueList keys;
  ValueList values;
};

// One scalar value, as literals, collect() rows and inline tables carry them. The
// data type lives beside it (a schema or a literal's type): integers of every width,
// dates, timestamps and intervals are held as int64; float and double as double;
// decimals as their unscaled 128-bit integer; string and binary as bytes; arrays and
// structs as lists; maps as MapEntries.
class Value {
 public:
  using Int128 = __int128;
  using Storage = std::variant<std::monostate, bool, int64_t, double, Int128, std::string,
                               std::shared_ptr<const ValueList>, std::shared_ptr<const MapEntries>>;

  Value() = default;
  static Value null() { return Value(); }
  static Value boolean(bool b) { return Value(Storage(b)); }
  static Value integer(int64_t v) { return Value(Storage(v)); }
  static Value fractional(double v) { return Value(Storage(v)); }
  static Value decimal(Int128 unscaled) { return Value(Storage(unscaled)); }
  static Value string(std::string s) { return Value(Storage(std::move(s))); }
  static Value list(ValueList items) {
    return Value(Storage(std::make_shared<const ValueList>(std::move(items))));
  }
  static Value map(ValueList keys, ValueList values) {
    return Value(Storage(std::make_shared<const MapEntries>(MapEntries{std::move(keys), std::move(values)})));
  }

  bool isNull() const { return std::holds_alternative<std::monostate>(v_); }
  bool asBool() const { return std::get<bool>(v_); }
  int64_t asInt() const { return std::get<int64_t>(v_); }
  double asDouble() const { return std::get<double>(v_); }
  Int128 asDecimal() const { return std::get<Int128>(v_); }
  const std::string& asString() const { return std::get<std::string>(v_); }
  const ValueList& asList() const { return *std::get<std::shared_ptr<const ValueList>>(v_); }
  const MapEntries& asMap() const { return *std::get<std::shared_ptr<const MapEntries>>(v_); }
  const Storage& storage() const { return v_; }

  // Numeric view for any numeric storage (integers, doubles, decimals need the scale).
  double toDouble(int decimalScale = 0) const;

  // As Spark's show() and collect() print it, given its type: 1, 2.5, abc, [1, 2],
  // {a -> 1}, {1, x}, 2024-01-02 03:04:05, null. Binary prints as [0A 1B].
  std::string toString(const DataType& type) const;

  bool operator==(const Value& other) const { return v_ == other.v_; }

 private:
  explicit Value(Storage v) : v_(std::move(v)) {}
  Storage v_;
};

// Decimal helpers shared by casts, formatting and arithmetic.
std::string formatDecimal(Value::Int128 unscaled, int scale);
Value::Int128 pow10i128(int n);

}  // namespace spate
