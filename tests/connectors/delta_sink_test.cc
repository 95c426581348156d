#include <gtest/gtest.h>

#include <algorithm>

#include "spate/connectors/stream_sinks.h"
#include "spate/io/delta_files.h"
#include "spate/io/delta_table.h"
#include "tests/io/io_test_util.h"

namespace spate::connectors {
namespace {

using spate::testing::ddl;
using spate::testing::TempDir;

BatchPtr counts(const std::vector<std::pair<std::string, int64_t>>& rows) {
  std::vector<std::vector<Value>> values;
  for (const auto& [w, c] : rows) values.push_back({Value::string(w), Value::integer(c)});
  return batchFromRows(ddl("word STRING, count BIGINT"), values);
}

std::unique_ptr<streaming::Sink> deltaSink(const std::string& path, const std::string& queryId) {
  auto sink = makeStreamSink(StreamSinkRequest{"delta", Options{{"path", path}}, ""});
  EXPECT_TRUE(sink.ok()) << sink.status().message();
  EXPECT_TRUE((*sink)->open(streaming::SinkContext{queryId}).ok());
  return std::move(*sink);
}

std::vector<std::string> tableRows(const std::string& path) {
  delta::DeltaLog log(path);
  auto snapshot = log.snapshot().value();
  std::vector<std::string> out;
  auto reader = delta::DataFileReader::make(log, snapshot.schema, {}, Options());
  EXPECT_TRUE(reader.ok());
  if (!reader.ok()) return {};
  for (const auto& f : snapshot.files) {
    auto batches = reader->read(f);
    EXPECT_TRUE(batches.ok());
    if (!batches.ok()) return {};
    for (const auto& r : spate::testing::rowsOf(*batches)) out.push_back(r);
  }
  std::sort(out.begin(), out.end());
  return out;
}

TEST(StreamSinkDelta, AppendCommitsEachBatchOnceAcrossRestarts) {
  TempDir dir;
  std::string out = dir.file("t");
  auto sink = deltaSink(out, "q-1");
  EXPECT_EQ(sink->describe(), "DeltaSink[" + out + "]");
  EXPECT_TRUE(sink->idempotent());
  auto b0 = counts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, b0->schema(), {b0}, OutputMode::kAppend).ok());
  ASSERT_TRUE(sink->addBatch(1, b0->schema(), {counts({{"b", 2}})}, OutputMode::kAppend).ok());
  // The restarted query (same id) runs batch 1 again: already in the table, skipped.
  auto restarted = deltaSink(out, "q-1");
  ASSERT_TRUE(restarted->addBatch(1, b0->schema(), {counts({{"b", 2}})}, OutputMode::kAppend).ok());
  EXPECT_EQ(delta::DeltaLog(out).latestVersion().value(), 1);
  // Another query writing the same table has its own txn.
  auto other = deltaSink(out, "q-2");
  ASSERT_TRUE(other->addBatch(1, b0->schema(), {counts({{"c", 3}})}, OutputMode::kAppend).ok());
  EXPECT_EQ(tableRows(out), (std::vector<std::string>{"a|1", "b|2", "c|3"}));
  auto commit = delta::DeltaLog(out).readCommit(0).value();
  EXPECT_EQ(commit.commitInfo.find("operation")->asString(), "STREAMING UPDATE");
  EXPECT_EQ(commit.txns.at(0).appId, "q-1");
  EXPECT_EQ(commit.txns.at(0).version, 0);
}

TEST(StreamSinkDelta, CompleteModeReplacesTheTable) {
  TempDir dir;
  std::string out = dir.file("t");
  auto sink = deltaSink(out, "q");
  auto b = counts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, b->schema(), {b}, OutputMode::kComplete).ok());
  ASSERT_TRUE(sink->addBatch(1, b->schema(), {counts({{"a", 2}, {"b", 1}})}, OutputMode::kComplete).ok());
  EXPECT_EQ(tableRows(out), (std::vector<std::string>{"a|2", "b|1"}));
  EXPECT_EQ(delta::DeltaLog(out).readCommit(1).value().removes.size(), 1u);
}

TEST(StreamSinkDelta, UpdateModeAndMissingPathAreRefused) {
  EXPECT_EQ(checkSinkOutputMode("delta", OutputMode::kUpdate).message(),
            "Data source delta does not support Update output mode");
  EXPECT_TRUE(checkSinkOutputMode("delta", OutputMode::kComplete).ok());
  auto noPath = makeStreamSink(StreamSinkRequest{"delta", Options(), ""});
  ASSERT_FALSE(noPath.ok());
  EXPECT_NE(noPath.status().message().find("'path' is not specified"), std::string::npos);
}

}  // namespace
}  // namespace spate::connectors
