#pragma once

// Writes batches as a Parquet file: one row group, flat columns, PLAIN values with
// RLE definition levels in v1 data pages, compressed by the chosen codec, and the
// footer. Types map as Spark writes them (INT32/INT64 decimals up to 18 digits, then
// fixed-length byte arrays; timestamps as UTC microseconds).

#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/io/parquet_metadata.h"

namespace spate::parquet {

struct WriteOptions {
  Codec codec = Codec::kSnappy;
  int64_t pageRows = 20000;  // rows per data page at most
  std::string createdBy = "spate";
};

// The Parquet schema (root first) of a flat spate schema; an error names a column of
// a type not written yet.
Result<std::vector<SchemaElement>> parquetSchemaOf(const Schema& schema);

Result<std::string> writeParquetFile(const std::vector<BatchPtr>& batches, const Schema& schema,
                                     const WriteOptions& options);

}  // namespace spate::parquet
