#pragma once

// Kafka partition offsets in Spark's JSON shape: {"topic":{"0":23,"1":-2}}, topics and
// partitions in order, so that equal offsets are equal text (the engine compares
// offsets as text). -2 means earliest and -1 latest, as in Spark's startingOffsets.

#include <cstdint>
#include <map>
#include <string>
#include <utility>

#include "spate/common/status.h"

namespace spate::connectors {

using TopicPartition = std::pair<std::string, int32_t>;
using PartitionOffsets = std::map<TopicPartition, int64_t>;

constexpr int64_t kEarliestOffset = -2;
constexpr int64_t kLatestOffset = -1;

std::string partitionOffsetsJson(const PartitionOffsets& offsets);
// `what` names the option or offset log the text came from, for the error message.
Result<PartitionOffsets> parsePartitionOffsets(const std::string& text, const std::string& what);

}  // namespace spate::connectors
