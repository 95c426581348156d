#pragma once

// Parsed JSON (simdjson DOM) to columns of a declared type, as Spark's JacksonParser
// converts: from_json and the JSON-lines file reader share it.
//
// Conversion rules (Spark's): integers only from JSON integers (in range), float and
// double from any number or the strings "NaN", "Infinity", "-Infinity", "+INF",
// "-INF"; decimals from numbers or numeric strings (HALF_UP to the scale); strings from
// JSON strings, other JSON values give their JSON text; booleans from true/false;
// dates and timestamps from strings with the cast rules, timestamps also from integer
// seconds; binary from base64 strings; arrays, maps (string keys) and structs from
// arrays and objects. Struct fields match JSON keys case-sensitively; missing keys are
// null; a repeated key keeps its last value. JSON null is null for any type.
//
// A value that does not fit its type becomes null and append() reports false, while
// everything else of the record is kept (Spark's partial results), so a reader can
// apply PERMISSIVE (keep the row), DROPMALFORMED (drop it) or FAILFAST (fail).

#include <memory>
#include <string>
#include <vector>

#include "spate/expr/json_simdjson.h"

#include "spate/columnar/builder.h"
#include "spate/common/status.h"

namespace spate {

class JsonConverter {
 public:
  explicit JsonConverter(const TypePtr& type);
  ~JsonConverter();
  JsonConverter(JsonConverter&&) noexcept;
  JsonConverter& operator=(JsonConverter&&) noexcept;

  // OK when every type inside `type` can be read from JSON (map keys must be strings).
  static Status checkType(const DataType& type);

  const TypePtr& type() const;
  // Appends exactly one value of type() to `out` (a builder of that type). False when
  // some part did not match its declared type; that part is null.
  bool append(simdjson::dom::element value, ColumnBuilder& out);
  // For a struct type: appends the fields of a JSON object to one builder per field
  // (a reader's columns). A value that is not an object appends nulls and returns
  // false.
  bool appendFields(simdjson::dom::element value, std::vector<ColumnBuilder>& fields);
  // One null per field, for a malformed record.
  static void appendNullFields(std::vector<ColumnBuilder>& fields);

  // Not thread-safe: uses per-converter scratch space; use one converter per thread.
  struct Node;

 private:
  std::unique_ptr<Node> root_;
};

// Appends the compact JSON text of a parsed value, as Jackson re-serializes it (numbers
// as Java prints doubles: 1.5, 1.0E10; strings escaped).
void writeJsonElement(simdjson::dom::element value, std::string& out);

}  // namespace spate
