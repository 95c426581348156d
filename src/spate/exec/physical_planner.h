#pragma once

#include "spate/exec/operators.h"

namespace spate::exec {

// Turns a resolved logical plan into a tree of physical operators.
Result<BatchStreamPtr> buildStream(const PlanPtr& plan, ExecContext& ctx);
// A stream whose batches carry only the output columns marked in columnsRead (the
// rest are constant nulls): what count() needs is no column at all.
Result<BatchStreamPtr> buildStream(const PlanPtr& plan, ExecContext& ctx, const std::vector<bool>& columnsRead);

// For each streaming scan of a streaming plan, in depth-first order (the order of the
// plan's sources), what the query asks of it: how much it reads of each column (a source
// may return the rest as nulls) and the filter right above it. Without an eval context.
std::vector<ScanRequest> streamingScanRequests(const PlanPtr& plan);

// Runs a plan to completion and returns all its rows as one batch.
Result<BatchPtr> executeToBatch(const PlanPtr& plan, ExecContext& ctx);
// The plan's result as the batches its operators produced (no concatenation).
Result<std::vector<BatchPtr>> executeToBatches(const PlanPtr& plan, ExecContext& ctx);

}  // namespace spate::exec
