#include <gtest/gtest.h>

#include "spate/connectors/kafka_offsets.h"

namespace spate::connectors {
namespace {

TEST(KafkaOffsets, JsonIsSparksShapeInOrder) {
  PartitionOffsets offsets{{{"b", 1}, 7}, {{"a", 10}, kEarliestOffset}, {{"a", 2}, 23}};
  EXPECT_EQ(partitionOffsetsJson(offsets), R"({"a":{"2":23,"10":-2},"b":{"1":7}})");
  auto back = parsePartitionOffsets(partitionOffsetsJson(offsets), "test");
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, offsets);
  EXPECT_EQ(partitionOffsetsJson({}), "{}");
}

TEST(KafkaOffsets, BadTextNamesWhatItCameFrom) {
  for (const char* bad : {"{bad", "[1]", R"({"t":5})", R"({"t":{"x":1}})", R"({"t":{"-1":1}})", R"({"t":{"0":"a"}})"}) {
    auto r = parsePartitionOffsets(bad, "startingOffsets");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.status().message().find("startingOffsets"), std::string::npos) << r.status().message();
  }
}

}  // namespace
}  // namespace spate::connectors
