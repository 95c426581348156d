#pragma once

// Pieces the built-in stream sources share: Spark's option parsing rules and the
// (timestamp, value) rows of the two rate sources. Internal to connectors/.

#include <cstdint>
#include <string_view>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"
#include "spate/io/options.h"
#include "spate/streaming/source.h"

namespace spate::connectors {

// A duration option as Spark's JavaUtils.timeStringAs reads it: "<n>" in the default
// unit, or "<n><us|ms|s|m|min|h|d>" ("5s", "2m", "7d"); we also accept interval text
// such as "5 seconds". Returns microseconds.
Result<int64_t> parseTimeStringMicros(std::string_view text, std::string_view option, int64_t defaultUnitMicros);

// An integer option that must be > 0 when given: "Invalid value '-1'. The option
// 'rowsPerSecond' must be positive".
Result<int64_t> positiveOption(const Options& options, std::string_view key, int64_t def);

// A LongOffset as JSON text ("42"); an error naming the source when it is not one.
Result<int64_t> parseLongOffset(const streaming::Offset& offset, std::string_view source);

// Spark's default parallelism in local mode: the number of cores.
int defaultNumPartitions();

// "timestamp TIMESTAMP, value BIGINT", as Spark's rate sources declare them (nullable).
SchemaPtr rateSchema();

// The rows with values [rangeStart, rangeEnd) split over numPartitions as Spark's rate
// readers split them (partition p gets rangeStart + p, + p + n, ...), one or more
// batches per non-empty partition in partition order. Row v's timestamp is
// baseMillis + round((v - rangeStart) * millisPerValue).
std::vector<BatchPtr> rateBatches(int64_t rangeStart, int64_t rangeEnd, int numPartitions, int64_t baseMillis,
                                  double millisPerValue);

}  // namespace spate::connectors
