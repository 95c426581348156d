#pragma once

// The Delta Lake transaction log (Delta's PROTOCOL.md): <table>/_delta_log/%020d.json
// commits, one action per line. A commit is created with link(2) from a temp file, which
// fails when the name exists, so of two writers racing for version N exactly one wins and
// the other gets a ConcurrentModification error. A snapshot is the replay of the commits
// up to a version: the latest protocol and metaData, the files added and not removed
// since, and each streaming writer's last txn version.
//
// Replay starts from the latest checkpoint at or before the version (delta_checkpoint.h)
// when it can be read, else from the JSON commit of version 0.

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/json.h"
#include "spate/common/status.h"
#include "spate/types/schema.h"

namespace spate::delta {

inline constexpr std::string_view kLogDir = "_delta_log";

struct ProtocolAction {
  int minReaderVersion = 1;
  int minWriterVersion = 2;
  std::vector<std::string> readerFeatures;  // with minReaderVersion 3
  std::vector<std::string> writerFeatures;  // with minWriterVersion 7
};

struct MetadataAction {
  std::string id;  // a UUID
  std::string schemaString;
  std::vector<std::string> partitionColumns;
  std::map<std::string, std::string> configuration;
  std::optional<int64_t> createdTime;  // ms since the epoch
};

struct AddAction {
  std::string path;  // relative to the table root, as written in the log (URI-escaped)
  std::map<std::string, std::optional<std::string>> partitionValues;
  int64_t size = 0;
  int64_t modificationTime = 0;
  bool dataChange = true;
  std::string stats;  // JSON text; empty when unknown
};

struct RemoveAction {
  std::string path;
  int64_t deletionTimestamp = 0;
  bool dataChange = true;
  std::optional<int64_t> size;
};

// A streaming writer's progress: the last version (batch id) of appId committed.
struct TxnAction {
  std::string appId;
  int64_t version = 0;
  std::optional<int64_t> lastUpdated;
};

// One commit's actions. commitInfo is free-form; timestamp is its "timestamp" member.
struct Commit {
  std::optional<ProtocolAction> protocol;
  std::optional<MetadataAction> metadata;
  std::vector<AddAction> adds;
  std::vector<RemoveAction> removes;
  std::vector<TxnAction> txns;
  Json commitInfo;  // an object, or null for none
};

// The commit file's text: commitInfo, protocol, metaData, txn, remove, add, one per line.
std::string serializeCommit(const Commit& commit);
// `where` names the file in errors. Unknown action kinds (cdc, domainMetadata...) are skipped.
Result<Commit> parseCommit(std::string_view text, const std::string& where);

// The state of a table at one version.
struct Snapshot {
  int64_t version = -1;
  ProtocolAction protocol;
  MetadataAction metadata;
  Schema schema;  // parsed from metadata.schemaString
  std::vector<AddAction> files;  // live files, in the order they were added
  std::map<std::string, int64_t> txnVersions;  // appId -> version
  int64_t timestamp = 0;  // the commit's commitInfo timestamp, or its file's mtime (ms)
};

class Replay;

// A table's log: reads versions and snapshots, writes new commits.
class DeltaLog {
 public:
  explicit DeltaLog(std::string tableDir);

  const std::string& tableDir() const { return tableDir_; }
  const std::string& logDir() const { return logDir_; }
  // "<logDir>/%020d.json".
  std::string commitPath(int64_t version) const;

  // Whether the directory holds a Delta table (a _delta_log with at least one commit).
  bool exists() const;
  // The latest version; -1 when there is no commit.
  Result<int64_t> latestVersion() const;
  // One commit's actions; an error naming the file when it is missing or malformed.
  Result<Commit> readCommit(int64_t version) const;
  // The commit's time: commitInfo's timestamp, else the file's modification time (ms).
  Result<int64_t> commitTimestamp(int64_t version) const;

  // The table as of version (latest when nullopt). An error when the table does not
  // exist, the version does not, or the protocol needs features spate lacks.
  Result<Snapshot> snapshot(std::optional<int64_t> version = std::nullopt) const;
  // The table at version (latest when nullopt) from base, an earlier snapshot of it,
  // reading only the commits after base: how a writer keeps its snapshot current.
  Result<Snapshot> snapshotAfter(const Snapshot& base, std::optional<int64_t> version = std::nullopt) const;
  // The latest version whose commit time is at or before timestampMs (timestampAsOf).
  Result<int64_t> versionAtOrBefore(int64_t timestampMs) const;

  // Creates version `version` atomically with the commit's actions. When another
  // writer created it first: a ConcurrentModification error (an ExecutionError whose
  // message starts with "ConcurrentModification").
  Status write(int64_t version, const Commit& commit, bool durable = true) const;
  // As write(), but a lost race is false rather than an error (a blind append retries).
  Result<bool> tryWrite(int64_t version, const Commit& commit, bool durable = true) const;

 private:
  Result<Snapshot> replayTo(Replay& replay, int64_t from, int64_t target) const;

  std::string tableDir_;
  std::string logDir_;
};

// The protocol spate writes: reader 1, writer 2 (no table features needed).
ProtocolAction defaultProtocol();
// Whether spate can read a table of this protocol; an error naming the feature otherwise.
Status checkReadable(const ProtocolAction& protocol, const MetadataAction& metadata);

// Adds one action (the value of a log line's "add", "txn", ... member) to commit;
// unknown kinds are skipped. The commit parser and the checkpoint reader share it.
Status parseAction(std::string_view kind, const Json& action, Commit& commit, const std::string& where);

}  // namespace spate::delta
