#include "spate/connectors/stream_sources.h"

#include <charconv>
#include <cmath>
#include <thread>

#include "spate/columnar/builder.h"
#include "spate/common/datetime.h"
#include "spate/common/duration.h"
#include "spate/common/strings.h"
#include "spate/connectors/source_util.h"
#include "spate/io/file_format.h"

namespace spate::connectors {

Result<std::shared_ptr<const streaming::SourceRelation>> makeStreamSource(const StreamSourceRequest& request) {
  const std::string format = toLower(trimView(request.format));
  if (format == "rate") return makeRateSource(request);
  if (format == "rate-micro-batch") return makeRateMicroBatchSource(request);
  if (format == "socket") return makeSocketSource(request);
  if (format == "kafka") return makeKafkaSource(request);
  if (format == "delta") return makeDeltaStreamSource(request);
  if (format == "nexmark") return makeNexmarkSource(request);
  if (findFileFormat(format).ok()) return makeFileStreamSource(request);
  // Spark's wording for sources that exist but only as sinks or through another API.
  if (format == "memory" || format == "console" || format == "foreach") {
    return Status::AnalysisError("Data source {} does not support streamed reading", format);
  }
  return Status::AnalysisError(
      "Failed to find data source: {}. Known streaming sources: rate, rate-micro-batch, socket, kafka, nexmark, csv, "
      "json, text, parquet, delta, memory",
      request.format);
}

Result<int64_t> parseTimeStringMicros(std::string_view text, std::string_view option, int64_t defaultUnitMicros) {
  const std::string lower = toLower(trimView(text));
  std::string_view s = lower;
  auto invalid = [&](std::string_view why) {
    return Status::Invalid("Invalid value '{}' for option '{}': {}", text, option, why);
  };
  // Interval text ("5 seconds") is what the rest of spate accepts for durations.
  if (s.find(' ') != std::string_view::npos) {
    auto v = parseIntervalString(s);
    if (!v.ok()) return invalid(v.status().message());
    return static_cast<int64_t>(*v);
  }
  size_t digitsEnd = (!s.empty() && s[0] == '-') ? 1 : 0;
  while (digitsEnd < s.size() && s[digitsEnd] >= '0' && s[digitsEnd] <= '9') ++digitsEnd;
  int64_t n = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + digitsEnd, n);
  if (digitsEnd == 0 || ec != std::errc() || ptr != s.data() + digitsEnd) {
    return invalid("expected a number with an optional unit such as 5s, 10m, 2h or 7d");
  }
  std::string_view suffix = s.substr(digitsEnd);
  int64_t unit = defaultUnitMicros;
  if (suffix == "us") unit = 1;
  else if (suffix == "ms") unit = 1000;
  else if (suffix == "s") unit = kMicrosPerSecond;
  else if (suffix == "m" || suffix == "min") unit = kMicrosPerMinute;
  else if (suffix == "h") unit = kMicrosPerHour;
  else if (suffix == "d") unit = kMicrosPerDay;
  else if (!suffix.empty()) return invalid(fmt::format("invalid suffix \"{}\"", suffix));
  int64_t micros = 0;
  if (__builtin_mul_overflow(n, unit, &micros)) return invalid("the duration is out of range");
  return micros;
}

Result<int64_t> positiveOption(const Options& options, std::string_view key, int64_t def) {
  SPATE_ASSIGN_OR_RETURN(int64_t v, options.getInt(key, def));
  if (v <= 0) return Status::Invalid("Invalid value '{}'. The option '{}' must be positive", v, key);
  return v;
}

Result<int64_t> parseLongOffset(const streaming::Offset& offset, std::string_view source) {
  std::string_view s = trimView(offset);
  int64_t v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    return Status::ExecutionError("Invalid offset '{}' for the {} source: expected a number", offset, source);
  }
  return v;
}

int defaultNumPartitions() { return static_cast<int>(std::max(1u, std::thread::hardware_concurrency())); }

SchemaPtr rateSchema() {
  static const SchemaPtr schema =
      std::make_shared<const Schema>(Schema().add("timestamp", DataType::timestamp()).add("value", DataType::long_()));
  return schema;
}

std::vector<BatchPtr> rateBatches(int64_t rangeStart, int64_t rangeEnd, int numPartitions, int64_t baseMillis,
                                  double millisPerValue) {
  std::vector<BatchPtr> out;
  const SchemaPtr schema = rateSchema();
  for (int p = 0; p < numPartitions; ++p) {
    const int64_t first = rangeStart + p;
    if (first >= rangeEnd) break;
    const int64_t rows = (rangeEnd - first + numPartitions - 1) / numPartitions;
    for (int64_t done = 0; done < rows; done += FileFormat::kBatchRows) {
      const int64_t n = std::min<int64_t>(FileFormat::kBatchRows, rows - done);
      FixedColumnBuilder<int64_t> ts(DataType::timestamp(), n);
      FixedColumnBuilder<int64_t> values(DataType::long_(), n);
      int64_t* t = ts.data();
      int64_t* v = values.data();
      int64_t value = first + done * numPartitions;
      for (int64_t i = 0; i < n; ++i, value += numPartitions) {
        v[i] = value;
        // Java's Math.round: half up.
        const double offsetMillis = static_cast<double>(value - rangeStart) * millisPerValue;
        const auto relative = static_cast<int64_t>(std::floor(offsetMillis + 0.5));
        t[i] = (baseMillis + relative) * 1000;
      }
      out.push_back(std::make_shared<Batch>(schema, std::vector<ColumnPtr>{ts.finish(), values.finish()}, n));
    }
  }
  return out;
}

}  // namespace spate::connectors
