// The "kafka" sink (Spark's KafkaSink / KafkaWriter) over a librdkafka producer: each
// row becomes a record of its `value` (required), `key`, `topic` (or the `topic`
// option) and `partition` columns. At-least-once, as Spark's: a batch re-run after a
// crash writes its records again. A batch succeeds only when every record of it was
// acknowledged by the broker (the producer is flushed and each delivery checked).

#include <librdkafka/rdkafka.h>

#include <atomic>
#include <mutex>

#include "spate/common/strings.h"
#include "spate/connectors/stream_sinks.h"

namespace spate::connectors {

namespace {

// Which columns of the batch the records come from (-1: absent).
struct RecordColumns {
  int value = -1;
  int key = -1;
  int topic = -1;
  int partition = -1;
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
  return c;
}

class KafkaSink final : public streaming::Sink {
 public:
  static Result<std::unique_ptr<KafkaSink>> create(const Options& options) {
    auto sink = std::unique_ptr<KafkaSink>(new KafkaSink());
    sink->topic_ = options.get("topic");
    rd_kafka_conf_t* conf = rd_kafka_conf_new();
    char err[512];
    for (const auto& [key, value] : options.entries()) {
      if (toLower(key).rfind("kafka.", 0) != 0) continue;
      std::string param = key.substr(6);
      std::string lower = toLower(param);
      if (lower == "key.serializer" || lower == "value.serializer") {
        rd_kafka_conf_destroy(conf);
        return Status::Invalid("Kafka option '{}' is not supported as keys and values are written as byte arrays. "
                               "Use DataFrame operations (CAST(... AS STRING), to_json) to encode them.",
                               param);
      }
      if (rd_kafka_conf_set(conf, param.c_str(), value.c_str(), err, sizeof err) != RD_KAFKA_CONF_OK) {
        rd_kafka_conf_destroy(conf);
        return Status::Invalid("Kafka option '{}': {}", key, err);
      }
      if (lower == "bootstrap.servers") sink->bootstrap_ = value;
    }
    if (sink->bootstrap_.empty()) {
      rd_kafka_conf_destroy(conf);
      return Status::Invalid("Option 'kafka.bootstrap.servers' must be specified for configuring Kafka producer");
    }
    rd_kafka_conf_set_opaque(conf, sink.get());
    rd_kafka_conf_set_dr_msg_cb(conf, &KafkaSink::delivered);
    // rd_kafka_new owns conf once it succeeds; on failure it is still ours to free.
    sink->rk_ = rd_kafka_new(RD_KAFKA_PRODUCER, conf, err, sizeof err);
    if (!sink->rk_) {
      rd_kafka_conf_destroy(conf);
      return Status::Invalid("Cannot create a Kafka producer: {}", err);
    }
    return sink;
  }

  ~KafkaSink() override {
    if (rk_) {
      rd_kafka_flush(rk_, 10000);
      rd_kafka_destroy(rk_);
    }
  }

  std::string describe() const override { return topic_.empty() ? "KafkaSink" : "KafkaSink[" + topic_ + "]"; }

  Status addBatch(int64_t batchId, const SchemaPtr& schema, const std::vector<BatchPtr>& rows,
                  OutputMode mode) override {
    SPATE_ASSIGN_OR_RETURN(RecordColumns c, recordColumns(*schema, !topic_.empty()));
    {
      std::lock_guard<std::mutex> lock(mu_);
      failed_ = 0;
      firstError_.clear();
    }
    for (const auto& batch : rows) {
      for (int64_t r = 0; r < batch->numRows(); ++r) SPATE_RETURN_IF_ERROR(produce(*batch, c, r));
    }
    // Every record acknowledged (or failed) before the batch counts as written.
    rd_kafka_resp_err_t err = rd_kafka_flush(rk_, 120000);
    if (err) return Status::IOError("Kafka sink: records not delivered to {} in time: {}", bootstrap_, rd_kafka_err2str(err));
    std::lock_guard<std::mutex> lock(mu_);
    if (failed_ > 0) {
      return Status::IOError("Kafka sink: {} record(s) of batch {} were not written to {}: {}", failed_, batchId,
                             bootstrap_, firstError_);
    }
    return Status::OK();
  }

 private:
  KafkaSink() = default;

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
      rd_kafka_resp_err_t err = rd_kafka_producev(
          rk_, RD_KAFKA_V_TOPIC(topic.c_str()), RD_KAFKA_V_PARTITION(partition),
          RD_KAFKA_V_MSGFLAGS(RD_KAFKA_MSG_F_COPY),
          RD_KAFKA_V_VALUE(value.isNull(r) ? nullptr : const_cast<char*>(payload.data()), payload.size()),
          RD_KAFKA_V_KEY(key.data(), key.size()), RD_KAFKA_V_END);
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

  static void delivered(rd_kafka_t*, const rd_kafka_message_t* m, void* opaque) {
    if (!m->err) return;
    auto* self = static_cast<KafkaSink*>(opaque);
    std::lock_guard<std::mutex> lock(self->mu_);
    if (self->failed_++ == 0) self->firstError_ = rd_kafka_err2str(m->err);
  }

  std::string topic_;
  std::string bootstrap_;
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
