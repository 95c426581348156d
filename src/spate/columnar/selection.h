#pragma once

#include <cstdint>
#include <vector>

#include "spate/columnar/batch.h"

namespace spate {

// Row indices chosen from a batch; -1 selects a null row (outer joins).
using SelectionVector = std::vector<int32_t>;

// Rows where a boolean column is true (null counts as false), as filter does.
SelectionVector selectTrue(const Column& predicate);

// Gathers rows by index into a new column / batch.
ColumnPtr take(const ColumnPtr& column, const int32_t* indices, int64_t n);
BatchPtr take(const BatchPtr& batch, const SelectionVector& indices);
BatchPtr filterBatch(const BatchPtr& batch, const Column& predicate);
// Rows [offset, offset+length).
BatchPtr sliceBatch(const BatchPtr& batch, int64_t offset, int64_t length);
// Appends columns (of one type) / batches (of one schema) end to end.
ColumnPtr concatColumns(const std::vector<ColumnPtr>& columns);
BatchPtr concatBatches(const SchemaPtr& schema, const std::vector<BatchPtr>& batches);

}  // namespace spate
