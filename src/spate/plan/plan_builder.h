#pragma once

#include <string>
#include <vector>

#include "spate/plan/logical_plan.h"

namespace spate::plan {

// Builds resolved plan nodes: the one place the DataFrame API and the SQL planner both
// go through, so a query means the same whichever way it is written. Analysis errors
// (unknown columns, type mismatches, misplaced aggregates) surface here, eagerly, as in
// Spark.

PlanPtr scan(TableSourcePtr source, const std::string& qualifier = "");
PlanPtr values(BatchPtr rows, const std::string& qualifier = "");
// The leaf of a streaming plan (readStream().load()).
PlanPtr streamingScan(std::shared_ptr<const StreamingRelation> stream, const std::string& qualifier = "");

// SELECT items: '*' and 't.*' expand, generators (explode) add a Generate node,
// aggregates without GROUP BY make a global aggregation.
Result<PlanPtr> project(const PlanPtr& child, const std::vector<ExprPtr>& items);
Result<PlanPtr> filter(const PlanPtr& child, const ExprPtr& condition);
// GROUP BY keys with SELECT items (and HAVING) over them.
Result<PlanPtr> aggregate(const PlanPtr& child, const std::vector<ExprPtr>& groupBy,
                          const std::vector<ExprPtr>& items, const ExprPtr& having = nullptr);
// ORDER BY: kSortOrder expressions, or plain expressions (ascending).
Result<PlanPtr> sort(const PlanPtr& child, const std::vector<ExprPtr>& orders);
// sort(), or, when a key names a column that the projection on top dropped
// (df.select("a").orderBy("b"), SELECT a ... ORDER BY b), that projection over the
// sort of its input, as Spark resolves such keys.
Result<PlanPtr> sortResolvingDropped(const PlanPtr& child, const std::vector<ExprPtr>& orders);
PlanPtr limit(const PlanPtr& child, int64_t n);
PlanPtr distinct(const PlanPtr& child);
// Keeps the first row of each group of equal `columns` (all columns when empty). On a
// stream the keys seen are kept in state (evicted by the watermark when a key column
// carries event time); withinWatermark keeps each key only until the watermark passes
// its event time + delay (dropDuplicatesWithinWatermark, streams only).
Result<PlanPtr> dropDuplicates(const PlanPtr& child, const std::vector<std::string>& columns,
                               bool withinWatermark = false);
Result<PlanPtr> join(const PlanPtr& left, const PlanPtr& right, sql::JoinType type, const ExprPtr& condition,
                     const std::vector<std::string>& usingColumns = {});
// By position; column types widen to a common type.
Result<PlanPtr> unionAll(const PlanPtr& left, const PlanPtr& right);
Result<PlanPtr> unionByName(const PlanPtr& left, const PlanPtr& right);
Result<PlanPtr> except(const PlanPtr& left, const PlanPtr& right);
Result<PlanPtr> intersect(const PlanPtr& left, const PlanPtr& right);
// withWatermark(eventTime, delay): marks a timestamp column as event time with a
// delay such as "10 minutes"; stateful operators over it drop and evict what falls
// behind the watermark. A batch query ignores it.
Result<PlanPtr> withWatermark(const PlanPtr& child, const std::string& eventTime, const std::string& delay);
Result<PlanPtr> withWatermark(const PlanPtr& child, const std::string& eventTime, int64_t delayMicros);
// Gives every output column the qualifier `alias` (FROM t AS x).
PlanPtr withQualifier(const PlanPtr& child, const std::string& alias);
// Renames the output columns in order (AS t(a, b), toDF("a", "b")).
Result<PlanPtr> renameColumns(const PlanPtr& child, const std::vector<std::string>& names);

}  // namespace spate::plan
