#pragma once

// approx_count_distinct's building blocks, exposed for tests: Spark's XxHash64 of
// values (the hash HyperLogLog++ registers are fed with) and the cardinality estimate
// of a register array.

#include <cstddef>
#include <cstdint>

#include "spate/types/value.h"

namespace spate::agg {

// XXH64 of n bytes, as Spark's XxHash64.hashUnsafeBytes.
uint64_t xxhash64(const void* data, size_t n, uint64_t seed);
// Spark's hashInt / hashLong: XXH64 of the little-endian 4 / 8 bytes.
uint64_t xxhash64Int(int32_t v, uint64_t seed);
uint64_t xxhash64Long(int64_t v, uint64_t seed);
// Spark's xxhash64 of one value of a type (null returns seed; nested values chain the
// seed through their elements, as Spark's HashExpression does).
uint64_t sparkXxHash64(const Value& v, const DataType& type, uint64_t seed);

// HyperLogLog++ precision for a relative standard deviation, as Spark computes it.
int hllPrecision(double relativeSD);
// Estimated cardinality of 2^p registers (values 0..65-p), rounded: Spark's linear
// counting for small cardinalities, else Ertl's improved estimator (no empirical bias
// tables).
int64_t hllEstimate(const uint8_t* registers, int p);

}  // namespace spate::agg
