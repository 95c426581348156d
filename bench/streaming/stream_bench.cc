// Streaming engine benchmark: throughput of a stateless and a stateful query, and the
// fixed cost of a micro-batch. Prints one JSON object per measurement.
//
//  - rate-micro-batch -> filter/project -> noop sink: rows/s and rows per CPU-second.
//  - memory stream -> groupBy(k).count() (10K keys) -> update mode -> noop sink, beside
//    the batch engine's group-by over the same rows.
//  - rate-micro-batch -> withWatermark -> tumbling and sliding window counts by 10K
//    keys (update mode), and a session window count by 100K keys (append mode):
//    events/s per core, state bytes per key.
//  - restart of a query with 1M groups in its checkpoint.
//  - per-batch overhead: back-to-back one-row batches on the query thread; and, seen
//    from the caller (two thread hand-offs included), a trigger that finds no new data
//    (processAllAvailable with nothing new) and a one-row batch through a projection
//    (temporary and durable checkpoints).

#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "bench/bench_util.h"
#include "spate/columnar/builder.h"
#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/exec/physical_planner.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/functions.h"
#include "spate/session/memory_stream.h"
#include "spate/session/session.h"

using namespace spate;
using namespace spate::sql;
namespace F = spate::sql::functions;

namespace {

double cpuSeconds() {
  rusage u{};
  getrusage(RUSAGE_SELF, &u);
  return static_cast<double>(u.ru_utime.tv_sec + u.ru_stime.tv_sec) +
         static_cast<double>(u.ru_utime.tv_usec + u.ru_stime.tv_usec) / 1e6;
}

struct Timer {
  std::chrono::steady_clock::time_point wall = std::chrono::steady_clock::now();
  double cpu = cpuSeconds();
  double wallSeconds() const { return std::chrono::duration<double>(std::chrono::steady_clock::now() - wall).count(); }
  double cpuUsed() const { return cpuSeconds() - cpu; }
};

void report(const char* name, int64_t rows, const Timer& t) {
  double wall = t.wallSeconds(), cpu = t.cpuUsed();
  std::printf("{\"bench\":\"%s\",\"rows\":%lld,\"seconds\":%.3f,\"cpu_seconds\":%.3f,\"rows_per_sec\":%.0f,"
              "\"rows_per_cpu_sec\":%.0f,\"peak_rss_mb\":%.1f}\n",
              name, static_cast<long long>(rows), wall, cpu, rows / wall, rows / cpu, bench::peakRssBytes() / 1048576.0);
  std::fflush(stdout);
}

// Counts progress events so a benchmark can stop after a number of batches.
class BatchCounter final : public StreamingQueryListener {
 public:
  void onQueryProgress(const QueryProgressEvent& e) override {
    std::lock_guard<std::mutex> lock(mu_);
    rows_ += e.progress.numInputRows;
    ++batches_;
    cv_.notify_all();
  }
  int64_t waitFor(int64_t batches) {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return batches_ >= batches; });
    return rows_;
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  int64_t batches_ = 0, rows_ = 0;
};

void rateToNoop(const std::shared_ptr<Session>& session, int64_t rowsPerBatch, int64_t batches) {
  auto counter = std::make_shared<BatchCounter>();
  session->streams().addListener(counter);
  DataFrame df = session->readStream()
                     .format("rate-micro-batch")
                     .option("rowsPerBatch", rowsPerBatch)
                     .load()
                     .filter(F::col("value") % F::lit(int64_t{3}) != F::lit(int64_t{0}))
                     .select(F::col("timestamp"), (F::col("value") * F::lit(int64_t{7})).alias("v7"));
  Timer t;
  StreamingQuery q = df.writeStream().format("noop").start();
  int64_t rows = counter->waitFor(batches);
  q.stop();
  report("rate_micro_batch_filter_project_noop", rows, t);
  session->streams().removeListener(counter);
}

// The state of the query's first stateful operator after its last batch: rows (groups
// or sessions) and bytes per row.
void reportState(const char* name, const StreamingQuery& q) {
  auto p = q.lastProgress();
  if (p && !p->stateOperators.empty() && p->stateOperators[0].numRowsTotal > 0) {
    const auto& s = p->stateOperators[0];
    std::printf("{\"bench\":\"%s_state\",\"keys\":%lld,\"state_bytes_per_key\":%.1f}\n", name,
                static_cast<long long>(s.numRowsTotal),
                static_cast<double>(s.memoryUsedBytes) / static_cast<double>(s.numRowsTotal));
  }
  std::fflush(stdout);
}

// Windowed counts by 10K keys over rate-micro-batch (1M rows per batch, event time
// one second further each batch), watermark 10 s, update mode: events/s per core and
// state bytes per key from the progress of the last batch.
void windowedCount(const std::shared_ptr<Session>& session, const char* name, const std::string& slide,
                   int64_t batches) {
  session->conf().set("spark.sql.shuffle.partitions", "1");
  auto counter = std::make_shared<BatchCounter>();
  session->streams().addListener(counter);
  DataFrame df = session->readStream().format("rate-micro-batch").option("rowsPerBatch", 1'000'000).load();
  DataFrame counts = df.withWatermark("timestamp", "10 seconds")
                         .groupBy(F::window(F::col("timestamp"), "10 seconds", slide, "0 seconds"),
                                  (F::col("value") % F::lit(int64_t{10000})).alias("key"))
                         .count();
  Timer t;
  StreamingQuery q = counts.writeStream().outputMode("update").format("noop").start();
  int64_t rows = counter->waitFor(batches);
  q.stop();
  session->streams().removeListener(counter);
  report(name, rows, t);
  reportState(name, q);
}

// Session windows by 100K keys over rate-micro-batch (1M rows per batch, event time one
// second further each batch), watermark 2 s, append mode: each key gets 10 rows in
// three batches of four, so its sessions (gap 1.5 s) grow across batches, close, and
// are emitted and evicted once the watermark passes their end.
void sessionCount(const std::shared_ptr<Session>& session, int64_t batches) {
  session->conf().set("spark.sql.shuffle.partitions", "1");
  auto counter = std::make_shared<BatchCounter>();
  session->streams().addListener(counter);
  DataFrame df = session->readStream()
                     .format("rate-micro-batch")
                     .option("rowsPerBatch", 1'000'000)
                     .load()
                     .withColumn("key", F::expr("cast(value / 10 as bigint) % 100000"))
                     .filter(F::expr("(cast(value / 1000000 as bigint) + key) % 4 != 0"));
  DataFrame sessions = df.withWatermark("timestamp", "2 seconds")
                           .groupBy(F::col("key"), F::session_window(F::col("timestamp"), "1500 milliseconds"))
                           .count();
  Timer t;
  StreamingQuery q = sessions.writeStream().outputMode("append").format("noop").start();
  int64_t rows = counter->waitFor(batches);
  q.stop();
  session->streams().removeListener(counter);
  const char* name = "rate_session_window_count_100k_keys";
  report(name, rows, t);
  reportState(name, q);
}

std::vector<BatchPtr> keyBlock(const SchemaPtr& schema, int64_t start, int64_t rows, int64_t keys) {
  std::vector<BatchPtr> out;
  constexpr int64_t kBatch = 65536;
  for (int64_t s = start; s < start + rows; s += kBatch) {
    int64_t n = std::min(kBatch, start + rows - s);
    FixedColumnBuilder<int64_t> k(DataType::long_(), n), v(DataType::long_(), n);
    for (int64_t j = 0; j < n; ++j) {
      int64_t i = s + j;
      k.data()[j] = (i * 2654435761LL) % keys;
      v.data()[j] = i;
    }
    out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{k.finish(), v.finish()}, n));
  }
  return out;
}

void groupByCount(const std::shared_ptr<Session>& session, int64_t rowsPerBatch, int64_t batches, int partitions) {
  session->conf().set("spark.sql.shuffle.partitions", std::to_string(partitions));
  MemoryStream stream(session, "k BIGINT, v BIGINT");
  std::vector<std::vector<BatchPtr>> blocks;
  for (int64_t b = 0; b < batches; ++b) blocks.push_back(keyBlock(stream.schema(), b * rowsPerBatch, rowsPerBatch, 10000));
  StreamingQuery q =
      stream.toDF().groupBy(F::col("k")).count().writeStream().outputMode("update").format("noop").start();
  Timer t;
  for (auto& block : blocks) {
    stream.addData(block);
    q.processAllAvailable();
  }
  std::string name = "memory_stream_groupby_count_10k_update_p" + std::to_string(partitions);
  report(name.c_str(), rowsPerBatch * batches, t);
  q.stop();

  // The batch engine over the same rows, one query per block, one thread.
  Timer tb;
  for (auto& block : blocks) {
    DataFrame df = session->createDataFrame(block, stream.schema()).groupBy(F::col("k")).count();
    exec::ExecContext ctx;
    valueOrThrow(exec::executeToBatch(df.logicalPlan(), ctx));
  }
  if (partitions == 1) report("batch_engine_groupby_count_10k", rowsPerBatch * batches, tb);
}

// Back-to-back one-row batches on the query's own thread (rate-micro-batch with one
// row per batch, default trigger): the fixed cost of a batch without any hand-off
// between threads.
void backToBackBatches(const std::shared_ptr<Session>& session) {
  auto counter = std::make_shared<BatchCounter>();
  session->streams().addListener(counter);
  DataFrame df = session->readStream().format("rate-micro-batch").option("rowsPerBatch", 1).load().select(
      (F::col("value") + F::lit(int64_t{1})).alias("v"));
  StreamingQuery q = df.writeStream().format("noop").start();
  counter->waitFor(100);  // warm-up
  auto start = std::chrono::steady_clock::now();
  constexpr int64_t kBatches = 20000;
  counter->waitFor(100 + kBatches);
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kBatches;
  q.stop();
  session->streams().removeListener(counter);
  std::printf("{\"bench\":\"back_to_back_one_row_batches\",\"microseconds_per_batch\":%.1f}\n", us);
  std::fflush(stdout);
}

// Time to restart a query whose checkpoint holds 1M groups of count state: from
// start() to the end of its first batch (which loads every partition's state from
// its snapshot and delta files).
void restartWithState(const std::shared_ptr<Session>& session, const std::string& checkpoint) {
  session->conf().set("spark.sql.shuffle.partitions", "2");
  MemoryStream stream(session, "k BIGINT, v BIGINT");
  auto start = [&] {
    return stream.toDF().groupBy(F::col("k")).count().writeStream().outputMode("update").format("noop")
        .option("checkpointLocation", checkpoint).start();
  };
  {
    StreamingQuery q = start();
    stream.addData(keyBlock(stream.schema(), 0, 1'000'000, 1'000'000));
    q.processAllAvailable();
    q.stop();
  }
  stream.addData(keyBlock(stream.schema(), 0, 1, 1'000'000));
  auto t = std::chrono::steady_clock::now();
  StreamingQuery q = start();
  q.processAllAvailable();
  double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t).count();
  q.stop();
  std::printf("{\"bench\":\"restart_with_1m_keys_of_state\",\"milliseconds\":%.0f,\"peak_rss_mb\":%.1f}\n", ms,
              bench::peakRssBytes() / 1048576.0);
  std::fflush(stdout);
}

void overhead(const std::shared_ptr<Session>& session, const std::string& checkpoint) {
  MemoryStream stream(session, "v BIGINT");
  auto writer = stream.toDF().select((F::col("v") + F::lit(int64_t{1})).alias("w")).writeStream().format("noop");
  if (!checkpoint.empty()) writer.option("checkpointLocation", checkpoint);
  StreamingQuery q = writer.start();
  stream.addData({{Value::integer(0)}});
  q.processAllAvailable();

  constexpr int kRounds = 2000;
  if (checkpoint.empty()) {
    auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < kRounds; ++i) q.processAllAvailable();
    double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kRounds;
    std::printf("{\"bench\":\"no_new_data_trigger\",\"microseconds_per_trigger\":%.1f}\n", us);
  }
  auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < kRounds; ++i) {
    stream.addData({{Value::integer(i)}});
    q.processAllAvailable();
  }
  double us = std::chrono::duration<double, std::micro>(std::chrono::steady_clock::now() - start).count() / kRounds;
  std::printf("{\"bench\":\"one_row_batch_%s_checkpoint\",\"microseconds_per_batch\":%.1f}\n",
              checkpoint.empty() ? "temporary" : "durable", us);
  std::fflush(stdout);
  q.stop();
}

}  // namespace

int main(int argc, char** argv) {
  // stream_bench [scale] [part]: scale 1 is ~20-30M rows per throughput bench; part
  // runs only one group of measurements: throughput, windows, overhead or restart.
  int64_t scale = argc > 1 ? std::stoll(argv[1]) : 1;
  std::string part = argc > 2 ? argv[2] : "";
  auto runs = [&](const char* p) { return part.empty() || part == p; };
  auto session = Session::builder().appName("stream_bench").getOrCreate();
  if (runs("throughput")) {
    rateToNoop(session, 1'000'000, 30 * scale);
    groupByCount(session, 1'000'000, 20 * scale, 1);
    groupByCount(session, 1'000'000, 20 * scale, 2);
  }
  if (runs("windows")) {
    windowedCount(session, "rate_tumbling_window_10s_count_10k_keys", "10 seconds", 20 * scale);
    windowedCount(session, "rate_sliding_window_10s_every_2s_count_10k_keys", "2 seconds", 20 * scale);
    sessionCount(session, 20 * scale);
  }
  std::string dir = (std::filesystem::temp_directory_path() / ("spate-bench-" + randomUuid())).string();
  if (runs("overhead")) {
    backToBackBatches(session);
    overhead(session, "");
    overhead(session, dir);
    std::filesystem::remove_all(dir);
  }
  if (runs("restart")) {
    restartWithState(session, dir);
    std::filesystem::remove_all(dir);
  }
  return 0;
}
