#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace spate {

// Spark SQL's data types. Physical layout (see columnar/column.h) follows Arrow:
// boolean is bit-packed, byte..long are int8..int64, date is int32 days since
// 1970-01-01, timestamp is int64 microseconds UTC, interval is int64 microseconds
// (Spark's day-time interval), decimal is a 128-bit unscaled integer.
enum class TypeId : uint8_t {
  kNull,
  kBoolean,
  kByte,
  kShort,
  kInt,
  kLong,
  kFloat,
  kDouble,
  kDecimal,
  kString,
  kBinary,
  kDate,
  kTimestamp,
  kInterval,
  kArray,
  kMap,
  kStruct,
};

class DataType;
using TypePtr = std::shared_ptr<const DataType>;

struct Field {
  std::string name;
  TypePtr type;
  bool nullable = true;
};

class DataType {
 public:
  TypeId id() const { return id_; }

  // decimal
  int precision() const { return precision_; }
  int scale() const { return scale_; }
  // array: element; map: key and value
  const TypePtr& elementType() const { return children_[0].type; }
  bool containsNull() const { return children_[0].nullable; }
  const TypePtr& keyType() const { return children_[0].type; }
  const TypePtr& valueType() const { return children_[1].type; }
  bool valueContainsNull() const { return children_[1].nullable; }
  // struct fields; for array/map the children above as fields
  const std::vector<Field>& fields() const { return children_; }
  int fieldIndex(std::string_view name) const;  // case-insensitive, -1 if absent

  bool isNumeric() const;
  bool isIntegral() const;  // byte, short, int, long
  bool isFractional() const { return id_ == TypeId::kFloat || id_ == TypeId::kDouble; }
  bool isStringLike() const { return id_ == TypeId::kString || id_ == TypeId::kBinary; }
  bool isNested() const { return id_ == TypeId::kArray || id_ == TypeId::kMap || id_ == TypeId::kStruct; }
  // Bytes per value of the fixed-width value buffer; 0 for boolean (bits) and variable types.
  int byteWidth() const;

  // Spark's simpleString: "int", "bigint", "array<string>", "struct<a:int,b:string>".
  std::string simpleString() const;
  // Spark's typeName as printSchema shows it: "integer", "long", "string".
  std::string typeName() const;
  // DDL spelling: "INT", "ARRAY<STRING>", "STRUCT<a: INT>".
  std::string ddl() const;

  bool equals(const DataType& other) const;

  static TypePtr null();
  static TypePtr boolean();
  static TypePtr byte_();
  static TypePtr short_();
  static TypePtr int_();
  static TypePtr long_();
  static TypePtr float_();
  static TypePtr double_();
  static TypePtr string();
  static TypePtr binary();
  static TypePtr date();
  static TypePtr timestamp();
  static TypePtr interval();
  static TypePtr decimal(int precision, int scale);
  static TypePtr array(TypePtr element, bool containsNull = true);
  static TypePtr map(TypePtr key, TypePtr value, bool valueContainsNull = true);
  static TypePtr struct_(std::vector<Field> fields);
  static TypePtr fromId(TypeId id);  // primitive ids only

  static constexpr int kMaxDecimalPrecision = 38;

  DataType(TypeId id, int precision, int scale, std::vector<Field> children)
      : id_(id), precision_(precision), scale_(scale), children_(std::move(children)) {}

 private:
  TypeId id_;
  int precision_ = 0;
  int scale_ = 0;
  std::vector<Field> children_;
};

inline bool operator==(const DataType& a, const DataType& b) { return a.equals(b); }
bool typesEqual(const TypePtr& a, const TypePtr& b);

}  // namespace spate
