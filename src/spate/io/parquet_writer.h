#pragma once

// Writes batches as a Parquet file, as Spark (parquet-mr) lays it out: every engine
// type, nested structs, arrays and maps with repetition and definition levels, v1 data
// pages of dictionary-encoded or PLAIN values, min/max statistics with null counts,
// and row groups cut by size. Batches are encoded as they come; a row group is held in
// memory (its compressed pages) until it is complete.

#include <memory>
#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/io/options.h"
#include "spate/io/parquet_column_writer.h"
#include "spate/io/parquet_metadata.h"
#include "spate/io/parquet_write_schema.h"

namespace spate::parquet {

struct WriteOptions {
  Codec codec = Codec::kSnappy;
  int64_t rowGroupBytes = int64_t{128} << 20;  // parquet.block.size
  int64_t pageBytes = 1 << 20;                 // parquet.page.size
  int64_t pageRows = 20000;                    // parquet.page.row.count.limit
  bool dictionary = true;                      // parquet.enable.dictionary
  int64_t dictionaryPageBytes = 1 << 20;       // parquet.dictionary.page.size
  // parquet-mr trusts the byte-array statistics of a writer whose created_by it can
  // parse ("<application> version <version>").
  std::string createdBy = "spate version " SPATE_VERSION;
};

// The write options from a writer's options, with parquet-mr's names: compression (or
// Spark's alias parquet.compression), parquet.block.size, parquet.page.size,
// parquet.page.row.count.limit, parquet.enable.dictionary, parquet.dictionary.page.size.
// A bad value is an error naming the option.
Result<WriteOptions> parquetWriteOptions(const Options& options);

class ParquetWriter {
 public:
  // The file's bytes go to sink as they are made (a row group's when it is complete);
  // without one they wait for takeOutput(). An error names a column of a type Parquet
  // cannot hold.
  static Result<std::unique_ptr<ParquetWriter>> open(const Schema& schema, const WriteOptions& options,
                                                     ByteSink sink = nullptr);

  // Batches of the writer's schema.
  Status write(const Batch& batch);
  // Closes the last row group and appends the footer.
  Status finish();
  // Without a sink: the file's bytes made since the last call.
  std::string takeOutput();

  int64_t rowGroups() const { return static_cast<int64_t>(footer_.rowGroups.size()); }

 private:
  ParquetWriter(WriteSchema schema, const WriteOptions& options, ByteSink sink);
  Status emit(std::string_view bytes);
  Status flushRowGroup();
  int64_t bufferedBytes() const;

  WriteSchema schema_;
  WriteOptions options_;
  std::vector<std::unique_ptr<ColumnChunkWriter>> columns_;  // one per leaf
  FileMetaData footer_;
  ByteSink sink_;
  std::string output_;         // what takeOutput() takes, without a sink
  int64_t position_ = 0;       // bytes of the file made so far
  int64_t groupRows_ = 0;      // rows in the open row group
  int64_t rowsToCheck_ = 100;  // rows to write before looking at the row group's size again
};

// The whole file at once (tests, small outputs).
Result<std::string> writeParquetFile(const std::vector<BatchPtr>& batches, const Schema& schema,
                                     const WriteOptions& options);

}  // namespace spate::parquet
