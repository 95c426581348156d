#include "spate/io/parquet_row_group_filter.h"

#include <cmath>
#include <cstring>
#include <optional>

#include "spate/io/parquet_dense_values.h"

namespace spate::parquet {

namespace {

template <typename T>
std::optional<T> load(const std::string& bytes) {
  if (bytes.size() != sizeof(T)) return std::nullopt;
  T v;
  std::memcpy(&v, bytes.data(), sizeof(T));
  return v;
}

// A statistics value as the Value a literal of the column's type holds; nothing when
// it cannot be compared (NaN, INT96, booleans, a malformed value).
std::optional<Value> statValue(const std::string& bytes, const SchemaElement& e, const TypePtr& type) {
  const PhysicalType physical = *e.type;
  switch (type->id()) {
    case TypeId::kByte:
    case TypeId::kShort:
    case TypeId::kInt:
    case TypeId::kDate:
      if (auto v = load<int32_t>(bytes)) return Value::integer(*v);
      return std::nullopt;
    case TypeId::kLong:
      if (auto v = load<int64_t>(bytes)) return Value::integer(*v);
      return std::nullopt;
    case TypeId::kTimestamp: {
      if (physical != PhysicalType::kInt64) return std::nullopt;
      auto v = load<int64_t>(bytes);
      if (!v) return std::nullopt;
      // Converted as the reader converts the values, so the order is theirs.
      return Value::integer(timestampMicros(*v, e));
    }
    case TypeId::kFloat:
      if (auto v = load<float>(bytes); v && !std::isnan(*v)) return Value::fractional(*v);
      return std::nullopt;
    case TypeId::kDouble:
      if (auto v = load<double>(bytes); v && !std::isnan(*v)) return Value::fractional(*v);
      return std::nullopt;
    case TypeId::kString:
    case TypeId::kBinary: return Value::string(bytes);
    case TypeId::kDecimal:
      if (physical == PhysicalType::kInt32) {
        if (auto v = load<int32_t>(bytes)) return Value::decimal(*v);
      } else if (physical == PhysicalType::kInt64) {
        if (auto v = load<int64_t>(bytes)) return Value::decimal(*v);
      } else if (!bytes.empty() && bytes.size() <= 16) {
        return Value::decimal(bigEndianInteger(bytes));
      }
      return std::nullopt;
    default: return std::nullopt;
  }
}

// -1, 0 or 1; nothing when the values are not comparable.
std::optional<int> compare(const Value& a, const Value& b) {
  auto order = [](const auto& x, const auto& y) { return x < y ? -1 : (y < x ? 1 : 0); };
  const auto& s = a.storage();
  const auto& t = b.storage();
  if (s.index() != t.index()) return std::nullopt;
  if (const auto* x = std::get_if<int64_t>(&s)) return order(*x, std::get<int64_t>(t));
  if (const auto* x = std::get_if<double>(&s)) return order(*x, std::get<double>(t));
  if (const auto* x = std::get_if<Value::Int128>(&s)) return order(*x, std::get<Value::Int128>(t));
  if (const auto* x = std::get_if<std::string>(&s)) return order(*x, std::get<std::string>(t));
  return std::nullopt;
}

bool isColumn(const BoundExpr& e) { return e.columnOrdinal() >= 0; }
bool isLiteral(const BoundExpr& e) { return e.literalValue() && !e.literalValue()->isNull(); }

}  // namespace

RowGroupFilter::RowGroupFilter(const std::optional<ScanFilter>& filter, const std::vector<const SchemaNode*>& fields,
                               const std::vector<SchemaElement>& schema)
    : schema_(schema) {
  if (filter && filter->predicate) collect(*filter->predicate, *filter, fields);
}

void RowGroupFilter::collect(const BoundExpr& e, const ScanFilter& filter,
                             const std::vector<const SchemaNode*>& fields) {
  const std::string* name = e.functionName();
  if (!name) return;
  const auto& args = e.children();
  if (*name == "and" && args.size() == 2) {
    collect(*args[0], filter, fields);
    collect(*args[1], filter, fields);
    return;
  }
  // The flat leaf a column argument reads, when its type is the literal's.
  auto leafOf = [&](const BoundExpr& column, const BoundExpr* literal) -> const SchemaNode* {
    int scanColumn = filter.scanColumnOf(column.columnOrdinal());
    if (scanColumn < 0 || static_cast<size_t>(scanColumn) >= fields.size() || !fields[scanColumn]) return nullptr;
    const SchemaNode* n = fields[static_cast<size_t>(scanColumn)];
    if (n->kind != SchemaNode::Kind::kLeaf || n->maxRepetition != 0) return nullptr;
    if (literal && !literal->type()->equals(*column.type())) return nullptr;
    return n;
  };
  if ((*name == "isnull" || *name == "isnotnull") && args.size() == 1) {
    if (const SchemaNode* leaf = leafOf(*args[0], nullptr)) {
      conjuncts_.push_back({leaf, *name == "isnull" ? Op::kIsNull : Op::kIsNotNull, {}});
    }
    return;
  }
  if (*name == "in" && args.size() >= 2) {
    std::vector<Value> values;
    for (size_t i = 1; i < args.size(); ++i) {
      if (!isLiteral(*args[i]) || !leafOf(*args[0], args[i].get())) return;
      values.push_back(*args[i]->literalValue());
    }
    conjuncts_.push_back({leafOf(*args[0], args[1].get()), Op::kIn, std::move(values)});
    return;
  }
  static const std::pair<const char*, Op> kComparisons[] = {
      {"=", Op::kEq}, {"<=>", Op::kEq}, {"<", Op::kLt}, {"<=", Op::kLe}, {">", Op::kGt}, {">=", Op::kGe}};
  for (const auto& [fn, op] : kComparisons) {
    if (*name != fn || args.size() != 2) continue;
    // `literal < column` is `column > literal`.
    bool flipped = !isColumn(*args[0]);
    const BoundExpr& column = flipped ? *args[1] : *args[0];
    const BoundExpr& literal = flipped ? *args[0] : *args[1];
    const SchemaNode* leaf = isLiteral(literal) ? leafOf(column, &literal) : nullptr;
    if (!leaf) return;
    Op o = op;
    if (flipped) {
      o = op == Op::kLt ? Op::kGt : op == Op::kLe ? Op::kGe : op == Op::kGt ? Op::kLt : op == Op::kGe ? Op::kLe : op;
    }
    conjuncts_.push_back({leaf, o, {*literal.literalValue()}});
    return;
  }
}

bool RowGroupFilter::mayMatch(const RowGroup& group) const {
  for (const auto& c : conjuncts_) {
    if (!mayMatch(c, group)) return false;
  }
  return true;
}

bool RowGroupFilter::mayMatch(const Conjunct& c, const RowGroup& group) const {
  const auto leaf = static_cast<size_t>(c.leaf->leaf);
  if (leaf >= group.columns.size() || !group.columns[leaf].metaData) return true;
  const ColumnMetaData& meta = *group.columns[leaf].metaData;
  if (!meta.statistics) return true;
  const Statistics& stats = *meta.statistics;
  const SchemaElement& e = schema_[c.leaf->element];
  if (stats.nullCount) {
    bool allNull = *stats.nullCount >= group.numRows;
    if (c.op == Op::kIsNull) return *stats.nullCount > 0;
    if (allNull) return false;  // every other conjunct is false or null on a null
  }
  if (c.op == Op::kIsNull || c.op == Op::kIsNotNull) return true;
  // min_value/max_value follow the column's defined order; the deprecated min/max were
  // written in signed order, right only for numbers.
  std::optional<Value> min, max;
  if (stats.minValue && stats.maxValue) {
    min = statValue(*stats.minValue, e, c.leaf->type);
    max = statValue(*stats.maxValue, e, c.leaf->type);
  } else if (stats.min && stats.max && !c.leaf->type->isStringLike() && c.leaf->type->id() != TypeId::kDecimal) {
    min = statValue(*stats.min, e, c.leaf->type);
    max = statValue(*stats.max, e, c.leaf->type);
  }
  if (!min || !max) return true;
  auto inRange = [&](const Value& v) {
    auto lo = compare(v, *min);
    auto hi = compare(v, *max);
    return !lo || !hi || (*lo >= 0 && *hi <= 0);
  };
  const Value& v = c.values.front();
  // v against the group's smallest value (for < and <=) or largest (for > and >=).
  std::optional<int> toMin = compare(v, *min), toMax = compare(v, *max);
  switch (c.op) {
    case Op::kEq: return inRange(v);
    case Op::kIn:
      for (const auto& x : c.values) {
        if (inRange(x)) return true;
      }
      return false;
    case Op::kLt: return !toMin || *toMin > 0;
    case Op::kLe: return !toMin || *toMin >= 0;
    case Op::kGt: return !toMax || *toMax < 0;
    case Op::kGe: return !toMax || *toMax <= 0;
    default: return true;
  }
}

}  // namespace spate::parquet
