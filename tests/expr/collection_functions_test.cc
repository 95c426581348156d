#include <cmath>
#include <optional>

#include <gtest/gtest.h>

#include "expr_test_util.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

ExprPtr intArray(std::vector<std::optional<int>> items) {
  ValueList values;
  for (auto i : items) values.push_back(i ? Value::integer(*i) : Value::null());
  return literal(Value::list(std::move(values)), DataType::array(DataType::int_()));
}

Value ints(std::vector<std::optional<int>> items) {
  ValueList values;
  for (auto i : items) values.push_back(i ? Value::integer(*i) : Value::null());
  return Value::list(std::move(values));
}

Value strs(std::vector<std::string> items) {
  ValueList values;
  for (auto& s : items) values.push_back(Value::string(s));
  return Value::list(std::move(values));
}

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

TypePtr typeOf(const ExprPtr& e, const BatchPtr& b) {
  auto bound = bindExpr(*e, scopeOf(*b));
  EXPECT_TRUE(bound.ok()) << bound.status().toString();
  return bound.ok() ? (*bound)->type() : nullptr;
}

std::string errorOf(const ExprPtr& e, const BatchPtr& b) {
  auto r = evalExpr(e, b);
  return r.ok() ? "no error" : r.status().toString();
}

BatchPtr arrays() {
  return makeBatch("a ARRAY<INT>, v INT",
                   {{ints({1, 2, 3}), Value::integer(2)},
                    {ints({}), Value::integer(1)},
                    {Value::null(), Value::integer(1)},
                    {ints({4, std::nullopt, 4}), Value::null()},
                    {ints({5, std::nullopt}), Value::integer(7)}});
}

TEST(CollectionFunctions, ArrayConstructor) {
  auto b = makeBatch("x INT, s STRING", {{Value::integer(1), Value::string("a")}, {Value::null(), Value::string("b")}});
  EXPECT_EQ(evalToStrings(call("array", {col("x"), i32(7)}), b), (V{"[1, 7]", "[null, 7]"}));
  EXPECT_EQ(evalToStrings(call("array", {col("x"), f64(2.5)}), b), (V{"[1.0, 2.5]", "[null, 2.5]"}));
  EXPECT_EQ(evalToStrings(call("array", {col("x"), col("s")}), b), (V{"[1, a]", "[null, b]"}));
  EXPECT_EQ(evalToStrings(call("array", {}), b), (V{"[]", "[]"}));
  EXPECT_EQ(typeOf(call("array", {}), b)->simpleString(), "array<void>");
  EXPECT_EQ(typeOf(call("array", {col("x"), i64(1)}), b)->simpleString(), "array<bigint>");
  EXPECT_EQ(evalToStrings(call("array", {call("array", {col("x")}), call("array", {})}), b),
            (V{"[[1], []]", "[[null], []]"}));
  EXPECT_NE(errorOf(call("array", {col("x"), intArray({1})}), b).find("common type"), std::string::npos);
  // Structs widen field by field, as Spark's findWiderCommonType.
  auto structs = call("array", {call("named_struct", {str("a"), col("x"), str("b"), col("s")}),
                                call("named_struct", {str("a"), i64(2), str("b"), nullLiteral()})});
  EXPECT_EQ(evalToStrings(structs, b), (V{"[{1, a}, {2, null}]", "[{null, b}, {2, null}]"}));
  EXPECT_EQ(typeOf(structs, b)->simpleString(), "array<struct<a:bigint,b:string>>");
}

TEST(CollectionFunctions, SizeAndCardinality) {
  auto b = arrays();
  EXPECT_EQ(evalToStrings(call("size", {col("a")}), b), (V{"3", "0", "-1", "3", "2"}));
  EXPECT_EQ(evalToStrings(call("cardinality", {col("a")}), b), (V{"3", "0", "-1", "3", "2"}));
  EXPECT_EQ(evalToStrings(call("size", {nullLiteral()}), one()), (V{"-1"}));
  EXPECT_EQ(evalToStrings(call("size", {call("map", {str("k"), i32(1), str("j"), i32(2)})}), one()), (V{"2"}));
  EXPECT_NE(errorOf(call("size", {i32(1)}), one()).find("size() expects an array"), std::string::npos);
}

TEST(CollectionFunctions, ElementAtArray) {
  auto b = arrays();
  EXPECT_EQ(evalToStrings(call("element_at", {col("a"), i32(1)}), b), (V{"1", "null", "null", "4", "5"}));
  EXPECT_EQ(evalToStrings(call("element_at", {col("a"), i32(-1)}), b), (V{"3", "null", "null", "4", "null"}));
  EXPECT_EQ(evalToStrings(call("element_at", {col("a"), i32(4)}), b), (V{"null", "null", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("element_at", {col("a"), col("v")}), b), (V{"2", "null", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("element_at", {col("a"), i64(2)}), b), (V{"2", "null", "null", "null", "null"}));
  EXPECT_NE(errorOf(call("element_at", {col("a"), i32(0)}), b).find("INVALID_INDEX_OF_ZERO"), std::string::npos);
  EXPECT_EQ(evalToStrings(call("element_at", {intArray({1, 2}), nullLiteral()}), one()), (V{"null"}));
}

TEST(CollectionFunctions, GetIsZeroBased) {
  auto b = arrays();
  EXPECT_EQ(evalToStrings(call("get", {col("a"), i32(0)}), b), (V{"1", "null", "null", "4", "5"}));
  EXPECT_EQ(evalToStrings(call("get", {col("a"), i32(2)}), b), (V{"3", "null", "null", "4", "null"}));
  EXPECT_EQ(evalToStrings(call("get", {col("a"), i32(-1)}), b), (V{"null", "null", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("get", {col("a"), i32(3)}), b), (V{"null", "null", "null", "null", "null"}));
}

TEST(CollectionFunctions, MapLookups) {
  auto b = makeBatch("m MAP<STRING, INT>, k STRING",
                     {{Value::map({Value::string("a"), Value::string("b")}, {Value::integer(1), Value::null()}),
                       Value::string("a")},
                      {Value::map({Value::string("a")}, {Value::integer(3)}), Value::string("z")},
                      {Value::null(), Value::string("a")},
                      {Value::map({}, {}), Value::null()}});
  EXPECT_EQ(evalToStrings(call("element_at", {col("m"), col("k")}), b), (V{"1", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("element_at", {col("m"), str("b")}), b), (V{"null", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("get", {col("m"), str("a")}), b), (V{"1", "3", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("map_contains_key", {col("m"), str("b")}), b), (V{"true", "false", "null", "false"}));
  EXPECT_EQ(evalToStrings(call("map_contains_key", {col("m"), col("k")}), b), (V{"true", "false", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("map_keys", {col("m")}), b), (V{"[a, b]", "[a]", "null", "[]"}));
  EXPECT_EQ(evalToStrings(call("map_values", {col("m")}), b), (V{"[1, null]", "[3]", "null", "[]"}));
  EXPECT_EQ(typeOf(call("map_keys", {col("m")}), b)->simpleString(), "array<string>");
  EXPECT_EQ(evalToStrings(call("map_keys", {call("map", {i32(1), str("x")})}), b), (V{"[1]", "[1]", "[1]", "[1]"}));
  EXPECT_EQ(evalToStrings(call("size", {col("m")}), b), (V{"2", "1", "-1", "0"}));
}

TEST(CollectionFunctions, ArrayContainsAndPosition) {
  auto b = arrays();
  EXPECT_EQ(evalToStrings(call("array_contains", {col("a"), col("v")}), b),
            (V{"true", "false", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("array_contains", {col("a"), i32(4)}), b), (V{"false", "false", "null", "true", "null"}));
  EXPECT_EQ(evalToStrings(call("array_position", {col("a"), col("v")}), b), (V{"2", "0", "null", "null", "0"}));
  EXPECT_EQ(evalToStrings(call("array_position", {col("a"), i32(4)}), b), (V{"0", "0", "null", "1", "0"}));
  EXPECT_EQ(typeOf(call("array_position", {col("a"), i32(4)}), b)->simpleString(), "bigint");
  // The value widens the array: 2.0 is found in an int array.
  EXPECT_EQ(evalToStrings(call("array_contains", {intArray({1, 2}), f64(2.0)}), one()), (V{"true"}));
  EXPECT_EQ(evalToStrings(call("array_contains", {literal(strs({"x", "y"}), DataType::array(DataType::string())),
                                                  str("y")}),
                          one()),
            (V{"true"}));
  EXPECT_NE(errorOf(call("array_contains", {col("a"), str("1")}), b).find("array_contains() expects"),
            std::string::npos);
}

TEST(CollectionFunctions, ArrayDistinct) {
  auto b = arrays();
  EXPECT_EQ(evalToStrings(call("array_distinct", {col("a")}), b), (V{"[1, 2, 3]", "[]", "null", "[4, null]", "[5, null]"}));
  ValueList many;
  for (int i = 0; i < 100; ++i) many.push_back(Value::integer(i % 7));
  many.push_back(Value::null());
  many.push_back(Value::null());
  auto big = literal(Value::list(many), DataType::array(DataType::int_()));
  EXPECT_EQ(evalToStrings(call("array_distinct", {big}), one()), (V{"[0, 1, 2, 3, 4, 5, 6, null]"}));
  ValueList d{Value::fractional(std::nan("")), Value::fractional(0.0), Value::fractional(-0.0),
              Value::fractional(std::nan(""))};
  EXPECT_EQ(evalToStrings(call("array_distinct", {literal(Value::list(d), DataType::array(DataType::double_()))}), one()),
            (V{"[NaN, 0.0]"}));
  auto s = literal(strs({"b", "a", "b", "c", "a"}), DataType::array(DataType::string()));
  EXPECT_EQ(evalToStrings(call("array_distinct", {s}), one()), (V{"[b, a, c]"}));
  auto nested = call("array", {intArray({1}), intArray({2}), intArray({1})});
  EXPECT_EQ(evalToStrings(call("array_distinct", {nested}), one()), (V{"[[1], [2]]"}));
}

TEST(CollectionFunctions, Sorting) {
  auto a = intArray({3, std::nullopt, 1, 2});
  EXPECT_EQ(evalToStrings(call("array_sort", {a}), one()), (V{"[1, 2, 3, null]"}));
  EXPECT_EQ(evalToStrings(call("sort_array", {a}), one()), (V{"[null, 1, 2, 3]"}));
  EXPECT_EQ(evalToStrings(call("sort_array", {a, literal(Value::boolean(false), DataType::boolean())}), one()),
            (V{"[3, 2, 1, null]"}));
  ValueList d{Value::fractional(std::nan("")), Value::fractional(1.5), Value::fractional(-2.0)};
  EXPECT_EQ(evalToStrings(call("array_sort", {literal(Value::list(d), DataType::array(DataType::double_()))}), one()),
            (V{"[-2.0, 1.5, NaN]"}));
  auto s = literal(strs({"b", "a", "c"}), DataType::array(DataType::string()));
  EXPECT_EQ(evalToStrings(call("sort_array", {s}), one()), (V{"[a, b, c]"}));
  auto nested = call("array", {intArray({2}), intArray({1, 5}), intArray({1})});
  EXPECT_EQ(evalToStrings(call("array_sort", {nested}), one()), (V{"[[1], [1, 5], [2]]"}));
  EXPECT_EQ(evalToStrings(call("array_sort", {col("a")}), arrays()),
            (V{"[1, 2, 3]", "[]", "null", "[4, 4, null]", "[5, null]"}));
  EXPECT_NE(errorOf(call("sort_array", {a, col("x")}), one()).find("boolean literal"), std::string::npos);
}

TEST(CollectionFunctions, MinMax) {
  auto b = arrays();
  EXPECT_EQ(evalToStrings(call("array_min", {col("a")}), b), (V{"1", "null", "null", "4", "5"}));
  EXPECT_EQ(evalToStrings(call("array_max", {col("a")}), b), (V{"3", "null", "null", "4", "5"}));
  auto s = literal(strs({"b", "a", "c"}), DataType::array(DataType::string()));
  EXPECT_EQ(evalToStrings(call("array_max", {s}), one()), (V{"c"}));
  EXPECT_EQ(evalToStrings(call("array_min", {intArray({std::nullopt})}), one()), (V{"null"}));
}

TEST(CollectionFunctions, ArrayJoin) {
  auto s = literal(Value::list({Value::string("a"), Value::null(), Value::string("c")}),
                   DataType::array(DataType::string()));
  EXPECT_EQ(evalToStrings(call("array_join", {s, str(",")}), one()), (V{"a,c"}));
  EXPECT_EQ(evalToStrings(call("array_join", {s, str(", "), str("?")}), one()), (V{"a, ?, c"}));
  EXPECT_EQ(evalToStrings(call("array_join", {intArray({1, 2, 3}), str("-")}), one()), (V{"1-2-3"}));
  EXPECT_EQ(evalToStrings(call("array_join", {s, nullLiteral()}), one()), (V{"null"}));
  EXPECT_EQ(evalToStrings(call("array_join", {col("a"), str("/")}), arrays()), (V{"1/2/3", "", "null", "4/4", "5"}));
}

TEST(CollectionFunctions, Slice) {
  auto a = intArray({1, 2, 3, 4});
  EXPECT_EQ(evalToStrings(call("slice", {a, i32(2), i32(2)}), one()), (V{"[2, 3]"}));
  EXPECT_EQ(evalToStrings(call("slice", {a, i32(-2), i32(5)}), one()), (V{"[3, 4]"}));
  EXPECT_EQ(evalToStrings(call("slice", {a, i32(5), i32(1)}), one()), (V{"[]"}));
  EXPECT_EQ(evalToStrings(call("slice", {a, i32(-5), i32(1)}), one()), (V{"[]"}));
  EXPECT_EQ(evalToStrings(call("slice", {a, i32(1), i32(0)}), one()), (V{"[]"}));
  EXPECT_EQ(evalToStrings(call("slice", {a, nullLiteral(), i32(1)}), one()), (V{"null"}));
  EXPECT_NE(errorOf(call("slice", {a, i32(0), i32(1)}), one()).find("start"), std::string::npos);
  EXPECT_NE(errorOf(call("slice", {a, i32(1), i32(-1)}), one()).find("length"), std::string::npos);
  EXPECT_EQ(evalToStrings(call("slice", {col("a"), i32(2), i32(1)}), arrays()), (V{"[2]", "[]", "null", "[null]", "[null]"}));
}

TEST(CollectionFunctions, Flatten) {
  auto nested = call("array", {intArray({1, 2}), intArray({}), intArray({3})});
  EXPECT_EQ(evalToStrings(call("flatten", {nested}), one()), (V{"[1, 2, 3]"}));
  auto b = makeBatch("aa ARRAY<ARRAY<INT>>", {{Value::list({ints({1}), ints({2, 3})})},
                                              {Value::list({ints({4}), Value::null()})},
                                              {Value::null()},
                                              {Value::list({})}});
  EXPECT_EQ(evalToStrings(call("flatten", {col("aa")}), b), (V{"[1, 2, 3]", "null", "null", "[]"}));
  EXPECT_NE(errorOf(call("flatten", {intArray({1})}), one()).find("array of arrays"), std::string::npos);
}

TEST(CollectionFunctions, ArraysZip) {
  auto b = makeBatch("a ARRAY<INT>, s ARRAY<STRING>",
                     {{ints({1, 2}), strs({"x"})}, {ints({}), strs({})}, {Value::null(), strs({"y"})}});
  EXPECT_EQ(evalToStrings(call("arrays_zip", {col("a"), col("s")}), b), (V{"[{1, x}, {2, null}]", "[]", "null"}));
  EXPECT_EQ(typeOf(call("arrays_zip", {col("a"), col("s")}), b)->simpleString(), "array<struct<a:int,s:string>>");
  TypePtr t = typeOf(call("arrays_zip", {col("a"), intArray({1})}), b);
  ASSERT_EQ(t->elementType()->fields().size(), 2u);
  EXPECT_EQ(t->elementType()->fields()[0].name, "a");
  EXPECT_EQ(t->elementType()->fields()[1].name, "1");
}

TEST(CollectionFunctions, Structs) {
  auto b = makeBatch("x INT, s STRING", {{Value::integer(1), Value::string("a")}, {Value::null(), Value::null()}});
  auto e = call("struct", {col("x"), col("s"), i32(5)});
  EXPECT_EQ(evalToStrings(e, b), (V{"{1, a, 5}", "{null, null, 5}"}));
  EXPECT_EQ(typeOf(e, b)->simpleString(), "struct<x:int,s:string,col3:int>");
  auto n = call("named_struct", {str("k"), col("x"), str("v"), str("lit")});
  EXPECT_EQ(evalToStrings(n, b), (V{"{1, lit}", "{null, lit}"}));
  EXPECT_EQ(typeOf(n, b)->simpleString(), "struct<k:int,v:string>");
  // A struct field keeps its field name; access through the binder's get_field.
  auto nested = call("struct", {call("get_field", {n, str("v")})});
  EXPECT_EQ(typeOf(nested, b)->simpleString(), "struct<v:string>");
  EXPECT_NE(errorOf(call("named_struct", {col("s"), col("x")}), b).find("string literal"), std::string::npos);
  EXPECT_NE(errorOf(call("named_struct", {str("a"), i32(1), str("b")}), b).find("even number"), std::string::npos);
}

TEST(CollectionFunctions, Maps) {
  auto b = makeBatch("k STRING, v INT", {{Value::string("a"), Value::integer(1)}, {Value::string("b"), Value::null()}});
  auto m = call("map", {col("k"), col("v"), str("z"), i32(9)});
  EXPECT_EQ(evalToStrings(m, b), (V{"{a -> 1, z -> 9}", "{b -> null, z -> 9}"}));
  EXPECT_EQ(typeOf(m, b)->simpleString(), "map<string,int>");
  EXPECT_EQ(evalToStrings(call("map", {}), b), (V{"{}", "{}"}));
  EXPECT_NE(errorOf(call("map", {str("a"), i32(1), str("a"), i32(2)}), b).find("DUPLICATED_MAP_KEY"),
            std::string::npos);
  EXPECT_NE(errorOf(call("map", {nullLiteral(), i32(1)}), b).find("NULL_MAP_KEY"), std::string::npos);
  EXPECT_NE(errorOf(call("map", {str("a")}), b).find("even number"), std::string::npos);
}

TEST(CollectionFunctions, MapFromArrays) {
  auto b = makeBatch("k ARRAY<STRING>, v ARRAY<INT>",
                     {{strs({"a", "b"}), ints({1, std::nullopt})}, {Value::null(), ints({1})}, {strs({}), ints({})}});
  EXPECT_EQ(evalToStrings(call("map_from_arrays", {col("k"), col("v")}), b), (V{"{a -> 1, b -> null}", "null", "{}"}));
  auto bad = makeBatch("k ARRAY<STRING>, v ARRAY<INT>", {{strs({"a"}), ints({1, 2})}});
  EXPECT_NE(errorOf(call("map_from_arrays", {col("k"), col("v")}), bad).find("same length"), std::string::npos);
  auto dup = makeBatch("k ARRAY<STRING>, v ARRAY<INT>", {{strs({"a", "a"}), ints({1, 2})}});
  EXPECT_NE(errorOf(call("map_from_arrays", {col("k"), col("v")}), dup).find("DUPLICATED_MAP_KEY"), std::string::npos);
  auto nullKey = makeBatch("k ARRAY<INT>, v ARRAY<INT>", {{ints({std::nullopt}), ints({1})}});
  EXPECT_NE(errorOf(call("map_from_arrays", {col("k"), col("v")}), nullKey).find("NULL_MAP_KEY"), std::string::npos);
}

TEST(CollectionFunctions, ConstantArguments) {
  // Literal arrays arrive as constant columns: the kernels read them at row 0.
  auto b = makeBatch("v INT", {{Value::integer(1)}, {Value::integer(3)}, {Value::null()}});
  auto a = intArray({3, 1, 2});
  EXPECT_EQ(evalToStrings(call("array_contains", {a, col("v")}), b), (V{"true", "true", "null"}));
  EXPECT_EQ(evalToStrings(call("element_at", {a, col("v")}), b), (V{"3", "2", "null"}));
  EXPECT_EQ(evalToStrings(call("array_position", {a, col("v")}), b), (V{"2", "1", "null"}));
  EXPECT_EQ(evalToStrings(call("slice", {a, col("v"), i32(1)}), b), (V{"[3]", "[2]", "null"}));
}

}  // namespace
}  // namespace spate
