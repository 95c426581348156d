#pragma once

#include "spate/expr/bound_expr.h"

namespace spate {

// Spark's (non-ANSI) CAST: invalid input gives null rather than an error, string to
// number trims spaces, double to int truncates, out-of-range decimals become null.
bool canCast(const DataType& from, const DataType& to);
Result<ColumnPtr> castColumn(const ColumnPtr& input, const TypePtr& to, int64_t numRows);
// Wraps child in a cast (no-op when the type already matches); a TypeError names both
// types and the expression when the cast is not allowed.
Result<BoundExprPtr> makeCast(BoundExprPtr child, TypePtr to);

// Spark's cast of one value to string ("1.0E10", "2024-01-02 03:04:05", "[1, 2]").
std::string castToString(const Value& v, const DataType& type);

}  // namespace spate
