#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spate/streaming/query_manager.h"
#include "spate/streaming/streaming_query.h"

namespace spate::sql {

using streaming::StreamingQueryListener;
using streaming::StreamingQueryProgress;
using streaming::StreamingQueryStatus;
using streaming::Trigger;

// A handle on a running streaming query (Spark's StreamingQuery). Errors are thrown as
// spate::Error carrying the engine's message.
class StreamingQuery {
 public:
  explicit StreamingQuery(streaming::StreamingQueryPtr query) : q_(std::move(query)) {}

  const std::string& id() const { return q_->id(); }
  const std::string& runId() const { return q_->runId(); }
  const std::string& name() const { return q_->name(); }
  bool isActive() const { return q_->isActive(); }
  void stop() { q_->stop(); }
  // Waits until the query ends; throws the query's error if it failed.
  void awaitTermination();
  // As above, giving up after timeoutMs: true when the query ended.
  bool awaitTermination(int64_t timeoutMs);
  void processAllAvailable();
  // The error that stopped the query, if any.
  std::optional<std::string> exception() const;
  StreamingQueryStatus status() const { return q_->status(); }
  std::optional<StreamingQueryProgress> lastProgress() const { return q_->lastProgress(); }
  std::vector<StreamingQueryProgress> recentProgress() const { return q_->recentProgress(); }
  std::string explainString() const { return q_->explain(); }
  void explain() const;

  const streaming::StreamingQueryPtr& engineQuery() const { return q_; }

 private:
  streaming::StreamingQueryPtr q_;
};

// session.streams(): the session's queries and listeners.
class StreamingQueryManager {
 public:
  explicit StreamingQueryManager(std::shared_ptr<streaming::StreamingQueryManager> m) : m_(std::move(m)) {}
  std::vector<StreamingQuery> active() const;
  std::optional<StreamingQuery> get(const std::string& id) const;
  void awaitAnyTermination();
  bool awaitAnyTermination(int64_t timeoutMs);
  void resetTerminated() { m_->resetTerminated(); }
  void addListener(std::shared_ptr<StreamingQueryListener> listener) { m_->addListener(std::move(listener)); }
  void removeListener(const std::shared_ptr<StreamingQueryListener>& listener) { m_->removeListener(listener); }

 private:
  std::shared_ptr<streaming::StreamingQueryManager> m_;
};

}  // namespace spate::sql
