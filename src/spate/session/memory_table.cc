#include "spate/session/memory_table.h"

#include "spate/exec/operators.h"

namespace spate::sql {

Result<BatchStreamPtr> MemoryTableSource::open() const { return exec::makeBatchesScan(schema_, batches_); }

std::string MemoryTableSource::describe() const {
  int64_t rows = 0;
  for (const auto& b : batches_) rows += b->numRows();
  return fmt::format("memory [{} batches, {} rows]", batches_.size(), rows);
}

}  // namespace spate::sql
