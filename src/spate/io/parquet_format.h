#pragma once

#include "spate/io/file_format.h"

namespace spate {

// Spark's "parquet" source and sink, on spate's own Parquet code: every engine type,
// nested structs, arrays and maps included. Reading takes the schema from a file's
// footer and reads a row group at a time, only the columns and row groups a scan
// request needs; writing takes Spark's and parquet-mr's options (compression, snappy
// by default; row group, page and dictionary sizes).
class ParquetFileFormat final : public FileFormat {
 public:
  std::string_view name() const override { return "parquet"; }
  std::string_view extension() const override { return ".parquet"; }
  Result<Schema> inferSchema(const std::vector<std::string>& files, const Options& options) const override;
  Result<std::vector<BatchPtr>> readFile(const std::string& path, const SchemaPtr& schema,
                                         const Options& options) const override;
  Result<BatchStreamPtr> openFile(const std::string& path, const SchemaPtr& schema, const Options& options,
                                  const ScanRequest& request) const override;
  Status write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
               const Options& options, const std::string& fileNamePrefix) const override;
};

}  // namespace spate
