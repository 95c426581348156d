#pragma once

#include <cstdint>
#include <climits>
#include <memory>
#include <mutex>
#include <string>

#include "spate/common/json.h"
#include "spate/exec/stateful/operator_metrics.h"
#include "spate/plan/event_time.h"
#include "spate/plan/logical_plan.h"
#include "spate/plan/output_mode.h"
#include "spate/state/state_store.h"

namespace spate::exec {

// Where a stateful operator keeps its state and how it emits.
struct StatefulOperatorInfo {
  int64_t operatorId = 0;
  std::string stateRoot;  // <checkpoint>/state
  int numPartitions = 1;  // spark.sql.shuffle.partitions, fixed for the checkpoint's life
  state::StateStoreConf storeConf;
  OutputMode outputMode = OutputMode::kAppend;
  EventTimeKey eventTime;
  bool keepsLateRows = false;  // a late-rows sink receives the whole input rows dropped as late
};

// A stateful operator of a streaming query. The engine sets the batch id before each
// batch runs; open() loads the state at version batchId in every partition, applies
// the batch and commits version batchId + 1 before it returns the output.
class StatefulOperator : public StatefulStep {
 public:
  // The batch to run next and its watermarks (microseconds). As in Spark 3.5, input
  // rows are late when at or behind the previous batch's watermark, and state goes
  // when the current one passes it: rows an upstream operator emits in this batch
  // because the watermark moved are not late for the operator after it.
  void setBatch(int64_t batchId, int64_t lateWatermarkMicros, int64_t watermarkMicros) {
    batchId_ = batchId;
    lateWatermarkMicros_ = lateWatermarkMicros;
    watermarkMicros_ = watermarkMicros;
  }
  virtual StatefulOperatorMetrics metrics() const = 0;
  // Whether the watermark removes state, so a batch must run when it moves.
  virtual bool evictsByWatermark() const { return false; }
  // The input rows the last batch dropped as late (behind the watermark), for the
  // query's late-rows sink; they are handed over once.
  std::vector<BatchPtr> takeLateRows();
  // The layout of the state (key and value schema), stored in the checkpoint: a
  // restarted query whose state layout differs is refused.
  virtual Json stateLayout() const = 0;

 protected:
  // The store of an operator with one state partition, at this batch's version (the
  // provider is made on first use, once the checkpoint is known to fit the query).
  Result<state::StateStore*> loadSingleStore(const StatefulOperatorInfo& info);
  void addLateRows(BatchPtr rows);

  int64_t batchId_ = 0;
  int64_t lateWatermarkMicros_ = 0;
  int64_t watermarkMicros_ = 0;

 private:
  std::unique_ptr<state::StateStoreProvider> singleProvider_;
  std::mutex lateMu_;
  std::vector<BatchPtr> lateRows_;
};

// Event-time statistics of the rows of one batch (microseconds).
struct EventTimeStats {
  int64_t min = INT64_MAX;
  int64_t max = INT64_MIN;
  double sum = 0;
  int64_t count = 0;
  void merge(const EventTimeStats& other);
};

// withWatermark over a stream: rows pass through unchanged while the event time of
// the column at `ordinal` is observed, so the engine can move the watermark (max event
// time - delay) after the batch.
class EventTimeWatermark final : public StatefulStep {
 public:
  EventTimeWatermark(int ordinal, int64_t delayMicros, std::string column);
  Result<BatchStreamPtr> open(BatchStreamPtr child, EvalContext& ctx) override;
  std::string describe() const override;
  int64_t delayMicros() const { return delayMicros_; }
  // The statistics gathered since the last call.
  EventTimeStats takeStats();

 private:
  int ordinal_;
  int64_t delayMicros_;
  std::string column_;
  std::mutex mu_;
  EventTimeStats stats_;
};

// groupBy(...).agg(...) over a stream: node is the kAggregate of the query's plan.
// Rows are hash-partitioned by key (Spark's murmur3 hash, pmod numPartitions) and
// each partition is aggregated on the thread pool against its own state store.
Result<std::shared_ptr<StatefulOperator>> makeStreamingAggregate(const LogicalPlan& node,
                                                                 const StatefulOperatorInfo& info);

// groupBy(..., session_window(...)).agg(...) over a stream (node.sessionWindowKey >= 0):
// each key's sessions are kept and merged across batches; partitioned by the other keys.
Result<std::shared_ptr<StatefulOperator>> makeStreamingSessionAggregate(const LogicalPlan& node,
                                                                        const StatefulOperatorInfo& info);

// The column a deduplication reads event time from (an ordinal of its input; -1:
// none) and how long a key lives after it (dropDuplicatesWithinWatermark's delay).
struct DeduplicateEventTime {
  int ordinal = -1;
  bool isWindow = false;
  int64_t delayMicros = 0;
};
// dropDuplicates / dropDuplicatesWithinWatermark over a stream (node: kDeduplicate),
// with one state partition.
std::shared_ptr<StatefulOperator> makeStreamingDeduplicate(const LogicalPlan& node, const StatefulOperatorInfo& info,
                                                           DeduplicateEventTime eventTime);

// LIMIT over a stream in append mode: at most node.limit rows over the query's life.
std::shared_ptr<StatefulOperator> makeStreamingLimit(const LogicalPlan& node, const StatefulOperatorInfo& info);

}  // namespace spate::exec
