#pragma once

// Private to the JSON reader and inference (includes simdjson, which only the spate
// library links): JSON values from simdjson's DOM to typed column values.

#include <simdjson.h>

#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/expr/scan_request.h"
#include "spate/io/json_format.h"

namespace spate {

using JsonElement = simdjson::dom::element;
using JsonType = simdjson::dom::element_type;

// The array / object of an element already known to be one (copies of small handles;
// the DOM stays in the parser).
inline simdjson::dom::array jsonArray(JsonElement v) {
  simdjson::dom::array a;
  if (v.get_array().get(a)) return {};
  return a;
}
inline simdjson::dom::object jsonObject(JsonElement v) {
  simdjson::dom::object o;
  if (v.get_object().get(o)) return {};
  return o;
}

// Whether a field name equals a record's key. Keys are short and usually match at the
// first try: an inline loop beats a call to memcmp.
inline bool sameKey(const std::string& name, std::string_view key) {
  if (name.size() != key.size()) return false;
  for (size_t i = 0; i < key.size(); ++i) {
    if (name[i] != key[i]) return false;
  }
  return true;
}

// A value converted to its column's type, before it is appended: the record's fields
// are all converted first so a malformed record appends nothing.
struct JsonStaged {
  bool present = false;
  int64_t i = 0;  // boolean, integral, date, timestamp
  double d = 0;
  __int128 dec = 0;
  std::string_view s;  // string, binary
  JsonElement nested;  // array, map, and structs holding them: appended from the DOM
  // A struct of primitives and such structs, converted field by field in one pass over
  // the object (kept between records, so staging allocates nothing once warm).
  std::vector<JsonStaged> fields;
  std::vector<std::string> scratch;
  std::vector<uint8_t> seen;
  size_t hint = 0;
  int8_t stagedFields = -1;  // a struct: whether it is staged field by field (-1: not yet known)
  // A struct the query reads only some fields of: the others are skipped (null).
  const ColumnUse* use = nullptr;
};

// Spark's JacksonParser conversions, one value at a time.
class JsonValueConverter {
 public:
  explicit JsonValueConverter(const JsonReadOptions& options) : o_(options) {}

  // Converts v to type into out (scratch holds text made for a string or binary
  // column); false when v cannot be read as type (a malformed record).
  bool convert(JsonElement v, const DataType& type, JsonStaged& out, std::string& scratch) const;
  // Whether v (nested or not) converts to type, without producing anything.
  bool check(JsonElement v, const DataType& type) const;
  void appendStaged(ColumnBuilder& b, const JsonStaged& s, const DataType& type) const;
  // Appends v, already checked against type.
  void append(ColumnBuilder& b, JsonElement v, const DataType& type) const;

 private:
  // Converts the fields of obj, a struct of primitives, into out.fields.
  bool stageStruct(simdjson::dom::object obj, const DataType& type, JsonStaged& out) const;

  const JsonReadOptions& o_;
};


}  // namespace spate
