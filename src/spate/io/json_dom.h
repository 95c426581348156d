#pragma once

// Private to the JSON reader and inference (includes simdjson, which only the spate
// library links): records from simdjson's DOM straight into columns.

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

// Decodes JSON objects, a record each, straight into the columns of a read schema, with
// Spark's JacksonParser conversions (expr/json_convert.h lists them). Each struct of
// the schema, at any depth, is decoded key by key into flat slots that hold exactly one
// value per row, so a record that turns out malformed is undone by resetting its row.
// Arrays and maps are checked while the record is decoded and appended once it is
// known good. Fields are matched by exact name; a repeated key keeps its last value.
class JsonRecordDecoder {
 public:
  // uses: how much of each field to decode (empty: all of every field); the rest comes
  // out as nulls.
  JsonRecordDecoder(const JsonReadOptions& options, const std::vector<Field>& fields,
                    const std::vector<ColumnUse>& uses);
  ~JsonRecordDecoder();
  JsonRecordDecoder(const JsonRecordDecoder&) = delete;
  JsonRecordDecoder& operator=(const JsonRecordDecoder&) = delete;

  // Decodes obj as the next row. False, with the reason naming the column, when a value
  // does not fit its type; nothing of obj is kept then.
  bool decodeRow(simdjson::dom::object obj, std::string& reason);
  // Whether decodeRow(obj) would succeed, keeping nothing (a line holding an array of
  // objects is all or none).
  bool checkRow(simdjson::dom::object obj, std::string& reason);
  // Decodes a record's text as the next row without simdjson when it is an object of
  // plain values (json_text_decode.cc says which); false, keeping nothing, for anything
  // else, which decodeRow then handles. At least 64 readable bytes must follow text.
  bool decodeText(std::string_view text);
  void appendNullRow();
  int64_t rows() const { return rows_; }
  // The rows so far, a column per field; the decoder starts over empty.
  std::vector<ColumnPtr> finish();

  struct Slot;
  struct Struct;

 private:
  bool decodeStruct(Struct& st, simdjson::dom::object obj, std::string& reason);
  bool textStruct(Struct& st, const char*& p, const char* end, int depth);
  bool textValue(Slot& slot, const char*& p, const char* end, int depth);
  bool decodeValue(Slot& slot, JsonElement v, std::string& reason);
  bool decodeScalar(Slot& slot, JsonElement v);
  bool convertAndStore(Slot& slot, JsonElement v);  // decodeScalar's general case
  std::string cannotParse(const Slot& slot, JsonElement v) const;
  void clearRow(Slot& slot);
  void clearRecord();  // clearRow of every field
  std::vector<ColumnPtr> finishFields(const Struct& st, int64_t rows);
  void reserveRows(int64_t rows);
  void reserveRow();  // room for row rows_
  ColumnPtr finishSlot(Slot& slot, int64_t rows);
  int addSlot(const TypePtr& type, std::string path, const ColumnUse* use);

  const JsonReadOptions& o_;
  std::vector<Slot> slots_;
  std::vector<Struct> structs_;  // [0]: the record's fields
  std::vector<int> nestedSlots_;  // the arrays and maps, appended when a row is kept
  std::string scratch_;
  int64_t rows_ = 0;
  int64_t capacity_ = 0;  // rows every slot has room for
  int64_t lastBatchRows_ = 0;
};

}  // namespace spate
