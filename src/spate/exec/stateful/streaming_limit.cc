// LIMIT over a stream in append mode (Spark's StreamingGlobalLimitExec): the rows
// emitted so far are counted in state, so the query emits at most `limit` rows over
// its whole life, across batches and restarts.

#include <chrono>
#include <cstring>
#include <mutex>

#include "spate/columnar/selection.h"
#include "spate/exec/operators.h"
#include "spate/exec/stateful/stateful_operator.h"

namespace spate::exec {

namespace {

class StreamingLimit final : public StatefulOperator {
 public:
  StreamingLimit(const LogicalPlan& node, StatefulOperatorInfo info)
      : info_(std::move(info)), limit_(node.limit), schema_(node.schema()) {}

  Result<BatchStreamPtr> open(BatchStreamPtr child, EvalContext&) override {
    auto start = std::chrono::steady_clock::now();
    SPATE_ASSIGN_OR_RETURN(state::StateStore * store, loadSingleStore(info_));
    int64_t emitted = 0;
    if (auto v = store->get("")) {
      if (v->size() != sizeof emitted) return Status::Internal("corrupt streaming limit state: {} bytes", v->size());
      std::memcpy(&emitted, v->data(), sizeof emitted);
    }
    std::vector<BatchPtr> out;
    while (true) {
      SPATE_ASSIGN_OR_RETURN(BatchPtr b, child->next());
      if (!b) break;
      int64_t room = limit_ - emitted;
      if (room <= 0) continue;  // drained so the rows are consumed, but not emitted
      int64_t n = std::min(room, b->numRows());
      out.push_back(n == b->numRows() ? b : sliceBatch(b, 0, n));
      emitted += n;
    }
    store->put("", std::string_view(reinterpret_cast<const char*>(&emitted), sizeof emitted));
    auto commitStart = std::chrono::steady_clock::now();
    SPATE_RETURN_IF_ERROR(store->commit().status());
    std::lock_guard<std::mutex> lock(mu_);
    metrics_.operatorName = "globalLimit";
    metrics_.numRowsTotal = 1;
    metrics_.numRowsUpdated = 1;
    metrics_.numShufflePartitions = 1;
    metrics_.numStateStoreInstances = 1;
    metrics_.memoryUsedBytes = store->memoryUsedBytes();
    auto ms = [](auto a, auto b) { return std::chrono::duration_cast<std::chrono::milliseconds>(b - a).count(); };
    metrics_.commitTimeMs = ms(commitStart, std::chrono::steady_clock::now());
    metrics_.allUpdatesTimeMs = ms(start, std::chrono::steady_clock::now());
    return makeBatchesScan(schema_, std::move(out));
  }

  std::string describe() const override {
    return fmt::format("StreamingGlobalLimit {}, operatorId = {}", limit_, info_.operatorId);
  }
  StatefulOperatorMetrics metrics() const override {
    std::lock_guard<std::mutex> lock(mu_);
    return metrics_;
  }
  Json stateLayout() const override {
    Json j = Json::object();
    j.set("operator", "limit");
    j.set("limit", limit_);
    return j;
  }

 private:
  StatefulOperatorInfo info_;
  int64_t limit_;
  SchemaPtr schema_;
  mutable std::mutex mu_;
  StatefulOperatorMetrics metrics_;
};

}  // namespace

std::shared_ptr<StatefulOperator> makeStreamingLimit(const LogicalPlan& node, const StatefulOperatorInfo& info) {
  return std::make_shared<StreamingLimit>(node, info);
}

}  // namespace spate::exec
