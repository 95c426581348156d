#pragma once

#include <vector>

#include "spate/columnar/batch_stream.h"
#include "spate/expr/bound_expr.h"

namespace spate {

// A filter as the scan below it sees it: the predicate is bound over the filter's input
// (input), whose column i is the scan's column scanColumn[i], or -1 when that column is
// computed above the scan (the filter reaches the scan through projections).
struct ScanFilter {
  BoundExprPtr predicate;
  SchemaPtr input;
  std::vector<int> scanColumn;
};

// A table source that can skip part of its data under a filter (a file source skips
// the partition folders the filter rules out). The planner opens such a source with
// the filter; the filter still runs on what comes out, so skipping nothing is always
// correct.
class FilteredScanSource {
 public:
  virtual ~FilteredScanSource() = default;
  virtual Result<BatchStreamPtr> openFiltered(const ScanFilter& filter, EvalContext& ctx) const = 0;
};

}  // namespace spate
