#pragma once

#include "spate/plan/logical_plan.h"
#include "spate/plan/output_mode.h"

namespace spate {

// Spark's UnsupportedOperationChecker.checkForStreaming: whether a streaming query may
// run in the output mode, with Spark's reason when not. Where spate goes further than
// Spark (count(DISTINCT) on streams) the check lets it through.
Status checkStreamingPlan(const LogicalPlan& plan, OutputMode mode);

// The streaming aggregations of a plan, outermost first.
std::vector<const LogicalPlan*> streamingAggregates(const LogicalPlan& plan);

}  // namespace spate
