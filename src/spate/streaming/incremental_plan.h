#pragma once

#include <memory>
#include <vector>

#include "spate/common/json.h"
#include "spate/exec/stateful/stateful_operator.h"
#include "spate/streaming/source.h"

namespace spate::streaming {

// A streaming query's plan prepared for micro-batches (Spark's IncrementalExecution):
// each streaming aggregation is replaced by its stateful operator, which lives as long
// as the query, and each streaming leaf is numbered; forBatch() then puts one batch's
// rows in place of the leaves.
class IncrementalPlan {
 public:
  // base: where state lives and how it is emitted; operator ids are assigned in plan
  // order, so the same query gets the same ids on restart.
  static Result<IncrementalPlan> create(const PlanPtr& plan, const exec::StatefulOperatorInfo& base);

  const std::vector<std::shared_ptr<const SourceRelation>>& sources() const { return sources_; }
  const std::vector<std::shared_ptr<exec::StatefulOperator>>& statefulOperators() const { return operators_; }
  // The withWatermark operators, in plan order.
  const std::vector<std::shared_ptr<exec::EventTimeWatermark>>& watermarks() const { return watermarks_; }
  // The plan of one batch: leaf i reads data[i].
  PlanPtr forBatch(const std::vector<std::vector<BatchPtr>>& data) const;
  // The sources and state layouts, which a checkpoint records and a restart must match.
  Json describe() const;
  const PlanPtr& templatePlan() const { return template_; }

 private:
  PlanPtr template_;
  std::vector<std::shared_ptr<const SourceRelation>> sources_;
  std::vector<std::shared_ptr<exec::StatefulOperator>> operators_;
  std::vector<std::shared_ptr<exec::EventTimeWatermark>> watermarks_;
};

}  // namespace spate::streaming
