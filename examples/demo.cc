// The main demo: the seeds' queries, run as batch queries on generated data through the
// C++ DataFrame API and through SQL. (Streaming versions arrive with the streaming engine.)

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "spate/common/error.h"
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
  writeFile(root / "lines.txt", "the cat sat\nthe dog sat on the cat\n");
  writeEvents(root / "events");

  try {
    auto spark = Session::builder().appName("SpateDemo").master("local[2]").getOrCreate();

    section("Seed 001: CSV directory, groupBy(\"name\").sum(\"value\")");
    auto df = spark->read().option("header", true).schema("id INT, name STRING, value DOUBLE").csv((root / "input_dir").string());
    df.printSchema();
    df.groupBy("name").sum({"value"}).orderBy("name").show();

    section("Seed 000: word count, explode(split(value, ' '))");
    auto lines = spark->read().text((root / "lines.txt").string());
    lines.selectExpr("explode(split(value, ' ')) as word").groupBy("word").count().orderBy(F::col("count").desc(), F::col("word")).show();

    section("Seed 002: events per action and 1-hour bucket, in SQL");
    spark->sql("CREATE OR REPLACE TEMPORARY VIEW events (time TIMESTAMP, action STRING) USING json OPTIONS (path '" +
               (root / "events").string() + "')");
    spark->sql(
             "SELECT action, date_trunc('HOUR', time) AS hour, count(*) AS events "
             "FROM events GROUP BY action, date_trunc('HOUR', time) ORDER BY hour, action")
        .show();

    section("Expressions: CASE, CAST, string and date functions");
    spark->sql(
             "SELECT name, value, CASE WHEN value > 5 THEN 'high' ELSE 'low' END AS level, "
             "upper(substring(name, 1, 3)) AS tag, CAST(value AS INT) AS whole "
             "FROM VALUES ('alice', 10.5), ('bob', 3.0), ('carol', NULL) AS t(name, value)")
        .show();
  } catch (const spate::Error& e) {
    std::cerr << "demo failed: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
