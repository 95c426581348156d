#pragma once

// Rebuilds nested columns (structs, arrays, maps) from their leaves' repetition and
// definition levels, as Dremel's record assembly does, a level at a time over whole
// chunks: each node finds its instances among a leaf's level entries, a list the
// entries where its elements start.

#include <vector>

#include "spate/io/parquet_column_reader.h"
#include "spate/io/parquet_schema.h"

namespace spate::parquet {

// The column of a top-level field of `rows` rows; leaves[i] is leaf i's chunk (only
// the field's own leaves are read). Errors say where levels and values disagree.
Result<ColumnPtr> assembleField(const SchemaNode& field, const std::vector<const LeafChunk*>& leaves, int64_t rows);

}  // namespace spate::parquet
