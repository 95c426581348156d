#pragma once

#include <string>

#include "spate/columnar/batch.h"

namespace spate {

// Spark's Dataset.showString: a grid of at most numRows rows, cells cut to `truncate`
// characters (0: no cut, cells left-aligned), "only showing top N rows" when there are
// more. `batch` may hold numRows + 1 rows so the footer can be decided.
std::string showString(const Batch& batch, int numRows, int truncate);

// The text of one cell as show() prints it ("null" for null).
std::string cellText(const Column& column, int64_t row);

}  // namespace spate
