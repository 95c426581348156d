// Streaming SQL: START STREAMING QUERY, STREAM(view) and views over streaming sources.

#include <gtest/gtest.h>
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "spate/common/error.h"
#include "spate/session/session.h"
#include "spate/sql/ast.h"
#include "tests/sql/statement_test_util.h"

namespace spate::sql {
namespace {

using testing::errorOf;
using testing::stmtOk;

using Options = std::vector<std::pair<std::string, std::string>>;

// ---- parsing START STREAMING QUERY

TEST(StartStreamingQueryParse, EveryClause) {
  Statement s = stmtOk(
      "START STREAMING QUERY word_counts USING console OPTIONS (truncate 'false', numRows 50) "
      "OUTPUT MODE complete TRIGGER PROCESSING TIME '2 seconds' CHECKPOINT LOCATION '/tmp/ck' "
      "AS SELECT word, count(*) AS count FROM STREAM(words) GROUP BY word");
  EXPECT_EQ(s.kind, StatementKind::kStartStreamingQuery);
  EXPECT_EQ(s.name, "word_counts");
  EXPECT_EQ(s.format, "console");
  EXPECT_EQ(s.options, (Options{{"truncate", "false"}, {"numRows", "50"}}));
  EXPECT_EQ(s.outputMode, "complete");
  EXPECT_EQ(s.trigger, TriggerKind::kProcessingTime);
  EXPECT_EQ(s.triggerInterval, "2 seconds");
  EXPECT_EQ(s.checkpointLocation, "/tmp/ck");
  ASSERT_TRUE(s.query);
  ASSERT_TRUE(s.query->select.from);
  EXPECT_EQ(s.query->select.from->kind, TableRefKind::kFunction);
  EXPECT_EQ(s.query->select.from->name, (std::vector<std::string>{"stream"}));
}

TEST(StartStreamingQueryParse, DefaultsWithoutClausesOrName) {
  Statement s = stmtOk("start streaming query using noop as select * from events");
  EXPECT_EQ(s.kind, StatementKind::kStartStreamingQuery);
  EXPECT_EQ(s.name, "");
  EXPECT_EQ(s.format, "noop");
  EXPECT_TRUE(s.options.empty());
  EXPECT_EQ(s.outputMode, "");
  EXPECT_EQ(s.trigger, TriggerKind::kDefault);
  EXPECT_EQ(s.checkpointLocation, "");
  EXPECT_EQ(stmtOk("START STREAMING QUERY `my query` USING memory AS SELECT 1").name, "my query");
}

TEST(StartStreamingQueryParse, ClausesInAnyOrder) {
  Statement s = stmtOk(
      "START STREAMING QUERY q USING csv CHECKPOINT LOCATION 'ck' TRIGGER AVAILABLE NOW OPTIONS (path 'out') "
      "OUTPUT MODE 'Append' AS SELECT * FROM STREAM(events)");
  EXPECT_EQ(s.checkpointLocation, "ck");
  EXPECT_EQ(s.trigger, TriggerKind::kAvailableNow);
  EXPECT_EQ(s.options, (Options{{"path", "out"}}));
  EXPECT_EQ(s.outputMode, "append");
  EXPECT_EQ(stmtOk("START STREAMING QUERY q USING console TRIGGER ONCE OUTPUT MODE update AS SELECT 1").trigger,
            TriggerKind::kOnce);
}

TEST(StartStreamingQueryParse, HyphenatedSourceAndSinkNames) {
  EXPECT_EQ(stmtOk("CREATE TEMP VIEW r USING rate-micro-batch OPTIONS (rowsPerBatch 5)").format, "rate-micro-batch");
  EXPECT_EQ(stmtOk("CREATE TEMP VIEW r USING `rate-micro-batch`").format, "rate-micro-batch");
  // Spaces around '-' are not a name.
  EXPECT_NE(errorOf("CREATE TEMP VIEW r USING rate - micro").find("line 1, column 31"), std::string::npos);
}

TEST(StartStreamingQueryParse, DuplicateClausesAreRefusedWhereTheyRepeat) {
  std::string e = errorOf("START STREAMING QUERY q USING console TRIGGER ONCE OUTPUT MODE complete\n"
                          "  TRIGGER AVAILABLE NOW AS SELECT 1");
  EXPECT_NE(e.find("TRIGGER is given twice in START STREAMING QUERY (first at line 1, column 39)"), std::string::npos)
      << e;
  EXPECT_NE(e.find("(line 2, column 3)"), std::string::npos) << e;
  for (const char* text : {
           "START STREAMING QUERY q USING console OPTIONS (a 1) OPTIONS (b 2) AS SELECT 1",
           "START STREAMING QUERY q USING console OUTPUT MODE append OUTPUT MODE complete AS SELECT 1",
           "START STREAMING QUERY q USING console CHECKPOINT LOCATION 'a' CHECKPOINT LOCATION 'b' AS SELECT 1",
       }) {
    EXPECT_NE(errorOf(text).find("is given twice"), std::string::npos) << text;
  }
  std::string both = errorOf(
      "START STREAMING QUERY q USING console CHECKPOINT LOCATION 'a' OPTIONS (checkpointLocation 'b') AS SELECT 1");
  EXPECT_NE(both.find("The checkpoint location is given twice"), std::string::npos) << both;
  EXPECT_NE(both.find("(line 1, column 39)"), std::string::npos) << both;
}

TEST(StartStreamingQueryParse, ErrorsPointAtTheProblem) {
  struct Case {
    const char* text;
    const char* expected;
  };
  for (const Case& c : {
           Case{"START QUERY q USING console AS SELECT 1", "expected STREAMING QUERY after START (line 1, column 7)"},
           Case{"START STREAMING QUERY q AS SELECT 1", "expected USING and a sink"},
           Case{"START STREAMING QUERY q USING console SELECT 1",
                "at or near 'SELECT': expected OPTIONS, OUTPUT MODE, TRIGGER, CHECKPOINT LOCATION, PARTITIONED BY, "
                "or AS and the query (line 1, column 39)"},
           Case{"START STREAMING QUERY q USING console OUTPUT MODE replace AS SELECT 1",
                "expected append, update or complete after OUTPUT MODE (line 1, column 51)"},
           Case{"START STREAMING QUERY q USING console TRIGGER EVERY '1 second' AS SELECT 1",
                "expected PROCESSING TIME '<interval>', ONCE or AVAILABLE NOW after TRIGGER (line 1, column 47)"},
           Case{"START STREAMING QUERY q USING console TRIGGER PROCESSING TIME 2 AS SELECT 1",
                "expected a quoted interval such as '2 seconds' after PROCESSING TIME (line 1, column 63)"},
           Case{"START STREAMING QUERY q USING console TRIGGER PROCESSING TIME '2 parsecs' AS SELECT 1",
                "Invalid duration '2 parsecs' for TRIGGER PROCESSING TIME"},
           Case{"START STREAMING QUERY q USING console CHECKPOINT LOCATION ck AS SELECT 1",
                "expected a quoted path after CHECKPOINT LOCATION (line 1, column 59)"},
           Case{"START STREAMING QUERY q USING console TRIGGER AVAILABLE AS SELECT 1", "expected NOW"},
           Case{"START STREAMING QUERY q USING console AS", "at or near end of input"},
       }) {
    std::string e = errorOf(c.text);
    EXPECT_NE(e.find(c.expected), std::string::npos) << c.text << "\n" << e;
  }
  // Positions count lines of the whole script.
  auto script = parseStatements("SELECT 1;\nSTART STREAMING QUERY q\n  USING console\n  TRIGGER NEVER AS SELECT 1");
  ASSERT_FALSE(script.ok());
  EXPECT_NE(script.status().message().find("(line 4, column 11)"), std::string::npos) << script.status().message();
}

// ---- planning and running through a session

class StreamingSqlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (std::filesystem::temp_directory_path() / "spate_stream_sql_XXXXXX").string();
    char* p = ::mkdtemp(tmpl.data());
    ASSERT_NE(p, nullptr);
    dir_ = p;
    std::filesystem::create_directories(dir_ + "/in");
    write("in/a.csv", "id,name,value\n1,ann,1.5\n2,bo,2.0\n");
    write("in/b.csv", "id,name,value\n3,ann,3.0\n");
  }
  void TearDown() override {
    for (const auto& q : spark->streamsManager()->active()) q->stop();
    std::error_code ec;
    std::filesystem::remove_all(dir_, ec);
  }
  void write(const std::string& name, const std::string& content) {
    std::ofstream out(dir_ + "/" + name);
    out << content;
  }
  std::string sqlError(const std::string& text) {
    auto r = spark->trySql(text);
    EXPECT_FALSE(r.ok()) << "expected an error for: " << text;
    return r.ok() ? "" : r.status().message();
  }
  void createEvents(const std::string& extraOptions = "") {
    spark->sql("CREATE OR REPLACE TEMPORARY VIEW events (id INT, name STRING, value DOUBLE) USING csv OPTIONS (path '" +
               dir_ + "/in', header 'true'" + extraOptions + ")");
  }

  std::shared_ptr<Session> spark = std::make_shared<Session>("test");
  std::string dir_;
};

TEST_F(StreamingSqlTest, FileViewIsBatchAndItsStreamIsAStream) {
  createEvents();
  EXPECT_FALSE(spark->table("events").isStreaming());
  EXPECT_EQ(spark->sql("SELECT count(*) FROM events").collect()[0].getLong(0), 3);
  DataFrame stream = spark->sql("SELECT e.name, value FROM STREAM(events) AS e WHERE value > 1");
  EXPECT_TRUE(stream.isStreaming());
  EXPECT_EQ(stream.schema()->ddl(), "name STRING, value DOUBLE");
  // A view that is a stream is itself, through STREAM() or by name.
  spark->sql("CREATE TEMPORARY VIEW big AS SELECT * FROM STREAM(events) WHERE value > 2");
  EXPECT_TRUE(spark->table("big").isStreaming());
  EXPECT_TRUE(spark->sql("SELECT * FROM STREAM(big)").isStreaming());
}

TEST_F(StreamingSqlTest, StreamNeedsAViewOverASource) {
  createEvents();
  spark->sql("CREATE TEMPORARY VIEW q AS SELECT 1 AS x");
  const std::string rule = "needs a view created with CREATE TEMPORARY VIEW ... USING a file or streaming source";
  std::string e = sqlError("SELECT * FROM STREAM(q)");
  EXPECT_NE(e.find("STREAM(q) " + rule + "; `q` was not made with USING a source (line 1, column 15)"),
            std::string::npos)
      << e;
  e = sqlError("SELECT *\nFROM STREAM(nope)");
  EXPECT_NE(e.find("STREAM(nope) " + rule + "; no view `nope` exists (line 2, column 6)"), std::string::npos) << e;
  e = sqlError("WITH w AS (SELECT * FROM events) SELECT * FROM STREAM(w)");
  EXPECT_NE(e.find("`w` is a WITH query"), std::string::npos) << e;
  e = sqlError("SELECT * FROM STREAM('events')");
  EXPECT_NE(e.find("STREAM() takes the name of one view, as in STREAM(events) (line 1, column 15)"),
            std::string::npos)
      << e;
  EXPECT_NE(sqlError("SELECT * FROM STREAM(events, events)").find("takes the name of one view"), std::string::npos);
  EXPECT_NE(sqlError("SELECT * FROM nothing(1)").find("supported: range, stream"), std::string::npos);
}

TEST_F(StreamingSqlTest, StreamingSourceViewsAreStreams) {
  spark->sql("CREATE TEMPORARY VIEW ticks USING rate OPTIONS (rowsPerSecond 10)");
  EXPECT_TRUE(spark->table("ticks").isStreaming());
  EXPECT_EQ(spark->table("ticks").schema()->ddl(), "timestamp TIMESTAMP, value BIGINT");
  EXPECT_TRUE(spark->sql("SELECT value FROM STREAM(ticks)").isStreaming());
  spark->sql("CREATE TEMPORARY VIEW batches USING rate-micro-batch OPTIONS (rowsPerBatch 3)");
  EXPECT_TRUE(spark->table("batches").isStreaming());
  // The socket source connects when a query starts, not when the view is made.
  spark->sql("CREATE TEMPORARY VIEW lines USING socket OPTIONS (host '127.0.0.1', port 9)");
  DataFrame lines = spark->table("lines");
  EXPECT_TRUE(lines.isStreaming());
  EXPECT_EQ(lines.schema()->ddl(), "value STRING");
  EXPECT_NE(sqlError("CREATE TEMPORARY VIEW l2 USING socket OPTIONS (host 'localhost')").find("Set a port"),
            std::string::npos);
  EXPECT_NE(sqlError("CREATE TEMPORARY VIEW l3 (v STRING) USING socket OPTIONS (host 'h', port 1)")
                .find("does not support user-specified schema"),
            std::string::npos);
}

TEST_F(StreamingSqlTest, StartIntoMemoryReadsEveryFileInBatchesOfTheViewsLimit) {
  createEvents(", maxFilesPerTrigger 1");
  DataFrame started = spark->sql(
      "START STREAMING QUERY totals USING memory OUTPUT MODE complete TRIGGER AVAILABLE NOW CHECKPOINT LOCATION '" +
      dir_ + "/ck' AS SELECT name, sum(value) AS total FROM STREAM(events) GROUP BY name");
  std::vector<Row> row = started.collect();
  ASSERT_EQ(row.size(), 1u);
  EXPECT_EQ(started.schema()->ddl(), "id STRING, runId STRING, name STRING");
  EXPECT_EQ(row[0].getString(2), "totals");
  auto ended = spark->streamsManager()->awaitAnyTermination(30000);
  ASSERT_TRUE(ended.ok()) << ended.status().message();
  ASSERT_TRUE(*ended);
  // maxFilesPerTrigger from the view's OPTIONS: one batch per file.
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/ck/commits/0"));
  EXPECT_TRUE(std::filesystem::exists(dir_ + "/ck/commits/1"));
  EXPECT_FALSE(std::filesystem::exists(dir_ + "/ck/commits/2"));
  std::vector<Row> totals = spark->sql("SELECT name, total FROM totals ORDER BY name").collect();
  ASSERT_EQ(totals.size(), 2u);
  EXPECT_EQ(totals[0].toString(), "Row(name='ann', total=4.5)");
  EXPECT_EQ(totals[1].toString(), "Row(name='bo', total=2.0)");
}

TEST_F(StreamingSqlTest, StartRefusesBatchQueriesAndUnnamedMemorySinks) {
  createEvents();
  std::string e = sqlError("START STREAMING QUERY q USING console AS\n  SELECT * FROM events");
  EXPECT_NE(e.find("'writeStream' can be called only on streaming Dataset/DataFrame"), std::string::npos) << e;
  EXPECT_NE(e.find("(line 2, column 3)"), std::string::npos) << e;
  e = sqlError("START STREAMING QUERY USING memory AS SELECT * FROM STREAM(events)");
  EXPECT_NE(e.find("The memory sink needs a query name"), std::string::npos) << e;
  e = sqlError("START STREAMING QUERY q USING csv OPTIONS (path '" + dir_ + "/out') AS SELECT * FROM STREAM(events)");
  EXPECT_NE(e.find("checkpointLocation must be specified"), std::string::npos) << e;
  EXPECT_TRUE(spark->streamsManager()->active().empty());
}

}  // namespace
}  // namespace spate::sql
