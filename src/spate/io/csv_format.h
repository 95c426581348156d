#pragma once

#include "spate/io/file_format.h"

namespace spate {

// Spark's "csv" source: see csv_options.h for the options, csv_infer.h for schema
// inference and csv_convert.h for malformed-record handling.
class CsvFileFormat final : public FileFormat {
 public:
  std::string_view name() const override { return "csv"; }
  std::string_view extension() const override { return ".csv"; }
  Result<Schema> inferSchema(const std::vector<std::string>& files, const Options& options) const override;
  Result<std::vector<BatchPtr>> readFile(const std::string& path, const SchemaPtr& schema,
                                         const Options& options) const override;
  Status write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
               const Options& options, const std::string& fileNamePrefix) const override;
};

}  // namespace spate
