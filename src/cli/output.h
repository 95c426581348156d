#pragma once

#include <string>

#include "spate/columnar/batch.h"

namespace spate::cli {

enum class OutputFormat { kTable, kCsv, kJson };

// Renders a query result: a grid like show() with every row (table), RFC 4180 CSV
// with a header (csv), or one JSON object per row (json).
std::string renderResult(const Batch& batch, OutputFormat format);

}  // namespace spate::cli
