#include "spate/session/reader.h"

#include "spate/connectors/kafka_reader.h"
#include "spate/connectors/nexmark_source.h"
#include "spate/connectors/stream_sinks.h"

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "spate/common/error.h"
#include "spate/common/file_util.h"
#include "spate/common/strings.h"
#include "spate/exec/physical_planner.h"
#include "spate/io/file_format.h"
#include "spate/io/file_listing.h"
#include "spate/io/partition_discovery.h"
#include "spate/io/partition_pruning.h"
#include "spate/io/partitioned_write.h"
#include "spate/plan/plan_builder.h"
#include "spate/session/delta_tables.h"
#include "spate/session/session.h"

namespace spate::sql {

namespace {

// A scan's request as the data files see it: the partition columns after the data
// columns are not in them.
ScanRequest dataRequest(const ScanRequest& request, size_t dataColumns) {
  ScanRequest out = request;
  if (out.columns.size() > dataColumns) out.columns.resize(dataColumns);
  if (out.filter) {
    for (int& c : out.filter->scanColumn) {
      if (c >= static_cast<int>(dataColumns)) c = -1;
    }
  }
  return out;
}

class FileSource final : public TableSource {
 public:
  FileSource(const FileFormat* format, std::vector<std::string> paths, std::shared_ptr<const PartitionedFiles> files,
             SchemaPtr dataSchema, SchemaPtr schema, Options options)
      : format_(format), paths_(std::move(paths)), files_(std::move(files)), dataSchema_(std::move(dataSchema)),
        schema_(std::move(schema)), options_(std::move(options)) {}
  SchemaPtr schema() const override { return schema_; }
  Result<BatchStreamPtr> open() const override { return open(ScanRequest{}); }
  // A filter on partition columns skips the folders it rules out.
  Result<BatchStreamPtr> open(const ScanRequest& request) const override {
    std::shared_ptr<const PartitionedFiles> kept = files_;
    if (request.filter && !files_->values.empty()) {
      EvalContext local;
      SPATE_ASSIGN_OR_RETURN(kept, prunePartitions(files_, *schema_, *request.filter,
                                                   request.eval ? *request.eval : local));
    }
    // Files one after the other; a partitioned table's batches get the file's partition
    // values as constant columns after the data columns.
    return chainStreams(kept->files.size(), [format = format_, kept, dataSchema = dataSchema_, schema = schema_,
                                             options = options_, fileRequest = dataRequest(request, dataSchema_->size())](
                                                size_t i) -> Result<BatchStreamPtr> {
      SPATE_ASSIGN_OR_RETURN(BatchStreamPtr file, format->openFile(kept->files[i], dataSchema, options, fileRequest));
      if (kept->values.empty()) return file;
      return mapStream(std::move(file), [values = kept->values[i], schema](BatchPtr b) -> Result<BatchPtr> {
        return appendPartitionValues(b, values, schema);
      });
    });
  }
  std::string describe() const override {
    return std::string(format_->name()) + " [" + joinStrings(paths_, ", ") + "]";
  }

 private:
  const FileFormat* format_;
  std::vector<std::string> paths_;
  std::shared_ptr<const PartitionedFiles> files_;
  SchemaPtr dataSchema_;
  SchemaPtr schema_;
  Options options_;
};

// The folders partition discovery stops at: the basePath option, checked against the
// paths read, or the paths themselves.
Result<std::vector<std::string>> discoveryBasePaths(const Options& options, const std::vector<std::string>& roots) {
  if (!options.has("basePath")) return roots;
  std::string base = absolutePath(options.get("basePath"));
  while (base.size() > 1 && base.back() == '/') base.pop_back();
  std::error_code ec;
  if (!std::filesystem::is_directory(base, ec)) return Status::Invalid("Option 'basePath' must be a directory");
  for (const auto& r : roots) {
    if (!r.starts_with(base)) return Status::Invalid("Wrong basePath file:{} for the root path: file:{}", base, r);
  }
  return std::vector<std::string>{base};
}

// spark.read.format("kafka"): the records of the offset range, read when the query
// runs (so "latest" means latest then).
class KafkaTableSource final : public TableSource {
 public:
  KafkaTableSource(Options options, bool includeHeaders) : options_(std::move(options)), headers_(includeHeaders) {}
  SchemaPtr schema() const override { return connectors::kafkaSchema(headers_); }
  Result<BatchStreamPtr> open() const override {
    SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, connectors::readKafkaTable(options_));
    return exec::makeBatchesScan(schema(), std::move(batches));
  }
  std::string describe() const override { return "kafka"; }

 private:
  Options options_;
  bool headers_;
};

}  // namespace

PartitionDiscoveryOptions partitionDiscoveryConf(Session& session) {
  auto enabled = [&](const char* key) { return !equalsIgnoreCase(session.conf().get(key, "true"), "false"); };
  PartitionDiscoveryOptions out;
  out.typeInference = enabled("spark.sql.sources.partitionColumnTypeInference.enabled");
  out.validateValues = enabled("spark.sql.sources.validatePartitionColumns");
  return out;
}

namespace {

// Delta tables are written unpartitioned for now: partitionBy must not be dropped silently.
Status checkDeltaUnpartitioned(const std::vector<std::string>& partitionBy) {
  if (partitionBy.empty()) return Status::OK();
  return Status::NotImplemented("Delta tables are not written partitioned yet (partitionBy {})",
                                joinStrings(partitionBy, ", "));
}

}  // namespace

TableSourcePtr makeKafkaTableSource(const Options& options, bool includeHeaders) {
  return std::make_shared<KafkaTableSource>(options, includeHeaders);
}

Result<TableSourcePtr> makeFileSource(const std::string& format, const std::vector<std::string>& paths,
                                      const Options& options, std::shared_ptr<Schema> userSchema,
                                      PartitionDiscoveryOptions discovery) {
  SPATE_ASSIGN_OR_RETURN(const FileFormat* fmt, findFileFormat(format));
  if (paths.empty()) return Status::Invalid("No path given to read {} from: use load(path) or option('path', ...)", format);
  std::vector<std::string> files;
  std::vector<std::string> roots;
  for (const auto& p : paths) {
    SPATE_ASSIGN_OR_RETURN(ListedFiles found, listDataFilesWithRoots(p));
    files.insert(files.end(), found.files.begin(), found.files.end());
    roots.insert(roots.end(), found.roots.begin(), found.roots.end());
  }
  SPATE_ASSIGN_OR_RETURN(std::vector<std::string> basePaths, discoveryBasePaths(options, roots));
  discovery.userSchema = userSchema;
  SPATE_ASSIGN_OR_RETURN(PartitionedFiles partitioned, discoverPartitions(files, basePaths, discovery));
  const Schema& partitionSchema = *partitioned.partitionSchema;
  Schema data;
  if (userSchema) {
    data = *userSchema;
  } else {
    if (partitioned.files.empty()) {
      return Status::AnalysisError("Unable to infer schema for {}: no data files under {}. It must be specified manually.",
                                   toUpper(format), joinStrings(paths, ", "));
    }
    SPATE_ASSIGN_OR_RETURN(data, fmt->inferSchema(partitioned.files, options));
  }
  FileSourceSchemas schemas = fileSourceSchemas(data, partitionSchema);
  auto shared = std::make_shared<const PartitionedFiles>(std::move(partitioned));
  return TableSourcePtr(
      std::make_shared<FileSource>(fmt, paths, std::move(shared), schemas.data, schemas.full, options));
}

DataFrameReader& DataFrameReader::format(const std::string& source) {
  format_ = toLower(source);
  return *this;
}
DataFrameReader& DataFrameReader::schema(const Schema& schema) {
  schema_ = std::make_shared<Schema>(schema);
  return *this;
}
DataFrameReader& DataFrameReader::schema(const std::string& ddl) { return schema(valueOrThrow(Schema::fromDDL(ddl))); }

DataFrame DataFrameReader::load() {
  if (format_ == "kafka") {
    if (schema_) throw Error(Status::AnalysisError("Kafka source has a fixed schema and cannot be set with a custom one"));
    // The options are checked now, as Spark checks them at load(); the records are read
    // when the query runs.
    auto config = valueOrThrow(connectors::parseKafkaSourceOptions(options_, false));
    return DataFrame(session_, plan::scan(makeKafkaTableSource(options_, config.includeHeaders)));
  }
  if (format_ == "nexmark") {
    if (schema_) throw Error(Status::AnalysisError("The nexmark source has a fixed schema and cannot be given one"));
    return DataFrame(session_, plan::scan(valueOrThrow(connectors::makeNexmarkTableSource(options_))));
  }
  if (!options_.has("path")) throw Error(Status::Invalid("load() needs a path: load(path) or option(\"path\", ...)"));
  return load(options_.get("path"));
}
DataFrame DataFrameReader::load(const std::string& path) { return load(std::vector<std::string>{path}); }
DataFrame DataFrameReader::load(const std::vector<std::string>& paths) {
  if (format_ == "delta") {
    if (schema_) throw Error(Status::AnalysisError("Delta does not support specifying the schema at read time"));
    if (paths.size() != 1) throw Error(Status::Invalid("A Delta table is read from one path, not {}", paths.size()));
    return DataFrame(session_, plan::scan(valueOrThrow(makeDeltaTableSource(paths[0], options_))));
  }
  auto source = valueOrThrow(makeFileSource(format_, paths, options_, schema_, partitionDiscoveryConf(*session_)));
  return DataFrame(session_, plan::scan(source));
}
DataFrame DataFrameReader::csv(const std::string& path) { return format("csv").load(path); }
DataFrame DataFrameReader::json(const std::string& path) { return format("json").load(path); }
DataFrame DataFrameReader::text(const std::string& path) { return format("text").load(path); }
DataFrame DataFrameReader::table(const std::string& name) { return session_->table(name); }

DataFrameWriter& DataFrameWriter::format(const std::string& source) {
  format_ = toLower(source);
  return *this;
}
DataFrameWriter& DataFrameWriter::partitionBy(const std::vector<std::string>& columns) {
  partitionBy_ = columns;
  return *this;
}
DataFrameWriter& DataFrameWriter::mode(const std::string& saveMode) {
  std::string m = toLower(saveMode);
  if (m == "error") m = "errorifexists";
  if (m != "errorifexists" && m != "overwrite" && m != "append" && m != "ignore") {
    throw Error(Status::Invalid("Unknown save mode: {}. Accepted save modes are 'overwrite', 'append', 'ignore', "
                                "'error', 'errorifexists'.",
                                saveMode));
  }
  mode_ = m;
  return *this;
}

std::vector<BatchPtr> DataFrameWriter::runQuery() const {
  exec::ExecContext ctx;
  auto stream = valueOrThrow(exec::buildStream(df_.logicalPlan(), ctx));
  return valueOrThrow(exec::drain(*stream));
}

void DataFrameWriter::saveAsTable(const std::string& name) {
  if (format_ != "delta") {
    throw Error(Status::NotImplemented("saveAsTable writes format(\"delta\") tables only, not {}", format_));
  }
  throwIfError(checkDeltaUnpartitioned(partitionBy_));
  auto& conf = df_.session()->conf();
  std::string path = valueOrThrow(managedTablePath(conf, name));
  if (mode_ == "errorifexists" && managedDeltaTableExists(conf, name)) {
    throw Error(Status::AnalysisError("[TABLE_OR_VIEW_ALREADY_EXISTS] Cannot create table or view `{}` because it "
                                      "already exists",
                                      name));
  }
  if (mode_ == "ignore" && managedDeltaTableExists(conf, name)) return;
  throwIfError(saveDeltaTable(path, mode_, df_.schema(), runQuery(), options_, "CREATE OR REPLACE TABLE AS SELECT"));
}

void DataFrameWriter::save(const std::string& pathIn) {
  namespace fs = std::filesystem;
  if (format_ == "delta") {
    throwIfError(checkDeltaUnpartitioned(partitionBy_));
    throwIfError(saveDeltaTable(pathIn, mode_, df_.schema(), runQuery(), options_, "WRITE"));
    return;
  }
  const FileFormat* fmt = valueOrThrow(findFileFormat(format_));
  std::string path = absolutePath(pathIn);
  // Checked before anything runs or is removed, as Spark does.
  PartitionColumns partitioning = valueOrThrow(resolvePartitionColumns(*df_.schema(), partitionBy_));
  int64_t maxRecordsPerFile = valueOrThrow(options_.getInt("maxRecordsPerFile", 0));
  std::error_code ec;
  bool exists = fs::exists(path, ec);
  if (exists) {
    if (mode_ == "errorifexists") {
      throw Error(Status::AnalysisError("[PATH_ALREADY_EXISTS] Path file:{} already exists. Set mode as \"overwrite\" "
                                        "to overwrite the existing path.",
                                        path));
    }
    if (mode_ == "ignore") return;
    if (mode_ == "overwrite") fs::remove_all(path, ec);
  }
  exec::ExecContext ctx;
  auto stream = valueOrThrow(exec::buildStream(df_.logicalPlan(), ctx));
  auto batches = valueOrThrow(exec::drain(*stream));
  int firstFile = 0;
  if (mode_ == "append" && exists) {
    for (const auto& e : fs::directory_iterator(path, ec)) {
      firstFile += e.path().filename().string().rfind("part-", 0) == 0;
    }
  }
  throwIfError(ensureDirectory(path));
  if (batches.empty() && partitioning.empty()) {
    // No rows still make one file (a CSV header, a Parquet schema), as Spark writes.
    throwIfError(fmt->write(path, batches, df_.schema(), options_, fmt::format("part-{:05d}", firstFile)));
  } else {
    throwIfError(writePartFiles(*fmt, path, batches, df_.schema(), partitioning, options_,
                                std::max<int64_t>(maxRecordsPerFile, 0), firstFile));
  }
  std::ofstream(fs::path(path) / "_SUCCESS").flush();
}
void DataFrameWriter::save() {
  if (toLower(format_) == "noop") {
    // Spark's noop source: the query runs in full and its rows are dropped as they come
    // (what benchmarks of reading use).
    exec::ExecContext ctx;
    auto stream = valueOrThrow(exec::buildStream(df_.logicalPlan(), ctx));
    while (valueOrThrow(stream->next())) {
    }
    return;
  }
  // Only Kafka writes without a path; its rows go out as one batch of records.
  if (toLower(format_) != "kafka") throw Error(Status::Invalid("'path' is not specified"));
  auto sink = valueOrThrow(connectors::makeKafkaSink(options_));
  exec::ExecContext ctx;
  auto stream = valueOrThrow(exec::buildStream(df_.logicalPlan(), ctx));
  auto batches = valueOrThrow(exec::drain(*stream));
  throwIfError(sink->addBatch(0, df_.schema(), batches, OutputMode::kAppend));
}
void DataFrameWriter::csv(const std::string& path) { format("csv").save(path); }
void DataFrameWriter::json(const std::string& path) { format("json").save(path); }
void DataFrameWriter::text(const std::string& path) { format("text").save(path); }

}  // namespace spate::sql
