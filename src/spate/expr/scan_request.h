#pragma once

// What a query asks of the table it scans, for sources that can read less than all of
// it (Parquet reads only the columns asked for and skips row groups whose statistics
// rule the filter out; a partitioned folder skips the partitions it rules out). A
// source may ignore a request: the filter still runs above the scan, so a request only
// ever saves work and never changes a result.

#include <optional>
#include <utility>
#include <vector>

#include "spate/expr/bound_expr.h"

namespace spate {

// A filter as the scan below it sees it: the predicate is bound over the filter's input
// (input), whose column i is the scan's column scanColumn[i], or -1 when that column is
// computed above the scan (the filter reaches the scan through projections).
struct ScanFilter {
  BoundExprPtr predicate;
  SchemaPtr input;
  std::vector<int> scanColumn;

  // The scan column an input column is, or -1.
  int scanColumnOf(int inputColumn) const {
    return inputColumn >= 0 && static_cast<size_t>(inputColumn) < scanColumn.size()
               ? scanColumn[static_cast<size_t>(inputColumn)]
               : -1;
  }
};

// How much of one column a query reads: none of it, all of it, or (a struct) some of its
// fields, each again none, all or some. What is not read may come back as nulls.
struct ColumnUse {
  bool read = false;
  // When read: empty for all of it, else one entry per field of the struct.
  std::vector<ColumnUse> fields;

  static ColumnUse all() { return ColumnUse{true, {}}; }
  bool whole() const { return read && fields.empty(); }
  // Whether field i of a struct read at least in part is read.
  bool readsField(size_t i) const { return fields.empty() || fields[i].read; }
  void readAll() {
    read = true;
    fields.clear();
  }
  // Reads the field at the end of a path of (field index, fields in that struct) steps.
  void readPath(const std::pair<int, int>* path, size_t n) {
    if (whole()) return;
    if (n == 0) return readAll();
    if (!read) {
      read = true;
      fields.assign(static_cast<size_t>(path->second), ColumnUse{});
    }
    fields[static_cast<size_t>(path->first)].readPath(path + 1, n - 1);
  }
};

struct ScanRequest {
  // columns[i]: how much the query reads of column i of the scan's output; empty means
  // all of every column.
  std::vector<ColumnUse> columns;
  // The nearest filter above the scan, when only projections lie between them.
  std::optional<ScanFilter> filter;
  // For evaluating parts of the filter (a query's current_timestamp()); may be null.
  EvalContext* eval = nullptr;

  bool reads(size_t column) const { return columns.empty() || columns[column].read; }
};

}  // namespace spate
