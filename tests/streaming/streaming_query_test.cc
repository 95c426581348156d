// The StreamingQuery / StreamingQueryManager API: triggers, listeners, foreach,
// toTable, errors and query control.

#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

#include "spate/common/datetime.h"
#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "tests/io/io_test_util.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/functions.h"
#include "spate/session/memory_stream.h"
#include "spate/session/session.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
namespace F = functions;

std::shared_ptr<Session> session() { return Session::builder().appName("streaming-query-test").getOrCreate(); }

using testing::TempDir;

void writeCsvFiles(const std::string& dir, int files) {
  fs::create_directories(dir);
  for (int f = 0; f < files; ++f) {
    std::string path = dir + "/f" + std::to_string(f) + ".csv";
    std::ofstream(path) << "k,v\nkey" << f % 2 << "," << f << "\n";
    fs::last_write_time(path, fs::file_time_type::clock::now() - std::chrono::seconds(files - f));
  }
}

class RecordingListener final : public StreamingQueryListener {
 public:
  void onQueryStarted(const QueryStartedEvent& e) override { add("started " + e.name); }
  void onQueryProgress(const QueryProgressEvent& e) override { add("progress " + std::to_string(e.progress.batchId)); }
  void onQueryIdle(const QueryIdleEvent&) override { add("idle"); }
  void onQueryTerminated(const QueryTerminatedEvent& e) override {
    add(e.exception ? "terminated with error" : "terminated");
  }
  std::vector<std::string> events() {
    std::lock_guard<std::mutex> lock(mu_);
    return events_;
  }

 private:
  void add(std::string e) {
    std::lock_guard<std::mutex> lock(mu_);
    events_.push_back(std::move(e));
  }
  std::mutex mu_;
  std::vector<std::string> events_;
};

TEST(StreamingQuery, AvailableNowReadsEverythingInLimitedBatchesThenStops) {
  TempDir dir;
  writeCsvFiles(dir.file("in"), 5);
  auto spark = session();
  auto listener = std::make_shared<RecordingListener>();
  spark->streams().addListener(listener);
  DataFrame df = spark->readStream().schema("k STRING, v INT").option("header", true).option("maxFilesPerTrigger", 2).csv(dir.file("in"));
  StreamingQuery q = df.groupBy(F::col("k")).agg(F::sum(F::col("v")).alias("total"))
                         .writeStream().format("memory").queryName("available_now").outputMode("complete")
                         .trigger(Trigger::availableNow()).start();
  ASSERT_TRUE(q.awaitTermination(10000));
  spark->streams().removeListener(listener);
  EXPECT_EQ(q.recentProgress().size(), 3u);  // 2 + 2 + 1 files
  auto rows = spark->sql("SELECT k, total FROM available_now ORDER BY k").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].toString(), "Row(k='key0', total=6)");
  EXPECT_EQ(rows[1].toString(), "Row(k='key1', total=4)");
  std::vector<std::string> expected = {"started available_now", "progress 0", "progress 1", "progress 2", "terminated"};
  EXPECT_EQ(listener->events(), expected);
}

TEST(StreamingQuery, ListenerHearsIdleOnceWhenDataStops) {
  auto spark = session();
  auto listener = std::make_shared<RecordingListener>();
  spark->streams().addListener(listener);
  MemoryStream stream(spark, "id INT");
  // Data before start: a first trigger that found nothing would (rightly, as Spark's)
  // report idle before batch 0.
  stream.addData({{Value::integer(1)}});
  StreamingQuery q = stream.toDF().writeStream().format("noop").queryName("idler").start();
  q.processAllAvailable();
  q.processAllAvailable();
  stream.addData({{Value::integer(2)}});
  q.processAllAvailable();
  q.stop();
  spark->streams().removeListener(listener);
  std::vector<std::string> expected = {"started idler", "progress 0", "idle", "progress 1", "idle", "terminated"};
  EXPECT_EQ(listener->events(), expected);
}

TEST(StreamingQuery, OnceReadsEverythingInOneBatchIgnoringLimits) {
  TempDir dir;
  writeCsvFiles(dir.file("in"), 4);
  auto spark = session();
  DataFrame df = spark->readStream().schema("k STRING, v INT").option("header", true).option("maxFilesPerTrigger", 1).csv(dir.file("in"));
  StreamingQuery q = df.writeStream().format("memory").queryName("once_table").trigger(Trigger::once()).start();
  ASSERT_TRUE(q.awaitTermination(10000));
  ASSERT_EQ(q.recentProgress().size(), 1u);
  EXPECT_EQ(q.lastProgress()->numInputRows, 4);
  EXPECT_FALSE(q.isActive());
}

class CollectingWriter final : public ForeachWriter {
 public:
  bool open(int64_t partitionId, int64_t epochId) override {
    log.push_back("open " + std::to_string(partitionId) + " " + std::to_string(epochId));
    return true;
  }
  void process(const Row& row) override { log.push_back(row.toString()); }
  void close(const std::optional<std::string>& error) override { log.push_back(error ? "close " + *error : "close"); }
  std::vector<std::string> log;
};

TEST(StreamingQuery, ForeachWriterSeesEveryRowBetweenOpenAndClose) {
  auto spark = session();
  MemoryStream stream(spark, "id INT");
  auto writer = std::make_shared<CollectingWriter>();
  StreamingQuery q = stream.toDF().writeStream().foreach(writer).start();
  stream.addData({{Value::integer(1)}, {Value::integer(2)}});
  q.processAllAvailable();
  q.stop();
  std::vector<std::string> expected = {"open 0 0", "Row(id=1)", "Row(id=2)", "close"};
  EXPECT_EQ(writer->log, expected);
  EXPECT_EQ(q.lastProgress()->sink.description, "ForeachSink");
}

TEST(StreamingQuery, ForeachBatchErrorStopsTheQuery) {
  auto spark = session();
  MemoryStream stream(spark, "id INT");
  StreamingQuery q = stream.toDF().writeStream().foreachBatch([](DataFrame, int64_t id) {
    if (id == 1) throw std::runtime_error("sink is full");
  }).start();
  stream.addData({{Value::integer(1)}});
  q.processAllAvailable();
  stream.addData({{Value::integer(2)}});
  EXPECT_THROW(q.awaitTermination(), spate::Error);
  ASSERT_TRUE(q.exception());
  EXPECT_NE(q.exception()->find("sink is full"), std::string::npos) << *q.exception();
  EXPECT_FALSE(q.isActive());
}

TEST(StreamingQuery, ToTableIsReadableWithSql) {
  auto spark = session();
  MemoryStream stream(spark, "word STRING");
  StreamingQuery q = stream.toDF().groupBy(F::col("word")).count().writeStream().outputMode("complete").toTable("word_counts");
  stream.addData({{Value::string("a")}, {Value::string("b")}, {Value::string("a")}});
  q.processAllAvailable();
  auto rows = spark->sql("SELECT word, count FROM word_counts ORDER BY word").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].toString(), "Row(word='a', count=2)");
  EXPECT_EQ(q.name(), "word_counts");
  q.stop();
}

TEST(StreamingQuery, ManagerTracksActiveQueriesAndTerminations) {
  auto spark = session();
  spark->streams().resetTerminated();
  MemoryStream stream(spark, "id INT");
  StreamingQuery q = stream.toDF().writeStream().format("noop").queryName("tracked").start();
  auto active = spark->streams().active();
  ASSERT_EQ(active.size(), 1u);
  EXPECT_EQ(active[0].id(), q.id());
  ASSERT_TRUE(spark->streams().get(q.id()));
  EXPECT_FALSE(spark->streams().awaitAnyTermination(50));
  // A second query with the same name is refused while the first runs.
  try {
    stream.toDF().writeStream().format("noop").queryName("tracked").start();
    FAIL() << "a second query named 'tracked' started";
  } catch (const spate::Error& e) {
    EXPECT_NE(e.status().message().find("already active"), std::string::npos);
  }
  q.stop();
  EXPECT_TRUE(spark->streams().awaitAnyTermination(1000));
  EXPECT_TRUE(spark->streams().active().empty());
  spark->streams().resetTerminated();
  EXPECT_FALSE(spark->streams().awaitAnyTermination(10));
}

TEST(StreamingQuery, SameCheckpointTwiceIsRefusedWhileActive) {
  TempDir dir;
  auto spark = session();
  MemoryStream stream(spark, "id INT");
  StreamingQuery q = stream.toDF().writeStream().format("noop").option("checkpointLocation", dir.path()).start();
  try {
    stream.toDF().writeStream().format("noop").option("checkpointLocation", dir.path()).start();
    FAIL() << "a second query on the same checkpoint started";
  } catch (const spate::Error& e) {
    EXPECT_NE(e.status().message().find("another query with same id is already active"), std::string::npos);
  }
  q.stop();
  // Restarting after stop keeps the id and gets a new run id.
  StreamingQuery again = stream.toDF().writeStream().format("noop").option("checkpointLocation", dir.path()).start();
  EXPECT_EQ(again.id(), q.id());
  EXPECT_NE(again.runId(), q.runId());
  again.stop();
}

TEST(StreamingQuery, StatusExplainAndErrorsOfStreamingFrames) {
  auto spark = session();
  MemoryStream stream(spark, "id INT");
  DataFrame df = stream.toDF().filter(F::col("id") > F::lit(1));
  EXPECT_TRUE(df.isStreaming());
  EXPECT_THROW(df.collect(), spate::Error);
  EXPECT_THROW(df.write(), spate::Error);
  EXPECT_THROW(spark->range(3).writeStream(), spate::Error);
  StreamingQuery q = df.writeStream().format("memory").queryName("status_q").start();
  stream.addData({{Value::integer(1)}, {Value::integer(5)}});
  q.processAllAvailable();
  EXPECT_EQ(q.status().message, "Waiting for data to arrive");
  EXPECT_NE(q.explainString().find("Filter"), std::string::npos) << q.explainString();
  EXPECT_NE(q.lastProgress()->json().find("\"numInputRows\":2"), std::string::npos);
  q.stop();
  EXPECT_EQ(q.status().message, "Stopped");
}

TEST(StreamingQuery, StopFromAnotherThreadEndsAwaitTermination) {
  auto spark = session();
  MemoryStream stream(spark, "id INT");
  StreamingQuery q = stream.toDF().writeStream().format("noop").trigger("1 hour").start();
  std::thread stopper([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    q.stop();
  });
  EXPECT_TRUE(q.awaitTermination(5000));
  stopper.join();
}

TEST(StreamingQuery, LateRowsGoToAMemorySink) {
  auto spark = session();
  MemoryStream stream(spark, "k STRING, ts TIMESTAMP");
  DataFrame counts = stream.toDF().withWatermark("ts", "1 minute").groupBy(F::window(F::col("ts"), "1 minute")).count();
  StreamingQuery q = counts.writeStream()
                         .outputMode("update")
                         .format("noop")
                         .lateRows("memory", {{"queryName", "late_events"}})
                         .start();
  auto at = [](const char* text) { return Value::integer(parseTimestamp(text).value()); };
  stream.addData({{Value::string("a"), at("2024-01-01 10:10:00")}});
  q.processAllAvailable();
  stream.addData({{Value::string("late"), at("2024-01-01 10:00:00")}});
  q.processAllAvailable();
  auto rows = spark->sql("SELECT k FROM late_events").collect();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].getString(0), "late");
  q.stop();
}

TEST(StreamingQuery, LateRowsNeedAnOperatorWithAWatermark) {
  auto spark = session();
  MemoryStream stream(spark, "k STRING");
  try {
    stream.toDF().groupBy(F::col("k")).count().writeStream().outputMode("update").format("noop").lateRows("console").start();
    FAIL() << "lateRows() was accepted without a watermark";
  } catch (const spate::Error& e) {
    EXPECT_NE(e.status().message().find("lateRows() needs"), std::string::npos) << e.status().message();
  }
}

TEST(StreamingQuery, BadOptionsAreClearErrors) {
  auto spark = session();
  MemoryStream stream(spark, "id INT");
  EXPECT_THROW(stream.toDF().writeStream().outputMode("sometimes").format("noop").start(), spate::Error);
  EXPECT_THROW(stream.toDF().writeStream().trigger("5 parsecs"), spate::Error);
  EXPECT_THROW(stream.toDF().writeStream().format("memory").start(), spate::Error);  // no queryName
  EXPECT_THROW(stream.toDF().writeStream().format("csv").option("path", "/tmp/x").start(), spate::Error);  // no checkpoint
  EXPECT_THROW(spark->readStream().format("nope").load(), spate::Error);
  EXPECT_THROW(spark->readStream().csv("/tmp/in"), spate::Error);  // no schema
}

}  // namespace
}  // namespace spate::sql
