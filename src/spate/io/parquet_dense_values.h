#pragma once

// The values of a Parquet leaf column, decoded from a page's physical representation
// into the spate type's storage: one conversion chosen per column (int32 to byte,
// millis to micros, big-endian bytes to decimal, ...) and applied a page at a time.

#include <optional>
#include <string_view>
#include <vector>

#include "spate/columnar/builder.h"
#include "spate/io/parquet_metadata.h"

namespace spate::parquet {

// The unscaled value of a decimal stored as big-endian two's complement bytes.
__int128 bigEndianInteger(std::string_view bytes);
// An INT64 timestamp of element's unit (millis, micros or nanos) in microseconds,
// nanoseconds floored as Spark truncates them.
int64_t timestampMicros(int64_t value, const SchemaElement& element);

// The bytes of one PLAIN value of a fixed-width physical type; 0 for BOOLEAN (bits)
// and BYTE_ARRAY (length-prefixed).
int plainWidth(const SchemaElement& element);

class DenseValues {
 public:
  // type: the spate type sparkTypeOf gives element.
  DenseValues(const SchemaElement& element, TypePtr type);

  // Room for about `values` values of `bytes` bytes in all.
  void reserve(int64_t values, int64_t bytes);
  // n values in PLAIN layout at the start of data; returns the bytes they took.
  Result<size_t> appendPlain(std::string_view data, int64_t n);
  // Integers decoded by DELTA_BINARY_PACKED (INT32 and INT64 columns).
  Status appendIntegers(const int64_t* values, int64_t n);
  // Byte arrays decoded by DELTA_LENGTH_BYTE_ARRAY or DELTA_BYTE_ARRAY.
  Status appendByteArrays(const std::string_view* values, int64_t n);
  // Booleans, one byte (0 or 1) each.
  Status appendBooleans(const uint8_t* values, int64_t n);
  // The dictionary's values at ids (each checked to be below its length).
  Status appendFromDictionary(const Column& dictionary, const uint32_t* ids, int64_t n);

  int64_t length() const { return length_; }
  // The values as a column without nulls.
  ColumnPtr finish();

 private:
  enum class Conversion {
    kBoolean, kCopy, kToByte, kToShort, kMillisToMicros, kNanosToMicros, kToDecimal, kInt96ToMicros, kBytes,
    kBytesToDecimal,
  };

  // Appends n values converted by f from the physical values at p, width bytes apart.
  template <typename T, typename F>
  void convertFixed(const char* p, int64_t n, F&& f);
  template <typename T, typename Get>
  void convertIntegers(int64_t n, Get&& get);

  const SchemaElement& element_;
  TypePtr type_;
  Conversion conversion_ = Conversion::kCopy;
  int physicalWidth_ = 0;  // bytes per PLAIN value; 0 for BYTE_ARRAY and BOOLEAN
  BufferPtr values_;
  std::optional<StringColumnBuilder> strings_;
  int64_t length_ = 0;
};

}  // namespace spate::parquet
