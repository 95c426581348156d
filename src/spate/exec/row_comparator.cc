#include "spate/exec/row_comparator.h"

#include <cmath>

#include "spate/expr/kernels.h"

namespace spate::exec {

namespace {

template <typename T>
int cmp(T x, T y) {
  if constexpr (std::is_floating_point_v<T>) {
    bool nx = std::isnan(x), ny = std::isnan(y);
    if (nx || ny) return nx == ny ? 0 : (nx ? 1 : -1);
  }
  return x < y ? -1 : (y < x ? 1 : 0);
}

int compareValues(const Value& a, const Value& b, const DataType& t);

int compareLists(const ValueList& a, const ValueList& b, const std::vector<const DataType*>& types) {
  for (size_t i = 0; i < a.size() && i < b.size(); ++i) {
    int c = compareValues(a[i], b[i], *types[std::min(i, types.size() - 1)]);
    if (c) return c;
  }
  return cmp(a.size(), b.size());
}

int compareValues(const Value& a, const Value& b, const DataType& t) {
  if (a.isNull() || b.isNull()) return a.isNull() == b.isNull() ? 0 : (a.isNull() ? -1 : 1);
  switch (t.id()) {
    case TypeId::kArray: return compareLists(a.asList(), b.asList(), {t.elementType().get()});
    case TypeId::kStruct: {
      std::vector<const DataType*> types;
      for (const auto& f : t.fields()) types.push_back(f.type.get());
      return compareLists(a.asList(), b.asList(), types);
    }
    case TypeId::kBoolean: return cmp(a.asBool(), b.asBool());
    case TypeId::kFloat:
    case TypeId::kDouble: return cmp(a.asDouble(), b.asDouble());
    case TypeId::kDecimal: return cmp(a.asDecimal(), b.asDecimal());
    case TypeId::kString:
    case TypeId::kBinary: return cmp(a.asString().compare(b.asString()), 0);
    default: return cmp(a.asInt(), b.asInt());
  }
}

}  // namespace

int compareColumnValues(const Column& c, int64_t a, int64_t b) {
  switch (c.typeId()) {
    case TypeId::kString:
    case TypeId::kBinary: return cmp(c.stringAt(a).compare(c.stringAt(b)), 0);
    case TypeId::kBoolean: return cmp(c.boolAt(a), c.boolAt(b));
    case TypeId::kNull: return 0;
    case TypeId::kArray:
    case TypeId::kMap:
    case TypeId::kStruct: return compareValues(c.valueAt(a), c.valueAt(b), *c.type());
    default:
      return dispatchFixedWidth(c.typeId(), [&]<typename T>() { return cmp(c.valueAt<T>(a), c.valueAt<T>(b)); });
  }
}

RowComparator::RowComparator(std::vector<Key> keys) : keys_(std::move(keys)) {}

int RowComparator::compare(int64_t a, int64_t b) const {
  for (const auto& k : keys_) {
    const Column& c = *k.column;
    bool na = c.isNull(a), nb = c.isNull(b);
    if (na || nb) {
      if (na && nb) continue;
      return (na ? -1 : 1) * (k.nullsFirst ? 1 : -1);
    }
    int r = compareColumnValues(c, a, b);
    if (r) return k.ascending ? r : -r;
  }
  return 0;
}

}  // namespace spate::exec
