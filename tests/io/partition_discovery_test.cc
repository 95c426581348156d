#include "spate/io/partition_discovery.h"

#include <gtest/gtest.h>

#include "io_test_util.h"

namespace spate {
namespace {

using testing::TempDir;

struct Discovered {
  std::string schema;  // DDL of the partition columns, or "ERROR: ..."
  std::vector<std::string> rows;  // "file|v1|v2" (file relative to the temp dir)
};

Discovered discover(const TempDir& dir, const std::vector<std::string>& relativeFiles,
                    std::vector<std::string> bases = {}, PartitionDiscoveryOptions options = {}) {
  std::vector<std::string> files;
  for (const auto& f : relativeFiles) files.push_back(dir.write(f, "x\n"));
  std::sort(files.begin(), files.end());
  if (bases.empty()) bases.push_back(dir.path());
  for (auto& b : bases) {
    if (!b.starts_with("/")) b = dir.file(b);
  }
  auto r = discoverPartitions(files, bases, options);
  if (!r.ok()) return {"ERROR: " + r.status().message(), {}};
  Discovered out{r->partitionSchema->ddl(), {}};
  for (size_t i = 0; i < r->files.size(); ++i) {
    std::string row = r->files[i].substr(dir.path().size() + 1);
    for (size_t c = 0; c < r->partitionSchema->size(); ++c) {
      row += "|" + (r->values.empty() ? std::string("-")
                                      : r->values[i][c].toString(*r->partitionSchema->field(c).type));
    }
    out.rows.push_back(row);
  }
  return out;
}

TEST(PartitionDiscovery, TypesValuesAndDefaultPartition) {
  TempDir dir;
  auto d = discover(dir, {"a=1/b=x/f1.csv", "a=2/b=__HIVE_DEFAULT_PARTITION__/f2.csv", "a=10/b=y%2Fz/f3.csv"});
  EXPECT_EQ(d.schema, "a INT, b STRING");
  EXPECT_EQ(d.rows, (std::vector<std::string>{"a=1/b=x/f1.csv|1|x", "a=10/b=y%2Fz/f3.csv|10|y/z",
                                              "a=2/b=__HIVE_DEFAULT_PARTITION__/f2.csv|2|null"}));
}

TEST(PartitionDiscovery, WidensAcrossPartitions) {
  TempDir dir;
  EXPECT_EQ(discover(dir, {"v=1/f", "v=2.5/f"}).schema, "v DOUBLE");
  TempDir dir2;
  EXPECT_EQ(discover(dir2, {"v=1/f", "v=3000000000/f"}).schema, "v BIGINT");
  TempDir dir3;
  EXPECT_EQ(discover(dir3, {"v=3000000000/f", "v=2.5/f"}).schema, "v STRING");
  TempDir dir4;
  auto d = discover(dir4, {"d=2024-01-02/f", "d=2024-01-03 04%3A05%3A06/f"});
  EXPECT_EQ(d.schema, "d TIMESTAMP");
  EXPECT_EQ(d.rows[0], "d=2024-01-02/f|2024-01-02 00:00:00");
  TempDir dir5;
  EXPECT_EQ(discover(dir5, {"p=__HIVE_DEFAULT_PARTITION__/f"}).schema, "p STRING");
}

TEST(PartitionDiscovery, NotPartitioned) {
  TempDir dir;
  auto d = discover(dir, {"a.csv", "b.csv"});
  EXPECT_EQ(d.schema, "");
  EXPECT_EQ(d.rows, (std::vector<std::string>{"a.csv", "b.csv"}));
}

TEST(PartitionDiscovery, FilesOutsidePartitionsAndTemporaryAreDropped) {
  TempDir dir;
  auto d = discover(dir, {"loose.csv", "k=1/f.csv", "k=2/_temporary/0/f.csv"});
  EXPECT_EQ(d.schema, "k INT");
  EXPECT_EQ(d.rows, (std::vector<std::string>{"k=1/f.csv|1"}));
}

TEST(PartitionDiscovery, BasePathDecidesWhereColumnsStart) {
  TempDir dir;
  // Reading t/a=1 alone: a is not a column, unless basePath is t.
  EXPECT_EQ(discover(dir, {"t/a=1/b=2/f"}, {"t/a=1"}).schema, "b INT");
  EXPECT_EQ(discover(dir, {"t/a=1/b=2/f"}, {"t"}).schema, "a INT, b INT");
}

TEST(PartitionDiscovery, UserTypesAndNoInference) {
  TempDir dir;
  PartitionDiscoveryOptions user{true, testing::ddl("x INT, a BIGINT, b STRING")};
  auto d = discover(dir, {"a=1/b=007/f"}, {}, user);
  EXPECT_EQ(d.schema, "a BIGINT, b STRING");
  EXPECT_EQ(d.rows, (std::vector<std::string>{"a=1/b=007/f|1|007"}));
  TempDir dir2;
  PartitionDiscoveryOptions strings{false, nullptr};
  EXPECT_EQ(discover(dir2, {"a=1/b=007/f"}, {}, strings).schema, "a STRING, b STRING");
  TempDir dir3;
  PartitionDiscoveryOptions bad{true, testing::ddl("a INT")};
  EXPECT_EQ(discover(dir3, {"a=one/f"}, {}, bad).schema,
            "ERROR: Failed to cast value `one` to `INT` for partition column `a`");
  TempDir dir4;
  PartitionDiscoveryOptions lenient{true, testing::ddl("a INT"), false};
  auto nulls = discover(dir4, {"a=one/f", "a=2/f"}, {}, lenient);
  EXPECT_EQ(nulls.schema, "a INT");
  EXPECT_EQ(nulls.rows, (std::vector<std::string>{"a=2/f|2", "a=one/f|null"}));
}

TEST(PartitionDiscovery, ConflictingLayouts) {
  TempDir dir;
  auto names = discover(dir, {"a=1/f", "a=1/b=2/f"});
  EXPECT_NE(names.schema.find("Conflicting partition column names detected:\n\n\tPartition column name list #0: a\n"
                              "\tPartition column name list #1: a, b"),
            std::string::npos)
      << names.schema;
  EXPECT_NE(names.schema.find("\tfile:" + dir.file("a=1")), std::string::npos) << names.schema;
  TempDir dir2;
  auto roots = discover(dir2, {"t1/a=1/f", "t2/a=2/f"}, {"t1", "t2"});
  EXPECT_NE(roots.schema.find("Conflicting directory structures detected. Suspicious paths:"), std::string::npos)
      << roots.schema;
  EXPECT_NE(roots.schema.find("please set \"basePath\""), std::string::npos);
  TempDir dir3;
  EXPECT_EQ(discover(dir3, {"a=/f"}).schema, "ERROR: Empty partition column value in 'a='");
}

TEST(PartitionDiscovery, ValuesOfOneFileAgainstAKnownSchema) {
  TempDir dir;
  std::string f = dir.write("in/b=x/a=7/f.json", "{}\n");
  auto v = partitionValuesOf(f, dir.file("in"), *testing::ddl("a INT, b STRING, c DATE"));
  ASSERT_TRUE(v.ok()) << v.status().message();
  ASSERT_EQ(v->size(), 3u);
  EXPECT_EQ((*v)[0].toString(*DataType::int_()), "7");
  EXPECT_EQ((*v)[1].toString(*DataType::string()), "x");
  EXPECT_TRUE((*v)[2].isNull());
}

}  // namespace
}  // namespace spate
