#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "spate/common/status.h"

namespace spate::streaming {

// When micro-batches run (Spark's Trigger).
struct Trigger {
  enum class Kind {
    kProcessingTime,  // every intervalMs (0: as soon as the previous batch ends)
    kOnce,            // one batch of everything available, then stop
    kAvailableNow,    // everything available at start, in batches the read limits allow, then stop
  };
  Kind kind = Kind::kProcessingTime;
  int64_t intervalMs = 0;

  // "2 seconds", "interval 500 milliseconds", "0 seconds".
  static Result<Trigger> processingTime(std::string_view interval);
  static Trigger processingTimeMs(int64_t ms) { return {Kind::kProcessingTime, ms}; }
  static Trigger once() { return {Kind::kOnce, 0}; }
  static Trigger availableNow() { return {Kind::kAvailableNow, 0}; }

  // As Spark prints it: "ProcessingTimeTrigger(2000)", "OneTimeTrigger", "AvailableNowTrigger".
  std::string toString() const;
};

}  // namespace spate::streaming
