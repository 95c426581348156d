#include "spate/io/csv_format.h"

#include "spate/common/strings.h"
#include "spate/io/csv_convert.h"
#include "spate/io/csv_infer.h"
#include "spate/io/csv_tokenizer.h"

namespace spate {

Result<Schema> CsvFileFormat::inferSchema(const std::vector<std::string>& files, const Options& options) const {
  SPATE_ASSIGN_OR_RETURN(CsvReadOptions o, CsvReadOptions::parse(options));
  return inferCsvSchema(files, o);
}

namespace {

// enforceSchema=false: the header must name the schema's columns, in order.
Status checkHeader(const CsvRecords& recs, const CsvReadOptions& o, const std::vector<std::string>& fieldNames,
                   const std::string& path) {
  std::vector<std::string> header;
  const CsvField* f = recs.fieldsOf(0);
  for (uint32_t i = 0; i < recs.records[0].numFields; ++i) header.emplace_back(recs.text(f[i]));
  if (header.size() != fieldNames.size()) {
    return Status::AnalysisError(
        "Number of column in CSV header is not equal to number of fields in the schema:\n Header length: {}, "
        "schema size: {}\nCSV file: {}",
        header.size(), fieldNames.size(), path);
  }
  for (size_t i = 0; i < header.size(); ++i) {
    if (!equalsIgnoreCase(header[i], fieldNames[i])) {
      return Status::AnalysisError(
          "CSV header does not conform to the schema.\n Header: {}\n Schema: {}\nExpected: {} but found: {}\nCSV "
          "file: {}",
          joinStrings(header, ", "), joinStrings(fieldNames, ", "), fieldNames[i], header[i], path);
    }
  }
  return Status::OK();
}

}  // namespace

Result<std::vector<BatchPtr>> CsvFileFormat::readFile(const std::string& path, const SchemaPtr& schema,
                                                      const Options& options) const {
  SPATE_ASSIGN_OR_RETURN(CsvReadOptions o, CsvReadOptions::parse(options));
  SPATE_ASSIGN_OR_RETURN(CorruptColumnSplit split, splitCorruptColumn(schema, options));
  SPATE_ASSIGN_OR_RETURN(CsvBatchConverter converter, CsvBatchConverter::make(o, schema, split.corruptIndex));
  std::vector<BatchPtr> batches;
  bool headerPending = o.header;
  SPATE_RETURN_IF_ERROR(scanCsvFile(
      path, o.dialect, static_cast<size_t>(kBatchRows), [&](CsvRecords& recs) -> Result<bool> {
        if (headerPending) {
          headerPending = false;
          if (!o.enforceSchema) SPATE_RETURN_IF_ERROR(checkHeader(recs, o, split.dataSchema->names(), path));
          recs.records.erase(recs.records.begin());
          if (recs.size() == 0) return true;
        }
        SPATE_ASSIGN_OR_RETURN(BatchPtr batch, converter.convert(recs, path));
        if (batch->numRows() > 0) batches.push_back(std::move(batch));
        return true;
      }));
  return batches;
}

}  // namespace spate
