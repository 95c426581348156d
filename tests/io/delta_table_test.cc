#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <thread>
#include <tuple>

#include "spate/io/delta_files.h"
#include "spate/io/delta_schema.h"
#include "spate/io/delta_stats.h"
#include "spate/io/delta_table.h"
#include "spate/io/parquet_writer.h"
#include "tests/io/io_test_util.h"

namespace spate::delta {
namespace {

using testing::ddl;
using testing::TempDir;

std::vector<BatchPtr> rows(const std::string& schema, const std::vector<std::vector<Value>>& values) {
  return {batchFromRows(ddl(schema), values)};
}

// Every row of the table's latest (or given) version, in file order.
std::vector<std::string> tableRows(const std::string& dir, std::optional<int64_t> version = std::nullopt) {
  DeltaLog log(dir);
  auto snapshot = log.snapshot(version);
  if (!snapshot.ok()) return {"ERROR: " + snapshot.status().message()};
  auto reader = DataFileReader::make(log, snapshot->schema, snapshot->metadata.partitionColumns, Options());
  if (!reader.ok()) return {"ERROR: " + reader.status().message()};
  std::vector<std::string> out;
  for (const auto& f : snapshot->files) {
    auto batches = reader->read(f);
    if (!batches.ok()) return {"ERROR: " + batches.status().message()};
    for (const auto& r : testing::rowsOf(*batches)) out.push_back(r);
  }
  return out;
}

TEST(DeltaTableWrite, AppendsThenOverwritesWithOneCommitEach) {
  TempDir dir;
  WriteRequest append;
  auto v0 = writeToTable(dir.path(), ddl("id BIGINT, name STRING"), rows("id BIGINT, name STRING", {
      {Value::integer(1), Value::string("a")}, {Value::integer(2), Value()}}), append);
  ASSERT_TRUE(v0.ok()) << v0.status().message();
  EXPECT_EQ(v0->version, 0);
  EXPECT_EQ(v0->filesAdded, 1);
  auto v1 = writeToTable(dir.path(), ddl("id BIGINT, name STRING"),
                         rows("id BIGINT, name STRING", {{Value::integer(3), Value::string("c")}}), append);
  ASSERT_TRUE(v1.ok());
  EXPECT_EQ(v1->version, 1);
  EXPECT_EQ(tableRows(dir.path()), (std::vector<std::string>{"1|a", "2|null", "3|c"}));

  WriteRequest overwrite;
  overwrite.mode = WriteMode::kOverwrite;
  auto v2 = writeToTable(dir.path(), ddl("id BIGINT, name STRING"),
                         rows("id BIGINT, name STRING", {{Value::integer(9), Value::string("z")}}), overwrite);
  ASSERT_TRUE(v2.ok());
  EXPECT_EQ(tableRows(dir.path()), (std::vector<std::string>{"9|z"}));
  EXPECT_EQ(tableRows(dir.path(), 1), (std::vector<std::string>{"1|a", "2|null", "3|c"}));
  auto commit = DeltaLog(dir.path()).readCommit(2).value();
  EXPECT_EQ(commit.removes.size(), 2u);
  EXPECT_EQ(commit.adds.size(), 1u);
  EXPECT_FALSE(commit.protocol.has_value());
  EXPECT_EQ(commit.commitInfo.find("isBlindAppend")->asBool(), false);
}

TEST(DeltaTableWrite, TxnSkipsABatchAlreadyCommitted) {
  TempDir dir;
  auto write = [&](int64_t batchId, int64_t value) {
    WriteRequest r;
    r.txn = TxnAction{"query-a", batchId, std::nullopt};
    return writeToTable(dir.path(), ddl("v BIGINT"), rows("v BIGINT", {{Value::integer(value)}}), r);
  };
  ASSERT_FALSE(write(0, 10).value().skipped);
  ASSERT_FALSE(write(1, 11).value().skipped);
  auto replay = write(1, 11);
  ASSERT_TRUE(replay.ok());
  EXPECT_TRUE(replay->skipped);
  EXPECT_EQ(replay->version, 1);
  EXPECT_TRUE(write(0, 10).value().skipped);
  EXPECT_FALSE(write(2, 12).value().skipped);
  EXPECT_EQ(tableRows(dir.path()), (std::vector<std::string>{"10", "11", "12"}));
  EXPECT_EQ(DeltaLog(dir.path()).snapshot().value().txnVersions.at("query-a"), 2);
}

TEST(DeltaTableWrite, ASnapshotCacheFollowsOtherWriters) {
  TempDir dir;
  std::optional<Snapshot> cache;
  WriteRequest cached;
  cached.snapshotCache = &cache;
  auto schema = ddl("v BIGINT");
  ASSERT_TRUE(writeToTable(dir.path(), schema, rows("v BIGINT", {{Value::integer(1)}}), cached).ok());
  ASSERT_TRUE(cache.has_value());
  EXPECT_EQ(cache->version, 0);
  // Another writer commits in between; the cached writer's overwrite must remove its file too.
  ASSERT_TRUE(writeToTable(dir.path(), schema, rows("v BIGINT", {{Value::integer(2)}}), WriteRequest{}).ok());
  cached.mode = WriteMode::kOverwrite;
  ASSERT_TRUE(writeToTable(dir.path(), schema, rows("v BIGINT", {{Value::integer(3)}}), cached).ok());
  EXPECT_EQ(tableRows(dir.path()), (std::vector<std::string>{"3"}));
  EXPECT_EQ(cache->version, 2);
  EXPECT_EQ(cache->files.size(), 1u);
  EXPECT_EQ(DeltaLog(dir.path()).readCommit(2).value().removes.size(), 2u);
}

TEST(DeltaTableWrite, ConcurrentAppendsAllLandEachInItsOwnVersion) {
  TempDir dir;
  ASSERT_TRUE(writeToTable(dir.path(), ddl("v BIGINT"), {}, WriteRequest{}).ok());
  constexpr int kWriters = 4;
  constexpr int kWrites = 10;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < kWrites; ++i) {
        WriteRequest r;
        r.durable = false;
        auto out = writeToTable(dir.path(), ddl("v BIGINT"), rows("v BIGINT", {{Value::integer(w * 100 + i)}}), r);
        if (!out.ok()) ++failures;
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(DeltaLog(dir.path()).latestVersion().value(), kWriters * kWrites);
  auto got = tableRows(dir.path());
  std::sort(got.begin(), got.end());
  std::vector<std::string> expected;
  for (int w = 0; w < kWriters; ++w) {
    for (int i = 0; i < kWrites; ++i) expected.push_back(std::to_string(w * 100 + i));
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(got, expected);
}

// Overwrites racing each other: each either commits or fails with ConcurrentModification
// (it would otherwise remove files it never saw), and the table always ends with the one
// file of the last overwrite that committed.
TEST(DeltaTableWrite, RacingOverwritesCommitOrFailCleanly) {
  TempDir dir;
  ASSERT_TRUE(writeToTable(dir.path(), ddl("v BIGINT"), {}, WriteRequest{}).ok());
  std::vector<std::thread> writers;
  std::atomic<int> committed{0};
  std::atomic<int> otherErrors{0};
  for (int w = 0; w < 4; ++w) {
    writers.emplace_back([&, w] {
      for (int i = 0; i < 10; ++i) {
        WriteRequest r;
        r.mode = WriteMode::kOverwrite;
        r.durable = false;
        auto out = writeToTable(dir.path(), ddl("v BIGINT"), rows("v BIGINT", {{Value::integer(w)}}), r);
        if (out.ok()) {
          ++committed;
        } else if (!out.status().message().starts_with("ConcurrentModificationException")) {
          ++otherErrors;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_EQ(otherErrors.load(), 0);
  EXPECT_EQ(DeltaLog(dir.path()).latestVersion().value(), committed.load());
  EXPECT_EQ(DeltaLog(dir.path()).snapshot().value().files.size(), 1u);
  EXPECT_EQ(tableRows(dir.path()).size(), 1u);
}

TEST(DeltaTableWrite, SchemaMismatchIsAnErrorUnlessOverwriteSchema) {
  TempDir dir;
  ASSERT_TRUE(writeToTable(dir.path(), ddl("a INT"), rows("a INT", {{Value::integer(1)}}), WriteRequest{}).ok());
  auto bad = writeToTable(dir.path(), ddl("a STRING"), rows("a STRING", {{Value::string("x")}}), WriteRequest{});
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("schema mismatch"), std::string::npos) << bad.status().message();
  EXPECT_NE(bad.status().message().find("overwriteSchema"), std::string::npos);
  WriteRequest replace;
  replace.mode = WriteMode::kOverwrite;
  replace.options.set("overwriteSchema", "true");
  ASSERT_TRUE(writeToTable(dir.path(), ddl("a STRING"), rows("a STRING", {{Value::string("x")}}), replace).ok());
  EXPECT_EQ(tableRows(dir.path()), (std::vector<std::string>{"x"}));
  auto interval = writeToTable(dir.path(), ddl("a STRING, i INTERVAL DAY TO SECOND"), {}, WriteRequest{});
  ASSERT_FALSE(interval.ok());
  EXPECT_NE(interval.status().message().find("column 'i'"), std::string::npos) << interval.status().message();
}

TEST(DeltaTableWrite, EmptyWriteCommitsWithoutFiles) {
  TempDir dir;
  auto v0 = writeToTable(dir.path(), ddl("a INT"), {}, WriteRequest{});
  ASSERT_TRUE(v0.ok());
  EXPECT_EQ(v0->filesAdded, 0);
  EXPECT_TRUE(tableRows(dir.path()).empty());
  EXPECT_EQ(DeltaLog(dir.path()).snapshot().value().schema.ddl(), "a INT");
}

TEST(DeltaTableRead, FilePathsAreUrisRelativeToTheTable) {
  DeltaLog log("/data/t");
  AddAction a;
  a.path = "part%20one.parquet";
  EXPECT_EQ(dataFilePath(log, a).value(), "/data/t/part one.parquet");
  a.path = "file:///elsewhere/x.parquet";
  EXPECT_EQ(dataFilePath(log, a).value(), "/elsewhere/x.parquet");
  a.path = "bad%zz";
  EXPECT_FALSE(dataFilePath(log, a).ok());
}

TEST(DeltaTableRead, PartitionValuesBecomeColumns) {
  TempDir dir;
  DeltaLog log(dir.path());
  Commit c;
  c.protocol = defaultProtocol();
  MetadataAction m;
  m.id = "x";
  m.schemaString = schemaToString(Schema::fromDDL("day DATE, v BIGINT, region STRING, n INT").value());
  m.partitionColumns = {"day", "region", "n"};
  c.metadata = m;
  // The data files hold v only, as Delta writers leave partition columns out of them.
  for (const auto& [name, day, region] : {std::tuple{"a.parquet", "2024-01-02", "eu"}, {"b.parquet", "", "us"}}) {
    auto bytes = parquet::writeParquetFile(rows("v BIGINT", {{Value::integer(1)}, {Value::integer(2)}}),
                                           *ddl("v BIGINT"), parquet::WriteOptions{});
    std::ofstream(dir.file(name), std::ios::binary) << bytes.value();
    AddAction a;
    a.path = name;
    a.partitionValues = {{"day", std::string(day)}, {"region", std::string(region)}, {"n", std::nullopt}};
    c.adds.push_back(a);
  }
  ASSERT_TRUE(log.write(0, c).ok());
  EXPECT_EQ(tableRows(dir.path()), (std::vector<std::string>{"2024-01-02|1|eu|null", "2024-01-02|2|eu|null",
                                                             "null|1|us|null", "null|2|us|null"}));
  EXPECT_EQ(partitionValue(std::string("x1"), *DataType::int_(), "n").status().message(),
            "Delta partition column 'n': 'x1' is not a int value");
  auto binary = DataFileReader::make(log, Schema::fromDDL("b BINARY").value(), {"b"}, Options());
  ASSERT_FALSE(binary.ok());
  EXPECT_NE(binary.status().message().find("partition column 'b'"), std::string::npos);
}

TEST(DeltaStats, CountsRowsNullsAndRanges) {
  auto batches = rows("i INT, d DOUBLE, s STRING, day DATE", {
      {Value::integer(5), Value::fractional(1.5), Value::string("b"), Value::integer(0)},
      {Value::integer(-2), Value(), Value::string("a"), Value::integer(19000)},
      {Value(), Value::fractional(-0.5), Value(), Value()}});
  auto stats = Json::parse(fileStatsJson(*ddl("i INT, d DOUBLE, s STRING, day DATE"), batches)).value();
  EXPECT_EQ(stats.find("numRecords")->asInt(), 3);
  EXPECT_EQ(stats.find("minValues")->dump(), R"({"i":-2,"d":-0.5,"day":"1970-01-01"})");
  EXPECT_EQ(stats.find("maxValues")->dump(), R"({"i":5,"d":1.5,"day":"2022-01-08"})");
  EXPECT_EQ(stats.find("nullCount")->dump(), R"({"i":1,"d":1,"s":1,"day":1})");
  auto nan = rows("d DOUBLE", {{Value::fractional(std::nan(""))}, {Value::fractional(1)}});
  auto nanStats = Json::parse(fileStatsJson(*ddl("d DOUBLE"), nan)).value();
  EXPECT_EQ(nanStats.find("minValues")->dump(), "{}");
}

}  // namespace
}  // namespace spate::delta
