#pragma once

// Reading a Delta table's data files: the Parquet file holds the data columns, and the
// partition columns' values come from the add action's partitionValues (Delta's text
// form: "2024-01-02", "2024-01-02 10:00:00", "42", "true"; null or "" for null), set
// as constant columns in the table schema's order.

#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/columnar/batch_stream.h"
#include "spate/expr/scan_request.h"
#include "spate/io/delta_log.h"
#include "spate/io/options.h"

namespace spate::delta {

// How to read the files of one table version: its schema and partition columns.
class DataFileReader {
 public:
  // An error names a partition column whose type spate cannot take from text.
  static Result<DataFileReader> make(const DeltaLog& log, const Schema& tableSchema,
                                     const std::vector<std::string>& partitionColumns, Options options);

  const SchemaPtr& schema() const { return schema_; }
  // One file's rows as a stream of batches of the table schema, read a row group at a
  // time and only as far as the request needs (request's columns are the table's).
  Result<BatchStreamPtr> open(const AddAction& add, const ScanRequest& request) const;
  // One file's rows as batches of the table schema.
  Result<std::vector<BatchPtr>> read(const AddAction& add) const;

 private:
  std::string tableDir_;
  SchemaPtr schema_;
  SchemaPtr fileSchema_;               // the data columns, as the Parquet files hold them
  std::vector<int> fileColumn_;        // per table column: its index in fileSchema_, or -1
  std::vector<std::string> partitionName_;  // per table column: the partition column's name, or ""
  Options options_;
};

// A partition value's text as a value of type; `column` names it in errors.
Result<Value> partitionValue(const std::optional<std::string>& text, const DataType& type, const std::string& column);

}  // namespace spate::delta
