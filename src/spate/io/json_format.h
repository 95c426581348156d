#pragma once

#include <string>

#include "spate/io/datetime_codec.h"
#include "spate/io/file_format.h"

namespace spate {

// Spark's JSON read options (JSONOptions) that spate honours.
struct JsonReadOptions {
  ParseMode mode = ParseMode::kPermissive;
  std::string corruptColumn = "_corrupt_record";
  DateTimeCodec dateCodec = DateTimeCodec::defaults(DateTimeCodec::Kind::kDate);
  DateTimeCodec timestampCodec = DateTimeCodec::defaults(DateTimeCodec::Kind::kTimestamp);
  bool primitivesAsString = false;
  bool prefersDecimal = false;
  bool dropFieldIfAllNull = false;
  // The whole file is one JSON value: an object (one row) or an array of objects.
  bool multiLine = false;
  std::string lineSep;  // empty: "\n", "\r\n" or "\r"
  double samplingRatio = 1.0;

  static Result<JsonReadOptions> parse(const Options& options);
};

// Spark's "json" source: JSON lines (one object per line; a line holding an array of
// objects gives a row per element; blank lines are skipped).
//  - inference: the union of the objects' fields sorted by name; integers are bigint,
//    other numbers double, nested objects structs, arrays array<T>; conflicting types
//    widen (bigint+double = double) or become string; null-only fields are string.
//    In PERMISSIVE mode a malformed line adds the corrupt-record column.
//  - reading: fields are matched by exact name, missing ones are null; a value of the
//    wrong type (or a line that is not JSON) makes the record malformed: PERMISSIVE
//    nulls its fields and puts the line in the corrupt-record column, DROPMALFORMED
//    drops it, FAILFAST fails naming the file and line. A string column takes any
//    value, non-strings as their JSON text.
//  - writing: one object per row, null fields left out.
class JsonFileFormat final : public FileFormat {
 public:
  std::string_view name() const override { return "json"; }
  std::string_view extension() const override { return ".json"; }
  Result<Schema> inferSchema(const std::vector<std::string>& files, const Options& options) const override;
  Result<std::vector<BatchPtr>> readFile(const std::string& path, const SchemaPtr& schema,
                                         const Options& options) const override;
  // Converts only the columns the request reads (Spark's JSON parser does the same:
  // a field the query does not read cannot make a record malformed); the others are
  // nulls. Reads every column when the schema has a corrupt-record column.
  Result<BatchStreamPtr> openFile(const std::string& path, const SchemaPtr& schema, const Options& options,
                                  const ScanRequest& request) const override;
  Status write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
               const Options& options, const std::string& fileNamePrefix) const override;
};

}  // namespace spate
