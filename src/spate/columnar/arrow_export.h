#pragma once

// Export through the Arrow C Data Interface and C Stream Interface
// (arrow.apache.org/docs/format/CDataInterface.html): a consumer such as pyarrow, polars
// or DuckDB reads spate's batches without a copy, since Column already has Arrow's
// layout. Only constant columns are expanded first.

#include <cstdint>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"

// The interface's structs, as its specification defines them (ABI-stable; guarded so a
// consumer's own definitions can coexist).
#ifndef ARROW_C_DATA_INTERFACE
#define ARROW_C_DATA_INTERFACE

#define ARROW_FLAG_DICTIONARY_ORDERED 1
#define ARROW_FLAG_NULLABLE 2
#define ARROW_FLAG_MAP_KEYS_SORTED 4

struct ArrowSchema {
  const char* format;
  const char* name;
  const char* metadata;
  int64_t flags;
  int64_t n_children;
  struct ArrowSchema** children;
  struct ArrowSchema* dictionary;
  void (*release)(struct ArrowSchema*);
  void* private_data;
};

struct ArrowArray {
  int64_t length;
  int64_t null_count;
  int64_t offset;
  int64_t n_buffers;
  int64_t n_children;
  const void** buffers;
  struct ArrowArray** children;
  struct ArrowArray* dictionary;
  void (*release)(struct ArrowArray*);
  void* private_data;
};

#endif  // ARROW_C_DATA_INTERFACE

#ifndef ARROW_C_STREAM_INTERFACE
#define ARROW_C_STREAM_INTERFACE

struct ArrowArrayStream {
  int (*get_schema)(struct ArrowArrayStream*, struct ArrowSchema* out);
  int (*get_next)(struct ArrowArrayStream*, struct ArrowArray* out);
  const char* (*get_last_error)(struct ArrowArrayStream*);
  void (*release)(struct ArrowArrayStream*);
  void* private_data;
};

#endif  // ARROW_C_STREAM_INTERFACE

namespace spate {

// A schema as an Arrow struct type ("+s") with one child per field. Timestamps are
// "tsu:UTC" (microseconds since the epoch, UTC), intervals "tDu", dates "tdD",
// decimals "d:p,s", maps "+m" with an "entries" struct of "key" and "value".
Status exportSchema(const Schema& schema, ArrowSchema* out);
// A batch as an Arrow struct array whose children are its columns; the columns'
// buffers stay alive until the consumer calls release.
Status exportBatch(const BatchPtr& batch, ArrowArray* out);
// A stream of the batches (all with `schema`), one record batch each.
Status exportBatchStream(SchemaPtr schema, std::vector<BatchPtr> batches, ArrowArrayStream* out);

}  // namespace spate
