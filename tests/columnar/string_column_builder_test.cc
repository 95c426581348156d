// StringColumnBuilder's validity: rows appended after a null stay valid, however many.

#include <gtest/gtest.h>

#include "spate/columnar/builder.h"

namespace spate {
namespace {

TEST(StringColumnBuilder, RowsAfterANullStayValidPastTheBitmapsFirstByte) {
  StringColumnBuilder b;
  b.appendNull();
  for (int i = 0; i < 20; ++i) b.append("x");
  b.appendNull();
  // Bytes written straight into the buffer and closed by commit() are valid rows too.
  b.dataBuffer().append("yz", 2);
  b.commit();
  ColumnPtr c = b.finish();
  ASSERT_EQ(c->length(), 23);
  EXPECT_EQ(c->nullCount(), 2);
  EXPECT_TRUE(c->isNull(0));
  for (int64_t i = 1; i <= 20; ++i) EXPECT_TRUE(c->isValid(i)) << i;
  EXPECT_TRUE(c->isNull(21));
  EXPECT_TRUE(c->isValid(22));
  EXPECT_EQ(c->stringAt(22), "yz");
}

}  // namespace
}  // namespace spate
