// partitionBy and partition discovery through the C++ session API: df.write(),
// writeStream() into the file sink, read() with and without pruning filters.

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>

#include "spate/common/error.h"
#include "spate/session/data_stream_writer.h"
#include "spate/session/memory_stream.h"
#include "spate/session/session.h"
#include "tests/io/io_test_util.h"

namespace spate::sql {
namespace {

namespace fs = std::filesystem;
using spate::testing::TempDir;

std::vector<std::string> sortedRows(const DataFrame& df) {
  std::vector<std::string> out;
  for (const auto& r : df.collect()) out.push_back(r.toString());
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> folders(const std::string& dir) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator(dir)) {
    std::string name = e.path().filename().string();
    if (e.is_directory() && name[0] != '_') out.push_back(name);
  }
  std::sort(out.begin(), out.end());
  return out;
}

class PartitionedIoTest : public ::testing::Test {
 protected:
  std::shared_ptr<Session> spark = std::make_shared<Session>("test");
  TempDir dir;
};

TEST_F(PartitionedIoTest, WriteThenReadWithAndWithoutPruning) {
  DataFrame df = spark->createDataFrame({{Value::integer(1), Value::string("a"), Value::integer(10)},
                                         {Value::integer(2), Value::string("b"), Value::integer(20)},
                                         {Value::integer(3), Value::string("a"), Value()}},
                                        "id INT, k STRING, n INT");
  const std::string out = dir.file("t");
  df.write().partitionBy({"k", "n"}).format("json").save(out);
  EXPECT_EQ(folders(out), (std::vector<std::string>{"k=a", "k=b"}));
  EXPECT_EQ(folders(out + "/k=a"), (std::vector<std::string>{"n=10", "n=__HIVE_DEFAULT_PARTITION__"}));
  DataFrame back = spark->read().format("json").load(out);
  EXPECT_EQ(back.schema()->ddl(), "id BIGINT, k STRING, n INT");
  const std::string r1 = "Row(id=1, k='a', n=10)", r2 = "Row(id=2, k='b', n=20)", r3 = "Row(id=3, k='a', n=None)";
  EXPECT_EQ(sortedRows(back), (std::vector<std::string>{r1, r2, r3}));
  EXPECT_EQ(sortedRows(back.filter("k = 'a' AND n IS NULL")), (std::vector<std::string>{r3}));
  EXPECT_EQ(sortedRows(back.filter("n > 15 OR id = 1")), (std::vector<std::string>{r1, r2}));
  // A bad column fails before anything is written.
  EXPECT_THROW(df.write().partitionBy({"nope"}).format("json").save(dir.file("u")), Error);
  EXPECT_FALSE(fs::exists(dir.file("u")));
}

TEST_F(PartitionedIoTest, StreamingSinkWritesPartitionFolders) {
  MemoryStream input(spark, "id INT, k STRING");
  const std::string out = dir.file("s");
  StreamingQuery q = input.toDF()
                         .writeStream()
                         .format("csv")
                         .partitionBy({"k"})
                         .option("checkpointLocation", dir.file("chk"))
                         .start(out);
  input.addData({{Value::integer(1), Value::string("x")}, {Value::integer(2), Value::string("y/z")}});
  q.processAllAvailable();
  input.addData({{Value::integer(3), Value::string("x")}});
  q.processAllAvailable();
  q.stop();
  EXPECT_EQ(folders(out), (std::vector<std::string>{"k=x", "k=y%2Fz"}));
  DataFrame back = spark->read().schema("id INT").csv(out);
  EXPECT_EQ(back.schema()->ddl(), "id INT, k STRING");
  EXPECT_EQ(sortedRows(back), (std::vector<std::string>{"Row(id=1, k='x')", "Row(id=2, k='y/z')", "Row(id=3, k='x')"}));
}

}  // namespace
}  // namespace spate::sql
