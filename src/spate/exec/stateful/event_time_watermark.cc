// withWatermark in a stream (Spark's EventTimeWatermarkExec): passes rows through and
// gathers the event-time statistics of the batch, from which the engine advances the
// watermark after the batch.

#include <limits>
#include <mutex>

#include "spate/exec/stateful/stateful_operator.h"

namespace spate::exec {

namespace {

class Observer final : public BatchStream {
 public:
  Observer(BatchStreamPtr child, int ordinal, EventTimeStats& stats, std::mutex& mu)
      : child_(std::move(child)), ordinal_(ordinal), stats_(stats), mu_(mu) {}

  Result<BatchPtr> next() override {
    SPATE_ASSIGN_OR_RETURN(BatchPtr b, child_->next());
    if (!b) return b;
    ColumnPtr c = Column::flatten(b->column(static_cast<size_t>(ordinal_)));
    const int64_t* t = c->values<int64_t>();
    EventTimeStats s;
    for (int64_t i = 0; i < b->numRows(); ++i) {
      if (c->isNull(i)) continue;
      s.min = std::min(s.min, t[i]);
      s.max = std::max(s.max, t[i]);
      s.sum += static_cast<double>(t[i]);
      ++s.count;
    }
    std::lock_guard<std::mutex> lock(mu_);
    stats_.merge(s);
    return b;
  }

 private:
  BatchStreamPtr child_;
  int ordinal_;
  EventTimeStats& stats_;
  std::mutex& mu_;
};

}  // namespace

void EventTimeStats::merge(const EventTimeStats& o) {
  min = std::min(min, o.min);
  max = std::max(max, o.max);
  sum += o.sum;
  count += o.count;
}

EventTimeWatermark::EventTimeWatermark(int ordinal, int64_t delayMicros, std::string column)
    : ordinal_(ordinal), delayMicros_(delayMicros), column_(std::move(column)) {}

Result<BatchStreamPtr> EventTimeWatermark::open(BatchStreamPtr child, EvalContext&) {
  return BatchStreamPtr(std::make_unique<Observer>(std::move(child), ordinal_, stats_, mu_));
}

std::string EventTimeWatermark::describe() const {
  return fmt::format("EventTimeWatermark {}, delay = {} ms", column_, delayMicros_ / 1000);
}

EventTimeStats EventTimeWatermark::takeStats() {
  std::lock_guard<std::mutex> lock(mu_);
  EventTimeStats s = stats_;
  stats_ = EventTimeStats();
  return s;
}

}  // namespace spate::exec
