#pragma once

// The collection function family (arrays, maps, structs) registers from several files;
// registerCollectionFunctions (collection_functions.cc) calls each of these.

#include "spate/expr/function_registry.h"

namespace spate {

// array, map, struct, named_struct, map_from_arrays
void registerCollectionConstructors(FunctionRegistry& r);
// size, cardinality, element_at, get, array_contains, array_position, map_keys,
// map_values, map_contains_key
void registerCollectionAccessors(FunctionRegistry& r);
// array_distinct, array_sort, sort_array, array_min, array_max, array_join, slice,
// flatten, arrays_zip
void registerArrayTransforms(FunctionRegistry& r);

// Fails on a null key or a key repeated within one map row (Spark's default
// spark.sql.mapKeyDedupPolicy=EXCEPTION). Rows whose validity bit is clear are skipped.
Status checkMapKeys(const Column& keys, const int32_t* offsets, const uint8_t* validity, int64_t n);

}  // namespace spate
