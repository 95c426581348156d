#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "aggregate_test_util.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

Value i(int64_t v) { return Value::integer(v); }
Value d(double v) { return Value::fractional(v); }
Value s(const std::string& v) { return Value::string(v); }
Value n() { return Value::null(); }
Value b(bool v) { return Value::boolean(v); }
Value dec(int64_t unscaled) { return Value::decimal(unscaled); }

// Groups: row -> group id, 3 groups of which group 2 gets no rows.
BatchPtr grouped() {
  return makeBatch("g INT, x INT, y DOUBLE, s STRING",
                   {{i(0), i(1), d(1.5), s("b")},
                    {i(1), i(10), n(), s("zz")},
                    {i(0), n(), d(2.5), n()},
                    {i(0), i(3), d(-1.0), s("a")},
                    {i(1), i(20), d(4.0), s("zzz")},
                    {i(1), n(), n(), n()},
                    {i(0), i(2), d(0.5), s("c")}});
}
const std::vector<uint32_t> kGroups{0, 1, 0, 0, 1, 1, 0};

AggResult run(const std::string& name, std::vector<ExprPtr> args, bool distinct = false) {
  return runAggregate(name, args, grouped(), kGroups, 3, distinct);
}

TEST(AggregateFunctions, Count) {
  EXPECT_EQ(run("count", {star()}).values, (V{"4", "3", "0"}));
  EXPECT_EQ(run("count", {star()}).type, "bigint");
  EXPECT_EQ(run("count", {i32(1)}).values, (V{"4", "3", "0"}));
  EXPECT_EQ(run("count", {col("x")}).values, (V{"3", "2", "0"}));
  EXPECT_EQ(run("count", {col("x"), col("y")}).values, (V{"3", "1", "0"}));
  EXPECT_EQ(run("count", {nullLiteral()}).values, (V{"0", "0", "0"}));
  EXPECT_EQ(run("count", {col("s")}).values, (V{"3", "2", "0"}));
  std::vector<BoundExprPtr> bound;
  auto ra = resolveAggregate("count", {col("x")}, grouped(), false, bound);
  ASSERT_TRUE(ra.ok());
  EXPECT_FALSE(ra->nullable);
}

TEST(AggregateFunctions, CountIf) {
  auto batch = makeBatch("x INT", {{i(1)}, {i(5)}, {n()}, {i(7)}});
  EXPECT_EQ(global("count_if", {call(">", {col("x"), i32(2)})}, batch), "2");
  EXPECT_EQ(global("count_if", {nullLiteral()}, batch), "0");
  EXPECT_NE(global("count_if", {col("x")}, batch).find("boolean"), std::string::npos);
}

TEST(AggregateFunctions, SumIntegralAndFloating) {
  EXPECT_EQ(run("sum", {col("x")}).values, (V{"6", "30", "null"}));
  EXPECT_EQ(run("sum", {col("x")}).type, "bigint");
  EXPECT_EQ(run("sum", {col("y")}).values, (V{"3.5", "4.0", "null"}));
  EXPECT_EQ(run("sum", {col("y")}).type, "double");
  EXPECT_EQ(run("sum", {i32(2)}).values, (V{"8", "6", "null"}));
  EXPECT_EQ(run("sum", {nullLiteral()}).values, (V{"null", "null", "null"}));
  auto small = makeBatch("a TINYINT, f FLOAT, str STRING", {{i(100), d(0.5), s("1.5")}, {i(100), d(0.25), s("x")}});
  EXPECT_EQ(global("sum", {col("a")}, small), "200");  // widened to bigint, no tinyint overflow
  EXPECT_EQ(global("sum", {col("f")}, small), "0.75");
  EXPECT_EQ(global("sum", {col("str")}, small), "1.5");  // strings cast to double, bad ones null
  // bigint overflow wraps, as Spark's does outside ANSI mode
  auto big = makeBatch("v BIGINT", {{i(std::numeric_limits<int64_t>::max())}, {i(1)}});
  EXPECT_EQ(global("sum", {col("v")}, big), std::to_string(std::numeric_limits<int64_t>::min()));
  auto bools = makeBatch("v BOOLEAN", {{b(true)}});
  EXPECT_NE(global("sum", {col("v")}, bools).find("sum() requires a numeric or interval argument, got boolean"),
            std::string::npos);
}

TEST(AggregateFunctions, SumDecimal) {
  auto batch = makeBatch("v DECIMAL(10,2)", {{dec(100)}, {dec(250)}, {n()}, {dec(-5)}});
  AggResult r = runGlobal("sum", {col("v")}, batch);
  EXPECT_EQ(r.type, "decimal(20,2)");
  EXPECT_EQ(r.values, (V{"3.45"}));
  auto wide = makeBatch("v DECIMAL(38,0)", {{Value::decimal(pow10i128(38) - 1)}, {Value::decimal(pow10i128(38) - 1)}});
  r = runGlobal("sum", {col("v")}, wide);
  EXPECT_EQ(r.type, "decimal(38,0)");
  EXPECT_EQ(r.values, (V{"null"}));  // overflow: null outside ANSI mode
  auto back = makeBatch("v DECIMAL(38,0)", {{Value::decimal(pow10i128(38) - 1)}, {Value::decimal(-1)}});
  EXPECT_EQ(global("sum", {col("v")}, back), "99999999999999999999999999999999999998");
  // Once the running sum leaves the precision it stays null, as Spark's decimal Add.
  auto sticky = makeBatch("v DECIMAL(38,0)", {{Value::decimal(pow10i128(38) - 1)}, {dec(1)}, {dec(-5)}});
  EXPECT_EQ(global("sum", {col("v")}, sticky), "null");
  EXPECT_EQ(global("avg", {col("v")}, sticky), "null");
}

TEST(AggregateFunctions, SumAndAvgInterval) {
  auto batch = makeBatch("v INTERVAL DAY TO SECOND", {{i(1000000)}, {i(2000000)}, {n()}, {i(2000001)}});
  AggResult r = runGlobal("sum", {col("v")}, batch);
  EXPECT_EQ(r.type, "interval day to second");
  EXPECT_EQ(r.values, (V{Value::integer(5000001).toString(*DataType::interval())}));
  r = runGlobal("avg", {col("v")}, batch);
  EXPECT_EQ(r.type, "interval day to second");
  EXPECT_EQ(r.values, (V{Value::integer(1666667).toString(*DataType::interval())}));  // rounded half up
}

TEST(AggregateFunctions, Avg) {
  EXPECT_EQ(run("avg", {col("x")}).values, (V{"2.0", "15.0", "null"}));
  EXPECT_EQ(run("avg", {col("x")}).type, "double");
  EXPECT_EQ(run("mean", {col("y")}).values, (V{"0.875", "4.0", "null"}));
  auto batch = makeBatch("x BIGINT, str STRING", {{i(1), s("1")}, {i(2), s("2")}, {i(4), s("x")}});
  EXPECT_EQ(global("avg", {col("x")}, batch), "2.3333333333333335");
  EXPECT_EQ(global("avg", {col("str")}, batch), "1.5");
  EXPECT_EQ(global("avg", {nullLiteral()}, batch), "null");
  auto bools = makeBatch("v BOOLEAN", {{b(true)}});
  EXPECT_NE(global("avg", {col("v")}, bools).find("avg() requires"), std::string::npos);
}

TEST(AggregateFunctions, AvgDecimal) {
  auto batch = makeBatch("v DECIMAL(10,2)", {{dec(100)}, {dec(200)}, {dec(200)}, {n()}});
  AggResult r = runGlobal("avg", {col("v")}, batch);
  EXPECT_EQ(r.type, "decimal(14,6)");
  EXPECT_EQ(r.values, (V{"1.666667"}));
  auto neg = makeBatch("v DECIMAL(5,1)", {{dec(-10)}, {dec(-5)}});  // -1.0, -0.5
  EXPECT_EQ(global("avg", {col("v")}, neg), "-0.75000");
  // decimal(38, 10): the division keeps only 10 digits, then the result has 14.
  auto wide = makeBatch("v DECIMAL(38,10)", {{dec(10000000000)}, {dec(0)}, {dec(0)}});
  r = runGlobal("avg", {col("v")}, wide);
  EXPECT_EQ(r.type, "decimal(38,14)");
  EXPECT_EQ(r.values, (V{"0.33333333330000"}));
  auto none = makeBatch("v DECIMAL(10,2)", {{n()}});
  EXPECT_EQ(global("avg", {col("v")}, none), "null");
}

TEST(AggregateFunctions, MinMaxNumbers) {
  EXPECT_EQ(run("min", {col("x")}).values, (V{"1", "10", "null"}));
  EXPECT_EQ(run("max", {col("x")}).values, (V{"3", "20", "null"}));
  EXPECT_EQ(run("max", {col("x")}).type, "int");
  EXPECT_EQ(run("min", {col("y")}).values, (V{"-1.0", "4.0", "null"}));
  auto nan = makeBatch("v DOUBLE", {{d(1.0)}, {d(std::nan(""))}, {d(-3.0)}});
  EXPECT_EQ(global("max", {col("v")}, nan), "NaN");  // NaN is above every number
  EXPECT_EQ(global("min", {col("v")}, nan), "-3.0");
  auto decs = makeBatch("v DECIMAL(5,2)", {{dec(123)}, {dec(-7)}, {n()}});
  EXPECT_EQ(global("max", {col("v")}, decs), "1.23");
  EXPECT_EQ(global("min", {col("v")}, decs), "-0.07");
  EXPECT_EQ(global("max", {nullLiteral()}, decs), "null");
}

TEST(AggregateFunctions, MinMaxOtherTypes) {
  EXPECT_EQ(run("min", {col("s")}).values, (V{"a", "zz", "null"}));
  EXPECT_EQ(run("max", {col("s")}).values, (V{"c", "zzz", "null"}));
  EXPECT_EQ(run("max", {col("s")}).type, "string");
  auto batch = makeBatch("dt DATE, ts TIMESTAMP, f BOOLEAN",
                         {{i(19000), i(1700000000000000), b(true)},
                          {i(18000), i(1600000000000000), b(false)},
                          {n(), n(), n()}});
  EXPECT_EQ(global("min", {col("dt")}, batch), Value::integer(18000).toString(*DataType::date()));
  EXPECT_EQ(global("max", {col("ts")}, batch), Value::integer(1700000000000000).toString(*DataType::timestamp()));
  EXPECT_EQ(global("min", {col("f")}, batch), "false");
  EXPECT_EQ(global("max", {col("f")}, batch), "true");
  auto arrays = makeBatch("a ARRAY<INT>", {{Value::list({i(1), i(2)})}, {Value::list({i(1), i(3)})},
                                           {Value::list({i(1)})}, {n()}});
  EXPECT_EQ(global("max", {col("a")}, arrays), "[1, 3]");
  EXPECT_EQ(global("min", {col("a")}, arrays), "[1]");
  auto maps = makeBatch("m MAP<STRING, INT>", {{Value::map({s("a")}, {i(1)})}});
  EXPECT_NE(global("max", {col("m")}, maps).find("orderable"), std::string::npos);
}

TEST(AggregateFunctions, MaxByMinBy) {
  EXPECT_EQ(run("max_by", {col("s"), col("x")}).values, (V{"a", "zzz", "null"}));
  EXPECT_EQ(run("min_by", {col("s"), col("x")}).values, (V{"b", "zz", "null"}));
  EXPECT_EQ(run("max_by", {col("x"), col("y")}).values, (V{"null", "20", "null"}));  // x at y=2.5 is null
  auto ties = makeBatch("v STRING, k INT", {{s("first"), i(5)}, {s("second"), i(5)}, {s("low"), i(1)}});
  EXPECT_EQ(global("max_by", {col("v"), col("k")}, ties), "first");
}

TEST(AggregateFunctions, BoolAndOr) {
  auto batch = makeBatch("g INT, f BOOLEAN", {{i(0), b(true)}, {i(0), b(false)}, {i(1), b(true)}, {i(1), n()},
                                              {i(2), n()}});
  std::vector<uint32_t> groups{0, 0, 1, 1, 2};
  EXPECT_EQ(runAggregate("bool_and", {col("f")}, batch, groups, 3).values, (V{"false", "true", "null"}));
  EXPECT_EQ(runAggregate("every", {col("f")}, batch, groups, 3).values, (V{"false", "true", "null"}));
  EXPECT_EQ(runAggregate("bool_or", {col("f")}, batch, groups, 3).values, (V{"true", "true", "null"}));
  EXPECT_EQ(runAggregate("some", {col("f")}, batch, groups, 3).values, (V{"true", "true", "null"}));
  EXPECT_EQ(runAggregate("any", {col("f")}, batch, groups, 3).type, "boolean");
  EXPECT_NE(global("bool_and", {col("g")}, batch).find("boolean"), std::string::npos);
}

TEST(AggregateFunctions, FirstLast) {
  EXPECT_EQ(run("first", {col("x")}).values, (V{"1", "10", "null"}));
  EXPECT_EQ(run("last", {col("x")}).values, (V{"2", "null", "null"}));
  EXPECT_EQ(run("last", {col("x"), literal(b(true), DataType::boolean())}).values, (V{"2", "20", "null"}));
  EXPECT_EQ(run("last", {col("s"), literal(b(true), DataType::boolean())}).values, (V{"c", "zzz", "null"}));
  EXPECT_EQ(run("first_value", {col("s")}).values, (V{"b", "zz", "null"}));
  EXPECT_EQ(run("last_value", {col("y")}).values, (V{"0.5", "null", "null"}));
  auto nullFirst = makeBatch("v INT", {{n()}, {i(4)}, {i(5)}});
  EXPECT_EQ(global("first", {col("v")}, nullFirst), "null");
  EXPECT_EQ(global("first", {col("v"), literal(b(true), DataType::boolean())}, nullFirst), "4");
  EXPECT_EQ(global("any_value", {col("v"), literal(b(true), DataType::boolean())}, nullFirst), "4");
  auto nested = makeBatch("a ARRAY<STRING>", {{Value::list({s("x")})}, {n()}, {Value::list({s("y"), n()})}});
  EXPECT_EQ(global("first", {col("a")}, nested), "[x]");
  EXPECT_EQ(global("last", {col("a")}, nested), "[y, null]");
  EXPECT_NE(global("first", {col("v"), col("v")}, nullFirst).find("boolean literal"), std::string::npos);
}

TEST(AggregateFunctions, CollectList) {
  AggResult r = run("collect_list", {col("x")});
  EXPECT_EQ(r.type, "array<int>");
  EXPECT_EQ(r.values, (V{"[1, 3, 2]", "[10, 20]", "[]"}));  // nulls skipped; empty group: []
  EXPECT_EQ(run("collect_list", {col("s")}).values, (V{"[b, a, c]", "[zz, zzz]", "[]"}));
  EXPECT_EQ(run("array_agg", {col("y")}).values, (V{"[1.5, 2.5, -1.0, 0.5]", "[4.0]", "[]"}));
  auto nested = makeBatch("a ARRAY<INT>", {{Value::list({i(1), n()})}, {n()}, {Value::list({})}});
  EXPECT_EQ(global("collect_list", {col("a")}, nested), "[[1, null], []]");
  auto bools = makeBatch("f BOOLEAN", {{b(true)}, {n()}, {b(false)}, {b(true)}});
  EXPECT_EQ(global("collect_list", {col("f")}, bools), "[true, false, true]");
  EXPECT_EQ(global("collect_list", {nullLiteral()}, bools), "[]");
}

TEST(AggregateFunctions, CollectSet) {
  auto batch = makeBatch("g INT, v INT, t STRING", {{i(0), i(3), s("a")}, {i(0), i(1), s("b")}, {i(1), i(3), s("a")},
                                                    {i(0), i(3), n()}, {i(0), n(), s("b")}, {i(1), i(3), s("a")},
                                                    {i(0), i(1), s("c")}});
  std::vector<uint32_t> groups{0, 0, 1, 0, 0, 1, 0};
  AggResult r = runAggregate("collect_set", {col("v")}, batch, groups, 3);
  EXPECT_EQ(r.type, "array<int>");
  ASSERT_EQ(r.values.size(), 3u);
  EXPECT_EQ(sortedList(r.values[0]), "[1, 3]");
  EXPECT_EQ(r.values[1], "[3]");
  EXPECT_EQ(r.values[2], "[]");
  r = runAggregate("collect_set", {col("t")}, batch, groups, 3);
  EXPECT_EQ(sortedList(r.values[0]), "[a, b, c]");
  auto maps = makeBatch("m MAP<STRING, INT>", {{Value::map({s("a")}, {i(1)})}});
  EXPECT_NE(global("collect_set", {col("m")}, maps).find("map"), std::string::npos);
}

TEST(AggregateFunctions, Distinct) {
  auto batch = makeBatch("g INT, v INT, w DOUBLE, t STRING",
                         {{i(0), i(1), d(0.0), s("a")}, {i(0), i(1), d(-0.0), s("a")}, {i(0), i(2), d(std::nan("")), n()},
                          {i(1), i(1), d(-std::nan("")), s("a")}, {i(0), n(), d(1.0), s("b")}, {i(1), i(1), n(), s("b")},
                          {i(0), i(2), d(std::nan("")), s("a")}});
  std::vector<uint32_t> groups{0, 0, 0, 1, 0, 1, 0};
  EXPECT_EQ(runAggregate("count", {col("v")}, batch, groups, 3, true).values, (V{"2", "1", "0"}));
  EXPECT_EQ(runAggregate("sum", {col("v")}, batch, groups, 3, true).values, (V{"3", "1", "null"}));
  EXPECT_EQ(runAggregate("avg", {col("v")}, batch, groups, 3, true).values, (V{"1.5", "1.0", "null"}));
  // NaN equals NaN and -0.0 equals 0.0, as Spark normalizes them.
  EXPECT_EQ(runAggregate("count", {col("w")}, batch, groups, 3, true).values, (V{"3", "1", "0"}));
  EXPECT_EQ(runAggregate("count", {col("t")}, batch, groups, 3, true).values, (V{"2", "2", "0"}));
  EXPECT_EQ(runAggregate("count", {col("v"), col("t")}, batch, groups, 3, true).values, (V{"2", "2", "0"}));
  EXPECT_EQ(runAggregate("count", {star()}, batch, groups, 3, true).values, (V{"1", "1", "0"}));
  auto nested = makeBatch("a ARRAY<INT>", {{Value::list({i(1)})}, {Value::list({i(1)})}, {Value::list({i(1), n()})},
                                           {Value::list({})}, {n()}});
  EXPECT_EQ(global("count", {col("a")}, nested, true), "3");
}

// Two-pass reference statistics.
struct Ref {
  double mean = 0, m2 = 0, m3 = 0, m4 = 0, n = 0;
  explicit Ref(const std::vector<double>& xs) {
    n = static_cast<double>(xs.size());
    for (double x : xs) mean += x / n;
    for (double x : xs) {
      double dx = x - mean;
      m2 += dx * dx;
      m3 += dx * dx * dx;
      m4 += dx * dx * dx * dx;
    }
  }
};

double parse(const std::string& s) { return std::stod(s); }

TEST(AggregateFunctions, StddevVariance) {
  std::vector<double> xs{2, 4, 4, 4, 5, 5, 7, 9, 1.5, -3};
  std::vector<std::vector<Value>> rows;
  for (double x : xs) rows.push_back({d(x)});
  rows.push_back({n()});
  auto batch = makeBatch("v DOUBLE", rows);
  Ref ref(xs);
  EXPECT_NEAR(parse(global("var_pop", {col("v")}, batch)), ref.m2 / ref.n, 1e-12);
  EXPECT_NEAR(parse(global("var_samp", {col("v")}, batch)), ref.m2 / (ref.n - 1), 1e-12);
  EXPECT_NEAR(parse(global("variance", {col("v")}, batch)), ref.m2 / (ref.n - 1), 1e-12);
  EXPECT_NEAR(parse(global("stddev_pop", {col("v")}, batch)), std::sqrt(ref.m2 / ref.n), 1e-12);
  EXPECT_NEAR(parse(global("stddev_samp", {col("v")}, batch)), std::sqrt(ref.m2 / (ref.n - 1)), 1e-12);
  EXPECT_NEAR(parse(global("stddev", {col("v")}, batch)), std::sqrt(ref.m2 / (ref.n - 1)), 1e-12);
  EXPECT_NEAR(parse(global("std", {col("v")}, batch)), std::sqrt(ref.m2 / (ref.n - 1)), 1e-12);
  EXPECT_NEAR(parse(global("skewness", {col("v")}, batch)), std::sqrt(ref.n) * ref.m3 / std::pow(ref.m2, 1.5), 1e-12);
  EXPECT_NEAR(parse(global("kurtosis", {col("v")}, batch)), ref.n * ref.m4 / (ref.m2 * ref.m2) - 3.0, 1e-12);
  EXPECT_EQ(runGlobal("stddev", {col("v")}, batch).type, "double");

  auto ints = makeBatch("v INT, str STRING", {{i(1), s("1")}, {i(2), s("2")}, {i(3), s("3")}, {i(4), s("4")}});
  EXPECT_EQ(global("var_samp", {col("v")}, ints), "1.6666666666666667");
  EXPECT_EQ(global("var_pop", {col("str")}, ints), "1.25");
  // Spark 3: a sample statistic of one row is null; the population one is 0.
  auto one = makeBatch("v INT", {{i(5)}, {n()}});
  EXPECT_EQ(global("stddev_samp", {col("v")}, one), "null");
  EXPECT_EQ(global("var_samp", {col("v")}, one), "null");
  EXPECT_EQ(global("stddev_pop", {col("v")}, one), "0.0");
  EXPECT_EQ(global("var_pop", {col("v")}, one), "0.0");
  EXPECT_EQ(global("skewness", {col("v")}, one), "null");
  EXPECT_EQ(global("kurtosis", {col("v")}, one), "null");
  auto none = makeBatch("v INT", {{n()}});
  EXPECT_EQ(global("var_pop", {col("v")}, none), "null");
  EXPECT_EQ(global("stddev", {nullLiteral()}, none), "null");
  auto decs = makeBatch("v DECIMAL(4,1)", {{dec(10)}, {dec(30)}});
  EXPECT_EQ(global("var_pop", {col("v")}, decs), "1.0");
  auto bools = makeBatch("v BOOLEAN", {{b(true)}});
  EXPECT_NE(global("stddev", {col("v")}, bools).find("stddev_samp() requires a numeric argument"), std::string::npos);
}

TEST(AggregateFunctions, CovarianceCorr) {
  auto batch = makeBatch("x INT, y DOUBLE",
                         {{i(1), d(2.0)}, {i(2), d(4.5)}, {i(3), d(5.5)}, {n(), d(100.0)}, {i(4), d(8.0)}, {i(100), n()}});
  // x = 1..4 (mean 2.5), y = 2, 4.5, 5.5, 8 (mean 5): sum dx*dy = 9.5
  EXPECT_NEAR(parse(global("covar_pop", {col("x"), col("y")}, batch)), 9.5 / 4, 1e-12);
  EXPECT_NEAR(parse(global("covar_samp", {col("x"), col("y")}, batch)), 9.5 / 3, 1e-12);
  EXPECT_NEAR(parse(global("corr", {col("x"), col("y")}, batch)), 9.5 / std::sqrt(5.0 * 18.5), 1e-12);
  auto one = makeBatch("x INT, y INT", {{i(1), i(2)}});
  EXPECT_EQ(global("covar_pop", {col("x"), col("y")}, one), "0.0");
  EXPECT_EQ(global("covar_samp", {col("x"), col("y")}, one), "null");
  EXPECT_EQ(global("corr", {col("x"), col("y")}, one), "null");
  auto none = makeBatch("x INT, y INT", {{n(), i(1)}});
  EXPECT_EQ(global("covar_pop", {col("x"), col("y")}, none), "null");
}

TEST(AggregateFunctions, ConstantArguments) {
  auto batch = makeBatch("x INT", {{i(1)}, {i(2)}, {i(3)}, {i(4)}});
  EXPECT_EQ(global("sum", {i32(2)}, batch), "8");
  EXPECT_EQ(global("max", {str("k")}, batch), "k");
  EXPECT_EQ(global("collect_list", {i32(7)}, batch), "[7, 7, 7, 7]");
  EXPECT_EQ(global("count", {i32(7)}, batch, true), "1");
  EXPECT_EQ(global("approx_count_distinct", {i32(7)}, batch), "1");
  EXPECT_EQ(global("first", {nullLiteral()}, batch), "null");
  EXPECT_EQ(global("stddev_pop", {f64(3.0)}, batch), "0.0");
}

}  // namespace
}  // namespace spate
