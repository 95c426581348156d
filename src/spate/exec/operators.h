#pragma once

#include <memory>
#include <vector>

#include "spate/columnar/batch_stream.h"
#include "spate/plan/logical_plan.h"

namespace spate::exec {

// State shared by the operators of one query execution.
struct ExecContext {
  EvalContext eval;
};

// Physical operators. Each pulls batches from its child stream(s) and is one file.
BatchStreamPtr makeBatchesScan(SchemaPtr schema, std::vector<BatchPtr> batches);
BatchStreamPtr makeProject(BatchStreamPtr child, SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx);
// `keep`: the columns to gather for passing rows; the rest become constant nulls
// because no operator above reads them.
BatchStreamPtr makeFilter(BatchStreamPtr child, BoundExprPtr predicate, std::vector<bool> keep, ExecContext& ctx);
// A projection of a filter's passing rows: what the predicate and the expressions share
// is computed once. `keep` as for makeFilter.
BatchStreamPtr makeFilterProject(BatchStreamPtr child, BoundExprPtr predicate, std::vector<bool> keep,
                                 SchemaPtr schema, std::vector<BoundExprPtr> exprs, ExecContext& ctx);
BatchStreamPtr makeLimit(BatchStreamPtr child, int64_t limit);
BatchStreamPtr makeUnion(std::vector<BatchStreamPtr> children, SchemaPtr schema);
BatchStreamPtr makeGenerate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx);
BatchStreamPtr makeSort(BatchStreamPtr child, SchemaPtr schema, std::vector<SortKey> keys, std::vector<bool> keep,
                        ExecContext& ctx);
// Gathers the kept columns of a batch by selection; the others become constant nulls.
BatchPtr takeKept(const BatchPtr& batch, const std::vector<int32_t>& rows, const std::vector<bool>& keep);
BatchStreamPtr makeHashAggregate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx);
// GROUP BY session_window(...): the sessions of each key merged (node.sessionWindowKey).
BatchStreamPtr makeSessionAggregate(BatchStreamPtr child, SchemaPtr schema, const LogicalPlan& node, ExecContext& ctx);
// The first row of each key, in input order; `keep` as for makeFilter.
BatchStreamPtr makeDeduplicate(BatchStreamPtr child, std::vector<BoundExprPtr> keys, std::vector<bool> keep,
                               ExecContext& ctx);
BatchStreamPtr makeHashJoin(BatchStreamPtr left, BatchStreamPtr right, SchemaPtr schema, const LogicalPlan& node,
                            ExecContext& ctx);

// Reads a stream to its end (columnar/batch_stream.h).
using spate::drain;

}  // namespace spate::exec
