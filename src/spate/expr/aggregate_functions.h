#pragma once

#include "spate/expr/function_registry.h"

namespace spate {

// The aggregate family registers from one file per concept; registerAggregateFunctions
// (function_registry.h) calls each of these.
void registerBasicAggregates(FunctionRegistry& r);       // count, count_if, sum, avg
void registerMinMaxAggregates(FunctionRegistry& r);      // min, max, max_by, min_by, bool_and, bool_or
void registerStatsAggregates(FunctionRegistry& r);       // stddev, variance, skewness, kurtosis
void registerCovarianceAggregates(FunctionRegistry& r);  // covar_pop, covar_samp, corr
void registerCollectAggregates(FunctionRegistry& r);     // collect_list, collect_set, first, last
void registerHllAggregates(FunctionRegistry& r);         // approx_count_distinct

}  // namespace spate
