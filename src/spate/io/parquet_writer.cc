#include "spate/io/parquet_writer.h"

#include <algorithm>
#include <cstring>

#include "spate/io/parquet_compression.h"

namespace spate::parquet {

namespace {

// parquet-mr looks at the row group's size after 100 rows, then about halfway to the
// size limit at the rate seen so far, at least every 10000 rows.
constexpr int64_t kMinRowsPerCheck = 100;
constexpr int64_t kMaxRowsPerCheck = 10000;

Result<int64_t> positiveOption(const Options& options, std::string_view key, int64_t def) {
  SPATE_ASSIGN_OR_RETURN(int64_t v, options.getInt(key, def));
  if (v <= 0) return Status::Invalid("Option '{}' must be a positive number of bytes or rows, got {}", key, v);
  return v;
}

}  // namespace

Result<WriteOptions> parquetWriteOptions(const Options& options) {
  WriteOptions w;
  // As Spark: "compression" wins over "parquet.compression".
  std::string codec = options.has("compression") ? options.get("compression")
                                                 : options.get("parquet.compression", "snappy");
  SPATE_ASSIGN_OR_RETURN(w.codec, codecByName(codec));
  SPATE_ASSIGN_OR_RETURN(w.rowGroupBytes, positiveOption(options, "parquet.block.size", w.rowGroupBytes));
  SPATE_ASSIGN_OR_RETURN(w.pageBytes, positiveOption(options, "parquet.page.size", w.pageBytes));
  SPATE_ASSIGN_OR_RETURN(w.pageRows, positiveOption(options, "parquet.page.row.count.limit", w.pageRows));
  SPATE_ASSIGN_OR_RETURN(w.dictionary, options.getBool("parquet.enable.dictionary", w.dictionary));
  SPATE_ASSIGN_OR_RETURN(w.dictionaryPageBytes,
                         positiveOption(options, "parquet.dictionary.page.size", w.dictionaryPageBytes));
  if (w.pageBytes > INT32_MAX || w.dictionaryPageBytes > INT32_MAX) {
    return Status::Invalid("Option '{}' must be below 2 GiB (a Parquet page's size is a 32-bit number)",
                           w.pageBytes > INT32_MAX ? "parquet.page.size" : "parquet.dictionary.page.size");
  }
  return w;
}

ParquetWriter::ParquetWriter(WriteSchema schema, const WriteOptions& options, ByteSink sink)
    : schema_(std::move(schema)), options_(options), sink_(std::move(sink)) {
  if (!sink_) {
    sink_ = [this](std::string_view bytes) {
      output_.append(bytes);
      return Status::OK();
    };
  }
  ColumnWriteOptions c;
  c.codec = options.codec;
  c.pageBytes = options.pageBytes;
  c.pageRows = options.pageRows;
  c.dictionary = options.dictionary;
  c.dictionaryPageBytes = options.dictionaryPageBytes;
  for (const LeafColumn& leaf : schema_.leaves) columns_.push_back(makeColumnChunkWriter(leaf, c));
  footer_.schema = schema_.elements;
  footer_.createdBy = options.createdBy;
  footer_.columnOrders.assign(schema_.leaves.size(), ColumnOrder::kTypeDefined);
}

Result<std::unique_ptr<ParquetWriter>> ParquetWriter::open(const Schema& schema, const WriteOptions& options,
                                                           ByteSink sink) {
  SPATE_ASSIGN_OR_RETURN(WriteSchema s, parquetWriteSchema(schema));
  std::unique_ptr<ParquetWriter> writer(new ParquetWriter(std::move(s), options, std::move(sink)));
  SPATE_RETURN_IF_ERROR(writer->emit("PAR1"));
  return writer;
}

Status ParquetWriter::emit(std::string_view bytes) {
  position_ += static_cast<int64_t>(bytes.size());
  return sink_(bytes);
}

int64_t ParquetWriter::bufferedBytes() const {
  int64_t total = 0;
  for (const auto& c : columns_) total += c->bufferedBytes();
  return total;
}

Status ParquetWriter::write(const Batch& batch) {
  if (batch.numColumns() != static_cast<size_t>(footer_.schema[0].numChildren.value_or(0))) {
    return Status::Internal("Parquet writer: a batch of {} columns for a schema of {}", batch.numColumns(),
                            footer_.schema[0].numChildren.value_or(0));
  }
  const int64_t n = batch.numRows();
  for (int64_t at = 0; at < n;) {
    const int64_t rows = std::min(n - at, rowsToCheck_);
    for (size_t i = 0; i < columns_.size(); ++i) {
      SPATE_RETURN_IF_ERROR(columns_[i]->write(batch.column(schema_.leaves[i].topColumn), at, at + rows));
    }
    at += rows;
    groupRows_ += rows;
    const int64_t buffered = bufferedBytes();
    if (buffered >= options_.rowGroupBytes) {
      SPATE_RETURN_IF_ERROR(flushRowGroup());
      rowsToCheck_ = kMinRowsPerCheck;
    } else {
      const int64_t perRow = std::max<int64_t>(1, buffered / groupRows_);
      rowsToCheck_ = std::clamp((options_.rowGroupBytes - buffered) / perRow / 2, kMinRowsPerCheck, kMaxRowsPerCheck);
    }
  }
  return Status::OK();
}

Status ParquetWriter::flushRowGroup() {
  if (groupRows_ == 0) return Status::OK();
  RowGroup group;
  group.numRows = groupRows_;
  const int64_t start = position_;
  group.fileOffset = start;
  const ByteSink emitter = [this](std::string_view bytes) { return emit(bytes); };
  for (auto& c : columns_) {
    SPATE_ASSIGN_OR_RETURN(ColumnChunk chunk, c->flush(emitter, position_));
    if (chunk.metaData) group.totalByteSize += chunk.metaData->totalUncompressedSize;
    group.columns.push_back(std::move(chunk));
  }
  group.totalCompressedSize = position_ - start;
  if (footer_.rowGroups.size() <= static_cast<size_t>(INT16_MAX)) {
    group.ordinal = static_cast<int16_t>(footer_.rowGroups.size());
  }
  footer_.numRows += groupRows_;
  footer_.rowGroups.push_back(std::move(group));
  groupRows_ = 0;
  return Status::OK();
}

Status ParquetWriter::finish() {
  SPATE_RETURN_IF_ERROR(flushRowGroup());
  std::string footer = writeFileMetaData(footer_);
  auto length = static_cast<uint32_t>(footer.size());
  footer.append(reinterpret_cast<const char*>(&length), 4);
  footer += "PAR1";
  return emit(footer);
}

std::string ParquetWriter::takeOutput() {
  std::string out = std::move(output_);
  output_.clear();
  return out;
}

Result<std::string> writeParquetFile(const std::vector<BatchPtr>& batches, const Schema& schema,
                                     const WriteOptions& options) {
  SPATE_ASSIGN_OR_RETURN(std::unique_ptr<ParquetWriter> writer, ParquetWriter::open(schema, options));
  for (const auto& batch : batches) SPATE_RETURN_IF_ERROR(writer->write(*batch));
  SPATE_RETURN_IF_ERROR(writer->finish());
  return writer->takeOutput();
}

}  // namespace spate::parquet
