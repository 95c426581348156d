#pragma once

#include <string>

#include "spate/columnar/batch.h"
#include "spate/io/csv_options.h"
#include "spate/io/csv_tokenizer.h"

namespace spate {

// Turns tokenized CSV records into a batch of the read schema, column by column with
// a typed loop per column, and applies the parse mode to malformed records (Spark's
// UnivocityParser + FailureSafeParser):
//  - a record with fewer or more fields than the data schema is malformed; its
//    fields are still read (missing ones null, extra ones dropped);
//  - a field that does not parse as its column's type makes the record malformed; it
//    and the fields after it are null (a partial result, as Spark gives);
//  - PERMISSIVE keeps the record and puts its text in the corrupt-record column,
//    DROPMALFORMED drops it, FAILFAST fails naming the file, line and reason.
class CsvBatchConverter {
 public:
  // schema: the read schema; corruptIndex: the corrupt-record column in it or -1.
  static Result<CsvBatchConverter> make(const CsvReadOptions& options, const SchemaPtr& schema, int corruptIndex);

  // The batch for recs (possibly with fewer rows, in DROPMALFORMED mode).
  Result<BatchPtr> convert(const CsvRecords& recs, const std::string& path) const;

  size_t numDataColumns() const { return dataTypes_.size(); }

 private:
  const CsvReadOptions* options_ = nullptr;
  SchemaPtr schema_;
  int corruptIndex_ = -1;
  std::vector<TypePtr> dataTypes_;
  std::vector<std::string> dataNames_;
};

// "CSV data source does not support array<int> data type." for types CSV cannot hold.
Status checkCsvSupportsType(const TypePtr& type);

}  // namespace spate
