#include "spate/streaming/incremental_plan.h"

#include "spate/exec/operators.h"
#include "spate/plan/event_time.h"

namespace spate::streaming {

namespace {

// One source's rows of a batch, scanned without copying.
class BatchRowsSource final : public TableSource {
 public:
  BatchRowsSource(SchemaPtr schema, std::vector<BatchPtr> rows, std::string description)
      : schema_(std::move(schema)), rows_(std::move(rows)), description_(std::move(description)) {}
  SchemaPtr schema() const override { return schema_; }
  Result<BatchStreamPtr> open() const override { return exec::makeBatchesScan(schema_, rows_); }
  std::string describe() const override { return description_; }

 private:
  SchemaPtr schema_;
  std::vector<BatchPtr> rows_;
  std::string description_;
};

// Where a deduplication finds event time: dropDuplicatesWithinWatermark uses the
// watermarked column of its input, dropDuplicates a key column carrying event time.
exec::DeduplicateEventTime deduplicateEventTime(const LogicalPlan& dedup) {
  const LogicalPlan& child = *dedup.children[0];
  std::map<int64_t, EventTimeColumn> columns = eventTimeColumns(child);
  if (dedup.withinWatermark) {
    for (size_t i = 0; i < child.output.size(); ++i) {
      auto it = columns.find(child.output[i].id);
      if (it != columns.end() && !it->second.isWindow) return {static_cast<int>(i), false, it->second.delayMicros};
    }
    return {};
  }
  EventTimeKey key = eventTimeKey(child, dedup.exprs);
  if (key.index < 0) return {};
  return {dedup.exprs[static_cast<size_t>(key.index)]->columnOrdinal(), key.isWindow, 0};
}

struct Builder {
  exec::StatefulOperatorInfo base;
  std::vector<std::shared_ptr<const SourceRelation>> sources;
  std::vector<std::shared_ptr<exec::StatefulOperator>> operators;
  std::vector<std::shared_ptr<exec::EventTimeWatermark>> watermarks;

  Result<PlanPtr> rewrite(const PlanPtr& p) {
    if (p->kind == PlanKind::kStreamingScan) {
      auto relation = std::dynamic_pointer_cast<const SourceRelation>(p->stream);
      if (!relation) return Status::Internal("streaming relation {} cannot make a source", p->stream->describe());
      sources.push_back(std::move(relation));
      return p;
    }
    if (!p->isStreaming()) return p;
    auto copy = std::make_shared<LogicalPlan>(*p);
    copy->children.clear();
    for (const auto& c : p->children) {
      SPATE_ASSIGN_OR_RETURN(PlanPtr k, rewrite(c));
      copy->children.push_back(std::move(k));
    }
    if (p->kind == PlanKind::kWatermark) {
      auto w = std::make_shared<exec::EventTimeWatermark>(p->exprs[0]->columnOrdinal(), p->watermarkDelayMicros,
                                                          p->exprs[0]->toString());
      watermarks.push_back(w);
      copy->kind = PlanKind::kStateful;
      copy->stateful = w;
      return PlanPtr(copy);
    }
    exec::StatefulOperatorInfo info = base;
    info.operatorId = static_cast<int64_t>(operators.size());
    std::shared_ptr<exec::StatefulOperator> op;
    if (p->kind == PlanKind::kAggregate) {
      info.eventTime = eventTimeKey(*p->children[0], p->exprs);
      if (p->sessionWindowKey >= 0) {
        SPATE_ASSIGN_OR_RETURN(op, exec::makeStreamingSessionAggregate(*copy, info));
      } else {
        SPATE_ASSIGN_OR_RETURN(op, exec::makeStreamingAggregate(*copy, info));
      }
    } else if (p->kind == PlanKind::kDeduplicate) {
      op = exec::makeStreamingDeduplicate(*copy, info, deduplicateEventTime(*p));
    } else if (p->kind == PlanKind::kLimit && base.outputMode == OutputMode::kAppend) {
      // In complete mode a limit cuts the whole result each batch, as in a batch query.
      op = exec::makeStreamingLimit(*copy, info);
    }
    if (op) {
      operators.push_back(op);
      copy->kind = PlanKind::kStateful;
      copy->stateful = op;
      copy->exprs.clear();
      copy->aggregates.clear();
    }
    return PlanPtr(copy);
  }
};

// Copies the path from p down to every streaming leaf, leaf i becoming a scan of
// data[i]; subtrees without streams are shared.
PlanPtr instantiate(const PlanPtr& p, const std::vector<std::vector<BatchPtr>>& data, size_t& next) {
  if (p->kind == PlanKind::kStreamingScan) {
    auto copy = std::make_shared<LogicalPlan>(*p);
    copy->kind = PlanKind::kScan;
    copy->source = std::make_shared<BatchRowsSource>(p->schema(), data[next++], p->stream->describe());
    copy->stream.reset();
    return copy;
  }
  if (!p->isStreaming()) return p;
  auto copy = std::make_shared<LogicalPlan>(*p);
  for (auto& c : copy->children) c = instantiate(c, data, next);
  return copy;
}

}  // namespace

Result<IncrementalPlan> IncrementalPlan::create(const PlanPtr& plan, const exec::StatefulOperatorInfo& base) {
  Builder b;
  b.base = base;
  IncrementalPlan out;
  SPATE_ASSIGN_OR_RETURN(out.template_, b.rewrite(plan));
  out.sources_ = std::move(b.sources);
  out.operators_ = std::move(b.operators);
  out.watermarks_ = std::move(b.watermarks);
  return out;
}

PlanPtr IncrementalPlan::forBatch(const std::vector<std::vector<BatchPtr>>& data) const {
  size_t next = 0;
  return instantiate(template_, data, next);
}

Json IncrementalPlan::describe() const {
  Json j = Json::object();
  Json srcs = Json::array();
  for (const auto& s : sources_) srcs.push(s->describe());
  j.set("sources", std::move(srcs));
  Json ops = Json::array();
  for (const auto& o : operators_) ops.push(o->stateLayout());
  j.set("statefulOperators", std::move(ops));
  return j;
}

}  // namespace spate::streaming
