#include <gtest/gtest.h>

#include "spate/columnar/builder.h"
#include "spate/io/parquet_levels.h"
#include "spate/io/parquet_write_schema.h"

namespace spate {
namespace {

using parquet::LevelShredder;
using parquet::ValueSelection;

ColumnPtr columnOf(const TypePtr& type, const std::vector<Value>& rows) {
  ColumnBuilder b(type);
  for (const auto& v : rows) b.append(v);
  return b.finish();
}

Value list(std::vector<Value> items) { return Value::list(std::move(items)); }
Value i(int64_t v) { return Value::integer(v); }
Value s(std::string v) { return Value::string(std::move(v)); }

struct Shredded {
  std::vector<uint16_t> definitions, repetitions;
  std::vector<int64_t> values;
};

// The levels and value rows of leaf `leafIndex` of a one-column schema, shredded in
// two calls to check that a slice continues where the last one stopped.
Shredded shred(const Field& field, const ColumnPtr& column, size_t leafIndex, const std::string& expectName) {
  Schema schema;
  schema.add(field.name, field.type, field.nullable);
  auto ws = parquet::parquetWriteSchema(schema);
  EXPECT_TRUE(ws.ok()) << ws.status().message();
  const parquet::LeafColumn& leaf = ws->leaves.at(leafIndex);
  EXPECT_EQ(leaf.name(), expectName);
  LevelShredder shredder(leaf);
  shredder.reset(column);
  Shredded out;
  ValueSelection selection;
  const int64_t half = column->length() / 2;
  for (auto [b, e] : {std::pair<int64_t, int64_t>{0, half}, {half, column->length()}}) {
    Status st = shredder.shred(b, e, out.definitions, out.repetitions, selection);
    EXPECT_TRUE(st.ok()) << st.message();
    for (int64_t k = 0; k < selection.size(); ++k) out.values.push_back(selection.row(k));
  }
  return out;
}

using Levels = std::vector<uint16_t>;
using Rows = std::vector<int64_t>;

TEST(ParquetLevels, ArrayOfNullableInts) {
  TypePtr type = DataType::array(DataType::int_());
  // [1, 2], null, [], [null, 3]
  ColumnPtr c = columnOf(type, {list({i(1), i(2)}), Value(), list({}), list({Value(), i(3)})});
  Shredded got = shred({"a", type, true}, c, 0, "a.list.element");
  EXPECT_EQ(got.definitions, (Levels{3, 3, 0, 1, 2, 3}));
  EXPECT_EQ(got.repetitions, (Levels{0, 1, 0, 0, 0, 1}));
  EXPECT_EQ(got.values, (Rows{0, 1, 3}));  // element rows; row 2 of the elements is the null
}

TEST(ParquetLevels, RequiredElementsAndRequiredArray) {
  TypePtr type = DataType::array(DataType::int_(), /*containsNull=*/false);
  ColumnPtr c = columnOf(type, {list({i(1), i(2)}), list({}), list({i(3)})});
  Shredded got = shred({"a", type, false}, c, 0, "a.list.element");
  EXPECT_EQ(got.definitions, (Levels{1, 1, 0, 1}));
  EXPECT_EQ(got.repetitions, (Levels{0, 1, 0, 0}));
  EXPECT_EQ(got.values, (Rows{0, 1, 2}));
}

TEST(ParquetLevels, ArrayOfArrays) {
  TypePtr type = DataType::array(DataType::array(DataType::int_()));
  // [[1, 2], [3]], [[], null], [[null]], null
  ColumnPtr c = columnOf(type, {list({list({i(1), i(2)}), list({i(3)})}), list({list({}), Value()}),
                                list({list({Value()})}), Value()});
  Shredded got = shred({"aa", type, true}, c, 0, "aa.list.element.list.element");
  EXPECT_EQ(got.definitions, (Levels{5, 5, 5, 3, 2, 4, 0}));
  EXPECT_EQ(got.repetitions, (Levels{0, 2, 1, 0, 1, 0, 0}));
  EXPECT_EQ(got.values, (Rows{0, 1, 2}));
}

TEST(ParquetLevels, MapKeysAndValues) {
  TypePtr type = DataType::map(DataType::string(), DataType::int_());
  // {a: 1, b: null}, null, {}
  ColumnPtr c = columnOf(type, {Value::map({s("a"), s("b")}, {i(1), Value()}), Value(), Value::map({}, {})});
  Shredded keys = shred({"m", type, true}, c, 0, "m.key_value.key");
  EXPECT_EQ(keys.definitions, (Levels{2, 2, 0, 1}));
  EXPECT_EQ(keys.repetitions, (Levels{0, 1, 0, 0}));
  EXPECT_EQ(keys.values, (Rows{0, 1}));
  Shredded values = shred({"m", type, true}, c, 1, "m.key_value.value");
  EXPECT_EQ(values.definitions, (Levels{3, 2, 0, 1}));
  EXPECT_EQ(values.repetitions, (Levels{0, 1, 0, 0}));
  EXPECT_EQ(values.values, (Rows{0}));
}

TEST(ParquetLevels, NestedStructsWithNullsAtEveryLevel) {
  TypePtr inner = DataType::struct_({{"z", DataType::string(), true}});
  TypePtr type = DataType::struct_({{"x", DataType::int_(), true}, {"y", inner, true}});
  // {1, {"a"}}, null, {null, null}, {2, {null}}
  ColumnPtr c = columnOf(type, {list({i(1), list({s("a")})}), Value(), list({Value(), Value()}),
                                list({i(2), list({Value()})})});
  Shredded x = shred({"s", type, true}, c, 0, "s.x");
  EXPECT_EQ(x.definitions, (Levels{2, 0, 1, 2}));
  EXPECT_TRUE(x.repetitions.empty());
  EXPECT_EQ(x.values, (Rows{0, 3}));
  Shredded z = shred({"s", type, true}, c, 1, "s.y.z");
  EXPECT_EQ(z.definitions, (Levels{3, 0, 1, 2}));
  EXPECT_EQ(z.values, (Rows{0}));
}

TEST(ParquetLevels, ArrayOfStructsWithArrays) {
  TypePtr element = DataType::struct_({{"tags", DataType::array(DataType::string()), true}});
  TypePtr type = DataType::array(element);
  // [{[x, y]}, {null}, null], [{[]}]
  ColumnPtr c = columnOf(type, {list({list({list({s("x"), s("y")})}), list({Value()}), Value()}),
                                list({list({list({})})})});
  Shredded got = shred({"a", type, true}, c, 0, "a.list.element.tags.list.element");
  // max definition 6: a, list, element, tags, list, element.
  EXPECT_EQ(got.definitions, (Levels{6, 6, 3, 2, 4}));
  EXPECT_EQ(got.repetitions, (Levels{0, 2, 1, 1, 0}));
  EXPECT_EQ(got.values, (Rows{0, 1}));
}

TEST(ParquetLevels, FlatColumnsTakeTheValidityBitmap) {
  ColumnPtr c = columnOf(DataType::long_(), {i(1), Value(), i(3), i(4)});
  Shredded got = shred({"l", DataType::long_(), true}, c, 0, "l");
  EXPECT_EQ(got.definitions, (Levels{1, 0, 1, 1}));
  EXPECT_TRUE(got.repetitions.empty());
  EXPECT_EQ(got.values, (Rows{0, 2, 3}));
  ColumnPtr full = columnOf(DataType::long_(), {i(1), i(2)});
  Shredded required = shred({"l", DataType::long_(), false}, full, 0, "l");
  EXPECT_TRUE(required.definitions.empty());
  EXPECT_EQ(required.values, (Rows{0, 1}));
}

TEST(ParquetLevels, ANullInARequiredColumnIsAnErrorNamingIt) {
  TypePtr type = DataType::struct_({{"x", DataType::int_(), false}});
  Schema schema;
  schema.add("s", type, true);
  auto ws = parquet::parquetWriteSchema(schema);
  ASSERT_TRUE(ws.ok());
  LevelShredder shredder(ws->leaves[0]);
  shredder.reset(columnOf(type, {list({i(1)}), list({Value()})}));
  std::vector<uint16_t> d, r;
  ValueSelection selection;
  Status st = shredder.shred(0, 2, d, r, selection);
  ASSERT_FALSE(st.ok());
  EXPECT_NE(st.message().find("'s.x' is not nullable"), std::string::npos) << st.message();
}

TEST(ParquetWriteSchema, ListsAndMapsInSparksLayout) {
  Schema schema;
  schema.add("tags", DataType::array(DataType::string(), false), true);
  schema.add("m", DataType::map(DataType::string(), DataType::long_()), false);
  auto ws = parquet::parquetWriteSchema(schema);
  ASSERT_TRUE(ws.ok()) << ws.status().message();
  std::vector<std::string> got;
  for (const auto& e : ws->elements) {
    std::string rep = !e.repetition ? "-" : *e.repetition == parquet::Repetition::kRequired ? "required"
                                        : *e.repetition == parquet::Repetition::kOptional ? "optional" : "repeated";
    got.push_back(rep + " " + e.name + " " + std::to_string(e.numChildren.value_or(0)) + " " +
                  std::to_string(e.convertedType.value_or(-1)));
  }
  EXPECT_EQ(got, (std::vector<std::string>{"- spark_schema 2 -1", "optional tags 1 3", "repeated list 1 -1",
                                           "required element 0 0", "required m 1 1", "repeated key_value 2 -1",
                                           "required key 0 0", "optional value 0 -1"}));
  ASSERT_EQ(ws->leaves.size(), 3u);
  EXPECT_EQ(ws->leaves[1].pathInSchema, (std::vector<std::string>{"m", "key_value", "key"}));
  EXPECT_EQ(ws->leaves[2].maxDefinition, 2);
  EXPECT_EQ(ws->leaves[2].maxRepetition, 1);
  EXPECT_EQ(ws->leaves[2].topColumn, 1u);
}

TEST(ParquetWriteSchema, TypesParquetCannotHoldAreErrorsNamingTheColumn) {
  Schema schema;
  schema.add("s", DataType::struct_({{"gap", DataType::interval(), true}}), true);
  auto ws = parquet::parquetWriteSchema(schema);
  ASSERT_FALSE(ws.ok());
  EXPECT_NE(ws.status().message().find("'s.gap'"), std::string::npos) << ws.status().message();
  Schema empty;
  empty.add("e", DataType::struct_({}), true);
  EXPECT_FALSE(parquet::parquetWriteSchema(empty).ok());
}

}  // namespace
}  // namespace spate
