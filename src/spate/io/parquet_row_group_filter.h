#pragma once

// Row-group skipping: a row group whose column statistics (min, max, null count) show
// that no row can pass the query's filter is not read at all. Only conjuncts of the
// forms `column <op> literal` (=, <=>, <, <=, >, >=), `column IN (literals)`,
// `column IS [NOT] NULL` over flat columns are used; anything else keeps the group.

#include <vector>

#include "spate/expr/scan_request.h"
#include "spate/io/parquet_metadata.h"
#include "spate/io/parquet_schema.h"

namespace spate::parquet {

class RowGroupFilter {
 public:
  // filter: the scan's (may be absent); fields[i]: the file's field read for the scan's
  // column i, or null when the file lacks it.
  RowGroupFilter(const std::optional<ScanFilter>& filter, const std::vector<const SchemaNode*>& fields,
                 const std::vector<SchemaElement>& schema);

  // False only when the group's statistics prove that no row passes the filter.
  bool mayMatch(const RowGroup& group) const;

 private:
  enum class Op { kEq, kLt, kLe, kGt, kGe, kIn, kIsNull, kIsNotNull };
  struct Conjunct {
    const SchemaNode* leaf;
    Op op;
    std::vector<Value> values;  // literals of the column's type
  };

  void collect(const BoundExpr& e, const ScanFilter& filter, const std::vector<const SchemaNode*>& fields);
  bool mayMatch(const Conjunct& c, const RowGroup& group) const;

  const std::vector<SchemaElement>& schema_;
  std::vector<Conjunct> conjuncts_;
};

}  // namespace spate::parquet
