// The seeds' streaming examples through the C++ API, end to end: seed 001's CSV
// directory aggregation to the console and its memory sink, seed 003's socket word
// count with a real TCP client on 127.0.0.1, seed 004's windows on a stream.

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>

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

using testing::TempDir;

std::shared_ptr<Session> session() { return Session::builder().appName("seeds").getOrCreate(); }

TEST(SeedExamples, CsvDirectoryAggregationToConsole) {
  TempDir input;
  input.write("a.csv", "id,name,value\n1,apple,1.5\n2,pear,2.0\n3,apple,0.5\n");
  auto spark = session();
  // Seed 001, "Stream from a File Source".
  DataFrame df = spark->readStream().option("header", true).schema("id INT, name STRING, value DOUBLE").csv(input.path());
  DataFrame agg = df.groupBy(F::col("name")).sum({"value"});
  ::testing::internal::CaptureStdout();
  StreamingQuery query = agg.writeStream().outputMode("complete").format("console").start();
  query.processAllAvailable();
  input.write("b.csv", "id,name,value\n4,pear,3.0\n");
  query.processAllAvailable();
  query.stop();
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("-------------------------------------------\nBatch: 0\n-------------------------------------------\n"),
            std::string::npos)
      << out;
  EXPECT_NE(out.find("|apple|       2.0|"), std::string::npos) << out;
  EXPECT_NE(out.find("Batch: 1"), std::string::npos) << out;
  EXPECT_NE(out.find("| pear|       5.0|"), std::string::npos) << out;
  EXPECT_FALSE(query.exception());
}

TEST(SeedExamples, MemorySinkIsQueryableWhileRunning) {
  TempDir input;
  input.write("a.csv", "id,name,value\n1,apple,1.5\n2,pear,2.0\n");
  auto spark = session();
  DataFrame df = spark->readStream().option("header", true).schema("id INT, name STRING, value DOUBLE").csv(input.path());
  // Seed 001, "Test Streaming Logic (Memory Sink)".
  StreamingQuery query = df.writeStream().format("memory").queryName("my_table").start();
  query.processAllAvailable();
  std::vector<Row> rows = spark->sql("SELECT * FROM my_table ORDER BY id").collect();
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0].toString(), "Row(id=1, name='apple', value=1.5)");
  input.write("b.csv", "id,name,value\n3,fig,4.0\n");
  query.processAllAvailable();
  EXPECT_EQ(spark->sql("SELECT count(*) FROM my_table").collect()[0].getLong(0), 3);
  EXPECT_TRUE(query.isActive());
  query.stop();
  EXPECT_FALSE(query.isActive());
}

std::vector<std::string> sortedRows(const std::vector<Row>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows) out.push_back(r.toString());
  std::sort(out.begin(), out.end());
  return out;
}

// Seed 004's tumbling, sliding and session windows over a stream whose rows arrive out
// of order in several blocks: in complete mode the last result equals the batch answer
// over all the rows.
TEST(SeedExamples, WindowsOnAStreamGiveTheBatchAnswer) {
  auto spark = session();
  spark->conf().set("spark.sql.shuffle.partitions", "3");
  const std::string schema = "column STRING, timestamp TIMESTAMP, value INT";
  std::vector<std::vector<std::vector<Value>>> blocks(4);
  std::vector<std::vector<Value>> all;
  uint64_t x = 12345;
  for (int i = 0; i < 400; ++i) {
    x = x * 6364136223846793005ULL + 1442695040888963407ULL;
    int64_t minute = static_cast<int64_t>((x >> 33) % 240);
    std::vector<Value> row{Value::string(std::string(1, static_cast<char>('a' + (x >> 20) % 5))),
                           Value::integer(1'700'000'000'000'000 + minute * 60'000'000 + static_cast<int64_t>((x >> 8) % 60) * 1'000'000),
                           Value::integer(static_cast<int64_t>((x >> 40) % 100))};
    blocks[(x >> 50) % 4].push_back(row);
    all.push_back(row);
  }
  DataFrame table = spark->createDataFrame(all, schema);
  auto windows = [](const DataFrame& df, int kind) {
    Column ts = F::col("timestamp");
    Column w = kind == 0 ? F::window(ts, "10 minutes") : kind == 1 ? F::window(ts, "10 minutes", "5 minutes")
                                                                    : F::session_window(ts, "5 minutes");
    return df.groupBy(F::col("column"), w).agg(F::sum(F::col("value")));
  };
  for (int kind = 0; kind < 3; ++kind) {
    MemoryStream stream(spark, schema);
    std::string name = "seed004_" + std::to_string(kind);
    StreamingQuery query =
        windows(stream.toDF(), kind).writeStream().outputMode("complete").format("memory").queryName(name).start();
    for (const auto& block : blocks) {
      stream.addData(block);
      query.processAllAvailable();
    }
    query.stop();
    ASSERT_FALSE(query.exception()) << *query.exception();
    std::vector<std::string> expected = sortedRows(windows(table, kind).collect());
    EXPECT_GT(expected.size(), 20u);
    EXPECT_EQ(sortedRows(spark->table(name).collect()), expected) << "window kind " << kind;
  }
}

// A one-connection TCP server on 127.0.0.1 that writes lines once a client connects
// (what `nc -lk 9999` does in seed 003).
class LineServer {
 public:
  LineServer() {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr), 0);
    EXPECT_EQ(::listen(fd_, 1), 0);
    socklen_t len = sizeof addr;
    ::getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    thread_ = std::thread([this] {
      client_ = ::accept(fd_, nullptr, nullptr);
      connected_ = true;
    });
  }
  ~LineServer() {
    thread_.join();
    if (client_ >= 0) ::close(client_);
    ::close(fd_);
  }
  int port() const { return port_; }
  void send(const std::string& text) {
    for (int i = 0; i < 500 && !connected_; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    ASSERT_TRUE(connected_) << "the socket source did not connect";
    ASSERT_EQ(::write(client_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }

 private:
  int fd_ = -1;
  int client_ = -1;
  int port_ = 0;
  std::atomic<bool> connected_{false};
  std::thread thread_;
};

TEST(SeedExamples, SocketWordCount) {
  LineServer server;
  auto spark = Session::builder().appName("Streaming_Word_Count").master("local[2]").getOrCreate();
  // Seed 003, with the server on an ephemeral port instead of 9999.
  DataFrame lines = spark->readStream().format("socket").option("host", "localhost").option("port", server.port()).load();
  DataFrame words = lines.select(F::explode(F::split(F::col("value"), " ")).alias("word"));
  DataFrame counts = words.groupBy(F::col("word")).count();
  ::testing::internal::CaptureStdout();
  StreamingQuery query =
      counts.writeStream().outputMode("complete").format("console").trigger(Trigger::processingTimeMs(200)).start();
  server.send("cat dog cat\n");
  // Wait (bounded) for the batch that holds the line.
  for (int i = 0; i < 100; ++i) {
    auto p = query.lastProgress();
    if (p && p->numInputRows > 0) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  server.send("dog\n");
  for (int i = 0; i < 100; ++i) {
    auto p = query.recentProgress();
    int64_t rows = 0;
    for (const auto& x : p) rows += x.numInputRows;
    if (rows >= 2) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  query.stop();
  std::string out = ::testing::internal::GetCapturedStdout();
  EXPECT_NE(out.find("|word|count|"), std::string::npos) << out;
  EXPECT_NE(out.find("| cat|    2|"), std::string::npos) << out;
  EXPECT_NE(out.find("| dog|    2|"), std::string::npos) << out;
  EXPECT_FALSE(query.exception()) << *query.exception();
}

}  // namespace
}  // namespace spate::sql
