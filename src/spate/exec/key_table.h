#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/columnar/column.h"

namespace spate::exec {

// Maps the distinct values of a (multi-column) key to dense ids 0, 1, 2, ...: the hash
// table under grouping, distinct and hash joins. A single integral key (int, bigint,
// date, timestamp...) uses an open-addressing table of int64 with prefetching; any
// other key is encoded into bytes per row and hashed.
class KeyTable {
 public:
  static constexpr uint32_t kMissing = UINT32_MAX;

  // nullsMatch: whether a null key is a key like any other (grouping: yes; join: no,
  // such rows get kMissing).
  KeyTable(std::vector<TypePtr> keyTypes, bool nullsMatch);
  ~KeyTable();

  // Ids for n rows of key columns, adding keys not seen before.
  void insert(const std::vector<ColumnPtr>& keys, int64_t n, uint32_t* ids);
  // Ids without adding: kMissing where the key is absent.
  void find(const std::vector<ColumnPtr>& keys, int64_t n, uint32_t* ids) const;

  int64_t size() const { return numKeys_; }
  // The distinct keys in id order, one column per key column.
  std::vector<ColumnPtr> keyColumns();
  int64_t memoryBytes() const;

 private:
  class IntTable;
  class BytesTable;

  std::vector<TypePtr> types_;
  bool nullsMatch_;
  int64_t numKeys_ = 0;
  std::unique_ptr<IntTable> ints_;
  std::unique_ptr<BytesTable> bytes_;
  std::vector<ColumnBuilder> keyBuilders_;  // generic path: the first occurrence of each key
};

}  // namespace spate::exec
