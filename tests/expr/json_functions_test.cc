#include <cmath>
#include <limits>

#include <gtest/gtest.h>

#include "expr_test_util.h"
#include "spate/columnar/builder.h"
#include "spate/expr/json_convert.h"
#include "spate/expr/json_infer.h"
#include "spate/expr/json_path.h"
#include "spate/expr/json_writer.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

BatchPtr one() { return makeBatch("x INT", {{Value::integer(1)}}); }

BatchPtr jsonRows(std::vector<std::optional<std::string>> rows) {
  std::vector<std::vector<Value>> values;
  for (auto& r : rows) values.push_back({r ? Value::string(*r) : Value::null()});
  return makeBatch("j STRING", values);
}

std::string errorOf(const ExprPtr& e, const BatchPtr& b) {
  auto r = evalExpr(e, b);
  return r.ok() ? "no error" : r.status().toString();
}

ExprPtr options(const std::string& k, const std::string& v) { return call("map", {str(k), str(v)}); }

// ---- the writer ----------------------------------------------------------------------

std::string javaDouble(double v) {
  std::string s;
  appendJavaDouble(s, v);
  return s;
}

TEST(JsonWriter, JavaDoubleFormatting) {
  EXPECT_EQ(javaDouble(1.0), "1.0");
  EXPECT_EQ(javaDouble(0.5), "0.5");
  EXPECT_EQ(javaDouble(-2.25), "-2.25");
  EXPECT_EQ(javaDouble(123456.789), "123456.789");
  EXPECT_EQ(javaDouble(1e7), "1.0E7");
  EXPECT_EQ(javaDouble(1.5e10), "1.5E10");
  EXPECT_EQ(javaDouble(0.001), "0.001");
  EXPECT_EQ(javaDouble(1.2e-4), "1.2E-4");
  EXPECT_EQ(javaDouble(100.0), "100.0");
  EXPECT_EQ(javaDouble(0.0), "0.0");
  EXPECT_EQ(javaDouble(-0.0), "-0.0");
  EXPECT_EQ(javaDouble(std::nan("")), "NaN");
  EXPECT_EQ(javaDouble(-std::numeric_limits<double>::infinity()), "-Infinity");
  std::string f;
  appendJavaFloat(f, 0.1f);
  EXPECT_EQ(f, "0.1");
}

TEST(JsonWriter, StringEscapes) {
  std::string s;
  appendJsonString(s, "a\"b\\c\nd\te\x01/é");
  EXPECT_EQ(s, "\"a\\\"b\\\\c\\nd\\te\\u0001/é\"");
}

TEST(JsonWriter, TimestampsAndBase64) {
  std::string s;
  appendJsonTimestamp(s, 1704164645123456);  // 2024-01-02 03:04:05.123456 UTC
  EXPECT_EQ(s, "2024-01-02T03:04:05.123Z");
  s.clear();
  appendJsonTimestamp(s, -1000);
  EXPECT_EQ(s, "1969-12-31T23:59:59.999Z");
  s.clear();
  appendBase64(s, "ab");
  EXPECT_EQ(s, "YWI=");
}

TEST(JsonWriter, WritesBatchRowsAsObjects) {
  auto b = makeBatch("id INT, name STRING, tags ARRAY<STRING>",
                     {{Value::integer(1), Value::string("a"), Value::list({Value::string("x")})},
                      {Value::integer(2), Value::null(), Value::list({})}});
  JsonWriter w(b->schema()->asStructType());
  std::string line;
  w.writeFields(b->columns(), 0, line);
  EXPECT_EQ(line, R"({"id":1,"name":"a","tags":["x"]})");
  line.clear();
  w.writeFields(b->columns(), 1, line);
  EXPECT_EQ(line, R"({"id":2,"tags":[]})");
  JsonWriter keepNulls(b->schema()->asStructType(), JsonWriteOptions{false});
  line.clear();
  keepNulls.writeFields(b->columns(), 1, line);
  EXPECT_EQ(line, R"({"id":2,"name":null,"tags":[]})");
}

// ---- to_json -------------------------------------------------------------------------

TEST(JsonFunctions, ToJson) {
  auto b = makeBatch("a INT, s STRING, d DOUBLE", {{Value::integer(1), Value::string("x\"y"), Value::fractional(1e10)},
                                                  {Value::null(), Value::null(), Value::fractional(std::nan(""))}});
  auto s = call("named_struct", {str("a"), col("a"), str("s"), col("s"), str("d"), col("d")});
  EXPECT_EQ(evalToStrings(call("to_json", {s}), b), (V{R"({"a":1,"s":"x\"y","d":1.0E10})", R"({"d":"NaN"})"}));
  EXPECT_EQ(evalToStrings(call("to_json", {call("array", {col("a"), i32(2)})}), b), (V{"[1,2]", "[null,2]"}));
  EXPECT_EQ(evalToStrings(call("to_json", {call("map", {str("k"), col("a")})}), b), (V{R"({"k":1})", R"({"k":null})"}));
  EXPECT_EQ(evalToStrings(call("to_json", {call("map", {i32(1), call("named_struct", {str("b"), i32(2)})})}), one()),
            (V{R"({"1":{"b":2}})"}));
  EXPECT_EQ(evalToStrings(call("to_json", {s, options("ignoreNullFields", "false")}), b),
            (V{R"({"a":1,"s":"x\"y","d":1.0E10})", R"({"a":null,"s":null,"d":"NaN"})"}));
  EXPECT_NE(errorOf(call("to_json", {i32(1)}), one()).find("to_json() expects a struct"), std::string::npos);
}

TEST(JsonFunctions, ToJsonTypes) {
  auto b = makeBatch("t TIMESTAMP, d DATE, x DECIMAL(10,2), f BOOLEAN, bin BINARY",
                     {{Value::integer(1704164645000000), Value::integer(19724), Value::decimal(12345),
                       Value::boolean(true), Value::string("hi")}});
  auto s = call("struct", {col("t"), col("d"), col("x"), col("f"), col("bin")});
  EXPECT_EQ(evalToStrings(call("to_json", {s}), b),
            (V{R"({"t":"2024-01-02T03:04:05.000Z","d":"2024-01-02","x":123.45,"f":true,"bin":"aGk="})"}));
  auto nested = call("array", {call("named_struct", {str("a"), call("array", {i32(1)})}), nullLiteral()});
  EXPECT_EQ(evalToStrings(call("to_json", {nested}), one()), (V{R"([{"a":[1]},null])"}));
}

// ---- from_json -----------------------------------------------------------------------

TEST(JsonFunctions, FromJsonStruct) {
  auto b = jsonRows({R"({"a":1,"b":"x","c":2.5})", R"({"b":"y"})", "{bad", std::nullopt, "  ", "null", "[1]",
                     R"({"a":"notint","b":"z"})"});
  auto e = call("from_json", {col("j"), str("a INT, b STRING")});
  EXPECT_EQ(evalToStrings(e, b), (V{"{1, x}", "{null, y}", "{null, null}", "null", "null", "{null, null}",
                                    "{null, null}", "{null, z}"}));
  auto r = bindExpr(*e, scopeOf(*b));
  ASSERT_TRUE(r.ok());
  EXPECT_EQ((*r)->type()->simpleString(), "struct<a:int,b:string>");
}

TEST(JsonFunctions, FromJsonConversions) {
  auto b = jsonRows({R"({"i":1,"l":9000000000,"d":1,"f":"NaN","dec":1.005,"s":{"x":[1,2]},"bo":true,)"
                     R"("ts":"2024-01-02T03:04:05Z","dt":"2024-01-02","bin":"aGk="})",
                     R"({"i":2147483648,"l":1.5,"d":"x","dec":"12.5","s":5,"bo":"true","ts":1700000000,"dt":5})"});
  auto e = call("from_json", {col("j"), str("i INT, l BIGINT, d DOUBLE, f FLOAT, dec DECIMAL(5,2), s STRING, "
                                             "bo BOOLEAN, ts TIMESTAMP, dt DATE, bin BINARY")});
  EXPECT_EQ(evalToStrings(e, b),
            (V{R"({1, 9000000000, 1.0, NaN, 1.01, {"x":[1,2]}, true, 2024-01-02 03:04:05, 2024-01-02, [68 69]})",
               "{null, null, null, null, 12.50, 5, null, 2023-11-14 22:13:20, null, null}"}));
}

TEST(JsonFunctions, FromJsonNested) {
  auto b = jsonRows({R"({"a":[{"x":1},{"x":2,"y":"q"}],"m":{"k":1,"j":null}})", R"({"a":[{"x":"bad"}],"m":[]})"});
  auto e = call("from_json", {col("j"), str("a ARRAY<STRUCT<x: INT, y: STRING>>, m MAP<STRING, INT>")});
  EXPECT_EQ(evalToStrings(e, b), (V{"{[{1, null}, {2, q}], {k -> 1, j -> null}}", "{[{null, null}], null}"}));
}

TEST(JsonFunctions, FromJsonArrayAndMapSchemas) {
  auto b = jsonRows({"[1,2,null]", R"({"a":1})", "oops"});
  EXPECT_EQ(evalToStrings(call("from_json", {col("j"), str("ARRAY<INT>")}), b), (V{"[1, 2, null]", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("from_json", {col("j"), str("MAP<STRING, INT>")}), b), (V{"null", "{a -> 1}", "null"}));
  // An object read with an array<struct> schema is a one-element array.
  EXPECT_EQ(evalToStrings(call("from_json", {col("j"), str("ARRAY<STRUCT<a: INT>>")}), b), (V{"[null, null, null]", "[{1}]", "null"}));
  EXPECT_EQ(evalToStrings(call("from_json", {col("j"), str("STRUCT<a: INT>")}), b), (V{"{null}", "{1}", "{null}"}));
}

TEST(JsonFunctions, FromJsonModesAndErrors) {
  auto b = jsonRows({R"({"a":1})", "{"});
  EXPECT_NE(errorOf(call("from_json", {col("j"), str("a INT"), options("mode", "FAILFAST")}), b)
                .find("MALFORMED_RECORD_IN_PARSING"),
            std::string::npos);
  EXPECT_EQ(evalToStrings(call("from_json", {col("j"), str("a INT"), options("mode", "PERMISSIVE")}), b),
            (V{"{1}", "{null}"}));
  EXPECT_NE(errorOf(call("from_json", {col("j"), str("a INT"), options("mode", "DROPMALFORMED")}), b)
                .find("doesn't support the DROPMALFORMED mode"),
            std::string::npos);
  EXPECT_NE(errorOf(call("from_json", {col("j"), col("j")}), b).find("string literal"), std::string::npos);
  EXPECT_NE(errorOf(call("from_json", {col("j"), str("INT")}), b).find("struct, an array or a map"), std::string::npos);
  EXPECT_NE(errorOf(call("from_json", {col("j"), str("MAP<INT, INT>")}), b).find("string keys"), std::string::npos);
  EXPECT_NE(errorOf(call("from_json", {col("j"), str("a INT,,")}), b).find("cannot parse the schema"),
            std::string::npos);
}

TEST(JsonFunctions, RoundTrip) {
  auto b = jsonRows({R"({"a":1,"b":[true,false],"c":{"d":"x"}})"});
  auto e = call("to_json", {call("from_json", {col("j"), str("a INT, b ARRAY<BOOLEAN>, c STRUCT<d: STRING>")})});
  EXPECT_EQ(evalToStrings(e, b), (V{R"({"a":1,"b":[true,false],"c":{"d":"x"}})"}));
}

// ---- get_json_object and friends -----------------------------------------------------

TEST(JsonFunctions, GetJsonObject) {
  auto b = jsonRows({R"({"a":{"b":[10,{"c":"deep"}],"s":"str","n":null,"f":1.50},"arr":[{"x":1},{"x":2}],"k":"v"})"});
  auto get = [&](const std::string& path) { return evalToStrings(call("get_json_object", {col("j"), str(path)}), b)[0]; };
  EXPECT_EQ(get("$.a.b[0]"), "10");
  EXPECT_EQ(get("$.a.b[1].c"), "deep");
  EXPECT_EQ(get("$.a.s"), "str");
  EXPECT_EQ(get("$.a.n"), "null");  // SQL null: a JSON null matches nothing
  EXPECT_EQ(get("$.a.f"), "1.5");
  EXPECT_EQ(get("$.a.b"), R"([10,{"c":"deep"}])");
  EXPECT_EQ(get("$['k']"), "v");
  EXPECT_EQ(get("$.arr[*].x"), "[1,2]");
  EXPECT_EQ(get("$.arr[0]"), R"({"x":1})");
  EXPECT_EQ(get("$.a.b[5]"), "null");
  EXPECT_EQ(get("$.missing"), "null");
  EXPECT_EQ(get("a.b"), "null");  // invalid path
  EXPECT_EQ(get("$.a.b[x]"), "null");
  auto bad = jsonRows({"{not json", std::nullopt, R"(["a","b"])", R"(["only"])"});
  EXPECT_EQ(evalToStrings(call("get_json_object", {col("j"), str("$[0]")}), bad), (V{"null", "null", "a", "only"}));
  EXPECT_EQ(evalToStrings(call("get_json_object", {col("j"), str("$[*]")}), bad),
            (V{"null", "null", R"(["a","b"])", R"("only")"}));
  EXPECT_EQ(evalToStrings(call("get_json_object", {col("j"), nullLiteral()}), bad), (V{"null", "null", "null", "null"}));
}

TEST(JsonFunctions, GetJsonObjectWithColumnPaths) {
  auto b = makeBatch("j STRING, p STRING", {{Value::string(R"({"a":1,"b":2})"), Value::string("$.a")},
                                            {Value::string(R"({"a":1,"b":2})"), Value::string("$.b")},
                                            {Value::string(R"({"a":1,"b":2})"), Value::null()}});
  EXPECT_EQ(evalToStrings(call("get_json_object", {col("j"), col("p")}), b), (V{"1", "2", "null"}));
}

TEST(JsonFunctions, JsonPathParser) {
  EXPECT_TRUE(parseJsonPath("$").has_value());
  EXPECT_EQ(parseJsonPath("$.a['b c'][3][*]")->size(), 4u);
  EXPECT_FALSE(parseJsonPath("$.").has_value());
  EXPECT_FALSE(parseJsonPath("$[-1]").has_value());
  EXPECT_FALSE(parseJsonPath("").has_value());
}

TEST(JsonFunctions, ArrayLengthAndObjectKeys) {
  auto b = jsonRows({"[1,2,[3,4]]", R"({"a":1,"b":{"c":2}})", "bad", std::nullopt});
  EXPECT_EQ(evalToStrings(call("json_array_length", {col("j")}), b), (V{"3", "null", "null", "null"}));
  EXPECT_EQ(evalToStrings(call("json_object_keys", {col("j")}), b), (V{"null", "[a, b]", "null", "null"}));
}

TEST(JsonFunctions, SchemaOfJson) {
  auto schema = [&](const std::string& json) { return evalToStrings(call("schema_of_json", {str(json)}), one())[0]; };
  EXPECT_EQ(schema(R"({"b":1,"a":"x","c":[1.5,2],"d":null,"e":{}})"),
            "STRUCT<a: STRING, b: BIGINT, c: ARRAY<DOUBLE>, d: STRING>");
  EXPECT_EQ(schema(R"([{"col":0}])"), "ARRAY<STRUCT<col: BIGINT>>");
  EXPECT_EQ(schema(R"([1,"a"])"), "ARRAY<STRING>");
  EXPECT_EQ(schema("[]"), "ARRAY<STRING>");
  EXPECT_EQ(schema("{}"), "STRUCT<>");
  EXPECT_NE(errorOf(call("schema_of_json", {col("x")}), one()).find("string literal"), std::string::npos);
}

TEST(JsonConverter, AppendFieldsForReaders) {
  auto type = DataType::struct_({{"id", DataType::long_(), true}, {"tags", DataType::array(DataType::string()), true}});
  JsonConverter conv(type);
  std::vector<ColumnBuilder> cols;
  for (const auto& f : type->fields()) cols.emplace_back(f.type);
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string good = R"({"tags":["a"],"id":7,"extra":1})";
  ASSERT_FALSE(parser.parse(good).get(doc));
  EXPECT_TRUE(conv.appendFields(doc, cols));
  std::string partial = R"({"id":"x","tags":["b"]})";
  ASSERT_FALSE(parser.parse(partial).get(doc));
  EXPECT_FALSE(conv.appendFields(doc, cols));
  std::string notObject = "[1]";
  ASSERT_FALSE(parser.parse(notObject).get(doc));
  EXPECT_FALSE(conv.appendFields(doc, cols));
  ColumnPtr ids = cols[0].finish(), tags = cols[1].finish();
  ASSERT_EQ(ids->length(), 3);
  ASSERT_EQ(tags->length(), 3);
  EXPECT_EQ(ids->valueAt(0).toString(*ids->type()), "7");
  EXPECT_TRUE(ids->isNull(1));
  EXPECT_EQ(tags->valueAt(1).toString(*tags->type()), "[b]");
  EXPECT_TRUE(tags->isNull(2));
  EXPECT_TRUE(JsonConverter::checkType(*type).ok());
}

TEST(JsonConverter, InferAndMerge) {
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  std::string a = R"({"x":1,"y":[1]})";
  ASSERT_FALSE(parser.parse(a).get(doc));
  TypePtr ta = inferJsonType(doc);
  std::string b = R"({"x":2.5,"z":true})";
  ASSERT_FALSE(parser.parse(b).get(doc));
  TypePtr tb = inferJsonType(doc);
  EXPECT_EQ(canonicalizeJsonType(mergeJsonTypes(ta, tb))->simpleString(),
            "struct<x:double,y:array<bigint>,z:boolean>");
}

}  // namespace
}  // namespace spate
