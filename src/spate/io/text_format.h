#pragma once

#include "spate/io/file_format.h"

namespace spate {

// Spark's "text" source: one string column "value", a row per line ("\n", "\r\n" or
// "\r" end a line unless lineSep says otherwise; the terminator is not part of the
// value), or a row per file with wholetext=true. Writing takes a single string
// column; a null row writes an empty line.
class TextFileFormat final : public FileFormat {
 public:
  std::string_view name() const override { return "text"; }
  std::string_view extension() const override { return ".txt"; }
  Result<Schema> inferSchema(const std::vector<std::string>& files, const Options& options) const override;
  Result<std::vector<BatchPtr>> readFile(const std::string& path, const SchemaPtr& schema,
                                         const Options& options) const override;
  Status write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
               const Options& options, const std::string& fileNamePrefix) const override;
};

}  // namespace spate
