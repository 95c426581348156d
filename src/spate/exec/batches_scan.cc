#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

// Emits batches already in memory (inline tables, createDataFrame, memory tables).
class BatchesScan final : public BatchStream {
 public:
  BatchesScan(SchemaPtr schema, std::vector<BatchPtr> batches) : schema_(std::move(schema)), batches_(std::move(batches)) {}
  Result<BatchPtr> next() override {
    if (next_ >= batches_.size()) return BatchPtr();
    const BatchPtr& b = batches_[next_++];
    return std::make_shared<const Batch>(schema_, b->columns(), b->numRows());
  }

 private:
  SchemaPtr schema_;
  std::vector<BatchPtr> batches_;
  size_t next_ = 0;
};

}  // namespace

BatchStreamPtr makeBatchesScan(SchemaPtr schema, std::vector<BatchPtr> batches) {
  return std::make_unique<BatchesScan>(std::move(schema), std::move(batches));
}

}  // namespace spate::exec
