#pragma once

// Values to JSON text as Spark's JacksonGenerator writes them (to_json and the JSON
// file writer): compact, struct fields in order with null fields left out, map keys as
// strings, timestamps in Spark's default timestampFormat
// "yyyy-MM-dd'T'HH:mm:ss.SSSXXX" (UTC: 2024-01-02T03:04:05.000Z), dates as
// "yyyy-MM-dd", doubles as Java prints them (1.0E10), NaN and Infinity as strings,
// binary as base64.

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/column.h"
#include "spate/common/json_text.h"

namespace spate {

// 2024-01-02T03:04:05.123Z (milliseconds, UTC), unquoted.
void appendJsonTimestamp(std::string& out, int64_t micros);
void appendBase64(std::string& out, std::string_view bytes);

struct JsonWriteOptions {
  // Spark's ignoreNullFields (default true): null struct fields are left out.
  bool ignoreNullFields = true;
};

// Writes values of one data type; built once (field names pre-quoted), then used for
// every row. Thread-safe: write() does not modify the writer.
class JsonWriter {
 public:
  explicit JsonWriter(const TypePtr& type, JsonWriteOptions options = {});
  ~JsonWriter();
  JsonWriter(JsonWriter&&) noexcept;
  JsonWriter& operator=(JsonWriter&&) noexcept;

  // Appends the JSON of row `row` of `column` (which has the writer's type); a null
  // value writes null.
  void write(const Column& column, int64_t row, std::string& out) const;
  // For a struct type: appends one JSON object from row `row` of separate field
  // columns, in field order; e.g. a batch row for the JSON-lines file writer.
  void writeFields(const std::vector<ColumnPtr>& fields, int64_t row, std::string& out) const;

  struct Node;

 private:
  std::unique_ptr<Node> root_;
  JsonWriteOptions options_;
};

}  // namespace spate
