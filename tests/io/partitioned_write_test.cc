#include "spate/io/partitioned_write.h"

#include <gtest/gtest.h>

#include "io_test_util.h"
#include "spate/io/partition_discovery.h"

namespace spate {
namespace {

using testing::TempDir;

BatchPtr rows(const std::string& ddl, const std::vector<std::vector<Value>>& values) {
  return batchFromRows(testing::ddl(ddl), values);
}

std::string resolveError(const std::string& ddl, const std::vector<std::string>& names) {
  auto r = resolvePartitionColumns(*testing::ddl(ddl), names);
  return r.ok() ? "ok" : r.status().message();
}

TEST(PartitionedWrite, SparksChecksOnPartitionColumns) {
  EXPECT_EQ(resolveError("a INT, b STRING", {"B"}), "ok");
  EXPECT_EQ(resolveError("a INT, b STRING", {"c"}), "Partition column `c` not found in schema struct<a:int,b:string>");
  EXPECT_EQ(resolveError("a INT, b STRING", {"a", "b"}), "Cannot use all columns for partition columns");
  EXPECT_EQ(resolveError("a INT, b STRING, c INT", {"a", "A"}),
            "[COLUMN_ALREADY_EXISTS] The column `a` already exists. Consider to choose another name or rename the "
            "existing column.");
  EXPECT_EQ(resolveError("a ARRAY<INT>, b STRING", {"a"}), "Cannot use array<int> for partition column");
  auto p = resolvePartitionColumns(*testing::ddl("a INT, b STRING, c DOUBLE"), {"C", "a"}).value();
  EXPECT_EQ(p.names, (std::vector<std::string>{"c", "a"}));
  EXPECT_EQ(p.dataSchema->ddl(), "b STRING");
}

TEST(PartitionedWrite, GroupsRowsByFolderOncePerKey) {
  auto p = resolvePartitionColumns(*testing::ddl("k STRING, n INT, v INT"), {"k", "n"}).value();
  auto b1 = rows("k STRING, n INT, v INT", {{Value::string("x"), Value::integer(1), Value::integer(10)},
                                            {Value::string("y/z"), Value::integer(2), Value::integer(20)},
                                            {Value::string("x"), Value::integer(1), Value::integer(11)},
                                            {Value(), Value::integer(3), Value::integer(30)}});
  auto b2 = rows("k STRING, n INT, v INT", {{Value::string(""), Value::integer(3), Value::integer(31)},
                                            {Value::string("x"), Value::integer(1), Value::integer(12)}});
  auto groups = splitByPartition({b1, b2}, p);
  ASSERT_EQ(groups.size(), 3u);
  // Null and "" share the default partition's folder.
  EXPECT_EQ(groups[0].dir, "k=__HIVE_DEFAULT_PARTITION__/n=3");
  EXPECT_EQ(testing::rowsOf(groups[0].batches), (std::vector<std::string>{"30", "31"}));
  EXPECT_EQ(groups[1].dir, "k=x/n=1");
  EXPECT_EQ(testing::rowsOf(groups[1].batches), (std::vector<std::string>{"10", "11", "12"}));
  EXPECT_EQ(groups[2].dir, "k=y%2Fz/n=2");
  EXPECT_EQ(testing::rowsOf(groups[2].batches), (std::vector<std::string>{"20"}));
}

TEST(PartitionedWrite, FolderValuesAreSparksStringCasts) {
  auto p = resolvePartitionColumns(*testing::ddl("t TIMESTAMP, d DOUBLE, b BOOLEAN, v INT"), {"t", "d", "b"}).value();
  auto b = rows("t TIMESTAMP, d DOUBLE, b BOOLEAN, v INT",
                {{Value::integer(1704164645000000), Value::fractional(1.0), Value::boolean(true), Value::integer(1)}});
  auto groups = splitByPartition({b}, p);
  ASSERT_EQ(groups.size(), 1u);
  EXPECT_EQ(groups[0].dir, "t=2024-01-02 03%3A04%3A05/d=1.0/b=true");
}

TEST(PartitionedWrite, MaxRecordsPerFileInEachFolderAndReadBack) {
  TempDir dir;
  auto schema = testing::ddl("p INT, v STRING");
  std::vector<std::vector<Value>> values;
  for (int i = 0; i < 7; ++i) values.push_back({Value::integer(i % 2), Value::string("r" + std::to_string(i))});
  auto b = batchFromRows(schema, values);
  auto p = resolvePartitionColumns(*schema, {"p"}).value();
  ASSERT_TRUE(writePartFiles(testing::format("csv"), dir.path(), {b}, schema, p, Options(), 2, 0).ok());
  auto files = listDataFiles(dir.path()).value();
  // p=0 holds 4 rows (2 files), p=1 holds 3 (2 files).
  ASSERT_EQ(files.size(), 4u);
  EXPECT_NE(files[0].find("/p=0/part-00000-"), std::string::npos) << files[0];
  EXPECT_NE(files[3].find("/p=1/part-0000"), std::string::npos) << files[3];
  auto found = discoverPartitions(files, {dir.path()}, {}).value();
  EXPECT_EQ(found.partitionSchema->ddl(), "p INT");
  std::vector<std::string> all;
  for (size_t i = 0; i < found.files.size(); ++i) {
    for (const auto& row : testing::readRows("csv", found.files[i], "v STRING", Options())) {
      all.push_back(row + "|" + found.values[i][0].toString(*DataType::int_()));
    }
  }
  std::sort(all.begin(), all.end());
  EXPECT_EQ(all, (std::vector<std::string>{"r0|0", "r1|1", "r2|0", "r3|1", "r4|0", "r5|1", "r6|0"}));
}

TEST(PartitionedWrite, SplitByRecordCount) {
  auto b = rows("v INT", {{Value::integer(1)}, {Value::integer(2)}, {Value::integer(3)}});
  EXPECT_EQ(splitByRecordCount({b, b}, 0).size(), 1u);
  auto runs = splitByRecordCount({b, b}, 4);
  ASSERT_EQ(runs.size(), 2u);
  EXPECT_EQ(testing::rowsOf(runs[0]), (std::vector<std::string>{"1", "2", "3", "1"}));
  EXPECT_EQ(testing::rowsOf(runs[1]), (std::vector<std::string>{"2", "3"}));
}

}  // namespace
}  // namespace spate
