#pragma once

// The Parquet schema spate writes for a spate schema, in the layout Spark (parquet-mr)
// writes: a struct is a group; an array is
//   <rep> group name (LIST) { repeated group list { <rep> T element; } }
// and a map
//   <rep> group name (MAP) { repeated group key_value { required K key; <rep> V value; } }
// where <rep> is OPTIONAL for a nullable field (or element, or value) and REQUIRED
// otherwise. Beside the elements, each leaf's way down from its top-level column, which
// the level shredder follows.

#include <cstdint>
#include <string>
#include <vector>

#include "spate/io/parquet_metadata.h"
#include "spate/types/schema.h"

namespace spate::parquet {

// One step from a column to the next one down the way to a leaf.
struct PathNode {
  enum class Kind { kPrimitive, kStruct, kList, kMap };
  Kind kind = Kind::kPrimitive;
  // kStruct: the field; kMap: 0 for the key, 1 for the value; kList: 0.
  int child = 0;
  bool optional = true;
  // kList, kMap: the repetition level of the entries below this node.
  int16_t repetitionLevel = 0;
};

struct LeafColumn {
  size_t topColumn = 0;         // the top-level field it belongs to
  std::vector<PathNode> path;   // from the top-level column down, the leaf's node last
  SchemaElement element;        // the leaf's own element (physical type, length)
  TypePtr type;                 // the spate type of the leaf's values
  std::vector<std::string> pathInSchema;
  int16_t maxDefinition = 0, maxRepetition = 0;
  std::string name() const;     // "a.list.element", for messages
};

struct WriteSchema {
  std::vector<SchemaElement> elements;  // depth-first, the root first
  std::vector<LeafColumn> leaves;       // in schema order
};

// An error names a column whose type Parquet cannot hold (null, interval, a struct of
// no fields).
Result<WriteSchema> parquetWriteSchema(const Schema& schema);

}  // namespace spate::parquet
