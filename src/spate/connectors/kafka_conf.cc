#include "spate/connectors/kafka_conf.h"

#include <librdkafka/rdkafka.h>

#include "spate/common/strings.h"

namespace spate::connectors {

Result<KafkaParams> kafkaParams(const Options& options,
                                std::optional<std::string> (*refused)(const std::string& lowerKey)) {
  KafkaParams out;
  for (const auto& [key, value] : options.entries()) {
    if (toLower(key).rfind("kafka.", 0) != 0) continue;
    std::string param = key.substr(6);
    if (auto message = refused(toLower(param))) return Status::Invalid("{}", *message);
    out.push_back({param, value});
  }
  return out;
}

Status setKafkaConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
                    const std::string& option) {
  char err[512];
  if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
    return Status::Invalid("Kafka option '{}': {}", option, err);
  }
  return Status::OK();
}

Status setKafkaConf(rd_kafka_conf_t* conf, const KafkaParams& params) {
  for (const auto& [k, v] : params) SPATE_RETURN_IF_ERROR(setKafkaConf(conf, k, v, "kafka." + k));
  return Status::OK();
}

std::string bootstrapServers(const KafkaParams& params) {
  for (const auto& [k, v] : params) {
    if (toLower(k) == "bootstrap.servers") return v;
  }
  return "";
}

}  // namespace spate::connectors
