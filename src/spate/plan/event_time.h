#pragma once

#include <cstdint>
#include <map>

#include "spate/plan/logical_plan.h"

namespace spate {

// The output columns of a plan that carry event time, by attribute id (true for a
// window over event time): columns marked by withWatermark, kept through operators
// that keep attribute ids, and windows computed over them.
std::map<int64_t, bool> eventTimeColumns(const LogicalPlan& plan);

// Which grouping key of an aggregation carries event time: a watermarked timestamp,
// or a window over one (whose end is what the watermark passes).
struct EventTimeKey {
  int index = -1;  // -1: none
  bool isWindow = false;
};
EventTimeKey eventTimeKey(const LogicalPlan& aggregate);

}  // namespace spate
