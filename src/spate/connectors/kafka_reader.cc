#include "spate/connectors/kafka_reader.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <future>
#include <map>
#include <regex>
#include <thread>

#include "spate/columnar/builder.h"
#include "spate/common/json.h"
#include "spate/common/strings.h"
#include "spate/columnar/selection.h"
#include "spate/connectors/kafka_record_columns.h"
#include "spate/connectors/source_util.h"

namespace spate::connectors {

namespace {

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

// Where a range starts or ends, as KafkaReader::resolve takes it: "earliest", "latest",
// offsets JSON, "timestamp:<ms>" (<prefix>Timestamp) or "timestamps:<JSON>"
// (<prefix>OffsetsByTimestamp), the timestamp options first, as in Spark.
Result<std::string> offsetsSpec(const Options& o, const std::string& prefix, const char* def) {
  if (o.has(prefix + "Timestamp")) {
    SPATE_ASSIGN_OR_RETURN(int64_t ms, o.getInt(prefix + "Timestamp", 0));
    if (ms < 0) return Status::Invalid("Invalid value '{}'. The option '{}Timestamp' must be non-negative", ms, prefix);
    return "timestamp:" + std::to_string(ms);
  }
  if (o.has(prefix + "OffsetsByTimestamp")) {
    std::string json(trimView(o.get(prefix + "OffsetsByTimestamp")));
    SPATE_RETURN_IF_ERROR(parsePartitionOffsets(json, prefix + "OffsetsByTimestamp").status());
    return "timestamps:" + json;
  }
  std::string option = prefix + "Offsets";
  std::string spec(trimView(o.get(option, def)));
  std::string lower = toLower(spec);
  if (lower == "earliest" || lower == "latest") return lower;
  SPATE_RETURN_IF_ERROR(parsePartitionOffsets(spec, option).status());
  return spec;
}

}  // namespace

Result<KafkaSourceConfig> parseKafkaSourceOptions(const Options& o, bool streaming) {
  using Strategy = KafkaSourceConfig::Strategy;
  KafkaSourceConfig c;
  SPATE_ASSIGN_OR_RETURN(c.kafkaParams, kafkaParams(o, refusedKafkaParam));
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
  SPATE_ASSIGN_OR_RETURN(c.startingOffsets, offsetsSpec(o, "starting", streaming ? "latest" : "earliest"));
  std::string strategy = toLower(o.get("startingOffsetsByTimestampStrategy", "error"));
  if (strategy != "error" && strategy != "latest") {
    return Status::Invalid("Invalid value '{}' for option 'startingOffsetsByTimestampStrategy': expected 'error' or "
                           "'latest'",
                           o.get("startingOffsetsByTimestampStrategy"));
  }
  c.noOffsetForTimestampIsLatest = strategy == "latest";
  if (streaming) {
    for (const char* batchOnly : {"endingOffsets", "endingTimestamp", "endingOffsetsByTimestamp"}) {
      if (o.has(batchOnly)) return Status::Invalid("Option '{}' is for batch queries only", batchOnly);
    }
    if (o.has("maxOffsetsPerTrigger")) {
      SPATE_ASSIGN_OR_RETURN(int64_t limit, positiveOption(o, "maxOffsetsPerTrigger", 1));
      c.maxOffsetsPerTrigger = limit;
    }
    if (o.has("minOffsetsPerTrigger")) {
      SPATE_ASSIGN_OR_RETURN(int64_t least, positiveOption(o, "minOffsetsPerTrigger", 1));
      c.minOffsetsPerTrigger = least;
      if (c.maxOffsetsPerTrigger && *c.maxOffsetsPerTrigger < least) {
        return Status::Invalid("The value of minOffsetPerTrigger({}) is higher than the maxOffsetsPerTrigger({}).",
                               least, *c.maxOffsetsPerTrigger);
      }
    }
    SPATE_ASSIGN_OR_RETURN(int64_t delayMicros, parseTimeStringMicros(o.get("maxTriggerDelay", "15m"),
                                                                      "maxTriggerDelay", 1000));
    c.maxTriggerDelayMs = delayMicros / 1000;
  } else {
    // As Spark: a batch read has a fixed range.
    if (c.startingOffsets == "latest") {
      return Status::Invalid("starting offset can't be latest for batch queries on Kafka");
    }
    SPATE_ASSIGN_OR_RETURN(c.endingOffsets, offsetsSpec(o, "ending", "latest"));
    if (c.endingOffsets == "earliest") {
      return Status::Invalid("ending offset can't be earliest for batch queries on Kafka");
    }
  }
  SPATE_ASSIGN_OR_RETURN(c.failOnDataLoss, o.getBool("failOnDataLoss", true));
  SPATE_ASSIGN_OR_RETURN(c.pollTimeoutMs, positiveOption(o, "kafkaConsumer.pollTimeoutMs", 120000));
  SPATE_ASSIGN_OR_RETURN(c.fetchOffsetRetries, o.getInt("fetchOffset.numRetries", 3));
  if (c.fetchOffsetRetries < 0) {
    return Status::Invalid("Invalid value '{}'. The option 'fetchOffset.numRetries' must be non-negative",
                           c.fetchOffsetRetries);
  }
  SPATE_ASSIGN_OR_RETURN(c.fetchOffsetRetryIntervalMs, positiveOption(o, "fetchOffset.retryIntervalMs", 1000));
  SPATE_ASSIGN_OR_RETURN(c.includeHeaders, o.getBool("includeHeaders", false));
  std::string prefix = o.get("groupIdPrefix", "spark-kafka-source");
  c.groupId = o.has("kafka.group.id") ? o.get("kafka.group.id") : prefix + "-" + randomUuid();
  return c;
}

SchemaPtr kafkaSchema(bool includeHeaders) {
  static const SchemaPtr withoutHeaders = std::make_shared<Schema>(std::vector<Field>{
      {"key", DataType::binary(), true},
      {"value", DataType::binary(), true},
      {"topic", DataType::string(), true},
      {"partition", DataType::int_(), true},
      {"offset", DataType::long_(), true},
      {"timestamp", DataType::timestamp(), true},
      {"timestampType", DataType::int_(), true}});
  static const SchemaPtr withHeaders = [] {
    std::vector<Field> fields = withoutHeaders->fields();
    TypePtr header = DataType::struct_({{"key", DataType::string(), true}, {"value", DataType::binary(), true}});
    fields.push_back({"headers", DataType::array(header), true});
    return std::make_shared<Schema>(std::move(fields));
  }();
  return includeHeaders ? withHeaders : withoutHeaders;
}

Result<std::unique_ptr<KafkaReader>> KafkaReader::connect(const KafkaSourceConfig& c) {
  rd_kafka_conf_t* conf = rd_kafka_conf_new();
  auto set = [&](const std::string& key, const std::string& value, const std::string& option) {
    return setKafkaConf(conf, key, value, option);
  };
  // Offsets are the checkpoint's: nothing is committed to Kafka.
  Status st = set("group.id", c.groupId, "kafka.group.id");
  if (st.ok()) st = set("enable.auto.commit", "false", "enable.auto.commit");
  if (st.ok()) st = set("enable.partition.eof", "true", "enable.partition.eof");
  // A micro-batch reads known ranges as fast as it can: no waiting on the broker for
  // more data than exists (librdkafka's 500 ms made reads 5x slower), and fetches of
  // 2 MB per partition, 16 MB in all: larger than librdkafka's 1 MB, yet under the
  // size past which malloc maps fresh pages for every response (64 MB fetches spent a
  // third of the reader's time zeroing pages). kafka.* options override these.
  if (st.ok()) st = set("fetch.wait.max.ms", "10", "kafka.fetch.wait.max.ms");
  if (st.ok()) st = set("fetch.message.max.bytes", "2097152", "kafka.fetch.message.max.bytes");
  if (st.ok()) st = set("fetch.max.bytes", "16777216", "kafka.fetch.max.bytes");
  if (st.ok()) st = setKafkaConf(conf, c.kafkaParams);
  if (!st.ok()) {
    rd_kafka_conf_destroy(conf);
    return st;
  }
  // Listing gets a client of its own: on the consumer's connection a request would
  // wait behind the fetch the broker holds open (fetch.wait.max.ms).
  rd_kafka_conf_t* listerConf = rd_kafka_conf_dup(conf);
  // rd_kafka_new owns conf once it succeeds; on failure it is still ours to free.
  char err[512];
  rd_kafka_t* rk = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
  if (!rk) {
    rd_kafka_conf_destroy(conf);
    rd_kafka_conf_destroy(listerConf);
    return Status::Invalid("Cannot create a Kafka consumer: {}", err);
  }
  rd_kafka_poll_set_consumer(rk);
  rd_kafka_t* lister = rd_kafka_new(RD_KAFKA_CONSUMER, listerConf, err, sizeof err);
  if (!lister) {
    rd_kafka_conf_destroy(listerConf);
    rd_kafka_destroy(rk);
    return Status::Invalid("Cannot create a Kafka consumer: {}", err);
  }
  return std::unique_ptr<KafkaReader>(new KafkaReader(c, rk, lister));
}

KafkaReader::KafkaReader(KafkaSourceConfig config, rd_kafka_t* rk, rd_kafka_t* lister)
    : config_(std::move(config)), rk_(rk), lister_(lister), bootstrap_(bootstrapServers(config_.kafkaParams)) {}

KafkaReader::~KafkaReader() {
  forgetAssignment();
  // librdkafka 2.0 never finishes rd_kafka_destroy when a topic was deleted while its
  // partitions were assigned (it leaks a reference to the partition). So the consumer
  // shuts down on a thread of its own, waited for a bounded time and left behind after.
  auto done = std::make_shared<std::promise<void>>();
  std::future<void> finished = done->get_future();
  std::thread([rk = rk_, lister = lister_, done] {
    while (rd_kafka_message_t* m = rd_kafka_consumer_poll(rk, 0)) rd_kafka_message_destroy(m);
    rd_kafka_consumer_close(rk);
    rd_kafka_destroy(rk);
    rd_kafka_destroy(lister);
    done->set_value();
  }).detach();
  if (finished.wait_for(std::chrono::seconds(3)) == std::future_status::timeout) {
    std::fprintf(stderr, "WARN: Kafka source: the consumer of %s did not shut down within 3 s; left to finish\n",
                 bootstrap_.c_str());
  }
}

// IOErrors (the broker unreachable, a timeout) are tried again; others are not.
template <typename F>
auto KafkaReader::retrying(F&& attempt) -> decltype(attempt()) {
  for (int64_t tries = 0;; ++tries) {
    auto result = attempt();
    rd_kafka_poll(lister_, 0);  // serves the lister's events, which nothing else reads
    if (result.ok() || result.status().code() != StatusCode::kIOError || tries >= config_.fetchOffsetRetries) {
      return result;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(config_.fetchOffsetRetryIntervalMs));
  }
}

Result<std::vector<TopicPartition>> KafkaReader::partitions() {
  return retrying([&] { return listPartitions(); });
}

Result<std::optional<std::pair<int64_t, int64_t>>> KafkaReader::watermarks(const TopicPartition& tp) {
  return retrying([&] { return queryWatermarks(tp); });
}

Result<PartitionOffsets> KafkaReader::latestOffsets(const std::vector<TopicPartition>& partitions) {
  return retrying([&] { return queryOffsets(partitions, RD_KAFKA_OFFSET_END); });
}

Result<PartitionOffsets> KafkaReader::queryOffsets(const std::vector<TopicPartition>& partitions, int64_t which) {
  PartitionOffsets out;
  if (partitions.empty()) return out;
  // Offsets for the time "latest" (-1) or "earliest" (-2): each partition's end or
  // start, one round trip for all.
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (const auto& tp : partitions) {
    rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = which;
  }
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(lister_, list, 10000);
  if (err == RD_KAFKA_RESP_ERR__UNKNOWN_PARTITION || err == RD_KAFKA_RESP_ERR__UNKNOWN_TOPIC ||
      err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
    // A partition librdkafka's cache lost fails the whole request: its topic was
    // deleted, or its leader is away. The broker's own list tells: the partitions it
    // still has are asked again; when it has them all, this is an outage (IOError:
    // tried again).
    rd_kafka_topic_partition_list_destroy(list);
    SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> known, brokerPartitions());
    std::vector<TopicPartition> remaining;
    for (const auto& tp : partitions) {
      if (std::binary_search(known.begin(), known.end(), tp)) remaining.push_back(tp);
    }
    if (remaining.size() < partitions.size()) return queryOffsets(remaining, which);
    return Status::IOError("Kafka source: cannot read the offsets from {}: {}", bootstrap_, rd_kafka_err2str(err));
  }
  Status st;
  for (int i = 0; i < list->cnt && !err; ++i) {
    const auto& e = list->elems[i];
    if (e.err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) continue;  // gone
    if (e.err) {
      st = Status::IOError("Kafka source: cannot read the offsets of {}-{} from {}: {}", e.topic, e.partition,
                           bootstrap_, rd_kafka_err2str(e.err));
      break;
    }
    out[{e.topic, e.partition}] = e.offset;
  }
  rd_kafka_topic_partition_list_destroy(list);
  if (err) return Status::IOError("Kafka source: cannot read the {} offsets from {}: {}",
                                  which == RD_KAFKA_OFFSET_END ? "latest" : "earliest", bootstrap_, rd_kafka_err2str(err));
  SPATE_RETURN_IF_ERROR(st);
  return out;
}

Result<std::vector<TopicPartition>> KafkaReader::listPartitions() {
  using Strategy = KafkaSourceConfig::Strategy;
  if (config_.strategy == Strategy::kAssign) return config_.assigned;
  SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> all, brokerPartitions());
  std::vector<TopicPartition> out;
  std::regex pattern;
  if (config_.strategy == Strategy::kSubscribePattern) pattern = std::regex(config_.pattern);
  for (auto& tp : all) {
    bool wanted = config_.strategy == Strategy::kSubscribe
                      ? std::find(config_.topics.begin(), config_.topics.end(), tp.first) != config_.topics.end()
                      : std::regex_match(tp.first, pattern);
    if (wanted) out.push_back(std::move(tp));
  }
  return out;
}

Result<std::vector<TopicPartition>> KafkaReader::brokerPartitions() {
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(lister_, 1, nullptr, &md, 10000);
  if (err) return Status::IOError("Kafka source: cannot list topics from {}: {}", bootstrap_, rd_kafka_err2str(err));
  std::vector<TopicPartition> out;
  for (int t = 0; t < md->topic_cnt; ++t) {
    const auto& topic = md->topics[t];
    if (topic.err) continue;
    for (int p = 0; p < topic.partition_cnt; ++p) out.push_back({topic.topic, topic.partitions[p].id});
  }
  rd_kafka_metadata_destroy(md);
  std::sort(out.begin(), out.end());
  return out;
}

Result<std::optional<std::pair<int64_t, int64_t>>> KafkaReader::queryWatermarks(const TopicPartition& tp) {
  int64_t lo = 0, hi = 0;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(lister_, tp.first.c_str(), tp.second, &lo, &hi, 10000);
  // Only the broker's own answer means the partition is gone: librdkafka's local
  // "unknown" codes also come when no broker can be reached (then: try again).
  if (err == RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) return std::optional<std::pair<int64_t, int64_t>>();
  if (err) {
    return Status::IOError("Kafka source: cannot read the offsets of {}-{} from {}: {}", tp.first, tp.second,
                           bootstrap_, rd_kafka_err2str(err));
  }
  return std::optional<std::pair<int64_t, int64_t>>(std::make_pair(lo, hi));
}

Result<PartitionOffsets> KafkaReader::resolve(const std::string& spec, const std::string& option,
                                              const std::vector<TopicPartition>& partitions) {
  if (spec.rfind("timestamp", 0) == 0) return resolveTimestamps(spec, option, partitions);
  PartitionOffsets wanted;
  if (spec != "earliest" && spec != "latest") {
    SPATE_ASSIGN_OR_RETURN(wanted, parsePartitionOffsets(spec, option));
  }
  PartitionOffsets out;
  for (const auto& tp : partitions) {
    SPATE_ASSIGN_OR_RETURN(auto marks, watermarks(tp));
    if (!marks) continue;
    int64_t offset = spec == "earliest" ? kEarliestOffset : kLatestOffset;
    if (!wanted.empty()) {
      auto it = wanted.find(tp);
      if (it == wanted.end()) {
        return Status::Invalid("{} {} does not give an offset for {}-{}", option, spec, tp.first, tp.second);
      }
      offset = it->second;
    }
    out[tp] = offset == kEarliestOffset ? marks->first : offset == kLatestOffset ? marks->second : offset;
  }
  return out;
}

// The first offset whose record time is at or after the timestamp, per partition (the
// partition's end when there is none and the strategy says latest).
Result<PartitionOffsets> KafkaReader::resolveTimestamps(const std::string& spec, const std::string& option,
                                                        const std::vector<TopicPartition>& partitions) {
  PartitionOffsets times;
  if (spec.rfind("timestamp:", 0) == 0) {
    int64_t ms = std::stoll(spec.substr(10));
    for (const auto& tp : partitions) times[tp] = ms;
  } else {
    SPATE_ASSIGN_OR_RETURN(times, parsePartitionOffsets(spec.substr(11), option));
    for (const auto& tp : partitions) {
      if (!times.count(tp)) {
        return Status::Invalid("{}OffsetsByTimestamp does not give a timestamp for {}-{}", option.substr(0, option.size() - 7),
                               tp.first, tp.second);
      }
    }
  }
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(times.size()));
  for (const auto& [tp, ms] : times) rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = ms;
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(lister_, list, 10000);
  PartitionOffsets out;
  Status st;
  for (int i = 0; i < list->cnt && st.ok() && !err; ++i) {
    const auto& e = list->elems[i];
    TopicPartition tp{e.topic, e.partition};
    if (e.err) {
      st = Status::IOError("Kafka source: cannot find the offset for time {} of {}-{}: {}", times[tp], tp.first,
                           tp.second, rd_kafka_err2str(e.err));
    } else if (e.offset >= 0) {
      out[tp] = e.offset;
    } else if (config_.noOffsetForTimestampIsLatest) {
      SPATE_ASSIGN_OR_RETURN(auto marks, watermarks(tp));
      if (marks) out[tp] = marks->second;
    } else {
      st = Status::Invalid("No offset of {}-{} has a record at or after time {} ({}); set the option "
                           "'startingOffsetsByTimestampStrategy' to 'latest' to start at the end instead",
                           tp.first, tp.second, times[tp], option);
    }
  }
  rd_kafka_topic_partition_list_destroy(list);
  if (err) return Status::IOError("Kafka source: cannot look up offsets by time on {}: {}", bootstrap_, rd_kafka_err2str(err));
  SPATE_RETURN_IF_ERROR(st);
  return out;
}

Status KafkaReader::dataLoss(const std::string& what) const {
  if (config_.failOnDataLoss) {
    return Status::ExecutionError(
        "Kafka source: {}. Some data may have been lost because it is no longer available in Kafka: it aged out or "
        "the topic was deleted before it was processed. If you don't want the query to fail in such cases, set the "
        "source option 'failOnDataLoss' to 'false'.",
        what);
  }
  // Each loss is told once, not at every trigger that still sees it.
  if (warned_.insert(what).second) {
    std::fprintf(stderr, "WARN: Kafka source: %s; going on as failOnDataLoss is false\n", what.c_str());
  }
  return Status::OK();
}

Status KafkaReader::assign(const std::vector<OffsetRange>& ranges) {
  bool goesOn = ranges.size() == fetching_.size();
  for (const auto& [tp, range] : ranges) {
    auto it = fetching_.find(tp);
    goesOn = goesOn && it != fetching_.end() && it->second == range.first;
  }
  if (goesOn) return Status::OK();
  // Any change assigns every partition afresh at its range's start: librdkafka drops
  // what it fetched, and so are the records read ahead.
  forgetAssignment();
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(ranges.size()));
  for (const auto& [tp, range] : ranges) {
    rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = range.first;
  }
  rd_kafka_resp_err_t err = rd_kafka_assign(rk_, list);
  rd_kafka_topic_partition_list_destroy(list);
  if (err) return Status::IOError("Kafka source: cannot assign partitions: {}", rd_kafka_err2str(err));
  for (const auto& [tp, range] : ranges) fetching_[tp] = range.first;
  return Status::OK();
}

void KafkaReader::forgetAssignment() {
  if (!fetching_.empty()) rd_kafka_assign(rk_, nullptr);
  fetching_.clear();
  readAhead_.clear();
}

Result<std::vector<BatchPtr>> KafkaReader::read(const std::vector<OffsetRange>& ranges) {
  Status st = assign(ranges);
  Result<std::vector<BatchPtr>> out = st.ok() ? collect(ranges) : Result<std::vector<BatchPtr>>(st);
  if (!out.ok()) {
    forgetAssignment();
    return out.status();
  }
  for (const auto& [tp, range] : ranges) fetching_[tp] = range.second;
  return out;
}

Result<std::vector<BatchPtr>> KafkaReader::collect(const std::vector<OffsetRange>& ranges) {
  const std::map<TopicPartition, std::pair<int64_t, int64_t>> wanted(ranges.begin(), ranges.end());
  std::vector<BatchPtr> out;
  // Partitions whose range is not complete yet, with its end.
  std::map<TopicPartition, int64_t> endOf;
  for (const auto& [tp, range] : wanted) {
    if (range.first < range.second) endOf[tp] = range.second;
  }
  // Records read ahead by the last batch: this batch's share first, the rest kept.
  std::vector<BatchPtr> keptAhead;
  for (const BatchPtr& ahead : readAhead_) {
    SelectionVector now, later;
    const Column& topics = *ahead->column(2);
    const auto* partitions = ahead->column(3)->values<int32_t>();
    const auto* offsets = ahead->column(4)->values<int64_t>();
    auto range = wanted.end();
    for (int64_t i = 0; i < ahead->numRows(); ++i) {
      // Rows come in runs of one partition: look it up once per run.
      if (i == 0 || partitions[i] != partitions[i - 1] || topics.stringAt(i) != topics.stringAt(i - 1)) {
        TopicPartition tp{std::string(topics.stringAt(i)), partitions[i]};
        range = wanted.find(tp);
      }
      if (range == wanted.end() || offsets[i] < range->second.first) continue;
      const TopicPartition& tp = range->first;
      if (offsets[i] < range->second.second) {
        now.push_back(static_cast<int32_t>(i));
      } else {
        later.push_back(static_cast<int32_t>(i));
      }
      if (offsets[i] + 1 >= range->second.second) endOf.erase(tp);
    }
    if (!now.empty()) out.push_back(take(ahead, now));
    if (!later.empty()) keptAhead.push_back(take(ahead, later));
  }
  readAhead_ = std::move(keptAhead);

  KafkaRecordColumns records(config_.includeHeaders), ahead(config_.includeHeaders);
  auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.pollTimeoutMs);
  Status failure;
  rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(rk_);
  std::vector<rd_kafka_message_t*> messages(4096);
  const rd_kafka_topic_t* lastTopic = nullptr;
  int32_t lastPartition = -1;
  auto range = wanted.end();
  while (!endOf.empty() && failure.ok()) {
    if (std::chrono::steady_clock::now() > deadline) {
      failure = Status::IOError("Kafka source: cannot fetch the batch's records from {} within {} ms "
                                "(kafkaConsumer.pollTimeoutMs)",
                                bootstrap_, config_.pollTimeoutMs);
      break;
    }
    // librdkafka's batch call waits until it has them all or the timeout passes: take
    // what is there, and wait only when nothing is, for one message.
    ssize_t n = rd_kafka_consume_batch_queue(queue, 0, messages.data(), messages.size());
    if (n == 0) n = rd_kafka_consume_batch_queue(queue, 100, messages.data(), 1);
    for (ssize_t i = 0; i < n; ++i) {
      rd_kafka_message_t* m = messages[static_cast<size_t>(i)];
      // Messages come in runs of one partition: look it up once per run.
      if (m->rkt != lastTopic || m->partition != lastPartition) {
        lastTopic = m->rkt;
        lastPartition = m->partition;
        range = wanted.find(TopicPartition{m->rkt ? rd_kafka_topic_name(m->rkt) : "", m->partition});
      }
      if (!failure.ok() || (range == wanted.end() && !m->err)) {
        // A partition this batch does not read (its messages were purged on unassign).
      } else if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
        // The end without a record at end - 1 (compaction, transaction markers).
        if (range != wanted.end() && m->offset >= range->second.second) endOf.erase(range->first);
      } else if (m->err) {
        // Errors of partitions this batch does not wait for are the next batch's to see.
        if (range == wanted.end() || endOf.count(range->first)) {
          failure = Status::IOError("Kafka source: reading {}-{} from {}: {}",
                                    m->rkt ? rd_kafka_topic_name(m->rkt) : "", m->partition, bootstrap_,
                                    rd_kafka_message_errstr(m));
        }
      } else if (m->offset >= range->second.first) {
        if (m->offset < range->second.second) {
          records.append(*m, range->first.first);
          if (records.full()) out.push_back(records.finish());
        } else {
          ahead.append(*m, range->first.first);
          if (ahead.full()) readAhead_.push_back(ahead.finish());
        }
        if (m->offset + 1 >= range->second.second) endOf.erase(range->first);
      }
      rd_kafka_message_destroy(m);
    }
  }
  rd_kafka_queue_destroy(queue);
  SPATE_RETURN_IF_ERROR(failure);
  if (records.rows() > 0) out.push_back(records.finish());
  if (ahead.rows() > 0) readAhead_.push_back(ahead.finish());
  return out;
}

Status KafkaReader::partitionGone(const TopicPartition& tp) {
  // Left assigned, a deleted partition would keep librdkafka from shutting down.
  if (fetching_.count(tp)) forgetAssignment();
  return dataLoss(fmt::format("{}-{} is gone (the topic or partition was deleted)", tp.first, tp.second));
}

Result<std::vector<BatchPtr>> KafkaReader::readBetween(const PartitionOffsets& from, const PartitionOffsets& to) {
  std::vector<TopicPartition> partitions;
  for (const auto& [tp, until] : to) partitions.push_back(tp);
  SPATE_ASSIGN_OR_RETURN(PartitionOffsets earliest, retrying([&] { return queryOffsets(partitions, RD_KAFKA_OFFSET_BEGINNING); }));
  std::vector<OffsetRange> ranges;
  for (const auto& [tp, until] : to) {
    auto first = earliest.find(tp);
    if (first == earliest.end()) {
      SPATE_RETURN_IF_ERROR(partitionGone(tp));
      continue;
    }
    auto known = from.find(tp);
    int64_t begin = known != from.end() ? known->second : first->second;
    if (begin < first->second) {
      SPATE_RETURN_IF_ERROR(dataLoss(fmt::format("offsets [{}, {}) of {}-{} are no longer in Kafka (the earliest is {})",
                                                 begin, first->second, tp.first, tp.second, first->second)));
      begin = first->second;
    }
    if (begin > until) {
      return Status::ExecutionError("Kafka source: start offset {} is after end offset {} for {}-{}", begin, until,
                                    tp.first, tp.second);
    }
    // Partitions with nothing new stay in the list: their consumer keeps fetching.
    ranges.push_back({tp, {begin, until}});
  }
  return read(ranges);
}

Result<std::vector<BatchPtr>> readKafkaTable(const Options& options) {
  SPATE_ASSIGN_OR_RETURN(KafkaSourceConfig c, parseKafkaSourceOptions(options, false));
  SPATE_ASSIGN_OR_RETURN(auto reader, KafkaReader::connect(c));
  SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> partitions, reader->partitions());
  SPATE_ASSIGN_OR_RETURN(PartitionOffsets from, reader->resolve(c.startingOffsets, "startingOffsets", partitions));
  SPATE_ASSIGN_OR_RETURN(PartitionOffsets to, reader->resolve(c.endingOffsets, "endingOffsets", partitions));
  return reader->readBetween(from, to);
}

}  // namespace spate::connectors
