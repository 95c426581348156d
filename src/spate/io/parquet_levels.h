#pragma once

// Shredding a column into one leaf's definition and repetition levels (Dremel's
// encoding, as Parquet stores nested data), and which of the leaf column's rows hold
// the values. A flat column takes a fast path: its levels come from the validity
// bitmap and its values are a contiguous range when it has no nulls.

#include <cstdint>
#include <vector>

#include "spate/columnar/column.h"
#include "spate/io/parquet_write_schema.h"

namespace spate::parquet {

// The rows of the leaf column whose values a slice writes, in order.
struct ValueSelection {
  bool contiguous = true;
  int64_t first = 0, count = 0;  // when contiguous
  std::vector<int64_t> rows;     // otherwise
  int64_t size() const { return contiguous ? count : static_cast<int64_t>(rows.size()); }
  int64_t row(int64_t k) const { return contiguous ? first + k : rows[static_cast<size_t>(k)]; }
};

class LevelShredder {
 public:
  explicit LevelShredder(const LeafColumn& leaf) : leaf_(leaf) {}

  // Takes a top-level column of a new batch: the columns down the leaf's path.
  void reset(const ColumnPtr& top);
  // Appends the levels of top-level rows [begin, end) (definitions only when the
  // leaf's maximum is above 0, repetitions likewise) and selects their values. A null
  // where the schema says REQUIRED is an error naming the column.
  Status shred(int64_t begin, int64_t end, std::vector<uint16_t>& definitions, std::vector<uint16_t>& repetitions,
               ValueSelection& values);
  const Column& leafColumn() const { return *columns_.back(); }

 private:
  Status shredFlat(int64_t begin, int64_t end, std::vector<uint16_t>& definitions, ValueSelection& values);
  // Row i of the column at depth k, reached with definition level def; rep is the
  // repetition level of its first entry.
  Status walk(size_t k, int64_t i, uint16_t def, uint16_t rep);
  Status requiredNull() const;

  const LeafColumn& leaf_;
  std::vector<ColumnPtr> columns_;  // one per path node
  // The outputs of the current shred() call, for walk().
  std::vector<uint16_t>* definitions_ = nullptr;
  std::vector<uint16_t>* repetitions_ = nullptr;
  ValueSelection* values_ = nullptr;
};

}  // namespace spate::parquet
