#pragma once

#include <vector>

#include "spate/common/status.h"
#include "spate/types/data_type.h"

namespace spate {

// Spark's implicit type widening: byte < short < int < long < float < double;
// decimal with an integral type stays decimal (wide enough); decimal with float/double
// is double; null widens to anything; date < timestamp; string meets a number as the
// number's wider type with double. nullptr when there is no common type.
TypePtr widerType(const TypePtr& a, const TypePtr& b);
// The common type of several expressions (CASE branches, coalesce, UNION); a string
// with another atomic type gives string.
TypePtr commonType(const std::vector<TypePtr>& types);
// The type two operands of a comparison (or two equi-join keys) are compared in, as
// Spark 3: a string meeting another atomic type is cast to that type, otherwise both
// widen. nullptr when they cannot be compared.
TypePtr comparisonType(const TypePtr& l, const TypePtr& r);
// The decimal type that holds every value of an integral type (int -> decimal(10,0)).
TypePtr decimalForIntegral(const DataType& t);

}  // namespace spate
