// Crash test: a streaming query killed with SIGKILL at random moments and restarted,
// 20 times over, must end with the output of an uninterrupted run: no row lost or
// doubled. Each query reads a folder of CSV files, one file per batch:
//   agg:  groupBy(k) count and sum in update mode, each batch written by foreachBatch
//         to <out>/batch-<id>.csv (idempotent by batch id, as Spark advises);
//   csv, parquet: a projection into the file sink in that format, whose manifest makes
//         it exactly-once;
//   partitioned: the same into the parquet file sink with partitionBy(k), whose batches
//         land in k=<key>/ folders and still count once, through the manifest;
//   delta: the same into a Delta table, exactly-once by its txn action.
// The parent forks itself as the child running the query.

#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "spate/common/error.h"
#include "spate/common/file_util.h"
#include "spate/common/strings.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/functions.h"
#include "spate/session/session.h"

namespace {

using namespace spate;
using namespace spate::sql;
namespace fs = std::filesystem;
namespace F = spate::sql::functions;

constexpr int kFiles = 200;
constexpr int kRowsPerFile = 50;
constexpr int kKeys = 7;

void writeInput(const std::string& dir) {
  fs::create_directories(dir);
  for (int f = 0; f < kFiles; ++f) {
    std::string text = "k,v\n";
    for (int r = 0; r < kRowsPerFile; ++r) {
      int i = f * kRowsPerFile + r;
      text += fmt::format("key{},{}\n", (i * 31) % kKeys, i);
    }
    throwIfError(writeFileAtomically(fmt::format("{}/part-{:03}.csv", dir, f), text, false));
    // Distinct modification times keep the file order fixed.
    fs::last_write_time(fmt::format("{}/part-{:03}.csv", dir, f),
                        fs::file_time_type::clock::now() - std::chrono::seconds(kFiles - f));
  }
}

// Runs the query to the end of the input (Trigger.AvailableNow) in this process.
int runChild(const std::string& mode, const std::string& root) {
  auto spark = Session::builder().appName("crash").getOrCreate();
  spark->conf().set("spark.sql.shuffle.partitions", "3");
  DataFrame in = spark->readStream()
                     .schema("k STRING, v BIGINT")
                     .option("header", true)
                     .option("maxFilesPerTrigger", 1)
                     .csv(root + "/input");
  std::string out = root + "/out-" + mode;
  StreamingQuery q = [&] {
    if (mode == "agg") {
      DataFrame agg = in.groupBy(F::col("k")).agg(F::count(F::col("v")).alias("n"), F::sum(F::col("v")).alias("total"));
      return agg.writeStream()
          .outputMode("update")
          .option("checkpointLocation", root + "/chk-agg")
          .trigger(Trigger::availableNow())
          .foreachBatch([out](DataFrame batch, int64_t id) {
            std::string text;
            for (const Row& r : batch.collect()) text += fmt::format("{},{},{}\n", r.getString(0), r.getLong(1), r.getLong(2));
            throwIfError(writeFileAtomically(fmt::format("{}/batch-{:05}.csv", out, id), text, true));
          })
          .start();
    }
    return in.select(F::col("k"), (F::col("v") * F::lit(int64_t{2})).alias("v2"))
        .writeStream()
        .format(mode == "partitioned" ? "parquet" : mode)
        .partitionBy(mode == "partitioned" ? std::vector<std::string>{"k"} : std::vector<std::string>{})
        .option("path", out)
        .option("checkpointLocation", root + "/chk-" + mode)
        .trigger(Trigger::availableNow())
        .start();
  }();
  q.awaitTermination();
  return 0;
}

// key -> (count, sum) of the input.
std::map<std::string, std::pair<int64_t, int64_t>> expectedAggregates() {
  std::map<std::string, std::pair<int64_t, int64_t>> m;
  for (int i = 0; i < kFiles * kRowsPerFile; ++i) {
    auto& e = m[fmt::format("key{}", (i * 31) % kKeys)];
    e.first += 1;
    e.second += i;
  }
  return m;
}

bool checkAgg(const std::string& out) {
  // The latest row of each key over the batches in order is the running total. (A
  // batch may hold more than one file: files the source logged just before a crash
  // join the next batch.)
  std::map<std::string, std::pair<int64_t, int64_t>> latest;
  std::vector<std::string> files;
  for (const auto& e : fs::directory_iterator(out)) {
    if (e.path().filename().string().rfind("batch-", 0) == 0) files.push_back(e.path().string());
  }
  std::sort(files.begin(), files.end());
  for (const auto& f : files) {
    std::ifstream in(f);
    for (std::string line; std::getline(in, line);) {
      auto cells = splitString(line, ',');
      latest[cells[0]] = {std::stoll(cells[1]), std::stoll(cells[2])};
    }
  }
  if (latest != expectedAggregates()) {
    std::cerr << "agg: final totals differ from an uninterrupted run\n";
    return false;
  }
  return true;
}

bool checkSink(const std::string& out, const std::string& format) {
  auto spark = Session::builder().appName("crash-check").getOrCreate();
  // The partitioned output has k in its folders, after the files' v2.
  DataFrame table = format == "partitioned" ? spark->read().format("parquet").load(out).select(F::col("k"), F::col("v2"))
                    : format == "delta"     ? spark->read().format("delta").load(out)
                                            : spark->read().format(format).schema("k STRING, v2 BIGINT").load(out);
  std::vector<Row> rows = table.orderBy(F::col("v2")).collect();
  if (rows.size() != static_cast<size_t>(kFiles * kRowsPerFile)) {
    std::cerr << format << " sink: expected " << kFiles * kRowsPerFile << " rows, read " << rows.size() << "\n";
    return false;
  }
  for (size_t i = 0; i < rows.size(); ++i) {
    if (rows[i].getLong(1) != static_cast<int64_t>(2 * i) ||
        rows[i].getString(0) != fmt::format("key{}", (i * 31) % kKeys)) {
      std::cerr << format << " sink: row " << i << " is " << rows[i].toString() << "\n";
      return false;
    }
  }
  return true;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc == 4 && std::string(argv[1]) == "--child") return runChild(argv[2], argv[3]);
  std::string root = (fs::temp_directory_path() / ("spate-crash-" + randomUuid())).string();
  writeInput(root + "/input");
  std::mt19937 rng(std::random_device{}());
  int failures = 0;
  for (std::string mode : {"agg", "csv", "parquet", "partitioned", "delta"}) {
    int kills = 0;
    for (int attempt = 0; attempt < 200 && kills < 20; ++attempt) {
      pid_t pid = fork();
      if (pid == 0) {
        execl("/proc/self/exe", argv[0], "--child", mode.c_str(), root.c_str(), static_cast<char*>(nullptr));
        _exit(127);
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(std::uniform_int_distribution<int>(2, 60)(rng)));
      int status = 0;
      if (waitpid(pid, &status, WNOHANG) == pid) break;  // it finished before the kill
      kill(pid, SIGKILL);
      waitpid(pid, &status, 0);
      ++kills;
    }
    // The last run goes to the end.
    pid_t pid = fork();
    if (pid == 0) {
      execl("/proc/self/exe", argv[0], "--child", mode.c_str(), root.c_str(), static_cast<char*>(nullptr));
      _exit(127);
    }
    int status = 0;
    waitpid(pid, &status, 0);
    bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0 &&
              (mode == "agg" ? checkAgg(root + "/out-agg") : checkSink(root + "/out-" + mode, mode));
    std::cout << mode << ": killed " << kills << " times, " << (ok ? "output equals an uninterrupted run" : "FAILED")
              << "\n";
    if (!ok) ++failures;
  }
  if (failures == 0) fs::remove_all(root);
  else std::cerr << "files kept in " << root << "\n";
  return failures == 0 ? 0 : 1;
}
