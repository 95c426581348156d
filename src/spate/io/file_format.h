#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/columnar/batch_stream.h"
#include "spate/common/status.h"
#include "spate/expr/scan_request.h"
#include "spate/io/options.h"
#include "spate/types/schema.h"

namespace spate {

// A file format (Spark's FileFormat): schema inference over files, reading one file
// into batches and writing batches as one part file. Implementations are stateless
// singletons, safe to call from several threads.
class FileFormat {
 public:
  // Rows per batch a reader produces at most.
  static constexpr int64_t kBatchRows = 65536;

  virtual ~FileFormat() = default;

  // "csv", "json", "text".
  virtual std::string_view name() const = 0;
  // The part file extension, with the dot: ".csv", ".json", ".txt".
  virtual std::string_view extension() const = 0;

  // The schema of the data in files, as spark.read.format(name).options(...).load()
  // infers it. files come from listDataFiles.
  virtual Result<Schema> inferSchema(const std::vector<std::string>& files, const Options& options) const = 0;

  // Reads one file. schema is the requested schema (the user's or the inferred one),
  // possibly plus a nullable string column named by the columnNameOfCorruptRecord
  // option (default "_corrupt_record") that receives the text of malformed records in
  // PERMISSIVE mode. Batches hold at most kBatchRows rows.
  virtual Result<std::vector<BatchPtr>> readFile(const std::string& path, const SchemaPtr& schema,
                                                 const Options& options) const = 0;
  // The file's batches as a stream, for a query that may need only part of it (see
  // ScanRequest). Formats that can read a file piece by piece hold one piece at a time;
  // the default reads it whole with readFile.
  virtual Result<BatchStreamPtr> openFile(const std::string& path, const SchemaPtr& schema, const Options& options,
                                          const ScanRequest& request) const;

  // Writes the batches as one part file "<fileNamePrefix>-<uuid><extension>" in dir
  // (created when missing); an empty prefix means "part-00000". The file is written
  // under a hidden temp name and renamed when complete, so readers never see a partial
  // file. The _SUCCESS marker is the caller's business.
  virtual Status write(const std::string& dir, const std::vector<BatchPtr>& batches, const SchemaPtr& schema,
                       const Options& options, const std::string& fileNamePrefix) const = 0;
};

// The format for a name ("csv", "json", "text"; case-insensitive), or an error listing
// the known formats.
Result<const FileFormat*> findFileFormat(std::string_view name);

// Spark's parse modes for malformed records.
enum class ParseMode { kPermissive, kDropMalformed, kFailFast };

// The "mode" option: PERMISSIVE (default), DROPMALFORMED or FAILFAST, case-insensitive.
Result<ParseMode> parseModeOption(const Options& options);

// Where the corrupt-record column sits in a read schema: its index (-1 when the
// schema has none) and the data schema without it. The column must be a string.
struct CorruptColumnSplit {
  int corruptIndex = -1;
  SchemaPtr dataSchema;
};
Result<CorruptColumnSplit> splitCorruptColumn(const SchemaPtr& schema, const Options& options);

}  // namespace spate
