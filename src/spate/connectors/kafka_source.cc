// The "kafka" streaming source (Spark's KafkaMicroBatchStream) over librdkafka.
//
// Offsets are Spark's JSON ({"topic":{"0":23}}: the next offset to read per partition).
// The first batch starts at startingOffsets, resolved once when the query first starts
// and kept in the source's log (<checkpoint>/sources/<i>/initial-offsets), so a
// restart reads exactly what an uninterrupted run would. A batch reads [start, end)
// of every partition by assigning them to a consumer at their start offsets; nothing
// is committed to Kafka: the checkpoint is the only record of progress.

#include <cmath>

#include "spate/common/file_util.h"
#include "spate/connectors/kafka_reader.h"
#include "spate/connectors/stream_sources.h"

namespace spate::connectors {

namespace {

using streaming::Offset;

class KafkaSource final : public streaming::Source {
 public:
  KafkaSource(KafkaSourceConfig config, const streaming::SourceContext& ctx)
      : config_(std::move(config)), metadataPath_(ctx.metadataPath), durable_(ctx.durable), clock_(ctx.clock),
        lastTriggerMs_(ctx.clock->nowMillis()) {}

  SchemaPtr schema() const override { return kafkaSchema(config_.includeHeaders); }
  std::string describe() const override { return "KafkaV2[" + config_.strategyText + "]"; }
  bool replayable() const override { return true; }

  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    SPATE_RETURN_IF_ERROR(connect());
    SPATE_ASSIGN_OR_RETURN(PartitionOffsets from, offsetsAt(start));
    SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> partitions, reader_->partitions());
    SPATE_ASSIGN_OR_RETURN(PartitionOffsets until, reader_->latestOffsets(partitions));
    for (const auto& [tp, end] : until) {
      if (from.count(tp)) continue;
      // A partition that appeared after the query started is read from its beginning.
      SPATE_ASSIGN_OR_RETURN(auto marks, reader_->watermarks(tp));
      from[tp] = marks ? marks->first : end;
    }
    for (const auto& [tp, offset] : from) {
      if (!until.count(tp)) SPATE_RETURN_IF_ERROR(reader_->partitionGone(tp));
    }
    if (until.empty()) return std::optional<Offset>();
    if (applyReadLimit && config_.minOffsetsPerTrigger && tooFewToRun(from, until)) return start;
    lastTriggerMs_ = clock_->nowMillis();
    PartitionOffsets end = until;
    if (applyReadLimit && config_.maxOffsetsPerTrigger) end = rateLimit(*config_.maxOffsetsPerTrigger, from, until);
    lag_.clear();
    for (const auto& [tp, offset] : end) lag_.push_back(until.at(tp) - offset);
    return std::optional<Offset>(partitionOffsetsJson(end));
  }

  // The consumer goes with the query; a restart connects again.
  void stop() override { reader_.reset(); }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    SPATE_RETURN_IF_ERROR(connect());
    SPATE_ASSIGN_OR_RETURN(PartitionOffsets from, offsetsAt(start));
    SPATE_ASSIGN_OR_RETURN(PartitionOffsets to, parsePartitionOffsets(end, "Kafka source offset"));
    return reader_->readBetween(from, to);
  }

  // Spark's metrics of a Kafka source: how many offsets the batch ends behind the
  // latest ones, over the partitions.
  std::map<std::string, std::string> metrics() const override {
    if (lag_.empty()) return {};
    int64_t sum = 0, lo = INT64_MAX, hi = 0;
    for (int64_t l : lag_) {
      sum += l;
      lo = std::min(lo, l);
      hi = std::max(hi, l);
    }
    return {{"avgOffsetsBehindLatest", fmt::format("{:.1f}", static_cast<double>(sum) / static_cast<double>(lag_.size()))},
            {"maxOffsetsBehindLatest", std::to_string(hi)},
            {"minOffsetsBehindLatest", std::to_string(lo)}};
  }

 private:
  // The offsets a batch starts from: the previous batch's end, or the initial offsets.
  Result<PartitionOffsets> offsetsAt(const std::optional<Offset>& start) const {
    if (!start) return initial_;
    return parsePartitionOffsets(*start, "Kafka source offset");
  }

  Status connect() {
    if (reader_) return Status::OK();
    SPATE_ASSIGN_OR_RETURN(reader_, KafkaReader::connect(config_));
    return loadInitialOffsets();
  }

  // startingOffsets, made concrete the first time the query runs and read back after.
  Status loadInitialOffsets() {
    std::string path = metadataPath_ + "/initial-offsets";
    auto text = readFileToString(path);
    if (text.ok()) {
      SPATE_ASSIGN_OR_RETURN(initial_, parsePartitionOffsets(*text, path));
      return Status::OK();
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> partitions, reader_->partitions());
    SPATE_ASSIGN_OR_RETURN(initial_, reader_->resolve(config_.startingOffsets, "startingOffsets", partitions));
    SPATE_RETURN_IF_ERROR(ensureDirectory(metadataPath_));
    return writeFileAtomically(path, partitionOffsetsJson(initial_), durable_);
  }

  // minOffsetsPerTrigger: fewer new offsets than that wait for more, up to
  // maxTriggerDelay after the last batch.
  bool tooFewToRun(const PartitionOffsets& from, const PartitionOffsets& until) const {
    int64_t available = 0;
    for (const auto& [tp, end] : until) available += end - from.at(tp);
    return available < *config_.minOffsetsPerTrigger &&
           clock_->nowMillis() - lastTriggerMs_ < config_.maxTriggerDelayMs;
  }

  // As Spark's KafkaMicroBatchStream.rateLimit: the limit shared over the partitions in
  // proportion to how far behind each is, none starved.
  static PartitionOffsets rateLimit(int64_t limit, const PartitionOffsets& from, const PartitionOffsets& until) {
    double total = 0;
    for (const auto& [tp, end] : until) total += static_cast<double>(end - from.at(tp));
    if (total < 1) return until;
    PartitionOffsets out;
    for (const auto& [tp, end] : until) {
      int64_t begin = from.at(tp);
      double prorate = static_cast<double>(limit) * (static_cast<double>(end - begin) / total);
      auto step = static_cast<int64_t>(prorate < 1 ? std::ceil(prorate) : std::floor(prorate));
      out[tp] = std::min(end, step > INT64_MAX - begin ? INT64_MAX : begin + step);
    }
    return out;
  }

  KafkaSourceConfig config_;
  std::string metadataPath_;
  bool durable_;
  streaming::ClockPtr clock_;
  int64_t lastTriggerMs_;  // when the last batch was let run
  std::unique_ptr<KafkaReader> reader_;
  PartitionOffsets initial_;
  std::vector<int64_t> lag_;  // per partition, at the last latestOffset()
};

class KafkaRelation final : public streaming::SourceRelation {
 public:
  explicit KafkaRelation(KafkaSourceConfig config) : config_(std::move(config)) {}
  SchemaPtr schema() const override { return kafkaSchema(config_.includeHeaders); }
  std::string describe() const override { return "kafka[" + config_.strategyText + "]"; }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    return std::unique_ptr<streaming::Source>(std::make_unique<KafkaSource>(config_, ctx));
  }

 private:
  KafkaSourceConfig config_;
};

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeKafkaSource(const StreamSourceRequest& request) {
  if (request.userSchema) {
    return Status::AnalysisError("Kafka source has a fixed schema and cannot be set with a custom one");
  }
  SPATE_ASSIGN_OR_RETURN(KafkaSourceConfig c, parseKafkaSourceOptions(request.options, true));
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<KafkaRelation>(std::move(c)));
}

}  // namespace spate::connectors
