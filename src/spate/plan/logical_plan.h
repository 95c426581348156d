#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/columnar/batch_stream.h"
#include "spate/expr/binder.h"
#include "spate/expr/scan_request.h"
#include "spate/sql/ast.h"

namespace spate {

// Where a scan's rows come from: a file directory, an in-memory table, a range. The
// session layer implements these over io/ and connectors/.
class TableSource {
 public:
  virtual ~TableSource() = default;
  virtual SchemaPtr schema() const = 0;
  virtual Result<BatchStreamPtr> open() const = 0;
  // open() for a query that needs only part of the table; sources that cannot read
  // less ignore the request.
  virtual Result<BatchStreamPtr> open(const ScanRequest& request) const { return open(); }
  // For explain(): "csv [/data/people.csv]".
  virtual std::string describe() const = 0;
};

using TableSourcePtr = std::shared_ptr<const TableSource>;

// What readStream()...load() made: the leaf of a streaming plan. The streaming layer
// creates a live source from it each time a query starts.
class StreamingRelation {
 public:
  virtual ~StreamingRelation() = default;
  virtual SchemaPtr schema() const = 0;
  // For explain() and progress: "FileStreamSource[file:/data/in]".
  virtual std::string describe() const = 0;
};

// A stateful streaming operator (aggregation, deduplication, limit) placed into the
// plan of one micro-batch. It outlives the batch: it owns the operator's state.
class StatefulStep {
 public:
  virtual ~StatefulStep() = default;
  // The operator's output for this batch, given its input rows.
  virtual Result<BatchStreamPtr> open(BatchStreamPtr child, EvalContext& ctx) = 0;
  virtual std::string describe() const = 0;
  // The expressions over its input that are all it reads of it, so the columns (and
  // struct fields) they do not touch need not be read; null when it keeps whole input
  // rows (in its output, or as late rows).
  virtual const std::vector<BoundExprPtr>* inputExprs() const { return nullptr; }
};

enum class PlanKind {
  kScan,       // source
  kValues,     // rows (inline table / createDataFrame)
  kProject,    // exprs
  kFilter,     // predicate
  kAggregate,  // groupKeys + aggregates, output = keys then aggregate results
  kSort,       // sortKeys
  kLimit,      // limit
  kJoin,       // joinType + condition over left ++ right
  kUnion,      // children, same column types
  kGenerate,   // generator over the child: output = child columns ++ generated
  kStreamingScan,  // stream: an unbounded source (readStream)
  kStateful,       // stateful: a streaming operator of one micro-batch, over its child
  kWatermark,      // exprs[0]: the event-time column, watermarkDelayMicros (withWatermark)
  kDeduplicate,    // exprs: key columns; the first row of each key (dropDuplicates[WithinWatermark])
};

struct AggregateCall {
  std::string name;                 // function name, for explain
  std::vector<BoundExprPtr> args;   // over the child's output
  ResolvedAggregate resolved;
  bool distinct = false;
  bool filtered = false;  // FILTER (WHERE ...): args' last is the condition
};

struct SortKey {
  BoundExprPtr expr;
  bool ascending = true;
  bool nullsFirst = true;
};

struct LogicalPlan;
using PlanPtr = std::shared_ptr<const LogicalPlan>;

// A resolved logical plan node: every expression is bound to its child's output and
// every node knows its output columns.
struct LogicalPlan {
  PlanKind kind = PlanKind::kValues;
  std::vector<Attribute> output;
  std::vector<PlanPtr> children;

  TableSourcePtr source;                    // kScan
  BatchPtr rows;                            // kValues
  std::vector<BoundExprPtr> exprs;          // kProject: one per output; kAggregate: group keys
  BoundExprPtr predicate;                   // kFilter; kJoin: residual condition over left ++ right (may be null)
  std::vector<BoundExprPtr> leftKeys;       // kJoin: equi-join keys over the left output
  std::vector<BoundExprPtr> rightKeys;      // kJoin: the matching keys over the right output
  bool nullsEqual = false;                  // kJoin: null keys match (EXCEPT / INTERSECT)
  std::vector<AggregateCall> aggregates;    // kAggregate
  int sessionWindowKey = -1;                // kAggregate: the key that is session_window(...), if any
  std::vector<SortKey> sortKeys;            // kSort
  int64_t limit = 0;                        // kLimit
  sql::JoinType joinType = sql::JoinType::kInner;
  ResolvedGenerator generator;              // kGenerate
  std::vector<BoundExprPtr> generatorArgs;  // kGenerate
  std::string generatorName;
  bool generatorOuter = false;
  std::shared_ptr<const StreamingRelation> stream;  // kStreamingScan
  std::shared_ptr<StatefulStep> stateful;           // kStateful
  int64_t watermarkDelayMicros = 0;                 // kWatermark
  bool withinWatermark = false;                     // kDeduplicate: dropDuplicatesWithinWatermark

  SchemaPtr schema() const;
  // Whether a streaming source feeds this node.
  bool isStreaming() const;
  // The tree as explain() prints it.
  std::string treeString() const;
};

}  // namespace spate
