#include "spate/connectors/stream_sinks.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include "spate/io/sink_manifest.h"
#include "tests/io/io_test_util.h"

namespace spate::connectors {
namespace {

namespace fs = std::filesystem;
using spate::testing::ddl;
using spate::testing::readText;
using spate::testing::TempDir;

// Captures what a console sink prints.
class CapturedOutput {
 public:
  CapturedOutput() : file_(::open_memstream(&buf_, &len_)) {}
  ~CapturedOutput() {
    std::fclose(file_);
    std::free(buf_);
  }
  FILE* file() const { return file_; }
  std::string text() {
    std::fflush(file_);
    return std::string(buf_, len_);
  }

 private:
  char* buf_ = nullptr;
  size_t len_ = 0;
  FILE* file_;
};

BatchPtr wordCounts(const std::vector<std::pair<std::string, int64_t>>& rows) {
  std::vector<std::vector<Value>> values;
  for (const auto& [w, c] : rows) values.push_back({Value::string(w), Value::integer(c)});
  return batchFromRows(ddl("word STRING, count BIGINT"), values);
}

std::unique_ptr<streaming::Sink> consoleSink(const Options& options, FILE* out) {
  auto sink = makeConsoleSink(options, out);
  EXPECT_TRUE(sink.ok()) << sink.status().message();
  return std::move(*sink);
}

const char* kBanner0 =
    "-------------------------------------------\n"
    "Batch: 0\n"
    "-------------------------------------------\n";

TEST(StreamSinkConsole, PrintsBatchAsSpark) {
  CapturedOutput out;
  auto sink = consoleSink({}, out.file());
  auto batch = wordCounts({{"spark", 2}, {"spate", 10}});
  ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kComplete).ok());
  ASSERT_TRUE(sink->addBatch(1, batch->schema(), {wordCounts({{"a", 1}})}, OutputMode::kUpdate).ok());
  EXPECT_EQ(out.text(), std::string(kBanner0) +
                            "+-----+-----+\n"
                            "| word|count|\n"
                            "+-----+-----+\n"
                            "|spark|    2|\n"
                            "|spate|   10|\n"
                            "+-----+-----+\n"
                            "\n"
                            "-------------------------------------------\n"
                            "Batch: 1\n"
                            "-------------------------------------------\n"
                            "+----+-----+\n"
                            "|word|count|\n"
                            "+----+-----+\n"
                            "|   a|    1|\n"
                            "+----+-----+\n"
                            "\n");
  EXPECT_EQ(sink->describe(), "ConsoleSink[numRows=20, truncate=true]");
  EXPECT_FALSE(sink->idempotent());
}

TEST(StreamSinkConsole, EmptyBatchPrintsHeaderOnly) {
  CapturedOutput out;
  auto sink = consoleSink({}, out.file());
  auto schema = ddl("word STRING, count BIGINT");
  ASSERT_TRUE(sink->addBatch(0, schema, {}, OutputMode::kAppend).ok());
  EXPECT_EQ(out.text(), std::string(kBanner0) +
                            "+----+-----+\n"
                            "|word|count|\n"
                            "+----+-----+\n"
                            "+----+-----+\n"
                            "\n");
}

TEST(StreamSinkConsole, NumRowsAcrossBatches) {
  CapturedOutput out;
  auto sink = consoleSink({{"numRows", "2"}}, out.file());
  auto a = wordCounts({{"a", 1}});
  auto b = wordCounts({{"b", 2}, {"c", 3}});
  ASSERT_TRUE(sink->addBatch(0, a->schema(), {a, b}, OutputMode::kAppend).ok());
  EXPECT_EQ(out.text(), std::string(kBanner0) +
                            "+----+-----+\n"
                            "|word|count|\n"
                            "+----+-----+\n"
                            "|   a|    1|\n"
                            "|   b|    2|\n"
                            "+----+-----+\n"
                            "only showing top 2 rows\n"
                            "\n");
}

TEST(StreamSinkConsole, Truncate) {
  const std::string longWord = "abcdefghijklmnopqrstuvwxyz";
  auto batch = wordCounts({{longWord, 1}});
  {
    CapturedOutput out;
    auto sink = consoleSink({}, out.file());
    ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kAppend).ok());
    EXPECT_EQ(out.text(), std::string(kBanner0) +
                              "+--------------------+-----+\n"
                              "|                word|count|\n"
                              "+--------------------+-----+\n"
                              "|abcdefghijklmnopq...|    1|\n"
                              "+--------------------+-----+\n"
                              "\n");
  }
  {
    CapturedOutput out;
    auto sink = consoleSink({{"truncate", "false"}}, out.file());
    ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kAppend).ok());
    EXPECT_EQ(out.text(), std::string(kBanner0) +
                              "+--------------------------+-----+\n"
                              "|word                      |count|\n"
                              "+--------------------------+-----+\n"
                              "|abcdefghijklmnopqrstuvwxyz|1    |\n"
                              "+--------------------------+-----+\n"
                              "\n");
  }
}

TEST(StreamSinkConsole, BadOptionsNamed) {
  auto rows = makeConsoleSink({{"numRows", "many"}}, stdout);
  ASSERT_FALSE(rows.ok());
  EXPECT_NE(rows.status().message().find("numRows"), std::string::npos) << rows.status().message();
  auto truncate = makeConsoleSink({{"truncate", "maybe"}}, stdout);
  ASSERT_FALSE(truncate.ok());
  EXPECT_NE(truncate.status().message().find("truncate"), std::string::npos) << truncate.status().message();
}

// ---- file sink ------------------------------------------------------------------------

std::unique_ptr<streaming::Sink> fileSink(const std::string& format, Options options) {
  auto sink = makeFileSink(format, options);
  EXPECT_TRUE(sink.ok()) << sink.status().message();
  return sink.ok() ? std::move(*sink) : nullptr;
}

std::vector<std::string> dataFiles(const std::string& dir) {
  auto files = listDataFiles(dir);
  EXPECT_TRUE(files.ok()) << files.status().message();
  return files.ok() ? *files : std::vector<std::string>{};
}

std::string allText(const std::vector<std::string>& files) {
  std::string out;
  for (const auto& f : files) out += readText(f);
  return out;
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  size_t pos = 0;
  while (pos <= text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    out.push_back(text.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

TEST(StreamSinkFile, WritesBatchesAndManifest) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}, {"header", "true"}});
  EXPECT_EQ(sink->describe(), "FileSink[" + out + "]");
  EXPECT_TRUE(sink->idempotent());
  auto b0 = wordCounts({{"a", 1}, {"b", 2}});
  auto b1 = wordCounts({{"c", 3}});
  ASSERT_TRUE(sink->addBatch(0, b0->schema(), {b0}, OutputMode::kAppend).ok());
  ASSERT_TRUE(sink->addBatch(1, b1->schema(), {b1}, OutputMode::kAppend).ok());

  auto files = dataFiles(out);
  ASSERT_EQ(files.size(), 2u);
  for (const auto& f : files) {
    std::string name = fs::path(f).filename().string();
    EXPECT_TRUE(name.starts_with("part-00000-") && name.ends_with(".csv")) << name;
  }
  std::string text = allText(files);
  EXPECT_NE(text.find("word,count\na,1\nb,2\n"), std::string::npos) << text;
  EXPECT_NE(text.find("word,count\nc,3\n"), std::string::npos) << text;
  EXPECT_FALSE(fs::exists(out + "/_spate_staging"));

  // Entry 0: the version line, then Spark's SinkFileStatus JSON per file, no final newline.
  auto entry = lines(readText(out + "/_spate_metadata/0"));
  ASSERT_EQ(entry.size(), 2u);
  EXPECT_EQ(entry[0], "v1");
  SinkManifest manifest(out);
  auto recorded = manifest.allFiles();
  ASSERT_TRUE(recorded.ok()) << recorded.status().message();
  ASSERT_EQ(recorded->size(), 2u);
  const SinkFileStatus& first = recorded->front();
  int64_t size = static_cast<int64_t>(fs::file_size(first.path));
  std::string expected = "{\"path\":\"file://" + first.path + "\",\"size\":" + std::to_string(size) +
                         ",\"isDir\":false,\"modificationTime\":" + std::to_string(first.modificationTime) +
                         ",\"blockReplication\":1,\"blockSize\":1,\"action\":\"add\"}";
  EXPECT_EQ(entry[1], expected);
  EXPECT_GT(first.modificationTime, 1'600'000'000'000);
  EXPECT_EQ(*manifest.latestBatchId(), 1);
}

TEST(StreamSinkFile, ReplayedBatchIsSkipped) {
  TempDir dir;
  std::string out = dir.file("out");
  auto b0 = wordCounts({{"a", 1}});
  {
    auto sink = fileSink("json", {{"path", out}});
    ASSERT_TRUE(sink->addBatch(0, b0->schema(), {b0}, OutputMode::kAppend).ok());
    ASSERT_TRUE(sink->addBatch(0, b0->schema(), {wordCounts({{"x", 9}})}, OutputMode::kAppend).ok());
  }
  // A restarted query re-runs its last batch against a new sink instance.
  auto restarted = fileSink("json", {{"path", out}});
  ASSERT_TRUE(restarted->addBatch(0, b0->schema(), {wordCounts({{"y", 8}})}, OutputMode::kAppend).ok());
  auto files = dataFiles(out);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(readText(files[0]), "{\"word\":\"a\",\"count\":1}\n");
  ASSERT_TRUE(restarted->addBatch(1, b0->schema(), {wordCounts({{"z", 7}})}, OutputMode::kAppend).ok());
  EXPECT_EQ(dataFiles(out).size(), 2u);
}

TEST(StreamSinkFile, UncommittedFilesAreInvisible) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}});
  auto b0 = wordCounts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, b0->schema(), {b0}, OutputMode::kAppend).ok());
  // What a crash between writing batch 1's files and its manifest entry leaves.
  dir.write("out/part-00000-0000dead-beef.csv", "stray,1\n");
  dir.write("out/_spate_staging/1/part-00000-1111.csv", "staged,1\n");
  auto files = dataFiles(out);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(readText(files[0]), "a,1\n");
  // The re-run of batch 1 replaces its staged leftovers.
  auto b1 = wordCounts({{"b", 2}});
  ASSERT_TRUE(sink->addBatch(1, b1->schema(), {b1}, OutputMode::kAppend).ok());
  files = dataFiles(out);
  ASSERT_EQ(files.size(), 2u);
  std::string text = allText(files);
  EXPECT_EQ(text.find("stray"), std::string::npos);
  EXPECT_EQ(text.find("staged"), std::string::npos);
  EXPECT_FALSE(fs::exists(out + "/_spate_staging"));
}

TEST(StreamSinkFile, EmptyBatchCommitsNoFiles) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}});
  auto schema = ddl("word STRING, count BIGINT");
  ASSERT_TRUE(sink->addBatch(0, schema, {}, OutputMode::kAppend).ok());
  ASSERT_TRUE(sink->addBatch(1, schema, {wordCounts({})}, OutputMode::kAppend).ok());
  EXPECT_EQ(readText(out + "/_spate_metadata/0"), "v1");
  EXPECT_EQ(readText(out + "/_spate_metadata/1"), "v1");
  EXPECT_TRUE(dataFiles(out).empty());
}

TEST(StreamSinkFile, MaxRecordsPerFile) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}, {"maxRecordsPerFile", "2"}});
  auto a = wordCounts({{"a", 1}, {"b", 2}, {"c", 3}});
  auto b = wordCounts({{"d", 4}, {"e", 5}});
  ASSERT_TRUE(sink->addBatch(0, a->schema(), {a, b}, OutputMode::kAppend).ok());
  auto files = dataFiles(out);
  ASSERT_EQ(files.size(), 3u);
  std::vector<std::string> contents;
  for (const auto& f : files) contents.push_back(readText(f));
  std::sort(contents.begin(), contents.end());
  EXPECT_EQ(contents, (std::vector<std::string>{"a,1\nb,2\n", "c,3\nd,4\n", "e,5\n"}));
}

TEST(StreamSinkFile, PartitionByWritesFoldersRecordedInTheManifest) {
  TempDir dir;
  std::string out = dir.file("out");
  auto schema = ddl("word STRING, count BIGINT");
  auto made = makeFileSink("csv", {{"path", out}}, {"word"}, schema);
  ASSERT_TRUE(made.ok()) << made.status().message();
  auto sink = std::move(*made);
  auto b0 = wordCounts({{"a", 1}, {"b", 2}, {"a", 3}});
  ASSERT_TRUE(sink->addBatch(0, schema, {b0}, OutputMode::kAppend).ok());
  // A crash before batch 1's entry: its files in the partition folders stay invisible.
  dir.write("out/word=a/part-00000-0000dead-beef.csv", "99\n");
  auto files = dataFiles(out);
  ASSERT_EQ(files.size(), 2u);
  EXPECT_NE(files[0].find("/out/word=a/part-00000-"), std::string::npos) << files[0];
  EXPECT_EQ(readText(files[0]), "1\n3\n");
  EXPECT_NE(files[1].find("/out/word=b/"), std::string::npos) << files[1];
  EXPECT_EQ(dataFiles(out + "/word=a"), std::vector<std::string>{files[0]});
  EXPECT_NE(readText(out + "/_spate_metadata/0").find("/out/word=a/part-00000-"), std::string::npos);
  // A replayed batch adds nothing; the output, moved elsewhere, still lists its files.
  ASSERT_TRUE(sink->addBatch(0, schema, {b0}, OutputMode::kAppend).ok());
  fs::rename(out, dir.file("moved"));
  auto moved = dataFiles(dir.file("moved"));
  ASSERT_EQ(moved.size(), 2u);
  EXPECT_NE(moved[0].find("/moved/word=a/"), std::string::npos) << moved[0];
}

TEST(StreamSinkFile, PartitionByUnknownColumnFailsAtStart) {
  TempDir dir;
  auto made = makeFileSink("json", {{"path", dir.file("out")}}, {"nope"}, ddl("word STRING, count BIGINT"));
  ASSERT_FALSE(made.ok());
  EXPECT_EQ(made.status().message(), "Partition column `nope` not found in schema struct<word:string,count:bigint>");
}

TEST(StreamSinkFile, OnlyAppendMode) {
  TempDir dir;
  auto sink = fileSink("csv", {{"path", dir.file("out")}});
  auto batch = wordCounts({{"a", 1}});
  Status update = sink->addBatch(0, batch->schema(), {batch}, OutputMode::kUpdate);
  EXPECT_EQ(update.message(), "Data source csv does not support Update output mode");
  Status complete = sink->addBatch(0, batch->schema(), {batch}, OutputMode::kComplete);
  EXPECT_EQ(complete.message(), "Data source csv does not support Complete output mode");
  EXPECT_EQ(complete.code(), StatusCode::kAnalysisError);
  EXPECT_FALSE(fs::exists(dir.file("out/_spate_metadata")));
  EXPECT_EQ(checkSinkOutputMode("JSON", OutputMode::kUpdate).message(),
            "Data source JSON does not support Update output mode");
  EXPECT_TRUE(checkSinkOutputMode("json", OutputMode::kAppend).ok());
  EXPECT_TRUE(checkSinkOutputMode("console", OutputMode::kComplete).ok());
}

TEST(StreamSinkFile, PathRequired) {
  auto sink = makeFileSink("csv", {{"header", "true"}});
  ASSERT_FALSE(sink.ok());
  EXPECT_EQ(sink.status().message(), "'path' is not specified");
}

TEST(StreamSinkFactory, DispatchesOnFormat) {
  TempDir dir;
  auto make = [&](const std::string& format, Options options = {}) {
    return makeStreamSink(StreamSinkRequest{format, std::move(options), "q"});
  };
  auto console = make("Console");
  ASSERT_TRUE(console.ok());
  EXPECT_EQ((*console)->describe(), "ConsoleSink[numRows=20, truncate=true]");
  auto csv = make("CSV", {{"path", dir.file("out")}});
  ASSERT_TRUE(csv.ok()) << csv.status().message();
  EXPECT_EQ((*csv)->describe(), "FileSink[" + dir.file("out") + "]");
  auto text = make("text", {{"path", dir.file("t")}});
  ASSERT_TRUE(text.ok());
  auto noop = make("noop");
  ASSERT_TRUE(noop.ok());
  auto parquet = make("parquet", {{"path", dir.file("p")}});
  ASSERT_TRUE(parquet.ok()) << parquet.status().message();
  EXPECT_EQ((*parquet)->describe(), "FileSink[" + dir.file("p") + "]");
  auto unknown = make("kafka2");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().message(), "Data source kafka2 does not support streamed writing");
  auto noPath = make("json");
  ASSERT_FALSE(noPath.ok());
  EXPECT_EQ(noPath.status().message(), "'path' is not specified");
}

TEST(StreamSinkNoop, DiscardsRows) {
  auto sink = makeNoopSink();
  auto batch = wordCounts({{"a", 1}});
  EXPECT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kComplete).ok());
  EXPECT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kUpdate).ok());
  EXPECT_TRUE(sink->idempotent());
  EXPECT_TRUE(sink->metrics().empty());
}

// ---- manifest -------------------------------------------------------------------------

TEST(SinkManifest, CorruptEntryNamesFile) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}});
  auto batch = wordCounts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kAppend).ok());
  dir.write("out/_spate_metadata/1", "v1\n{\"path\":\"file:///x.csv\",\"size\":");
  auto files = listDataFiles(out);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find(out + "/_spate_metadata/1"), std::string::npos)
      << files.status().message();
  EXPECT_NE(files.status().message().find("line 2"), std::string::npos) << files.status().message();

  dir.write("out/_spate_metadata/1", "");
  files = listDataFiles(out);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find(out + "/_spate_metadata/1"), std::string::npos);

  dir.write("out/_spate_metadata/1", "v2\n");
  files = listDataFiles(out);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("maximum supported log version is v1, but encountered v2"),
            std::string::npos)
      << files.status().message();

  dir.write("out/_spate_metadata/1", "v1\n{\"size\":1,\"action\":\"add\"}");
  files = listDataFiles(out);
  ASSERT_FALSE(files.ok());
  EXPECT_NE(files.status().message().find("no \"path\""), std::string::npos) << files.status().message();
}

TEST(SinkManifest, MissingCommittedFileIsAnError) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}});
  auto batch = wordCounts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kAppend).ok());
  auto files = dataFiles(out);
  ASSERT_EQ(files.size(), 1u);
  fs::remove(files[0]);
  auto after = listDataFiles(out);
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find(files[0]), std::string::npos) << after.status().message();
}

TEST(SinkManifest, CompactsEveryTenBatches) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}});
  for (int64_t id = 0; id < 12; ++id) {
    auto batch = wordCounts({{"w" + std::to_string(id), id}});
    ASSERT_TRUE(sink->addBatch(id, batch->schema(), {batch}, OutputMode::kAppend).ok());
  }
  EXPECT_TRUE(fs::exists(out + "/_spate_metadata/9.compact"));
  EXPECT_FALSE(fs::exists(out + "/_spate_metadata/9"));
  EXPECT_TRUE(fs::exists(out + "/_spate_metadata/10"));
  // The compact entry holds every file up to batch 9.
  EXPECT_EQ(lines(readText(out + "/_spate_metadata/9.compact")).size(), 11u);
  SinkManifest manifest(out);
  EXPECT_EQ(*manifest.latestBatchId(), 11);
  auto files = dataFiles(out);
  EXPECT_EQ(files.size(), 12u);
  // Entries before the compaction are no longer read: damaging one changes nothing.
  dir.write("out/_spate_metadata/3", "garbage");
  EXPECT_EQ(dataFiles(out).size(), 12u);
  // A replay of a compacted batch is still recognized.
  auto again = fileSink("csv", {{"path", out}});
  auto batch = wordCounts({{"dup", 0}});
  ASSERT_TRUE(again->addBatch(9, batch->schema(), {batch}, OutputMode::kAppend).ok());
  EXPECT_EQ(dataFiles(out).size(), 12u);
}

TEST(SinkManifest, EscapedPathsAndDeletesRoundTrip) {
  TempDir dir;
  std::string out = dir.file("odd dir %41 é");
  fs::create_directories(out);
  SinkManifest manifest(out);
  SinkFileStatus a;
  a.path = out + "/part a%.csv";
  a.size = 3;
  SinkFileStatus b = a;
  b.path = out + "/part-b.csv";
  ASSERT_TRUE(manifest.commit(0, {a, b}).ok());
  SinkFileStatus del = a;
  del.action = "delete";
  ASSERT_TRUE(manifest.commit(1, {del}).ok());
  std::string entry = readText(manifest.manifestDir() + "/0");
  EXPECT_NE(entry.find("odd%20dir%20%2541%20%C3%A9/part%20a%25.csv"), std::string::npos) << entry;
  auto files = manifest.allFiles();
  ASSERT_TRUE(files.ok()) << files.status().message();
  ASSERT_EQ(files->size(), 1u);
  EXPECT_EQ(files->front().path, b.path);
  // A second writer of the same batch id is refused.
  EXPECT_FALSE(manifest.commit(1, {}).ok());
}

TEST(SinkManifest, ReadsSparkStyleUrisAndMovedOutput) {
  TempDir dir;
  std::string out = dir.file("out");
  auto sink = fileSink("csv", {{"path", out}});
  auto batch = wordCounts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kAppend).ok());
  std::string name = fs::path(dataFiles(out).at(0)).filename().string();
  // Hadoop writes local paths as "file:/abs".
  dir.write("out/_spate_metadata/1", "v1\n{\"path\":\"file:" + out + "/" + name +
                                         "\",\"size\":4,\"isDir\":false,\"modificationTime\":0,"
                                         "\"blockReplication\":1,\"blockSize\":1,\"action\":\"add\"}\n");
  EXPECT_EQ(dataFiles(out).size(), 1u);
  // Recorded paths are absolute; a moved output still finds its files by name.
  std::string moved = dir.file("moved");
  fs::rename(out, moved);
  auto files = dataFiles(moved);
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(files[0], moved + "/" + name);
  EXPECT_EQ(readText(files[0]), "a,1\n");
}

TEST(SinkManifest, GlobbedSinkDirectoryUsesManifest) {
  TempDir dir;
  std::string out = dir.file("out1");
  auto sink = fileSink("csv", {{"path", out}});
  auto batch = wordCounts({{"a", 1}});
  ASSERT_TRUE(sink->addBatch(0, batch->schema(), {batch}, OutputMode::kAppend).ok());
  dir.write("out1/part-00000-stray.csv", "stray,1\n");
  auto files = dataFiles(dir.path() + "/out*");
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(readText(files[0]), "a,1\n");
  // A glob inside the output matches neither strays nor the manifest's own files.
  EXPECT_EQ(dataFiles(out + "/*"), files);
  EXPECT_EQ(dataFiles(out + "/part-*.csv"), files);
}

}  // namespace
}  // namespace spate::connectors
