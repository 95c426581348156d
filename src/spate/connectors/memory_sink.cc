#include "spate/connectors/memory_sink.h"

namespace spate::connectors {

std::vector<BatchPtr> MemorySinkTable::snapshot() const {
  std::lock_guard<std::mutex> lock(mu_);
  return rows_;
}

void MemorySinkTable::apply(int64_t batchId, const std::vector<BatchPtr>& rows, OutputMode mode) {
  std::lock_guard<std::mutex> lock(mu_);
  if (batchId <= lastBatchId_) return;
  lastBatchId_ = batchId;
  if (mode == OutputMode::kComplete) rows_.clear();
  for (const auto& b : rows) {
    if (b->numRows() > 0) rows_.push_back(std::make_shared<const Batch>(schema_, b->columns(), b->numRows()));
  }
}

namespace {

class MemorySink final : public streaming::Sink {
 public:
  explicit MemorySink(std::shared_ptr<MemorySinkTable> table) : table_(std::move(table)) {}
  std::string describe() const override { return "MemorySink"; }
  bool idempotent() const override { return true; }
  Status addBatch(int64_t batchId, const SchemaPtr&, const std::vector<BatchPtr>& rows, OutputMode mode) override {
    table_->apply(batchId, rows, mode);
    return Status::OK();
  }

 private:
  std::shared_ptr<MemorySinkTable> table_;
};

class ForeachBatchSink final : public streaming::Sink {
 public:
  ForeachBatchSink(BatchFunction fn, std::string description)
      : fn_(std::move(fn)), description_(std::move(description)) {}
  std::string describe() const override { return description_; }
  Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                  OutputMode) override {
    return fn_(batchId, schema, rows);
  }

 private:
  BatchFunction fn_;
  std::string description_;
};

}  // namespace

std::unique_ptr<streaming::Sink> makeMemorySink(std::shared_ptr<MemorySinkTable> table) {
  return std::make_unique<MemorySink>(std::move(table));
}

std::unique_ptr<streaming::Sink> makeForeachBatchSink(BatchFunction fn, std::string description) {
  return std::make_unique<ForeachBatchSink>(std::move(fn), std::move(description));
}

}  // namespace spate::connectors
