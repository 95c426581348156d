#include "spate/columnar/selection.h"

#include <cstring>

#include "spate/columnar/builder.h"

namespace spate {

SelectionVector selectTrue(const Column& predicate) {
  SelectionVector out;
  int64_t n = predicate.length();
  if (predicate.isConstant()) {
    if (predicate.isValid(0) && predicate.boolAt(0)) {
      out.resize(static_cast<size_t>(n));
      for (int64_t i = 0; i < n; ++i) out[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    }
    return out;
  }
  out.resize(static_cast<size_t>(n));
  const uint8_t* values = predicate.valuesBuffer()->data();
  const uint8_t* validity = predicate.validityBits();
  int32_t* dst = out.data();
  size_t count = 0;
  for (int64_t base = 0; base < n; base += 8) {
    uint8_t byte = values[base >> 3];
    if (validity) byte &= validity[base >> 3];
    if (base + 8 > n) byte &= static_cast<uint8_t>((1u << (n - base)) - 1);
    while (byte) {
      int bit = __builtin_ctz(byte);
      dst[count++] = static_cast<int32_t>(base + bit);
      byte &= static_cast<uint8_t>(byte - 1);
    }
  }
  out.resize(count);
  return out;
}

namespace {

template <typename T>
BufferPtr gatherFixed(const uint8_t* src, const int32_t* idx, int64_t n) {
  auto out = allocateBuffer(n * static_cast<int64_t>(sizeof(T)));
  const T* s = reinterpret_cast<const T*>(src);
  T* d = out->as<T>();
  for (int64_t i = 0; i < n; ++i) d[i] = idx[i] >= 0 ? s[idx[i]] : T{};
  return out;
}

BufferPtr gatherValidity(const Column& col, const int32_t* idx, int64_t n) {
  bool anyNullIndex = false;
  for (int64_t i = 0; i < n && !anyNullIndex; ++i) anyNullIndex = idx[i] < 0;
  if (!col.mayHaveNulls() && !anyNullIndex) return nullptr;
  auto out = allocateBuffer(bits::bytesFor(n));
  const uint8_t* v = col.validityBits();
  uint8_t* d = out->data();
  for (int64_t i = 0; i < n; ++i) {
    bool valid = idx[i] >= 0 && (!v || bits::get(v, idx[i]));
    if (valid) bits::set(d, i);
  }
  return out;
}

}  // namespace

ColumnPtr take(const ColumnPtr& input, const int32_t* idx, int64_t n) {
  if (input->isConstant()) {
    bool anyNullIndex = false;
    for (int64_t i = 0; i < n && !anyNullIndex; ++i) anyNullIndex = idx[i] < 0;
    if (!anyNullIndex) {
      return std::make_shared<Column>(input->type(), n, input->validityBuffer(), input->valuesBuffer(),
                                      input->dataBuffer(), input->children(), true);
    }
    return take(Column::flatten(input), idx, n);
  }
  const Column& col = *input;
  const TypePtr& type = col.type();
  const uint8_t* src = col.valuesBuffer()->data();
  switch (type->byteWidth()) {
    case 1:
      return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), gatherFixed<int8_t>(src, idx, n), nullptr,
                                      std::vector<ColumnPtr>{});
    case 2:
      return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), gatherFixed<int16_t>(src, idx, n),
                                      nullptr, std::vector<ColumnPtr>{});
    case 4:
      return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), gatherFixed<int32_t>(src, idx, n),
                                      nullptr, std::vector<ColumnPtr>{});
    case 8:
      return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), gatherFixed<int64_t>(src, idx, n),
                                      nullptr, std::vector<ColumnPtr>{});
    case 16:
      return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), gatherFixed<__int128>(src, idx, n),
                                      nullptr, std::vector<ColumnPtr>{});
    default: break;
  }
  if (type->id() == TypeId::kBoolean) {
    auto out = allocateBuffer(bits::bytesFor(n));
    for (int64_t i = 0; i < n; ++i) {
      if (idx[i] >= 0 && bits::get(src, idx[i])) bits::set(out->data(), i);
    }
    return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), out, nullptr, std::vector<ColumnPtr>{});
  }
  if (type->isStringLike()) {
    const int32_t* off = col.offsets();
    int64_t bytes = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (idx[i] >= 0) bytes += off[idx[i] + 1] - off[idx[i]];
    }
    auto offsets = allocateBuffer((n + 1) * 4);
    auto data = allocateBuffer(bytes);
    int32_t* o = offsets->as<int32_t>();
    char* d = data->as<char>();
    const char* s = col.stringData();
    int32_t pos = 0;
    o[0] = 0;
    for (int64_t i = 0; i < n; ++i) {
      if (idx[i] >= 0) {
        int32_t len = off[idx[i] + 1] - off[idx[i]];
        std::memcpy(d + pos, s + off[idx[i]], static_cast<size_t>(len));
        pos += len;
      }
      o[i + 1] = pos;
    }
    return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), offsets, data, std::vector<ColumnPtr>{});
  }
  if (type->id() == TypeId::kNull) return Column::nulls(type, n);
  if (type->id() == TypeId::kStruct) {
    std::vector<ColumnPtr> fields;
    fields.reserve(col.children().size());
    for (const auto& field : col.children()) fields.push_back(take(field, idx, n));
    return std::make_shared<Column>(type, n, gatherValidity(col, idx, n), allocateBuffer(0), nullptr,
                                    std::move(fields));
  }
  ColumnBuilder b(type);
  for (int64_t i = 0; i < n; ++i) {
    if (idx[i] < 0) b.appendNull();
    else b.appendFrom(col, idx[i]);
  }
  return b.finish();
}

BatchPtr take(const BatchPtr& batch, const SelectionVector& indices) {
  std::vector<ColumnPtr> cols;
  cols.reserve(batch->numColumns());
  auto n = static_cast<int64_t>(indices.size());
  for (const auto& c : batch->columns()) cols.push_back(take(c, indices.data(), n));
  return std::make_shared<Batch>(batch->schema(), std::move(cols), n);
}

BatchPtr filterBatch(const BatchPtr& batch, const Column& predicate) {
  SelectionVector sel = selectTrue(predicate);
  if (static_cast<int64_t>(sel.size()) == batch->numRows()) return batch;
  return take(batch, sel);
}

BatchPtr sliceBatch(const BatchPtr& batch, int64_t offset, int64_t length) {
  if (offset == 0 && length >= batch->numRows()) return batch;
  length = std::max<int64_t>(0, std::min(length, batch->numRows() - offset));
  SelectionVector sel(static_cast<size_t>(length));
  for (int64_t i = 0; i < length; ++i) sel[static_cast<size_t>(i)] = static_cast<int32_t>(offset + i);
  return take(batch, sel);
}

ColumnPtr concatColumns(const std::vector<ColumnPtr>& columns) {
  if (columns.size() == 1) return Column::flatten(columns[0]);
  const TypePtr& type = columns.at(0)->type();
  int64_t total = 0;
  for (const auto& c : columns) total += c->length();
  int w = type->byteWidth();
  bool anyConstant = false, anyNulls = false;
  for (const auto& c : columns) {
    anyConstant |= c->isConstant();
    anyNulls |= c->mayHaveNulls();
  }
  if (w > 0 && !anyConstant) {
    auto values = allocateBuffer(total * w);
    BufferPtr validity = anyNulls ? allocateBuffer(bits::bytesFor(total)) : nullptr;
    int64_t pos = 0;
    for (const auto& c : columns) {
      std::memcpy(values->data() + pos * w, c->valuesBuffer()->data(), static_cast<size_t>(c->length() * w));
      if (validity) {
        for (int64_t i = 0; i < c->length(); ++i) {
          if (c->isValid(i)) bits::set(validity->data(), pos + i);
        }
      }
      pos += c->length();
    }
    return std::make_shared<Column>(type, total, validity, values, nullptr, std::vector<ColumnPtr>{});
  }
  ColumnBuilder b(type);
  for (const auto& c : columns) {
    for (int64_t i = 0; i < c->length(); ++i) b.appendFrom(*c, i);
  }
  return b.finish();
}

BatchPtr concatBatches(const SchemaPtr& schema, const std::vector<BatchPtr>& batches) {
  if (batches.size() == 1) return batches[0];
  std::vector<ColumnPtr> cols;
  int64_t rows = 0;
  for (const auto& b : batches) rows += b->numRows();
  for (size_t c = 0; c < schema->size(); ++c) {
    std::vector<ColumnPtr> parts;
    for (const auto& b : batches) parts.push_back(b->column(c));
    if (parts.empty()) {
      cols.push_back(Column::nulls(schema->field(c).type, 0));
    } else {
      cols.push_back(concatColumns(parts));
    }
  }
  return std::make_shared<Batch>(schema, std::move(cols), rows);
}

}  // namespace spate
