#include <gtest/gtest.h>

#include <string>

#include "spate/columnar/arrow_export.h"
#include "spate/columnar/builder.h"

namespace spate {
namespace {

BatchPtr sampleBatch() {
  auto schema = std::make_shared<Schema>(std::vector<Field>{
      {"id", DataType::long_(), false},
      {"name", DataType::string(), true},
      {"tags", DataType::map(DataType::string(), DataType::int_()), true},
      {"k", DataType::int_(), true}});
  ColumnBuilder id(DataType::long_()), name(DataType::string()), tags(schema->field(2).type);
  for (int i = 0; i < 3; ++i) {
    id.append(Value::integer(i));
    if (i == 1) {
      name.appendNull();
    } else {
      name.appendString("n" + std::to_string(i));
    }
    tags.append(Value::map({Value::string("a")}, {Value::integer(i)}));
  }
  // A literal: constant columns are expanded on export.
  ColumnPtr k = Column::constant(Value::integer(7), DataType::int_(), 3);
  return std::make_shared<const Batch>(schema, std::vector<ColumnPtr>{id.finish(), name.finish(), tags.finish(), k}, 3);
}

TEST(ArrowExport, SchemaHasArrowFormats) {
  BatchPtr batch = sampleBatch();
  ArrowSchema s;
  ASSERT_TRUE(exportSchema(*batch->schema(), &s).ok());
  EXPECT_STREQ(s.format, "+s");
  ASSERT_EQ(s.n_children, 4);
  EXPECT_STREQ(s.children[0]->format, "l");
  EXPECT_STREQ(s.children[0]->name, "id");
  EXPECT_EQ(s.children[0]->flags & ARROW_FLAG_NULLABLE, 0);
  EXPECT_STREQ(s.children[1]->format, "u");
  EXPECT_EQ(s.children[1]->flags & ARROW_FLAG_NULLABLE, ARROW_FLAG_NULLABLE);
  EXPECT_STREQ(s.children[2]->format, "+m");
  ASSERT_EQ(s.children[2]->n_children, 1);
  EXPECT_STREQ(s.children[2]->children[0]->format, "+s");
  EXPECT_STREQ(s.children[2]->children[0]->children[0]->name, "key");
  s.release(&s);
  EXPECT_EQ(s.release, nullptr);
}

TEST(ArrowExport, ArraysShareTheColumnsBuffers) {
  BatchPtr batch = sampleBatch();
  ArrowArray a;
  ASSERT_TRUE(exportBatch(batch, &a).ok());
  ASSERT_EQ(a.length, 3);
  ASSERT_EQ(a.n_children, 4);
  const ArrowArray* id = a.children[0];
  EXPECT_EQ(id->n_buffers, 2);
  EXPECT_EQ(id->buffers[1], batch->column(0)->valuesBuffer()->data());  // no copy
  const ArrowArray* name = a.children[1];
  EXPECT_EQ(name->null_count, 1);
  EXPECT_EQ(name->n_buffers, 3);
  EXPECT_EQ(name->buffers[2], batch->column(1)->dataBuffer()->data());
  const ArrowArray* tags = a.children[2];
  ASSERT_EQ(tags->n_children, 1);
  EXPECT_EQ(tags->children[0]->length, 3);  // one entry per row
  EXPECT_EQ(tags->children[0]->n_children, 2);
  const ArrowArray* k = a.children[3];
  EXPECT_EQ(k->length, 3);
  EXPECT_EQ(static_cast<const int32_t*>(k->buffers[1])[2], 7);
  a.release(&a);
  EXPECT_EQ(a.release, nullptr);
}

TEST(ArrowExport, StreamGivesEachBatchThenEnds) {
  BatchPtr batch = sampleBatch();
  ArrowArrayStream stream;
  ASSERT_TRUE(exportBatchStream(batch->schema(), {batch, batch}, &stream).ok());
  ArrowSchema s;
  ASSERT_EQ(stream.get_schema(&stream, &s), 0);
  s.release(&s);
  for (int i = 0; i < 2; ++i) {
    ArrowArray a;
    ASSERT_EQ(stream.get_next(&stream, &a), 0);
    ASSERT_NE(a.release, nullptr);
    EXPECT_EQ(a.length, 3);
    a.release(&a);
  }
  ArrowArray end;
  ASSERT_EQ(stream.get_next(&stream, &end), 0);
  EXPECT_EQ(end.release, nullptr);
  EXPECT_EQ(stream.get_last_error(&stream), nullptr);
  stream.release(&stream);
  EXPECT_EQ(stream.release, nullptr);
}

}  // namespace
}  // namespace spate
