// Streaming aggregation (Spark's StateStoreRestore/Save pair in one operator). Each
// batch, per partition: group the batch's rows with a KeyTable, restore the stored
// state of the groups seen, fold the rows in, store the groups back, and emit the
// changed groups (update mode) or every group (complete mode). The state value of a
// group is the serialized state of each aggregate, length-prefixed.

#include <chrono>
#include <mutex>

#include "spate/columnar/row_codec.h"
#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/common/thread_pool.h"
#include "spate/exec/key_table.h"
#include "spate/exec/operators.h"
#include "spate/exec/stateful/stateful_operator.h"

namespace spate::exec {

namespace {

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

void appendU32(std::string& out, uint32_t v) { out.append(reinterpret_cast<const char*>(&v), 4); }

// The rows of one partition of a batch: key columns then every aggregate argument.
using Chunk = std::vector<ColumnPtr>;

struct PartitionOutput {
  Status status;
  std::vector<ColumnPtr> columns;  // keys then aggregate results
  int64_t numRows = 0;
  int64_t numKeys = 0;
  int64_t updated = 0;
  int64_t removed = 0;
  int64_t memoryBytes = 0;
  int64_t commitMs = 0;
};

class StreamingAggregate final : public StatefulOperator {
 public:
  StreamingAggregate(const LogicalPlan& node, StatefulOperatorInfo info) : info_(std::move(info)) {
    keys_ = node.exprs;
    schema_ = node.schema();
    for (const auto& k : keys_) keyTypes_.push_back(k->type());
    for (const auto& a : node.aggregates) {
      argStart_.push_back(static_cast<int>(keys_.size() + args_.size()));
      for (const auto& e : a.args) args_.push_back(e);
      argCount_.push_back(static_cast<int>(a.args.size()));
      aggregates_.push_back(a);
    }
    numPartitions_ = keys_.empty() ? 1 : std::max(1, info_.numPartitions);
  }

  Status init() {
    if (numPartitions_ > 1) {
      std::vector<BoundExprPtr> refs;
      for (size_t i = 0; i < keys_.size(); ++i) {
        refs.push_back(std::make_shared<BoundColumn>(static_cast<int>(i), "k", keyTypes_[i], true));
      }
      SPATE_ASSIGN_OR_RETURN(partitionHash_, makeScalarCall("hash", std::move(refs)));
    }
    return Status::OK();
  }

  Result<BatchStreamPtr> open(BatchStreamPtr child, EvalContext& ctx) override {
    auto start = std::chrono::steady_clock::now();
    // The stores open on the first batch, once the checkpoint is known to fit the query.
    for (int p = static_cast<int>(providers_.size()); p < numPartitions_; ++p) {
      state::StateStoreId id{info_.stateRoot, info_.operatorId, p};
      SPATE_ASSIGN_OR_RETURN(auto provider, state::createInMemoryStateStoreProvider(id, info_.storeConf));
      providers_.push_back(std::move(provider));
    }
    SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> inputs, drain(*child));
    // Input batches are split by partition in parallel, then each partition's pieces
    // are taken in input order (first() and last() depend on it).
    auto numInputs = static_cast<int64_t>(inputs.size());
    std::vector<std::vector<std::vector<Chunk>>> pieces(inputs.size());
    std::vector<Status> splitStatus(inputs.size());
    std::vector<BatchPtr> late(inputs.size());
    ThreadPool::shared().parallelFor(numInputs, [&](int64_t i) {
      EvalContext local = ctx;
      auto& mine = pieces[static_cast<size_t>(i)];
      mine.resize(static_cast<size_t>(numPartitions_));
      auto at = static_cast<size_t>(i);
      splitStatus[at] = partition(inputs[at], local, mine, late[at]);
    });
    for (const auto& st : splitStatus) SPATE_RETURN_IF_ERROR(st);
    std::vector<std::vector<Chunk>> parts(static_cast<size_t>(numPartitions_));
    for (auto& perInput : pieces) {
      for (size_t p = 0; p < perInput.size(); ++p) {
        for (auto& chunk : perInput[p]) parts[p].push_back(std::move(chunk));
      }
    }

    std::vector<PartitionOutput> outs(static_cast<size_t>(numPartitions_));
    ThreadPool::shared().parallelFor(numPartitions_, [&](int64_t p) {
      outs[static_cast<size_t>(p)] = processPartition(static_cast<int>(p), parts[static_cast<size_t>(p)]);
    });

    StatefulOperatorMetrics m;
    m.operatorName = "stateStoreSave";
    for (auto& l : late) {
      if (!l) continue;
      m.numRowsDroppedByWatermark += l->numRows();
      addLateRows(std::move(l));
    }
    m.numShufflePartitions = numPartitions_;
    m.numStateStoreInstances = numPartitions_;
    std::vector<BatchPtr> result;
    for (auto& o : outs) {
      SPATE_RETURN_IF_ERROR(o.status);
      m.numRowsTotal += o.numKeys;
      m.numRowsUpdated += o.updated;
      m.numRowsRemoved += o.removed;
      m.memoryUsedBytes += o.memoryBytes;
      m.commitTimeMs = std::max(m.commitTimeMs, o.commitMs);
      if (o.numRows > 0) result.push_back(std::make_shared<const Batch>(schema_, std::move(o.columns), o.numRows));
    }
    m.allUpdatesTimeMs = elapsedMs(start);
    {
      std::lock_guard<std::mutex> lock(metricsMu_);
      metrics_ = m;
    }
    return makeBatchesScan(schema_, std::move(result));
  }

  std::string describe() const override {
    std::vector<std::string> k;
    for (const auto& e : keys_) k.push_back(e->toString());
    return fmt::format("StateStoreSave [{}], operatorId = {}, partitions = {}, mode = {}", joinStrings(k, ", "),
                       info_.operatorId, numPartitions_, outputModeName(info_.outputMode));
  }

  StatefulOperatorMetrics metrics() const override {
    std::lock_guard<std::mutex> lock(metricsMu_);
    return metrics_;
  }
  bool evictsByWatermark() const override {
    return info_.eventTime.index >= 0 && info_.outputMode != OutputMode::kComplete;
  }

  Json stateLayout() const override {
    Json j = Json::object();
    j.set("operator", "aggregate");
    Json keys = Json::array();
    for (size_t i = 0; i < keys_.size(); ++i) {
      keys.push(fmt::format("{} {}", schema_->field(i).name, keyTypes_[i]->simpleString()));
    }
    j.set("keys", std::move(keys));
    Json aggs = Json::array();
    for (size_t a = 0; a < aggregates_.size(); ++a) {
      std::vector<std::string> argTypes;
      for (const auto& e : aggregates_[a].args) argTypes.push_back(e->type()->simpleString());
      aggs.push(fmt::format("{}{}({})", aggregates_[a].name, aggregates_[a].distinct ? " DISTINCT" : "",
                            joinStrings(argTypes, ", ")));
    }
    j.set("aggregates", std::move(aggs));
    j.set("partitions", static_cast<int64_t>(numPartitions_));
    return j;
  }

 private:
  // Evaluates keys and arguments over one input batch and splits its rows by
  // partition. Runs concurrently for different batches.
  Status partition(const BatchPtr& input, EvalContext& ctx, std::vector<std::vector<Chunk>>& parts,
                   BatchPtr& late) const {
    const Batch& in = *input;
    int64_t n = in.numRows();
    if (n == 0) return Status::OK();
    Chunk cols;
    for (const auto& k : keys_) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k->eval(in, ctx));
      cols.push_back(Column::flatten(c));
    }
    for (const auto& a : args_) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, a->eval(in, ctx));
      cols.push_back(std::move(c));
    }
    if (info_.eventTime.index >= 0) {
      // Rows at or behind the watermark are late: their group may be gone already.
      std::vector<int32_t> kept, lateRows;
      const ColumnPtr& key = cols[static_cast<size_t>(info_.eventTime.index)];
      kept.reserve(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) (isBehind(*key, i, lateWatermarkMicros_) ? lateRows : kept).push_back(static_cast<int32_t>(i));
      if (!lateRows.empty()) {
        late = take(input, lateRows);
        n = static_cast<int64_t>(kept.size());
        if (n == 0) return Status::OK();
        for (auto& c : cols) c = take(c, kept.data(), n);
      }
    }
    if (numPartitions_ == 1) {
      parts[0].push_back(std::move(cols));
      return Status::OK();
    }
    std::vector<ColumnPtr> keyCols(cols.begin(), cols.begin() + static_cast<std::ptrdiff_t>(keys_.size()));
    auto keySchema = std::make_shared<Schema>();
    for (size_t i = 0; i < keys_.size(); ++i) keySchema->add("k", keyTypes_[i], true);
    Batch keyBatch(keySchema, keyCols, n);
    SPATE_ASSIGN_OR_RETURN(ColumnPtr hashes, partitionHash_->eval(keyBatch, ctx));
    hashes = Column::flatten(hashes);
    const int32_t* h = hashes->values<int32_t>();
    std::vector<std::vector<int32_t>> rows(static_cast<size_t>(numPartitions_));
    for (int64_t i = 0; i < n; ++i) {
      int32_t p = h[i] % numPartitions_;
      if (p < 0) p += numPartitions_;
      rows[static_cast<size_t>(p)].push_back(static_cast<int32_t>(i));
    }
    for (int p = 0; p < numPartitions_; ++p) {
      const auto& r = rows[static_cast<size_t>(p)];
      if (r.empty()) continue;
      Chunk part;
      for (const auto& c : cols) part.push_back(take(c, r.data(), static_cast<int64_t>(r.size())));
      parts[static_cast<size_t>(p)].push_back(std::move(part));
    }
    return Status::OK();
  }

  std::vector<std::unique_ptr<AggregateState>> newStates() const {
    std::vector<std::unique_ptr<AggregateState>> s;
    for (const auto& a : aggregates_) s.push_back(a.resolved.create());
    return s;
  }

  std::vector<ColumnPtr> argsOf(const Chunk& chunk, size_t a) const {
    auto b = chunk.begin() + argStart_[a];
    return std::vector<ColumnPtr>(b, b + argCount_[a]);
  }

  // Restores the aggregates of group g from a stored value.
  Status restore(std::vector<std::unique_ptr<AggregateState>>& states, uint32_t g, std::string_view value) const {
    size_t pos = 0;
    for (auto& s : states) {
      uint32_t len = 0;
      if (value.size() - pos < 4) return Status::Internal("corrupt aggregation state: truncated value");
      std::memcpy(&len, value.data() + pos, 4);
      pos += 4;
      if (value.size() - pos < len) return Status::Internal("corrupt aggregation state: truncated value");
      SPATE_RETURN_IF_ERROR(s->deserializeGroup(g, value.substr(pos, len)));
      pos += len;
    }
    return Status::OK();
  }

  void save(const std::vector<std::unique_ptr<AggregateState>>& states, uint32_t g, std::string& value) const {
    value.clear();
    for (const auto& s : states) {
      size_t at = value.size();
      appendU32(value, 0);
      s->serializeGroup(g, value);
      uint32_t len = static_cast<uint32_t>(value.size() - at - 4);
      std::memcpy(value.data() + at, &len, 4);
    }
  }

  PartitionOutput processPartition(int p, const std::vector<Chunk>& chunks) {
    PartitionOutput out;
    auto fail = [&](Status s) {
      out.status = std::move(s);
      return std::move(out);
    };
    auto loaded = providers_[static_cast<size_t>(p)]->load(batchId_);
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
        Status st = restore(states, static_cast<uint32_t>(g), *stored);
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
      save(states, static_cast<uint32_t>(g), value);
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

    auto commitStart = std::chrono::steady_clock::now();
    auto committed = store->commit();
    if (!committed.ok()) return fail(committed.status());
    out.commitMs = elapsedMs(commitStart);
    out.numKeys = store->numKeys();
    out.memoryBytes = store->memoryUsedBytes();
    return out;
  }

  // Whether row i of the event-time key column is at or behind `watermark`: for a
  // window, its end. A null event time never is.
  bool isBehind(const Column& key, int64_t i, int64_t watermark) const {
    if (key.isNull(i)) return false;
    if (info_.eventTime.isWindow) {
      const Column& end = *key.child(1);
      return !end.isNull(i) && end.values<int64_t>()[i] <= watermark;
    }
    return key.values<int64_t>()[i] <= watermark;
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
        SPATE_RETURN_IF_ERROR(restore(states, static_cast<uint32_t>(g), entries[static_cast<size_t>(expired[g])].second));
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
      status = restore(states, g++, value);
    });
    SPATE_RETURN_IF_ERROR(status);
    std::vector<ColumnPtr> cols = decoder.finish();
    for (auto& s : states) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr c, s->finalize(g));
      cols.push_back(std::move(c));
    }
    return std::make_pair(std::move(cols), static_cast<int64_t>(g));
  }

  StatefulOperatorInfo info_;
  std::vector<BoundExprPtr> keys_;
  std::vector<TypePtr> keyTypes_;
  std::vector<BoundExprPtr> args_;
  std::vector<int> argStart_, argCount_;
  std::vector<AggregateCall> aggregates_;
  SchemaPtr schema_;
  int numPartitions_ = 1;
  BoundExprPtr partitionHash_;
  std::vector<std::unique_ptr<state::StateStoreProvider>> providers_;
  mutable std::mutex metricsMu_;
  StatefulOperatorMetrics metrics_;
};

}  // namespace

Result<std::shared_ptr<StatefulOperator>> makeStreamingAggregate(const LogicalPlan& node,
                                                                 const StatefulOperatorInfo& info) {
  auto op = std::make_shared<StreamingAggregate>(node, info);
  SPATE_RETURN_IF_ERROR(op->init());
  return std::shared_ptr<StatefulOperator>(std::move(op));
}

}  // namespace spate::exec
