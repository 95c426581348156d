#pragma once

// The string function family registers from several files; registerStringFunctions
// (string_functions.cc) calls each of these. The regex functions register separately
// through registerRegexFunctions (regex_functions.cc).

#include "spate/expr/function_registry.h"

namespace spate {

// substring/substr, left, right, lpad, rpad, concat, concat_ws, substring_index, split_part
void registerStringSliceFunctions(FunctionRegistry& r);
// instr, locate/position, startswith, endswith, contains, replace, translate
void registerStringSearchFunctions(FunctionRegistry& r);
// base64, unbase64, format_number
void registerStringFormatFunctions(FunctionRegistry& r);
// like, ilike
void registerLikeFunctions(FunctionRegistry& r);

}  // namespace spate
