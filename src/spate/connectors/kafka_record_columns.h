#pragma once

// Kafka records as the source's columns (kafkaSchema), built in chunks of a bounded
// number of rows: the operators above then work on cache-sized batches, and no column
// is grown and copied to the size of a whole micro-batch.

#include <optional>
#include <string_view>

#include "spate/columnar/batch.h"
#include "spate/columnar/builder.h"

typedef struct rd_kafka_message_s rd_kafka_message_t;

namespace spate::connectors {

class KafkaRecordColumns {
 public:
  static constexpr int64_t kChunkRows = 64 * 1024;

  explicit KafkaRecordColumns(bool includeHeaders);

  void append(const rd_kafka_message_t& m, std::string_view topic);
  int64_t rows() const { return rows_; }
  bool full() const { return rows_ >= kChunkRows; }
  // The rows appended since the last finish(), as one batch; the builder starts over.
  BatchPtr finish();

 private:
  void start();

  SchemaPtr schema_;
  int64_t rows_ = 0;
  int64_t lastValueBytes_ = 0;
  std::optional<StringColumnBuilder> key_, value_, topic_;
  BufferPtr partition_, offset_, timestamp_, timestampType_;
  ValidityBuilder timestampValidity_;
  std::optional<ColumnBuilder> headers_;
};

}  // namespace spate::connectors
