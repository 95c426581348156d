#include <gtest/gtest.h>

#include "spate/common/datetime.h"
#include "spate/sql/ast.h"

namespace spate::sql {
namespace {

ExprPtr parseOk(std::string_view text) {
  auto r = parseExpression(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.status().message();
  return r.ok() ? *r : nullLiteral();
}

std::string sqlOf(std::string_view text) { return parseOk(text)->sql(); }

std::string errorOf(std::string_view text) {
  auto r = parseExpression(text);
  EXPECT_FALSE(r.ok()) << "expected an error for: " << text << "\ngot: " << (r.ok() ? (*r)->sql() : "");
  if (r.ok()) return "";
  EXPECT_EQ(r.status().code(), StatusCode::kParseError);
  return r.status().message();
}

void expectLiteral(std::string_view text, TypeId type, const Value& value) {
  ExprPtr e = parseOk(text);
  ASSERT_EQ(e->kind, ExprKind::kLiteral) << text;
  EXPECT_EQ(e->literalType->id(), type) << text << " -> " << e->literalType->simpleString();
  EXPECT_TRUE(e->literal == value) << text << " -> " << e->literal.toString(*e->literalType);
}

TEST(SqlParserExpr, ArithmeticPrecedence) {
  EXPECT_EQ(sqlOf("1 + 2 * 3"), "(1 + (2 * 3))");
  EXPECT_EQ(sqlOf("(1 + 2) * 3"), "((1 + 2) * 3)");
  EXPECT_EQ(sqlOf("a - b - c"), "((a - b) - c)");
  EXPECT_EQ(sqlOf("a / b % c DIV d"), "(((a / b) % c) div d)");
  EXPECT_EQ(sqlOf("a | b ^ c & d + e"), "(a | (b ^ (c & (d + e))))");
  EXPECT_EQ(sqlOf("a || b || 'c'"), "concat(concat(a, b), 'c')");
  EXPECT_EQ(sqlOf("a + 1 > b * 2"), "((a + 1) > (b * 2))");
}

TEST(SqlParserExpr, BooleanPrecedence) {
  EXPECT_EQ(sqlOf("a OR b AND NOT c = 1"), "(a OR (b AND (NOT (c = 1))))");
  EXPECT_EQ(sqlOf("!a AND b"), "((NOT a) AND b)");
  EXPECT_EQ(sqlOf("NOT NOT a"), "(NOT (NOT a))");
}

TEST(SqlParserExpr, ComparisonOperatorNames) {
  EXPECT_EQ(sqlOf("a = 1"), "(a = 1)");
  EXPECT_EQ(sqlOf("a == 1"), "(a = 1)");
  EXPECT_EQ(sqlOf("a <> 1"), "(a != 1)");
  EXPECT_EQ(sqlOf("a != 1"), "(a != 1)");
  EXPECT_EQ(sqlOf("a <=> NULL"), "(a <=> NULL)");
  EXPECT_EQ(sqlOf("a < 1 AND b <= 2 AND c > 3 AND d >= 4"), "((((a < 1) AND (b <= 2)) AND (c > 3)) AND (d >= 4))");
}

TEST(SqlParserExpr, IsPredicates) {
  EXPECT_EQ(sqlOf("a IS NULL"), "(a IS NULL)");
  EXPECT_EQ(sqlOf("a + 1 IS NOT NULL"), "((a + 1) IS NOT NULL)");
  EXPECT_EQ(parseOk("a IS NULL")->name, "isnull");
  EXPECT_EQ(sqlOf("a IS TRUE"), "(a <=> true)");
  EXPECT_EQ(sqlOf("a IS NOT FALSE"), "(NOT (a <=> false))");
  EXPECT_EQ(sqlOf("a IS DISTINCT FROM b"), "(NOT (a <=> b))");
  EXPECT_EQ(sqlOf("a IS NOT DISTINCT FROM b"), "(a <=> b)");
}

TEST(SqlParserExpr, BetweenInLikeRlike) {
  EXPECT_EQ(sqlOf("a BETWEEN 1 AND 3"), "((a >= 1) AND (a <= 3))");
  EXPECT_EQ(sqlOf("a NOT BETWEEN 1 AND 3 AND b"), "((NOT ((a >= 1) AND (a <= 3))) AND b)");
  EXPECT_EQ(sqlOf("a IN (1, 2, 3)"), "(a IN (1, 2, 3))");
  ExprPtr in = parseOk("x IN ('a', 'b')");
  EXPECT_EQ(in->name, "in");
  ASSERT_EQ(in->children.size(), 3u);
  EXPECT_EQ(in->children[0]->kind, ExprKind::kColumn);
  EXPECT_EQ(sqlOf("a NOT IN (1)"), "(NOT (a IN (1)))");
  EXPECT_EQ(sqlOf("name LIKE 'a%'"), "name LIKE 'a%'");
  EXPECT_EQ(sqlOf("name NOT LIKE 'a%'"), "(NOT name LIKE 'a%')");
  EXPECT_EQ(sqlOf("name RLIKE '^a'"), "name RLIKE '^a'");
  EXPECT_EQ(sqlOf("name REGEXP '^a'"), "name RLIKE '^a'");
  EXPECT_EQ(sqlOf("name NOT RLIKE '^a'"), "(NOT name RLIKE '^a')");
}

TEST(SqlParserExpr, UnaryOperatorsAndNegativeLiterals) {
  expectLiteral("-1", TypeId::kInt, Value::integer(-1));
  expectLiteral("- 2147483648", TypeId::kInt, Value::integer(INT32_MIN));
  expectLiteral("-9223372036854775808L", TypeId::kLong, Value::integer(INT64_MIN));
  expectLiteral("-1.5", TypeId::kDecimal, Value::decimal(-15));
  expectLiteral("-2.5D", TypeId::kDouble, Value::fractional(-2.5));
  EXPECT_EQ(sqlOf("-a"), "(- a)");
  EXPECT_EQ(parseOk("-a")->name, "negative");
  EXPECT_EQ(sqlOf("- -1"), "(- -1)");
  EXPECT_EQ(sqlOf("+a"), "a");
  EXPECT_EQ(sqlOf("~a"), "~(a)");
  EXPECT_EQ(sqlOf("a - -1 * 2"), "(a - (-1 * 2))");
  EXPECT_EQ(sqlOf("-a[0]"), "(- get(a, 0))");
}

TEST(SqlParserExpr, IntegerLiteralTypes) {
  expectLiteral("1", TypeId::kInt, Value::integer(1));
  expectLiteral("2147483647", TypeId::kInt, Value::integer(INT32_MAX));
  expectLiteral("2147483648", TypeId::kLong, Value::integer(2147483648LL));
  expectLiteral("10L", TypeId::kLong, Value::integer(10));
  expectLiteral("10l", TypeId::kLong, Value::integer(10));
  expectLiteral("7S", TypeId::kShort, Value::integer(7));
  expectLiteral("7Y", TypeId::kByte, Value::integer(7));
  expectLiteral("-128Y", TypeId::kByte, Value::integer(-128));
  ExprPtr big = parseOk("9223372036854775808");
  EXPECT_EQ(big->literalType->simpleString(), "decimal(19,0)");
  EXPECT_NE(errorOf("128Y").find("Invalid numeric literal '128Y': out of range for TINYINT"), std::string::npos);
  EXPECT_NE(errorOf("40000S").find("out of range for SMALLINT"), std::string::npos);
  EXPECT_NE(errorOf("9223372036854775808L").find("out of range for BIGINT"), std::string::npos);
  EXPECT_NE(errorOf("1.5L").find("need a whole number"), std::string::npos);
}

TEST(SqlParserExpr, FractionalLiteralTypes) {
  ExprPtr d = parseOk("1.5");
  EXPECT_EQ(d->literalType->simpleString(), "decimal(2,1)");
  EXPECT_TRUE(d->literal == Value::decimal(15));
  ExprPtr small = parseOk("0.05");
  EXPECT_EQ(small->literalType->simpleString(), "decimal(2,2)");
  EXPECT_TRUE(small->literal == Value::decimal(5));
  EXPECT_EQ(parseOk("123.450")->literalType->simpleString(), "decimal(6,3)");
  EXPECT_EQ(parseOk(".5")->literalType->simpleString(), "decimal(1,1)");
  EXPECT_EQ(parseOk("1.")->literalType->simpleString(), "decimal(1,0)");
  EXPECT_EQ(parseOk("1.5BD")->literalType->simpleString(), "decimal(2,1)");
  EXPECT_EQ(parseOk("10BD")->literalType->simpleString(), "decimal(2,0)");
  EXPECT_EQ(parseOk("1.2345678901234567890123456789012345678")->literalType->simpleString(), "decimal(38,37)");
  // Past 38 digits a plain literal falls back to a double, as in Spark.
  EXPECT_EQ(parseOk("1.23456789012345678901234567890123456789")->literalType->id(), TypeId::kDouble);
  EXPECT_NE(errorOf("1.23456789012345678901234567890123456789BD").find("precision"), std::string::npos);
  expectLiteral("1e3", TypeId::kDouble, Value::fractional(1000));
  expectLiteral("1.5E-2", TypeId::kDouble, Value::fractional(0.015));
  expectLiteral("2D", TypeId::kDouble, Value::fractional(2));
  expectLiteral("2.5F", TypeId::kFloat, Value::fractional(2.5));
  EXPECT_NE(errorOf("1e400").find("out of range for DOUBLE"), std::string::npos);
  EXPECT_EQ(sqlOf("1.5 + 2L"), "(1.5 + 2L)");
}

TEST(SqlParserExpr, StringBooleanNullAndBinaryLiterals) {
  expectLiteral("'abc'", TypeId::kString, Value::string("abc"));
  expectLiteral("\"dq\"", TypeId::kString, Value::string("dq"));
  expectLiteral(R"('a\'b\n')", TypeId::kString, Value::string("a'b\n"));
  expectLiteral("'con' 'cat'\n'enated'", TypeId::kString, Value::string("concatenated"));
  expectLiteral("'it''s'", TypeId::kString, Value::string("its"));
  expectLiteral("TRUE", TypeId::kBoolean, Value::boolean(true));
  expectLiteral("false", TypeId::kBoolean, Value::boolean(false));
  ExprPtr n = parseOk("NULL");
  EXPECT_TRUE(n->literal.isNull());
  EXPECT_EQ(n->literalType->id(), TypeId::kNull);
  expectLiteral("X'0AFF'", TypeId::kBinary, Value::string(std::string("\x0a\xff", 2)));
}

TEST(SqlParserExpr, DateAndTimestampLiterals) {
  expectLiteral("DATE '2024-01-02'", TypeId::kDate, Value::integer(daysFromCivil(2024, 1, 2)));
  expectLiteral("timestamp '2024-01-02 03:04:05'", TypeId::kTimestamp,
                Value::integer(daysFromCivil(2024, 1, 2) * kMicrosPerDay + 3 * kMicrosPerHour +
                               4 * kMicrosPerMinute + 5 * kMicrosPerSecond));
  EXPECT_EQ(sqlOf("DATE '2024-01-02'"), "DATE '2024-01-02'");
  std::string err = errorOf("DATE '2024-13-45'");
  EXPECT_NE(err.find("Cannot parse the DATE value '2024-13-45'"), std::string::npos) << err;
  EXPECT_NE(err.find("(line 1, column 6)"), std::string::npos) << err;
  EXPECT_NE(errorOf("TIMESTAMP 'noon'").find("Cannot parse the TIMESTAMP value 'noon'"), std::string::npos);
  // Without a string they are ordinary names and functions.
  EXPECT_EQ(parseOk("date")->kind, ExprKind::kColumn);
  EXPECT_EQ(sqlOf("date(ts)"), "date(ts)");
}

TEST(SqlParserExpr, IntervalLiterals) {
  expectLiteral("INTERVAL 90 MINUTES", TypeId::kInterval, Value::integer(90 * kMicrosPerMinute));
  expectLiteral("INTERVAL '10' MINUTE", TypeId::kInterval, Value::integer(10 * kMicrosPerMinute));
  expectLiteral("INTERVAL 1 HOUR 30 MINUTES", TypeId::kInterval, Value::integer(90 * kMicrosPerMinute));
  expectLiteral("INTERVAL '1 day 2 hours'", TypeId::kInterval, Value::integer(kMicrosPerDay + 2 * kMicrosPerHour));
  expectLiteral("interval '2' day", TypeId::kInterval, Value::integer(2 * kMicrosPerDay));
  expectLiteral("INTERVAL 1 WEEK", TypeId::kInterval, Value::integer(7 * kMicrosPerDay));
  expectLiteral("INTERVAL 1.5 SECONDS", TypeId::kInterval, Value::integer(1500000));
  expectLiteral("INTERVAL 5 MILLISECONDS 3 microsecond", TypeId::kInterval, Value::integer(5003));
  expectLiteral("INTERVAL -1 DAY", TypeId::kInterval, Value::integer(-kMicrosPerDay));
  expectLiteral("INTERVAL '-10' SECOND", TypeId::kInterval, Value::integer(-10 * kMicrosPerSecond));
  expectLiteral("INTERVAL '1 day -1 hour'", TypeId::kInterval, Value::integer(23 * kMicrosPerHour));
  expectLiteral("INTERVAL '1 02:03:04.5' DAY TO SECOND", TypeId::kInterval,
                Value::integer(kMicrosPerDay + 2 * kMicrosPerHour + 3 * kMicrosPerMinute + 4500000));
  // The engine prints intervals in a form that parses back.
  EXPECT_EQ(sqlOf("INTERVAL 90 MINUTES"), "INTERVAL '0 01:30:00' DAY TO SECOND");
  EXPECT_EQ(parseOk(sqlOf("INTERVAL 90 MINUTES"))->literal.asInt(), 90 * kMicrosPerMinute);
  EXPECT_EQ(sqlOf("ts + INTERVAL 1 DAY - INTERVAL 2 HOURS"),
            "((ts + INTERVAL '1 00:00:00' DAY TO SECOND) - INTERVAL '0 02:00:00' DAY TO SECOND)");
  EXPECT_EQ(parseOk("interval")->kind, ExprKind::kColumn);
}

TEST(SqlParserExpr, IntervalErrors) {
  std::string err = errorOf("INTERVAL 1 MONTH");
  EXPECT_NE(err.find("Month and year intervals are not supported yet"), std::string::npos) << err;
  EXPECT_NE(err.find("(line 1, column 12)"), std::string::npos) << err;
  EXPECT_NE(errorOf("INTERVAL '1 year'").find("Month and year intervals are not supported yet"), std::string::npos);
  EXPECT_NE(errorOf("INTERVAL 5").find("expected an interval unit"), std::string::npos);
  EXPECT_NE(errorOf("INTERVAL '1 fortnight'").find("unknown interval unit 'fortnight'"), std::string::npos);
  EXPECT_NE(errorOf("INTERVAL 'x' DAY").find("Invalid INTERVAL value 'x'"), std::string::npos);
  EXPECT_NE(errorOf("INTERVAL '1 02' DAY TO SECOND").find("expected 'd hh:mm:ss.ffffff'"), std::string::npos);
}

TEST(SqlParserExpr, ColumnsStarsAndFieldAccess) {
  ExprPtr c = parseOk("t.a.b");
  ASSERT_EQ(c->kind, ExprKind::kColumn);
  EXPECT_EQ(c->nameParts, (std::vector<std::string>{"t", "a", "b"}));
  ExprPtr q = parseOk("`odd name`.`x``y`");
  EXPECT_EQ(q->nameParts, (std::vector<std::string>{"odd name", "x`y"}));
  ExprPtr s = parseOk("*");
  EXPECT_EQ(s->kind, ExprKind::kStar);
  EXPECT_TRUE(s->nameParts.empty());
  ExprPtr ts = parseOk("t.*");
  EXPECT_EQ(ts->kind, ExprKind::kStar);
  EXPECT_EQ(ts->nameParts, (std::vector<std::string>{"t"}));
  EXPECT_EQ(sqlOf("a[0]"), "get(a, 0)");
  EXPECT_EQ(sqlOf("m['k'][1]"), "get(get(m, 'k'), 1)");
  EXPECT_EQ(sqlOf("a[0].f"), "get_field(get(a, 0), 'f')");
  EXPECT_EQ(sqlOf("named_struct('a', 1).a"), "get_field(named_struct('a', 1), 'a')");
  EXPECT_EQ(parseOk("f(x).y")->name, "get_field");
}

TEST(SqlParserExpr, FunctionCalls) {
  ExprPtr f = parseOk("UPPER(name)");
  EXPECT_EQ(f->kind, ExprKind::kFunction);
  EXPECT_EQ(f->name, "upper");
  EXPECT_EQ(sqlOf("coalesce(a, b, 0)"), "coalesce(a, b, 0)");
  EXPECT_EQ(sqlOf("now()"), "now()");
  ExprPtr cnt = parseOk("count(*)");
  ASSERT_EQ(cnt->children.size(), 1u);
  EXPECT_EQ(cnt->children[0]->kind, ExprKind::kStar);
  EXPECT_EQ(cnt->displayName(), "count(1)");
  ExprPtr d = parseOk("COUNT(DISTINCT a, b)");
  EXPECT_TRUE(d->distinct);
  EXPECT_EQ(d->sql(), "count(DISTINCT a, b)");
  EXPECT_EQ(sqlOf("STRUCT(a, b)"), "struct(a, b)");
  EXPECT_EQ(sqlOf("ARRAY(1, 2)"), "array(1, 2)");
  EXPECT_EQ(sqlOf("MAP('a', 1)"), "map('a', 1)");
  EXPECT_EQ(sqlOf("left(s, 2)"), "left(s, 2)");
  EXPECT_EQ(sqlOf("if(a > 1, 'x', 'y')"), "if((a > 1), 'x', 'y')");
  EXPECT_EQ(sqlOf("current_date"), "current_date()");
  EXPECT_NE(errorOf("rank() OVER (ORDER BY a)").find("Window functions"), std::string::npos);
  ExprPtr filtered = parseOk("count(*) FILTER (WHERE a > 1)");
  EXPECT_TRUE(filtered->hasFilter);
  EXPECT_EQ(filtered->sql(), "count(1) FILTER (WHERE (a > 1))");
  EXPECT_EQ(sqlOf("sum(DISTINCT b) filter (where a is null)"), "sum(DISTINCT b) FILTER (WHERE (a IS NULL))");
  EXPECT_NE(errorOf("count(a) FILTER (a > 1)").find("WHERE"), std::string::npos);
}

TEST(SqlParserExpr, Casts) {
  ExprPtr c = parseOk("CAST(a AS DECIMAL(10, 2))");
  ASSERT_EQ(c->kind, ExprKind::kCast);
  EXPECT_EQ(c->castType->simpleString(), "decimal(10,2)");
  EXPECT_EQ(c->sql(), "CAST(a AS DECIMAL(10,2))");
  EXPECT_EQ(parseOk("cast(x as map<string, array<int>>)")->castType->simpleString(), "map<string,array<int>>");
  EXPECT_EQ(parseOk("CAST(x AS STRUCT<a: INT, b: STRING>)")->castType->simpleString(), "struct<a:int,b:string>");
  EXPECT_EQ(parseOk("CAST(x AS bigint) + 1")->children[0]->castType->id(), TypeId::kLong);
  EXPECT_EQ(sqlOf("CAST(CAST(x AS INT) AS STRING)"), "CAST(CAST(x AS INT) AS STRING)");
  std::string err = errorOf("CAST(x AS STRNG)");
  EXPECT_NE(err.find("Cannot parse the data type 'STRNG': unknown data type 'STRNG' (line 1, column 11)"),
            std::string::npos)
      << err;
  err = errorOf("CAST(x AS ARRAY<STRNG>)");
  EXPECT_NE(err.find("unknown data type 'STRNG' (line 1, column 17)"), std::string::npos) << err;
  EXPECT_NE(errorOf("CAST(x AS)").find("expected a data type"), std::string::npos);
  EXPECT_NE(errorOf("CAST(x AS DECIMAL(99999999999, 2))").find("Number too large"), std::string::npos);
  EXPECT_NE(errorOf("CAST(x INT)").find("expected AS"), std::string::npos);
  EXPECT_NE(errorOf("CAST(x AS VARCHAR(n))").find("VARCHAR(n) needs a number"), std::string::npos);
  EXPECT_EQ(parseOk("CAST(x AS VARCHAR(10))")->castType->id(), TypeId::kString);
}

TEST(SqlParserExpr, CaseExpressions) {
  ExprPtr e = parseOk("CASE WHEN a > 1 THEN 'x' WHEN a > 0 THEN 'y' ELSE 'z' END");
  ASSERT_EQ(e->kind, ExprKind::kCase);
  EXPECT_TRUE(e->hasElse);
  EXPECT_EQ(e->children.size(), 5u);
  EXPECT_EQ(e->sql(), "CASE WHEN (a > 1) THEN 'x' WHEN (a > 0) THEN 'y' ELSE 'z' END");
  EXPECT_EQ(sqlOf("CASE x WHEN 1 THEN 'one' WHEN 2 THEN 'two' END"),
            "CASE WHEN (x = 1) THEN 'one' WHEN (x = 2) THEN 'two' END");
  EXPECT_FALSE(parseOk("CASE WHEN a THEN 1 END")->hasElse);
  EXPECT_NE(errorOf("CASE a END").find("expected WHEN"), std::string::npos);
  EXPECT_NE(errorOf("CASE WHEN a THEN 1").find("expected WHEN, ELSE or END"), std::string::npos);
}

TEST(SqlParserExpr, Aliases) {
  ExprPtr a = parseOk("x + 1 AS y");
  ASSERT_EQ(a->kind, ExprKind::kAlias);
  EXPECT_EQ(a->name, "y");
  EXPECT_EQ(a->children[0]->sql(), "(x + 1)");
  EXPECT_EQ(parseOk("x y")->name, "y");
  EXPECT_EQ(parseOk("x AS `my col`")->name, "my col");
  EXPECT_EQ(parseOk("count(*) AS from")->name, "from");
}

TEST(SqlParserExpr, PositionsPointAtTheStartOfEachExpression) {
  ExprPtr e = parseOk("a +\n  foo(b, 'x')");
  EXPECT_EQ(e->line, 1);
  EXPECT_EQ(e->column, 1);
  EXPECT_EQ(e->children[0]->column, 1);
  const ExprPtr& f = e->children[1];
  EXPECT_EQ(f->line, 2);
  EXPECT_EQ(f->column, 3);
  EXPECT_EQ(f->children[0]->column, 7);
  EXPECT_EQ(f->children[1]->column, 10);
  ExprPtr neg = parseOk("  -5");
  EXPECT_EQ(neg->column, 3);
  ExprPtr c = parseOk("CAST(x AS INT) = 1");
  EXPECT_EQ(c->children[0]->kind, ExprKind::kCast);
  EXPECT_EQ(c->children[1]->column, 18);
}

TEST(SqlParserExpr, UnsupportedSubqueriesGiveClearErrors) {
  EXPECT_NE(errorOf("(SELECT 1)").find("Scalar subqueries are not supported"), std::string::npos);
  EXPECT_NE(errorOf("a IN (SELECT b FROM t)").find("IN (subquery) is not supported"), std::string::npos);
  EXPECT_NE(errorOf("EXISTS (SELECT 1)").find("EXISTS (subquery) is not supported"), std::string::npos);
}

TEST(SqlParserExpr, SyntaxErrorsNameTheTokenAndPosition) {
  EXPECT_EQ(errorOf("a +"),
            "Syntax error at or near end of input: expected an expression (line 1, column 4)\na +\n   ^");
  EXPECT_EQ(errorOf("a b c"), "Syntax error at or near 'c': expected end of input (line 1, column 5)\na b c\n    ^");
  EXPECT_NE(errorOf("f(a,)").find("Syntax error at or near ')': expected an expression (line 1, column 5)"),
            std::string::npos);
  EXPECT_NE(errorOf("(a").find("expected ')'"), std::string::npos);
  EXPECT_NE(errorOf("a IS 5").find("expected NULL, TRUE, FALSE or DISTINCT FROM after IS"), std::string::npos);
  EXPECT_NE(errorOf("").find("expected an expression"), std::string::npos);
  EXPECT_NE(errorOf("'abc").find("Unterminated string literal (line 1, column 1)"), std::string::npos);
  EXPECT_NE(errorOf("a BETWEEN 1 OR 2").find("expected AND"), std::string::npos);
}

TEST(SqlParserExpr, DeepNestingFailsCleanly) {
  std::string deep(5000, '(');
  deep += "1";
  deep += std::string(5000, ')');
  EXPECT_NE(errorOf(deep).find("nested too deeply"), std::string::npos);
  std::string negs;
  for (int i = 0; i < 3000; ++i) negs += "- ";
  negs += "a";
  EXPECT_NE(errorOf(negs).find("nested too deeply"), std::string::npos);
  std::string nots;
  for (int i = 0; i < 3000; ++i) nots += "NOT ";
  EXPECT_NE(errorOf(nots + "a").find("nested too deeply"), std::string::npos);
  std::string fine(60, '(');
  EXPECT_EQ(parseOk(fine + "1" + std::string(60, ')'))->literal.asInt(), 1);
}

}  // namespace
}  // namespace spate::sql
