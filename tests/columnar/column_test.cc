#include <gtest/gtest.h>

#include "spate/columnar/batch.h"
#include "spate/columnar/builder.h"
#include "spate/columnar/selection.h"

namespace spate {
namespace {

TEST(ColumnBuilder, BuildsStringsWithNullsInArrowLayout) {
  ColumnBuilder b(DataType::string());
  b.appendString("ab");
  b.appendNull();
  b.appendString("cde");
  ColumnPtr c = b.finish();
  ASSERT_EQ(c->length(), 3);
  EXPECT_EQ(c->nullCount(), 1);
  EXPECT_EQ(c->stringAt(0), "ab");
  EXPECT_TRUE(c->isNull(1));
  EXPECT_EQ(c->stringAt(2), "cde");
  EXPECT_EQ(c->offsets()[3], 5);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(c->valuesBuffer()->data()) % 64, 0u);
}

TEST(ColumnBuilder, BuildsNestedValues) {
  auto type = DataType::struct_({{"b", DataType::int_(), true}, {"c", DataType::array(DataType::string()), true}});
  ColumnBuilder b(type);
  b.append(Value::list({Value::integer(1), Value::list({Value::string("x"), Value::string("y")})}));
  b.append(Value());
  ColumnPtr c = b.finish();
  EXPECT_EQ(c->valueAt(0).toString(*type), "{1, [x, y]}");
  EXPECT_TRUE(c->isNull(1));
}

TEST(Selection, FiltersAndTakesRows) {
  auto schema = std::make_shared<Schema>(Schema().add("x", DataType::long_()).add("s", DataType::string()));
  std::vector<std::vector<Value>> rows;
  for (int i = 0; i < 20; ++i) rows.push_back({Value::integer(i), Value::string(std::to_string(i))});
  BatchPtr batch = batchFromRows(schema, rows);
  BooleanColumnBuilder pred(20);
  for (int i = 0; i < 20; ++i) pred.set(i, i % 3 == 0);
  pred.setNull(3);
  BatchPtr out = filterBatch(batch, *pred.finish());
  ASSERT_EQ(out->numRows(), 6);  // 0, 6, 9, 12, 15, 18 (3 is null)
  EXPECT_EQ(out->column(0)->valueAt<int64_t>(1), 6);
  EXPECT_EQ(out->column(1)->stringAt(5), "18");
}

TEST(Selection, ConcatenatesAndFlattensConstants) {
  ColumnPtr a = Column::constant(Value::integer(7), DataType::int_(), 3);
  EXPECT_TRUE(a->isConstant());
  ColumnPtr flat = Column::flatten(a);
  EXPECT_EQ(flat->valueAt<int32_t>(2), 7);
  ColumnPtr b = Column::nulls(DataType::int_(), 2);
  ColumnPtr both = concatColumns({flat, b});
  EXPECT_EQ(both->length(), 5);
  EXPECT_EQ(both->nullCount(), 2);
}

TEST(Selection, TakesAndFlattensStructsFieldByField) {
  auto type = DataType::struct_({{"b", DataType::int_(), true}, {"c", DataType::string(), true}});
  ColumnBuilder b(type);
  b.append(Value::list({Value::integer(1), Value::string("x")}));
  b.append(Value());
  b.append(Value::list({Value::integer(3), Value()}));
  ColumnPtr c = b.finish();
  std::vector<int32_t> rows{2, 1, 0, -1};
  ColumnPtr taken = take(c, rows.data(), 4);
  EXPECT_EQ(taken->valueAt(0).toString(*type), "{3, null}");
  EXPECT_TRUE(taken->isNull(1));
  EXPECT_EQ(taken->valueAt(2).toString(*type), "{1, x}");
  EXPECT_TRUE(taken->isNull(3));
  EXPECT_EQ(taken->child(0)->length(), 4);

  ColumnPtr one = Column::constant(Value::list({Value::integer(5), Value::string("y")}), type, 3);
  ColumnPtr flat = Column::flatten(one);
  EXPECT_FALSE(flat->isConstant());
  EXPECT_FALSE(flat->child(1)->isConstant());
  EXPECT_EQ(flat->valueAt(2).toString(*type), "{5, y}");
}

}  // namespace
}  // namespace spate
