#include <gtest/gtest.h>

#include "spate/common/error.h"
#include "spate/session/functions.h"
#include "spate/session/session.h"

namespace spate::sql {
namespace {

namespace F = functions;

class DataFrameTest : public ::testing::Test {
 protected:
  std::shared_ptr<Session> spark = std::make_shared<Session>("test");
  DataFrame people() {
    return spark->createDataFrame({{Value::integer(1), Value::string("alice"), Value::fractional(10.5)},
                                   {Value::integer(2), Value::string("bob"), Value::fractional(3.0)},
                                   {Value::integer(3), Value::string("alice"), Value()},
                                   {Value::integer(4), Value::string("carol"), Value::fractional(7.25)}},
                                  "id INT, name STRING, value DOUBLE");
  }
  static std::vector<std::string> rows(const DataFrame& df) {
    std::vector<std::string> out;
    for (const auto& r : df.collect()) out.push_back(r.toString());
    return out;
  }
};

TEST_F(DataFrameTest, ShowMatchesSparkLayout) {
  EXPECT_EQ(people().select("id", "name").showString(2, 20),
            "+---+-----+\n"
            "| id| name|\n"
            "+---+-----+\n"
            "|  1|alice|\n"
            "|  2|  bob|\n"
            "+---+-----+\n"
            "only showing top 2 rows\n");
  auto longText = spark->sql("SELECT 'abcdefghijklmnopqrstuvwxyz' AS s");
  EXPECT_EQ(longText.showString(20, 20),
            "+--------------------+\n"
            "|                   s|\n"
            "+--------------------+\n"
            "|abcdefghijklmnopq...|\n"
            "+--------------------+\n");
  EXPECT_EQ(longText.showString(20, 0),
            "+--------------------------+\n"
            "|s                         |\n"
            "+--------------------------+\n"
            "|abcdefghijklmnopqrstuvwxyz|\n"
            "+--------------------------+\n");
}

TEST_F(DataFrameTest, SelectFilterWithColumn) {
  auto df = people().filter(F::col("value") > 5).withColumn("double", F::col("value") * 2).select("name", "double");
  EXPECT_EQ(rows(df), (std::vector<std::string>{"Row(name='alice', double=21.0)", "Row(name='carol', double=14.5)"}));
  EXPECT_EQ(people().where("name = 'bob'").count(), 1);
  EXPECT_EQ(rows(people().selectExpr("id + 1 AS next", "upper(name)").limit(1)),
            (std::vector<std::string>{"Row(next=2, upper(name)='ALICE')"}));
}

TEST_F(DataFrameTest, GroupByAggregates) {
  auto df = people().groupBy("name").agg(F::sum(F::col("value")).alias("total"), F::count(F::col("id"))).orderBy("name");
  EXPECT_EQ(rows(df), (std::vector<std::string>{"Row(name='alice', total=10.5, count(id)=2)",
                                                "Row(name='bob', total=3.0, count(id)=1)",
                                                "Row(name='carol', total=7.25, count(id)=1)"}));
  auto counts = people().groupBy("name").count().orderBy(F::col("count").desc(), F::col("name"));
  EXPECT_EQ(rows(counts)[0], "Row(name='alice', count=2)");
  EXPECT_EQ(people().groupBy("name").sum({"value"}).columns(), (std::vector<std::string>{"name", "sum(value)"}));
}

TEST_F(DataFrameTest, JoinsAndSetOperations) {
  auto countries = spark->createDataFrame({{Value::string("alice"), Value::string("NL")}, {Value::string("bob"), Value::string("US")}},
                                          "name STRING, country STRING");
  auto joined = people().join(countries, "name").select("id", "country").orderBy("id");
  EXPECT_EQ(rows(joined), (std::vector<std::string>{"Row(id=1, country='NL')", "Row(id=2, country='US')",
                                                    "Row(id=3, country='NL')"}));
  auto left = people().join(countries, people()["name"] == countries["name"], "left_outer");
  EXPECT_EQ(left.count(), 4);
  EXPECT_EQ(people().select("name").distinct().count(), 3);
  EXPECT_EQ(people().select("name").unionAll(countries.select("name")).count(), 6);
  EXPECT_EQ(people().dropDuplicates({"name"}).count(), 3);
}

TEST_F(DataFrameTest, DropDuplicatesKeepsTheFirstRowOfEachKeyInOrder) {
  auto df = spark->createDataFrame({{Value::integer(1), Value::string("a")}, {Value::integer(2), Value::string("b")},
                                    {Value::integer(1), Value::string("c")}, {Value(), Value::string("d")},
                                    {Value(), Value::string("e")}},
                                   "id INT, v STRING");
  EXPECT_EQ(rows(df.dropDuplicates({"id"})),
            (std::vector<std::string>{"Row(id=1, v='a')", "Row(id=2, v='b')", "Row(id=None, v='d')"}));
  EXPECT_EQ(df.dropDuplicates().count(), 5);
  EXPECT_THROW(df.dropDuplicates({"nope"}), Error);
  EXPECT_THROW(df.dropDuplicatesWithinWatermark({"id"}).collect(), Error);
}

TEST_F(DataFrameTest, ExplodeSplit) {
  auto lines = spark->createDataFrame({{Value::string("a b a")}, {Value::string("c")}}, "value STRING");
  auto words = lines.select(F::explode(F::split(F::col("value"), " ")).alias("word")).groupBy("word").count().orderBy("word");
  EXPECT_EQ(rows(words), (std::vector<std::string>{"Row(word='a', count=2)", "Row(word='b', count=1)",
                                                   "Row(word='c', count=1)"}));
}

TEST_F(DataFrameTest, UnknownColumnNamesTheColumnsThatExist) {
  try {
    people().select("nmae");
    FAIL() << "expected an error";
  } catch (const Error& e) {
    EXPECT_EQ(e.code(), StatusCode::kAnalysisError);
    EXPECT_NE(std::string(e.what()).find("`nmae`"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("`name`"), std::string::npos) << e.what();
  }
}

TEST_F(DataFrameTest, TypeMismatchNamesBothTypes) {
  try {
    people().select(F::col("name") - F::expr("DATE '2024-01-01'"));
    FAIL() << "expected an error";
  } catch (const Error& e) {
    std::string msg = e.what();
    EXPECT_NE(msg.find("string"), std::string::npos) << msg;
    EXPECT_NE(msg.find("date"), std::string::npos) << msg;
  }
}

TEST_F(DataFrameTest, PrintSchemaAndExplain) {
  EXPECT_EQ(people().schema()->treeString(),
            "root\n |-- id: integer (nullable = true)\n |-- name: string (nullable = true)\n"
            " |-- value: double (nullable = true)\n");
  std::string plan = people().filter(F::col("id") > 1).explainString();
  EXPECT_NE(plan.find("== Physical Plan =="), std::string::npos);
  EXPECT_NE(plan.find("Filter"), std::string::npos) << plan;
}

TEST_F(DataFrameTest, TempViewsAndSql) {
  people().createOrReplaceTempView("people");
  auto df = spark->sql("SELECT name, sum(value) AS total FROM people GROUP BY name HAVING total > 5 ORDER BY name");
  EXPECT_EQ(rows(df), (std::vector<std::string>{"Row(name='alice', total=10.5)", "Row(name='carol', total=7.25)"}));
  EXPECT_THROW(people().createTempView("people"), Error);
}

TEST_F(DataFrameTest, WhenOtherwise) {
  auto df = people().select(F::when(F::col("value") > 5, F::lit("high")).when(F::col("value") > 0, F::lit("low")).otherwise(F::lit("none")).alias("level"));
  EXPECT_EQ(rows(df), (std::vector<std::string>{"Row(level='high')", "Row(level='low')", "Row(level='none')",
                                                "Row(level='high')"}));
}

}  // namespace
}  // namespace spate::sql
