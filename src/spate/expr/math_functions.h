#pragma once

// Internal pieces of the math function family, split over several files; each file
// registers its functions and registerMathFunctions calls them all.

#include <cstdint>
#include <optional>

#include "spate/expr/function_registry.h"

namespace spate {

// math_unary.cc: double-valued functions (sqrt, exp, logarithms, trigonometry, pow,
// atan2, hypot, pi, e, isnan, nanvl, width_bucket).
void registerMathUnaryFunctions(FunctionRegistry& r);
// math_round_functions.cc: abs, round, bround, floor, ceil, pmod, factorial.
void registerMathRoundingFunctions(FunctionRegistry& r);
// math_radix.cc: bin, hex, unhex, conv and the bit shifts.
void registerMathRadixFunctions(FunctionRegistry& r);
// math_random.cc: rand/random and randn.
void registerMathRandomFunctions(FunctionRegistry& r);
// math_extrema.cc: greatest and least.
void registerMathExtremaFunctions(FunctionRegistry& r);

// Spark's implicit cast for a function that takes doubles: numbers, strings and nulls
// become double; anything else is a TypeError naming the function.
Status coerceToDouble(BoundExprPtr& arg, const char* fn);
// True for types Spark implicitly casts to a number (numeric, string, null).
bool castsToNumber(const DataType& t);
// The value of a constant integral argument (scale, seed), nullopt when it is null; a
// TypeError when the argument is not a constant or not a number.
Result<std::optional<int64_t>> constantInt(const BoundExprPtr& arg, const char* fn, const char* what);

}  // namespace spate
