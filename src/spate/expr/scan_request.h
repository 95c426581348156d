#pragma once

// What a query asks of the table it scans, for sources that can read less than all of
// it (Parquet reads only the columns asked for and skips row groups whose statistics
// rule the filter out). A source may ignore a request: the filter still runs above the
// scan, so a request only ever saves work and never changes a result.

#include <vector>

#include "spate/expr/bound_expr.h"

namespace spate {

struct ScanRequest {
  // columns[i]: whether the query reads column i of the scan's output; empty means all.
  // Columns not read may come back as nulls.
  std::vector<bool> columns;
  // The predicate of the filter directly above the scan, over the scan's output; null
  // when there is none.
  BoundExprPtr filter;

  bool reads(size_t column) const { return columns.empty() || columns[column]; }
};

}  // namespace spate
