#include "spate/columnar/batch.h"

#include "spate/columnar/builder.h"

namespace spate {

int64_t Batch::memoryBytes() const {
  int64_t total = 0;
  for (const auto& c : columns_) total += c->memoryBytes();
  return total;
}

std::vector<Value> Batch::row(int64_t r) const {
  std::vector<Value> out;
  out.reserve(columns_.size());
  for (const auto& c : columns_) out.push_back(c->valueAt(r));
  return out;
}

BatchPtr batchFromRows(const SchemaPtr& schema, const std::vector<std::vector<Value>>& rows) {
  std::vector<ColumnPtr> cols;
  for (size_t c = 0; c < schema->size(); ++c) {
    ColumnBuilder b(schema->field(c).type);
    for (const auto& row : rows) b.append(c < row.size() ? row[c] : Value());
    cols.push_back(b.finish());
  }
  return std::make_shared<Batch>(schema, std::move(cols), static_cast<int64_t>(rows.size()));
}

}  // namespace spate
