// Streaming aggregation by group (Spark's StateStoreRestore/Save pair in one operator).
// Each batch, per partition: group the batch's rows with a KeyTable, restore the stored
// state of the groups seen, fold the rows in, store the groups back, and emit the
// changed groups (update mode) or every group (complete mode). The state value of a
// group is the serialized state of each aggregate, length-prefixed.

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
      : PartitionedAggregate(node, std::move(info), allKeys(node), "stateStoreSave") {}

 private:
  PartitionOutput processPartition(int p, const std::vector<Chunk>& chunks) override {
    PartitionOutput out;
    auto fail = [](Status s) { return PartitionOutput::failed(std::move(s)); };
    auto loaded = loadStore(p);
    if (!loaded.ok()) return fail(loaded.status());
    state::StateStore* store = *loaded;

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

    if (info_.outputMode == OutputMode::kComplete) {
      auto emitted = emitAll(*store);
      if (!emitted.ok()) return fail(emitted.status());
      out.columns = std::move(emitted->first);
      out.numRows = emitted->second;
    } else if (info_.outputMode == OutputMode::kUpdate) {
      out.columns = groupKeys;
      for (auto& s : states) {
        auto col = s->finalize(numGroups);
        if (!col.ok()) return fail(col.status());
        out.columns.push_back(std::move(*col));
      }
      out.numRows = numGroups;
    }
    if (info_.eventTime.index >= 0 && info_.outputMode != OutputMode::kComplete) {
      // Groups the watermark passed are final: append mode emits them now, update
      // mode emitted them when they changed; either way their state goes.
      auto evicted = evict(*store, info_.outputMode == OutputMode::kAppend);
      if (!evicted.ok()) return fail(evicted.status());
      out.removed = evicted->removed;
      if (info_.outputMode == OutputMode::kAppend) {
        out.columns = std::move(evicted->columns);
        out.numRows = evicted->numRows;
      }
    }

    out.numStateRows = store->numKeys();
    Status committed = commit(*store, out);
    if (!committed.ok()) return fail(committed);
    return out;
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
        SPATE_RETURN_IF_ERROR(restoreStates(states, static_cast<uint32_t>(g), entries[static_cast<size_t>(expired[g])].second));
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

  // Every group in the store, finalized: complete mode's output for a partition.
  Result<std::pair<std::vector<ColumnPtr>, int64_t>> emitAll(const state::StateStore& store) const {
    RowDecoder decoder(keyTypes_);
    auto states = newStates();
    for (auto& s : states) s->resize(store.numKeys());
    uint32_t g = 0;
    Status status;
    store.iterate([&](std::string_view key, std::string_view value) {
      if (!status.ok()) return;
      auto used = decoder.append(key);
      if (!used.ok()) {
        status = used.status();
        return;
      }
      status = restoreStates(states, g++, value);
    });
    SPATE_RETURN_IF_ERROR(status);
    std::vector<ColumnPtr> cols = decoder.finish();
    for (auto& s : states) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, s->finalize(g));
      cols.push_back(std::move(c));
    }
    return std::make_pair(std::move(cols), static_cast<int64_t>(g));
  }
};

}  // namespace

Result<std::shared_ptr<StatefulOperator>> makeStreamingAggregate(const LogicalPlan& node,
                                                                 const StatefulOperatorInfo& info) {
  auto op = std::make_shared<StreamingAggregate>(node, info);
  SPATE_RETURN_IF_ERROR(op->init());
  return std::shared_ptr<StatefulOperator>(std::move(op));
}

}  // namespace spate::exec
