#pragma once

// What a query asks of the table it scans, for sources that can read less than all of
// it (Parquet reads only the columns asked for and skips row groups whose statistics
// rule the filter out; a partitioned folder skips the partitions it rules out). A
// source may ignore a request: the filter still runs above the scan, so a request only
// ever saves work and never changes a result.

#include <optional>
#include <vector>

#include "spate/expr/bound_expr.h"

namespace spate {

// A filter as the scan below it sees it: the predicate is bound over the filter's input
// (input), whose column i is the scan's column scanColumn[i], or -1 when that column is
// computed above the scan (the filter reaches the scan through projections).
struct ScanFilter {
  BoundExprPtr predicate;
  SchemaPtr input;
  std::vector<int> scanColumn;

  // The scan column an input column is, or -1.
  int scanColumnOf(int inputColumn) const {
    return inputColumn >= 0 && static_cast<size_t>(inputColumn) < scanColumn.size()
               ? scanColumn[static_cast<size_t>(inputColumn)]
               : -1;
  }
};

struct ScanRequest {
  // columns[i]: whether the query reads column i of the scan's output; empty means all.
  // Columns not read may come back as nulls.
  std::vector<bool> columns;
  // The nearest filter above the scan, when only projections lie between them.
  std::optional<ScanFilter> filter;
  // For evaluating parts of the filter (a query's current_timestamp()); may be null.
  EvalContext* eval = nullptr;

  bool reads(size_t column) const { return columns.empty() || columns[column]; }
};

}  // namespace spate
