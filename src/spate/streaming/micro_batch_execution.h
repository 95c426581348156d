#pragma once

#include <memory>

#include "spate/streaming/streaming_query.h"

namespace spate::streaming {

class StreamingQueryManager;

// 2024-01-02T03:04:05.678Z, as progress reports times.
std::string isoTimestamp(int64_t millis);

}  // namespace spate::streaming
