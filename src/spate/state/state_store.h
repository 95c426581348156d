#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "spate/common/status.h"

namespace spate::state {

// Where one state store lives: a partition of a stateful operator in a checkpoint,
// <checkpoint>/state/<operatorId>/<partitionId>/.
struct StateStoreId {
  std::string stateRoot;  // <checkpoint>/state
  int64_t operatorId = 0;
  int32_t partitionId = 0;

  std::string directory() const;
};

struct StateStoreConf {
  // A snapshot file is written when this many delta files followed the last one
  // (spark.sql.streaming.stateStore.minDeltasForSnapshot).
  int minDeltasForSnapshot = 10;
  // Versions kept on disk (spark.sql.streaming.minBatchesToRetain); older files go.
  int minBatchesToRetain = 100;
  // Temporary checkpoints (no checkpointLocation) skip fsync: nothing outlives the run.
  bool durable = true;
};

// The key/value state of one partition at one version. A stateful operator loads the
// version equal to the batch id it runs, reads and writes keys, then commits, which
// makes version + 1 durable, or aborts, which forgets the changes.
class StateStore {
 public:
  virtual ~StateStore() = default;

  // The version the store was loaded at.
  virtual int64_t version() const = 0;
  // The value of key, valid until the next put/remove/commit/abort.
  virtual std::optional<std::string_view> get(std::string_view key) const = 0;
  virtual void put(std::string_view key, std::string_view value) = 0;
  virtual void remove(std::string_view key) = 0;
  // Every entry, in no particular order; the store must not change during the call.
  virtual void iterate(const std::function<void(std::string_view key, std::string_view value)>& f) const = 0;
  // The entries whose key starts with prefix.
  virtual void prefixScan(std::string_view prefix,
                          const std::function<void(std::string_view key, std::string_view value)>& f) const = 0;

  // Writes version() + 1 durably and returns it.
  virtual Result<int64_t> commit() = 0;
  virtual void abort() = 0;

  virtual int64_t numKeys() const = 0;
  virtual int64_t memoryUsedBytes() const = 0;
  // Keys put / removed since the store was loaded.
  virtual int64_t numUpdated() const = 0;
  virtual int64_t numRemoved() const = 0;
};

// Owns the stores of one (operator, partition) across batches. The in-memory provider
// keeps the last committed version in memory, so loading the version it just committed
// is free; any other version is rebuilt from the newest snapshot at or below it and the
// delta files after it.
class StateStoreProvider {
 public:
  virtual ~StateStoreProvider() = default;
  // The store at version (0: empty, before the first commit). The returned store is
  // owned by the provider and valid until the next load().
  virtual Result<StateStore*> load(int64_t version) = 0;
};

// In memory, with <version>.delta files per commit and <version>.snapshot files every
// minDeltasForSnapshot versions. Every file is written atomically (temp, fsync, rename)
// and checksummed: a truncated or corrupt file is an error naming it.
Result<std::unique_ptr<StateStoreProvider>> createInMemoryStateStoreProvider(StateStoreId id, StateStoreConf conf);

}  // namespace spate::state
