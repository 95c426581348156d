#pragma once

#include <functional>
#include <memory>
#include <vector>

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

// Every batch of a stream that has rows.
Result<std::vector<BatchPtr>> drain(BatchStream& stream);

// Batches already in memory, as a stream.
BatchStreamPtr streamOf(std::vector<BatchPtr> batches);

// The streams of `parts` parts (files) one after the other, each opened when the one
// before it ends, so one part is held at a time.
BatchStreamPtr chainStreams(size_t parts, std::function<Result<BatchStreamPtr>(size_t)> openPart);

// A stream's batches, each passed through map (which adds or reorders columns).
BatchStreamPtr mapStream(BatchStreamPtr stream, std::function<Result<BatchPtr>(BatchPtr)> map);

}  // namespace spate
