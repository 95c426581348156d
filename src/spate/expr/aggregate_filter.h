#pragma once

#include "spate/expr/function_registry.h"

namespace spate {

// The FILTER (WHERE condition) form of an aggregate (count(*) FILTER (WHERE price < 10)):
// the condition is the aggregate's last argument, evaluated with the others; only the
// rows where it is true (not false, not null) reach inner's state, which sees the other
// arguments. The state's bytes are inner's: filtering happens before a row is folded in.
ResolvedAggregate makeFilteredAggregate(ResolvedAggregate inner);

}  // namespace spate
