// The "rate-micro-batch" source: exactly rowsPerBatch rows per micro-batch whatever the
// wall clock says, and a generated time that advances advanceMillisPerBatch per batch,
// as Spark's RatePerMicroBatchStream. Batch k holds values [k*rows, (k+1)*rows), all
// with timestamp startTimestamp + k*advanceMillisPerBatch, so results are reproducible.

#include "spate/common/json.h"
#include "spate/connectors/source_util.h"
#include "spate/connectors/stream_sources.h"

namespace spate::connectors {

namespace {

using streaming::Offset;

struct RatePerBatchConfig {
  int64_t rowsPerBatch = 0;
  int numPartitions = 1;
  int64_t startTimestamp = 0;
  int64_t advanceMillisPerBatch = 1000;
};

// RatePerMicroBatchStreamOffset: the next value and the generated time at it.
struct RatePerBatchOffset {
  int64_t offset = 0;
  int64_t timestamp = 0;

  Offset json() const { return fmt::format("{{\"offset\":{},\"timestamp\":{}}}", offset, timestamp); }

  static Result<RatePerBatchOffset> parse(const Offset& text) {
    auto invalid = [&](const Status& why) {
      return Status::ExecutionError("Invalid offset '{}' for the rate-micro-batch source: {}", text, why.message());
    };
    auto json = Json::parse(text);
    if (!json.ok()) return invalid(json.status());
    auto offset = json->intMember("offset", "offset");
    if (!offset.ok()) return invalid(offset.status());
    auto timestamp = json->intMember("timestamp", "offset");
    if (!timestamp.ok()) return invalid(timestamp.status());
    return RatePerBatchOffset{*offset, *timestamp};
  }
};

class RatePerBatchSource final : public streaming::Source {
 public:
  explicit RatePerBatchSource(RatePerBatchConfig config) : config_(config) {}

  SchemaPtr schema() const override { return rateSchema(); }
  std::string describe() const override {
    return fmt::format("RatePerMicroBatchStream[rowsPerBatch={}, numPartitions={}, startTimestamp={}, "
                       "advanceMsPerBatch={}]",
                       config_.rowsPerBatch, config_.numPartitions, config_.startTimestamp,
                       config_.advanceMillisPerBatch);
  }
  bool replayable() const override { return true; }

  // Always one batch further: the source has data whenever asked. Without a read limit
  // (Trigger.Once) it is still one batch, as in Spark.
  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    if (availableNowEnd_) return std::optional<Offset>(*availableNowEnd_);
    SPATE_ASSIGN_OR_RETURN(RatePerBatchOffset next, nextOffset(start));
    if (availableNow_) availableNowEnd_ = next.json();
    return std::optional<Offset>(next.json());
  }

  // The end is the batch after the first offset asked for from now on.
  Status prepareForAvailableNow() override {
    availableNow_ = true;
    return Status::OK();
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    RatePerBatchOffset from = initial();
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, RatePerBatchOffset::parse(*start));
    }
    SPATE_ASSIGN_OR_RETURN(RatePerBatchOffset to, RatePerBatchOffset::parse(end));
    if (from.offset > to.offset || from.timestamp > to.timestamp) {
      return Status::ExecutionError("rate-micro-batch source: start offset {} is after end offset {}", from.json(),
                                    to.json());
    }
    // Every row of the range carries the generated time at its start.
    return rateBatches(from.offset, to.offset, config_.numPartitions, from.timestamp, 0.0);
  }

 private:
  RatePerBatchOffset initial() const { return {0, config_.startTimestamp}; }

  Result<RatePerBatchOffset> nextOffset(const std::optional<Offset>& start) const {
    RatePerBatchOffset from = initial();
    if (start) {
      SPATE_ASSIGN_OR_RETURN(from, RatePerBatchOffset::parse(*start));
    }
    // Saturating, as Spark's Math.min(start + rows, Long.MaxValue) means to.
    int64_t end = 0;
    if (__builtin_add_overflow(from.offset, config_.rowsPerBatch, &end)) end = INT64_MAX;
    int64_t timestamp = 0;
    if (__builtin_add_overflow(from.timestamp, config_.advanceMillisPerBatch, &timestamp)) timestamp = INT64_MAX;
    return RatePerBatchOffset{end, timestamp};
  }

  RatePerBatchConfig config_;
  bool availableNow_ = false;
  std::optional<Offset> availableNowEnd_;
};

class RatePerBatchRelation final : public streaming::SourceRelation {
 public:
  explicit RatePerBatchRelation(RatePerBatchConfig config) : config_(config) {}
  SchemaPtr schema() const override { return rateSchema(); }
  std::string describe() const override {
    return fmt::format("RatePerMicroBatch(rowsPerBatch={}, numPartitions={}, startTimestamp={}, "
                       "advanceMillisPerBatch={})",
                       config_.rowsPerBatch, config_.numPartitions, config_.startTimestamp,
                       config_.advanceMillisPerBatch);
  }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    return std::unique_ptr<streaming::Source>(std::make_unique<RatePerBatchSource>(config_));
  }

 private:
  RatePerBatchConfig config_;
};

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeRateMicroBatchSource(const StreamSourceRequest& request) {
  const Options& o = request.options;
  if (request.userSchema) {
    return Status::AnalysisError("RatePerMicroBatchProvider source does not support user-specified schema.");
  }
  RatePerBatchConfig c;
  SPATE_ASSIGN_OR_RETURN(c.rowsPerBatch, positiveOption(o, "rowsPerBatch", 0));
  SPATE_ASSIGN_OR_RETURN(int64_t partitions, positiveOption(o, "numPartitions", defaultNumPartitions()));
  if (partitions > INT32_MAX) {
    return Status::Invalid("Invalid value '{}'. The option 'numPartitions' is too large", partitions);
  }
  c.numPartitions = static_cast<int>(partitions);
  SPATE_ASSIGN_OR_RETURN(c.startTimestamp, o.getInt("startTimestamp", 0));
  if (c.startTimestamp < 0) {
    return Status::Invalid("Invalid value '{}'. The option 'startTimestamp' must be non-negative", c.startTimestamp);
  }
  SPATE_ASSIGN_OR_RETURN(c.advanceMillisPerBatch, o.getInt("advanceMillisPerBatch", 1000));
  if (c.advanceMillisPerBatch < 0 || c.advanceMillisPerBatch > INT32_MAX) {
    return Status::Invalid("Invalid value '{}'. The option 'advanceMillisPerBatch' must be non-negative",
                           c.advanceMillisPerBatch);
  }
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<RatePerBatchRelation>(c));
}

}  // namespace spate::connectors
