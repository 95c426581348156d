#include "spate/connectors/kafka_record_columns.h"

#include <librdkafka/rdkafka.h>

#include "spate/connectors/kafka_reader.h"

namespace spate::connectors {

KafkaRecordColumns::KafkaRecordColumns(bool includeHeaders) : schema_(kafkaSchema(includeHeaders)) { start(); }

void KafkaRecordColumns::start() {
  rows_ = 0;
  // Keys are often absent; values are sized by the last chunk's.
  key_.emplace(DataType::binary(), kChunkRows, 0);
  value_.emplace(DataType::binary(), kChunkRows, lastValueBytes_);
  topic_.emplace(DataType::string(), kChunkRows, 0);
  partition_ = allocateBuffer(0);
  partition_->reserve(kChunkRows * 4);
  offset_ = allocateBuffer(0);
  offset_->reserve(kChunkRows * 8);
  timestamp_ = allocateBuffer(0);
  timestamp_->reserve(kChunkRows * 8);
  timestampType_ = allocateBuffer(0);
  timestampType_->reserve(kChunkRows * 4);
  timestampValidity_ = ValidityBuilder();
  if (schema_->size() > 7) headers_.emplace(schema_->field(7).type);
}

void KafkaRecordColumns::append(const rd_kafka_message_t& m, std::string_view topic) {
  if (m.key) {
    key_->append({static_cast<const char*>(m.key), m.key_len});
  } else {
    key_->appendNull();
  }
  if (m.payload) {
    value_->append({static_cast<const char*>(m.payload), m.len});
  } else {
    value_->appendNull();
  }
  topic_->append(topic);
  int32_t partition = m.partition;
  partition_->append(&partition, 4);
  int64_t offset = m.offset;
  offset_->append(&offset, 8);
  rd_kafka_timestamp_type_t type = RD_KAFKA_TIMESTAMP_NOT_AVAILABLE;
  int64_t micros = rd_kafka_message_timestamp(&m, &type) * 1000;
  if (type == RD_KAFKA_TIMESTAMP_NOT_AVAILABLE) {
    micros = 0;
    timestampValidity_.appendNull(rows_);
  } else {
    timestampValidity_.appendValid(rows_);
  }
  timestamp_->append(&micros, 8);
  int32_t logAppendTime = type == RD_KAFKA_TIMESTAMP_LOG_APPEND_TIME ? 1 : 0;
  timestampType_->append(&logAppendTime, 4);
  ++rows_;
  if (!headers_) return;
  rd_kafka_headers_t* headers = nullptr;
  if (rd_kafka_message_headers(&m, &headers) != RD_KAFKA_RESP_ERR_NO_ERROR) {
    headers_->appendNull();
    return;
  }
  ColumnBuilder& header = headers_->child(0);
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
  headers_->closeList();
}

BatchPtr KafkaRecordColumns::finish() {
  auto fixed = [&](int i, BufferPtr validity, BufferPtr values) {
    return std::make_shared<Column>(schema_->field(i).type, rows_, std::move(validity), std::move(values), nullptr,
                                    std::vector<ColumnPtr>{});
  };
  std::vector<ColumnPtr> columns{key_->finish(),
                                 value_->finish(),
                                 topic_->finish(),
                                 fixed(3, nullptr, partition_),
                                 fixed(4, nullptr, offset_),
                                 fixed(5, timestampValidity_.finish(rows_), timestamp_),
                                 fixed(6, nullptr, timestampType_)};
  if (headers_) columns.push_back(headers_->finish());
  auto batch = std::make_shared<const Batch>(schema_, std::move(columns), rows_);
  lastValueBytes_ = batch->column(1)->dataBuffer() ? batch->column(1)->dataBuffer()->size() : 0;
  start();
  return batch;
}

}  // namespace spate::connectors
