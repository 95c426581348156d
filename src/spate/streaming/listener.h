#pragma once

#include <optional>
#include <string>

#include "spate/streaming/progress.h"

namespace spate::streaming {

// Spark's StreamingQueryListener: told when queries start, make progress, go idle and
// terminate. Callbacks run on the query's thread, so they should be quick.
class StreamingQueryListener {
 public:
  struct QueryStartedEvent {
    std::string id, runId, name, timestamp;
  };
  struct QueryProgressEvent {
    StreamingQueryProgress progress;
  };
  struct QueryIdleEvent {
    std::string id, runId, timestamp;
  };
  struct QueryTerminatedEvent {
    std::string id, runId;
    std::optional<std::string> exception;  // the error message when the query failed
  };

  virtual ~StreamingQueryListener() = default;
  virtual void onQueryStarted(const QueryStartedEvent&) {}
  virtual void onQueryProgress(const QueryProgressEvent&) {}
  virtual void onQueryIdle(const QueryIdleEvent&) {}
  virtual void onQueryTerminated(const QueryTerminatedEvent&) {}
};

}  // namespace spate::streaming
