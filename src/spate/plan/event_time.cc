#include "spate/plan/event_time.h"

#include "spate/common/strings.h"

namespace spate {

std::map<int64_t, bool> eventTimeColumns(const LogicalPlan& p) {
  std::map<int64_t, bool> below;  // id -> is a window
  for (const auto& c : p.children) below.merge(eventTimeColumns(*c));
  if (p.kind == PlanKind::kWatermark) {
    below[p.output[static_cast<size_t>(p.exprs[0]->columnOrdinal())].id] = false;
  } else if (p.kind == PlanKind::kGenerate && equalsIgnoreCase(p.generatorName, "window")) {
    int arg = p.generatorArgs[0]->columnOrdinal();
    const auto& in = p.children[0]->output;
    if (arg >= 0 && below.count(in[static_cast<size_t>(arg)].id)) below[p.output.back().id] = true;
  }
  std::map<int64_t, bool> out;
  for (const auto& a : p.output) {
    auto it = below.find(a.id);
    if (it != below.end()) out.insert(*it);
  }
  return out;
}

EventTimeKey eventTimeKey(const LogicalPlan& aggregate) {
  std::map<int64_t, bool> columns = eventTimeColumns(*aggregate.children[0]);
  const auto& in = aggregate.children[0]->output;
  for (size_t k = 0; k < aggregate.exprs.size(); ++k) {
    int o = aggregate.exprs[k]->columnOrdinal();
    if (o < 0) continue;
    auto it = columns.find(in[static_cast<size_t>(o)].id);
    if (it != columns.end()) return {static_cast<int>(k), it->second};
  }
  return {};
}

}  // namespace spate
