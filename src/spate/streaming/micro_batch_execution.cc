// The micro-batch loop of a streaming query (Spark's MicroBatchExecution): per
// trigger, ask the sources how far they are, write the batch's offsets, run the
// incremental plan over the new rows, hand the result to the sink, write the commit.

#include <chrono>
#include <deque>
#include <filesystem>
#include <thread>

#include "spate/streaming/micro_batch_execution.h"

#include "spate/common/file_util.h"
#include "spate/common/strings.h"
#include "spate/exec/physical_planner.h"
#include "spate/expr/json_writer.h"
#include "spate/plan/streaming_checker.h"
#include "spate/streaming/checkpoint.h"
#include "spate/streaming/incremental_plan.h"
#include "spate/streaming/query_manager.h"

namespace spate::streaming {

namespace {

using SteadyClock = std::chrono::steady_clock;

int64_t msSince(SteadyClock::time_point t) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(SteadyClock::now() - t).count();
}

constexpr size_t kRecentProgress = 100;  // spark.sql.streaming.numRecentProgressUpdates

}  // namespace

std::string isoTimestamp(int64_t millis) {
  std::string s;
  appendJsonTimestamp(s, millis * 1000);
  return s;
}

struct StreamingQuery::Impl {
  std::weak_ptr<StreamingQueryManager> manager;
  StreamingQuery* self = nullptr;
  PlanPtr plan;
  IncrementalPlan incremental;
  std::unique_ptr<Sink> sink;
  QueryConfig config;
  Checkpoint checkpoint;
  bool tempCheckpoint = false;
  std::string id, runId, name;
  ClockPtr clock;

  // Owned by the query thread.
  std::vector<std::unique_ptr<Source>> sources;
  int64_t batchId = 0;
  std::vector<std::optional<Offset>> committed;  // end offsets of the last committed batch
  std::optional<OffsetSeq> pending;              // a batch to re-run after a restart
  int64_t lastTriggerStartMs = -1;
  bool idle = false;

  // Shared with callers on other threads.
  mutable std::mutex mu;
  std::condition_variable changed;
  bool active = true;
  bool terminated = false;  // inactive, and the manager and listeners have been told
  bool stopRequested = false;
  // processAllAvailable() requests are numbered; a trigger that finds no new data
  // answers every request made before it asked the sources.
  uint64_t allAvailableRequested = 0;
  uint64_t allAvailableAnswered = 0;
  std::optional<Status> error;
  StreamingQueryStatus status;
  std::deque<StreamingQueryProgress> progress;
  std::string lastPlan;
  std::thread thread;

  std::vector<std::shared_ptr<StreamingQueryListener>> listeners() const {
    auto m = manager.lock();
    return m ? m->listeners() : std::vector<std::shared_ptr<StreamingQueryListener>>{};
  }

  bool stopping() const {
    std::lock_guard<std::mutex> lock(mu);
    return stopRequested;
  }

  void setStatus(std::string message, bool dataAvailable, bool triggerActive) {
    std::lock_guard<std::mutex> lock(mu);
    status.message = std::move(message);
    status.isDataAvailable = dataAvailable;
    status.isTriggerActive = triggerActive;
  }

  // Creates the sources, opens the sink and finds where the previous run stopped.
  Status initialize() {
    SPATE_RETURN_IF_ERROR(sink->open(SinkContext{id}));
    if (config.lateRowsSink) SPATE_RETURN_IF_ERROR(config.lateRowsSink->open(SinkContext{id + "-late-rows"}));
    for (size_t i = 0; i < incremental.sources().size(); ++i) {
      SourceContext ctx{checkpoint.sourcePath(i), clock, checkpoint.durable()};
      SPATE_RETURN_IF_ERROR(ensureDirectory(ctx.metadataPath));
      SPATE_ASSIGN_OR_RETURN(auto source, incremental.sources()[i]->createSource(ctx));
      sources.push_back(std::move(source));
    }
    std::vector<ScanRequest> requests = exec::streamingScanRequests(incremental.templatePlan());
    if (requests.size() == sources.size()) {
      for (size_t i = 0; i < sources.size(); ++i) sources[i]->setScanRequest(std::move(requests[i]));
    }
    committed.assign(sources.size(), std::nullopt);
    SPATE_ASSIGN_OR_RETURN(auto latest, checkpoint.latestOffsetsBatch());
    if (!latest) return Status::OK();
    SPATE_ASSIGN_OR_RETURN(OffsetSeq last, checkpoint.readOffsets(*latest));
    if (last.offsets.size() != sources.size()) {
      return Status::AnalysisError("The checkpoint at {} has offsets for {} source(s) but the query has {}",
                                   checkpoint.root(), last.offsets.size(), sources.size());
    }
    SPATE_ASSIGN_OR_RETURN(auto lastCommit, checkpoint.latestCommittedBatch());
    if (lastCommit && *lastCommit >= *latest) {
      SPATE_ASSIGN_OR_RETURN(watermarkMs, checkpoint.readCommit(*latest));
      lastBatchWatermarkMs = last.metadata.batchWatermarkMs;
      committed = last.offsets;
      batchId = *latest + 1;
      return Status::OK();
    }
    // Offsets written, commit missing: the batch was interrupted; run it again with
    // exactly the same offsets.
    batchId = *latest;
    watermarkMs = last.metadata.batchWatermarkMs;
    lastBatchWatermarkMs = watermarkMs;
    if (*latest > 0) {
      SPATE_ASSIGN_OR_RETURN(OffsetSeq before, checkpoint.readOffsets(*latest - 1));
      committed = before.offsets;
      committed.resize(sources.size());
      lastBatchWatermarkMs = before.metadata.batchWatermarkMs;
    }
    pending = std::move(last);
    return Status::OK();
  }

  // The watermark the next batch runs under, and the one the last batch ran under; a
  // watermark that moved lets finished windows out even without new data.
  int64_t watermarkMs = 0;
  int64_t lastBatchWatermarkMs = 0;
  std::vector<std::optional<int64_t>> operatorWatermarksMs;  // per withWatermark, once it saw rows

  bool evictsByWatermark() const {
    for (const auto& op : incremental.statefulOperators()) {
      if (op->evictsByWatermark()) return true;
    }
    return false;
  }

  // Spark's WatermarkTracker: each withWatermark's max event time - delay (never going
  // back), combined by spark.sql.streaming.multipleWatermarkPolicy, raises the
  // global watermark. Returns the batch's event-time statistics for progress.
  exec::EventTimeStats advanceWatermark() {
    const auto& marks = incremental.watermarks();
    operatorWatermarksMs.resize(marks.size());
    exec::EventTimeStats all;
    std::optional<int64_t> global;
    for (size_t i = 0; i < marks.size(); ++i) {
      exec::EventTimeStats stats = marks[i]->takeStats();
      all.merge(stats);
      if (stats.count > 0) {
        int64_t candidate = floorDiv(stats.max - marks[i]->delayMicros(), 1000);
        auto& current = operatorWatermarksMs[i];
        current = current ? std::max(*current, candidate) : candidate;
      }
      if (!operatorWatermarksMs[i]) continue;
      if (!global) {
        global = operatorWatermarksMs[i];
      } else {
        global = config.maxWatermarkPolicy ? std::max(*global, *operatorWatermarksMs[i])
                                           : std::min(*global, *operatorWatermarksMs[i]);
      }
    }
    if (global && *global > watermarkMs) watermarkMs = *global;
    return all;
  }

  static int64_t floorDiv(int64_t a, int64_t b) { return a / b - ((a % b != 0) && ((a < 0) != (b < 0))); }

  // One trigger: true when a batch ran.
  Result<bool> runTrigger(int64_t triggerStartMs) {
    auto triggerStart = SteadyClock::now();
    std::map<std::string, int64_t> durations;
    OffsetSeq offsets;
    bool rerun = pending.has_value();
    std::vector<std::optional<Offset>> latestSeen(sources.size());
    if (rerun) {
      offsets = std::move(*pending);
      pending.reset();
      latestSeen = offsets.offsets;
    } else {
      setStatus("Getting offsets from sources", false, true);
      uint64_t requestsSeen;
      {
        std::lock_guard<std::mutex> lock(mu);
        requestsSeen = allAvailableRequested;
      }
      auto t = SteadyClock::now();
      bool applyLimit = config.trigger.kind != Trigger::Kind::kOnce;
      bool newData = false;
      offsets.offsets.resize(sources.size());
      for (size_t i = 0; i < sources.size(); ++i) {
        SPATE_ASSIGN_OR_RETURN(auto latest, sources[i]->latestOffset(committed[i], applyLimit));
        latestSeen[i] = latest;
        offsets.offsets[i] = latest ? latest : committed[i];
        if (latest && latest != committed[i]) newData = true;
      }
      durations["latestOffset"] = msSince(t);
      bool watermarkMoved = watermarkMs > lastBatchWatermarkMs && config.noDataMicroBatches && evictsByWatermark();
      if (!newData && !watermarkMoved) {
        reportIdle(triggerStartMs, requestsSeen);
        return false;
      }
      offsets.metadata.batchWatermarkMs = watermarkMs;
      offsets.metadata.batchTimestampMs = triggerStartMs;
      offsets.metadata.conf["spark.sql.shuffle.partitions"] = std::to_string(config.numShufflePartitions);
      offsets.metadata.conf["spark.sql.streaming.stateStore.providerClass"] = "spate.InMemoryStateStoreProvider";
      offsets.metadata.conf["spark.sql.streaming.multipleWatermarkPolicy"] = config.maxWatermarkPolicy ? "max" : "min";
      t = SteadyClock::now();
      SPATE_RETURN_IF_ERROR(checkpoint.writeOffsets(batchId, offsets));
      durations["walCommit"] = msSince(t);
    }
    idle = false;
    setStatus("Processing new data", true, true);

    // Read each source's new rows.
    auto t = SteadyClock::now();
    std::vector<std::vector<BatchPtr>> data(sources.size());
    std::vector<int64_t> inputRows(sources.size(), 0);
    for (size_t i = 0; i < sources.size(); ++i) {
      const auto& end = offsets.offsets[i];
      if (!end || end == committed[i]) continue;
      SPATE_ASSIGN_OR_RETURN(data[i], sources[i]->getBatch(committed[i], *end));
      for (const auto& b : data[i]) inputRows[i] += b->numRows();
    }
    durations["getBatch"] = msSince(t);

    t = SteadyClock::now();
    const int64_t batchWatermarkMs = offsets.metadata.batchWatermarkMs;
    for (const auto& op : incremental.statefulOperators()) {
      op->setBatch(batchId, lastBatchWatermarkMs * 1000, batchWatermarkMs * 1000);
    }
    PlanPtr batchPlan = incremental.forBatch(data);
    durations["queryPlanning"] = msSince(t);

    t = SteadyClock::now();
    exec::ExecContext ctx;
    ctx.eval.currentTimestampMicros = offsets.metadata.batchTimestampMs * 1000;
    SPATE_ASSIGN_OR_RETURN(BatchStreamPtr stream, exec::buildStream(batchPlan, ctx));
    SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> rows, exec::drain(*stream));
    int64_t outputRows = 0;
    for (const auto& b : rows) outputRows += b->numRows();
    SPATE_RETURN_IF_ERROR(sink->addBatch(batchId, batchPlan->schema(), rows, config.outputMode));
    SPATE_RETURN_IF_ERROR(writeLateRows());
    durations["addBatch"] = msSince(t);

    t = SteadyClock::now();
    watermarkMs = std::max(watermarkMs, batchWatermarkMs);
    exec::EventTimeStats eventTime = advanceWatermark();
    SPATE_RETURN_IF_ERROR(checkpoint.writeCommit(batchId, watermarkMs));
    for (size_t i = 0; i < sources.size(); ++i) {
      if (offsets.offsets[i]) SPATE_RETURN_IF_ERROR(sources[i]->commit(*offsets.offsets[i]));
    }
    // Keeps the last minBatchesToRetain batches: one entry leaves per batch.
    if (batchId >= config.minBatchesToRetain) {
      SPATE_RETURN_IF_ERROR(checkpoint.purge(batchId + 1 - config.minBatchesToRetain));
    }
    durations["commitOffsets"] = msSince(t);
    durations["triggerExecution"] = msSince(triggerStart);

    reportProgress(triggerStartMs, offsets, latestSeen, inputRows, outputRows, std::move(durations), eventTime);
    lastBatchWatermarkMs = batchWatermarkMs;
    {
      std::lock_guard<std::mutex> lock(mu);
      lastPlan = batchPlan->treeString();
    }
    committed = offsets.offsets;
    ++batchId;
    return true;
  }

  void reportProgress(int64_t triggerStartMs, const OffsetSeq& offsets,
                      const std::vector<std::optional<Offset>>& latestSeen, const std::vector<int64_t>& inputRows,
                      int64_t outputRows, std::map<std::string, int64_t> durations,
                      const exec::EventTimeStats& eventTime) {
    StreamingQueryProgress p;
    p.id = id;
    p.runId = runId;
    p.name = name;
    p.timestamp = isoTimestamp(triggerStartMs);
    p.batchId = batchId;
    p.batchDuration = durations["triggerExecution"];
    double secondsSinceLast =
        lastTriggerStartMs < 0 ? 0 : static_cast<double>(triggerStartMs - lastTriggerStartMs) / 1000.0;
    double processingSeconds = static_cast<double>(p.batchDuration) / 1000.0;
    auto rate = [](int64_t rows, double seconds) {
      return seconds > 0 ? static_cast<double>(rows) / seconds : std::nan("");
    };
    for (size_t i = 0; i < sources.size(); ++i) {
      SourceProgress s;
      s.description = sources[i]->describe();
      s.startOffset = committed[i];
      s.endOffset = offsets.offsets[i];
      s.latestOffset = latestSeen[i];
      s.numInputRows = inputRows[i];
      s.inputRowsPerSecond = rate(inputRows[i], secondsSinceLast);
      s.processedRowsPerSecond = rate(inputRows[i], processingSeconds);
      s.metrics = sources[i]->metrics();
      p.numInputRows += inputRows[i];
      p.sources.push_back(std::move(s));
    }
    p.inputRowsPerSecond = rate(p.numInputRows, secondsSinceLast);
    p.processedRowsPerSecond = rate(p.numInputRows, processingSeconds);
    for (const auto& op : incremental.statefulOperators()) {
      StateOperatorProgress s;
      static_cast<exec::StatefulOperatorMetrics&>(s) = op->metrics();
      p.stateOperators.push_back(std::move(s));
    }
    if (!incremental.watermarks().empty()) {
      if (eventTime.count > 0) {
        p.eventTime["min"] = isoTimestamp(floorDiv(eventTime.min, 1000));
        p.eventTime["max"] = isoTimestamp(floorDiv(eventTime.max, 1000));
        p.eventTime["avg"] = isoTimestamp(static_cast<int64_t>(eventTime.sum / static_cast<double>(eventTime.count) / 1000));
      }
      p.eventTime["watermark"] = isoTimestamp(offsets.metadata.batchWatermarkMs);
    }
    p.sink.description = sink->describe();
    p.sink.numOutputRows = outputRows;
    p.sink.metrics = sink->metrics();
    p.durationMs = std::move(durations);
    lastTriggerStartMs = triggerStartMs;
    {
      std::lock_guard<std::mutex> lock(mu);
      progress.push_back(p);
      if (progress.size() > kRecentProgress) progress.pop_front();
    }
    for (const auto& l : listeners()) l->onQueryProgress({p});
  }

  void reportIdle(int64_t nowMs, uint64_t requestsSeen) {
    setStatus("Waiting for data to arrive", false, false);
    {
      std::lock_guard<std::mutex> lock(mu);
      allAvailableAnswered = std::max(allAvailableAnswered, requestsSeen);
    }
    changed.notify_all();
    // A trigger that ends the query when nothing is left does not go idle.
    if (idle || config.trigger.kind != Trigger::Kind::kProcessingTime) return;
    idle = true;
    for (const auto& l : listeners()) l->onQueryIdle({id, runId, isoTimestamp(nowMs)});
  }

  // Spark's ProcessingTimeExecutor: triggers at multiples of the interval.
  int64_t nextTriggerTime(int64_t now) const {
    int64_t interval = config.trigger.intervalMs;
    return (now / interval + 1) * interval;
  }

  // The late rows of the first operator that drops any go to the late-rows sink,
  // under the batch's id, so a re-run batch is written once there too.
  Status writeLateRows() {
    bool written = false;
    for (const auto& op : incremental.statefulOperators()) {
      std::vector<BatchPtr> late = op->takeLateRows();
      if (late.empty() || written || !config.lateRowsSink) continue;
      SchemaPtr schema = late.front()->schema();
      SPATE_RETURN_IF_ERROR(config.lateRowsSink->addBatch(batchId, schema, late, OutputMode::kAppend));
      written = true;
    }
    return Status::OK();
  }

  // Waits for the trigger time; only stop() ends the wait early.
  void waitFor(int64_t timeMs) {
    while (!stopping() && clock->nowMillis() < timeMs) clock->waitUntil(timeMs);
  }

  Status runLoop() {
    SPATE_RETURN_IF_ERROR(initialize());
    if (config.trigger.kind == Trigger::Kind::kAvailableNow) {
      for (auto& s : sources) SPATE_RETURN_IF_ERROR(s->prepareForAvailableNow());
    }
    const Trigger& trigger = config.trigger;
    int64_t triggerTime = clock->nowMillis();
    if (trigger.kind == Trigger::Kind::kProcessingTime && trigger.intervalMs > 0) {
      triggerTime = triggerTime % trigger.intervalMs == 0 ? triggerTime : nextTriggerTime(triggerTime);
      waitFor(triggerTime);
    }
    while (!stopping()) {
      int64_t start = trigger.intervalMs > 0 ? triggerTime : clock->nowMillis();
      SPATE_ASSIGN_OR_RETURN(bool ran, runTrigger(start));
      // Trigger.Once runs one batch; after a crash that is the interrupted batch again.
      if (trigger.kind == Trigger::Kind::kOnce) break;
      if (trigger.kind == Trigger::Kind::kAvailableNow) {
        if (!ran) break;
        continue;
      }
      if (stopping()) break;
      if (trigger.intervalMs > 0) {
        int64_t now = clock->nowMillis();
        // A batch that overran its interval is followed at once.
        triggerTime = now - triggerTime >= trigger.intervalMs ? now : nextTriggerTime(triggerTime);
        waitFor(triggerTime);
      } else if (!ran) {
        clock->waitUntil(clock->nowMillis() + config.pollingDelayMs);
      }
    }
    return Status::OK();
  }

  void run() {
    // Declared first, released last: the manager's reference may be the query's last,
    // and nothing of the query may be touched after it goes.
    StreamingQueryPtr lastReference;
    Status st = runLoop();
    for (auto& s : sources) s->stop();
    sink->stop();
    if (config.lateRowsSink) config.lateRowsSink->stop();
    std::optional<Status> failure;
    if (!st.ok()) failure = st;
    if (tempCheckpoint) {
      std::error_code ec;
      std::filesystem::remove_all(checkpoint.root(), ec);
    }
    // As Spark: the query is inactive before the manager and the listeners are told,
    // and they know before awaitTermination returns.
    {
      std::lock_guard<std::mutex> lock(mu);
      error = failure;
      active = false;
      status.message = "Stopped";
      status.isTriggerActive = false;
      status.isDataAvailable = false;
    }
    if (auto m = manager.lock()) lastReference = m->queryTerminated(self, failure);
    StreamingQueryListener::QueryTerminatedEvent event{id, runId, std::nullopt};
    if (failure) event.exception = failure->message();
    for (const auto& l : listeners()) l->onQueryTerminated(event);
    {
      std::lock_guard<std::mutex> lock(mu);
      terminated = true;
    }
    changed.notify_all();
  }
};

Result<std::shared_ptr<StreamingQuery>> StreamingQuery::prepare(const PlanPtr& plan, std::unique_ptr<Sink> sink,
                                                                QueryConfig config,
                                                                std::weak_ptr<StreamingQueryManager> manager) {
  namespace fs = std::filesystem;
  SPATE_RETURN_IF_ERROR(checkStreamingPlan(*plan, config.outputMode));
  auto impl = std::make_unique<StreamingQuery::Impl>();
  impl->clock = config.clock ? config.clock : std::make_shared<SystemClock>();
  impl->tempCheckpoint = config.checkpointLocation.empty();
  std::error_code ec;
  std::string root = impl->tempCheckpoint
                         ? (fs::temp_directory_path(ec) / ("spate-checkpoint-" + randomUuid())).string()
                         : fs::absolute(config.checkpointLocation, ec).string();
  config.storeConf.durable = !impl->tempCheckpoint;
  SPATE_ASSIGN_OR_RETURN(impl->checkpoint, Checkpoint::open(root, impl->tempCheckpoint));

  // The number of state partitions is the checkpoint's, whatever the session says now.
  SPATE_ASSIGN_OR_RETURN(auto latest, impl->checkpoint.latestOffsetsBatch());
  if (latest) {
    SPATE_ASSIGN_OR_RETURN(OffsetSeq last, impl->checkpoint.readOffsets(*latest));
    auto it = last.metadata.conf.find("spark.sql.shuffle.partitions");
    if (it != last.metadata.conf.end()) config.numShufflePartitions = std::max(1, std::atoi(it->second.c_str()));
  }
  exec::StatefulOperatorInfo base;
  base.stateRoot = impl->checkpoint.statePath();
  base.numPartitions = config.numShufflePartitions;
  base.storeConf = config.storeConf;
  base.outputMode = config.outputMode;
  base.keepsLateRows = config.lateRowsSink != nullptr;
  SPATE_ASSIGN_OR_RETURN(impl->incremental, IncrementalPlan::create(plan, base));
  SPATE_RETURN_IF_ERROR(impl->checkpoint.matchQuery(impl->incremental.describe()));

  impl->id = impl->checkpoint.queryId();
  impl->runId = randomUuid();
  impl->name = config.name;
  impl->plan = plan;
  impl->sink = std::move(sink);
  impl->config = std::move(config);
  impl->manager = std::move(manager);
  return std::shared_ptr<StreamingQuery>(new StreamingQuery(std::move(impl)));
}

StreamingQuery::StreamingQuery(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) { impl_->self = this; }

StreamingQuery::~StreamingQuery() {
  stop();
  // The last reference may go on the query's own thread as it ends.
  if (impl_->thread.joinable()) impl_->thread.detach();
}

int64_t StreamingQuery::startMillis() const { return impl_->clock->nowMillis(); }

void StreamingQuery::launch() {
  Impl* impl = impl_.get();
  impl->thread = std::thread([impl] { impl->run(); });
}

const std::string& StreamingQuery::id() const { return impl_->id; }
const std::string& StreamingQuery::runId() const { return impl_->runId; }
const std::string& StreamingQuery::name() const { return impl_->name; }

bool StreamingQuery::isActive() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->active;
}

void StreamingQuery::stop() {
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopRequested = true;
  }
  impl_->clock->wake();
  if (impl_->thread.joinable() && impl_->thread.get_id() != std::this_thread::get_id()) impl_->thread.join();
}

Result<bool> StreamingQuery::awaitTermination(std::optional<int64_t> timeoutMs) {
  std::unique_lock<std::mutex> lock(impl_->mu);
  auto done = [&] { return impl_->terminated; };
  if (timeoutMs) {
    if (!impl_->changed.wait_for(lock, std::chrono::milliseconds(*timeoutMs), done)) return false;
  } else {
    impl_->changed.wait(lock, done);
  }
  if (impl_->error) return *impl_->error;
  return true;
}

Status StreamingQuery::processAllAvailable() {
  uint64_t request;
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    request = ++impl_->allAvailableRequested;
  }
  impl_->clock->wake();
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->changed.wait(lock, [&] { return impl_->allAvailableAnswered >= request || !impl_->active; });
  if (impl_->error) return *impl_->error;
  return Status::OK();
}

std::optional<Status> StreamingQuery::exception() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->error;
}

StreamingQueryStatus StreamingQuery::status() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->status;
}

std::optional<StreamingQueryProgress> StreamingQuery::lastProgress() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  if (impl_->progress.empty()) return std::nullopt;
  return impl_->progress.back();
}

std::vector<StreamingQueryProgress> StreamingQuery::recentProgress() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return {impl_->progress.begin(), impl_->progress.end()};
}

std::string StreamingQuery::explain() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->lastPlan.empty() ? impl_->incremental.templatePlan()->treeString() : impl_->lastPlan;
}

}  // namespace spate::streaming
