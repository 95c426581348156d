// The "kafka" streaming source (Spark's KafkaMicroBatchStream) over librdkafka.
//
// Offsets are Spark's JSON ({"topic":{"0":23}}: the next offset to read per partition).
// The first batch starts at startingOffsets, resolved once when the query first starts
// and kept in the source's log (<checkpoint>/sources/<i>/initial-offsets), so a
// restart reads exactly what an uninterrupted run would. A batch reads [start, end)
// of every partition by assigning them to a consumer at their start offsets; nothing
// is committed to Kafka: the checkpoint is the only record of progress.

#include <librdkafka/rdkafka.h>

#include <chrono>
#include <cmath>
#include <regex>

#include "spate/columnar/builder.h"
#include "spate/common/file_util.h"
#include "spate/common/json.h"
#include "spate/common/strings.h"
#include "spate/connectors/kafka_offsets.h"
#include "spate/connectors/source_util.h"
#include "spate/connectors/stream_sources.h"

namespace spate::connectors {

namespace {

using streaming::Offset;

struct KafkaSourceConfig {
  enum class Strategy { kSubscribe, kSubscribePattern, kAssign };
  Strategy strategy = Strategy::kSubscribe;
  std::string strategyText;  // the option's value, for describe()
  std::vector<std::string> topics;
  std::string pattern;
  std::vector<TopicPartition> assigned;
  std::string startingOffsets = "latest";
  std::optional<int64_t> maxOffsetsPerTrigger;
  bool failOnDataLoss = true;
  int64_t pollTimeoutMs = 120000;
  std::string groupId;
  std::vector<std::pair<std::string, std::string>> kafkaParams;  // without the "kafka." prefix
};

SchemaPtr kafkaSchema() {
  static const SchemaPtr schema = std::make_shared<Schema>(std::vector<Field>{
      {"key", DataType::binary(), true},
      {"value", DataType::binary(), true},
      {"topic", DataType::string(), true},
      {"partition", DataType::int_(), true},
      {"offset", DataType::long_(), true},
      {"timestamp", DataType::timestamp(), true},
      {"timestampType", DataType::int_(), true}});
  return schema;
}

// A librdkafka consumer, closed and destroyed with its owner.
class KafkaConsumer {
 public:
  static Result<std::unique_ptr<KafkaConsumer>> create(const KafkaSourceConfig& c) {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    auto set = [&](const std::string& key, const std::string& value, const char* option) -> Status {
      if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        return Status::Invalid("Kafka option '{}': {}", option, err);
      }
      return Status::OK();
    };
    Status st = set("group.id", c.groupId, "kafka.group.id");
    if (st.ok()) st = set("enable.auto.commit", "false", "enable.auto.commit");
    if (st.ok()) st = set("enable.partition.eof", "true", "enable.partition.eof");
    for (const auto& [k, v] : c.kafkaParams) {
      if (!st.ok()) break;
      st = set(k, v, ("kafka." + k).c_str());
    }
    if (!st.ok()) {
      rd_kafka_conf_destroy(conf);
      return st;
    }
    // rd_kafka_new owns conf once it succeeds; on failure it is still ours to free.
    rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!rk) {
      rd_kafka_conf_destroy(conf);
      return Status::Invalid("Cannot create a Kafka consumer: {}", err);
    }
    rd_kafka_poll_set_consumer(rk);
    return std::unique_ptr<KafkaConsumer>(new KafkaConsumer(rk));
  }
  ~KafkaConsumer() {
    rd_kafka_consumer_close(rk_);
    rd_kafka_destroy(rk_);
  }
  rd_kafka_t* get() const { return rk_; }

 private:
  explicit KafkaConsumer(rd_kafka_t* rk) : rk_(rk) {}
  rd_kafka_t* rk_;
};

class KafkaSource final : public streaming::Source {
 public:
  KafkaSource(KafkaSourceConfig config, std::string metadataPath, bool durable)
      : config_(std::move(config)), metadataPath_(std::move(metadataPath)), durable_(durable) {}

  SchemaPtr schema() const override { return kafkaSchema(); }
  std::string describe() const override { return "KafkaV2[" + config_.strategyText + "]"; }
  bool replayable() const override { return true; }

  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    SPATE_RETURN_IF_ERROR(connect());
    PartitionOffsets from;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, parsePartitionOffsets(*start, "Kafka source offset"));
    } else {
      from = initial_;
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> partitions, currentPartitions());
    PartitionOffsets until;
    for (const auto& tp : partitions) {
      SPATE_ASSIGN_OR_RETURN(auto marks, watermarks(tp));
      if (!marks) continue;  // deleted since it was listed
      until[tp] = marks->second;
      // A partition that appeared after the query started is read from its beginning.
      if (!from.count(tp)) from[tp] = marks->first;
    }
    for (const auto& [tp, offset] : from) {
      if (until.count(tp)) continue;
      SPATE_RETURN_IF_ERROR(dataLoss(fmt::format("{}-{} is gone (the topic or partition was deleted)", tp.first,
                                                 tp.second)));
    }
    if (until.empty()) return std::optional<Offset>();
    if (applyReadLimit && config_.maxOffsetsPerTrigger) until = rateLimit(*config_.maxOffsetsPerTrigger, from, until);
    return std::optional<Offset>(partitionOffsetsJson(until));
  }

  // The consumer goes with the query; a restart connects again.
  void stop() override { consumer_.reset(); }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    SPATE_RETURN_IF_ERROR(connect());
    PartitionOffsets from = initial_;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, parsePartitionOffsets(*start, "Kafka source offset"));
    }
    SPATE_ASSIGN_OR_RETURN(PartitionOffsets to, parsePartitionOffsets(end, "Kafka source offset"));
    std::vector<std::pair<TopicPartition, std::pair<int64_t, int64_t>>> ranges;
    for (const auto& [tp, until] : to) {
      SPATE_ASSIGN_OR_RETURN(auto marks, watermarks(tp));
      if (!marks) {
        SPATE_RETURN_IF_ERROR(dataLoss(fmt::format("{}-{} is gone (the topic or partition was deleted)", tp.first,
                                                   tp.second)));
        continue;
      }
      int64_t begin = from.count(tp) ? from[tp] : marks->first;
      if (begin < marks->first) {
        SPATE_RETURN_IF_ERROR(dataLoss(fmt::format("offsets [{}, {}) of {}-{} are no longer in Kafka (the earliest "
                                                   "is {})",
                                                   begin, marks->first, tp.first, tp.second, marks->first)));
        begin = marks->first;
      }
      if (begin > until) {
        return Status::ExecutionError("Kafka source: start offset {} is after end offset {} for {}-{}", begin, until,
                                      tp.first, tp.second);
      }
      if (begin < until) ranges.push_back({tp, {begin, until}});
    }
    return readRanges(ranges);
  }

 private:
  Status connect() {
    if (consumer_) return Status::OK();
    SPATE_ASSIGN_OR_RETURN(consumer_, KafkaConsumer::create(config_));
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
    PartitionOffsets wanted;
    if (config_.startingOffsets != "earliest" && config_.startingOffsets != "latest") {
      SPATE_ASSIGN_OR_RETURN(wanted, parsePartitionOffsets(config_.startingOffsets, "startingOffsets"));
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> partitions, currentPartitions());
    for (const auto& tp : partitions) {
      SPATE_ASSIGN_OR_RETURN(auto marks, watermarks(tp));
      if (!marks) continue;
      int64_t offset = config_.startingOffsets == "earliest" ? kEarliestOffset : kLatestOffset;
      if (!wanted.empty()) {
        auto it = wanted.find(tp);
        if (it == wanted.end()) {
          return Status::Invalid("startingOffsets {} does not give an offset for {}-{}", config_.startingOffsets,
                                 tp.first, tp.second);
        }
        offset = it->second;
      }
      initial_[tp] = offset == kEarliestOffset ? marks->first : offset == kLatestOffset ? marks->second : offset;
    }
    SPATE_RETURN_IF_ERROR(ensureDirectory(metadataPath_));
    return writeFileAtomically(path, partitionOffsetsJson(initial_), durable_);
  }

  Result<std::vector<TopicPartition>> currentPartitions() {
    using Strategy = KafkaSourceConfig::Strategy;
    if (config_.strategy == Strategy::kAssign) return config_.assigned;
    const rd_kafka_metadata_t* md = nullptr;
    rd_kafka_resp_err_t err = rd_kafka_metadata(consumer_->get(), 1, nullptr, &md, 10000);
    if (err) return Status::IOError("Kafka source: cannot list topics from {}: {}", bootstrap(), rd_kafka_err2str(err));
    std::vector<TopicPartition> out;
    std::regex pattern;
    if (config_.strategy == Strategy::kSubscribePattern) pattern = std::regex(config_.pattern);
    for (int t = 0; t < md->topic_cnt; ++t) {
      const auto& topic = md->topics[t];
      std::string name = topic.topic;
      bool wanted = config_.strategy == Strategy::kSubscribe
                        ? std::find(config_.topics.begin(), config_.topics.end(), name) != config_.topics.end()
                        : std::regex_match(name, pattern);
      if (!wanted || topic.err) continue;
      for (int p = 0; p < topic.partition_cnt; ++p) out.push_back({name, topic.partitions[p].id});
    }
    rd_kafka_metadata_destroy(md);
    std::sort(out.begin(), out.end());
    return out;
  }

  // The partition's earliest and next offsets; nullopt when Kafka does not know the
  // partition (any more).
  Result<std::optional<std::pair<int64_t, int64_t>>> watermarks(const TopicPartition& tp) {
    int64_t lo = 0, hi = 0;
    rd_kafka_resp_err_t err =
        rd_kafka_query_watermark_offsets(consumer_->get(), tp.first.c_str(), tp.second, &lo, &hi, 10000);
    if (err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
        err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION) {
      return std::optional<std::pair<int64_t, int64_t>>();
    }
    if (err) {
      return Status::IOError("Kafka source: cannot read the offsets of {}-{} from {}: {}", tp.first, tp.second,
                             bootstrap(), rd_kafka_err2str(err));
    }
    return std::optional<std::pair<int64_t, int64_t>>(std::make_pair(lo, hi));
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

  Status dataLoss(const std::string& what) {
    if (config_.failOnDataLoss) {
      return Status::ExecutionError(
          "Kafka source: {}. Some data may have been lost because it is no longer available in Kafka: it aged out "
          "or the topic was deleted before it was processed. If you don't want the query to fail in such cases, "
          "set the source option 'failOnDataLoss' to 'false'.",
          what);
    }
    std::fprintf(stderr, "WARN: Kafka source: %s; going on as failOnDataLoss is false\n", what.c_str());
    return Status::OK();
  }

  Result<std::vector<BatchPtr>> readRanges(
      const std::vector<std::pair<TopicPartition, std::pair<int64_t, int64_t>>>& ranges) {
    std::vector<ColumnBuilder> cols;
    for (const auto& f : kafkaSchema()->fields()) cols.emplace_back(f.type);
    int64_t rows = 0;
    if (!ranges.empty()) {
      rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(ranges.size()));
      std::map<TopicPartition, int64_t> endOf;
      for (const auto& [tp, range] : ranges) {
        rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = range.first;
        endOf[tp] = range.second;
      }
      rd_kafka_resp_err_t err = rd_kafka_assign(consumer_->get(), list);
      rd_kafka_topic_partition_list_destroy(list);
      if (err) return Status::IOError("Kafka source: cannot assign partitions: {}", rd_kafka_err2str(err));
      auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.pollTimeoutMs);
      size_t done = 0;
      Status failure;
      while (done < endOf.size() && failure.ok()) {
        if (std::chrono::steady_clock::now() > deadline) {
          failure = Status::IOError("Kafka source: cannot fetch the batch's records from {} within {} ms "
                                    "(kafkaConsumer.pollTimeoutMs)",
                                    bootstrap(), config_.pollTimeoutMs);
          break;
        }
        rd_kafka_message_t* m = rd_kafka_consumer_poll(consumer_->get(), 100);
        if (!m) continue;
        TopicPartition tp{m->rkt ? rd_kafka_topic_name(m->rkt) : "", m->partition};
        auto it = endOf.find(tp);
        if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
          if (it != endOf.end() && m->offset >= it->second) {
            endOf.erase(it);  // reached the end without a record at end - 1 (compaction, transactions)
          }
        } else if (m->err) {
          failure = Status::IOError("Kafka source: reading {}-{} from {}: {}", tp.first, tp.second, bootstrap(),
                                    rd_kafka_message_errstr(m));
        } else if (it != endOf.end() && m->offset < it->second) {
          appendRecord(cols, m, tp);
          ++rows;
          if (m->offset + 1 >= it->second) endOf.erase(it);
        }
        rd_kafka_message_destroy(m);
      }
      rd_kafka_assign(consumer_->get(), nullptr);
      SPATE_RETURN_IF_ERROR(failure);
    }
    std::vector<ColumnPtr> columns;
    for (auto& b : cols) columns.push_back(b.finish());
    return std::vector<BatchPtr>{std::make_shared<const Batch>(kafkaSchema(), std::move(columns), rows)};
  }

  static void appendRecord(std::vector<ColumnBuilder>& cols, const rd_kafka_message_t* m, const TopicPartition& tp) {
    if (m->key) {
      cols[0].appendString({static_cast<const char*>(m->key), m->key_len});
    } else {
      cols[0].appendNull();
    }
    if (m->payload) {
      cols[1].appendString({static_cast<const char*>(m->payload), m->len});
    } else {
      cols[1].appendNull();
    }
    cols[2].appendString(tp.first);
    cols[3].appendInt(tp.second);
    cols[4].appendInt(m->offset);
    rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
    int64_t ms = rd_kafka_message_timestamp(m, &type);
    if (type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) {
      cols[5].appendNull();
    } else {
      cols[5].appendInt(ms * 1000);
    }
    cols[6].appendInt(type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? 1 : 0);
  }

  std::string bootstrap() const {
    for (const auto& [k, v] : config_.kafkaParams) {
      if (k == "bootstrap.servers") return v;
    }
    return "";
  }

  KafkaSourceConfig config_;
  std::string metadataPath_;
  bool durable_;
  std::unique_ptr<KafkaConsumer> consumer_;
  PartitionOffsets initial_;
};

class KafkaRelation final : public streaming::SourceRelation {
 public:
  explicit KafkaRelation(KafkaSourceConfig config) : config_(std::move(config)) {}
  SchemaPtr schema() const override { return kafkaSchema(); }
  std::string describe() const override { return "kafka[" + config_.strategyText + "]"; }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    return std::unique_ptr<streaming::Source>(std::make_unique<KafkaSource>(config_, ctx.metadataPath, ctx.durable));
  }

 private:
  KafkaSourceConfig config_;
};

// Kafka consumer settings Spark refuses, with its reasons.
std::optional<std::string> refusedKafkaParam(const std::string& key) {
  if (key == "auto.offset.reset") {
    return "Kafka option 'auto.offset.reset' is not supported. Instead set the source option 'startingOffsets' to "
           "'earliest' or 'latest' to specify where to start.";
  }
  if (key == "key.deserializer" || key == "value.deserializer") {
    return fmt::format("Kafka option '{}' is not supported as records are read as byte arrays. Use DataFrame "
                       "operations (CAST(value AS STRING), from_json) to decode them.",
                       key);
  }
  if (key == "enable.auto.commit") {
    return "Kafka option 'enable.auto.commit' is not supported: the query's checkpoint tracks its offsets.";
  }
  if (key == "interceptor.classes") return "Kafka option 'interceptor.classes' is not supported.";
  return std::nullopt;
}

Result<std::vector<TopicPartition>> parseAssign(const std::string& text) {
  auto json = Json::parse(text);
  auto invalid = [&] {
    return Status::Invalid("Invalid value '{}' for option 'assign': expected JSON such as {{\"topicA\":[0,1]}}", text);
  };
  if (!json.ok() || !json->isObject()) return invalid();
  std::vector<TopicPartition> out;
  for (const auto& [topic, partitions] : json->members()) {
    if (!partitions.isArray()) return invalid();
    for (const auto& p : partitions.items()) {
      if (!p.isNumber() || p.asInt() < 0) return invalid();
      out.push_back({topic, static_cast<int32_t>(p.asInt())});
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeKafkaSource(const StreamSourceRequest& request) {
  using Strategy = KafkaSourceConfig::Strategy;
  const Options& o = request.options;
  if (request.userSchema) return Status::AnalysisError("Kafka source has a fixed schema and cannot be set with a custom one");
  KafkaSourceConfig c;
  for (const auto& [key, value] : o.entries()) {
    std::string lower = toLower(key);
    if (lower.rfind("kafka.", 0) != 0) continue;
    std::string param = key.substr(6);
    if (auto refused = refusedKafkaParam(toLower(param))) return Status::Invalid("{}", *refused);
    c.kafkaParams.push_back({param, value});
  }
  if (!o.has("kafka.bootstrap.servers")) {
    return Status::Invalid("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka consumer");
  }
  int strategies = o.has("subscribe") + o.has("subscribePattern") + o.has("assign");
  if (strategies != 1) {
    return Status::Invalid("{} of the following options must be specified for Kafka source: subscribe, "
                           "subscribePattern, assign.",
                           strategies == 0 ? "One" : "Only one");
  }
  if (o.has("subscribe")) {
    c.strategy = Strategy::kSubscribe;
    for (auto& t : splitString(o.get("subscribe"), ',')) {
      std::string topic(trimView(t));
      if (!topic.empty()) c.topics.push_back(topic);
    }
    if (c.topics.empty()) return Status::Invalid("No topics to subscribe to: option 'subscribe' is empty");
    c.strategyText = "Subscribe[" + joinStrings(c.topics, ",") + "]";
  } else if (o.has("subscribePattern")) {
    c.strategy = Strategy::kSubscribePattern;
    c.pattern = o.get("subscribePattern");
    if (trimView(c.pattern).empty()) return Status::Invalid("Pattern to subscribe is empty: option 'subscribePattern'");
    try {
      std::regex check(c.pattern);
    } catch (const std::regex_error& e) {
      return Status::Invalid("Invalid regular expression '{}' for option 'subscribePattern': {}", c.pattern, e.what());
    }
    c.strategyText = "SubscribePattern[" + c.pattern + "]";
  } else {
    c.strategy = Strategy::kAssign;
    SPATE_ASSIGN_OR_RETURN(c.assigned, parseAssign(o.get("assign")));
    c.strategyText = "Assign[" + o.get("assign") + "]";
  }
  c.startingOffsets = std::string(trimView(o.get("startingOffsets", "latest")));
  std::string lowerStart = toLower(c.startingOffsets);
  if (lowerStart == "earliest" || lowerStart == "latest") {
    c.startingOffsets = lowerStart;
  } else {
    SPATE_RETURN_IF_ERROR(parsePartitionOffsets(c.startingOffsets, "startingOffsets").status());
  }
  if (o.has("maxOffsetsPerTrigger")) {
    SPATE_ASSIGN_OR_RETURN(int64_t limit, positiveOption(o, "maxOffsetsPerTrigger", 1));
    c.maxOffsetsPerTrigger = limit;
  }
  SPATE_ASSIGN_OR_RETURN(c.failOnDataLoss, o.getBool("failOnDataLoss", true));
  SPATE_ASSIGN_OR_RETURN(c.pollTimeoutMs, positiveOption(o, "kafkaConsumer.pollTimeoutMs", 120000));
  SPATE_ASSIGN_OR_RETURN(bool includeHeaders, o.getBool("includeHeaders", false));
  if (includeHeaders) return Status::NotImplemented("Kafka source option 'includeHeaders' is not supported yet");
  for (const char* unsupported : {"startingOffsetsByTimestamp", "startingTimestamp", "minOffsetsPerTrigger",
                                  "maxTriggerDelay", "endingOffsets"}) {
    if (o.has(unsupported)) {
      return Status::NotImplemented("Kafka source option '{}' is not supported yet", unsupported);
    }
  }
  std::string prefix = o.get("groupIdPrefix", "spark-kafka-source");
  c.groupId = o.has("kafka.group.id") ? o.get("kafka.group.id") : prefix + "-" + randomUuid();
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<KafkaRelation>(std::move(c)));
}

}  // namespace spate::connectors
