#include "spate/expr/aggregate_functions.h"

namespace spate {

void registerAggregateFunctions(FunctionRegistry& r) {
  registerBasicAggregates(r);
  registerMinMaxAggregates(r);
  registerStatsAggregates(r);
  registerCovarianceAggregates(r);
  registerCollectAggregates(r);
  registerHllAggregates(r);
}

}  // namespace spate
