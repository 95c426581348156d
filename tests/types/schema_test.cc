#include <gtest/gtest.h>

#include "spate/types/schema.h"
#include "spate/types/value.h"

namespace spate {
namespace {

TEST(SchemaDDL, ParsesFlatSchemasAsUsersWriteThem) {
  auto s = Schema::fromDDL("id INT, name STRING, value DOUBLE");
  ASSERT_TRUE(s.ok()) << s.status().toString();
  ASSERT_EQ(s->size(), 3u);
  EXPECT_EQ(s->field(0).name, "id");
  EXPECT_EQ(s->field(0).type->id(), TypeId::kInt);
  EXPECT_EQ(s->field(2).type->id(), TypeId::kDouble);
  EXPECT_EQ(s->ddl(), "id INT, name STRING, value DOUBLE");

  auto t = Schema::fromDDL("time TIMESTAMP, action STRING");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(t->field(0).type->id(), TypeId::kTimestamp);
}

TEST(SchemaDDL, ParsesNestedTypes) {
  auto s = Schema::fromDDL("a STRUCT<b: INT, c: ARRAY<STRING>>, m MAP<STRING, BIGINT>, d DECIMAL(10, 2)");
  ASSERT_TRUE(s.ok()) << s.status().toString();
  const auto& a = s->field(0).type;
  EXPECT_EQ(a->simpleString(), "struct<b:int,c:array<string>>");
  EXPECT_EQ(s->field(1).type->simpleString(), "map<string,bigint>");
  EXPECT_EQ(s->field(2).type->simpleString(), "decimal(10,2)");
}

TEST(SchemaDDL, ReportsPositionOfBadType) {
  auto s = Schema::fromDDL("id INT, name STRNG");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.status().message().find("unknown data type 'STRNG'"), std::string::npos) << s.status().message();
  EXPECT_NE(s.status().message().find("position 14"), std::string::npos) << s.status().message();
}

TEST(SchemaTree, MatchesPrintSchema) {
  auto s = Schema::fromDDL("id INT, tags ARRAY<STRING>");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->treeString(),
            "root\n"
            " |-- id: integer (nullable = true)\n"
            " |-- tags: array (nullable = true)\n"
            " |    |-- element: string (containsNull = true)\n");
}

TEST(StructTypeBuilder, AddsFields) {
  StructType st;
  st.add("field1", DataType::string()).add("field2", DataType::int_(), false);
  EXPECT_EQ(st.ddl(), "field1 STRING, field2 INT NOT NULL");
  EXPECT_EQ(st.indexOf("FIELD2"), 1);
  EXPECT_EQ(st.indexOf("nope"), -1);
}

TEST(ValueFormat, PrintsAsSparkShows) {
  EXPECT_EQ(Value::fractional(1.0).toString(*DataType::double_()), "1.0");
  EXPECT_EQ(Value::fractional(0.1).toString(*DataType::double_()), "0.1");
  EXPECT_EQ(Value::fractional(1e10).toString(*DataType::double_()), "1.0E10");
  EXPECT_EQ(Value::fractional(12345.5).toString(*DataType::double_()), "12345.5");
  EXPECT_EQ(Value::decimal(-1234).toString(*DataType::decimal(10, 2)), "-12.34");
  EXPECT_EQ(Value::decimal(5).toString(*DataType::decimal(10, 3)), "0.005");
  EXPECT_EQ(Value::integer(0).toString(*DataType::timestamp()), "1970-01-01 00:00:00");
  EXPECT_EQ(Value::list({Value::integer(1), Value()}).toString(*DataType::array(DataType::int_())), "[1, null]");
}

}  // namespace
}  // namespace spate
