#pragma once

#include <vector>

#include "spate/plan/logical_plan.h"

namespace spate::sql {

// A table held in memory as batches: createDataFrame over batches, and (later) the
// memory sink's table. Scans hand out the batches without copying.
class MemoryTableSource final : public TableSource {
 public:
  MemoryTableSource(SchemaPtr schema, std::vector<BatchPtr> batches)
      : schema_(std::move(schema)), batches_(std::move(batches)) {}
  SchemaPtr schema() const override { return schema_; }
  Result<BatchStreamPtr> open() const override;
  std::string describe() const override;

 private:
  SchemaPtr schema_;
  std::vector<BatchPtr> batches_;
};

}  // namespace spate::sql
