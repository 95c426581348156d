#pragma once

#include <string>
#include <vector>

#include "spate/types/schema.h"
#include "spate/types/value.h"

namespace spate::sql {

// One row of a collect() result: values with the schema that names and types them.
class Row {
 public:
  Row(SchemaPtr schema, std::vector<Value> values) : schema_(std::move(schema)), values_(std::move(values)) {}

  size_t size() const { return values_.size(); }
  const Value& get(size_t i) const { return values_.at(i); }
  const Value& get(const std::string& name) const;
  bool isNullAt(size_t i) const { return values_.at(i).isNull(); }
  int64_t getLong(size_t i) const { return values_.at(i).asInt(); }
  double getDouble(size_t i) const { return values_.at(i).toDouble(); }
  bool getBoolean(size_t i) const { return values_.at(i).asBool(); }
  const std::string& getString(size_t i) const { return values_.at(i).asString(); }
  const SchemaPtr& schema() const { return schema_; }
  const std::vector<Value>& values() const { return values_; }
  // Row(id=1, name='a'), as PySpark prints rows.
  std::string toString() const;

 private:
  SchemaPtr schema_;
  std::vector<Value> values_;
};

}  // namespace spate::sql
