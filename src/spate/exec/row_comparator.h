#pragma once

#include <vector>

#include "spate/columnar/column.h"

namespace spate::exec {

// Compares rows of a set of key columns with per-key direction and null placement, as
// ORDER BY does: nulls first or last, NaN above every number, strings by bytes.
class RowComparator {
 public:
  struct Key {
    ColumnPtr column;
    bool ascending = true;
    bool nullsFirst = true;
  };
  explicit RowComparator(std::vector<Key> keys);
  // <0, 0, >0 as row a sorts before, with, or after row b.
  int compare(int64_t a, int64_t b) const;
  bool less(int64_t a, int64_t b) const { return compare(a, b) < 0; }

 private:
  std::vector<Key> keys_;
};

// Three-way comparison of two values of one column (no nulls).
int compareColumnValues(const Column& c, int64_t a, int64_t b);

}  // namespace spate::exec
