// The built-in stream sources driven directly through the Source interface, with a
// ManualClock and temp directories.

#include <arpa/inet.h>
#include <fcntl.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <unistd.h>

#include <chrono>
#include <future>
#include <set>
#include <thread>

#include "spate/common/file_util.h"
#include "spate/connectors/stream_sources.h"
#include "tests/io/io_test_util.h"

namespace spate::connectors {
namespace {

using spate::testing::rowsOf;
using spate::testing::TempDir;
using streaming::ManualClock;
using streaming::Offset;
using streaming::Source;
using streaming::SourceContext;

StreamSourceRequest request(std::string format, Options options, std::string schemaDDL = "") {
  StreamSourceRequest r;
  r.format = std::move(format);
  r.options = std::move(options);
  if (!schemaDDL.empty()) r.userSchema = spate::testing::ddl(schemaDDL);
  return r;
}

std::string errorOf(const StreamSourceRequest& r) {
  auto rel = makeStreamSource(r);
  return rel.ok() ? "OK" : rel.status().message();
}

std::unique_ptr<Source> openSource(const StreamSourceRequest& r, const std::shared_ptr<ManualClock>& clock,
                             const std::string& metadataPath = "") {
  auto rel = makeStreamSource(r);
  EXPECT_TRUE(rel.ok()) << rel.status().message();
  if (!rel.ok()) return nullptr;
  auto src = (*rel)->createSource(SourceContext{metadataPath, clock, false});
  EXPECT_TRUE(src.ok()) << src.status().message();
  return src.ok() ? std::move(src).value() : nullptr;
}

std::string latest(Source& s, const std::optional<Offset>& start, bool applyReadLimit = true) {
  auto r = s.latestOffset(start, applyReadLimit);
  if (!r.ok()) return "ERROR: " + r.status().message();
  return r->value_or("none");
}

std::vector<BatchPtr> batch(Source& s, const std::optional<Offset>& start, const Offset& end) {
  auto r = s.getBatch(start, end);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<BatchPtr>{};
}

// (timestamp millis, value) pairs of rate rows, in output order.
std::vector<std::pair<int64_t, int64_t>> rateRows(const std::vector<BatchPtr>& batches) {
  std::vector<std::pair<int64_t, int64_t>> out;
  for (const auto& b : batches) {
    for (int64_t r = 0; r < b->numRows(); ++r) {
      out.emplace_back(b->column(0)->valueAt<int64_t>(r) / 1000, b->column(1)->valueAt<int64_t>(r));
    }
  }
  return out;
}

// ---------------------------------------------------------------- factory

TEST(StreamSourceFactory, DispatchesOnFormatAndNamesUnknownOnes) {
  EXPECT_EQ(errorOf(request("RATE", {})), "OK");
  EXPECT_EQ(errorOf(request("foo", {})),
            "Failed to find data source: foo. Known streaming sources: rate, rate-micro-batch, socket, kafka, nexmark, "
            "csv, json, text, parquet, delta, memory");
}

// ---------------------------------------------------------------- rate

TEST(StreamSourceRate, ValuesAndTimestampsFollowTheClock) {
  auto clock = std::make_shared<ManualClock>(1'000'000);
  auto src = openSource(request("rate", {{"rowsPerSecond", "10"}, {"numPartitions", "1"}}), clock);
  ASSERT_TRUE(src);
  EXPECT_EQ(src->schema()->ddl(), "timestamp TIMESTAMP, value BIGINT");
  EXPECT_EQ(src->describe(), "RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=0, numPartitions=1");
  EXPECT_TRUE(src->replayable());
  EXPECT_EQ(latest(*src, std::nullopt), "none");
  clock->advance(999);
  EXPECT_EQ(latest(*src, std::nullopt), "none");
  clock->advance(1);
  EXPECT_EQ(latest(*src, std::nullopt), "1");
  auto rows = rateRows(batch(*src, std::nullopt, "1"));
  ASSERT_EQ(rows.size(), 10u);
  for (int64_t i = 0; i < 10; ++i) EXPECT_EQ(rows[i], std::make_pair(1'000'000 + i * 100, i));
  clock->advance(2500);
  EXPECT_EQ(latest(*src, "1"), "3");
  rows = rateRows(batch(*src, "1", "3"));
  ASSERT_EQ(rows.size(), 20u);
  EXPECT_EQ(rows.front(), std::make_pair(int64_t{1'001'000}, int64_t{10}));
  EXPECT_EQ(rows.back(), std::make_pair(int64_t{1'002'900}, int64_t{29}));
  EXPECT_TRUE(batch(*src, "3", "3").empty());
}

TEST(StreamSourceRate, RampUpAsSpark) {
  auto clock = std::make_shared<ManualClock>(0);
  auto src =
      openSource(request("rate", {{"rowsPerSecond", "10"}, {"rampUpTime", "4s"}, {"numPartitions", "1"}}), clock);
  ASSERT_TRUE(src);
  EXPECT_EQ(src->describe(), "RateStreamV2[rowsPerSecond=10, rampUpTimeSeconds=4, numPartitions=1");
  // Speed 2, 4, 6, 8 rows a second, then 10: ends 2, 6, 12, 20, 30.
  auto rows = rateRows(batch(*src, std::nullopt, "1"));
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[1], std::make_pair(int64_t{500}, int64_t{1}));
  rows = rateRows(batch(*src, "1", "5"));
  ASSERT_EQ(rows.size(), 28u);
  // Spread over the batch's four seconds: 4000 ms / 28 values.
  EXPECT_EQ(rows[0], std::make_pair(int64_t{1000}, int64_t{2}));
  EXPECT_EQ(rows[1], std::make_pair(int64_t{1143}, int64_t{3}));
  EXPECT_EQ(rows.back().second, 29);
  EXPECT_EQ(rateRows(batch(*src, "5", "6")).size(), 10u);
  for (const char* form : {"2m", "1h", "5", "5 seconds"}) {
    EXPECT_EQ(errorOf(request("rate", {{"rampUpTime", form}})), "OK") << form;
  }
  EXPECT_NE(errorOf(request("rate", {{"rampUpTime", "5 parsecs"}})), "OK");
  EXPECT_NE(errorOf(request("rate", {{"rampUpTime", "5x"}})).find("rampUpTime"), std::string::npos);
}

TEST(StreamSourceRate, RestartKeepsTheTimeline) {
  TempDir dir;
  const std::string meta = dir.file("sources/0");
  auto clock = std::make_shared<ManualClock>(5000);
  auto req = request("rate", {{"rowsPerSecond", "3"}, {"numPartitions", "2"}});
  {
    auto src = openSource(req, clock, meta);
    ASSERT_TRUE(src);
    clock->advance(3400);
    EXPECT_EQ(latest(*src, std::nullopt), "3");
  }
  EXPECT_EQ(readFileToString(meta + "/0").value(), "v1\n5000");
  clock->setTime(20'000);
  auto src = openSource(req, clock, meta);
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, "3"), "15");
  auto rows = rateRows(batch(*src, "3", "15"));
  ASSERT_EQ(rows.size(), 36u);
  // Two partitions: even offsets from the range start first, then odd ones.
  EXPECT_EQ(rows[0], std::make_pair(int64_t{8000}, int64_t{9}));
  EXPECT_EQ(rows[1], std::make_pair(int64_t{8667}, int64_t{11}));
  EXPECT_EQ(rows[18].second, 10);
  std::set<int64_t> values;
  for (auto& r : rows) values.insert(r.second);
  EXPECT_EQ(values.size(), 36u);
  EXPECT_EQ(*values.begin(), 9);
  EXPECT_EQ(*values.rbegin(), 44);
}

TEST(StreamSourceRate, OptionErrors) {
  EXPECT_EQ(errorOf(request("rate", {{"rowsPerSecond", "-1"}})),
            "Invalid value '-1'. The option 'rowsPerSecond' must be positive");
  EXPECT_EQ(errorOf(request("rate", {{"numPartitions", "0"}})),
            "Invalid value '0'. The option 'numPartitions' must be positive");
  EXPECT_NE(errorOf(request("rate", {{"rowsPerSecond", "many"}})).find("rowsPerSecond"), std::string::npos);
  EXPECT_EQ(errorOf(request("rate", {}, "a INT")), "RateStreamProvider source does not support user-specified schema.");
}

// ---------------------------------------------------------------- rate-micro-batch

TEST(StreamSourceRateMicroBatch, OneBatchPerTriggerWhateverTheClock) {
  auto clock = std::make_shared<ManualClock>(0);
  auto src = openSource(request("rate-micro-batch", {{"rowsPerBatch", "5"},
                                               {"numPartitions", "1"},
                                               {"startTimestamp", "1000"},
                                               {"advanceMillisPerBatch", "500"}}),
                  clock);
  ASSERT_TRUE(src);
  EXPECT_EQ(src->describe(),
            "RatePerMicroBatchStream[rowsPerBatch=5, numPartitions=1, startTimestamp=1000, advanceMsPerBatch=500]");
  const std::string first = latest(*src, std::nullopt);
  EXPECT_EQ(first, R"({"offset":5,"timestamp":1500})");
  auto rows = rateRows(batch(*src, std::nullopt, first));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], std::make_pair(int64_t{1000}, int64_t{0}));
  EXPECT_EQ(rows[4], std::make_pair(int64_t{1000}, int64_t{4}));
  // Trigger.Once still takes one batch.
  const std::string second = latest(*src, first, false);
  EXPECT_EQ(second, R"({"offset":10,"timestamp":2000})");
  rows = rateRows(batch(*src, first, second));
  ASSERT_EQ(rows.size(), 5u);
  EXPECT_EQ(rows[0], std::make_pair(int64_t{1500}, int64_t{5}));
  // Available-now: the end is fixed at the next batch.
  ASSERT_TRUE(src->prepareForAvailableNow().ok());
  EXPECT_EQ(latest(*src, second), R"({"offset":15,"timestamp":2500})");
  EXPECT_EQ(latest(*src, R"({"offset":15,"timestamp":2500})"), R"({"offset":15,"timestamp":2500})");
}

TEST(StreamSourceRateMicroBatch, PartitionsAndErrors) {
  auto clock = std::make_shared<ManualClock>(0);
  auto src = openSource(request("rate-micro-batch", {{"rowsPerBatch", "4"}, {"numPartitions", "3"}}), clock);
  ASSERT_TRUE(src);
  auto rows = rateRows(batch(*src, std::nullopt, latest(*src, std::nullopt)));
  std::vector<int64_t> values;
  for (auto& r : rows) values.push_back(r.second);
  EXPECT_EQ(values, (std::vector<int64_t>{0, 3, 1, 2}));
  EXPECT_EQ(errorOf(request("rate-micro-batch", {})), "Invalid value '0'. The option 'rowsPerBatch' must be positive");
  EXPECT_EQ(errorOf(request("rate-micro-batch", {{"rowsPerBatch", "1"}, {"startTimestamp", "-1"}})),
            "Invalid value '-1'. The option 'startTimestamp' must be non-negative");
  EXPECT_FALSE(src->getBatch(std::nullopt, "garbage").ok());
}

// ---------------------------------------------------------------- socket

// A one-connection TCP server on 127.0.0.1 that writes what it is given.
class LineServer {
 public:
  LineServer() {
    listenFd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    EXPECT_EQ(::bind(listenFd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
    EXPECT_EQ(::listen(listenFd_, 1), 0);
    socklen_t len = sizeof(addr);
    ::getsockname(listenFd_, reinterpret_cast<sockaddr*>(&addr), &len);
    port_ = ntohs(addr.sin_port);
    accepted_ = std::async(std::launch::async, [this] { return ::accept(listenFd_, nullptr, nullptr); });
  }
  ~LineServer() {
    closeClient();
    ::close(listenFd_);
  }
  int port() const { return port_; }
  void send(const std::string& text) {
    if (client_ < 0) client_ = accepted_.get();
    ASSERT_EQ(::write(client_, text.data(), text.size()), static_cast<ssize_t>(text.size()));
  }
  void closeClient() {
    if (client_ < 0 && accepted_.valid()) {
      if (accepted_.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        ::shutdown(listenFd_, SHUT_RDWR);  // nobody connected: unblock accept
      }
      client_ = accepted_.get();
    }
    if (client_ >= 0) ::close(client_);
    client_ = -2;
  }

 private:
  int listenFd_ = -1;
  int port_ = 0;
  int client_ = -1;
  std::future<int> accepted_;
};

// Polls latestOffset until it reaches want, for at most ~2 s.
std::string waitForOffset(Source& s, const std::string& want) {
  std::string got;
  for (int i = 0; i < 200; ++i) {
    got = latest(s, std::nullopt);
    if (got == want) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return got;
}

TEST(StreamSourceSocket, ReadsLinesAndDropsCommittedOnes) {
  LineServer server;
  auto clock = std::make_shared<ManualClock>(42'000);
  auto src = openSource(request("socket", {{"host", "127.0.0.1"},
                                     {"port", std::to_string(server.port())},
                                     {"includeTimestamp", "true"}}),
                  clock);
  ASSERT_TRUE(src);
  EXPECT_EQ(src->schema()->ddl(), "value STRING, timestamp TIMESTAMP");
  EXPECT_FALSE(src->replayable());
  EXPECT_EQ(src->describe(), fmt::format("TextSocketV2[host: 127.0.0.1, port: {}]", server.port()));
  EXPECT_EQ(latest(*src, std::nullopt), "none");

  // A line wakes a query waiting for its next trigger.
  auto waiter = std::async(std::launch::async, [&] { return clock->waitUntil(1'000'000'000); });
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  server.send("hello\nwor");
  server.send("ld\r\n");
  EXPECT_EQ(waiter.wait_for(std::chrono::seconds(2)), std::future_status::ready);
  clock->wake();  // releases the waiter if the source never woke it
  waiter.get();

  ASSERT_EQ(waitForOffset(*src, "1"), "1");
  auto rows = batch(*src, std::nullopt, "1");
  EXPECT_EQ(rowsOf(rows), (std::vector<std::string>{"hello|1970-01-01 00:00:42", "world|1970-01-01 00:00:42"}));
  ASSERT_TRUE(src->commit("1").ok());
  EXPECT_FALSE(src->getBatch(std::nullopt, "1").ok());  // gone: no recovery

  server.send("third\nlast without newline");
  server.closeClient();
  ASSERT_EQ(waitForOffset(*src, "3"), "3");
  rows = batch(*src, "1", "3");
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0]->column(0)->stringAt(0), "third");
  EXPECT_EQ(rows[0]->column(0)->stringAt(1), "last without newline");
  src->stop();
  src->stop();
}

TEST(StreamSourceSocket, OptionAndConnectionErrors) {
  EXPECT_EQ(errorOf(request("socket", {{"port", "1"}})), "Set a host to read from with option(\"host\", ...).");
  EXPECT_EQ(errorOf(request("socket", {{"host", "x"}})), "Set a port to read from with option(\"port\", ...).");
  EXPECT_EQ(errorOf(request("socket", {{"host", "x"}, {"port", "1"}, {"includeTimestamp", "maybe"}})),
            "includeTimestamp must be set to either \"true\" or \"false\"");
  // A port nobody listens on: bound, never listening.
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  socklen_t len = sizeof(addr);
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  const int port = ntohs(addr.sin_port);
  auto rel = makeStreamSource(request("socket", {{"host", "127.0.0.1"}, {"port", std::to_string(port)}}));
  ASSERT_TRUE(rel.ok());
  EXPECT_EQ((*rel)->schema()->ddl(), "value STRING");
  auto src = (*rel)->createSource(SourceContext{"", std::make_shared<ManualClock>(), false});
  ::close(fd);
  ASSERT_FALSE(src.ok());
  EXPECT_NE(src.status().message().find(fmt::format("127.0.0.1:{}", port)), std::string::npos)
      << src.status().message();
}

// ---------------------------------------------------------------- file

// A file with the given content and modification time (ms since the epoch).
std::string writeFile(const TempDir& dir, const std::string& name, const std::string& content, int64_t mtimeMillis) {
  std::string path = dir.write(name, content);
  timespec times[2];
  times[0].tv_sec = times[1].tv_sec = mtimeMillis / 1000;
  times[0].tv_nsec = times[1].tv_nsec = (mtimeMillis % 1000) * 1'000'000;
  EXPECT_EQ(::utimensat(AT_FDCWD, path.c_str(), times, 0), 0);
  return path;
}

std::string logOffset(int64_t n) { return fmt::format(R"({{"logOffset":{}}})", n); }

// The rows of one batch (start, end] as "a|b" strings.
std::vector<std::string> fileRows(Source& s, int64_t start, int64_t end) {
  return rowsOf(batch(s, start < 0 ? std::nullopt : std::optional<Offset>(logOffset(start)), logOffset(end)));
}

struct StreamSourceFile : ::testing::Test {
  TempDir tmp;
  std::string in = tmp.file("in");
  std::string meta = tmp.file("checkpoint/sources/0");
  std::shared_ptr<ManualClock> clock = std::make_shared<ManualClock>();

  std::unique_ptr<Source> csv(Options extra) {
    extra.set("path", in);
    return openSource(request("csv", std::move(extra), "name STRING, n INT"), clock, meta);
  }
};

TEST_F(StreamSourceFile, OneFilePerBatchInModificationTimeOrder) {
  writeFile(tmp, "in/a.csv", "a,1\n", 3000);
  const std::string b = writeFile(tmp, "in/b.csv", "b,2\n", 1000);
  writeFile(tmp, "in/c.csv", "c,3\n", 2000);
  auto src = csv({{"maxFilesPerTrigger", "1"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(src->describe(), "FileStreamSource[file:" + in + "]");
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  EXPECT_EQ(fileRows(*src, -1, 0), (std::vector<std::string>{"b|2"}));
  EXPECT_EQ(readFileToString(meta + "/0").value(),
            "v1\n{\"path\":\"file://" + b + "\",\"timestamp\":1000,\"batchId\":0}");
  EXPECT_EQ(latest(*src, logOffset(0)), logOffset(1));
  EXPECT_EQ(latest(*src, logOffset(1)), logOffset(2));
  EXPECT_EQ(latest(*src, logOffset(2)), logOffset(2));  // nothing new
  EXPECT_EQ(fileRows(*src, 0, 2), (std::vector<std::string>{"c|3", "a|1"}));
}

TEST_F(StreamSourceFile, LatestFirstAndReadAllWithoutLimit) {
  writeFile(tmp, "in/a.csv", "a,1\n", 3000);
  writeFile(tmp, "in/b.csv", "b,2\n", 1000);
  writeFile(tmp, "in/c.csv", "c,3\n", 2000);
  auto src = csv({{"maxFilesPerTrigger", "1"}, {"latestFirst", "true"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  EXPECT_EQ(fileRows(*src, -1, 0), (std::vector<std::string>{"a|1"}));
  // Trigger.Once: every new file, newest first.
  EXPECT_EQ(latest(*src, logOffset(0), false), logOffset(1));
  EXPECT_EQ(fileRows(*src, 0, 1), (std::vector<std::string>{"c|3", "b|2"}));
}

TEST_F(StreamSourceFile, FileNameOnlyTreatsSameNamesAsSeen) {
  writeFile(tmp, "in/p=1/data.csv", "x,1\n", 1000);
  auto byName = csv({{"fileNameOnly", "true"}});
  ASSERT_TRUE(byName);
  EXPECT_EQ(latest(*byName, std::nullopt), logOffset(0));
  writeFile(tmp, "in/p=2/data.csv", "y,2\n", 2000);
  EXPECT_EQ(latest(*byName, logOffset(0)), logOffset(0));
  meta = tmp.file("checkpoint2");
  auto byPath = csv({});
  ASSERT_TRUE(byPath);
  EXPECT_EQ(latest(*byPath, std::nullopt), logOffset(0));
  // The p=1, p=2 folders are partitions: their values come after the data columns.
  EXPECT_EQ(fileRows(*byPath, -1, 0), (std::vector<std::string>{"x|1|1", "y|2|2"}));
}

TEST_F(StreamSourceFile, MaxBytesPerTriggerIsASoftLimit) {
  writeFile(tmp, "in/1.csv", "aaaaaaa,1\n", 1000);      // 10 bytes
  writeFile(tmp, "in/2.csv", "bbbbbbb,2\n", 2000);      // 10
  writeFile(tmp, "in/3.csv", std::string(27, 'c') + ",3\n", 3000);  // 30
  writeFile(tmp, "in/4.csv", "dd,4\n", 4000);           // 5
  auto src = csv({{"maxBytesPerTrigger", "25"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  EXPECT_EQ(fileRows(*src, -1, 0), (std::vector<std::string>{"aaaaaaa|1", "bbbbbbb|2"}));
  EXPECT_EQ(latest(*src, logOffset(0)), logOffset(1));
  EXPECT_EQ(fileRows(*src, 0, 1).size(), 1u);  // bigger than the limit, alone
  EXPECT_EQ(latest(*src, logOffset(1)), logOffset(2));
  EXPECT_EQ(fileRows(*src, 1, 2), (std::vector<std::string>{"dd|4"}));
  EXPECT_EQ(errorOf(request("csv", {{"path", in}, {"maxBytesPerTrigger", "1"}, {"maxFilesPerTrigger", "1"}}, "a INT")),
            "Options 'maxFilesPerTrigger' and 'maxBytesPerTrigger' can't be both set at the same time");
  EXPECT_EQ(errorOf(request("csv", {{"path", in}, {"maxFilesPerTrigger", "0"}}, "a INT")),
            "Invalid value '0' for option 'maxFilesPerTrigger', must be a positive integer");
}

TEST_F(StreamSourceFile, MaxFileAgeIsRelativeToTheNewestFile) {
  const int64_t t = 100'000'000'000;
  writeFile(tmp, "in/old-but-first.csv", "first,0\n", t - 10 * 3'600'000);  // the first batch takes all
  writeFile(tmp, "in/new.csv", "new,1\n", t);
  auto src = csv({{"maxFileAge", "1h"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  EXPECT_EQ(fileRows(*src, -1, 0).size(), 2u);
  writeFile(tmp, "in/too-old.csv", "old,2\n", t - 2 * 3'600'000);
  writeFile(tmp, "in/recent.csv", "recent,3\n", t - 1'800'000);
  EXPECT_EQ(latest(*src, logOffset(0)), logOffset(1));
  EXPECT_EQ(fileRows(*src, 0, 1), (std::vector<std::string>{"recent|3"}));
}

TEST_F(StreamSourceFile, RestartRereadsTheSameFilesAndNeverCommittedOnes) {
  writeFile(tmp, "in/1.csv", "one,1\n", 1000);
  writeFile(tmp, "in/2.csv", "two,2\n", 2000);
  {
    auto src = csv({{"maxFilesPerTrigger", "1"}});
    ASSERT_TRUE(src);
    EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
    EXPECT_EQ(fileRows(*src, -1, 0), (std::vector<std::string>{"one|1"}));
    ASSERT_TRUE(src->commit(logOffset(0)).ok());
    EXPECT_EQ(latest(*src, logOffset(0)), logOffset(1));
    // The query stops before batch 1 completes.
  }
  writeFile(tmp, "in/3.csv", "three,3\n", 3000);
  auto src = csv({{"maxFilesPerTrigger", "5"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(fileRows(*src, 0, 1), (std::vector<std::string>{"two|2"}));
  EXPECT_EQ(latest(*src, logOffset(1)), logOffset(2));
  EXPECT_EQ(fileRows(*src, 1, 2), (std::vector<std::string>{"three|3"}));
}

TEST_F(StreamSourceFile, MissingDirectoryHasNoDataUntilItAppears) {
  auto src = csv({});
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, std::nullopt), "none");
  EXPECT_FALSE(std::filesystem::exists(in));
  writeFile(tmp, "in/a.csv", "a,1\n", 1000);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
}

TEST_F(StreamSourceFile, AvailableNowTakesOnlyWhatExistedWhenPrepared) {
  writeFile(tmp, "in/a.csv", "a,1\n", 1000);
  writeFile(tmp, "in/b.csv", "b,2\n", 2000);
  auto src = csv({{"maxFilesPerTrigger", "1"}});
  ASSERT_TRUE(src);
  ASSERT_TRUE(src->prepareForAvailableNow().ok());
  writeFile(tmp, "in/c.csv", "c,3\n", 3000);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  EXPECT_EQ(latest(*src, logOffset(0)), logOffset(1));
  EXPECT_EQ(latest(*src, logOffset(1)), logOffset(1));
  EXPECT_EQ(fileRows(*src, -1, 1), (std::vector<std::string>{"a|1", "b|2"}));
}

TEST_F(StreamSourceFile, CleanSourceDeleteAndArchive) {
  const std::string a = writeFile(tmp, "in/a.csv", "a,1\n", 1000);
  const std::string b = writeFile(tmp, "in/b.csv", "b,2\n", 2000);
  auto src = csv({{"maxFilesPerTrigger", "1"}, {"cleanSource", "delete"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  EXPECT_EQ(fileRows(*src, -1, 0).size(), 1u);
  ASSERT_TRUE(src->commit(logOffset(0)).ok());
  EXPECT_FALSE(std::filesystem::exists(a));
  EXPECT_TRUE(std::filesystem::exists(b));

  meta = tmp.file("checkpoint2");
  const std::string archive = tmp.file("archive");
  auto archiving = csv({{"cleanSource", "ARCHIVE"}, {"sourceArchiveDir", archive}});
  ASSERT_TRUE(archiving);
  EXPECT_EQ(latest(*archiving, std::nullopt), logOffset(0));
  ASSERT_TRUE(archiving->commit(logOffset(0)).ok());
  EXPECT_FALSE(std::filesystem::exists(b));
  EXPECT_TRUE(std::filesystem::exists(archive + b));

  EXPECT_EQ(errorOf(request("csv", {{"path", in}, {"cleanSource", "archive"}}, "a INT")),
            "Archive mode must be used with 'sourceArchiveDir' option.");
  EXPECT_NE(errorOf(request("csv", {{"path", in}, {"cleanSource", "archive"}, {"sourceArchiveDir", in + "/done"}},
                            "a INT"))
                .find("Base archive path cannot be set"),
            std::string::npos);
  EXPECT_EQ(errorOf(request("csv", {{"path", in}, {"cleanSource", "move"}}, "a INT")),
            "Invalid mode for clean source option move. Must be one of ARCHIVE,DELETE,OFF");
}

TEST_F(StreamSourceFile, CorruptLogIsAnErrorNamingTheFile) {
  writeFile(tmp, "in/a.csv", "a,1\n", 1000);
  auto rel = makeStreamSource(request("csv", {{"path", in}}, "name STRING, n INT"));
  ASSERT_TRUE(rel.ok());
  for (const char* text : {"v1\n{\"path\":\"file:///x\",\"timest", "garbage", "v1\n", "v9\n{}"}) {
    ASSERT_TRUE(writeFileAtomically(meta + "/0", text, false).ok());
    auto src = (*rel)->createSource(SourceContext{meta, clock, false});
    ASSERT_FALSE(src.ok()) << text;
    EXPECT_NE(src.status().message().find(meta + "/0"), std::string::npos) << src.status().message();
  }
}

TEST_F(StreamSourceFile, SchemaAndPathRules) {
  EXPECT_TRUE(errorOf(request("csv", {{"path", in}}))
                  .starts_with("Schema must be specified when creating a streaming source DataFrame. If some files"));
  EXPECT_EQ(errorOf(request("json", {})), "'path' is not specified");
  auto text = makeStreamSource(request("text", {{"path", in}}));
  ASSERT_TRUE(text.ok());
  EXPECT_EQ((*text)->schema()->ddl(), "value STRING");
  EXPECT_EQ((*text)->describe(), "FileStreamSource[file:" + in + "]");

  writeFile(tmp, "in/a.json", "{\"id\": 1, \"s\": \"x\"}\n", 1000);
  auto inferred = request("json", {{"path", in}});
  inferred.schemaInference = true;
  auto json = makeStreamSource(inferred);
  ASSERT_TRUE(json.ok()) << json.status().message();
  EXPECT_EQ((*json)->schema()->ddl(), "id BIGINT, s STRING");
}

TEST_F(StreamSourceFile, FailFastNamesTheMalformedFile) {
  const std::string bad = writeFile(tmp, "in/bad.csv", "x,notanumber\n", 1000);
  auto src = csv({{"mode", "FAILFAST"}});
  ASSERT_TRUE(src);
  EXPECT_EQ(latest(*src, std::nullopt), logOffset(0));
  auto r = src->getBatch(std::nullopt, logOffset(0));
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find(bad), std::string::npos) << r.status().message();
  EXPECT_FALSE(src->getBatch(std::nullopt, "nonsense").ok());
  EXPECT_FALSE(src->getBatch(std::nullopt, logOffset(7)).ok());
  EXPECT_NE(errorOf(request("csv", {{"path", in}, {"mode", "SLOPPY"}}, "a INT")), "OK");
}

}  // namespace
}  // namespace spate::connectors
