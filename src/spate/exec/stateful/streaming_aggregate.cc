// Streaming aggregation by group (Spark's StateStoreRestore/Save pair in one operator).
// The state value of a group is the serialized state of each aggregate,
// length-prefixed; each batch writes the groups it changed to the partition's store,
// which is the truth for restarts and retries. Two ways to get there, per partition:
//  - No watermark evicts groups (complete mode, or no event-time key): the groups stay
//    live between batches (LiveGroups), their states updated in memory, so a batch
//    restores nothing and complete mode finalizes them where they are.
//  - A watermark evicts groups (update or append mode): each batch restores the groups
//    its rows touch, folds the rows in, stores them back, then evicts the groups the
//    watermark passed, emitting them in append mode.

#include "spate/columnar/row_codec.h"
#include "spate/columnar/selection.h"
#include "spate/exec/key_table.h"
#include "spate/exec/stateful/partitioned_aggregate.h"

namespace spate::exec {

namespace {

std::vector<int> allKeys(const LogicalPlan& node) {
  std::vector<int> k(node.exprs.size());
  for (size_t i = 0; i < k.size(); ++i) k[i] = static_cast<int>(i);
  return k;
}

class StreamingAggregate final : public PartitionedAggregate {
 public:
  StreamingAggregate(const LogicalPlan& node, StatefulOperatorInfo info)
      : PartitionedAggregate(node, std::move(info), allKeys(node), "stateStoreSave") {
    if (!evictsByWatermark()) live_.resize(static_cast<size_t>(numPartitions_));
  }

 private:
  // A partition's groups between batches: group ids stay, states stay updated.
  struct LiveGroups {
    int64_t version = -1;  // the store version they match; -1: none (rebuild from the store)
    std::unique_ptr<KeyTable> table;
    std::vector<std::unique_ptr<AggregateState>> states;
    std::vector<std::string> storeKeys;  // per group id, its key in the store
  };

  PartitionOutput processPartition(int p, const std::vector<Chunk>& chunks) override {
    PartitionOutput out;
    auto fail = [](Status s) { return PartitionOutput::failed(std::move(s)); };
    auto loaded = loadStore(p);
    if (!loaded.ok()) return fail(loaded.status());
    state::StateStore* store = *loaded;
    if (!live_.empty()) {
      LiveGroups& live = live_[static_cast<size_t>(p)];
      out = processLive(live, *store, chunks);
      if (!out.status.ok()) live.version = -1;  // whatever it holds may be half-applied
      return out;
    }
    // A watermark evicts groups (update or append mode): restore the groups this batch
    // touches, fold the rows in, store them back, evict.

    // Group this batch's rows.
    int64_t numGroups = 0;
    std::vector<ColumnPtr> groupKeys;
    std::vector<std::vector<uint32_t>> ids(chunks.size());
    if (!chunks.empty()) {
      if (keys_.empty()) {
        numGroups = 1;
        for (size_t c = 0; c < chunks.size(); ++c) ids[c].assign(static_cast<size_t>(chunks[c][0]->length()), 0);
      } else {
        KeyTable table(keyTypes_, /*nullsMatch=*/true);
        for (size_t c = 0; c < chunks.size(); ++c) {
          std::vector<ColumnPtr> k(chunks[c].begin(), chunks[c].begin() + static_cast<std::ptrdiff_t>(keys_.size()));
          ids[c].resize(static_cast<size_t>(k[0]->length()));
          table.insert(k, k[0]->length(), ids[c].data());
        }
        numGroups = table.size();
        groupKeys = table.keyColumns();
      }
    }

    // Restore, fold in, store back.
    auto states = newStates();
    for (auto& s : states) s->resize(numGroups);
    RowEncoder encoder(keyTypes_);
    encoder.encodeAll(groupKeys, numGroups);
    for (int64_t g = 0; g < numGroups; ++g) {
      auto stored = store->get(encoder.key(g));
      if (stored) {
        Status st = restoreStates(states, static_cast<uint32_t>(g), *stored);
        if (!st.ok()) return fail(st);
      }
    }
    for (size_t c = 0; c < chunks.size(); ++c) {
      for (size_t a = 0; a < states.size(); ++a) {
        states[a]->update(argsOf(chunks[c], a), ids[c].data(), static_cast<int64_t>(ids[c].size()));
      }
    }
    std::string value;
    for (int64_t g = 0; g < numGroups; ++g) {
      value.clear();
      appendStates(states, static_cast<uint32_t>(g), value);
      store->put(encoder.key(g), value);
    }
    out.updated = numGroups;

    // Here a watermark evicts groups, so the mode is update or append.
    if (info_.outputMode == OutputMode::kUpdate) {
      out.columns = groupKeys;
      for (auto& s : states) {
        auto col = s->finalize(numGroups);
        if (!col.ok()) return fail(col.status());
        out.columns.push_back(std::move(*col));
      }
      out.numRows = numGroups;
    }
    // Groups the watermark passed are final: append mode emits them now, update mode
    // emitted them when they changed; either way their state goes.
    auto evicted = evict(*store, info_.outputMode == OutputMode::kAppend);
    if (!evicted.ok()) return fail(evicted.status());
    out.removed = evicted->removed;
    if (info_.outputMode == OutputMode::kAppend) {
      out.columns = std::move(evicted->columns);
      out.numRows = evicted->numRows;
    }

    out.numStateRows = store->numKeys();
    Status committed = commit(*store, out);
    if (!committed.ok()) return fail(committed);
    return out;
  }

  PartitionOutput processLive(LiveGroups& live, state::StateStore& store, const std::vector<Chunk>& chunks) {
    PartitionOutput out;
    auto fail = [](Status s) { return PartitionOutput::failed(std::move(s)); };
    if (live.version != store.version()) {
      Status rebuilt = rebuildLive(live, store);
      if (!rebuilt.ok()) return fail(rebuilt);
    }
    // Group the rows (new groups get the next ids) and fold them in.
    std::vector<uint32_t> ids;
    std::vector<uint8_t> changed(live.storeKeys.size());
    RowEncoder encoder(keyTypes_);
    for (const Chunk& chunk : chunks) {
      auto n = static_cast<int64_t>(chunk[0]->length());
      ids.resize(static_cast<size_t>(n));
      std::vector<ColumnPtr> k(chunk.begin(), chunk.begin() + static_cast<std::ptrdiff_t>(keys_.size()));
      if (keys_.empty()) std::fill(ids.begin(), ids.end(), 0);
      else live.table->insert(k, n, ids.data());
      for (int64_t i = 0; i < n; ++i) {
        uint32_t g = ids[static_cast<size_t>(i)];
        if (g == live.storeKeys.size()) {  // ids are handed out in order of first sight
          live.storeKeys.emplace_back();
          encoder.append(k, i, live.storeKeys.back());
          changed.push_back(0);
        }
        changed[g] = 1;
      }
      auto numGroups = static_cast<int64_t>(live.storeKeys.size());
      for (size_t a = 0; a < live.states.size(); ++a) {
        live.states[a]->resize(numGroups);
        live.states[a]->update(argsOf(chunk, a), ids.data(), n);
      }
    }
    std::string value;
    std::vector<uint32_t> updatedIds;
    for (size_t g = 0; g < changed.size(); ++g) {
      if (!changed[g]) continue;
      value.clear();
      appendStates(live.states, static_cast<uint32_t>(g), value);
      store.put(live.storeKeys[g], value);
      updatedIds.push_back(static_cast<uint32_t>(g));
    }
    out.updated = static_cast<int64_t>(updatedIds.size());
    if (info_.outputMode != OutputMode::kAppend) {
      // Complete mode shows every group; update mode the changed ones.
      bool all = info_.outputMode == OutputMode::kComplete;
      auto numGroups = static_cast<int64_t>(live.storeKeys.size());
      RowDecoder decoder(keyTypes_);
      int64_t rows = all ? numGroups : static_cast<int64_t>(updatedIds.size());
      for (int64_t r = 0; r < rows; ++r) {
        auto used = decoder.append(live.storeKeys[all ? static_cast<size_t>(r) : updatedIds[static_cast<size_t>(r)]]);
        if (!used.ok()) return fail(used.status());
      }
      out.columns = decoder.finish();
      for (auto& st : live.states) {
        auto col = st->finalize(numGroups);
        if (!col.ok()) return fail(col.status());
        out.columns.push_back(all ? *col : take(*col, reinterpret_cast<const int32_t*>(updatedIds.data()), rows));
      }
      out.numRows = rows;
    }
    out.numStateRows = store.numKeys();
    const int64_t loaded = store.version();
    Status committed = commit(store, out);
    if (!committed.ok()) return fail(committed);
    live.version = loaded + 1;
    return out;
  }

  // The partition's groups as the store holds them.
  Status rebuildLive(LiveGroups& live, const state::StateStore& store) {
    live.table = std::make_unique<KeyTable>(keyTypes_, /*nullsMatch=*/true);
    live.states = newStates();
    live.storeKeys.clear();
    RowDecoder decoder(keyTypes_);
    std::vector<std::string_view> values;
    Status status;
    store.iterate([&](std::string_view key, std::string_view value) {
      if (!status.ok()) return;
      auto used = decoder.append(key);
      if (!used.ok()) {
        status = used.status();
        return;
      }
      live.storeKeys.emplace_back(key);
      values.push_back(value);
    });
    SPATE_RETURN_IF_ERROR(status);
    auto n = static_cast<int64_t>(live.storeKeys.size());
    std::vector<ColumnPtr> keys = decoder.finish();
    std::vector<uint32_t> ids(static_cast<size_t>(n));
    if (!keys_.empty() && n > 0) live.table->insert(keys, n, ids.data());
    for (auto& st : live.states) st->resize(n);
    for (int64_t g = 0; g < n; ++g) {
      SPATE_RETURN_IF_ERROR(restoreStates(live.states, static_cast<uint32_t>(g), values[static_cast<size_t>(g)]));
    }
    live.version = store.version();
    return Status::OK();
  }

  struct Evicted {
    std::vector<ColumnPtr> columns;  // keys then results, when emitted
    int64_t numRows = 0;
    int64_t removed = 0;
  };

  // Removes the groups the watermark passed; with `emit`, also finalizes them.
  Result<Evicted> evict(state::StateStore& store, bool emit) const {
    RowDecoder decoder(keyTypes_);
    std::vector<std::pair<std::string, std::string>> entries;
    Status status;
    store.iterate([&](std::string_view key, std::string_view value) {
      if (!status.ok()) return;
      auto used = decoder.append(key);
      if (!used.ok()) status = used.status();
      entries.emplace_back(key, value);
    });
    SPATE_RETURN_IF_ERROR(status);
    std::vector<ColumnPtr> keys = decoder.finish();
    Evicted out;
    if (entries.empty()) return out;
    const Column& eventTime = *keys[static_cast<size_t>(info_.eventTime.index)];
    std::vector<int32_t> expired;
    for (size_t i = 0; i < entries.size(); ++i) {
      if (isBehind(eventTime, static_cast<int64_t>(i), watermarkMicros_)) expired.push_back(static_cast<int32_t>(i));
    }
    out.removed = static_cast<int64_t>(expired.size());
    if (expired.empty()) return out;
    if (emit) {
      auto n = static_cast<int64_t>(expired.size());
      for (const auto& k : keys) out.columns.push_back(take(k, expired.data(), n));
      auto states = newStates();
      for (auto& st : states) st->resize(n);
      for (int64_t g = 0; g < n; ++g) {
        SPATE_RETURN_IF_ERROR(restoreStates(states, static_cast<uint32_t>(g), entries[static_cast<size_t>(expired[g])].second,
                                            Restore::kForFinalize));
      }
      for (auto& st : states) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, st->finalize(n));
        out.columns.push_back(std::move(c));
      }
      out.numRows = n;
    }
    for (int32_t i : expired) store.remove(entries[static_cast<size_t>(i)].first);
    return out;
  }

  std::vector<LiveGroups> live_;  // per partition, when no watermark evicts groups
};

}  // namespace

Result<std::shared_ptr<StatefulOperator>> makeStreamingAggregate(const LogicalPlan& node,
                                                                 const StatefulOperatorInfo& info) {
  auto op = std::make_shared<StreamingAggregate>(node, info);
  SPATE_RETURN_IF_ERROR(op->init());
  return std::shared_ptr<StatefulOperator>(std::move(op));
}

}  // namespace spate::exec
