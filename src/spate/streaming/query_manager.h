#pragma once

#include <condition_variable>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <vector>

#include "spate/streaming/streaming_query.h"

namespace spate::streaming {

// The streaming queries of a session (Spark's StreamingQueryManager): starts them,
// keeps the active ones, and tells listeners what they do.
class StreamingQueryManager : public std::enable_shared_from_this<StreamingQueryManager> {
 public:
  // Checks the plan for the output mode (Spark's rules), opens or creates the
  // checkpoint and starts the query's thread. Errors found before the first batch
  // (unsupported operations, a checkpoint of another query, a name or id already
  // active) are returned here rather than from the query.
  Result<StreamingQueryPtr> startQuery(const PlanPtr& plan, std::unique_ptr<Sink> sink, QueryConfig config);

  std::vector<StreamingQueryPtr> active() const;
  // The active query with this id, or null.
  StreamingQueryPtr get(const std::string& id) const;
  // Waits until any query ends (or one ended since the last resetTerminated): true
  // when one has, false on timeout; the error of a query that failed.
  Result<bool> awaitAnyTermination(std::optional<int64_t> timeoutMs = std::nullopt);
  void resetTerminated();

  void addListener(std::shared_ptr<StreamingQueryListener> listener);
  void removeListener(const std::shared_ptr<StreamingQueryListener>& listener);
  std::vector<std::shared_ptr<StreamingQueryListener>> listeners() const;

  // Called by a query as it ends; returns the manager's reference to it, which the
  // query releases last.
  StreamingQueryPtr queryTerminated(const StreamingQuery* query, const std::optional<Status>& error);

 private:
  mutable std::mutex mu_;
  std::condition_variable terminated_;
  std::map<std::string, StreamingQueryPtr> active_;  // by id
  std::optional<Status> lastTerminatedError_;
  bool anyTerminated_ = false;
  std::vector<std::shared_ptr<StreamingQueryListener>> listeners_;
};

}  // namespace spate::streaming
