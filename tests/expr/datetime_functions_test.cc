#include <cmath>

#include <gtest/gtest.h>

#include "expr_test_util.h"
#include "spate/common/datetime.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

// evalExpr's current time: 2023-11-14 22:13:20 UTC.
constexpr int64_t kNow = 1700000000000000;

Value date(std::string_view s) { return Value::integer(parseDate(s).value()); }
Value ts(std::string_view s) { return Value::integer(parseTimestamp(s).value()); }
ExprPtr dateLit(std::string_view s) { return literal(date(s), DataType::date()); }
ExprPtr tsLit(std::string_view s) { return literal(ts(s), DataType::timestamp()); }
ExprPtr nullStr() { return literal(Value::null(), DataType::string()); }

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

// A string, a date and a timestamp per row; the last row is all null.
BatchPtr temporals() {
  return makeBatch("s STRING, d DATE, t TIMESTAMP",
                   {{Value::string("2024-03-05 13:04:05.123456"), date("2024-03-05"), ts("2024-03-05 13:04:05.123456")},
                    {Value::string("1969-12-31 23:59:59"), date("1969-12-31"), ts("1969-12-31 23:59:59.5")},
                    {Value::null(), Value::null(), Value::null()}});
}

V eval1(const ExprPtr& e) { return evalToStrings(e, one()); }
std::string evalOne(const ExprPtr& e) { return eval1(e).at(0); }

TypePtr typeOf(const ExprPtr& e, const BatchPtr& b) {
  auto bound = bindExpr(*e, scopeOf(*b));
  EXPECT_TRUE(bound.ok()) << bound.status().toString();
  return bound.ok() ? (*bound)->type() : nullptr;
}

std::string errorOf(const ExprPtr& e, const BatchPtr& b) {
  auto r = evalExpr(e, b);
  return r.ok() ? "no error" : r.status().toString();
}

TEST(DatetimeFunctions, ToTimestamp) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("to_timestamp", {col("s")}), b),
            (V{"2024-03-05 13:04:05.123456", "1969-12-31 23:59:59", "null"}));
  EXPECT_EQ(evalToStrings(call("to_timestamp", {col("d")}), b), (V{"2024-03-05 00:00:00", "1969-12-31 00:00:00", "null"}));
  EXPECT_EQ(evalOne(call("to_timestamp", {i64(86400)})), "1970-01-02 00:00:00");
  EXPECT_EQ(evalOne(call("to_timestamp", {str("not a time")})), "null");
  EXPECT_EQ(evalOne(call("to_timestamp", {str("05/03/2024 13:04"), str("dd/MM/yyyy HH:mm")})), "2024-03-05 13:04:00");
  EXPECT_EQ(evalOne(call("to_timestamp", {str("2024-03-05"), str("dd/MM/yyyy")})), "null");
  EXPECT_EQ(evalOne(call("to_timestamp", {nullStr(), str("yyyy")})), "null");
  EXPECT_EQ(evalOne(call("to_timestamp", {str("2024"), nullStr()})), "null");
  EXPECT_EQ(evalOne(call("to_timestamp", {i32(20240305), str("yyyyMMdd")})), "2024-03-05 00:00:00");
  EXPECT_EQ(evalToStrings(call("to_timestamp", {col("t"), str("yyyy")}), b),
            (V{"2024-03-05 13:04:05.123456", "1969-12-31 23:59:59.5", "null"}));
  EXPECT_EQ(typeOf(call("to_timestamp", {col("s")}), b)->simpleString(), "timestamp");
  EXPECT_NE(errorOf(call("to_timestamp", {col("s"), str("YYYY")}), b).find("week-based"), std::string::npos);
  EXPECT_NE(errorOf(call("to_timestamp", {call("array", {col("s")})}), b).find("to_timestamp() argument 1"),
            std::string::npos);
}

TEST(DatetimeFunctions, FormatFromAColumn) {
  auto b = makeBatch("s STRING, f STRING", {{Value::string("2024-03-05"), Value::string("yyyy-MM-dd")},
                                           {Value::string("05/03/2024"), Value::string("dd/MM/yyyy")},
                                           {Value::string("05/03/2024"), Value::string("dd/MM/yyyy")},
                                           {Value::string("2024"), Value::null()}});
  EXPECT_EQ(evalToStrings(call("to_date", {col("s"), col("f")}), b), (V{"2024-03-05", "2024-03-05", "2024-03-05", "null"}));
  auto bad = makeBatch("s STRING, f STRING", {{Value::string("2024"), Value::string("yyyy-ww")}});
  EXPECT_NE(errorOf(call("to_date", {col("s"), col("f")}), bad).find("week-based"), std::string::npos);
}

TEST(DatetimeFunctions, ToDate) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("to_date", {col("s")}), b), (V{"2024-03-05", "1969-12-31", "null"}));
  EXPECT_EQ(evalToStrings(call("to_date", {col("t")}), b), (V{"2024-03-05", "1969-12-31", "null"}));
  EXPECT_EQ(evalOne(call("to_date", {str("2024-02-30")})), "null");
  EXPECT_EQ(evalOne(call("to_date", {str("03/05/2024 23:59"), str("MM/dd/yyyy HH:mm")})), "2024-03-05");
  EXPECT_EQ(evalOne(call("to_date", {str("2024-03-05"), str("MM/dd/yyyy")})), "null");
  EXPECT_EQ(typeOf(call("to_date", {col("s")}), b)->simpleString(), "date");
  EXPECT_NE(errorOf(call("to_date", {i32(1)}), b).find("to_date() argument 1 must be a date"), std::string::npos);
}

TEST(DatetimeFunctions, DateFormat) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("date_format", {col("t"), str("yyyy/MM/dd HH:mm:ss.SSS")}), b),
            (V{"2024/03/05 13:04:05.123", "1969/12/31 23:59:59.500", "null"}));
  EXPECT_EQ(evalToStrings(call("date_format", {col("d"), str("EEEE d MMMM yyyy")}), b),
            (V{"Tuesday 5 March 2024", "Wednesday 31 December 1969", "null"}));
  EXPECT_EQ(evalToStrings(call("date_format", {col("s"), str("yyyy-MM-dd'T'HH:mm:ssXXX")}), b),
            (V{"2024-03-05T13:04:05Z", "1969-12-31T23:59:59Z", "null"}));
  EXPECT_EQ(evalOne(call("date_format", {tsLit("2024-03-05 13:04:05"), nullStr()})), "null");
  EXPECT_EQ(evalOne(call("date_format", {tsLit("2024-03-05 13:04:05"), str("h:mm a, QQQ")})), "1:04 PM, Q1");
  EXPECT_NE(errorOf(call("date_format", {col("t"), str("yyyy 'x")}), b).find("date_format()"), std::string::npos);
  EXPECT_NE(errorOf(call("date_format", {i32(1), str("yyyy")}), b).find("must be a timestamp"), std::string::npos);
}

TEST(DatetimeFunctions, UnixTimestamp) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("unix_timestamp", {col("t")}), b), (V{"1709643845", "-1", "null"}));
  EXPECT_EQ(evalToStrings(call("unix_timestamp", {col("d")}), b), (V{"1709596800", "-86400", "null"}));
  // The default pattern is yyyy-MM-dd HH:mm:ss, so a fraction does not parse.
  EXPECT_EQ(evalToStrings(call("unix_timestamp", {col("s")}), b), (V{"null", "-1", "null"}));
  EXPECT_EQ(evalOne(call("unix_timestamp", {str("2024-03-05"), str("yyyy-MM-dd")})), "1709596800");
  EXPECT_EQ(evalOne(call("unix_timestamp", {str("1970-01-01 00:00:00 +01:00"), str("yyyy-MM-dd HH:mm:ss XXX")})),
            "-3600");
  EXPECT_EQ(evalOne(call("unix_timestamp", {})), std::to_string(kNow / 1000000));
  EXPECT_EQ(evalOne(call("to_unix_timestamp", {str("2024-03-05 00:00:01")})), "1709596801");
  EXPECT_EQ(evalOne(call("to_unix_timestamp", {nullStr()})), "null");
  EXPECT_EQ(typeOf(call("unix_timestamp", {col("t")}), b)->simpleString(), "bigint");
}

TEST(DatetimeFunctions, FromUnixtime) {
  auto b = makeBatch("n BIGINT", {{Value::integer(0)}, {Value::integer(1709643845)}, {Value::integer(-1)}, {Value::null()}});
  EXPECT_EQ(evalToStrings(call("from_unixtime", {col("n")}), b),
            (V{"1970-01-01 00:00:00", "2024-03-05 13:04:05", "1969-12-31 23:59:59", "null"}));
  EXPECT_EQ(evalToStrings(call("from_unixtime", {col("n"), str("yyyy/MM/dd")}), b),
            (V{"1970/01/01", "2024/03/05", "1969/12/31", "null"}));
  EXPECT_EQ(evalOne(call("from_unixtime", {f64(1.9)})), "1970-01-01 00:00:01");
  EXPECT_EQ(evalOne(call("from_unixtime", {i64(INT64_MAX)})), "null");
  EXPECT_EQ(evalOne(call("from_unixtime", {i64(0), nullStr()})), "null");
  EXPECT_EQ(typeOf(call("from_unixtime", {col("n")}), b)->simpleString(), "string");
}

TEST(DatetimeFunctions, CurrentTime) {
  EXPECT_EQ(evalOne(call("current_timestamp", {})), "2023-11-14 22:13:20");
  EXPECT_EQ(evalOne(call("now", {})), "2023-11-14 22:13:20");
  EXPECT_EQ(evalOne(call("current_date", {})), "2023-11-14");
  EXPECT_EQ(evalOne(call("current_timezone", {})), "UTC");
  // Not folded at bind time: the value comes from the evaluation context.
  auto bound = bindExpr(*call("year", {call("current_date", {})}), scopeOf(*one()));
  ASSERT_TRUE(bound.ok());
  EXPECT_EQ((*bound)->literalValue(), nullptr);
  EXPECT_FALSE((*bound)->deterministic());
  EvalContext ctx;
  ctx.currentTimestampMicros = parseTimestamp("2030-06-01 00:00:00").value();
  auto c = (*bound)->eval(*one(), ctx);
  ASSERT_TRUE(c.ok());
  EXPECT_EQ((*c)->valueAt(0).asInt(), 2030);
}

TEST(DatetimeFunctions, DateFields) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("year", {col("d")}), b), (V{"2024", "1969", "null"}));
  EXPECT_EQ(evalToStrings(call("year", {col("s")}), b), (V{"2024", "1969", "null"}));
  EXPECT_EQ(evalToStrings(call("month", {col("t")}), b), (V{"3", "12", "null"}));
  EXPECT_EQ(evalToStrings(call("dayofmonth", {col("d")}), b), (V{"5", "31", "null"}));
  EXPECT_EQ(evalToStrings(call("day", {col("d")}), b), (V{"5", "31", "null"}));
  EXPECT_EQ(evalToStrings(call("dayofweek", {col("d")}), b), (V{"3", "4", "null"}));  // Tue, Wed; 1 = Sunday
  EXPECT_EQ(evalToStrings(call("weekday", {col("d")}), b), (V{"1", "2", "null"}));    // 0 = Monday
  EXPECT_EQ(evalToStrings(call("dayofyear", {col("d")}), b), (V{"65", "365", "null"}));
  EXPECT_EQ(evalToStrings(call("quarter", {col("d")}), b), (V{"1", "4", "null"}));
  EXPECT_EQ(evalToStrings(call("weekofyear", {col("d")}), b), (V{"10", "1", "null"}));
  EXPECT_EQ(evalOne(call("dayofweek", {str("2024-03-10")})), "1");
  EXPECT_EQ(evalOne(call("year", {str("garbage")})), "null");
  EXPECT_EQ(typeOf(call("year", {col("d")}), b)->simpleString(), "int");
  EXPECT_NE(errorOf(call("month", {i32(3)}), b).find("month() argument 1 must be a date"), std::string::npos);
}

TEST(DatetimeFunctions, IsoWeeks) {
  // ISO weeks start on Monday; week 1 holds the first Thursday.
  EXPECT_EQ(evalOne(call("weekofyear", {str("2021-01-03")})), "53");
  EXPECT_EQ(evalOne(call("weekofyear", {str("2021-01-04")})), "1");
  EXPECT_EQ(evalOne(call("weekofyear", {str("2024-12-30")})), "1");
  EXPECT_EQ(evalOne(call("weekofyear", {str("2020-12-31")})), "53");
  EXPECT_EQ(evalOne(call("date_part", {str("YEAROFWEEK"), str("2024-12-30")})), "2025");
}

TEST(DatetimeFunctions, TimeFields) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("hour", {col("t")}), b), (V{"13", "23", "null"}));
  EXPECT_EQ(evalToStrings(call("minute", {col("t")}), b), (V{"4", "59", "null"}));
  EXPECT_EQ(evalToStrings(call("second", {col("t")}), b), (V{"5", "59", "null"}));
  EXPECT_EQ(evalToStrings(call("hour", {col("s")}), b), (V{"13", "23", "null"}));
  EXPECT_EQ(evalToStrings(call("hour", {col("d")}), b), (V{"0", "0", "null"}));
  EXPECT_EQ(evalOne(call("second", {str("bad")})), "null");
}

TEST(DatetimeFunctions, DatePart) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("date_part", {str("year"), col("t")}), b), (V{"2024", "1969", "null"}));
  EXPECT_EQ(evalToStrings(call("date_part", {str("SECOND"), col("t")}), b), (V{"5.123456", "59.500000", "null"}));
  EXPECT_EQ(evalToStrings(call("extract", {str("DOW_ISO"), col("d")}), b), (V{"2", "3", "null"}));
  EXPECT_EQ(evalToStrings(call("date_part", {str("doy"), col("d")}), b), (V{"65", "365", "null"}));
  EXPECT_EQ(typeOf(call("date_part", {str("SECOND"), col("t")}), b)->simpleString(), "decimal(8,6)");
  EXPECT_NE(errorOf(call("date_part", {str("FORTNIGHT"), col("t")}), b).find("FORTNIGHT"), std::string::npos);
  EXPECT_NE(errorOf(call("date_part", {col("s"), col("t")}), b).find("literal"), std::string::npos);
}

TEST(DatetimeFunctions, DateAddSubDiff) {
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("date_add", {col("d"), i32(1)}), b), (V{"2024-03-06", "1970-01-01", "null"}));
  EXPECT_EQ(evalToStrings(call("date_sub", {col("d"), i32(5)}), b), (V{"2024-02-29", "1969-12-26", "null"}));
  EXPECT_EQ(evalToStrings(call("date_add", {col("t"), i32(-1)}), b), (V{"2024-03-04", "1969-12-30", "null"}));
  EXPECT_EQ(evalOne(call("date_add", {str("2024-02-28"), str("2")})), "2024-03-01");
  EXPECT_EQ(evalOne(call("dateadd", {str("2024-02-28"), i32(1)})), "2024-02-29");
  EXPECT_EQ(evalOne(call("date_add", {str("2024-02-28"), literal(Value::null(), DataType::int_())})), "null");
  EXPECT_EQ(evalToStrings(call("datediff", {col("d"), str("2024-01-01")}), b), (V{"64", "-19724", "null"}));
  EXPECT_EQ(evalOne(call("datediff", {tsLit("2024-03-05 23:59:59"), tsLit("2024-03-06 00:00:01")})), "-1");
  EXPECT_EQ(evalOne(call("date_diff", {str("2024-03-05"), str("2024-03-01")})), "4");
  EXPECT_EQ(typeOf(call("datediff", {col("d"), col("d")}), b)->simpleString(), "int");
  EXPECT_NE(errorOf(call("date_add", {col("d"), dateLit("2024-01-01")}), b).find("date_add() argument 2"),
            std::string::npos);
}

TEST(DatetimeFunctions, AddMonths) {
  EXPECT_EQ(evalOne(call("add_months", {str("2024-01-31"), i32(1)})), "2024-02-29");
  EXPECT_EQ(evalOne(call("add_months", {str("2023-01-31"), i32(1)})), "2023-02-28");
  EXPECT_EQ(evalOne(call("add_months", {str("2024-02-29"), i32(12)})), "2025-02-28");
  EXPECT_EQ(evalOne(call("add_months", {str("2024-03-15"), i32(-15)})), "2022-12-15");
  EXPECT_EQ(evalOne(call("add_months", {str("2024-02-28"), i32(1)})), "2024-03-28");  // no end-of-month snapping
  EXPECT_EQ(evalOne(call("add_months", {nullStr(), i32(1)})), "null");
}

TEST(DatetimeFunctions, MonthsBetween) {
  EXPECT_EQ(evalOne(call("months_between", {str("1997-02-28 10:30:00"), str("1996-10-30")})), "3.94959677");
  EXPECT_EQ(evalOne(call("months_between",
                         {str("1997-02-28 10:30:00"), str("1996-10-30"), literal(Value::boolean(false), DataType::boolean())})),
            "3.9495967741935485");
  EXPECT_EQ(evalOne(call("months_between", {str("2024-03-31"), str("2024-02-29")})), "1.0");  // both month ends
  EXPECT_EQ(evalOne(call("months_between", {str("2024-03-15 12:00:00"), str("2024-01-15")})), "2.0");
  EXPECT_EQ(evalOne(call("months_between", {str("2024-01-01"), str("2024-03-01")})), "-2.0");
  EXPECT_EQ(evalOne(call("months_between", {nullStr(), str("2024-03-01")})), "null");
}

TEST(DatetimeFunctions, LastDayAndNextDay) {
  EXPECT_EQ(evalOne(call("last_day", {str("2024-02-10")})), "2024-02-29");
  EXPECT_EQ(evalOne(call("last_day", {str("2023-12-31 23:00:00")})), "2023-12-31");
  EXPECT_EQ(evalOne(call("last_day", {nullStr()})), "null");
  EXPECT_EQ(evalOne(call("next_day", {str("2024-03-05"), str("TU")})), "2024-03-12");  // a Tuesday: the next one
  EXPECT_EQ(evalOne(call("next_day", {str("2024-03-05"), str("wednesday")})), "2024-03-06");
  EXPECT_EQ(evalOne(call("next_day", {str("2024-03-05"), str("Mon")})), "2024-03-11");
  EXPECT_EQ(evalOne(call("next_day", {str("2024-03-05"), str("funday")})), "null");
  EXPECT_EQ(evalOne(call("next_day", {str("2024-03-05"), nullStr()})), "null");
  auto b = makeBatch("d DATE, w STRING", {{date("2024-03-05"), Value::string("SUN")}, {date("2024-03-05"), Value::string("x")}});
  EXPECT_EQ(evalToStrings(call("next_day", {col("d"), col("w")}), b), (V{"2024-03-10", "null"}));
}

TEST(DatetimeFunctions, DateTrunc) {
  auto t = tsLit("2024-08-15 13:04:05.123456");
  auto trunc = [&](const char* unit) { return evalOne(call("date_trunc", {str(unit), t})); };
  EXPECT_EQ(trunc("YEAR"), "2024-01-01 00:00:00");
  EXPECT_EQ(trunc("yyyy"), "2024-01-01 00:00:00");
  EXPECT_EQ(trunc("YY"), "2024-01-01 00:00:00");
  EXPECT_EQ(trunc("QUARTER"), "2024-07-01 00:00:00");
  EXPECT_EQ(trunc("MONTH"), "2024-08-01 00:00:00");
  EXPECT_EQ(trunc("mm"), "2024-08-01 00:00:00");
  EXPECT_EQ(trunc("MON"), "2024-08-01 00:00:00");
  EXPECT_EQ(trunc("WEEK"), "2024-08-12 00:00:00");
  EXPECT_EQ(trunc("DAY"), "2024-08-15 00:00:00");
  EXPECT_EQ(trunc("DD"), "2024-08-15 00:00:00");
  EXPECT_EQ(trunc("HOUR"), "2024-08-15 13:00:00");
  EXPECT_EQ(trunc("MINUTE"), "2024-08-15 13:04:00");
  EXPECT_EQ(trunc("SECOND"), "2024-08-15 13:04:05");
  EXPECT_EQ(trunc("MILLISECOND"), "2024-08-15 13:04:05.123");
  EXPECT_EQ(trunc("MICROSECOND"), "2024-08-15 13:04:05.123456");
  EXPECT_EQ(trunc("DECADE"), "null");
  EXPECT_EQ(evalOne(call("date_trunc", {str("HOUR"), tsLit("1969-12-31 23:59:59.5")})), "1969-12-31 23:00:00");
  EXPECT_EQ(evalOne(call("date_trunc", {str("MONTH"), str("2024-02-29")})), "2024-02-01 00:00:00");
  EXPECT_EQ(evalOne(call("date_trunc", {nullStr(), t})), "null");
  auto b = makeBatch("u STRING, t TIMESTAMP", {{Value::string("hour"), ts("2024-08-15 13:04:05")},
                                               {Value::string("bad"), ts("2024-08-15 13:04:05")},
                                               {Value::string("day"), Value::null()}});
  EXPECT_EQ(evalToStrings(call("date_trunc", {col("u"), col("t")}), b), (V{"2024-08-15 13:00:00", "null", "null"}));
  EXPECT_EQ(typeOf(call("date_trunc", {str("DAY"), col("t")}), b)->simpleString(), "timestamp");
}

TEST(DatetimeFunctions, Trunc) {
  auto d = dateLit("2024-08-15");
  auto trunc = [&](const char* unit) { return evalOne(call("trunc", {d, str(unit)})); };
  EXPECT_EQ(trunc("YEAR"), "2024-01-01");
  EXPECT_EQ(trunc("yy"), "2024-01-01");
  EXPECT_EQ(trunc("QUARTER"), "2024-07-01");
  EXPECT_EQ(trunc("MONTH"), "2024-08-01");
  EXPECT_EQ(trunc("MON"), "2024-08-01");
  EXPECT_EQ(trunc("MM"), "2024-08-01");
  EXPECT_EQ(trunc("WEEK"), "2024-08-12");
  EXPECT_EQ(trunc("DAY"), "null");  // trunc only truncates to a week or coarser
  EXPECT_EQ(evalOne(call("trunc", {str("2024-08-15 10:00:00"), str("MONTH")})), "2024-08-01");
  EXPECT_EQ(evalOne(call("trunc", {nullStr(), str("MONTH")})), "null");
  EXPECT_EQ(typeOf(call("trunc", {d, str("MONTH")}), one())->simpleString(), "date");
}

TEST(DatetimeFunctions, MakeDateAndTimestamp) {
  EXPECT_EQ(evalOne(call("make_date", {i32(2024), i32(2), i32(29)})), "2024-02-29");
  EXPECT_EQ(evalOne(call("make_date", {i32(2023), i32(2), i32(29)})), "null");
  EXPECT_EQ(evalOne(call("make_date", {i32(2023), i32(13), i32(1)})), "null");
  EXPECT_EQ(evalOne(call("make_date", {i32(2023), literal(Value::null(), DataType::int_()), i32(1)})), "null");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2014), i32(12), i32(28), i32(6), i32(30), f64(45.887)})),
            "2014-12-28 06:30:45.887");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2014), i32(12), i32(28), i32(6), i32(30), i32(45), str("+01:00")})),
            "2014-12-28 05:30:45");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2019), i32(6), i32(30), i32(23), i32(59), i32(60)})),
            "2019-07-01 00:00:00");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2019), i32(6), i32(30), i32(23), i32(59), f64(60.5)})), "null");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2019), i32(6), i32(31), i32(23), i32(59), i32(1)})), "null");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2019), i32(6), i32(30), i32(24), i32(0), i32(1)})), "null");
  EXPECT_EQ(evalOne(call("make_timestamp", {i32(2019), i32(6), i32(30), i32(1), i32(0), nullStr()})), "null");
  EXPECT_NE(errorOf(call("make_timestamp", {i32(2019), i32(6), i32(30), i32(1), i32(0), i32(0), str("Mars/Base")}),
                    one())
                .find("Mars/Base"),
            std::string::npos);
}

TEST(DatetimeFunctions, EpochConversions) {
  EXPECT_EQ(evalOne(call("timestamp_seconds", {i64(1230219000)})), "2008-12-25 15:30:00");
  EXPECT_EQ(evalOne(call("timestamp_seconds", {literal(Value::decimal(1230219000123), DataType::decimal(13, 3))})),
            "2008-12-25 15:30:00.123");
  EXPECT_EQ(evalOne(call("timestamp_seconds", {f64(-1.5)})), "1969-12-31 23:59:58.5");
  EXPECT_EQ(evalOne(call("timestamp_seconds", {f64(std::nan(""))})), "null");
  EXPECT_EQ(evalOne(call("timestamp_seconds", {i64(INT64_MAX)})), "null");
  EXPECT_EQ(evalOne(call("timestamp_seconds", {literal(Value::null(), DataType::long_())})), "null");
  EXPECT_EQ(evalOne(call("timestamp_millis", {i64(1230219000123)})), "2008-12-25 15:30:00.123");
  EXPECT_EQ(evalOne(call("timestamp_micros", {i64(1230219000123123)})), "2008-12-25 15:30:00.123123");
  EXPECT_EQ(evalOne(call("timestamp_micros", {i32(-1)})), "1969-12-31 23:59:59.999999");
  EXPECT_NE(errorOf(call("timestamp_millis", {f64(1.5)}), one()).find("integral"), std::string::npos);
  auto b = temporals();
  EXPECT_EQ(evalToStrings(call("unix_seconds", {col("t")}), b), (V{"1709643845", "-1", "null"}));
  EXPECT_EQ(evalToStrings(call("unix_millis", {col("t")}), b), (V{"1709643845123", "-500", "null"}));
  EXPECT_EQ(evalToStrings(call("unix_micros", {col("t")}), b), (V{"1709643845123456", "-500000", "null"}));
  EXPECT_EQ(evalToStrings(call("unix_date", {col("d")}), b), (V{"19787", "-1", "null"}));
  EXPECT_EQ(evalOne(call("date_from_unix_date", {i32(19787)})), "2024-03-05");
  EXPECT_EQ(evalOne(call("date_from_unix_date", {literal(Value::null(), DataType::int_())})), "null");
  EXPECT_EQ(typeOf(call("unix_date", {col("d")}), b)->simpleString(), "int");
  EXPECT_EQ(typeOf(call("unix_seconds", {col("t")}), b)->simpleString(), "bigint");
}

TEST(DatetimeFunctions, ManyRowsWithConstants) {
  // Constant and column arguments mixed over a larger batch.
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 1000; ++i) {
    rows.push_back({Value::integer(i), i % 7 == 0 ? Value::null() : Value::string(fmt::format("2024-01-{:02d}", i % 28 + 1))});
  }
  auto b = makeBatch("i INT, s STRING", rows);
  auto r = evalExpr(call("date_add", {call("to_date", {col("s"), str("yyyy-MM-dd")}), col("i")}), b);
  ASSERT_TRUE(r.ok()) << r.status().toString();
  EXPECT_EQ((*r)->valueAt(0).isNull(), true);
  EXPECT_EQ((*r)->valueAt(1).toString(*DataType::date()), "2024-01-03");
  EXPECT_EQ((*r)->valueAt(999).toString(*DataType::date()), formatDate(parseDate("2024-01-20").value() + 999));
}

}  // namespace
}  // namespace spate
