#pragma once

#include <cstdint>
#include <map>

#include "spate/plan/logical_plan.h"

namespace spate {

// A column carrying event time: a timestamp marked by withWatermark, or a window over
// one (whose end is what the watermark passes).
struct EventTimeColumn {
  bool isWindow = false;
  int64_t delayMicros = 0;  // the withWatermark delay it came from
};

// The output columns of a plan that carry event time, by attribute id: columns marked
// by withWatermark, kept through operators that keep attribute ids, and windows
// computed over them.
std::map<int64_t, EventTimeColumn> eventTimeColumns(const LogicalPlan& plan);

// Which of a stateful operator's key expressions (over its child's output) carries
// event time.
struct EventTimeKey {
  int index = -1;  // -1: none
  bool isWindow = false;
};
EventTimeKey eventTimeKey(const LogicalPlan& child, const std::vector<BoundExprPtr>& keys);

}  // namespace spate
