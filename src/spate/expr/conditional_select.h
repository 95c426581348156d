#pragma once

// Row selection shared by the conditional functions (coalesce, if, nvl2, nullif) and by
// greatest/least on variable-width types: the caller decides per row which argument
// supplies the value, then one typed pass gathers the values.

#include <cstdint>
#include <vector>

#include "spate/columnar/column.h"

namespace spate {

// Row i of the result is row i of sources[choice[i]], or null when choice[i] < 0 or
// that source is null at row i. Every source has the result type; any may be constant.
// Fixed-width, boolean and string columns are gathered with typed loops; nested types
// go through ColumnBuilder::appendFrom.
ColumnPtr selectRows(const TypePtr& type, const std::vector<ColumnPtr>& sources, const std::vector<int32_t>& choice,
                     int64_t n);

// For each row, the index of the first source that is valid there, or -1 when all are
// null (coalesce's choice).
std::vector<int32_t> firstValidSource(const std::vector<ColumnPtr>& sources, int64_t n);

}  // namespace spate
