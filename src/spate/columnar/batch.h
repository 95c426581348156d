#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/columnar/column.h"
#include "spate/types/schema.h"

namespace spate {

// A horizontal slice of a table: a schema, one column per field, all of numRows rows.
class Batch {
 public:
  Batch(SchemaPtr schema, std::vector<ColumnPtr> columns, int64_t numRows)
      : schema_(std::move(schema)), columns_(std::move(columns)), numRows_(numRows) {}

  const SchemaPtr& schema() const { return schema_; }
  const std::vector<ColumnPtr>& columns() const { return columns_; }
  const ColumnPtr& column(size_t i) const { return columns_[i]; }
  size_t numColumns() const { return columns_.size(); }
  int64_t numRows() const { return numRows_; }
  int64_t memoryBytes() const;

  // Row r of every column, boxed (tests, collect()).
  std::vector<Value> row(int64_t r) const;

 private:
  SchemaPtr schema_;
  std::vector<ColumnPtr> columns_;
  int64_t numRows_;
};

using BatchPtr = std::shared_ptr<const Batch>;

// Builds a batch from boxed rows (inline tables, tests).
BatchPtr batchFromRows(const SchemaPtr& schema, const std::vector<std::vector<Value>>& rows);

}  // namespace spate
