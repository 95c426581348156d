#pragma once

// Writes one leaf column's chunk of a row group: the leaf's levels and values go into
// v1 data pages, each closed when it reaches the page size (or row limit) at a row
// boundary and compressed at once; the pages wait in memory until the row group is
// flushed, the dictionary page (when dictionary encoding was used) in front of them.
// Values are dictionary-encoded (RLE_DICTIONARY indices into a PLAIN dictionary page)
// until the dictionary passes its size limit; that page and the rest of the chunk are
// then PLAIN, as parquet-mr and pyarrow fall back. Booleans are always PLAIN.

#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "spate/columnar/column.h"
#include "spate/io/parquet_metadata.h"
#include "spate/io/parquet_write_schema.h"

namespace spate::parquet {

// Where a file's bytes go, in order.
using ByteSink = std::function<Status(std::string_view)>;

struct ColumnWriteOptions {
  Codec codec = Codec::kSnappy;
  int64_t pageBytes = 1 << 20;
  int64_t pageRows = 20000;
  bool dictionary = true;
  int64_t dictionaryPageBytes = 1 << 20;
};

class ColumnChunkWriter {
 public:
  virtual ~ColumnChunkWriter() = default;
  // Writes top-level rows [begin, end) of the leaf's top-level column.
  virtual Status write(const ColumnPtr& top, int64_t begin, int64_t end) = 0;
  // What the chunk would take if it were flushed now, for sizing row groups.
  virtual int64_t bufferedBytes() const = 0;
  // Gives the chunk's bytes to sink, the first of them at file offset `offset`, and
  // starts the next row group's chunk.
  virtual Result<ColumnChunk> flush(const ByteSink& sink, int64_t offset) = 0;
};

std::unique_ptr<ColumnChunkWriter> makeColumnChunkWriter(const LeafColumn& leaf, const ColumnWriteOptions& options);

}  // namespace spate::parquet
