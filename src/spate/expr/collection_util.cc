#include "spate/expr/collection_util.h"

#include "spate/columnar/selection.h"
#include "spate/common/strings.h"
#include "spate/expr/type_coercion.h"

namespace spate {

int compareValuesAt(const Column& a, int64_t i, const Column& b, int64_t j) {
  bool na = a.isNull(i), nb = b.isNull(j);
  if (na || nb) return na == nb ? 0 : (na ? -1 : 1);
  switch (a.typeId()) {
    case TypeId::kNull: return 0;
    case TypeId::kBoolean: return BoolElements::compare(a, i, b, j);
    case TypeId::kString:
    case TypeId::kBinary: return StringElements::compare(a, i, b, j);
    case TypeId::kArray:
    case TypeId::kMap: {
      int32_t ab = a.listBegin(i), ae = a.listEnd(i), bb = b.listBegin(j), be = b.listEnd(j);
      // Maps compare their keys as an array, then their values (positional).
      for (size_t c = 0; c < a.children().size(); ++c) {
        int32_t x = ab, y = bb;
        for (; x < ae && y < be; ++x, ++y) {
          int r = compareValuesAt(*a.child(c), x, *b.child(c), y);
          if (r != 0) return r;
        }
        if ((ae - ab) != (be - bb)) return (ae - ab) < (be - bb) ? -1 : 1;
      }
      return 0;
    }
    case TypeId::kStruct: {
      int64_t pi = physicalRow(a, i), pj = physicalRow(b, j);
      for (size_t c = 0; c < a.children().size(); ++c) {
        int r = compareValuesAt(*a.child(c), pi, *b.child(c), pj);
        if (r != 0) return r;
      }
      return 0;
    }
    default:
      return dispatchFixedWidth(a.typeId(),
                                [&]<typename T>() { return FixedElements<T>::compare(a, i, b, j); });
  }
}

GatherListBuilder::GatherListBuilder(TypePtr type, int64_t rows)
    : type_(std::move(type)), rows_(rows), offsets_(allocateBuffer((rows + 1) * 4)) {
  offsets_->as<int32_t>()[0] = 0;
}

void GatherListBuilder::closeRow() {
  offsets_->as<int32_t>()[++row_] = static_cast<int32_t>(indices_.size());
}

void GatherListBuilder::nullRow() {
  validity_.setNull(row_, rows_);
  closeRow();
}

ColumnPtr GatherListBuilder::finish(const std::vector<ColumnPtr>& elementColumns) {
  std::vector<ColumnPtr> kids;
  auto n = static_cast<int64_t>(indices_.size());
  for (const auto& c : elementColumns) kids.push_back(take(c, indices_.data(), n));
  return makeListColumn(type_, rows_, validity_.finish(rows_), offsets_, std::move(kids));
}

ColumnPtr makeListColumn(TypePtr type, int64_t rows, BufferPtr validity, BufferPtr offsets,
                         std::vector<ColumnPtr> children, bool constant) {
  return std::make_shared<Column>(std::move(type), rows, std::move(validity), std::move(offsets), nullptr,
                                  std::move(children), constant);
}

namespace {

TypePtr widerNested(const TypePtr& a, const TypePtr& b) {
  if (!a || !b) return nullptr;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->id() == TypeId::kStruct && b->id() == TypeId::kStruct && a->fields().size() == b->fields().size()) {
    std::vector<Field> fields;
    for (size_t i = 0; i < a->fields().size(); ++i) {
      const Field& fa = a->fields()[i];
      const Field& fb = b->fields()[i];
      if (!equalsIgnoreCase(fa.name, fb.name)) return nullptr;
      TypePtr t = widerNested(fa.type, fb.type);
      if (!t) return nullptr;
      fields.push_back({fa.name, t, fa.nullable || fb.nullable});
    }
    return DataType::struct_(std::move(fields));
  }
  if (a->id() == TypeId::kArray && b->id() == TypeId::kArray) {
    TypePtr e = widerNested(a->elementType(), b->elementType());
    return e ? DataType::array(e, a->containsNull() || b->containsNull()) : nullptr;
  }
  if (a->id() == TypeId::kMap && b->id() == TypeId::kMap) {
    TypePtr k = widerNested(a->keyType(), b->keyType());
    TypePtr v = widerNested(a->valueType(), b->valueType());
    return k && v ? DataType::map(k, v, a->valueContainsNull() || b->valueContainsNull()) : nullptr;
  }
  return commonType({a, b});
}

}  // namespace

TypePtr commonNestedType(const std::vector<TypePtr>& types) {
  if (types.empty()) return DataType::null();
  TypePtr t = types[0];
  for (size_t i = 1; i < types.size() && t; ++i) t = widerNested(t, types[i]);
  return t;
}

std::string fieldNameOf(const BoundExprPtr& e) {
  if (auto* c = dynamic_cast<const BoundColumn*>(e.get())) return c->name();
  // A struct field access prints as "<struct>.<field>" (see the binder); its field
  // name is what Spark uses, as for struct(s.b).
  if (e->children().size() == 1 && e->children()[0]->type()->id() == TypeId::kStruct) {
    std::string self = e->toString();
    std::string base = e->children()[0]->toString() + ".";
    if (self.size() > base.size() && self.compare(0, base.size(), base) == 0) {
      std::string field = self.substr(base.size());
      if (e->children()[0]->type()->fieldIndex(field) >= 0) return field;
    }
  }
  return "";
}

}  // namespace spate
