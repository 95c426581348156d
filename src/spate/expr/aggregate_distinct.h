#pragma once

#include <vector>

#include "spate/expr/function_registry.h"

namespace spate {

// The DISTINCT form of an aggregate (count(DISTINCT x), sum(DISTINCT x)...): a state
// that remembers every (group, argument values) pair it has seen and forwards only the
// first occurrence of each to inner's state. argTypes are the types of the arguments
// as resolved (after inner's resolver coerced them). Floating-point arguments compare
// as Spark's normalized values: NaN equals NaN, -0.0 equals 0.0.
Result<ResolvedAggregate> makeDistinctAggregate(ResolvedAggregate inner, std::vector<TypePtr> argTypes);

}  // namespace spate
