#include "spate/io/file_format.h"

#include "spate/common/strings.h"
#include "spate/io/csv_format.h"
#include "spate/io/json_format.h"
#include "spate/io/parquet_format.h"
#include "spate/io/text_format.h"

namespace spate {

Result<BatchStreamPtr> FileFormat::openFile(const std::string& path, const SchemaPtr& schema, const Options& options,
                                            const ScanRequest& request) const {
  SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, readFile(path, schema, options));
  return streamOf(std::move(batches));
}

Result<const FileFormat*> findFileFormat(std::string_view name) {
  static const CsvFileFormat csv;
  static const JsonFileFormat json;
  static const TextFileFormat text;
  static const ParquetFileFormat parquet;
  static const FileFormat* const kFormats[] = {&csv, &json, &text, &parquet};
  for (const FileFormat* f : kFormats) {
    if (equalsIgnoreCase(f->name(), name)) return f;
  }
  return Status::AnalysisError("Unknown data source format '{}'. Known formats: csv, json, text, parquet", name);
}

Result<ParseMode> parseModeOption(const Options& options) {
  std::string mode = options.get("mode", "PERMISSIVE");
  if (equalsIgnoreCase(mode, "PERMISSIVE")) return ParseMode::kPermissive;
  if (equalsIgnoreCase(mode, "DROPMALFORMED")) return ParseMode::kDropMalformed;
  if (equalsIgnoreCase(mode, "FAILFAST")) return ParseMode::kFailFast;
  return Status::Invalid("Option 'mode' must be PERMISSIVE, DROPMALFORMED or FAILFAST, got '{}'", mode);
}

Result<CorruptColumnSplit> splitCorruptColumn(const SchemaPtr& schema, const Options& options) {
  CorruptColumnSplit split;
  std::string name = options.get("columnNameOfCorruptRecord", "_corrupt_record");
  Schema data;
  for (size_t i = 0; i < schema->size(); ++i) {
    const Field& f = schema->field(i);
    if (f.name == name && split.corruptIndex < 0) {
      if (f.type->id() != TypeId::kString) {
        return Status::AnalysisError("The field for corrupt records must be string type and nullable: '{}' is {}",
                                     name, f.type->simpleString());
      }
      split.corruptIndex = static_cast<int>(i);
      continue;
    }
    data.add(f.name, f.type, f.nullable);
  }
  split.dataSchema = std::make_shared<const Schema>(std::move(data));
  return split;
}

}  // namespace spate
