#include "spate/session/reader.h"

#include "spate/connectors/kafka_reader.h"
#include "spate/connectors/nexmark_source.h"
#include "spate/connectors/stream_sinks.h"

#include <filesystem>
#include <fstream>

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/exec/physical_planner.h"
#include "spate/io/file_format.h"
#include "spate/io/file_listing.h"
#include "spate/plan/plan_builder.h"
#include "spate/session/session.h"

namespace spate::sql {

namespace {

class FileStream final : public BatchStream {
 public:
  FileStream(const FileFormat* format, std::vector<std::string> files, SchemaPtr schema, Options options,
             ScanRequest request)
      : format_(format), files_(std::move(files)), schema_(std::move(schema)), options_(std::move(options)),
        request_(std::move(request)) {}

  Result<BatchPtr> next() override {
    while (true) {
      if (!file_) {
        if (nextFile_ >= files_.size()) return BatchPtr();
        SPATE_ASSIGN_OR_RETURN(file_, format_->openFile(files_[nextFile_++], schema_, options_, request_));
      }
      SPATE_ASSIGN_OR_RETURN(BatchPtr b, file_->next());
      if (b) return b;
      file_.reset();
    }
  }

 private:
  const FileFormat* format_;
  std::vector<std::string> files_;
  SchemaPtr schema_;
  Options options_;
  ScanRequest request_;
  size_t nextFile_ = 0;
  BatchStreamPtr file_;  // the file being read
};

class FileSource final : public TableSource {
 public:
  FileSource(const FileFormat* format, std::vector<std::string> paths, std::vector<std::string> files, SchemaPtr schema,
             Options options)
      : format_(format), paths_(std::move(paths)), files_(std::move(files)), schema_(std::move(schema)),
        options_(std::move(options)) {}
  SchemaPtr schema() const override { return schema_; }
  Result<BatchStreamPtr> open() const override { return open(ScanRequest{}); }
  Result<BatchStreamPtr> open(const ScanRequest& request) const override {
    return BatchStreamPtr(std::make_unique<FileStream>(format_, files_, schema_, options_, request));
  }
  std::string describe() const override {
    return std::string(format_->name()) + " [" + joinStrings(paths_, ", ") + "]";
  }

 private:
  const FileFormat* format_;
  std::vector<std::string> paths_;
  std::vector<std::string> files_;
  SchemaPtr schema_;
  Options options_;
};

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

TableSourcePtr makeKafkaTableSource(const Options& options, bool includeHeaders) {
  return std::make_shared<KafkaTableSource>(options, includeHeaders);
}

Result<TableSourcePtr> makeFileSource(const std::string& format, const std::vector<std::string>& paths,
                                            const Options& options, std::shared_ptr<Schema> userSchema) {
  SPATE_ASSIGN_OR_RETURN(const FileFormat* fmt, findFileFormat(format));
  if (paths.empty()) return Status::Invalid("No path given to read {} from: use load(path) or option('path', ...)", format);
  std::vector<std::string> files;
  for (const auto& p : paths) {
    SPATE_ASSIGN_OR_RETURN(std::vector<std::string> found, listDataFiles(p));
    files.insert(files.end(), found.begin(), found.end());
  }
  SchemaPtr schema = userSchema;
  if (!schema) {
    if (files.empty()) {
      return Status::AnalysisError("Unable to infer schema for {}: no data files under {}. It must be specified manually.",
                                   toUpper(format), joinStrings(paths, ", "));
    }
    SPATE_ASSIGN_OR_RETURN(Schema inferred, fmt->inferSchema(files, options));
    schema = std::make_shared<Schema>(std::move(inferred));
  }
  return TableSourcePtr(std::make_shared<FileSource>(fmt, paths, std::move(files), schema, options));
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
  auto source = valueOrThrow(makeFileSource(format_, paths, options_, schema_));
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

void DataFrameWriter::save(const std::string& pathIn) {
  namespace fs = std::filesystem;
  const FileFormat* fmt = valueOrThrow(findFileFormat(format_));
  std::string path = absolutePath(pathIn);
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
  std::string prefix = fmt::format("part-{:05d}", 0);
  if (mode_ == "append" && exists) {
    size_t n = 0;
    for (const auto& e : fs::directory_iterator(path, ec)) n += e.path().filename().string().rfind("part-", 0) == 0;
    prefix = fmt::format("part-{:05d}", n);
  }
  throwIfError(fmt->write(path, batches, df_.schema(), options_, prefix));
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
