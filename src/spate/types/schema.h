#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/common/status.h"
#include "spate/types/data_type.h"

namespace spate {

// An ordered list of named fields: the schema of a table or batch (Spark's StructType).
class Schema {
 public:
  Schema() = default;
  explicit Schema(std::vector<Field> fields) : fields_(std::move(fields)) {}

  // Builder, as StructType().add("id", IntegerType()) in Spark.
  Schema& add(std::string name, TypePtr type, bool nullable = true) {
    fields_.push_back({std::move(name), std::move(type), nullable});
    return *this;
  }

  const std::vector<Field>& fields() const { return fields_; }
  size_t size() const { return fields_.size(); }
  const Field& field(size_t i) const { return fields_[i]; }
  // Case-insensitive lookup; -1 when absent.
  int indexOf(std::string_view name) const;
  std::vector<std::string> names() const;

  // "id INT, name STRING"
  std::string ddl() const;
  // printSchema's tree: "root\n |-- id: integer (nullable = true)\n"
  std::string treeString() const;
  TypePtr asStructType() const { return DataType::struct_(fields_); }
  bool equals(const Schema& other) const;

  // Parses a DDL schema string as users write it: "id INT, name STRING, value DOUBLE",
  // "a STRUCT<b: INT, c: ARRAY<STRING>>". Errors give the column of the offending text.
  static Result<Schema> fromDDL(std::string_view ddl);

 private:
  std::vector<Field> fields_;
};

using SchemaPtr = std::shared_ptr<const Schema>;
using StructType = Schema;
using StructField = Field;

// Parses one type name as in CAST(x AS <type>) or a DDL column: "INT", "decimal(10,2)", "array<string>".
Result<TypePtr> parseDataType(std::string_view text);

}  // namespace spate
