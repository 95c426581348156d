#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "spate/common/file_util.h"
#include "spate/io/delta_log.h"
#include "spate/io/delta_schema.h"
#include "tests/io/io_test_util.h"

namespace spate::delta {
namespace {

using testing::TempDir;

MetadataAction metadata(const std::string& ddl) {
  MetadataAction m;
  m.id = "00000000-0000-0000-0000-000000000001";
  m.schemaString = schemaToString(Schema::fromDDL(ddl).value());
  m.createdTime = 1700000000000;
  return m;
}

AddAction add(const std::string& path, int64_t size = 10) {
  AddAction a;
  a.path = path;
  a.size = size;
  a.modificationTime = 1700000000000;
  return a;
}

Commit createCommit(const std::string& ddl) {
  Commit c;
  c.protocol = defaultProtocol();
  c.metadata = metadata(ddl);
  Json info = Json::object();
  info.set("timestamp", int64_t{1700000000000});
  info.set("operation", "WRITE");
  c.commitInfo = info;
  return c;
}

std::vector<std::string> pathsOf(const Snapshot& s) {
  std::vector<std::string> out;
  for (const auto& f : s.files) out.push_back(f.path);
  return out;
}

TEST(DeltaSchema, RoundTripsSparkJsonForm) {
  Schema s = Schema::fromDDL("id BIGINT NOT NULL, name STRING, price DECIMAL(10,2), day DATE, ts TIMESTAMP, "
                             "tags ARRAY<STRING>, attrs MAP<STRING, INT>, pos STRUCT<x: DOUBLE, y: FLOAT>")
                 .value();
  std::string text = schemaToString(s);
  EXPECT_NE(text.find(R"({"name":"id","type":"long","nullable":false,"metadata":{}})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"x("type":"decimal(10,2)")x"), std::string::npos) << text;
  EXPECT_NE(text.find(R"({"type":"array","elementType":"string","containsNull":true})"), std::string::npos) << text;
  auto back = schemaFromString(text);
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_TRUE(back->equals(s)) << back->ddl();
}

TEST(DeltaSchema, ReadsTimestampNtzAndNamesUnsupportedTypes) {
  auto ntz = schemaFromString(
      R"({"type":"struct","fields":[{"name":"t","type":"timestamp_ntz","nullable":true,"metadata":{}}]})");
  ASSERT_TRUE(ntz.ok());
  EXPECT_EQ(ntz->ddl(), "t TIMESTAMP");
  auto bad = schemaFromString(
      R"({"type":"struct","fields":[{"name":"v","type":"variant","nullable":true,"metadata":{}}]})");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("field 'v' has type 'variant'"), std::string::npos);
  EXPECT_FALSE(schemaFromString("{not json").ok());
}

TEST(DeltaLogFormat, CommitSerializesOneActionPerLineAndParsesBack) {
  Commit c = createCommit("a INT");
  c.txns.push_back(TxnAction{"query-1", 4, 1700000000001});
  c.removes.push_back(RemoveAction{"old.parquet", 1700000000002, true, 99});
  AddAction a = add("part-00000-x.parquet", 123);
  a.stats = R"({"numRecords":3})";
  a.partitionValues["p"] = std::nullopt;
  c.adds.push_back(a);
  std::string text = serializeCommit(c);
  std::vector<std::string> kinds;
  for (size_t at = 0; at < text.size();) {
    size_t nl = text.find('\n', at);
    auto line = Json::parse(std::string_view(text).substr(at, nl - at)).value();
    kinds.push_back(line.members().front().first);
    at = nl + 1;
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"commitInfo", "protocol", "metaData", "txn", "remove", "add"}));
  EXPECT_NE(text.find(R"("protocol":{"minReaderVersion":1,"minWriterVersion":2})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("format":{"provider":"parquet","options":{}})"), std::string::npos) << text;
  EXPECT_NE(text.find(R"("partitionValues":{"p":null})"), std::string::npos) << text;

  auto back = parseCommit(text, "00000000000000000000.json");
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_TRUE(back->protocol && back->metadata);
  EXPECT_EQ(back->metadata->schemaString, c.metadata->schemaString);
  ASSERT_EQ(back->adds.size(), 1u);
  EXPECT_EQ(back->adds[0].size, 123);
  EXPECT_EQ(back->adds[0].stats, a.stats);
  EXPECT_FALSE(back->adds[0].partitionValues.at("p").has_value());
  ASSERT_EQ(back->txns.size(), 1u);
  EXPECT_EQ(back->txns[0].appId, "query-1");
  EXPECT_EQ(back->txns[0].version, 4);
  ASSERT_EQ(back->removes.size(), 1u);
  EXPECT_EQ(back->removes[0].size, 99);
  EXPECT_EQ(back->commitInfo.find("operation")->asString(), "WRITE");
}

TEST(DeltaLogFormat, SkipsUnknownActionsAndNamesTheLineOfBadJson) {
  auto ok = parseCommit(R"({"cdc":{"path":"x"}})"
                        "\n"
                        R"({"domainMetadata":{"domain":"d"}})",
                        "v.json");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_TRUE(ok->adds.empty());
  auto bad = parseCommit("{\"add\":{\"path\":\"a\",\"size\":1}}\n{oops", "/t/_delta_log/00000000000000000003.json");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("00000000000000000003.json line 2"), std::string::npos)
      << bad.status().message();
  auto missing = parseCommit(R"({"add":{"size":1}})", "v.json");
  ASSERT_FALSE(missing.ok());
  EXPECT_NE(missing.status().message().find("path"), std::string::npos) << missing.status().message();
}

TEST(DeltaLogReplay, LaterActionsWinPerPathAndTxnPerApp) {
  TempDir dir;
  DeltaLog log(dir.path());
  EXPECT_FALSE(log.exists());
  Commit v0 = createCommit("a INT");
  v0.adds = {add("f1"), add("f2")};
  v0.txns = {TxnAction{"q1", 0, std::nullopt}};
  ASSERT_TRUE(log.write(0, v0).ok());
  Commit v1;
  v1.removes = {RemoveAction{"f1", 1, true, std::nullopt}};
  v1.adds = {add("f3")};
  v1.txns = {TxnAction{"q1", 1, std::nullopt}, TxnAction{"q2", 7, std::nullopt}};
  ASSERT_TRUE(log.write(1, v1).ok());
  Commit v2;
  v2.adds = {add("f1", 55)};  // re-added after its remove
  v2.metadata = metadata("a INT, b STRING");
  ASSERT_TRUE(log.write(2, v2).ok());

  EXPECT_TRUE(log.exists());
  EXPECT_EQ(log.latestVersion().value(), 2);
  auto latest = log.snapshot();
  ASSERT_TRUE(latest.ok()) << latest.status().message();
  EXPECT_EQ(latest->version, 2);
  EXPECT_EQ(pathsOf(*latest), (std::vector<std::string>{"f2", "f3", "f1"}));
  EXPECT_EQ(latest->files.back().size, 55);
  EXPECT_EQ(latest->schema.ddl(), "a INT, b STRING");
  EXPECT_EQ(latest->txnVersions.at("q1"), 1);
  EXPECT_EQ(latest->txnVersions.at("q2"), 7);

  auto v0Snapshot = log.snapshot(0);
  ASSERT_TRUE(v0Snapshot.ok());
  EXPECT_EQ(pathsOf(*v0Snapshot), (std::vector<std::string>{"f1", "f2"}));
  EXPECT_EQ(v0Snapshot->schema.ddl(), "a INT");
  EXPECT_EQ(v0Snapshot->txnVersions.at("q1"), 0);
  EXPECT_EQ(v0Snapshot->timestamp, 1700000000000);

  // Brought up to date from an older snapshot, reading only the later commits.
  auto updated = log.snapshotAfter(*v0Snapshot);
  ASSERT_TRUE(updated.ok()) << updated.status().message();
  EXPECT_EQ(pathsOf(*updated), pathsOf(*latest));
  EXPECT_EQ(updated->txnVersions, latest->txnVersions);
  EXPECT_EQ(updated->schema.ddl(), "a INT, b STRING");
  EXPECT_EQ(updated->version, 2);
  EXPECT_EQ(pathsOf(log.snapshotAfter(*v0Snapshot, 1).value()), (std::vector<std::string>{"f2", "f3"}));
  EXPECT_FALSE(log.snapshotAfter(*latest, 1).ok());

  auto tooFar = log.snapshot(3);
  ASSERT_FALSE(tooFar.ok());
  EXPECT_NE(tooFar.status().message().find("available versions are [0, 2]"), std::string::npos);
}

TEST(DeltaLogReplay, TimestampsPickTheLastCommitAtOrBefore) {
  TempDir dir;
  DeltaLog log(dir.path());
  for (int64_t v = 0; v < 3; ++v) {
    Commit c = v == 0 ? createCommit("a INT") : Commit{};
    Json info = Json::object();
    info.set("timestamp", 1000 * (v + 1));
    c.commitInfo = info;
    ASSERT_TRUE(log.write(v, c).ok());
  }
  EXPECT_EQ(log.versionAtOrBefore(1000).value(), 0);
  EXPECT_EQ(log.versionAtOrBefore(2999).value(), 1);
  EXPECT_EQ(log.versionAtOrBefore(99999).value(), 2);
  EXPECT_FALSE(log.versionAtOrBefore(999).ok());
}

TEST(DeltaLogReplay, ErrorsNameWhatIsMissing) {
  TempDir dir;
  DeltaLog log(dir.path());
  auto none = log.snapshot();
  ASSERT_FALSE(none.ok());
  EXPECT_NE(none.status().message().find("is not a Delta table"), std::string::npos);

  Commit noProtocol;
  noProtocol.metadata = metadata("a INT");
  ASSERT_TRUE(log.write(0, noProtocol).ok());
  auto s = log.snapshot();
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("no protocol action"), std::string::npos) << s.status().message();

  TempDir cleaned;
  DeltaLog later(cleaned.path());
  ASSERT_TRUE(later.write(5, createCommit("a INT")).ok());
  auto gone = later.snapshot();
  ASSERT_FALSE(gone.ok());
  EXPECT_NE(gone.status().message().find("before version 5 were cleaned up"), std::string::npos);
}

TEST(DeltaLogReplay, RefusesFeaturesItCannotRead) {
  ProtocolAction v3{3, 7, {"deletionVectors"}, {"deletionVectors"}};
  auto st = checkReadable(v3, metadata("a INT"));
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'deletionVectors'"), std::string::npos);
  EXPECT_TRUE(checkReadable(ProtocolAction{3, 7, {"timestampNtz"}, {"timestampNtz"}}, metadata("a INT")).ok());
  EXPECT_FALSE(checkReadable(ProtocolAction{4, 7, {}, {}}, metadata("a INT")).ok());
  MetadataAction mapped = metadata("a INT");
  mapped.configuration["delta.columnMapping.mode"] = "name";
  EXPECT_FALSE(checkReadable(ProtocolAction{2, 5, {}, {}}, mapped).ok());
}

TEST(DeltaLogCommit, SecondWriterOfAVersionGetsConcurrentModification) {
  TempDir dir;
  DeltaLog log(dir.path());
  ASSERT_TRUE(log.write(0, createCommit("a INT")).ok());
  Commit other;
  other.adds = {add("mine")};
  auto st = log.write(0, other);
  ASSERT_FALSE(st.ok());
  EXPECT_TRUE(st.message().starts_with("ConcurrentModification")) << st.message();
  // The winner's commit is untouched.
  EXPECT_TRUE(log.readCommit(0).value().adds.empty());
  EXPECT_FALSE(log.tryWrite(0, other).value());
}

TEST(DeltaLogCommit, RacingWritersCreateEachVersionOnce) {
  TempDir dir;
  DeltaLog log(dir.path());
  ASSERT_TRUE(log.write(0, createCommit("a INT")).ok());
  constexpr int kThreads = 8;
  std::atomic<int> winners{0};
  std::atomic<int> losers{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      Commit c;
      c.adds = {add("file-" + std::to_string(t))};
      auto created = log.tryWrite(1, c, /*durable=*/false);
      if (created.ok() && *created) ++winners;
      if (created.ok() && !*created) ++losers;
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(winners.load(), 1);
  EXPECT_EQ(losers.load(), kThreads - 1);
  EXPECT_EQ(log.snapshot().value().files.size(), 1u);
  // No temp file is left behind in the log.
  auto names = listDirectory(log.logDir()).value();
  EXPECT_EQ(names.size(), 2u);
}

}  // namespace
}  // namespace spate::delta
