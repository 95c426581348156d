#pragma once

#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "spate/columnar/buffer.h"
#include "spate/types/data_type.h"
#include "spate/types/value.h"

namespace spate {

class Column;
using ColumnPtr = std::shared_ptr<const Column>;

// One column of a batch, in Arrow's memory layout so export through the Arrow C Data
// Interface needs no copy:
//  - validity: bitmap, bit set = valid; absent means no nulls.
//  - boolean: values is a bitmap. Fixed-width types: values holds the typed array.
//  - string / binary: values holds length+1 int32 offsets, data holds the bytes.
//  - array: values holds offsets, children[0] the elements.
//  - map: values holds offsets, children[0] the keys and children[1] the values
//    (Arrow's entries struct is formed at export time).
//  - struct: children are the fields.
// A constant column stores one value (row 0) that stands for every one of length rows;
// kernels either handle that or call flatten().
class Column {
 public:
  Column(TypePtr type, int64_t length, BufferPtr validity, BufferPtr values, BufferPtr data,
         std::vector<ColumnPtr> children, bool constant = false);

  const TypePtr& type() const { return type_; }
  TypeId typeId() const { return type_->id(); }
  int64_t length() const { return length_; }
  bool isConstant() const { return constant_; }
  int64_t physicalLength() const { return constant_ ? (length_ > 0 ? 1 : 0) : length_; }

  int64_t nullCount() const { return nullCount_; }
  bool mayHaveNulls() const { return nullCount_ != 0; }
  const uint8_t* validityBits() const { return validity_ ? validity_->data() : nullptr; }
  bool isNull(int64_t i) const { return validity_ && !bits::get(validity_->data(), constant_ ? 0 : i); }
  bool isValid(int64_t i) const { return !isNull(i); }

  template <typename T>
  const T* values() const {
    return values_->as<T>();
  }
  template <typename T>
  T valueAt(int64_t i) const {
    return values_->as<T>()[constant_ ? 0 : i];
  }
  bool boolAt(int64_t i) const { return bits::get(values_->data(), constant_ ? 0 : i); }
  const int32_t* offsets() const { return values_->as<int32_t>(); }
  const char* stringData() const { return data_ ? data_->as<char>() : ""; }
  std::string_view stringAt(int64_t i) const {
    if (constant_) i = 0;
    const int32_t* o = offsets();
    return {stringData() + o[i], static_cast<size_t>(o[i + 1] - o[i])};
  }
  // List/map rows: [listBegin(i), listEnd(i)) index into the child columns.
  int32_t listBegin(int64_t i) const { return offsets()[constant_ ? 0 : i]; }
  int32_t listEnd(int64_t i) const { return offsets()[(constant_ ? 0 : i) + 1]; }

  const std::vector<ColumnPtr>& children() const { return children_; }
  const ColumnPtr& child(size_t i) const { return children_[i]; }

  const BufferPtr& validityBuffer() const { return validity_; }
  const BufferPtr& valuesBuffer() const { return values_; }
  const BufferPtr& dataBuffer() const { return data_; }

  // The value of row i, boxed: for tests, collect() and rare slow paths only.
  Value valueAt(int64_t i) const;
  // A full-length column if this one is constant, else this one.
  static ColumnPtr flatten(const ColumnPtr& column);
  // Approximate bytes held by the buffers.
  int64_t memoryBytes() const;

  static ColumnPtr constant(const Value& value, const TypePtr& type, int64_t length);
  static ColumnPtr nulls(const TypePtr& type, int64_t length);

 private:
  TypePtr type_;
  int64_t length_;
  int64_t nullCount_;
  BufferPtr validity_;
  BufferPtr values_;
  BufferPtr data_;
  std::vector<ColumnPtr> children_;
  bool constant_;
};

// Maps a fixed-width TypeId to its C++ storage type.
template <TypeId id>
struct StorageOf;
template <> struct StorageOf<TypeId::kByte> { using type = int8_t; };
template <> struct StorageOf<TypeId::kShort> { using type = int16_t; };
template <> struct StorageOf<TypeId::kInt> { using type = int32_t; };
template <> struct StorageOf<TypeId::kLong> { using type = int64_t; };
template <> struct StorageOf<TypeId::kFloat> { using type = float; };
template <> struct StorageOf<TypeId::kDouble> { using type = double; };
template <> struct StorageOf<TypeId::kDate> { using type = int32_t; };
template <> struct StorageOf<TypeId::kTimestamp> { using type = int64_t; };
template <> struct StorageOf<TypeId::kInterval> { using type = int64_t; };
template <> struct StorageOf<TypeId::kDecimal> { using type = __int128; };

}  // namespace spate
