#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/expr/scan_request.h"
#include "spate/plan/logical_plan.h"
#include "spate/streaming/clock.h"

namespace spate::streaming {

// A source's position as the JSON text stored in offsets/<batchId>, one line per
// source, as Spark's SerializedOffset (e.g. {"logOffset":3} or 42).
using Offset = std::string;

// What a source may use while a query runs.
struct SourceContext {
  std::string metadataPath;  // <checkpoint>/sources/<i>/: the source's own log (seen files)
  ClockPtr clock;
  bool durable = true;  // false for a temporary checkpoint: no fsync needed
};

// A streaming source. The engine asks for the latest offset, writes it to the offset
// log, then asks for the rows between the previous batch's end and it. Offsets must
// be comparable as text: an unchanged offset means no new data.
class Source {
 public:
  virtual ~Source() = default;
  virtual SchemaPtr schema() const = 0;
  // For progress: "RateStreamV2[rowsPerSecond=1, rampUpTimeSeconds=0, numPartitions=2".
  virtual std::string describe() const = 0;
  // Whether getBatch(start, end) returns the same rows after a restart. A query over a
  // source that cannot replay is at-most-once across crashes; the engine logs it.
  virtual bool replayable() const = 0;

  // The end offset of the next batch, starting after `start` (nullopt: before the
  // first row). applyReadLimit: honour per-trigger limits (maxFilesPerTrigger...);
  // false for Trigger.Once, which reads everything. nullopt when there is no data yet.
  virtual Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) = 0;
  // Trigger.AvailableNow: fixes the end of what exists now; latestOffset never goes
  // past it afterwards.
  virtual Status prepareForAvailableNow() { return Status::OK(); }
  // What the query asks of schema(), called once before the first getBatch (everything
  // when never called): how much it reads of each column, which a source may return
  // as nulls, and the filter above it, whose failing rows a source may leave out.
  virtual void setScanRequest(ScanRequest request) {}
  // The rows after start up to and including end.
  virtual Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) = 0;
  // Everything up to end is committed: the source may let go of it (socket buffers,
  // cleanSource).
  virtual Status commit(const Offset& end) { return Status::OK(); }
  virtual void stop() {}
  // Extra entries for this source's "metrics" in progress.
  virtual std::map<std::string, std::string> metrics() const { return {}; }
};

// A StreamingRelation that knows how to make its source: what DataStreamReader.load()
// and MemoryStream.toDF() put in a plan.
class SourceRelation : public StreamingRelation {
 public:
  // Called when a query starts (and again on each restart).
  virtual Result<std::unique_ptr<Source>> createSource(const SourceContext& ctx) const = 0;
};

}  // namespace spate::streaming
