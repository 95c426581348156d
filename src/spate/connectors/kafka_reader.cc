#include "spate/connectors/kafka_reader.h"

#include <librdkafka/rdkafka.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>
#include <regex>
#include <thread>

#include "spate/columnar/builder.h"
#include "spate/common/json.h"
#include "spate/common/strings.h"
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

void appendRecord(std::vector<ColumnBuilder>& cols, const rd_kafka_message_t* m, const TopicPartition& tp) {
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
  if (cols.size() > 7) {
    rd_kafka_headers_t* headers = nullptr;
    if (rd_kafka_message_headers(m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
      cols[7].appendNull();
      return;
    }
    ColumnBuilder& header = cols[7].child(0);
    const char* name = nullptr;
    const void* value = nullptr;
    size_t size = 0;
    for (size_t i = 0; rd_kafka_header_get_all(headers, i, &name, &value, &size) == RD_KAFKA_RESP_ERR_NO_ERROR; ++i) {
      header.child(0).appendString(name);
      if (value) {
        header.child(1).appendString({static_cast<const char*>(value), size});
      } else {
        header.child(1).appendNull();
      }
      header.closeStruct();
    }
    cols[7].closeList();
  }
}

}  // namespace

Result<KafkaSourceConfig> parseKafkaSourceOptions(const Options& o, bool streaming) {
  using Strategy = KafkaSourceConfig::Strategy;
  KafkaSourceConfig c;
  for (const auto& [key, value] : o.entries()) {
    if (toLower(key).rfind("kafka.", 0) != 0) continue;
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
  char err[512];
  auto set = [&](const std::string& key, const std::string& value, const std::string& option) -> Status {
    if (rd_kafka_conf_set(conf, key.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
      return Status::Invalid("Kafka option '{}': {}", option, err);
    }
    return Status::OK();
  };
  // Offsets are the checkpoint's: nothing is committed to Kafka.
  Status st = set("group.id", c.groupId, "kafka.group.id");
  if (st.ok()) st = set("enable.auto.commit", "false", "enable.auto.commit");
  if (st.ok()) st = set("enable.partition.eof", "true", "enable.partition.eof");
  // A micro-batch reads known ranges as fast as it can: large fetches, and no waiting
  // on the broker for more data than exists (librdkafka's defaults of 1 MB per
  // partition and 500 ms made reads 5x slower). kafka.* options override these.
  if (st.ok()) st = set("fetch.wait.max.ms", "10", "kafka.fetch.wait.max.ms");
  if (st.ok()) st = set("fetch.message.max.bytes", "8388608", "kafka.fetch.message.max.bytes");
  if (st.ok()) st = set("fetch.max.bytes", "67108864", "kafka.fetch.max.bytes");
  for (const auto& [k, v] : c.kafkaParams) {
    if (!st.ok()) break;
    st = set(k, v, "kafka." + k);
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
  return std::unique_ptr<KafkaReader>(new KafkaReader(c, rk));
}

KafkaReader::KafkaReader(KafkaSourceConfig config, rd_kafka_t* rk) : config_(std::move(config)), rk_(rk) {
  for (const auto& [k, v] : config_.kafkaParams) {
    if (toLower(k) == "bootstrap.servers") bootstrap_ = v;
  }
}

KafkaReader::~KafkaReader() {
  rd_kafka_consumer_close(rk_);
  rd_kafka_destroy(rk_);
}

// IOErrors (the broker unreachable, a timeout) are tried again; others are not.
template <typename F>
auto KafkaReader::retrying(F&& attempt) -> decltype(attempt()) {
  for (int64_t tries = 0;; ++tries) {
    auto result = attempt();
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
  return retrying([&] { return queryLatestOffsets(partitions); });
}

Result<PartitionOffsets> KafkaReader::queryLatestOffsets(const std::vector<TopicPartition>& partitions) {
  PartitionOffsets out;
  if (partitions.empty()) return out;
  // Offsets for the time "latest" (-1): each partition's end, one round trip for all.
  rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(partitions.size()));
  for (const auto& tp : partitions) {
    rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = RD_KAFKA_OFFSET_END;
  }
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_, list, 10000);
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
  if (err) return Status::IOError("Kafka source: cannot read the latest offsets from {}: {}", bootstrap_, rd_kafka_err2str(err));
  SPATE_RETURN_IF_ERROR(st);
  return out;
}

Result<std::vector<TopicPartition>> KafkaReader::listPartitions() {
  using Strategy = KafkaSourceConfig::Strategy;
  if (config_.strategy == Strategy::kAssign) return config_.assigned;
  const rd_kafka_metadata_t* md = nullptr;
  rd_kafka_resp_err_t err = rd_kafka_metadata(rk_, 1, nullptr, &md, 10000);
  if (err) return Status::IOError("Kafka source: cannot list topics from {}: {}", bootstrap_, rd_kafka_err2str(err));
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

Result<std::optional<std::pair<int64_t, int64_t>>> KafkaReader::queryWatermarks(const TopicPartition& tp) {
  int64_t lo = 0, hi = 0;
  rd_kafka_resp_err_t err = rd_kafka_query_watermark_offsets(rk_, tp.first.c_str(), tp.second, &lo, &hi, 10000);
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
  rd_kafka_resp_err_t err = rd_kafka_offsets_for_times(rk_, list, 10000);
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
  std::fprintf(stderr, "WARN: Kafka source: %s; going on as failOnDataLoss is false\n", what.c_str());
  return Status::OK();
}

Result<BatchPtr> KafkaReader::read(const std::vector<OffsetRange>& ranges) {
  SchemaPtr schema = kafkaSchema(config_.includeHeaders);
  std::vector<ColumnBuilder> cols;
  for (const auto& f : schema->fields()) cols.emplace_back(f.type);
  int64_t rows = 0;
  if (!ranges.empty()) {
    rd_kafka_topic_partition_list_t* list = rd_kafka_topic_partition_list_new(static_cast<int>(ranges.size()));
    std::map<TopicPartition, int64_t> endOf;
    for (const auto& [tp, range] : ranges) {
      rd_kafka_topic_partition_list_add(list, tp.first.c_str(), tp.second)->offset = range.first;
      endOf[tp] = range.second;
    }
    rd_kafka_resp_err_t err = rd_kafka_assign(rk_, list);
    rd_kafka_topic_partition_list_destroy(list);
    if (err) return Status::IOError("Kafka source: cannot assign partitions: {}", rd_kafka_err2str(err));
    auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(config_.pollTimeoutMs);
    Status failure;
    // Messages are taken from the consumer's queue many at a time.
    rd_kafka_queue_t* queue = rd_kafka_queue_get_consumer(rk_);
    std::vector<rd_kafka_message_t*> messages(4096);
    const rd_kafka_topic_t* lastTopic = nullptr;
    int32_t lastPartition = -1;
    auto it = endOf.end();
    while (!endOf.empty() && failure.ok()) {
      if (std::chrono::steady_clock::now() > deadline) {
        failure = Status::IOError("Kafka source: cannot fetch the batch's records from {} within {} ms "
                                  "(kafkaConsumer.pollTimeoutMs)",
                                  bootstrap_, config_.pollTimeoutMs);
        break;
      }
      ssize_t n = rd_kafka_consume_batch_queue(queue, 100, messages.data(), messages.size());
      for (ssize_t i = 0; i < n; ++i) {
        rd_kafka_message_t* m = messages[static_cast<size_t>(i)];
        if (failure.ok()) {
          // Messages come in runs of one partition: look it up once per run.
          if (m->rkt != lastTopic || m->partition != lastPartition || it == endOf.end()) {
            lastTopic = m->rkt;
            lastPartition = m->partition;
            it = endOf.find(TopicPartition{m->rkt ? rd_kafka_topic_name(m->rkt) : "", m->partition});
          }
          if (m->err == RD_KAFKA_RESP_ERR__PARTITION_EOF) {
            // The end without a record at end - 1 (compaction, transaction markers).
            if (it != endOf.end() && m->offset >= it->second) {
              endOf.erase(it);
              it = endOf.end();
            }
          } else if (m->err) {
            failure = Status::IOError("Kafka source: reading {}-{} from {}: {}",
                                      m->rkt ? rd_kafka_topic_name(m->rkt) : "", m->partition, bootstrap_,
                                      rd_kafka_message_errstr(m));
          } else if (it != endOf.end() && m->offset < it->second) {
            appendRecord(cols, m, it->first);
            ++rows;
            if (m->offset + 1 >= it->second) {
              endOf.erase(it);
              it = endOf.end();
            }
          }
        }
        rd_kafka_message_destroy(m);
      }
    }
    rd_kafka_queue_destroy(queue);
    rd_kafka_assign(rk_, nullptr);
    SPATE_RETURN_IF_ERROR(failure);
  }
  std::vector<ColumnPtr> columns;
  for (auto& b : cols) columns.push_back(b.finish());
  return std::make_shared<const Batch>(schema, std::move(columns), rows);
}

Status KafkaReader::partitionGone(const TopicPartition& tp) const {
  return dataLoss(fmt::format("{}-{} is gone (the topic or partition was deleted)", tp.first, tp.second));
}

Result<BatchPtr> KafkaReader::readBetween(const PartitionOffsets& from, const PartitionOffsets& to) {
  std::vector<OffsetRange> ranges;
  for (const auto& [tp, until] : to) {
    SPATE_ASSIGN_OR_RETURN(auto marks, watermarks(tp));
    if (!marks) {
      SPATE_RETURN_IF_ERROR(partitionGone(tp));
      continue;
    }
    auto known = from.find(tp);
    int64_t begin = known != from.end() ? known->second : marks->first;
    if (begin < marks->first) {
      SPATE_RETURN_IF_ERROR(dataLoss(fmt::format("offsets [{}, {}) of {}-{} are no longer in Kafka (the earliest is {})",
                                                 begin, marks->first, tp.first, tp.second, marks->first)));
      begin = marks->first;
    }
    if (begin > until) {
      return Status::ExecutionError("Kafka source: start offset {} is after end offset {} for {}-{}", begin, until,
                                    tp.first, tp.second);
    }
    if (begin < until) ranges.push_back({tp, {begin, until}});
  }
  return read(ranges);
}

Result<std::vector<BatchPtr>> readKafkaTable(const Options& options) {
  SPATE_ASSIGN_OR_RETURN(KafkaSourceConfig c, parseKafkaSourceOptions(options, false));
  SPATE_ASSIGN_OR_RETURN(auto reader, KafkaReader::connect(c));
  SPATE_ASSIGN_OR_RETURN(std::vector<TopicPartition> partitions, reader->partitions());
  SPATE_ASSIGN_OR_RETURN(PartitionOffsets from, reader->resolve(c.startingOffsets, "startingOffsets", partitions));
  SPATE_ASSIGN_OR_RETURN(PartitionOffsets to, reader->resolve(c.endingOffsets, "endingOffsets", partitions));
  SPATE_ASSIGN_OR_RETURN(BatchPtr batch, reader->readBetween(from, to));
  return std::vector<BatchPtr>{batch};
}

}  // namespace spate::connectors
