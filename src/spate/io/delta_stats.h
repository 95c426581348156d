#pragma once

// The per-file statistics a Delta add action carries in its "stats" JSON: numRecords,
// and per top-level column nullCount, and minValues/maxValues for the types whose
// order readers agree on (integers, floating point without NaN, dates). Readers such
// as delta-rs and Spark use them to skip files.

#include <string>
#include <vector>

#include "spate/columnar/batch.h"

namespace spate::delta {

std::string fileStatsJson(const Schema& schema, const std::vector<BatchPtr>& batches);

}  // namespace spate::delta
