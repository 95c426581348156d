#pragma once

// Reading Kafka for the "kafka" source, streaming and batch: Spark's source options,
// the fixed schema, and a librdkafka consumer that lists partitions, reads their
// watermarks and reads offset ranges into a batch.

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/connectors/kafka_conf.h"
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
  KafkaParams kafkaParams;  // kafka.* without the prefix
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
  // The records from `from` (a partition it lacks: from its beginning) up to `to`, per
  // partition of `to`; records no longer in Kafka and partitions that are gone are
  // data loss.
  Result<std::vector<BatchPtr>> readBetween(const PartitionOffsets& from, const PartitionOffsets& to);
  // Records lost (retention, a deleted topic): an error naming failOnDataLoss, or a
  // warning when failOnDataLoss is false.
  Status dataLoss(const std::string& what) const;
  // A partition that is gone is data loss; it also leaves the consumer's assignment.
  Status partitionGone(const TopicPartition& tp);

 private:
  // The records of the ranges, as batches of kafkaSchema(). The partitions stay
  // assigned, fetching ahead, until a read leaves them out: a read that continues where
  // the last one ended finds its records fetched already.
  Result<std::vector<BatchPtr>> read(const std::vector<OffsetRange>& ranges);

  KafkaReader(KafkaSourceConfig config, rd_kafka_t* rk, rd_kafka_t* lister);
  template <typename F>
  auto retrying(F&& attempt) -> decltype(attempt());
  Result<std::vector<TopicPartition>> listPartitions();
  // Every partition of every topic, as the broker has them now.
  Result<std::vector<TopicPartition>> brokerPartitions();
  Result<std::optional<std::pair<int64_t, int64_t>>> queryWatermarks(const TopicPartition& tp);
  // `which`: RD_KAFKA_OFFSET_END or RD_KAFKA_OFFSET_BEGINNING.
  Result<PartitionOffsets> queryOffsets(const std::vector<TopicPartition>& partitions, int64_t which);
  // Assigns the ranges' partitions, unless the consumer already goes on from each
  // range's start.
  Status assign(const std::vector<OffsetRange>& ranges);
  // Unassigns everything: after a failed read nothing about the consumer's position is
  // trusted.
  void forgetAssignment();
  Result<std::vector<BatchPtr>> collect(const std::vector<OffsetRange>& ranges);
  Result<PartitionOffsets> resolveTimestamps(const std::string& spec, const std::string& option,
                                             const std::vector<TopicPartition>& partitions);
  KafkaSourceConfig config_;
  rd_kafka_t* rk_;      // fetches the assigned partitions
  rd_kafka_t* lister_;  // lists partitions and offsets
  std::string bootstrap_;
  // Assigned partitions, with the offset their fetched records continue from.
  std::map<TopicPartition, int64_t> fetching_;
  // Records fetched past the end of the last read's ranges.
  std::vector<BatchPtr> readAhead_;
  mutable std::set<std::string> warned_;
};

// spark.read.format("kafka"): the records between startingOffsets (default earliest)
// and endingOffsets (default latest, as they are when the query runs).
Result<std::vector<BatchPtr>> readKafkaTable(const Options& options);

}  // namespace spate::connectors
