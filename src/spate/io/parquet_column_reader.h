#pragma once

// Reads one leaf column chunk of a Parquet row group: its dictionary and data pages
// (v1 and v2), decompressed; repetition and definition levels; values in any of the
// encodings the format defines (PLAIN, dictionary, DELTA_*, BYTE_STREAM_SPLIT),
// converted to the spate type once per page, not per value.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/column.h"
#include "spate/io/parquet_metadata.h"

namespace spate::parquet {

// The spate type of a leaf column, from its physical and logical (or legacy converted)
// type, as Spark reads it; an error names the column for what it cannot read.
Result<TypePtr> sparkTypeOf(const SchemaElement& element);

// A decoded leaf column chunk.
struct LeafChunk {
  ColumnPtr values;                    // the values present (definition == max), in order, none null
  std::vector<int16_t> definitions;    // one per entry; empty when the leaf's max level is 0
  std::vector<int16_t> repetitions;    // likewise
  int64_t entries = 0;                 // the chunk's num_values
};

// Where a column chunk's pages lie in a file of fileSize bytes: its offset and length.
Result<std::pair<uint64_t, uint64_t>> chunkRange(const ColumnMetaData& meta, uint64_t fileSize);

// A column chunk read a window of rows at a time, so a row group is handed out in
// batches without being decoded whole first.
class LeafCursor {
 public:
  // chunk: the bytes chunkRange names; element: the leaf's schema element; type: its
  // spate type (sparkTypeOf). meta and element must outlive the cursor.
  LeafCursor(std::string chunk, const ColumnMetaData& meta, const SchemaElement& element, TypePtr type,
             int maxDefinitionLevel, int maxRepetitionLevel);
  ~LeafCursor();
  LeafCursor(LeafCursor&&) noexcept;
  LeafCursor& operator=(LeafCursor&&) noexcept;

  // The entries of the next `rows` rows (fewer at the chunk's end). Errors name the
  // column.
  Result<LeafChunk> next(int64_t rows);
  // Whether every entry of the chunk has been handed out.
  bool done() const;

 private:
  struct State;
  std::unique_ptr<State> state_;
};

// The whole chunk at once (see LeafCursor).
Result<LeafChunk> readLeafChunk(std::string_view chunk, const ColumnMetaData& meta, const SchemaElement& element,
                                const TypePtr& type, int maxDefinitionLevel, int maxRepetitionLevel);

// A leaf chunk without repetition as a column of one row per entry: null where the
// definition level is below the max.
ColumnPtr spreadFlat(const LeafChunk& chunk, int maxDefinitionLevel);

// A top-level leaf (maxDefinitionLevel 0 for a required column, 1 for an optional
// one) of a whole file's bytes read as a column.
Result<ColumnPtr> readFlatColumnChunk(std::string_view file, const ColumnMetaData& meta, const SchemaElement& element,
                                      int maxDefinitionLevel);

}  // namespace spate::parquet
