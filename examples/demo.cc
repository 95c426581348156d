// The main demo: the seeds' streaming queries on generated data, through the C++ API
// and SQL. Seed 002's scenario first: a folder of JSON event files (time, action) read
// as a stream one file per trigger and counted per action and 1-hour window, the same
// with a watermark in append mode, then seed 001's
// CSV directory aggregation and memory sink. Every query uses Trigger.AvailableNow,
// so the demo ends when the files are processed.

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "spate/common/error.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/functions.h"
#include "spate/session/session.h"

namespace fs = std::filesystem;
using namespace spate::sql;
namespace F = spate::sql::functions;

namespace {

void writeFile(const fs::path& path, const std::string& text) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << text;
}

// Seed 002's events: {"time": ..., "action": "Open"|"Close"} over a few hours.
void writeEvents(const fs::path& dir) {
  const char* actions[] = {"Open", "Close", "Open", "Open", "Close"};
  for (int file = 0; file < 3; ++file) {
    std::string lines;
    for (int i = 0; i < 40; ++i) {
      int minute = file * 60 + i * 3;
      char buf[128];
      std::snprintf(buf, sizeof(buf), "{\"time\":\"2016-07-26 %02d:%02d:00\",\"action\":\"%s\"}\n", 10 + minute / 60,
                    minute % 60, actions[(i * 7 + file) % 5]);
      lines += buf;
    }
    writeFile(dir / ("file-" + std::to_string(file) + ".json"), lines);
  }
}

void section(const std::string& title) { std::cout << "\n=== " << title << " ===\n\n"; }

}  // namespace

int main() {
  fs::path root = fs::temp_directory_path() / "spate-demo";
  fs::remove_all(root);
  writeFile(root / "input_dir" / "part-0.csv", "id,name,value\n1,alice,10.5\n2,bob,3.0\n3,alice,4.5\n4,carol,7.25\n");
  writeFile(root / "input_dir" / "part-1.csv", "id,name,value\n5,bob,1.0\n6,alice,not-a-number\n7,carol,2.75\n");
  writeFile(root / "lines" / "part-0.txt", "the cat sat\nthe dog sat on the cat\n");
  writeEvents(root / "events");

  try {
    auto spark = Session::builder().appName("SpateDemo").master("local[2]").getOrCreate();

    section("Seed 002: a stream of JSON event files, one file per trigger, counted per action and 1-hour window");
    auto events = spark->readStream()
                      .format("json")
                      .schema("time TIMESTAMP, action STRING")
                      .option("maxFilesPerTrigger", 1)
                      .load((root / "events").string());
    auto counts = events.groupBy(F::col("action"), F::window(F::col("time"), "1 hour")).count();
    auto query = counts.orderBy(F::col("window"), F::col("action"))
                     .writeStream()
                     .format("console")
                     .outputMode("complete")
                     .queryName("events_per_hour")
                     .trigger(Trigger::availableNow())
                     .start();
    query.awaitTermination();
    std::cout << "Last progress of " << query.name() << ":\n" << query.lastProgress()->prettyJson() << "\n";

    section("Seed 001: withWatermark(\"time\", \"10 minutes\"), 5-minute windows, append mode");
    auto windowed = events.withWatermark("time", "10 minutes").groupBy(F::window(F::col("time"), "5 minutes")).count();
    auto appendQuery = windowed.writeStream()
                           .format("console")
                           .outputMode("append")
                           .option("numRows", 5)
                           .trigger(Trigger::availableNow())
                           .start();
    appendQuery.awaitTermination();

    section("Seed 001: a CSV directory stream, groupBy(\"name\").sum(\"value\"), in SQL");
    spark->sql("CREATE OR REPLACE TEMPORARY VIEW sales (id INT, name STRING, value DOUBLE) USING csv OPTIONS (path '" +
               (root / "input_dir").string() + "', header 'true', maxFilesPerTrigger '1')");
    spark->streams().resetTerminated();
    spark->sql(
        "START STREAMING QUERY sales_by_name USING console OUTPUT MODE complete TRIGGER AVAILABLE NOW "
        "AS SELECT name, sum(value) FROM STREAM(sales) GROUP BY name");
    spark->streams().awaitAnyTermination();

    section("Seed 001: the memory sink, queried with SQL");
    auto words = spark->readStream().text((root / "lines").string());
    auto wordQuery = words.select(F::explode(F::split(F::col("value"), " ")).alias("word"))
                         .writeStream()
                         .format("memory")
                         .queryName("my_table")
                         .trigger(Trigger::availableNow())
                         .start();
    wordQuery.awaitTermination();
    spark->sql("SELECT word, count(*) AS count FROM my_table GROUP BY word ORDER BY count DESC, word").show();
  } catch (const spate::Error& e) {
    std::cerr << "demo failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
