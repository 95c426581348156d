#pragma once

// The kafka.* options of the Kafka source and sink (Spark passes them to its client;
// spate to librdkafka), shared by both.

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spate/common/status.h"
#include "spate/io/options.h"

typedef struct rd_kafka_conf_s rd_kafka_conf_t;

namespace spate::connectors {

using KafkaParams = std::vector<std::pair<std::string, std::string>>;

// The options' kafka.* settings without the prefix, in order. refused(lowercase key)
// gives the message for a setting the caller does not take, nullopt for the others.
Result<KafkaParams> kafkaParams(const Options& options,
                                std::optional<std::string> (*refused)(const std::string& lowerKey));

// Sets one librdkafka setting; the error names the user's option.
Status setKafkaConf(rd_kafka_conf_t* conf, const std::string& key, const std::string& value,
                    const std::string& option);
// Every setting of params, as the options kafka.<key>.
Status setKafkaConf(rd_kafka_conf_t* conf, const KafkaParams& params);

// bootstrap.servers among params ("" when absent).
std::string bootstrapServers(const KafkaParams& params);

}  // namespace spate::connectors
