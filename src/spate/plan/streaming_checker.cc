#include "spate/plan/streaming_checker.h"

#include <functional>

#include "spate/plan/event_time.h"

namespace spate {

namespace {

Status refuse(std::string message) { return Status::AnalysisError("{}", message); }

void collectAggregates(const LogicalPlan& p, std::vector<const LogicalPlan*>& out) {
  if (p.kind == PlanKind::kAggregate && p.isStreaming()) out.push_back(&p);
  for (const auto& c : p.children) collectAggregates(*c, out);
}

// Whether every trigger sees the whole of this subplan's result: it reads no stream,
// or it aggregates one in complete mode.
bool containsCompleteData(const LogicalPlan& p, OutputMode mode) {
  if (!p.isStreaming()) return true;
  return mode == OutputMode::kComplete && !streamingAggregates(p).empty();
}

Status checkNode(const LogicalPlan& p, OutputMode mode) {
  for (const auto& c : p.children) SPATE_RETURN_IF_ERROR(checkNode(*c, mode));
  switch (p.kind) {
    case PlanKind::kJoin: {
      bool ls = p.children[0]->isStreaming(), rs = p.children[1]->isStreaming();
      if (ls && rs) {
        return refuse("Join between two streaming DataFrames/Datasets is not supported yet in spate");
      }
      switch (p.joinType) {
        case sql::JoinType::kInner:
        case sql::JoinType::kCross: break;
        case sql::JoinType::kFull:
          if (ls) {
            return refuse(
                "FullOuter joins with streaming DataFrames/Datasets on the left and a static DataFrame/Dataset on "
                "the right is not supported");
          }
          if (rs) {
            return refuse(
                "FullOuter joins with streaming DataFrames/Datasets on the right and a static DataFrame/Dataset on "
                "the left is not supported");
          }
          break;
        case sql::JoinType::kLeftAnti:
          if (rs) return refuse("LeftAnti joins with a streaming DataFrame/Dataset on the right are not supported");
          break;
        case sql::JoinType::kLeft:
        case sql::JoinType::kLeftSemi:
          if (rs) {
            return refuse(fmt::format("{} join with a streaming DataFrame/Dataset on the right and a static "
                                      "DataFrame/Dataset on the left is not supported",
                                      p.joinType == sql::JoinType::kLeft ? "LeftOuter" : "LeftSemi"));
          }
          break;
        case sql::JoinType::kRight:
          if (ls) {
            return refuse(
                "RightOuter join with a streaming DataFrame/Dataset on the left and a static DataFrame/DataSet on "
                "the right not supported");
          }
          break;
      }
      return Status::OK();
    }
    case PlanKind::kUnion: {
      bool anyStream = false, anyBatch = false;
      for (const auto& c : p.children) (c->isStreaming() ? anyStream : anyBatch) = true;
      if (anyStream && anyBatch) {
        return refuse("Union between streaming and batch DataFrames/Datasets is not supported");
      }
      return Status::OK();
    }
    case PlanKind::kDeduplicate: {
      if (!p.withinWatermark || !p.isStreaming()) return Status::OK();
      for (const auto& [id, column] : eventTimeColumns(*p.children[0])) {
        if (!column.isWindow) return Status::OK();
      }
      return refuse("dropDuplicatesWithinWatermark is not supported on streaming DataFrames/DataSets without watermark");
    }
    case PlanKind::kLimit:
      if (p.isStreaming() && mode == OutputMode::kUpdate) {
        return refuse("Limits are not supported on streaming DataFrames/Datasets in Update output mode");
      }
      return Status::OK();
    case PlanKind::kSort:
      if (!containsCompleteData(p, mode)) {
        return refuse(
            "Sorting is not supported on streaming DataFrames/Datasets, unless it is on aggregated "
            "DataFrame/Dataset in Complete output mode");
      }
      return Status::OK();
    default: return Status::OK();
  }
}

}  // namespace

std::vector<const LogicalPlan*> streamingAggregates(const LogicalPlan& plan) {
  std::vector<const LogicalPlan*> out;
  collectAggregates(plan, out);
  return out;
}

Status checkStreamingPlan(const LogicalPlan& plan, OutputMode mode) {
  if (!plan.isStreaming()) {
    return refuse("Queries without streaming sources cannot be executed with writeStream.start()");
  }
  std::vector<const LogicalPlan*> aggregates = streamingAggregates(plan);
  const char* modeName = outputModeName(mode);
  for (const LogicalPlan* a : aggregates) {
    if (a->sessionWindowKey >= 0 && mode == OutputMode::kUpdate) {
      // A row can merge two sessions emitted before, which update mode cannot retract.
      return refuse(fmt::format("{} output mode not supported for session window on streaming DataFrames/DataSets",
                                modeName));
    }
  }
  if (mode == OutputMode::kAppend && !aggregates.empty() && eventTimeKey(*aggregates.front()->children[0], aggregates.front()->exprs).index < 0) {
    return refuse(fmt::format("{} output mode not supported when there are streaming aggregations on streaming "
                              "DataFrames/DataSets without watermark",
                              modeName));
  }
  if (mode == OutputMode::kComplete && aggregates.empty()) {
    return refuse(fmt::format("{} output mode not supported when there are no streaming aggregations on "
                              "streaming DataFrames/Datasets",
                              modeName));
  }
  SPATE_RETURN_IF_ERROR(checkNode(plan, mode));
  // A stateful operator after an aggregation that is not in append mode would see rows
  // older than the watermark (Spark's global-watermark correctness check); in append
  // mode chained aggregations work when each is keyed by event time.
  bool chainable = mode == OutputMode::kAppend;
  for (const LogicalPlan* a : aggregates) chainable = chainable && eventTimeKey(*a->children[0], a->exprs).index >= 0;
  if (aggregates.size() > 1 && !chainable) {
    return refuse(
        "Detected pattern of possible 'correctness' issue due to global watermark. The query contains stateful "
        "operation which can emit rows older than the current watermark plus allowed late record delay, which are "
        "\"late rows\" in downstream stateful operations and these rows can be discarded. Please refer the "
        "programming guide doc for more details.");
  }
  return Status::OK();
}

}  // namespace spate
