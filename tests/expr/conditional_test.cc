#include <string>

#include <gtest/gtest.h>

#include "expr_test_util.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

std::string eval1(const ExprPtr& e) {
  V out = evalToStrings(e, one());
  return out.size() == 1 ? out[0] : "<" + std::to_string(out.size()) + " rows>";
}

std::string typeOf(const ExprPtr& e, const BatchPtr& b = one()) {
  auto bound = bindExpr(*e, scopeOf(*b));
  return bound.ok() ? (*bound)->type()->simpleString() : "ERROR: " + bound.status().toString();
}

bool nullableOf(const ExprPtr& e, const BatchPtr& b) {
  auto bound = bindExpr(*e, scopeOf(*b));
  EXPECT_TRUE(bound.ok());
  return bound.ok() && (*bound)->nullable();
}

std::string errorOf(const ExprPtr& e, const BatchPtr& b = one()) {
  auto r = evalExpr(e, b);
  return r.ok() ? "no error" : r.status().toString();
}

ExprPtr fn(const std::string& name, std::vector<ExprPtr> args) { return call(name, std::move(args)); }
ExprPtr nul() { return nullLiteral(); }
ExprPtr boolean(bool v) { return literal(Value::boolean(v), DataType::boolean()); }

Value ints(std::vector<int64_t> items) {
  ValueList values;
  for (auto i : items) values.push_back(Value::integer(i));
  return Value::list(std::move(values));
}

// Rows: (a, b, s, t, p, q, arr)
BatchPtr rows() {
  return makeBatch("a INT, b INT, s STRING, t STRING, p BOOLEAN, q BOOLEAN, arr ARRAY<INT>",
                   {{Value::null(), Value::integer(2), Value::null(), Value::string("t1"), Value::null(),
                     Value::boolean(true), Value::null()},
                    {Value::integer(1), Value::null(), Value::string("s2"), Value::null(), Value::boolean(false),
                     Value::null(), ints({1, 2})},
                    {Value::null(), Value::null(), Value::null(), Value::null(), Value::null(), Value::null(),
                     Value::null()},
                    {Value::integer(4), Value::integer(4), Value::string("s4"), Value::string("t4"),
                     Value::boolean(true), Value::boolean(false), ints({})}});
}

TEST(ConditionalFunctions, CoalesceLiterals) {
  EXPECT_EQ(eval1(fn("coalesce", {nul(), i32(1), i32(2)})), "1");
  EXPECT_EQ(eval1(fn("coalesce", {nul(), nul()})), "null");
  EXPECT_EQ(eval1(fn("coalesce", {i32(7)})), "7");
  EXPECT_EQ(eval1(fn("coalesce", {nul(), str("x")})), "x");
  EXPECT_EQ(typeOf(fn("coalesce", {i32(1), i64(2)})), "bigint");
  EXPECT_EQ(typeOf(fn("coalesce", {i32(1), f64(2)})), "double");
  // A string with another atomic type makes a string, as Spark's findWiderCommonType.
  EXPECT_EQ(typeOf(fn("coalesce", {i32(1), str("a")})), "string");
  EXPECT_EQ(typeOf(fn("coalesce", {nul(), nul()})), "void");
  std::string err = errorOf(fn("coalesce", {i32(1), fn("array", {i32(1)})}));
  EXPECT_NE(err.find("coalesce"), std::string::npos) << err;
  EXPECT_NE(err.find("array<int>"), std::string::npos) << err;
}

TEST(ConditionalFunctions, CoalesceColumns) {
  auto b = rows();
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("a"), col("b")}), b), (V{"2", "1", "null", "4"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("a"), col("b"), i32(0)}), b), (V{"2", "1", "0", "4"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("s"), col("t")}), b), (V{"t1", "s2", "null", "s4"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("s"), col("t"), str("none")}), b), (V{"t1", "s2", "none", "s4"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("p"), col("q")}), b), (V{"true", "false", "null", "true"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("arr"), fn("array", {i32(9)})}), b), (V{"[9]", "[1, 2]", "[9]", "[]"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("a"), col("s")}), b), (V{"null", "1", "null", "4"}));
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("a"), f64(0.5)}), b), (V{"0.5", "1.0", "0.5", "4.0"}));
  EXPECT_TRUE(nullableOf(fn("coalesce", {col("a"), col("b")}), b));
  EXPECT_FALSE(nullableOf(fn("coalesce", {col("a"), i32(0)}), b));
}

TEST(ConditionalFunctions, NvlIfNull) {
  auto b = rows();
  EXPECT_EQ(evalToStrings(fn("nvl", {col("a"), i32(-1)}), b), (V{"-1", "1", "-1", "4"}));
  EXPECT_EQ(evalToStrings(fn("ifnull", {col("s"), col("t")}), b), (V{"t1", "s2", "null", "s4"}));
  EXPECT_EQ(eval1(fn("nvl", {nul(), str("b")})), "b");
  EXPECT_EQ(eval1(fn("ifnull", {nul(), nul()})), "null");
  EXPECT_NE(errorOf(fn("nvl", {i32(1)})).find("nvl"), std::string::npos);
}

TEST(ConditionalFunctions, Nvl2) {
  auto b = rows();
  EXPECT_EQ(evalToStrings(fn("nvl2", {col("a"), str("set"), str("unset")}), b), (V{"unset", "set", "unset", "set"}));
  EXPECT_EQ(evalToStrings(fn("nvl2", {col("s"), col("a"), col("b")}), b), (V{"2", "1", "null", "4"}));
  EXPECT_EQ(eval1(fn("nvl2", {nul(), i32(1), i32(2)})), "2");
  EXPECT_EQ(eval1(fn("nvl2", {i32(0), i32(1), f64(2)})), "1.0");
  EXPECT_EQ(eval1(fn("nvl2", {i32(0), nul(), i32(2)})), "null");
  EXPECT_EQ(typeOf(fn("nvl2", {i32(0), i32(1), i64(2)})), "bigint");
}

TEST(ConditionalFunctions, NullIf) {
  auto b = rows();
  EXPECT_EQ(evalToStrings(fn("nullif", {col("a"), col("b")}), b), (V{"null", "1", "null", "null"}));
  EXPECT_EQ(evalToStrings(fn("nullif", {col("a"), i32(1)}), b), (V{"null", "null", "null", "4"}));
  EXPECT_EQ(evalToStrings(fn("nullif", {col("s"), str("s2")}), b), (V{"null", "null", "null", "s4"}));
  EXPECT_EQ(eval1(fn("nullif", {i32(1), i32(1)})), "null");
  EXPECT_EQ(eval1(fn("nullif", {i32(1), i32(2)})), "1");
  EXPECT_EQ(eval1(fn("nullif", {i32(1), nul()})), "1");
  EXPECT_EQ(eval1(fn("nullif", {str("a"), str("a")})), "null");
  // The result keeps the first argument's type; the comparison widens.
  EXPECT_EQ(typeOf(fn("nullif", {i32(1), f64(1.5)})), "int");
  EXPECT_EQ(eval1(fn("nullif", {i32(1), f64(1.0)})), "null");
}

TEST(ConditionalFunctions, ZeroIfNullNullIfZero) {
  auto b = rows();
  EXPECT_EQ(evalToStrings(fn("zeroifnull", {col("a")}), b), (V{"0", "1", "0", "4"}));
  EXPECT_EQ(eval1(fn("zeroifnull", {nul()})), "0");
  EXPECT_EQ(eval1(fn("zeroifnull", {f64(2.5)})), "2.5");
  EXPECT_EQ(eval1(fn("nullifzero", {i32(0)})), "null");
  EXPECT_EQ(eval1(fn("nullifzero", {i32(2)})), "2");
  EXPECT_EQ(eval1(fn("nullifzero", {nul()})), "null");
}

TEST(ConditionalFunctions, If) {
  auto b = rows();
  auto aAbove1 = fn(">", {col("a"), i32(1)});
  EXPECT_EQ(evalToStrings(fn("if", {aAbove1, str("big"), str("small")}), b), (V{"small", "small", "small", "big"}));
  EXPECT_EQ(evalToStrings(fn("if", {col("p"), col("a"), col("b")}), b), (V{"2", "null", "null", "4"}));
  EXPECT_EQ(evalToStrings(fn("if", {col("q"), col("arr"), fn("array", {i32(0)})}), b),
            (V{"null", "[0]", "[0]", "[0]"}));
  EXPECT_EQ(evalToStrings(fn("if", {col("p"), boolean(true), col("q")}), b), (V{"true", "null", "null", "true"}));
  EXPECT_EQ(eval1(fn("if", {nul(), i32(1), i32(2)})), "2");
  EXPECT_EQ(eval1(fn("if", {boolean(true), i32(1), f64(2.5)})), "1.0");
  EXPECT_EQ(eval1(fn("if", {boolean(false), i32(1), nul()})), "null");
  EXPECT_EQ(typeOf(fn("if", {boolean(true), i32(1), str("x")})), "string");
  std::string err = errorOf(fn("if", {i32(1), i32(2), i32(3)}));
  EXPECT_NE(err.find("if"), std::string::npos) << err;
  EXPECT_NE(err.find("boolean"), std::string::npos) << err;
  EXPECT_NE(errorOf(fn("if", {boolean(true), i32(1), fn("array", {i32(1)})})).find("if"), std::string::npos);
}

TEST(ConditionalFunctions, IsNullIsNotNull) {
  auto b = rows();
  EXPECT_EQ(evalToStrings(fn("isnull", {col("a")}), b), (V{"true", "false", "true", "false"}));
  EXPECT_EQ(evalToStrings(fn("isnotnull", {col("a")}), b), (V{"false", "true", "false", "true"}));
  EXPECT_EQ(evalToStrings(fn("isnull", {col("arr")}), b), (V{"true", "false", "true", "false"}));
  EXPECT_EQ(evalToStrings(fn("isnull", {i32(1)}), b), (V{"false", "false", "false", "false"}));
  EXPECT_EQ(evalToStrings(fn("isnotnull", {nul()}), b), (V{"false", "false", "false", "false"}));
  EXPECT_EQ(eval1(fn("isnull", {nul()})), "true");
  EXPECT_FALSE(nullableOf(fn("isnull", {col("a")}), b));
  EXPECT_EQ(typeOf(fn("isnotnull", {col("a")}), b), "boolean");

  // More than one byte of validity, ending mid-byte.
  std::vector<std::vector<Value>> many;
  for (int i = 0; i < 13; ++i) many.push_back({i % 3 == 0 ? Value::null() : Value::integer(i)});
  auto m = makeBatch("v INT", many);
  V expectNull, expectNotNull;
  for (int i = 0; i < 13; ++i) {
    expectNull.push_back(i % 3 == 0 ? "true" : "false");
    expectNotNull.push_back(i % 3 == 0 ? "false" : "true");
  }
  EXPECT_EQ(evalToStrings(fn("isnull", {col("v")}), m), expectNull);
  EXPECT_EQ(evalToStrings(fn("isnotnull", {col("v")}), m), expectNotNull);
  auto cnt = evalExpr(fn("isnull", {col("v")}), m);
  ASSERT_TRUE(cnt.ok());
  EXPECT_EQ((*cnt)->nullCount(), 0);
}

TEST(ConditionalFunctions, DecimalsAndDatesKeepTheirTypes) {
  auto b = makeBatch("m DECIMAL(5,2), d DATE",
                     {{Value::null(), Value::integer(19000)}, {Value::decimal(125), Value::null()}});
  EXPECT_EQ(evalToStrings(fn("coalesce", {col("m"), literal(Value::decimal(0), DataType::decimal(5, 2))}), b),
            (V{"0.00", "1.25"}));
  EXPECT_EQ(evalToStrings(fn("nvl", {col("d"), literal(Value::integer(0), DataType::date())}), b),
            (V{"2022-01-08", "1970-01-01"}));
}

}  // namespace
}  // namespace spate
