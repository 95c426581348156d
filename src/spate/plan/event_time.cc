#include "spate/plan/event_time.h"

#include "spate/common/strings.h"

namespace spate {

std::map<int64_t, EventTimeColumn> eventTimeColumns(const LogicalPlan& p) {
  std::map<int64_t, EventTimeColumn> below;
  for (const auto& c : p.children) below.merge(eventTimeColumns(*c));
  if (p.kind == PlanKind::kWatermark) {
    below[p.output[static_cast<size_t>(p.exprs[0]->columnOrdinal())].id] = {false, p.watermarkDelayMicros};
  } else if (p.kind == PlanKind::kGenerate && equalsIgnoreCase(p.generatorName, "window")) {
    int arg = p.generatorArgs[0]->columnOrdinal();
    const auto& in = p.children[0]->output;
    if (arg >= 0) {
      auto it = below.find(in[static_cast<size_t>(arg)].id);
      if (it != below.end()) below[p.output.back().id] = {true, it->second.delayMicros};
    }
  }
  std::map<int64_t, EventTimeColumn> out;
  for (const auto& a : p.output) {
    auto it = below.find(a.id);
    if (it != below.end()) out.insert(*it);
  }
  return out;
}

EventTimeKey eventTimeKey(const LogicalPlan& child, const std::vector<BoundExprPtr>& keys) {
  std::map<int64_t, EventTimeColumn> columns = eventTimeColumns(child);
  for (size_t k = 0; k < keys.size(); ++k) {
    int o = keys[k]->columnOrdinal();
    if (o < 0) continue;
    auto it = columns.find(child.output[static_cast<size_t>(o)].id);
    if (it != columns.end()) return {static_cast<int>(k), it->second.isWindow};
  }
  return {};
}

}  // namespace spate
