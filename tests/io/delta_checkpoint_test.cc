#include <gtest/gtest.h>

#include <filesystem>

#include "spate/common/file_util.h"
#include "spate/io/delta_checkpoint.h"
#include "spate/io/parquet_writer.h"
#include "spate/io/delta_table.h"
#include "tests/io/io_test_util.h"

namespace spate::delta {
namespace {

using testing::ddl;
using testing::TempDir;

Snapshot sampleSnapshot() {
  Snapshot s;
  s.version = 10;
  s.protocol = ProtocolAction{3, 7, {"timestampNtz"}, {"timestampNtz", "appendOnly"}};
  s.metadata.id = "table-id";
  s.metadata.schemaString = R"({"type":"struct","fields":[]})";
  s.metadata.partitionColumns = {"p"};
  s.metadata.configuration = {{"delta.appendOnly", "true"}};
  s.metadata.createdTime = 1700000000000;
  s.txnVersions = {{"query-a", 4}, {"query-b", 9}};
  AddAction a;
  a.path = "p=1/part-0.parquet";
  a.partitionValues = {{"p", "1"}, {"q", std::nullopt}};
  a.size = 100;
  a.modificationTime = 1700000000001;
  a.stats = R"({"numRecords":2})";
  AddAction b;
  b.path = "part-1.parquet";
  b.size = 7;
  s.files = {a, b};
  return s;
}

TEST(DeltaCheckpoint, RowsCarryEveryActionAndParseBack) {
  Snapshot s = sampleSnapshot();
  BatchPtr rows = checkpointBatch(s);
  EXPECT_EQ(rows->numRows(), 6);  // protocol, metaData, two txns, two adds
  EXPECT_EQ(rows->schema()->names(), (std::vector<std::string>{"txn", "add", "remove", "metaData", "protocol"}));
  auto c = commitFromCheckpoint({rows}, "cp");
  ASSERT_TRUE(c.ok()) << c.status().message();
  ASSERT_TRUE(c->protocol && c->metadata);
  EXPECT_EQ(c->protocol->minReaderVersion, 3);
  EXPECT_EQ(c->protocol->readerFeatures, (std::vector<std::string>{"timestampNtz"}));
  EXPECT_EQ(c->protocol->writerFeatures, (std::vector<std::string>{"timestampNtz", "appendOnly"}));
  EXPECT_EQ(c->metadata->id, "table-id");
  EXPECT_EQ(c->metadata->partitionColumns, (std::vector<std::string>{"p"}));
  EXPECT_EQ(c->metadata->configuration.at("delta.appendOnly"), "true");
  EXPECT_EQ(c->metadata->createdTime, 1700000000000);
  ASSERT_EQ(c->txns.size(), 2u);
  EXPECT_EQ(c->txns[1].appId, "query-b");
  EXPECT_EQ(c->txns[1].version, 9);
  ASSERT_EQ(c->adds.size(), 2u);
  EXPECT_EQ(c->adds[0].path, "p=1/part-0.parquet");
  EXPECT_EQ(c->adds[0].partitionValues.at("p"), "1");
  EXPECT_FALSE(c->adds[0].partitionValues.at("q").has_value());
  EXPECT_EQ(c->adds[0].stats, R"({"numRecords":2})");
  EXPECT_FALSE(c->adds[0].dataChange);
  EXPECT_EQ(c->adds[1].size, 7);
  EXPECT_TRUE(c->adds[1].stats.empty());
}

// Writing 12 versions reaches the checkpoint interval: the checkpoint is written, named
// by _last_checkpoint, and readers start from it once the commits before it are gone.
TEST(DeltaCheckpoint, EveryTenthCommitWritesOne) {
  TempDir dir;
  for (int i = 0; i < 12; ++i) {
    WriteRequest r;
    auto batch = batchFromRows(ddl("i BIGINT"), {{Value::integer(i)}});
    ASSERT_TRUE(writeToTable(dir.path(), ddl("i BIGINT"), {batch}, r).ok());
  }
  DeltaLog log(dir.path());
  EXPECT_TRUE(std::filesystem::exists(log.logDir() + "/00000000000000000010.checkpoint.parquet"));
  auto last = lastCheckpointVersion(log);
  ASSERT_TRUE(last.ok());
  EXPECT_EQ(*last, std::optional<int64_t>(10));
  auto fromCheckpoint = readCheckpoint(log, 10);
  ASSERT_TRUE(fromCheckpoint.ok()) << fromCheckpoint.status().message();
  EXPECT_EQ(fromCheckpoint->adds.size(), 11u);
  for (int v = 0; v < 10; ++v) std::filesystem::remove(log.commitPath(v));
  auto s = log.snapshot();
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->files.size(), 12u);
  EXPECT_EQ(s->version, 11);
}

}  // namespace
}  // namespace spate::delta
