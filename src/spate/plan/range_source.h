#pragma once

#include "spate/plan/logical_plan.h"

namespace spate::plan {

// range(start, end, step): one bigint column "id", generated a batch at a time.
class RangeSource final : public TableSource {
 public:
  RangeSource(int64_t start, int64_t end, int64_t step);
  SchemaPtr schema() const override { return schema_; }
  Result<BatchStreamPtr> open() const override;
  std::string describe() const override;

 private:
  int64_t start_, end_, step_;
  SchemaPtr schema_;
};

}  // namespace spate::plan
