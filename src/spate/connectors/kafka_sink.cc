// The "kafka" sink (Spark's KafkaSink / KafkaWriter) over a librdkafka producer: each
// row becomes a record of its `value` (required), `key`, `topic` (or the `topic`
// option), `partition` and `headers` columns.
//
// deliveryGuarantee "at-least-once" (the default, as Spark's): a batch succeeds only
// when every record of it was acknowledged by the broker; a batch re-run after a crash
// writes its records again.
//
// deliveryGuarantee "exactly-once" (beyond Spark): each batch is one Kafka transaction
// of a producer whose transactional.id is named after the query ("spate-<query id>"),
// so a restarted query fences the old one and aborts what it left open. The batch id
// is committed in the same transaction, as the offset (batch id + 1) of partition 0 of
// the `topic` option's topic for the consumer group "spate-sink-<query id>"; a batch
// that Kafka already has (the process died after Kafka's commit but before the
// checkpoint's) is skipped when it runs again. A read_committed consumer sees each
// record once.

#include <librdkafka/rdkafka.h>

#include <mutex>

#include "spate/common/strings.h"
#include "spate/connectors/kafka_conf.h"
#include "spate/connectors/stream_sinks.h"

namespace spate::connectors {

namespace {

// Which columns of the batch the records come from (-1: absent).
struct RecordColumns {
  int value = -1;
  int key = -1;
  int topic = -1;
  int partition = -1;
  int headers = -1;
};

// As Spark's KafkaWriter.validateQuery, with its messages.
Result<RecordColumns> recordColumns(const Schema& schema, bool hasTopicOption) {
  RecordColumns c;
  for (size_t i = 0; i < schema.size(); ++i) {
    std::string name = toLower(schema.field(i).name);
    if (name == "value") c.value = static_cast<int>(i);
    if (name == "key") c.key = static_cast<int>(i);
    if (name == "topic") c.topic = static_cast<int>(i);
    if (name == "partition") c.partition = static_cast<int>(i);
    if (name == "headers") c.headers = static_cast<int>(i);
  }
  auto typeOf = [&](int i) { return schema.field(static_cast<size_t>(i)).type->id(); };
  auto stringOrBinary = [&](int i) { return typeOf(i) == TypeId::kString || typeOf(i) == TypeId::kBinary; };
  if (c.value < 0) return Status::AnalysisError("Required attribute 'value' not found");
  if (!stringOrBinary(c.value)) return Status::AnalysisError("value attribute type must be a string or binary");
  if (c.key >= 0 && !stringOrBinary(c.key)) {
    return Status::AnalysisError("key attribute type must be a string or binary");
  }
  if (c.topic < 0 && !hasTopicOption) {
    return Status::AnalysisError(
        "topic option required when no 'topic' attribute is present. Use the topic option for setting a topic.");
  }
  if (c.topic >= 0 && typeOf(c.topic) != TypeId::kString) {
    return Status::AnalysisError("topic attribute type must be a string");
  }
  if (c.partition >= 0 && typeOf(c.partition) != TypeId::kInt) {
    return Status::AnalysisError("partition attribute type must be an int");
  }
  if (c.headers >= 0) {
    const DataType& t = *schema.field(static_cast<size_t>(c.headers)).type;
    bool ok = t.id() == TypeId::kArray && t.elementType()->id() == TypeId::kStruct &&
              t.elementType()->fields().size() == 2 && t.elementType()->fields()[0].type->id() == TypeId::kString &&
              (t.elementType()->fields()[1].type->id() == TypeId::kBinary ||
               t.elementType()->fields()[1].type->id() == TypeId::kString);
    if (!ok) return Status::AnalysisError("headers attribute type must be an array<struct<key:string,value:binary>>");
  }
  return c;
}

// Producer settings the sink refuses, with its reasons.
std::optional<std::string> refusedProducerParam(const std::string& key) {
  if (key == "key.serializer" || key == "value.serializer") {
    return fmt::format("Kafka option '{}' is not supported as keys and values are written as byte arrays. Use "
                       "DataFrame operations (CAST(... AS STRING), to_json) to encode them.",
                       key);
  }
  if (key == "transactional.id") {
    return "Kafka option 'transactional.id' is not supported: the 'exactly-once' deliveryGuarantee names "
           "transactions after the query";
  }
  return std::nullopt;
}

class KafkaSink final : public streaming::Sink {
 public:
  static Result<std::unique_ptr<KafkaSink>> create(const Options& options) {
    auto sink = std::unique_ptr<KafkaSink>(new KafkaSink());
    sink->topic_ = options.get("topic");
    std::string guarantee = toLower(options.get("deliveryGuarantee", "at-least-once"));
    if (guarantee != "at-least-once" && guarantee != "exactly-once") {
      return Status::Invalid("Invalid value '{}' for option 'deliveryGuarantee': expected 'at-least-once' or "
                             "'exactly-once'",
                             options.get("deliveryGuarantee"));
    }
    sink->exactlyOnce_ = guarantee == "exactly-once";
    if (sink->exactlyOnce_ && sink->topic_.empty()) {
      return Status::Invalid("The Kafka sink's 'exactly-once' deliveryGuarantee needs the 'topic' option: the "
                             "batch ids it has committed are kept with that topic");
    }
    SPATE_ASSIGN_OR_RETURN(sink->params_, kafkaParams(options, refusedProducerParam));
    sink->conf_ = rd_kafka_conf_new();
    SPATE_RETURN_IF_ERROR(setKafkaConf(sink->conf_, sink->params_));
    sink->bootstrap_ = bootstrapServers(sink->params_);
    if (sink->bootstrap_.empty()) {
      return Status::Invalid("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer");
    }
    return sink;
  }

  ~KafkaSink() override {
    if (conf_) rd_kafka_conf_destroy(conf_);
    if (rk_) {
      if (!exactlyOnce_) rd_kafka_flush(rk_, 10000);
      rd_kafka_destroy(rk_);
    }
  }

  Status open(const streaming::SinkContext& ctx) override {
    char err[512];
    if (exactlyOnce_) {
      std::string id = "spate-" + ctx.queryId;
      if (rd_kafka_conf_set(conf_, "transactional.id", id.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        return Status::Invalid("Kafka sink: {}", err);
      }
      group_ = "spate-sink-" + ctx.queryId;
    }
    rd_kafka_conf_set_opaque(conf_, this);
    rd_kafka_conf_set_dr_msg_cb(conf_, &KafkaSink::delivered);
    // rd_kafka_new owns conf once it succeeds; on failure it is still ours to free.
    rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf_, err, sizeof err);
    if (!rk_) return Status::Invalid("Cannot create a Kafka producer: {}", err);
    conf_ = nullptr;
    if (!exactlyOnce_) return Status::OK();
    SPATE_RETURN_IF_ERROR(check(rd_kafka_init_transactions(rk_, 60000), "initialize transactions"));
    return readCommittedBatch();
  }

  bool idempotent() const override { return exactlyOnce_; }

  std::string describe() const override { return topic_.empty() ? "KafkaSink" : "KafkaSink[" + topic_ + "]"; }

  Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                  OutputMode mode) override {
    SPATE_ASSIGN_OR_RETURN(RecordColumns c, recordColumns(*schema, !topic_.empty()));
    if (!rk_) SPATE_RETURN_IF_ERROR(open(streaming::SinkContext{randomUuid()}));  // a batch write
    {
      std::lock_guard<std::mutex> lock(mu_);
      failed_ = 0;
      firstError_.clear();
    }
    if (!exactlyOnce_) {
      SPATE_RETURN_IF_ERROR(produceAll(rows, c));
      // Every record acknowledged (or failed) before the batch counts as written.
      rd_kafka_resp_err_t err = rd_kafka_flush(rk_, 120000);
      if (err) {
        return Status::IOError("Kafka sink: records not delivered to {} in time: {}", bootstrap_, rd_kafka_err2str(err));
      }
      return deliveryFailures(batchId);
    }
    if (lastCommitted_ && batchId <= *lastCommitted_) return Status::OK();  // Kafka has it already
    SPATE_RETURN_IF_ERROR(check(rd_kafka_begin_transaction(rk_), "begin a transaction"));
    Status st = produceAll(rows, c);
    if (st.ok()) st = commitTransaction(batchId);
    if (!st.ok()) {
      rd_kafka_error_t* abort = rd_kafka_abort_transaction(rk_, 60000);
      if (abort) rd_kafka_error_destroy(abort);
      return st;
    }
    lastCommitted_ = batchId;
    return Status::OK();
  }

 private:
  KafkaSink() = default;

  Status produceAll(const std::vector<BatchPtr>& rows, const RecordColumns& c) {
    for (const auto& batch : rows) {
      for (int64_t r = 0; r < batch->numRows(); ++r) SPATE_RETURN_IF_ERROR(produce(*batch, c, r));
    }
    return Status::OK();
  }

  Status deliveryFailures(int64_t batchId) {
    std::lock_guard<std::mutex> lock(mu_);
    if (failed_ == 0) return Status::OK();
    return Status::IOError("Kafka sink: {} record(s) of batch {} were not written to {}: {}", failed_, batchId,
                           bootstrap_, firstError_);
  }

  // The batch id goes into the transaction as the group's offset of <topic>-0.
  Status commitTransaction(int64_t batchId) {
    rd_kafka_topic_partition_list_t* offsets = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(offsets, topic_.c_str(), 0)->offset = batchId + 1;
    rd_kafka_consumer_group_metadata_t* group = rd_kafka_consumer_group_metadata_new(group_.c_str());
    Status st = check(rd_kafka_send_offsets_to_transaction(rk_, offsets, group, 60000), "commit the batch id");
    rd_kafka_consumer_group_metadata_destroy(group);
    rd_kafka_topic_partition_list_destroy(offsets);
    if (st.ok()) st = check(rd_kafka_commit_transaction(rk_, 120000), "commit the transaction");
    if (st.ok()) st = deliveryFailures(batchId);
    return st;
  }

  // The last batch id a previous run of the query committed to Kafka, if any.
  Status readCommittedBatch() {
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    for (const auto& [k, v] : params_) {
      // Connection and security settings only: the producer's own settings would be
      // refused or warned about by a consumer.
      std::string lower = toLower(k);
      if (lower == "bootstrap.servers" || lower.rfind("security.", 0) == 0 || lower.rfind("ssl.", 0) == 0 ||
          lower.rfind("sasl.", 0) == 0) {
        rd_kafka_conf_set(conf, k.c_str(), v.c_str(), err, sizeof err);
      }
    }
    rd_kafka_conf_set(conf, "group.id", group_.c_str(), err, sizeof err);
    rd_kafka_t* consumer = rd_kafka_new(RD_KAFKA_CONSUMER, conf, err, sizeof err);
    if (!consumer) {
      rd_kafka_conf_destroy(conf);
      return Status::IOError("Kafka sink: cannot read its committed batches: {}", err);
    }
    rd_kafka_topic_partition_list_t* parts = rd_kafka_topic_partition_list_new(1);
    rd_kafka_topic_partition_list_add(parts, topic_.c_str(), 0);
    rd_kafka_resp_err_t e = rd_kafka_committed(consumer, parts, 60000);
    int64_t offset = parts->elems[0].offset;
    rd_kafka_resp_err_t partErr = parts->elems[0].err;
    rd_kafka_topic_partition_list_destroy(parts);
    rd_kafka_destroy(consumer);
    if (e) return Status::IOError("Kafka sink: cannot read its committed batches from {}: {}", bootstrap_, rd_kafka_err2str(e));
    if (partErr && partErr != RD_KAFKA_RESP_ERR_UNKNOWN_TOPIC_OR_PART) {
      return Status::IOError("Kafka sink: cannot read its committed batches from {}: {}", bootstrap_,
                             rd_kafka_err2str(partErr));
    }
    if (offset > 0) lastCommitted_ = offset - 1;
    return Status::OK();
  }

  Status check(rd_kafka_error_t* error, const char* what) {
    if (!error) return Status::OK();
    std::string message = rd_kafka_error_string(error);
    bool fatal = rd_kafka_error_is_fatal(error);
    rd_kafka_error_destroy(error);
    return Status::IOError("Kafka sink: cannot {} on {}: {}{}", what, bootstrap_, message,
                           fatal ? " (fatal: another run of this query may have taken over)" : "");
  }

  Status produce(const Batch& batch, const RecordColumns& c, int64_t r) {
    const Column& value = *batch.column(static_cast<size_t>(c.value));
    std::string_view payload = value.isNull(r) ? std::string_view() : value.stringAt(r);
    std::string_view key;
    if (c.key >= 0 && !batch.column(static_cast<size_t>(c.key))->isNull(r)) {
      key = batch.column(static_cast<size_t>(c.key))->stringAt(r);
    }
    std::string topic = topic_;
    if (c.topic >= 0) {
      const Column& t = *batch.column(static_cast<size_t>(c.topic));
      if (t.isNull(r)) {
        if (topic.empty()) {
          return Status::ExecutionError("Kafka sink: null topic present in the data. Use the topic option for "
                                        "setting a default topic.");
        }
      } else {
        topic = std::string(t.stringAt(r));
      }
    }
    int32_t partition = RD_KAFKA_PARTITION_UA;
    if (c.partition >= 0 && !batch.column(static_cast<size_t>(c.partition))->isNull(r)) {
      partition = batch.column(static_cast<size_t>(c.partition))->valueAt<int32_t>(r);
    }
    for (;;) {
      // The headers are handed over with a record that is accepted; made anew per try.
      rd_kafka_headers_t* headers = c.headers >= 0 ? recordHeaders(*batch.column(static_cast<size_t>(c.headers)), r)
                                                   : nullptr;
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_VALUE(value.isNull(r) ? nullptr : const_cast<char*>(payload.data()), payload.size()),
          RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_HEADERS(headers), RD_KAFKA_V_END);
      if (err && headers) rd_kafka_headers_destroy(headers);
      if (err == RD_KAFKA_RESP_ERR__QUEUE_FULL) {
        rd_kafka_poll(rk_, 10);  // let deliveries make room
        continue;
      }
      if (err) return Status::IOError("Kafka sink: cannot write to {}: {}", topic, rd_kafka_err2str(err));
      break;
    }
    rd_kafka_poll(rk_, 0);
    return Status::OK();
  }

  // A row's headers column (array of key/value structs) as librdkafka headers; null for
  // a null or empty array.
  static rd_kafka_headers_t* recordHeaders(const Column& column, int64_t r) {
    if (column.isNull(r) || column.listBegin(r) == column.listEnd(r)) return nullptr;
    const Column& entry = *column.child(0);
    const Column& keys = *entry.child(0);
    const Column& values = *entry.child(1);
    rd_kafka_headers_t* headers = rd_kafka_headers_new(static_cast<size_t>(column.listEnd(r) - column.listBegin(r)));
    for (int32_t i = column.listBegin(r); i < column.listEnd(r); ++i) {
      if (entry.isNull(i) || keys.isNull(i)) continue;
      std::string_view k = keys.stringAt(i);
      if (values.isNull(i)) {
        rd_kafka_header_add(headers, k.data(), static_cast<ssize_t>(k.size()), nullptr, 0);
      } else {
        std::string_view v = values.stringAt(i);
        rd_kafka_header_add(headers, k.data(), static_cast<ssize_t>(k.size()), v.data(), static_cast<ssize_t>(v.size()));
      }
    }
    return headers;
  }

  static void delivered(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    if (!m->err) return;
    auto* self = static_cast<KafkaSink*>(opaque);
    std::lock_guard<std::mutex> lock(self->mu_);
    if (self->failed_++ == 0) self->firstError_ = rd_kafka_err2str(m->err);
  }

  std::string topic_;
  std::string bootstrap_;
  KafkaParams params_;  // kafka.* without the prefix
  bool exactlyOnce_ = false;
  std::string group_;                   // exactly-once: where the batch ids are committed
  std::optional<int64_t> lastCommitted_;
  rd_kafka_conf_t* conf_ = nullptr;     // until open() makes the producer
  rd_kafka_t* rk_ = nullptr;
  std::mutex mu_;
  int64_t failed_ = 0;
  std::string firstError_;
};

}  // namespace

Result<std::unique_ptr<streaming::Sink>> makeKafkaSink(const Options& options) {
  SPATE_ASSIGN_OR_RETURN(auto sink, KafkaSink::create(options));
  return std::unique_ptr<streaming::Sink>(std::move(sink));
}

}  // namespace spate::connectors
