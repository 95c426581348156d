// The "rate" source: rowsPerSecond rows a second (after an optional linear ramp-up),
// values 0, 1, 2, ... with timestamps spread over the seconds of each batch, as Spark's
// RateStreamMicroBatchStream. The offset is the number of whole seconds since the
// source first started, so a restarted query continues the same timeline.

#include <filesystem>

#include "spate/common/datetime.h"
#include "spate/common/file_util.h"
#include "spate/common/strings.h"
#include "spate/connectors/source_util.h"
#include "spate/connectors/stream_sources.h"

namespace spate::connectors {

namespace {

using streaming::Offset;

constexpr std::string_view kStartTimeLogVersion = "v1";

struct RateConfig {
  int64_t rowsPerSecond = 1;
  int64_t rampUpSeconds = 0;
  int numPartitions = 1;
  std::string numPartitionsText;  // as given, or "default": Spark's describe shows the option
};

// The last value (exclusive) emitted by the end of second `seconds`. During ramp-up the
// speed grows by rowsPerSecond / (rampUp + 1) each second. Written as Spark's
// valueAtSecond so the sequences agree, including its integer rounding.
int64_t valueAtSecond(int64_t seconds, int64_t rowsPerSecond, int64_t rampUpSeconds) {
  const int64_t speedDeltaPerSecond = rowsPerSecond / (rampUpSeconds + 1);
  if (seconds <= rampUpSeconds) {
    // (speedDelta * seconds) * (seconds + 1) / 2, halving the even factor first to
    // keep the intermediate in range.
    if (seconds % 2 == 1) return (seconds + 1) / 2 * speedDeltaPerSecond * seconds;
    return seconds / 2 * speedDeltaPerSecond * (seconds + 1);
  }
  const int64_t rampUpPart = valueAtSecond(rampUpSeconds, rowsPerSecond, rampUpSeconds);
  return rampUpPart + (seconds - rampUpSeconds) * rowsPerSecond;
}

std::string describeRate(const RateConfig& c) {
  // Spark's toString, including its missing closing bracket.
  return fmt::format("RateStreamV2[rowsPerSecond={}, rampUpTimeSeconds={}, numPartitions={}", c.rowsPerSecond,
                     c.rampUpSeconds, c.numPartitionsText);
}

// The start time, as recorded in <metadataPath>/0 on the first run ("v1\n<millis>", the
// layout of Spark's rate source metadata log).
Result<int64_t> loadOrRecordStartTime(const streaming::SourceContext& ctx) {
  const int64_t now = ctx.clock->nowMillis();
  if (ctx.metadataPath.empty()) return now;
  const std::string file = ctx.metadataPath + "/0";
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    SPATE_RETURN_IF_ERROR(writeFileAtomically(file, fmt::format("{}\n{}", kStartTimeLogVersion, now), ctx.durable));
    return now;
  }
  SPATE_ASSIGN_OR_RETURN(std::string content, readFileToString(file));
  size_t nl = content.find('\n');
  if (nl == std::string::npos || std::string_view(content).substr(0, nl) != kStartTimeLogVersion) {
    return Status::IOError("Log file was malformed: failed to detect the log file version line in {}", file);
  }
  auto start = parseLongOffset(content.substr(nl + 1), "rate");
  if (!start.ok()) return Status::IOError("Log file was malformed: {} does not hold a start time", file);
  return *start;
}

class RateSource final : public streaming::Source {
 public:
  RateSource(RateConfig config, streaming::ClockPtr clock, int64_t startMillis)
      : config_(std::move(config)), clock_(std::move(clock)), startMillis_(startMillis), lastMillis_(startMillis),
        maxSeconds_(INT64_MAX / config_.rowsPerSecond) {}

  SchemaPtr schema() const override { return rateSchema(); }
  std::string describe() const override { return describeRate(config_); }
  bool replayable() const override { return true; }

  Result<std::optional<Offset>> latestOffset(const std::optional<Offset>& start, bool applyReadLimit) override {
    // Never goes back, even if the clock does.
    lastMillis_ = std::max(lastMillis_, clock_->nowMillis());
    int64_t seconds = (lastMillis_ - startMillis_) / 1000;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(int64_t startSeconds, parseLongOffset(*start, "rate"));
      seconds = std::max(seconds, startSeconds);
    } else if (seconds == 0) {
      return std::optional<Offset>();
    }
    return std::optional<Offset>(std::to_string(seconds));
  }

  Result<std::vector<BatchPtr>> getBatch(const std::optional<Offset>& start, const Offset& end) override {
    int64_t startSeconds = 0;
    if (start) {
      SPATE_ASSIGN_OR_RETURN(startSeconds, parseLongOffset(*start, "rate"));
    }
    SPATE_ASSIGN_OR_RETURN(int64_t endSeconds, parseLongOffset(end, "rate"));
    if (startSeconds < 0 || startSeconds > endSeconds) {
      return Status::ExecutionError("rate source: start offset {} is after end offset {}", startSeconds, endSeconds);
    }
    if (endSeconds > maxSeconds_) {
      return Status::ExecutionError("Integer overflow. Max offset with {} rowsPerSecond is {}, but it's {} now.",
                                    config_.rowsPerSecond, maxSeconds_, endSeconds);
    }
    // A batch re-run after a restart may lie ahead of the clock: later offsets must not
    // go back behind it.
    lastMillis_ = std::max(lastMillis_, startMillis_ + endSeconds * 1000);
    const int64_t rangeStart = valueAtSecond(startSeconds, config_.rowsPerSecond, config_.rampUpSeconds);
    const int64_t rangeEnd = valueAtSecond(endSeconds, config_.rowsPerSecond, config_.rampUpSeconds);
    if (rangeStart == rangeEnd) return std::vector<BatchPtr>{};
    // The batch's values are spread evenly over its seconds, as Spark does: with a
    // ramp-up the spacing is the batch's average, not each second's own.
    const double millisPerValue =
        static_cast<double>((endSeconds - startSeconds) * 1000) / static_cast<double>(rangeEnd - rangeStart);
    return rateBatches(rangeStart, rangeEnd, config_.numPartitions, startMillis_ + startSeconds * 1000,
                       millisPerValue);
  }

 private:
  RateConfig config_;
  streaming::ClockPtr clock_;
  int64_t startMillis_;
  int64_t lastMillis_;
  int64_t maxSeconds_;
};

class RateRelation final : public streaming::SourceRelation {
 public:
  explicit RateRelation(RateConfig config) : config_(std::move(config)) {}
  SchemaPtr schema() const override { return rateSchema(); }
  std::string describe() const override {
    return fmt::format("RateStream(rowsPerSecond={}, rampUpTimeSeconds={}, numPartitions={})", config_.rowsPerSecond,
                       config_.rampUpSeconds, config_.numPartitions);
  }
  Result<std::unique_ptr<streaming::Source>> createSource(const streaming::SourceContext& ctx) const override {
    if (!ctx.clock) return Status::Internal("rate source created without a clock");
    SPATE_ASSIGN_OR_RETURN(int64_t startMillis, loadOrRecordStartTime(ctx));
    return std::unique_ptr<streaming::Source>(std::make_unique<RateSource>(config_, ctx.clock, startMillis));
  }

 private:
  RateConfig config_;
};

}  // namespace

Result<std::shared_ptr<const streaming::SourceRelation>> makeRateSource(const StreamSourceRequest& request) {
  const Options& o = request.options;
  if (request.userSchema) {
    return Status::AnalysisError("RateStreamProvider source does not support user-specified schema.");
  }
  RateConfig c;
  SPATE_ASSIGN_OR_RETURN(c.rowsPerSecond, positiveOption(o, "rowsPerSecond", 1));
  if (o.has("rampUpTime")) {
    // Finer units than seconds are truncated, as JavaUtils.timeStringAsSec does.
    SPATE_ASSIGN_OR_RETURN(int64_t micros, parseTimeStringMicros(o.get("rampUpTime"), "rampUpTime", kMicrosPerSecond));
    c.rampUpSeconds = micros / kMicrosPerSecond;
    if (c.rampUpSeconds < 0) {
      return Status::Invalid("Invalid value '{}'. The option 'rampUpTime' must not be negative", c.rampUpSeconds);
    }
  }
  SPATE_ASSIGN_OR_RETURN(int64_t partitions, positiveOption(o, "numPartitions", defaultNumPartitions()));
  if (partitions > INT32_MAX) {
    return Status::Invalid("Invalid value '{}'. The option 'numPartitions' is too large", partitions);
  }
  c.numPartitions = static_cast<int>(partitions);
  c.numPartitionsText = o.has("numPartitions") ? o.get("numPartitions") : "default";
  const int64_t maxSeconds = INT64_MAX / c.rowsPerSecond;
  if (c.rampUpSeconds > maxSeconds) {
    return Status::Invalid("Integer overflow. Max offset with {} rowsPerSecond is {}, but 'rampUpTimeSeconds' is {}.",
                           c.rowsPerSecond, maxSeconds, c.rampUpSeconds);
  }
  return std::shared_ptr<const streaming::SourceRelation>(std::make_shared<RateRelation>(std::move(c)));
}

}  // namespace spate::connectors
