#include "spate/types/data_type.h"

#include <fmt/format.h>

#include "spate/common/strings.h"

namespace spate {

namespace {
TypePtr makePrimitive(TypeId id) { return std::make_shared<DataType>(id, 0, 0, std::vector<Field>{}); }
}  // namespace

#define SPATE_PRIMITIVE(fn, id)                   \
  TypePtr DataType::fn() {                        \
    static const TypePtr t = makePrimitive(id);   \
    return t;                                     \
  }
SPATE_PRIMITIVE(null, TypeId::kNull)
SPATE_PRIMITIVE(boolean, TypeId::kBoolean)
SPATE_PRIMITIVE(byte_, TypeId::kByte)
SPATE_PRIMITIVE(short_, TypeId::kShort)
SPATE_PRIMITIVE(int_, TypeId::kInt)
SPATE_PRIMITIVE(long_, TypeId::kLong)
SPATE_PRIMITIVE(float_, TypeId::kFloat)
SPATE_PRIMITIVE(double_, TypeId::kDouble)
SPATE_PRIMITIVE(string, TypeId::kString)
SPATE_PRIMITIVE(binary, TypeId::kBinary)
SPATE_PRIMITIVE(date, TypeId::kDate)
SPATE_PRIMITIVE(timestamp, TypeId::kTimestamp)
SPATE_PRIMITIVE(interval, TypeId::kInterval)
#undef SPATE_PRIMITIVE

TypePtr DataType::decimal(int precision, int scale) {
  return std::make_shared<DataType>(TypeId::kDecimal, precision, scale, std::vector<Field>{});
}
TypePtr DataType::array(TypePtr element, bool containsNull) {
  return std::make_shared<DataType>(TypeId::kArray, 0, 0,
                                    std::vector<Field>{{"element", std::move(element), containsNull}});
}
TypePtr DataType::map(TypePtr key, TypePtr value, bool valueContainsNull) {
  return std::make_shared<DataType>(
      TypeId::kMap, 0, 0,
      std::vector<Field>{{"key", std::move(key), false}, {"value", std::move(value), valueContainsNull}});
}
TypePtr DataType::struct_(std::vector<Field> fields) {
  return std::make_shared<DataType>(TypeId::kStruct, 0, 0, std::move(fields));
}

TypePtr DataType::fromId(TypeId id) {
  switch (id) {
    case TypeId::kNull: return null();
    case TypeId::kBoolean: return boolean();
    case TypeId::kByte: return byte_();
    case TypeId::kShort: return short_();
    case TypeId::kInt: return int_();
    case TypeId::kLong: return long_();
    case TypeId::kFloat: return float_();
    case TypeId::kDouble: return double_();
    case TypeId::kString: return string();
    case TypeId::kBinary: return binary();
    case TypeId::kDate: return date();
    case TypeId::kTimestamp: return timestamp();
    case TypeId::kInterval: return interval();
    case TypeId::kDecimal: return decimal(10, 0);
    default: return nullptr;
  }
}

int DataType::fieldIndex(std::string_view name) const {
  for (size_t i = 0; i < children_.size(); ++i) {
    if (equalsIgnoreCase(children_[i].name, name)) return static_cast<int>(i);
  }
  return -1;
}

bool DataType::isNumeric() const {
  switch (id_) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kLong:
    case TypeId::kFloat:
    case TypeId::kDouble:
    case TypeId::kDecimal: return true;
    default: return false;
  }
}

bool DataType::isIntegral() const {
  return id_ == TypeId::kByte || id_ == TypeId::kShort || id_ == TypeId::kInt || id_ == TypeId::kLong;
}

int DataType::byteWidth() const {
  switch (id_) {
    case TypeId::kByte: return 1;
    case TypeId::kShort: return 2;
    case TypeId::kInt:
    case TypeId::kDate:
    case TypeId::kFloat: return 4;
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kInterval:
    case TypeId::kDouble: return 8;
    case TypeId::kDecimal: return 16;
    default: return 0;
  }
}

std::string DataType::simpleString() const {
  switch (id_) {
    case TypeId::kNull: return "void";
    case TypeId::kBoolean: return "boolean";
    case TypeId::kByte: return "tinyint";
    case TypeId::kShort: return "smallint";
    case TypeId::kInt: return "int";
    case TypeId::kLong: return "bigint";
    case TypeId::kFloat: return "float";
    case TypeId::kDouble: return "double";
    case TypeId::kDecimal: return fmt::format("decimal({},{})", precision_, scale_);
    case TypeId::kString: return "string";
    case TypeId::kBinary: return "binary";
    case TypeId::kDate: return "date";
    case TypeId::kTimestamp: return "timestamp";
    case TypeId::kInterval: return "interval day to second";
    case TypeId::kArray: return "array<" + elementType()->simpleString() + ">";
    case TypeId::kMap: return "map<" + keyType()->simpleString() + "," + valueType()->simpleString() + ">";
    case TypeId::kStruct: {
      std::string s = "struct<";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) s += ",";
        s += quoteIdentifierIfNeeded(children_[i].name) + ":" + children_[i].type->simpleString();
      }
      return s + ">";
    }
  }
  return "unknown";
}

std::string DataType::typeName() const {
  switch (id_) {
    case TypeId::kNull: return "void";
    case TypeId::kByte: return "byte";
    case TypeId::kShort: return "short";
    case TypeId::kInt: return "integer";
    case TypeId::kLong: return "long";
    case TypeId::kArray: return "array";
    case TypeId::kMap: return "map";
    case TypeId::kStruct: return "struct";
    default: return simpleString();
  }
}

std::string DataType::ddl() const {
  switch (id_) {
    case TypeId::kArray: return "ARRAY<" + elementType()->ddl() + ">";
    case TypeId::kMap: return "MAP<" + keyType()->ddl() + ", " + valueType()->ddl() + ">";
    case TypeId::kStruct: {
      std::string s = "STRUCT<";
      for (size_t i = 0; i < children_.size(); ++i) {
        if (i) s += ", ";
        s += quoteIdentifierIfNeeded(children_[i].name) + ": " + children_[i].type->ddl();
        if (!children_[i].nullable) s += " NOT NULL";
      }
      return s + ">";
    }
    case TypeId::kInterval: return "INTERVAL DAY TO SECOND";
    default: return toUpper(simpleString());
  }
}

bool DataType::equals(const DataType& other) const {
  if (id_ != other.id_) return false;
  if (id_ == TypeId::kDecimal) return precision_ == other.precision_ && scale_ == other.scale_;
  if (children_.size() != other.children_.size()) return false;
  for (size_t i = 0; i < children_.size(); ++i) {
    const auto& a = children_[i];
    const auto& b = other.children_[i];
    if (id_ == TypeId::kStruct && a.name != b.name) return false;
    if (!a.type->equals(*b.type)) return false;
  }
  return true;
}

bool typesEqual(const TypePtr& a, const TypePtr& b) {
  if (a == b) return true;
  if (!a || !b) return false;
  return a->equals(*b);
}

}  // namespace spate
