#include "spate/connectors/kafka_offsets.h"

#include <charconv>

#include "spate/common/json.h"

namespace spate::connectors {

std::string partitionOffsetsJson(const PartitionOffsets& offsets) {
  Json root = Json::object();
  std::string topic;
  Json partitions = Json::object();
  for (const auto& [tp, offset] : offsets) {
    if (tp.first != topic) {
      if (!topic.empty()) root.set(topic, std::move(partitions));
      topic = tp.first;
      partitions = Json::object();
    }
    partitions.set(std::to_string(tp.second), Json(offset));
  }
  if (!topic.empty()) root.set(topic, std::move(partitions));
  return root.dump();
}

Result<PartitionOffsets> parsePartitionOffsets(const std::string& text, const std::string& what) {
  auto invalid = [&](const std::string& why) {
    return Status::Invalid("Invalid {} '{}': {}. Expected JSON such as {{\"topicA\":{{\"0\":23,\"1\":-1}}}}", what,
                           text, why);
  };
  auto json = Json::parse(text);
  if (!json.ok()) return invalid(json.status().message());
  if (!json->isObject()) return invalid("not a JSON object");
  PartitionOffsets out;
  for (const auto& [topic, partitions] : json->members()) {
    if (!partitions.isObject()) return invalid("the value of topic " + topic + " is not an object");
    for (const auto& [partition, offset] : partitions.members()) {
      int32_t p = 0;
      auto [end, ec] = std::from_chars(partition.data(), partition.data() + partition.size(), p);
      if (ec != std::errc() || end != partition.data() + partition.size() || p < 0) {
        return invalid("partition '" + partition + "' of topic " + topic + " is not a partition number");
      }
      if (!offset.isNumber()) return invalid("the offset of " + topic + "-" + partition + " is not a number");
      out[{topic, p}] = offset.asInt();
    }
  }
  return out;
}

}  // namespace spate::connectors
