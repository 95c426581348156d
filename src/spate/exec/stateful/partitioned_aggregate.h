#pragma once

// What the streaming aggregations (by group and by session window) share: each batch's
// rows are evaluated (keys, then aggregate arguments), the rows behind the watermark are
// set aside as late, the rest are hash-partitioned by key, and each partition runs on
// the thread pool against its own state store. A subclass says what a partition does.

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "spate/exec/stateful/stateful_operator.h"
#include "spate/expr/function_registry.h"

namespace spate::exec {

// Some rows of one partition: key columns, then every aggregate argument.
using Chunk = std::vector<ColumnPtr>;

// What one partition did in a batch.
struct PartitionOutput {
  Status status;
  std::vector<ColumnPtr> columns;  // keys then aggregate results
  int64_t numRows = 0;
  int64_t numStateRows = 0;  // rows in the state after the batch (groups or sessions)
  int64_t updated = 0;
  int64_t removed = 0;
  int64_t memoryBytes = 0;
  int64_t commitMs = 0;

  static PartitionOutput failed(Status s) {
    PartitionOutput o;
    o.status = std::move(s);
    return o;
  }
};

class PartitionedAggregate : public StatefulOperator {
 public:
  // hashKeys: the keys (indexes into node.exprs) that choose a row's partition.
  PartitionedAggregate(const LogicalPlan& node, StatefulOperatorInfo info, std::vector<int> hashKeys,
                       std::string operatorName);
  Status init();

  Result<BatchStreamPtr> open(BatchStreamPtr child, EvalContext& ctx) final;
  std::string describe() const final;
  StatefulOperatorMetrics metrics() const final;
  bool evictsByWatermark() const final {
    return info_.eventTime.index >= 0 && info_.outputMode != OutputMode::kComplete;
  }
  Json stateLayout() const final;
  const std::vector<BoundExprPtr>* inputExprs() const final { return info_.keepsLateRows ? nullptr : &inputExprs_; }

 protected:
  // Loads partition p's store at this batch's version, applies chunks (in input order)
  // and commits.
  virtual PartitionOutput processPartition(int p, const std::vector<Chunk>& chunks) = 0;

  Result<state::StateStore*> loadStore(int p) { return providers_[static_cast<size_t>(p)]->load(batchId_); }
  // Commits the store and fills out's commit time, state size and memory.
  Status commit(state::StateStore& store, PartitionOutput& out) const;

  std::vector<std::unique_ptr<AggregateState>> newStates() const;
  std::vector<ColumnPtr> argsOf(const Chunk& chunk, size_t a) const;
  // A group's aggregates as bytes: each aggregate's state, length-prefixed.
  void appendStates(const std::vector<std::unique_ptr<AggregateState>>& states, uint32_t g, std::string& out) const;
  enum class Restore {
    kFull,         // to go on updating
    kMerge,        // folded into what the group holds
    kForFinalize,  // only to finalize (AggregateState::restoreForFinalize)
  };
  // Restores group g from appendStates' bytes. An error, never a crash, on corrupt bytes.
  Status restoreStates(std::vector<std::unique_ptr<AggregateState>>& states, uint32_t g, std::string_view value,
                       Restore how = Restore::kFull) const;

  // Whether row i of the event-time key column is at or behind `watermark`: for a
  // window, its end. A null event time never is.
  bool isBehind(const Column& key, int64_t i, int64_t watermark) const;

  StatefulOperatorInfo info_;
  std::vector<BoundExprPtr> keys_;
  std::vector<TypePtr> keyTypes_;
  std::vector<AggregateCall> aggregates_;
  SchemaPtr schema_;
  int numPartitions_ = 1;

 private:
  // Evaluates keys and arguments over one input batch and splits its rows by
  // partition. Runs concurrently for different batches.
  Status partition(const BatchPtr& input, EvalContext& ctx, std::vector<std::vector<Chunk>>& parts,
                   BatchPtr& late) const;

  std::string operatorName_;
  std::vector<int> hashKeys_;
  std::vector<BoundExprPtr> args_;
  std::vector<BoundExprPtr> inputExprs_;  // keys_ then args_
  std::vector<int> argStart_, argCount_;
  BoundExprPtr partitionHash_;
  std::vector<std::unique_ptr<state::StateStoreProvider>> providers_;
  mutable std::mutex metricsMu_;
  StatefulOperatorMetrics metrics_;
};

}  // namespace spate::exec
