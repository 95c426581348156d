#include "spate/io/parquet_levels.h"

namespace spate::parquet {

void LevelShredder::reset(const ColumnPtr& top) {
  columns_.clear();
  columns_.push_back(Column::flatten(top));
  for (size_t k = 0; k + 1 < leaf_.path.size(); ++k) {
    columns_.push_back(Column::flatten(columns_[k]->child(static_cast<size_t>(leaf_.path[k].child))));
  }
}

Status LevelShredder::requiredNull() const {
  return Status::Invalid("Parquet: column '{}' is not nullable but holds a null", leaf_.name());
}

Status LevelShredder::shredFlat(int64_t begin, int64_t end, std::vector<uint16_t>& definitions,
                                ValueSelection& values) {
  const Column& c = *columns_[0];
  const int64_t n = end - begin;
  values.rows.clear();
  if (!c.mayHaveNulls()) {
    if (leaf_.maxDefinition > 0) definitions.insert(definitions.end(), static_cast<size_t>(n), uint16_t{1});
    values.contiguous = true;
    values.first = begin;
    values.count = n;
    return Status::OK();
  }
  if (leaf_.maxDefinition == 0) return requiredNull();
  const uint8_t* validity = c.validityBits();
  size_t at = definitions.size();
  definitions.resize(at + static_cast<size_t>(n));
  uint16_t* out = definitions.data() + at;
  values.contiguous = false;
  values.rows.reserve(static_cast<size_t>(n));
  for (int64_t i = begin; i < end; ++i) {
    bool valid = bits::get(validity, i);
    out[i - begin] = valid;
    if (valid) values.rows.push_back(i);
  }
  return Status::OK();
}

Status LevelShredder::walk(size_t k, int64_t i, uint16_t def, uint16_t rep) {
  const Column& c = *columns_[k];
  const PathNode& node = leaf_.path[k];
  if (c.isNull(i)) {
    if (!node.optional) return requiredNull();
    definitions_->push_back(def);
    if (leaf_.maxRepetition > 0) repetitions_->push_back(rep);
    return Status::OK();
  }
  if (node.optional) ++def;
  switch (node.kind) {
    case PathNode::Kind::kPrimitive:
      if (leaf_.maxDefinition > 0) definitions_->push_back(def);
      if (leaf_.maxRepetition > 0) repetitions_->push_back(rep);
      values_->rows.push_back(i);
      return Status::OK();
    case PathNode::Kind::kStruct: return walk(k + 1, i, def, rep);
    case PathNode::Kind::kList:
    case PathNode::Kind::kMap: {
      const int32_t b = c.listBegin(i), e = c.listEnd(i);
      if (b == e) {  // an empty array or map: defined here, nothing below
        definitions_->push_back(def);
        repetitions_->push_back(rep);
        return Status::OK();
      }
      for (int32_t j = b; j < e; ++j) {
        SPATE_RETURN_IF_ERROR(walk(k + 1, j, static_cast<uint16_t>(def + 1), j == b ? rep : node.repetitionLevel));
      }
      return Status::OK();
    }
  }
  return Status::OK();
}

Status LevelShredder::shred(int64_t begin, int64_t end, std::vector<uint16_t>& definitions,
                            std::vector<uint16_t>& repetitions, ValueSelection& values) {
  if (leaf_.path.size() == 1) return shredFlat(begin, end, definitions, values);
  definitions_ = &definitions;
  repetitions_ = &repetitions;
  values_ = &values;
  values.contiguous = false;
  values.rows.clear();
  for (int64_t i = begin; i < end; ++i) SPATE_RETURN_IF_ERROR(walk(0, i, 0, 0));
  return Status::OK();
}

}  // namespace spate::parquet
