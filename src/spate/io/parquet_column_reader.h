#pragma once

// Reads a flat Parquet column chunk (no repetition: a top-level column) into a spate
// Column: its dictionary and data pages (v1 and v2), decompressed, with definition
// levels for nulls and PLAIN or dictionary-encoded values.

#include <string_view>

#include "spate/columnar/column.h"
#include "spate/io/parquet_metadata.h"

namespace spate::parquet {

// The spate type of a leaf column, from its physical and logical (or legacy converted)
// type, as Spark reads it; an error names the column for what it cannot read.
Result<TypePtr> sparkTypeOf(const SchemaElement& element);

// file: the whole file's bytes; element: the column's schema leaf; maxDefinitionLevel:
// 0 for a required column, 1 for an optional top-level one.
Result<ColumnPtr> readFlatColumnChunk(std::string_view file, const ColumnMetaData& meta, const SchemaElement& element,
                                      int maxDefinitionLevel);

}  // namespace spate::parquet
