#include "spate/plan/event_time.h"

#include <optional>

#include "spate/common/strings.h"

namespace spate {

namespace {

// The event time an expression over `input` carries: an event-time column itself, or
// window_time() of an event-time window (the time of a windowed aggregate's row, which
// chains a second window over the first).
std::optional<EventTimeColumn> eventTimeOf(const BoundExpr& e, const std::vector<Attribute>& input,
                                           const std::map<int64_t, EventTimeColumn>& columns) {
  int o = e.columnOrdinal();
  if (o >= 0) {
    auto it = columns.find(input[static_cast<size_t>(o)].id);
    if (it == columns.end()) return std::nullopt;
    return it->second;
  }
  const std::string* fn = e.functionName();
  if (fn && equalsIgnoreCase(*fn, "window_time") && e.children().size() == 1) {
    auto w = eventTimeOf(*e.children()[0], input, columns);
    if (w && w->isWindow) return EventTimeColumn{false, w->delayMicros};
  }
  return std::nullopt;
}

}  // namespace

std::map<int64_t, EventTimeColumn> eventTimeColumns(const LogicalPlan& p) {
  std::map<int64_t, EventTimeColumn> below;
  for (const auto& c : p.children) below.merge(eventTimeColumns(*c));
  if (p.kind == PlanKind::kWatermark) {
    below[p.output[static_cast<size_t>(p.exprs[0]->columnOrdinal())].id] = {false, p.watermarkDelayMicros};
  } else if (p.kind == PlanKind::kGenerate && equalsIgnoreCase(p.generatorName, "window")) {
    auto t = eventTimeOf(*p.generatorArgs[0], p.children[0]->output, below);
    if (t) below[p.output.back().id] = {true, t->delayMicros};
  } else if (p.kind == PlanKind::kProject) {
    for (size_t i = 0; i < p.exprs.size(); ++i) {
      auto t = eventTimeOf(*p.exprs[i], p.children[0]->output, below);
      if (t) below[p.output[i].id] = *t;
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
    // session_window(time, gap) over an event-time column is a window over it.
    const std::string* fn = keys[k]->functionName();
    if (fn && equalsIgnoreCase(*fn, "session_window")) {
      auto t = eventTimeOf(*keys[k]->children()[0], child.output, columns);
      if (t && !t->isWindow) return {static_cast<int>(k), true};
      continue;
    }
    int o = keys[k]->columnOrdinal();
    if (o < 0) continue;
    auto it = columns.find(child.output[static_cast<size_t>(o)].id);
    if (it != columns.end()) return {static_cast<int>(k), it->second.isWindow};
  }
  return {};
}

}  // namespace spate
