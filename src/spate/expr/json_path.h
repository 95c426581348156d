#pragma once

// The JSONPath subset of Spark's get_json_object (Hive's): $ then any of .name,
// ['name'], [n] and [*]. Results follow Spark: a string at the end of a path without
// wildcards is returned unquoted, anything else as compact JSON; [*] over several
// matches returns them as a JSON array, over a single match that match alone.

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/expr/json_simdjson.h"

namespace spate {

struct JsonPathStep {
  enum class Kind { kKey, kIndex, kArrayWildcard, kKeyWildcard };
  Kind kind = Kind::kKey;
  std::string name;
  int64_t index = 0;
};
using JsonPath = std::vector<JsonPathStep>;

// nullopt when the path is not valid (get_json_object then returns null).
std::optional<JsonPath> parseJsonPath(std::string_view path);

// Appends the value at `path` to out; false when nothing matched (a JSON null counts
// as no match for a named field, as in Spark).
bool evaluateJsonPath(simdjson::dom::element root, const JsonPath& path, std::string& out);

}  // namespace spate
