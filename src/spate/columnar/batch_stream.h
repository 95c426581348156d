#pragma once

#include <memory>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"

namespace spate {

// A pull-based stream of batches of one schema: physical operators and table sources
// both are. next() returns nullptr at the end.
class BatchStream {
 public:
  virtual ~BatchStream() = default;
  virtual Result<BatchPtr> next() = 0;
};

using BatchStreamPtr = std::unique_ptr<BatchStream>;

}  // namespace spate
