#include "spate/exec/stateful/partitioned_aggregate.h"

#include <chrono>
#include <cstring>

#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/common/thread_pool.h"
#include "spate/exec/operators.h"

namespace spate::exec {

namespace {

int64_t elapsedMs(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

PartitionedAggregate::PartitionedAggregate(const LogicalPlan& node, StatefulOperatorInfo info, std::vector<int> hashKeys,
                                           std::string operatorName)
    : info_(std::move(info)), operatorName_(std::move(operatorName)), hashKeys_(std::move(hashKeys)) {
  keys_ = node.exprs;
  schema_ = node.schema();
  for (const auto& k : keys_) keyTypes_.push_back(k->type());
  for (const auto& a : node.aggregates) {
    argStart_.push_back(static_cast<int>(keys_.size() + args_.size()));
    for (const auto& e : a.args) args_.push_back(e);
    argCount_.push_back(static_cast<int>(a.args.size()));
    aggregates_.push_back(a);
  }
  numPartitions_ = hashKeys_.empty() ? 1 : std::max(1, info_.numPartitions);
  inputExprs_ = keys_;
  inputExprs_.insert(inputExprs_.end(), args_.begin(), args_.end());
}

Status PartitionedAggregate::init() {
  if (numPartitions_ > 1) {
    std::vector<BoundExprPtr> refs;
    for (size_t i = 0; i < hashKeys_.size(); ++i) {
      refs.push_back(std::make_shared<BoundColumn>(static_cast<int>(i), "k",
                                                   keyTypes_[static_cast<size_t>(hashKeys_[i])], true));
    }
    SPATE_ASSIGN_OR_RETURN(partitionHash_, makeScalarCall("hash", std::move(refs)));
  }
  return Status::OK();
}

Result<BatchStreamPtr> PartitionedAggregate::open(BatchStreamPtr child, EvalContext& ctx) {
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
    auto at = static_cast<size_t>(i);
    pieces[at].resize(static_cast<size_t>(numPartitions_));
    splitStatus[at] = partition(inputs[at], local, pieces[at], late[at]);
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
  m.operatorName = operatorName_;
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
    m.numRowsTotal += o.numStateRows;
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

std::string PartitionedAggregate::describe() const {
  std::vector<std::string> k;
  for (const auto& e : keys_) k.push_back(e->toString());
  return fmt::format("{} [{}], operatorId = {}, partitions = {}, mode = {}", operatorName_, joinStrings(k, ", "),
                     info_.operatorId, numPartitions_, outputModeName(info_.outputMode));
}

StatefulOperatorMetrics PartitionedAggregate::metrics() const {
  std::lock_guard<std::mutex> lock(metricsMu_);
  return metrics_;
}

Json PartitionedAggregate::stateLayout() const {
  Json j = Json::object();
  j.set("operator", operatorName_ == "stateStoreSave" ? "aggregate" : operatorName_);
  Json keys = Json::array();
  for (size_t i = 0; i < keys_.size(); ++i) {
    keys.push(fmt::format("{} {}", schema_->field(i).name, keyTypes_[i]->simpleString()));
  }
  j.set("keys", std::move(keys));
  Json aggs = Json::array();
  for (const auto& a : aggregates_) {
    std::vector<std::string> argTypes;
    for (const auto& e : a.args) argTypes.push_back(e->type()->simpleString());
    aggs.push(fmt::format("{}{}({}){}", a.name, a.distinct ? " DISTINCT" : "", joinStrings(argTypes, ", "),
                          a.filtered ? " FILTER" : ""));
  }
  j.set("aggregates", std::move(aggs));
  j.set("partitions", static_cast<int64_t>(numPartitions_));
  return j;
}

Status PartitionedAggregate::partition(const BatchPtr& input, EvalContext& ctx, std::vector<std::vector<Chunk>>& parts,
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
    for (int64_t i = 0; i < n; ++i) {
      (isBehind(*key, i, lateWatermarkMicros_) ? lateRows : kept).push_back(static_cast<int32_t>(i));
    }
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
  std::vector<ColumnPtr> keyCols;
  auto keySchema = std::make_shared<Schema>();
  for (int k : hashKeys_) {
    keyCols.push_back(cols[static_cast<size_t>(k)]);
    keySchema->add("k", keyTypes_[static_cast<size_t>(k)], true);
  }
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

Status PartitionedAggregate::commit(state::StateStore& store, PartitionOutput& out) const {
  auto commitStart = std::chrono::steady_clock::now();
  SPATE_RETURN_IF_ERROR(store.commit().status());
  out.commitMs = elapsedMs(commitStart);
  out.memoryBytes = store.memoryUsedBytes();
  return Status::OK();
}

std::vector<std::unique_ptr<AggregateState>> PartitionedAggregate::newStates() const {
  std::vector<std::unique_ptr<AggregateState>> s;
  for (const auto& a : aggregates_) s.push_back(a.resolved.create());
  return s;
}

std::vector<ColumnPtr> PartitionedAggregate::argsOf(const Chunk& chunk, size_t a) const {
  auto b = chunk.begin() + argStart_[a];
  return std::vector<ColumnPtr>(b, b + argCount_[a]);
}

void PartitionedAggregate::appendStates(const std::vector<std::unique_ptr<AggregateState>>& states, uint32_t g,
                                        std::string& out) const {
  for (const auto& s : states) {
    size_t at = out.size();
    out.append(4, '\0');
    s->serializeGroup(g, out);
    auto len = static_cast<uint32_t>(out.size() - at - 4);
    std::memcpy(out.data() + at, &len, 4);
  }
}

Status PartitionedAggregate::restoreStates(std::vector<std::unique_ptr<AggregateState>>& states, uint32_t g,
                                           std::string_view value, Restore how) const {
  size_t pos = 0;
  for (auto& s : states) {
    uint32_t len = 0;
    if (value.size() - pos < 4) return Status::Internal("corrupt aggregation state: truncated value");
    std::memcpy(&len, value.data() + pos, 4);
    pos += 4;
    if (value.size() - pos < len) return Status::Internal("corrupt aggregation state: truncated value");
    std::string_view bytes = value.substr(pos, len);
    switch (how) {
      case Restore::kFull: SPATE_RETURN_IF_ERROR(s->deserializeGroup(g, bytes)); break;
      case Restore::kMerge: SPATE_RETURN_IF_ERROR(s->mergeGroup(g, bytes)); break;
      case Restore::kForFinalize: SPATE_RETURN_IF_ERROR(s->restoreForFinalize(g, bytes)); break;
    }
    pos += len;
  }
  return Status::OK();
}

bool PartitionedAggregate::isBehind(const Column& key, int64_t i, int64_t watermark) const {
  if (key.isNull(i)) return false;
  if (info_.eventTime.isWindow) {
    const Column& end = *key.child(1);
    return !end.isNull(i) && end.values<int64_t>()[i] <= watermark;
  }
  return key.values<int64_t>()[i] <= watermark;
}

}  // namespace spate::exec
