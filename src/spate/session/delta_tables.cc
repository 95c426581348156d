#include "spate/session/delta_tables.h"

#include <filesystem>

#include "spate/common/datetime.h"
#include "spate/common/file_util.h"
#include "spate/common/strings.h"
#include "spate/io/delta_files.h"
#include "spate/io/delta_table.h"
#include "spate/io/file_listing.h"
#include "spate/session/reader.h"
#include "spate/session/session.h"

namespace spate::sql {

namespace {

// A Delta table read as a table: the snapshot is taken when a query opens it, so a
// DataFrame or view over a table sees the commits made since it was created, unless
// a version is pinned (time travel).
class DeltaTableSource final : public TableSource {
 public:
  DeltaTableSource(std::string path, SchemaPtr schema, std::optional<int64_t> version, Options options)
      : path_(std::move(path)), schema_(std::move(schema)), version_(version), options_(std::move(options)) {}

  SchemaPtr schema() const override { return schema_; }
  std::string describe() const override {
    return "delta [" + path_ + (version_ ? ", version " + std::to_string(*version_) : std::string()) + "]";
  }
  Result<BatchStreamPtr> open() const override { return open(ScanRequest{}); }
  Result<BatchStreamPtr> open(const ScanRequest& request) const override {
    delta::DeltaLog log(path_);
    SPATE_ASSIGN_OR_RETURN(delta::Snapshot snapshot, log.snapshot(version_));
    if (!snapshot.schema.equals(*schema_)) {
      return Status::AnalysisError(
          "The schema of Delta table {} changed to {} since the query was made (it reads {}): read the table again",
          path_, snapshot.schema.ddl(), schema_->ddl());
    }
    SPATE_ASSIGN_OR_RETURN(delta::DataFileReader reader, delta::DataFileReader::make(
                                                             log, snapshot.schema, snapshot.metadata.partitionColumns,
                                                             options_));
    size_t parts = snapshot.files.size();
    return chainStreams(parts, [reader = std::move(reader), files = std::move(snapshot.files), request](size_t i) {
      return reader.open(files[i], request);
    });
  }

 private:
  std::string path_;
  SchemaPtr schema_;
  std::optional<int64_t> version_;  // nullopt: the latest when opened
  Options options_;
};

Result<std::optional<int64_t>> pinnedVersion(const delta::DeltaLog& log, const Options& options) {
  if (options.has("versionAsOf") && options.has("timestampAsOf")) {
    return Status::Invalid("Cannot specify both versionAsOf and timestampAsOf for Delta table {}", log.tableDir());
  }
  if (options.has("versionAsOf")) {
    SPATE_ASSIGN_OR_RETURN(int64_t v, options.getInt("versionAsOf", 0));
    return std::optional<int64_t>(v);
  }
  if (options.has("timestampAsOf")) {
    std::string text = options.get("timestampAsOf");
    std::optional<int64_t> micros = parseTimestamp(text);
    if (!micros) {
      return Status::Invalid("Invalid value '{}' for option 'timestampAsOf': expected a timestamp such as "
                             "'2024-01-01 10:00:00'",
                             text);
    }
    SPATE_ASSIGN_OR_RETURN(int64_t v, log.versionAtOrBefore(floorDiv(*micros, 1000)));
    return std::optional<int64_t>(v);
  }
  return std::optional<int64_t>();
}

}  // namespace

Result<TableSourcePtr> makeDeltaTableSource(const std::string& pathIn, const Options& options) {
  std::string path = absolutePath(pathIn);
  delta::DeltaLog log(path);
  if (!log.exists()) return Status::AnalysisError("`{}` is not a Delta table", path);
  SPATE_ASSIGN_OR_RETURN(std::optional<int64_t> version, pinnedVersion(log, options));
  SPATE_ASSIGN_OR_RETURN(delta::Snapshot snapshot, log.snapshot(version));
  // Partition columns of types spate cannot read fail here rather than when the query runs.
  SPATE_RETURN_IF_ERROR(
      delta::DataFileReader::make(log, snapshot.schema, snapshot.metadata.partitionColumns, options).status());
  return TableSourcePtr(std::make_shared<DeltaTableSource>(path, std::make_shared<const Schema>(snapshot.schema),
                                                           version, options));
}

Status saveDeltaTable(const std::string& pathIn, const std::string& saveMode, const SchemaPtr& schema,
                      const std::vector<BatchPtr>& rows, const Options& options, const std::string& operation) {
  std::string path = absolutePath(pathIn);
  delta::DeltaLog log(path);
  bool exists = log.exists();
  if (exists && saveMode == "errorifexists") {
    return Status::AnalysisError("[DELTA_PATH_EXISTS] Cannot write to already existent path file:{} without setting "
                                 "mode(\"overwrite\") or mode(\"append\")",
                                 path);
  }
  if (exists && saveMode == "ignore") return Status::OK();
  delta::WriteRequest request;
  request.mode = saveMode == "overwrite" ? delta::WriteMode::kOverwrite : delta::WriteMode::kAppend;
  request.operation = operation;
  Json params = Json::object();
  params.set("mode", request.mode == delta::WriteMode::kOverwrite ? "Overwrite" : "Append");
  params.set("partitionBy", "[]");
  request.operationParameters = std::move(params);
  request.options = options;
  // Delta's idempotent writes (for foreachBatch): a write whose (txnAppId, txnVersion) the
  // table has already seen is skipped.
  if (options.has("txnAppId") != options.has("txnVersion")) {
    return Status::Invalid("Options 'txnAppId' and 'txnVersion' go together: give both or neither");
  }
  if (options.has("txnAppId")) {
    SPATE_ASSIGN_OR_RETURN(int64_t version, options.getInt("txnVersion", 0));
    request.txn = delta::TxnAction{options.get("txnAppId"), version, std::nullopt};
  }
  return delta::writeToTable(path, schema, rows, request).status();
}

Result<std::string> managedTablePath(const RuntimeConfig& conf, const std::string& name) {
  std::string trimmed(trimView(name));
  // "default.t" names t in the only database spate has.
  if (toLower(trimmed).starts_with("default.")) trimmed = trimmed.substr(8);
  if (trimmed.empty() || trimmed.find_first_of("/\\.` ") != std::string::npos) {
    return Status::AnalysisError("Invalid table name '{}': a table is named by one identifier", name);
  }
  std::string warehouse = conf.get("spark.sql.warehouse.dir", "spark-warehouse");
  return absolutePath(warehouse) + "/" + toLower(trimmed);
}

bool managedDeltaTableExists(const RuntimeConfig& conf, const std::string& name) {
  auto path = managedTablePath(conf, name);
  return path.ok() && delta::DeltaLog(*path).exists();
}

std::vector<std::string> managedDeltaTables(const RuntimeConfig& conf) {
  std::string warehouse = absolutePath(conf.get("spark.sql.warehouse.dir", "spark-warehouse"));
  std::vector<std::string> names;
  auto entries = listDirectory(warehouse);
  if (!entries.ok()) return names;
  for (const auto& name : *entries) {
    if (delta::DeltaLog(warehouse + "/" + name).exists()) names.push_back(name);
  }
  return names;
}

}  // namespace spate::sql
