#include "spate/columnar/builder.h"

#include <cstring>

namespace spate {

void ValidityBuilder::ensure(int64_t length) {
  int64_t need = bits::bytesFor(length);
  if (!buf_) {
    buf_ = allocateBuffer(need);
    return;
  }
  if (buf_->size() < need) buf_->resize(need);
}

void ValidityBuilder::materializeNull(int64_t i, int64_t length) {
  if (!buf_) {
    buf_ = allocateBuffer(bits::bytesFor(length));
    std::memset(buf_->data(), 0xff, static_cast<size_t>(buf_->size()));
    // Only rows before i are known valid when appending; later rows are set as appended.
  } else {
    ensure(length);
  }
  bits::clear(buf_->data(), i);
}

BufferPtr ValidityBuilder::finish(int64_t length) {
  if (!buf_) return nullptr;
  ensure(length);
  return std::move(buf_);
}

StringColumnBuilder::StringColumnBuilder(TypePtr type, int64_t expectedRows, int64_t expectedBytes)
    : type_(std::move(type)), offsets_(allocateBuffer(0)), data_(allocateBuffer(0)) {
  offsets_->reserve((expectedRows + 1) * 4);
  data_->reserve(expectedBytes);
  int32_t zero = 0;
  offsets_->append(&zero, 4);
}

ColumnPtr StringColumnBuilder::finish() {
  return std::make_shared<Column>(type_, length_, validity_.finish(length_), offsets_, data_,
                                  std::vector<ColumnPtr>{});
}

ColumnBuilder::ColumnBuilder(TypePtr type) : type_(std::move(type)) {
  values_ = allocateBuffer(0);
  switch (type_->id()) {
    case TypeId::kString:
    case TypeId::kBinary:
      data_ = allocateBuffer(0);
      [[fallthrough]];
    case TypeId::kArray:
    case TypeId::kMap: {
      int32_t zero = 0;
      values_->append(&zero, 4);
      break;
    }
    default: break;
  }
  for (const auto& f : type_->fields()) children_.emplace_back(f.type);
}

ColumnBuilder::~ColumnBuilder() = default;
ColumnBuilder::ColumnBuilder(ColumnBuilder&&) noexcept = default;
ColumnBuilder& ColumnBuilder::operator=(ColumnBuilder&&) noexcept = default;

void ColumnBuilder::markValid() {
  validity_.appendValid(length_);
  ++length_;
}

void ColumnBuilder::appendNull() {
  validity_.appendNull(length_);
  switch (type_->id()) {
    case TypeId::kNull: break;
    case TypeId::kBoolean: values_->resize(bits::bytesFor(length_ + 1)); break;
    case TypeId::kString:
    case TypeId::kBinary: {
      auto end = static_cast<int32_t>(data_->size());
      values_->append(&end, 4);
      break;
    }
    case TypeId::kArray:
    case TypeId::kMap: {
      int32_t end = values_->as<int32_t>()[length_];
      values_->append(&end, 4);
      break;
    }
    case TypeId::kStruct:
      for (auto& c : children_) c.appendNull();
      break;
    default: values_->appendZeros(type_->byteWidth()); break;
  }
  ++length_;
}

void ColumnBuilder::appendBool(bool v) {
  values_->resize(bits::bytesFor(length_ + 1));
  bits::setTo(values_->data(), length_, v);
  markValid();
}

void ColumnBuilder::appendInt(int64_t v) {
  switch (type_->id()) {
    case TypeId::kByte: {
      auto x = static_cast<int8_t>(v);
      values_->append(&x, 1);
      break;
    }
    case TypeId::kShort: {
      auto x = static_cast<int16_t>(v);
      values_->append(&x, 2);
      break;
    }
    case TypeId::kInt:
    case TypeId::kDate: {
      auto x = static_cast<int32_t>(v);
      values_->append(&x, 4);
      break;
    }
    case TypeId::kFloat:
    case TypeId::kDouble: appendDouble(static_cast<double>(v)); return;
    case TypeId::kDecimal: appendDecimal(static_cast<__int128>(v) * pow10i128(type_->scale())); return;
    case TypeId::kBoolean: appendBool(v != 0); return;
    default: values_->append(&v, 8); break;
  }
  markValid();
}

void ColumnBuilder::appendDouble(double v) {
  if (type_->id() == TypeId::kFloat) {
    auto f = static_cast<float>(v);
    values_->append(&f, 4);
  } else {
    values_->append(&v, 8);
  }
  markValid();
}

void ColumnBuilder::appendDecimal(__int128 unscaled) {
  values_->append(&unscaled, 16);
  markValid();
}

void ColumnBuilder::appendString(std::string_view s) {
  data_->append(s.data(), static_cast<int64_t>(s.size()));
  auto end = static_cast<int32_t>(data_->size());
  values_->append(&end, 4);
  markValid();
}

void ColumnBuilder::closeList() {
  auto end = static_cast<int32_t>(children_[0].length());
  values_->append(&end, 4);
  markValid();
}

void ColumnBuilder::closeStruct() { markValid(); }

void ColumnBuilder::append(const Value& v) {
  if (v.isNull()) {
    appendNull();
    return;
  }
  switch (type_->id()) {
    case TypeId::kNull: appendNull(); break;
    case TypeId::kBoolean: appendBool(v.asBool()); break;
    case TypeId::kFloat:
    case TypeId::kDouble: appendDouble(v.toDouble()); break;
    case TypeId::kDecimal: appendDecimal(v.asDecimal()); break;
    case TypeId::kString:
    case TypeId::kBinary: appendString(v.asString()); break;
    case TypeId::kArray:
      for (const auto& item : v.asList()) children_[0].append(item);
      closeList();
      break;
    case TypeId::kMap: {
      const auto& m = v.asMap();
      for (size_t i = 0; i < m.keys.size(); ++i) {
        children_[0].append(m.keys[i]);
        children_[1].append(m.values[i]);
      }
      closeList();
      break;
    }
    case TypeId::kStruct: {
      const auto& items = v.asList();
      for (size_t i = 0; i < children_.size(); ++i) children_[i].append(i < items.size() ? items[i] : Value());
      closeStruct();
      break;
    }
    default: appendInt(v.asInt()); break;
  }
}

void ColumnBuilder::appendFrom(const Column& column, int64_t row) {
  if (column.isNull(row)) {
    appendNull();
    return;
  }
  int64_t r = column.isConstant() ? 0 : row;
  switch (type_->id()) {
    case TypeId::kBoolean: appendBool(column.boolAt(r)); break;
    case TypeId::kString:
    case TypeId::kBinary: appendString(column.stringAt(r)); break;
    case TypeId::kArray:
    case TypeId::kMap:
      for (int32_t i = column.listBegin(r); i < column.listEnd(r); ++i) {
        for (size_t c = 0; c < children_.size(); ++c) children_[c].appendFrom(*column.child(c), i);
      }
      closeList();
      break;
    case TypeId::kStruct:
      for (size_t c = 0; c < children_.size(); ++c) children_[c].appendFrom(*column.child(c), r);
      closeStruct();
      break;
    case TypeId::kNull: appendNull(); break;
    default: {
      int w = type_->byteWidth();
      values_->append(column.valuesBuffer()->data() + r * w, w);
      markValid();
      break;
    }
  }
}

ColumnPtr ColumnBuilder::finish() {
  std::vector<ColumnPtr> kids;
  kids.reserve(children_.size());
  for (auto& c : children_) kids.push_back(c.finish());
  if (type_->id() == TypeId::kBoolean) values_->resize(bits::bytesFor(length_));
  auto col = std::make_shared<Column>(type_, length_, validity_.finish(length_), values_, data_, std::move(kids));
  *this = ColumnBuilder(type_);
  return col;
}

}  // namespace spate
