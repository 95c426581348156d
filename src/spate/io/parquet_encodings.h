#pragma once

// Parquet's value encodings beyond PLAIN and dictionary, read only (spate writes PLAIN
// and dictionary, as Spark does by default): DELTA_BINARY_PACKED for integers,
// DELTA_LENGTH_BYTE_ARRAY and DELTA_BYTE_ARRAY for byte arrays, and BYTE_STREAM_SPLIT
// for fixed-width values. Errors say what ended early; the caller names the column.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate::parquet {

// Appends the n values of a DELTA_BINARY_PACKED run at the start of data to out (as
// 64-bit integers; INT32 columns wrap as 32-bit arithmetic would). Returns the bytes
// the run took, so that what follows it (byte arrays' bytes) can be found.
Result<size_t> decodeDeltaBinaryPacked(std::string_view data, int64_t n, std::vector<int64_t>& out);

// n byte arrays, each a view into data (DELTA_LENGTH_BYTE_ARRAY: lengths, then bytes).
Status decodeDeltaLengthByteArray(std::string_view data, int64_t n, std::vector<std::string_view>& out);

// n byte arrays stored as prefix lengths and suffixes (DELTA_BYTE_ARRAY); the values
// are rebuilt into arena, which out's views point into.
Status decodeDeltaByteArray(std::string_view data, int64_t n, std::string& arena, std::vector<std::string_view>& out);

// n values of width bytes from BYTE_STREAM_SPLIT's byte streams, written to out in
// PLAIN layout (each value's bytes together, little-endian).
Status decodeByteStreamSplit(std::string_view data, int64_t n, int width, std::string& out);

}  // namespace spate::parquet
