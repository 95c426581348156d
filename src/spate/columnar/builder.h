#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "spate/columnar/column.h"

namespace spate {

// Validity that starts "all valid" and is materialized on the first null.
class ValidityBuilder {
 public:
  void setNull(int64_t i, int64_t length) {
    if (buf_ && buf_->size() >= bits::bytesFor(length)) {
      bits::clear(buf_->data(), i);
      return;
    }
    materializeNull(i, length);
  }
  // Growth for appending builders: rows [0, length) exist.
  void appendValid(int64_t index) {
    if (buf_) {
      if (buf_->size() < bits::bytesFor(index + 1)) ensure(index + 1);
      bits::set(buf_->data(), index);
    }
  }
  void appendNull(int64_t index) { setNull(index, index + 1); }
  BufferPtr finish(int64_t length);

 private:
  void ensure(int64_t length);
  void materializeNull(int64_t i, int64_t length);
  BufferPtr buf_;
};

// Writes a fixed-width column of known length by index; the kernels' output.
template <typename T>
class FixedColumnBuilder {
 public:
  FixedColumnBuilder(TypePtr type, int64_t length)
      : type_(std::move(type)), length_(length), values_(allocateBuffer(length * static_cast<int64_t>(sizeof(T)))) {}
  T* data() { return values_->as<T>(); }
  void setNull(int64_t i) { validity_.setNull(i, length_); }
  // Adopts an existing validity bitmap (e.g. the input's), shared not copied.
  void shareValidity(BufferPtr validity) { sharedValidity_ = std::move(validity); }
  ColumnPtr finish() {
    BufferPtr v = sharedValidity_ ? sharedValidity_ : validity_.finish(length_);
    return std::make_shared<Column>(type_, length_, std::move(v), values_, nullptr, std::vector<ColumnPtr>{});
  }

 private:
  TypePtr type_;
  int64_t length_;
  BufferPtr values_;
  ValidityBuilder validity_;
  BufferPtr sharedValidity_;
};

class BooleanColumnBuilder {
 public:
  explicit BooleanColumnBuilder(int64_t length)
      : length_(length), values_(allocateBuffer(bits::bytesFor(length))) {}
  uint8_t* bitmap() { return values_->data(); }
  void set(int64_t i, bool v) { bits::setTo(values_->data(), i, v); }
  void setNull(int64_t i) { validity_.setNull(i, length_); }
  void shareValidity(BufferPtr validity) { sharedValidity_ = std::move(validity); }
  ColumnPtr finish() {
    BufferPtr v = sharedValidity_ ? sharedValidity_ : validity_.finish(length_);
    return std::make_shared<Column>(DataType::boolean(), length_, std::move(v), values_, nullptr,
                                    std::vector<ColumnPtr>{});
  }

 private:
  int64_t length_;
  BufferPtr values_;
  ValidityBuilder validity_;
  BufferPtr sharedValidity_;
};

// Appends strings or binaries without a per-value allocation.
class StringColumnBuilder {
 public:
  explicit StringColumnBuilder(TypePtr type = DataType::string(), int64_t expectedRows = 0, int64_t expectedBytes = 0);
  void append(std::string_view s) {
    data_->append(s.data(), static_cast<int64_t>(s.size()));
    validity_.appendValid(length_);
    pushOffset();
  }
  void appendNull() {
    validity_.appendNull(length_);
    pushOffset();
  }
  // Bytes appended by the caller straight into the data buffer, then closed by commit().
  Buffer& dataBuffer() { return *data_; }
  void commit() {
    validity_.appendValid(length_);
    pushOffset();
  }
  int64_t length() const { return length_; }
  ColumnPtr finish();

 private:
  void pushOffset() {
    offsets_->append(&dataSizeAsOffset(), sizeof(int32_t));
    ++length_;
  }
  const int32_t& dataSizeAsOffset() {
    current_ = static_cast<int32_t>(data_->size());
    return current_;
  }

  TypePtr type_;
  int64_t length_ = 0;
  int32_t current_ = 0;
  BufferPtr offsets_;
  BufferPtr data_;
  ValidityBuilder validity_;
};

// Appends values of any type, nested ones included, one at a time. The typed
// append* calls are for readers that parse text; append(Value) for literals and rows.
class ColumnBuilder {
 public:
  explicit ColumnBuilder(TypePtr type);
  ~ColumnBuilder();
  ColumnBuilder(ColumnBuilder&&) noexcept;
  ColumnBuilder& operator=(ColumnBuilder&&) noexcept;

  const TypePtr& type() const { return type_; }
  int64_t length() const { return length_; }

  void appendNull();
  void appendBool(bool v);
  void appendInt(int64_t v);  // byte..long, date, timestamp, interval
  void appendDouble(double v);  // float, double
  void appendDecimal(__int128 unscaled);
  void appendString(std::string_view s);  // string, binary
  void append(const Value& v);
  void appendFrom(const Column& column, int64_t row);
  // Nested: append the children first through child(i), then close the row.
  ColumnBuilder& child(size_t i) { return children_[i]; }
  void closeList();    // array/map: elements appended since the last close form this row
  void closeStruct();  // struct: fields already appended to the children

  ColumnPtr finish();

 private:
  void markValid();

  TypePtr type_;
  int64_t length_ = 0;
  BufferPtr values_;
  BufferPtr data_;
  ValidityBuilder validity_;
  std::vector<ColumnBuilder> children_;
};

}  // namespace spate
