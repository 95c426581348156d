#pragma once

#include <cstdint>
#include <string>

namespace spate::exec {

// What the last batch did, for progress (Spark's StateOperatorProgress).
struct StatefulOperatorMetrics {
  std::string operatorName;
  int64_t numRowsTotal = 0;
  int64_t numRowsUpdated = 0;
  int64_t numRowsRemoved = 0;
  int64_t allUpdatesTimeMs = 0;
  int64_t allRemovalsTimeMs = 0;
  int64_t commitTimeMs = 0;
  int64_t memoryUsedBytes = 0;
  int64_t numRowsDroppedByWatermark = 0;
  int64_t numShufflePartitions = 0;
  int64_t numStateStoreInstances = 0;
};

}  // namespace spate::exec
