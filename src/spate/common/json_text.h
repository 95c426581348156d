#pragma once

// JSON text pieces shared by every JSON the engine writes: values of columns (to_json,
// the JSON file writer), the CLI's JSON output and the engine's own files and reports.

#include <string>
#include <string_view>

namespace spate {

// Appends s as a quoted JSON string, escaping as Jackson does: quote, backslash and
// control characters; other characters are written as they are (UTF-8).
void appendJsonString(std::string& out, std::string_view s);
// Java's Double.toString / Float.toString: 1.0, 0.001, 1.0E7, 1.2E-4, NaN, Infinity.
void appendJavaDouble(std::string& out, double v);
void appendJavaFloat(std::string& out, float v);
// The same as JSON numbers, with NaN and the infinities as strings, as Jackson's
// WRITE_NAN_AS_STRINGS writes them.
void appendJsonDouble(std::string& out, double v);
void appendJsonFloat(std::string& out, float v);

}  // namespace spate
