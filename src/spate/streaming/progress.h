#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "spate/common/json.h"
#include "spate/exec/stateful/operator_metrics.h"

namespace spate::streaming {

// Spark's StateOperatorProgress: an operator's metrics of the batch, plus its own.
struct StateOperatorProgress : exec::StatefulOperatorMetrics {
  std::map<std::string, int64_t> customMetrics;
};

// Spark's SourceProgress; offsets are the sources' JSON (null when absent).
struct SourceProgress {
  std::string description;
  std::optional<std::string> startOffset;
  std::optional<std::string> endOffset;
  std::optional<std::string> latestOffset;
  int64_t numInputRows = 0;
  double inputRowsPerSecond = 0;
  double processedRowsPerSecond = 0;
  std::map<std::string, std::string> metrics;
};

struct SinkProgress {
  std::string description;
  int64_t numOutputRows = -1;  // -1: the sink does not report it (as Spark)
  std::map<std::string, std::string> metrics;
};

// Spark's StreamingQueryProgress: what one trigger did, in the JSON Spark's
// lastProgress prints.
struct StreamingQueryProgress {
  std::string id;
  std::string runId;
  std::string name;  // empty: null
  std::string timestamp;  // trigger start, "2024-01-02T03:04:05.678Z"
  int64_t batchId = 0;
  int64_t batchDuration = 0;
  int64_t numInputRows = 0;
  double inputRowsPerSecond = 0;
  double processedRowsPerSecond = 0;
  std::map<std::string, int64_t> durationMs;  // addBatch, getBatch, latestOffset, queryPlanning, ...
  std::map<std::string, std::string> eventTime;  // min, max, avg, watermark; empty without event time
  std::vector<StateOperatorProgress> stateOperators;
  std::vector<SourceProgress> sources;
  SinkProgress sink;

  Json toJson() const;
  std::string json() const { return toJson().dump(); }
  std::string prettyJson() const { return toJson().dump(true); }
};

// What the query is doing now (Spark's StreamingQueryStatus).
struct StreamingQueryStatus {
  std::string message = "Initializing sources";
  bool isDataAvailable = false;
  bool isTriggerActive = false;

  Json toJson() const;
};

}  // namespace spate::streaming
