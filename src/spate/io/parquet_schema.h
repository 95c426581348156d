#pragma once

// A Parquet file's schema seen as Spark sees it: each top-level field a tree of
// struct, list, map and leaf nodes with the definition and repetition levels that
// mark where its values are null, empty or present. Lists and maps follow the
// LogicalTypes spec, including its backward-compatibility rules for two-level lists
// and bare repeated fields (read as arrays of non-null elements, as Spark does).

#include <cstdint>
#include <vector>

#include "spate/io/parquet_metadata.h"
#include "spate/types/data_type.h"

namespace spate::parquet {

struct SchemaNode {
  enum class Kind { kLeaf, kStruct, kList, kMap };
  Kind kind = Kind::kLeaf;
  std::string name;
  TypePtr type;
  bool nullable = true;
  // The definition level at or above which this node's value is not null (equal to its
  // parent's when it is required).
  int16_t definition = 0;
  // Lists and maps: the level at or above which an element exists, and the repetition
  // level of their repeated group.
  int16_t elementDefinition = 0;
  int16_t repetition = 0;
  // Leaves: the column chunk index (depth-first leaf order) and the leaf's element.
  int leaf = -1;
  size_t element = 0;
  int16_t maxDefinition = 0, maxRepetition = 0;
  // Struct fields; a list's element; a map's key and value.
  std::vector<SchemaNode> children;

  // Every leaf under this node (itself for a leaf), in column order.
  std::vector<int> leaves;

  // The first leaf under this node (its levels give the node's own).
  int firstLeaf() const { return leaves.front(); }
};

// The top-level fields of a file's schema (schema[0] is its root). Errors say which
// field is malformed; the caller names the file.
Result<std::vector<SchemaNode>> sparkFieldsOf(const std::vector<SchemaElement>& schema);

}  // namespace spate::parquet
