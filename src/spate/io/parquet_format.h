#pragma once

#include "spate/io/file_format.h"

namespace spate {

// Spark's "parquet" source and sink, on spate's own Parquet code: flat columns of
// every engine type (nested struct, array and map columns are not read or written
// yet: an error names them). Reading takes the schema from a file's footer and the
// requested columns only; writing takes the "compression" option (snappy by default,
// as Spark; none, uncompressed, gzip, lz4, zstd).
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
