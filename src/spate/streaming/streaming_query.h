#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spate/plan/logical_plan.h"
#include "spate/plan/output_mode.h"
#include "spate/state/state_store.h"
#include "spate/streaming/clock.h"
#include "spate/streaming/listener.h"
#include "spate/streaming/progress.h"
#include "spate/streaming/sink.h"
#include "spate/streaming/trigger.h"

namespace spate::streaming {

// How a query runs: what DataStreamWriter and the session configuration decided.
struct QueryConfig {
  std::string name;                // queryName; empty: none
  std::string checkpointLocation;  // empty: a temporary folder, deleted at stop
  Trigger trigger;
  OutputMode outputMode = OutputMode::kAppend;
  int numShufflePartitions = 1;    // spark.sql.shuffle.partitions (a new checkpoint records it)
  state::StateStoreConf storeConf;
  int minBatchesToRetain = 100;    // offsets/commits kept (spark.sql.streaming.minBatchesToRetain)
  int64_t pollingDelayMs = 10;     // wait between checks for new data with the default trigger
  // spark.sql.streaming.noDataMicroBatches.enabled: a batch without new data runs when
  // the watermark moved, so windows it closed are emitted and evicted.
  bool noDataMicroBatches = true;
  // spark.sql.streaming.multipleWatermarkPolicy: "max" instead of the default "min".
  bool maxWatermarkPolicy = false;
  ClockPtr clock;                  // null: the system clock
  // Where the rows stateful operators drop behind the watermark go (null: nowhere).
  std::shared_ptr<Sink> lateRowsSink;
};

class StreamingQueryManager;

// A running streaming query (Spark's StreamingQuery). Batches run on the query's own
// thread; every method here is safe to call from any other thread.
class StreamingQuery {
 public:
  ~StreamingQuery();

  const std::string& id() const;
  const std::string& runId() const;
  const std::string& name() const;
  bool isActive() const;

  // Stops the query: the running batch finishes (or is abandoned without commit),
  // then sources and sink are closed. Returns when the thread has ended.
  void stop();
  // Waits for the query to end: true when it has, false when timeoutMs passed first;
  // the query's error when it failed.
  Result<bool> awaitTermination(std::optional<int64_t> timeoutMs = std::nullopt);
  // Waits until every row the sources had when called is processed and committed; the
  // query's error when it fails meanwhile.
  Status processAllAvailable();
  std::optional<Status> exception() const;
  StreamingQueryStatus status() const;
  std::optional<StreamingQueryProgress> lastProgress() const;
  std::vector<StreamingQueryProgress> recentProgress() const;
  // The plan of the last batch (or the query's plan before the first).
  std::string explain() const;

  struct Impl;

 private:
  friend class StreamingQueryManager;
  explicit StreamingQuery(std::unique_ptr<Impl> impl);
  // Everything a query needs before its thread starts: the plan checked for the output
  // mode, the checkpoint opened (or created) and matched against the query, the plan
  // made incremental. Errors here are the user's to fix before anything runs.
  static Result<std::shared_ptr<StreamingQuery>> prepare(const PlanPtr& plan, std::unique_ptr<Sink> sink,
                                                         QueryConfig config,
                                                         std::weak_ptr<StreamingQueryManager> manager);
  int64_t startMillis() const;
  // Starts the query's thread.
  void launch();
  std::unique_ptr<Impl> impl_;
};

using StreamingQueryPtr = std::shared_ptr<StreamingQuery>;

}  // namespace spate::streaming
