#include "spate/io/delta_table.h"

#include <chrono>
#include <cstdio>

#include <fmt/format.h>

#include "spate/common/file_util.h"
#include "spate/common/strings.h"
#include "spate/io/delta_checkpoint.h"
#include "spate/io/delta_schema.h"
#include "spate/io/delta_stats.h"
#include "spate/io/parquet_writer.h"
#include "spate/io/sink_manifest.h"

namespace spate::delta {

namespace {

// A blind append that lost the race for a version tries the next one; so many losses
// in a row means something else is wrong.
constexpr int kMaxCommitAttempts = 20;

int64_t nowMillis() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

Status checkWritableTypes(const Schema& schema) {
  for (const auto& f : schema.fields()) {
    if (f.type->id() == TypeId::kInterval || f.type->id() == TypeId::kNull) {
      return Status::AnalysisError("Delta tables cannot hold column '{}' of type {}", f.name,
                                   f.type->simpleString());
    }
  }
  return Status::OK();
}

Status checkSameSchema(const Schema& table, const Schema& data, const std::string& tableDir) {
  bool same = table.size() == data.size();
  for (size_t i = 0; same && i < table.size(); ++i) {
    same = equalsIgnoreCase(table.field(i).name, data.field(i).name) &&
           table.field(i).type->equals(*data.field(i).type);
  }
  if (same) return Status::OK();
  return Status::AnalysisError(
      "A schema mismatch detected when writing to the Delta table {}.\nTable schema: {}\nData schema: {}\n"
      "To overwrite the table with the new schema, use mode(\"overwrite\") with option(\"overwriteSchema\", "
      "\"true\")",
      tableDir, table.ddl(), data.ddl());
}

// "part-00000-<uuid>-c000.snappy.parquet", as Spark names a Delta table's files.
std::string dataFileName(int index, parquet::Codec codec) {
  std::string_view infix = codec == parquet::Codec::kSnappy ? ".snappy"
                           : codec == parquet::Codec::kGzip ? ".gzip"
                           : codec == parquet::Codec::kZstd ? ".zstd"
                           : codec == parquet::Codec::kLz4Raw ? ".lz4"
                                                               : "";
  return fmt::format("part-{:05d}-{}-c000{}.parquet", index, randomUuid(), infix);
}

Result<std::vector<AddAction>> writeDataFiles(const std::string& tableDir, const SchemaPtr& schema,
                                              const std::vector<BatchPtr>& rows, const WriteRequest& request) {
  std::vector<AddAction> adds;
  int64_t numRows = 0;
  for (const auto& b : rows) numRows += b->numRows();
  if (numRows == 0) return adds;
  // The options df.write.parquet takes (compression, row group and page sizes).
  SPATE_ASSIGN_OR_RETURN(parquet::WriteOptions w, parquet::parquetWriteOptions(request.options));
  SPATE_ASSIGN_OR_RETURN(std::string bytes, parquet::writeParquetFile(rows, *schema, w));
  AddAction add;
  add.path = dataFileName(0, w.codec);
  add.size = static_cast<int64_t>(bytes.size());
  add.stats = fileStatsJson(*schema, rows);
  SPATE_RETURN_IF_ERROR(writeFileAtomically(tableDir + "/" + add.path, bytes, request.durable));
  add.modificationTime = nowMillis();
  adds.push_back(std::move(add));
  return adds;
}

Json commitInfoFor(const WriteRequest& request, int64_t readVersion) {
  Json info = Json::object();
  info.set("timestamp", nowMillis());
  info.set("operation", request.operation);
  info.set("operationParameters", request.operationParameters);
  if (readVersion >= 0) info.set("readVersion", readVersion);
  info.set("isBlindAppend", request.mode == WriteMode::kAppend);
  info.set("engineInfo", "spate");
  return info;
}

// Every kCheckpointInterval-th version gets a checkpoint. The commit has succeeded
// whatever happens here: a checkpoint only speeds up readers, so a failure is reported
// and the write goes on (as Delta's writers do).
void checkpoint(const DeltaLog& log, const Result<Snapshot>& snapshot, bool durable) {
  Status st = snapshot.status();
  if (st.ok()) st = writeCheckpoint(log, *snapshot, durable);
  if (!st.ok()) {
    std::fprintf(stderr, "WARN: Delta table %s: no checkpoint: %s\n", log.tableDir().c_str(), st.message().c_str());
  }
}

// The table as of version, the one just committed, from the snapshot before it.
Result<Snapshot> snapshotOf(const DeltaLog& log, const std::optional<Snapshot>& before, int64_t version) {
  return before ? log.snapshotAfter(*before, version) : log.snapshot(version);
}

}  // namespace

Result<WriteOutcome> writeToTable(const std::string& tableDir, const SchemaPtr& schema,
                                  const std::vector<BatchPtr>& rows, const WriteRequest& request) {
  SPATE_RETURN_IF_ERROR(checkWritableTypes(*schema));
  SPATE_ASSIGN_OR_RETURN(bool overwriteSchema, request.options.getBool("overwriteSchema", false));
  DeltaLog log(tableDir);
  std::vector<AddAction> adds;
  bool filesWritten = false;
  for (int attempt = 0; attempt < kMaxCommitAttempts; ++attempt) {
    SPATE_ASSIGN_OR_RETURN(int64_t latest, log.latestVersion());
    Commit commit;
    std::optional<Snapshot> snapshot;
    if (latest >= 0) {
      const std::optional<Snapshot>* cached = request.snapshotCache;
      if (cached && *cached && (*cached)->version <= latest) {
        SPATE_ASSIGN_OR_RETURN(snapshot, log.snapshotAfter(**cached, latest));
      } else {
        SPATE_ASSIGN_OR_RETURN(snapshot, log.snapshot(latest));
      }
      if (request.txn) {
        auto it = snapshot->txnVersions.find(request.txn->appId);
        if (it != snapshot->txnVersions.end() && it->second >= request.txn->version) {
          return WriteOutcome{latest, true, 0};
        }
      }
    }
    bool replaceSchema = request.mode == WriteMode::kOverwrite && overwriteSchema;
    if (snapshot && !replaceSchema) {
      SPATE_RETURN_IF_ERROR(checkSameSchema(snapshot->schema, *schema, tableDir));
    }
    if (!filesWritten) {
      SPATE_ASSIGN_OR_RETURN(adds, writeDataFiles(tableDir, schema, rows, request));
      filesWritten = true;
    }
    if (!snapshot) {
      commit.protocol = defaultProtocol();
    }
    if (!snapshot || replaceSchema) {
      MetadataAction m;
      m.id = snapshot ? snapshot->metadata.id : randomUuid();
      m.schemaString = schemaToString(*schema);
      m.createdTime = snapshot ? snapshot->metadata.createdTime : std::optional<int64_t>(nowMillis());
      commit.metadata = std::move(m);
    }
    if (request.mode == WriteMode::kOverwrite && snapshot) {
      int64_t now = nowMillis();
      for (const auto& f : snapshot->files) commit.removes.push_back(RemoveAction{f.path, now, true, f.size});
    }
    if (request.txn) {
      TxnAction t = *request.txn;
      t.lastUpdated = nowMillis();
      commit.txns.push_back(std::move(t));
    }
    commit.adds = adds;
    commit.commitInfo = commitInfoFor(request, latest);
    SPATE_ASSIGN_OR_RETURN(bool created, log.tryWrite(latest + 1, commit, request.durable));
    if (created) {
      int64_t version = latest + 1;
      bool checkpointDue = version > 0 && version % kCheckpointInterval == 0;
      if (checkpointDue || request.snapshotCache) {
        Result<Snapshot> after = snapshotOf(log, snapshot, version);
        if (checkpointDue) checkpoint(log, after, request.durable);
        if (request.snapshotCache) {
          *request.snapshotCache = after.ok() ? std::optional<Snapshot>(std::move(*after)) : std::nullopt;
        }
      }
      return WriteOutcome{version, false, static_cast<int64_t>(adds.size())};
    }
    // Lost the race for latest + 1. An append adds files whatever the winner did (the
    // txn check above runs again); an overwrite would remove files it never saw.
    if (request.mode != WriteMode::kAppend) {
      return Status::ExecutionError(
          "ConcurrentModificationException: version {} of Delta table {} was committed by another writer while "
          "this overwrite ran; retry the operation",
          latest + 1, tableDir);
    }
  }
  return Status::ExecutionError("ConcurrentModificationException: Delta table {}: {} commits in a row were lost "
                                "to other writers",
                                tableDir, kMaxCommitAttempts);
}

Result<std::string> dataFilePath(const DeltaLog& log, const AddAction& add) {
  auto path = uriToPath(add.path, log.tableDir());
  if (!path.ok()) return Status::Invalid("Delta table {}: file path '{}': {}", log.tableDir(), add.path,
                                         path.status().message());
  return path;
}

}  // namespace spate::delta
