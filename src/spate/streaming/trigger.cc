#include "spate/streaming/trigger.h"

#include <fmt/format.h>

#include "spate/common/duration.h"

namespace spate::streaming {

Result<Trigger> Trigger::processingTime(std::string_view interval) {
  SPATE_ASSIGN_OR_RETURN(int64_t micros, parseDuration(interval, "trigger processingTime"));
  return processingTimeMs(micros / 1000);
}

std::string Trigger::toString() const {
  switch (kind) {
    case Kind::kProcessingTime: return fmt::format("ProcessingTimeTrigger({})", intervalMs);
    case Kind::kOnce: return "OneTimeTrigger";
    case Kind::kAvailableNow: return "AvailableNowTrigger";
  }
  return "?";
}

}  // namespace spate::streaming
