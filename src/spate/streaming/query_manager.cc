#include "spate/streaming/query_manager.h"

#include "spate/streaming/micro_batch_execution.h"

namespace spate::streaming {

Result<StreamingQueryPtr> StreamingQueryManager::startQuery(const PlanPtr& plan, std::unique_ptr<Sink> sink,
                                                            QueryConfig config) {
  SPATE_ASSIGN_OR_RETURN(StreamingQueryPtr query,
                         StreamingQuery::prepare(plan, std::move(sink), std::move(config), weak_from_this()));
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [id, q] : active_) {
      if (!query->name().empty() && q->name() == query->name()) {
        return Status::Invalid(
            "Cannot start query with name {} as a query with that name is already active in this session",
            query->name());
      }
      if (id == query->id()) {
        return Status::Invalid(
            "Cannot start query with id {} as another query with same id is already active. Perhaps you are "
            "attempting to restart a query from checkpoint that is already active.",
            id);
      }
    }
    active_[query->id()] = query;
  }
  StreamingQueryListener::QueryStartedEvent started{query->id(), query->runId(), query->name(),
                                                    isoTimestamp(query->startMillis())};
  for (const auto& l : listeners()) l->onQueryStarted(started);
  query->launch();
  return query;
}

std::vector<StreamingQueryPtr> StreamingQueryManager::active() const {
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<StreamingQueryPtr> out;
  for (const auto& [id, q] : active_) out.push_back(q);
  return out;
}

StreamingQueryPtr StreamingQueryManager::get(const std::string& id) const {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(id);
  return it == active_.end() ? nullptr : it->second;
}

Result<bool> StreamingQueryManager::awaitAnyTermination(std::optional<int64_t> timeoutMs) {
  std::unique_lock<std::mutex> lock(mu_);
  auto done = [&] { return anyTerminated_; };
  if (timeoutMs) {
    if (!terminated_.wait_for(lock, std::chrono::milliseconds(*timeoutMs), done)) return false;
  } else {
    terminated_.wait(lock, done);
  }
  if (lastTerminatedError_) return *lastTerminatedError_;
  return true;
}

void StreamingQueryManager::resetTerminated() {
  std::lock_guard<std::mutex> lock(mu_);
  anyTerminated_ = false;
  lastTerminatedError_.reset();
}

void StreamingQueryManager::addListener(std::shared_ptr<StreamingQueryListener> listener) {
  std::lock_guard<std::mutex> lock(mu_);
  listeners_.push_back(std::move(listener));
}

void StreamingQueryManager::removeListener(const std::shared_ptr<StreamingQueryListener>& listener) {
  std::lock_guard<std::mutex> lock(mu_);
  std::erase(listeners_, listener);
}

std::vector<std::shared_ptr<StreamingQueryListener>> StreamingQueryManager::listeners() const {
  std::lock_guard<std::mutex> lock(mu_);
  return listeners_;
}

StreamingQueryPtr StreamingQueryManager::queryTerminated(const StreamingQuery* query,
                                                         const std::optional<Status>& error) {
  StreamingQueryPtr keep;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(query->id());
    if (it != active_.end() && it->second.get() == query) {
      keep = it->second;
      active_.erase(it);
    }
    anyTerminated_ = true;
    if (error) lastTerminatedError_ = error;
  }
  terminated_.notify_all();
  return keep;
}

}  // namespace spate::streaming
