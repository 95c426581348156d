#pragma once

// Private to the JSON reader: records a pushed filter rejects by their first key alone,
// before they are parsed. Spark's JSON filter pushdown (spark.sql.json.filterPushdown)
// stops reading a record as soon as a filter on the fields read so far fails, so the
// same rows go, and what follows such a key is never parsed (a malformed rest, or a
// repeated key, cannot bring the row back). Here that decision is made on the raw text
// when a compact record's first key is a filtered column, as in files whose writer puts
// the type of the record first.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/expr/scan_request.h"

namespace spate {

class JsonFirstKeyFilter {
 public:
  // From the conjuncts `column = literal` and `column IN (literals)` of the filter on
  // integral or string columns of schema (the file's columns; corruptIndex, the
  // corrupt-record column, is not a key); nothing when there are none.
  static std::optional<JsonFirstKeyFilter> make(const ScanFilter& filter, const Schema& schema, int corruptIndex);

  // Whether the record's first key is a filtered column and its value (well-formed, of
  // the column's type) fails the filter, or is null. False when undecided.
  bool rejects(std::string_view record) const;

 private:
  struct Conjunct {
    std::string prefix;  // {"key": as a compact record starts (other spellings are parsed)
    TypeId type;
    std::vector<int64_t> ints;  // the values an integral column may hold
    std::vector<std::string> strings;  // ... a string column
  };
  void collect(const BoundExpr& e, const ScanFilter& filter, const Schema& schema, int corruptIndex);

  std::vector<Conjunct> conjuncts_;
};

}  // namespace spate
