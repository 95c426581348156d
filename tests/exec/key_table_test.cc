#include <gtest/gtest.h>

#include <map>
#include <random>

#include "spate/columnar/builder.h"
#include "spate/exec/key_table.h"

namespace spate::exec {
namespace {

TEST(KeyTable, AssignsDenseIdsToIntegralKeysAcrossGrowth) {
  KeyTable table({DataType::long_()}, /*nullsMatch=*/true);
  std::mt19937_64 rng(7);
  std::map<int64_t, uint32_t> expected;
  for (int batch = 0; batch < 5; ++batch) {
    const int64_t n = 10000;
    FixedColumnBuilder<int64_t> b(DataType::long_(), n);
    for (int64_t i = 0; i < n; ++i) b.data()[i] = static_cast<int64_t>(rng() % 5000) - 2500;
    ColumnPtr col = b.finish();
    std::vector<uint32_t> ids(n);
    table.insert({col}, n, ids.data());
    for (int64_t i = 0; i < n; ++i) {
      int64_t k = col->valueAt<int64_t>(i);
      auto [it, inserted] = expected.emplace(k, ids[i]);
      ASSERT_EQ(it->second, ids[i]) << "key " << k;
      if (inserted) {
        ASSERT_EQ(ids[i], expected.size() - 1);
      }
    }
  }
  EXPECT_EQ(table.size(), static_cast<int64_t>(expected.size()));
  ColumnPtr keys = table.keyColumns()[0];
  for (const auto& [k, id] : expected) EXPECT_EQ(keys->valueAt<int64_t>(id), k);
}

TEST(KeyTable, NullKeysGroupTogetherOrNeverMatch) {
  ColumnBuilder b(DataType::int_());
  b.appendInt(1);
  b.appendNull();
  b.appendInt(1);
  b.appendNull();
  ColumnPtr col = b.finish();
  std::vector<uint32_t> ids(4);
  KeyTable grouping({DataType::int_()}, true);
  grouping.insert({col}, 4, ids.data());
  EXPECT_EQ(grouping.size(), 2);
  EXPECT_EQ(ids[0], ids[2]);
  EXPECT_EQ(ids[1], ids[3]);
  EXPECT_NE(ids[0], ids[1]);
  EXPECT_TRUE(grouping.keyColumns()[0]->isNull(ids[1]));

  KeyTable join({DataType::int_()}, false);
  join.insert({col}, 4, ids.data());
  EXPECT_EQ(ids[1], KeyTable::kMissing);
  std::vector<uint32_t> found(4);
  join.find({col}, 4, found.data());
  EXPECT_EQ(found, (std::vector<uint32_t>{0, KeyTable::kMissing, 0, KeyTable::kMissing}));
}

TEST(KeyTable, CompositeStringKeys) {
  ColumnBuilder s(DataType::string()), n(DataType::int_());
  const char* names[] = {"a", "b", "a", "ab", "a"};
  int nums[] = {1, 1, 1, 1, 2};
  for (int i = 0; i < 5; ++i) {
    s.appendString(names[i]);
    n.appendInt(nums[i]);
  }
  std::vector<ColumnPtr> keys{s.finish(), n.finish()};
  KeyTable table({DataType::string(), DataType::int_()}, true);
  std::vector<uint32_t> ids(5);
  table.insert(keys, 5, ids.data());
  EXPECT_EQ(ids, (std::vector<uint32_t>{0, 1, 0, 2, 3}));
  auto out = table.keyColumns();
  EXPECT_EQ(out[0]->stringAt(2), "ab");
  EXPECT_EQ(out[1]->valueAt<int32_t>(3), 2);
}

}  // namespace
}  // namespace spate::exec
