// Runs a stream test script (tests/streaming/README.md): memory streams fed step by
// step, a streaming query over them, and checks of what reached its sink, in the
// spirit of Spark's StreamTest. A script fails at its first mismatch, naming the file
// and line.

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/memory_stream.h"
#include "spate/session/session.h"
#include "tests/common/result_text.h"

namespace {

using namespace spate;
namespace fs = std::filesystem;

struct Failure : std::runtime_error {
  using std::runtime_error::runtime_error;
};

[[noreturn]] void fail(const std::string& message) { throw Failure(message); }

// What the query wrote, with the memory sink's meaning: complete mode replaces the
// table, the other modes append to it.
// A batch id delivered again (the re-run of a batch whose commit was lost) must bring
// the same rows; it is then ignored, as by an idempotent sink.
struct CapturedSink {
  std::mutex mu;
  std::vector<std::string> table;
  std::vector<std::string> lastBatch;
  std::map<int64_t, std::vector<std::string>> delivered;
  int64_t batches = 0;
  int64_t redelivered = 0;

  void add(const BatchPtr& b, int64_t batchId, bool complete) {
    std::vector<std::string> rows;
    for (int64_t r = 0; r < b->numRows(); ++r) {
      std::string line;
      for (size_t c = 0; c < b->numColumns(); ++c) line += (c ? "\t" : "") + testing::cellText(*b->column(c), r);
      rows.push_back(std::move(line));
    }
    std::lock_guard<std::mutex> lock(mu);
    auto seen = delivered.find(batchId);
    if (seen != delivered.end()) {
      if (seen->second != rows) fail("batch " + std::to_string(batchId) + " was re-run with other rows");
      ++redelivered;
      return;
    }
    delivered[batchId] = rows;
    ++batches;
    if (complete) table.clear();
    table.insert(table.end(), rows.begin(), rows.end());
    lastBatch = std::move(rows);
  }
};

class ScriptRunner {
 public:
  explicit ScriptRunner(std::string path) : path_(std::move(path)) {
    session_ = sql::Session::builder().appName("stream-test").getOrCreate();
    checkpoint_ = (fs::temp_directory_path() / ("spate-stream-test-" + randomUuid())).string();
  }
  ~ScriptRunner() {
    if (query_) query_->stop();
    std::error_code ec;
    fs::remove_all(checkpoint_, ec);
  }

  void run() {
    std::ifstream in(path_);
    if (!in) fail("cannot open " + path_);
    std::string line;
    while (std::getline(in, line)) lines_.push_back(line);
    while (pos_ < lines_.size()) {
      std::string_view l = trimView(lines_[pos_]);
      lineNo_ = pos_ + 1;
      ++pos_;
      if (l.empty() || l[0] == '#') continue;
      try {
        step(std::string(l));
      } catch (const Error& e) {
        fail(e.status().message());
      }
    }
    if (query_) {
      query_->stop();
      if (auto e = query_->exception()) fail("the query failed: " + *e);
    }
  }

  size_t lineNo() const { return lineNo_; }

 private:
  // The lines up to the next blank line.
  std::vector<std::string> block() {
    std::vector<std::string> out;
    while (pos_ < lines_.size() && !trimView(lines_[pos_]).empty()) out.push_back(lines_[pos_++]);
    return out;
  }

  static std::vector<std::string> words(const std::string& s) {
    std::vector<std::string> out;
    for (const auto& w : splitString(s, ' ')) {
      if (!trimView(w).empty()) out.emplace_back(trimView(w));
    }
    return out;
  }

  static std::string rest(const std::vector<std::string>& w, size_t from) {
    std::vector<std::string> tail(w.begin() + static_cast<std::ptrdiff_t>(std::min(from, w.size())), w.end());
    return joinStrings(tail, " ");
  }

  void step(const std::string& l) {
    auto w = words(l);
    const std::string& cmd = w[0];
    if (cmd == "conf") {
      session_->conf().set(w.at(1), rest(w, 2));
    } else if (cmd == "clock") {
      clock_ = std::make_shared<streaming::ManualClock>(0);
    } else if (cmd == "stream") {
      auto s = std::make_unique<sql::MemoryStream>(session_, rest(w, 2));
      s->toDF().createOrReplaceTempView(w.at(1));
      streams_[w.at(1)] = std::move(s);
    } else if (cmd == "watermark") {
      // watermark <stream> <column> <delay...>: the stream's view gets withWatermark.
      auto it = streams_.find(w.at(1));
      if (it == streams_.end()) fail("unknown stream '" + w.at(1) + "'");
      it->second->toDF().withWatermark(w.at(2), rest(w, 3)).createOrReplaceTempView(w.at(1));
    } else if (cmd == "dropDuplicates" || cmd == "dropDuplicatesWithinWatermark") {
      // dropDuplicates <view> [columns...]: the view becomes view.dropDuplicates(columns).
      std::vector<std::string> columns(w.begin() + 2, w.end());
      sql::DataFrame df = session_->table(w.at(1));
      df = cmd == "dropDuplicates" ? df.dropDuplicates(columns) : df.dropDuplicatesWithinWatermark(columns);
      df.createOrReplaceTempView(w.at(1));
    } else if (cmd == "query") {
      parseQuery(w, 1);
      start();
    } else if (cmd == "refused") {
      parseQuery(w, 1);
      std::string expected = rest(w, 2 + triggerWords_);
      try {
        start();
      } catch (const Error& e) {
        if (e.status().message().find(expected) == std::string::npos) {
          fail("the query was refused with \"" + e.status().message() + "\", expected \"" + expected + "\"");
        }
        return;
      }
      fail("the query started, expected it to be refused with \"" + expected + "\"");
    } else if (cmd == "add") {
      addData(w.at(1), block());
    } else if (cmd == "process") {
      requireQuery().processAllAvailable();
    } else if (cmd == "late") {
      // late: the next queries send the rows dropped behind the watermark to a
      // second sink, which "check late" reads.
      collectLate_ = true;
    } else if (cmd == "check") {
      bool batch = w.size() > 1 && w[1] == "batch";
      bool late = w.size() > 1 && w[1] == "late";
      bool rowsort = w.back() == "rowsort";
      check(block(), batch, rowsort, late ? lateSink_.get() : sink_.get());
    } else if (cmd == "advance") {
      if (!clock_) fail("advance needs 'clock manual' first");
      clock_->advance(std::stoll(w.at(1)));
    } else if (cmd == "stop") {
      requireQuery().stop();
    } else if (cmd == "start" && w.size() > 2 && w[1] == "error") {
      std::string expected = rest(w, 2);
      try {
        start();
      } catch (const Error& e) {
        if (e.status().message().find(expected) == std::string::npos) {
          fail("start failed with \"" + e.status().message() + "\", expected \"" + expected + "\"");
        }
        return;
      }
      fail("the query started, expected the error \"" + expected + "\"");
    } else if (cmd == "start") {
      start();
    } else if (cmd == "restart") {
      requireQuery().stop();
      start();
    } else if (cmd == "failure") {
      expectFailure(rest(w, 1));
    } else if (cmd == "redelivered") {
      std::lock_guard<std::mutex> lock(sink_->mu);
      if (std::to_string(sink_->redelivered) != w.at(1)) {
        fail("expected " + w.at(1) + " re-run batches, got " + std::to_string(sink_->redelivered));
      }
    } else if (cmd == "truncate" || cmd == "delete") {
      // Damages the checkpoint of the stopped query: a crash mid-write, a lost commit.
      fs::path file = fs::path(checkpoint_) / w.at(1);
      if (!fs::exists(file)) fail("no checkpoint file " + w.at(1));
      if (cmd == "delete") {
        fs::remove(file);
      } else {
        fs::resize_file(file, fs::file_size(file) / 2);
      }
    } else if (cmd == "progress") {
      checkProgress(w.at(1), rest(w, 2));
    } else if (cmd == "batches") {
      awaitBatches(std::stoll(w.at(1)));
    } else {
      fail("unknown step '" + cmd + "'");
    }
  }

  // query <mode> [trigger processingTime <n> <unit> | trigger once | trigger availableNow]
  void parseQuery(const std::vector<std::string>& w, size_t at) {
    mode_ = w.at(at);
    trigger_ = sql::Trigger();
    triggerWords_ = 0;
    if (w.size() > at + 1 && w[at + 1] == "trigger") {
      const std::string& kind = w.at(at + 2);
      if (kind == "once") {
        trigger_ = sql::Trigger::once();
        triggerWords_ = 2;
      } else if (kind == "availableNow") {
        trigger_ = sql::Trigger::availableNow();
        triggerWords_ = 2;
      } else {
        trigger_ = valueOrThrow(sql::Trigger::processingTime(w.at(at + 3) + " " + w.at(at + 4)));
        triggerWords_ = 4;
      }
    }
    std::string text;
    for (const auto& l : block()) text += l + "\n";
    sqlText_ = text;
  }

  void start() {
    if (!sink_) sink_ = std::make_shared<CapturedSink>();
    auto sink = sink_;
    bool complete = equalsIgnoreCase(mode_, "complete");
    sql::DataFrame df = session_->sql(sqlText_);
    auto writer = df.writeStream();
    writer.outputMode(mode_)
        .trigger(trigger_)
        .option("checkpointLocation", checkpoint_)
        .foreachBatch([sink, complete](sql::DataFrame batch, int64_t id) { sink->add(batch.toBatch(), id, complete); });
    if (clock_) writer.clock(clock_);
    if (collectLate_) {
      if (!lateSink_) lateSink_ = std::make_shared<CapturedSink>();
      auto late = lateSink_;
      writer.lateRowsForeachBatch([late](sql::DataFrame rows, int64_t id) { late->add(rows.toBatch(), id, false); });
    }
    query_ = writer.start();
  }

  sql::StreamingQuery& requireQuery() {
    if (!query_) fail("no query was started");
    return *query_;
  }

  void addData(const std::string& name, const std::vector<std::string>& rows) {
    auto it = streams_.find(name);
    if (it == streams_.end()) fail("unknown stream '" + name + "'");
    const SchemaPtr& schema = it->second->schema();
    std::vector<StringColumnBuilder> text;
    for (size_t c = 0; c < schema->size(); ++c) text.emplace_back(DataType::string());
    for (const auto& r : rows) {
      auto cells = splitString(testing::normalizeExpected(r), '\t');
      if (cells.size() != schema->size()) fail("a row of '" + name + "' has the wrong number of cells: " + r);
      for (size_t c = 0; c < cells.size(); ++c) {
        if (cells[c] == "NULL") {
          text[c].appendNull();
        } else {
          text[c].append(cells[c] == "(empty)" ? "" : cells[c]);
        }
      }
    }
    std::vector<ColumnPtr> cols;
    auto n = static_cast<int64_t>(rows.size());
    for (size_t c = 0; c < schema->size(); ++c) {
      cols.push_back(valueOrThrow(castColumn(text[c].finish(), schema->field(c).type, n)));
    }
    it->second->addData({std::make_shared<const Batch>(schema, std::move(cols), n)});
  }

  void check(const std::vector<std::string>& expectedLines, bool lastBatch, bool rowsort, CapturedSink* sink) {
    if (!sink) fail("no such sink: was 'late' given before the query started?");
    std::vector<std::string> expected;
    for (const auto& e : expectedLines) expected.push_back(testing::normalizeExpected(e));
    std::vector<std::string> actual;
    {
      std::lock_guard<std::mutex> lock(sink->mu);
      actual = lastBatch ? sink->lastBatch : sink->table;
    }
    if (rowsort) {
      std::sort(expected.begin(), expected.end());
      std::sort(actual.begin(), actual.end());
    }
    if (expected != actual) {
      std::string msg = "sink rows differ\nexpected:\n";
      for (const auto& e : expected) msg += "  " + e + "\n";
      msg += "actual:\n";
      for (const auto& a : actual) msg += "  " + a + "\n";
      fail(msg);
    }
  }

  // Waits (up to 10 s) until the sink has received n batches; fails at once when it
  // received more.
  void awaitBatches(int64_t n) {
    for (int i = 0; i < 1000; ++i) {
      {
        std::lock_guard<std::mutex> lock(sink_->mu);
        if (sink_->batches > n) fail("expected " + std::to_string(n) + " batches, got " + std::to_string(sink_->batches));
        if (sink_->batches == n) return;
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    fail("expected " + std::to_string(n) + " batches within 10 s");
  }

  void expectFailure(const std::string& expected) {
    auto& q = requireQuery();
    try {
      if (!q.awaitTermination(10000)) fail("the query did not fail within 10 s");
    } catch (const Error& e) {
      if (e.status().message().find(expected) == std::string::npos) {
        fail("the query failed with \"" + e.status().message() + "\", expected \"" + expected + "\"");
      }
      query_.reset();
      return;
    }
    fail("the query ended without an error, expected \"" + expected + "\"");
  }

  // progress <path> <value>: a field of the last progress, by dotted path
  // (stateOperators.0.numRowsTotal).
  void checkProgress(const std::string& path, const std::string& expected) {
    auto p = requireQuery().lastProgress();
    if (!p) fail("no progress was reported");
    Json j = p->toJson();
    const Json* cur = &j;
    for (const auto& part : splitString(path, '.')) {
      if (cur->isArray()) {
        size_t i = std::stoul(part);
        if (i >= cur->items().size()) fail("progress has no " + path);
        cur = &cur->items()[i];
      } else {
        cur = cur->find(part);
        if (!cur) fail("progress has no " + path + ": " + j.dump());
      }
    }
    std::string actual = cur->isString() ? cur->asString() : cur->dump();
    if (actual != expected) fail("progress " + path + " is " + actual + ", expected " + expected);
  }

  std::string path_;
  std::vector<std::string> lines_;
  size_t pos_ = 0;
  size_t lineNo_ = 0;
  std::shared_ptr<sql::Session> session_;
  std::map<std::string, std::unique_ptr<sql::MemoryStream>> streams_;
  std::shared_ptr<streaming::ManualClock> clock_;
  std::string checkpoint_;
  std::string sqlText_;
  std::string mode_;
  sql::Trigger trigger_;
  size_t triggerWords_ = 0;
  std::shared_ptr<CapturedSink> sink_;
  std::shared_ptr<CapturedSink> lateSink_;
  bool collectLate_ = false;
  std::optional<sql::StreamingQuery> query_;
};

}  // namespace

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: spate_stream_test SCRIPT.stream\n";
    return 2;
  }
  ScriptRunner runner(argv[1]);
  try {
    runner.run();
  } catch (const Failure& f) {
    std::cerr << argv[1] << ":" << runner.lineNo() << ": " << f.what() << "\n";
    return 1;
  }
  std::cout << argv[1] << ": ok\n";
  return 0;
}
