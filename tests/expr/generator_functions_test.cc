#include <optional>

#include <gtest/gtest.h>

#include "expr_test_util.h"
#include "spate/expr/function_registry.h"

namespace spate {
namespace {

using namespace spate::testing;
using V = std::vector<std::string>;

Value ints(std::vector<std::optional<int>> items) {
  ValueList values;
  for (auto i : items) values.push_back(i ? Value::integer(*i) : Value::null());
  return Value::list(std::move(values));
}

struct Generated {
  std::vector<std::string> names;
  std::vector<std::string> rows;  // "src: c1 | c2"
  std::string error;
};

// Resolves and runs generator `name` over `batch`, rendering each output row with its
// source row.
Generated generate(const std::string& name, const std::vector<ExprPtr>& args, const BatchPtr& batch) {
  Generated g;
  const GeneratorFunction* fn = FunctionRegistry::builtin().generator(name);
  if (!fn) {
    g.error = "no generator " + name;
    return g;
  }
  std::vector<BoundExprPtr> bound;
  for (const auto& a : args) {
    auto b = bindExpr(*a, scopeOf(*batch));
    if (!b.ok()) {
      g.error = b.status().toString();
      return g;
    }
    bound.push_back(*b);
  }
  auto resolved = fn->resolve(bound);
  if (!resolved.ok()) {
    g.error = resolved.status().toString();
    return g;
  }
  for (const auto& f : resolved->outputFields) g.names.push_back(f.name + ":" + f.type->simpleString());
  std::vector<ColumnPtr> cols;
  EvalContext ctx;
  for (const auto& b : bound) cols.push_back(b->eval(*batch, ctx).value());
  auto out = resolved->kernel(cols, batch->numRows());
  if (!out.ok()) {
    g.error = out.status().toString();
    return g;
  }
  for (size_t r = 0; r < out->sourceRows.size(); ++r) {
    std::string row = std::to_string(out->sourceRows[r]) + ":";
    for (size_t c = 0; c < out->columns.size(); ++c) {
      EXPECT_EQ(out->columns[c]->length(), static_cast<int64_t>(out->sourceRows.size()));
      const auto& col = out->columns[c];
      row += (c ? " | " : " ") + col->valueAt(static_cast<int64_t>(r)).toString(*col->type());
    }
    g.rows.push_back(row);
  }
  return g;
}

BatchPtr arrays() {
  return makeBatch("id INT, a ARRAY<INT>", {{Value::integer(1), ints({1, 2})},
                                           {Value::integer(2), ints({})},
                                           {Value::integer(3), Value::null()},
                                           {Value::integer(4), ints({std::nullopt, 5})}});
}

TEST(GeneratorFunctions, Explode) {
  auto g = generate("explode", {col("a")}, arrays());
  EXPECT_EQ(g.names, (V{"col:int"}));
  EXPECT_EQ(g.rows, (V{"0: 1", "0: 2", "3: null", "3: 5"}));
}

TEST(GeneratorFunctions, ExplodeSharesContiguousElements) {
  auto b = makeBatch("a ARRAY<STRING>", {{Value::list({Value::string("x"), Value::string("y")})},
                                         {Value::list({Value::string("z")})}});
  auto g = generate("explode", {col("a")}, b);
  EXPECT_EQ(g.rows, (V{"0: x", "0: y", "1: z"}));
}

TEST(GeneratorFunctions, ExplodeOuter) {
  auto g = generate("explode_outer", {col("a")}, arrays());
  EXPECT_EQ(g.rows, (V{"0: 1", "0: 2", "1: null", "2: null", "3: null", "3: 5"}));
}

TEST(GeneratorFunctions, PosExplode) {
  auto g = generate("posexplode", {col("a")}, arrays());
  EXPECT_EQ(g.names, (V{"pos:int", "col:int"}));
  EXPECT_EQ(g.rows, (V{"0: 0 | 1", "0: 1 | 2", "3: 0 | null", "3: 1 | 5"}));
  auto outer = generate("posexplode_outer", {col("a")}, arrays());
  EXPECT_EQ(outer.rows, (V{"0: 0 | 1", "0: 1 | 2", "1: null | null", "2: null | null", "3: 0 | null", "3: 1 | 5"}));
}

TEST(GeneratorFunctions, ExplodeMap) {
  auto b = makeBatch("m MAP<STRING, INT>", {{Value::map({Value::string("a"), Value::string("b")},
                                                        {Value::integer(1), Value::null()})},
                                            {Value::null()}});
  auto g = generate("explode", {col("m")}, b);
  EXPECT_EQ(g.names, (V{"key:string", "value:int"}));
  EXPECT_EQ(g.rows, (V{"0: a | 1", "0: b | null"}));
  auto p = generate("posexplode_outer", {col("m")}, b);
  EXPECT_EQ(p.names, (V{"pos:int", "key:string", "value:int"}));
  EXPECT_EQ(p.rows, (V{"0: 0 | a | 1", "0: 1 | b | null", "1: null | null | null"}));
}

TEST(GeneratorFunctions, ExplodeExpressionAndLiteral) {
  auto b = makeBatch("value STRING", {{Value::string("a b")}, {Value::string("c")}});
  auto lit = literal(Value::list({Value::integer(7), Value::integer(8)}), DataType::array(DataType::int_()));
  auto g = generate("explode", {lit}, b);
  EXPECT_EQ(g.rows, (V{"0: 7", "0: 8", "1: 7", "1: 8"}));
  auto n = generate("explode", {nullLiteral()}, b);
  EXPECT_TRUE(n.rows.empty());
  EXPECT_NE(generate("explode", {i32(1)}, b).error.find("explode() expects an array or a map"), std::string::npos);
}

TEST(GeneratorFunctions, Inline) {
  auto type = DataType::array(DataType::struct_({{"a", DataType::int_(), true}, {"b", DataType::string(), true}}));
  auto b = makeBatch("id INT", {{Value::integer(1)}});
  auto batch = batchFromRows(
      std::make_shared<Schema>(Schema().add("s", type)),
      {{Value::list({Value::list({Value::integer(1), Value::string("x")}), Value::null(),
                     Value::list({Value::integer(2), Value::null()})})},
       {Value::list({})},
       {Value::null()}});
  auto g = generate("inline", {col("s")}, batch);
  EXPECT_EQ(g.names, (V{"a:int", "b:string"}));
  EXPECT_EQ(g.rows, (V{"0: 1 | x", "0: null | null", "0: 2 | null"}));
  auto outer = generate("inline_outer", {col("s")}, batch);
  EXPECT_EQ(outer.rows, (V{"0: 1 | x", "0: null | null", "0: 2 | null", "1: null | null", "2: null | null"}));
  EXPECT_NE(generate("inline", {col("id")}, b).error.find("array of structs"), std::string::npos);
}

TEST(GeneratorFunctions, Stack) {
  auto b = makeBatch("x INT", {{Value::integer(10)}, {Value::integer(20)}});
  auto g = generate("stack", {i32(2), str("a"), col("x"), str("b"), i32(1)}, b);
  EXPECT_EQ(g.names, (V{"col0:string", "col1:int"}));
  EXPECT_EQ(g.rows, (V{"0: a | 10", "0: b | 1", "1: a | 20", "1: b | 1"}));
  EXPECT_EQ(generate("stack", {i32(3), i32(1), i32(2)}, b).rows,
            (V{"0: 1", "0: 2", "0: null", "1: 1", "1: 2", "1: null"}));
  EXPECT_NE(generate("stack", {col("x"), i32(1)}, b).error.find("positive int literal"), std::string::npos);
}

TEST(GeneratorFunctions, JsonTuple) {
  auto b = makeBatch("j STRING", {{Value::string(R"({"a":1,"b":"x","c":{"d":[1,2]},"n":null})")},
                                  {Value::string("not json")},
                                  {Value::null()}});
  auto g = generate("json_tuple", {col("j"), str("a"), str("b"), str("c"), str("n"), str("zz")}, b);
  EXPECT_EQ(g.names, (V{"c0:string", "c1:string", "c2:string", "c3:string", "c4:string"}));
  EXPECT_EQ(g.rows, (V{R"(0: 1 | x | {"d":[1,2]} | null | null)", "1: null | null | null | null | null",
                       "2: null | null | null | null | null"}));
}

}  // namespace
}  // namespace spate
