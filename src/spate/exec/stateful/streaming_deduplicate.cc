// dropDuplicates and dropDuplicatesWithinWatermark on a stream (Spark's
// StreamingDeduplicateExec and StreamingDeduplicateWithinWatermarkExec): the keys seen
// are kept in a state store; a row whose key is there is dropped. With event time the
// value of a key is the time at which it expires (its event time, plus the delay for
// dropDuplicatesWithinWatermark), and keys the watermark passed are evicted.

#include <chrono>
#include <cstring>
#include <mutex>

#include "spate/columnar/row_codec.h"
#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/exec/operators.h"
#include "spate/exec/stateful/stateful_operator.h"

namespace spate::exec {

namespace {

class StreamingDeduplicate final : public StatefulOperator {
 public:
  StreamingDeduplicate(const LogicalPlan& node, StatefulOperatorInfo info, DeduplicateEventTime eventTime)
      : info_(std::move(info)), eventTime_(eventTime), keys_(node.exprs), schema_(node.schema()),
        withinWatermark_(node.withinWatermark) {
    for (const auto& k : keys_) keyTypes_.push_back(k->type());
  }

  Result<BatchStreamPtr> open(BatchStreamPtr child, EvalContext& ctx) override {
    auto start = std::chrono::steady_clock::now();
    SPATE_ASSIGN_OR_RETURN(state::StateStore * store, loadSingleStore(info_));
    std::vector<BatchPtr> out;
    int64_t dropped = 0, added = 0;
    RowEncoder encoder(keyTypes_);
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr in, child->next());
      if (!in) break;
      int64_t n = in->numRows();
      if (n == 0) continue;
      std::vector<ColumnPtr> keys;
      for (const auto& k : keys_) {
        SPATE_ASSIGN_OR_RETURN(ColumnPtr c, k->eval(*in, ctx));
        keys.push_back(Column::flatten(c));
      }
      encoder.encodeAll(keys, n);
      ColumnPtr times;
      if (eventTime_.ordinal >= 0) times = Column::flatten(in->column(static_cast<size_t>(eventTime_.ordinal)));
      std::vector<int32_t> kept, late;
      for (int64_t i = 0; i < n; ++i) {
        std::optional<int64_t> t = times ? eventTimeAt(*times, i) : std::nullopt;
        if (t && *t <= lateWatermarkMicros_) {
          late.push_back(static_cast<int32_t>(i));
          continue;
        }
        std::string_view key = encoder.key(i);
        if (store->get(key)) continue;
        int64_t expiry = t ? *t + eventTime_.delayMicros : INT64_MAX;
        store->put(key, std::string_view(reinterpret_cast<const char*>(&expiry), sizeof expiry));
        ++added;
        kept.push_back(static_cast<int32_t>(i));
      }
      if (!late.empty()) {
        dropped += static_cast<int64_t>(late.size());
        addLateRows(take(in, late));
      }
      if (static_cast<int64_t>(kept.size()) == n) {
        out.push_back(in);
      } else if (!kept.empty()) {
        out.push_back(take(in, kept));
      }
    }
    int64_t removed = 0;
    if (eventTime_.ordinal >= 0) removed = evict(*store);
    auto commitStart = std::chrono::steady_clock::now();
    SPATE_RETURN_IF_ERROR(store->commit().status());
    auto ms = [](auto a) {
      return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - a).count();
    };
    std::lock_guard<std::mutex> lock(mu_);
    metrics_.operatorName = withinWatermark_ ? "dedupeWithinWatermark" : "dedupe";
    metrics_.numRowsTotal = store->numKeys();
    metrics_.numRowsUpdated = added;
    metrics_.numRowsRemoved = removed;
    metrics_.numRowsDroppedByWatermark = dropped;
    metrics_.memoryUsedBytes = store->memoryUsedBytes();
    metrics_.numShufflePartitions = 1;
    metrics_.numStateStoreInstances = 1;
    metrics_.commitTimeMs = ms(commitStart);
    metrics_.allUpdatesTimeMs = ms(start);
    return makeBatchesScan(schema_, std::move(out));
  }

  std::string describe() const override {
    std::vector<std::string> k;
    for (const auto& e : keys_) k.push_back(e->toString());
    return fmt::format("{} [{}], operatorId = {}", withinWatermark_ ? "DedupeWithinWatermark" : "Dedupe",
                       joinStrings(k, ", "), info_.operatorId);
  }
  StatefulOperatorMetrics metrics() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return metrics_;
  }
  bool evictsByWatermark() const override { return eventTime_.ordinal >= 0; }
  Json stateLayout() const override {
    Json j = Json::object();
    j.set("operator", withinWatermark_ ? "dedupeWithinWatermark" : "dedupe");
    Json keys = Json::array();
    for (size_t i = 0; i < keys_.size(); ++i) keys.push(keys_[i]->type()->simpleString());
    j.set("keys", std::move(keys));
    return j;
  }

 private:
  std::optional<int64_t> eventTimeAt(const Column& c, int64_t i) const {
    if (c.isNull(i)) return std::nullopt;
    if (!eventTime_.isWindow) return c.values<int64_t>()[i];
    const Column& end = *c.child(1);
    if (end.isNull(i)) return std::nullopt;
    return end.values<int64_t>()[i];
  }

  // Removes the keys whose expiry the watermark reached; returns how many.
  int64_t evict(state::StateStore& store) const {
    std::vector<std::string> expired;
    store.iterate([&](std::string_view key, std::string_view value) {
      int64_t expiry = INT64_MAX;
      if (value.size() == sizeof expiry) std::memcpy(&expiry, value.data(), sizeof expiry);
      if (expiry <= watermarkMicros_) expired.emplace_back(key);
    });
    for (const auto& k : expired) store.remove(k);
    return static_cast<int64_t>(expired.size());
  }

  StatefulOperatorInfo info_;
  DeduplicateEventTime eventTime_;
  std::vector<BoundExprPtr> keys_;
  std::vector<TypePtr> keyTypes_;
  SchemaPtr schema_;
  bool withinWatermark_;
  mutable std::mutex mu_;
  StatefulOperatorMetrics metrics_;
};

}  // namespace

std::shared_ptr<StatefulOperator> makeStreamingDeduplicate(const LogicalPlan& node, const StatefulOperatorInfo& info,
                                                           DeduplicateEventTime eventTime) {
  return std::make_shared<StreamingDeduplicate>(node, info, eventTime);
}

}  // namespace spate::exec
