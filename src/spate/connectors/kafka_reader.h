#pragma once

// Reading Kafka for the "kafka" source, streaming and batch: Spark's source options,
// the fixed schema, and a librdkafka consumer that lists partitions, reads their
// watermarks and reads offset ranges into a batch.

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/connectors/kafka_offsets.h"
#include "spate/io/options.h"

typedef struct rd_kafka_s rd_kafka_t;

namespace spate::connectors {

struct KafkaSourceConfig {
  enum class Strategy { kSubscribe, kSubscribePattern, kAssign };
  Strategy strategy = Strategy::kSubscribe;
  std::string strategyText;  // "Subscribe[a,b]", for describe()
  std::vector<std::string> topics;
  std::string pattern;
  std::vector<TopicPartition> assigned;
  // "earliest", "latest", Spark's JSON, "timestamp:<ms>" or "timestamps:<JSON>".
  std::string startingOffsets;
  std::string endingOffsets;  // batch reads
  // startingOffsetsByTimestampStrategy "latest": a partition with no record at or after
  // the timestamp starts at its end (default "error": the query fails).
  bool noOffsetForTimestampIsLatest = false;
  std::optional<int64_t> maxOffsetsPerTrigger;
  // A trigger with fewer new offsets is skipped, unless maxTriggerDelayMs passed since
  // the last batch.
  std::optional<int64_t> minOffsetsPerTrigger;
  int64_t maxTriggerDelayMs = 15 * 60 * 1000;
  bool failOnDataLoss = true;
  bool includeHeaders = false;
  int64_t pollTimeoutMs = 120000;
  // Listing partitions and their offsets is tried again this many times, this far
  // apart, before the query fails (Spark's fetchOffset.* options): a broker that is
  // away for less is waited for.
  int64_t fetchOffsetRetries = 3;
  int64_t fetchOffsetRetryIntervalMs = 1000;
  std::string groupId;
  std::vector<std::pair<std::string, std::string>> kafkaParams;  // kafka.* without the prefix
};

// The options of readStream (streaming) or read (batch) .format("kafka"), validated
// with Spark's messages.
Result<KafkaSourceConfig> parseKafkaSourceOptions(const Options& options, bool streaming);

// key, value (binary), topic, partition, offset, timestamp, timestampType, and with
// includeHeaders, headers array<struct<key: string, value: binary>>.
SchemaPtr kafkaSchema(bool includeHeaders = false);

// [first, second) offsets of one partition.
using OffsetRange = std::pair<TopicPartition, std::pair<int64_t, int64_t>>;

class KafkaReader {
 public:
  static Result<std::unique_ptr<KafkaReader>> connect(const KafkaSourceConfig& config);
  ~KafkaReader();
  KafkaReader(const KafkaReader&) = delete;
  KafkaReader& operator=(const KafkaReader&) = delete;

  // The partitions the subscription covers now, in order.
  Result<std::vector<TopicPartition>> partitions();
  // A partition's earliest and next offsets; nullopt when Kafka does not know it.
  Result<std::optional<std::pair<int64_t, int64_t>>> watermarks(const TopicPartition& tp);
  // The next offset of each partition, in one request (partitions Kafka does not know
  // are left out).
  Result<PartitionOffsets> latestOffsets(const std::vector<TopicPartition>& partitions);
  // A KafkaSourceConfig offsets spec made concrete for partitions; a JSON spec must
  // name every one of them.
  Result<PartitionOffsets> resolve(const std::string& spec, const std::string& option,
                                   const std::vector<TopicPartition>& partitions);
  // The records of the ranges as one batch of kafkaSchema().
  Result<BatchPtr> read(const std::vector<OffsetRange>& ranges);
  // The records from `from` (a partition it lacks: from its beginning) up to `to`, per
  // partition of `to`; records no longer in Kafka and partitions that are gone are
  // data loss.
  Result<BatchPtr> readBetween(const PartitionOffsets& from, const PartitionOffsets& to);
  // Records lost (retention, a deleted topic): an error naming failOnDataLoss, or a
  // warning when failOnDataLoss is false.
  Status dataLoss(const std::string& what) const;
  Status partitionGone(const TopicPartition& tp) const;

 private:
  KafkaReader(KafkaSourceConfig config, rd_kafka_t* rk);
  template <typename F>
  auto retrying(F&& attempt) -> decltype(attempt());
  Result<std::vector<TopicPartition>> listPartitions();
  Result<std::optional<std::pair<int64_t, int64_t>>> queryWatermarks(const TopicPartition& tp);
  Result<PartitionOffsets> queryLatestOffsets(const std::vector<TopicPartition>& partitions);
  Result<PartitionOffsets> resolveTimestamps(const std::string& spec, const std::string& option,
                                             const std::vector<TopicPartition>& partitions);
  KafkaSourceConfig config_;
  rd_kafka_t* rk_;
  std::string bootstrap_;
};

// spark.read.format("kafka"): the records between startingOffsets (default earliest)
// and endingOffsets (default latest, as they are when the query runs).
Result<std::vector<BatchPtr>> readKafkaTable(const Options& options);

}  // namespace spate::connectors
