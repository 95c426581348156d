#include "spate/columnar/column.h"

#include <cstring>

#include "spate/columnar/builder.h"

namespace spate {

Column::Column(TypePtr type, int64_t length, BufferPtr validity, BufferPtr values, BufferPtr data,
               std::vector<ColumnPtr> children, bool constant)
    : type_(std::move(type)),
      length_(length),
      validity_(std::move(validity)),
      values_(std::move(values)),
      data_(std::move(data)),
      children_(std::move(children)),
      constant_(constant) {
  if (!validity_) {
    nullCount_ = type_->id() == TypeId::kNull ? length_ : 0;
  } else if (constant_) {
    nullCount_ = bits::get(validity_->data(), 0) ? 0 : length_;
  } else {
    nullCount_ = length_ - bits::countSet(validity_->data(), length_);
    if (nullCount_ == 0) validity_.reset();
  }
  if (!values_) values_ = allocateBuffer(0);
}

Value Column::valueAt(int64_t i) const {
  if (isNull(i) || typeId() == TypeId::kNull) return Value::null();
  int64_t r = constant_ ? 0 : i;
  switch (typeId()) {
    case TypeId::kBoolean: return Value::boolean(boolAt(r));
    case TypeId::kByte: return Value::integer(values<int8_t>()[r]);
    case TypeId::kShort: return Value::integer(values<int16_t>()[r]);
    case TypeId::kInt:
    case TypeId::kDate: return Value::integer(values<int32_t>()[r]);
    case TypeId::kLong:
    case TypeId::kTimestamp:
    case TypeId::kInterval: return Value::integer(values<int64_t>()[r]);
    case TypeId::kFloat: return Value::fractional(values<float>()[r]);
    case TypeId::kDouble: return Value::fractional(values<double>()[r]);
    case TypeId::kDecimal: return Value::decimal(values<__int128>()[r]);
    case TypeId::kString:
    case TypeId::kBinary: return Value::string(std::string(stringAt(r)));
    case TypeId::kArray: {
      ValueList items;
      for (int32_t k = listBegin(r); k < listEnd(r); ++k) items.push_back(children_[0]->valueAt(k));
      return Value::list(std::move(items));
    }
    case TypeId::kMap: {
      ValueList keys, vals;
      for (int32_t k = listBegin(r); k < listEnd(r); ++k) {
        keys.push_back(children_[0]->valueAt(k));
        vals.push_back(children_[1]->valueAt(k));
      }
      return Value::map(std::move(keys), std::move(vals));
    }
    case TypeId::kStruct: {
      ValueList items;
      for (const auto& c : children_) items.push_back(c->valueAt(r));
      return Value::list(std::move(items));
    }
    case TypeId::kNull: break;
  }
  return Value::null();
}

ColumnPtr Column::flatten(const ColumnPtr& column) {
  if (!column->isConstant()) return column;
  int64_t n = column->length();
  const TypePtr& type = column->type();
  if (column->isNull(0)) return nulls(type, n);
  int w = type->byteWidth();
  if (w > 0) {
    auto values = allocateBuffer(n * w);
    const uint8_t* src = column->valuesBuffer()->data();
    for (int64_t i = 0; i < n; ++i) std::memcpy(values->data() + i * w, src, static_cast<size_t>(w));
    return std::make_shared<Column>(type, n, nullptr, values, nullptr, std::vector<ColumnPtr>{});
  }
  if (type->id() == TypeId::kBoolean) {
    auto values = allocateBuffer(bits::bytesFor(n));
    std::memset(values->data(), column->boolAt(0) ? 0xff : 0, static_cast<size_t>(values->size()));
    return std::make_shared<Column>(type, n, nullptr, values, nullptr, std::vector<ColumnPtr>{});
  }
  if (type->id() == TypeId::kStruct) {
    // Each field repeats its one value: flattened as a constant of its own.
    std::vector<ColumnPtr> fields;
    for (const auto& field : column->children()) {
      fields.push_back(flatten(std::make_shared<Column>(field->type(), n, field->validityBuffer(),
                                                        field->valuesBuffer(), field->dataBuffer(),
                                                        field->children(), true)));
    }
    return std::make_shared<Column>(type, n, nullptr, allocateBuffer(0), nullptr, std::move(fields));
  }
  ColumnBuilder b(type);
  for (int64_t i = 0; i < n; ++i) b.appendFrom(*column, 0);
  return b.finish();
}

ColumnPtr Column::constant(const Value& value, const TypePtr& type, int64_t length) {
  ColumnBuilder b(type);
  b.append(value);
  ColumnPtr one = b.finish();
  return std::make_shared<Column>(type, length, one->validityBuffer() ? one->validityBuffer() : nullptr,
                                  one->valuesBuffer(), one->dataBuffer(), one->children(), /*constant=*/true);
}

ColumnPtr Column::nulls(const TypePtr& type, int64_t length) {
  ColumnBuilder b(type);
  for (int64_t i = 0; i < length; ++i) b.appendNull();
  return b.finish();
}

int64_t Column::memoryBytes() const {
  int64_t total = 0;
  if (validity_) total += validity_->capacity();
  if (values_) total += values_->capacity();
  if (data_) total += data_->capacity();
  for (const auto& c : children_) total += c->memoryBytes();
  return total;
}

}  // namespace spate
