#pragma once

// Apache Thrift's compact protocol, the encoding of Parquet's footer and page headers:
// a reader that checks every length against the bytes it was given (a corrupt footer
// gives an error, never a read past the end), and a writer.

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spate/common/status.h"

namespace spate::thrift {

// Field types as the compact protocol numbers them (list element types are the same,
// with a boolean element as kFalse).
enum class Type : uint8_t {
  kStop = 0,
  kTrue = 1,
  kFalse = 2,
  kByte = 3,
  kI16 = 4,
  kI32 = 5,
  kI64 = 6,
  kDouble = 7,
  kBinary = 8,
  kList = 9,
  kSet = 10,
  kMap = 11,
  kStruct = 12,
  kUuid = 13,
};

class CompactReader {
 public:
  CompactReader(const uint8_t* data, size_t size) : p_(data), end_(data + size), begin_(data) {}

  // Struct fields: beginStruct(), then nextField() until it returns false (the stop
  // field), then endStruct(). Fields the caller does not know are skip()ped.
  Status beginStruct();
  Result<bool> nextField(int16_t& id, Type& type);
  void endStruct();

  // A boolean field's value sits in its type.
  static bool boolValue(Type fieldType) { return fieldType == Type::kTrue; }
  Result<int8_t> readByte();
  Result<int32_t> readI32();  // i16 and i32
  Result<int64_t> readI64();
  Result<double> readDouble();
  // Bytes of a binary or string value, pointing into the input.
  Result<std::string_view> readBinary();
  // A list or set: its element type and size.
  Result<std::pair<Type, int32_t>> readListHeader();
  Result<bool> readBoolElement();
  Status skip(Type type);

  size_t position() const { return static_cast<size_t>(p_ - begin_); }

 private:
  Result<uint64_t> readVarint();
  Status skip(Type type, int depth);
  Status truncated() const;

  const uint8_t* p_;
  const uint8_t* end_;
  const uint8_t* begin_;
  std::vector<int16_t> lastIds_;
};

class CompactWriter {
 public:
  void beginStruct();
  // Writes the stop field.
  void endStruct();
  void fieldHeader(int16_t id, Type type);

  void fieldBool(int16_t id, bool v) { fieldHeader(id, v ? Type::kTrue : Type::kFalse); }
  void fieldI32(int16_t id, int32_t v) {
    fieldHeader(id, Type::kI32);
    writeI32(v);
  }
  void fieldI64(int16_t id, int64_t v) {
    fieldHeader(id, Type::kI64);
    writeI64(v);
  }
  void fieldBinary(int16_t id, std::string_view v) {
    fieldHeader(id, Type::kBinary);
    writeBinary(v);
  }
  // A list field's header; its elements follow.
  void fieldList(int16_t id, Type elementType, int32_t size) {
    fieldHeader(id, Type::kList);
    listHeader(elementType, size);
  }

  void writeByte(int8_t v) { out_.push_back(static_cast<char>(v)); }
  void writeI32(int32_t v) { writeVarint(zigzag(v)); }
  void writeI64(int64_t v) { writeVarint(zigzag(v)); }
  void writeDouble(double v);
  void writeBinary(std::string_view v);
  void listHeader(Type elementType, int32_t size);

  const std::string& bytes() const { return out_; }
  std::string take() { return std::move(out_); }

 private:
  static uint64_t zigzag(int64_t v) { return (static_cast<uint64_t>(v) << 1) ^ static_cast<uint64_t>(v >> 63); }
  void writeVarint(uint64_t v);

  std::string out_;
  std::vector<int16_t> lastIds_{0};
};

}  // namespace spate::thrift
