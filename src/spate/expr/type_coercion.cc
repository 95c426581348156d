#include "spate/expr/type_coercion.h"

#include <algorithm>

namespace spate {

namespace {
int numericRank(TypeId id) {
  switch (id) {
    case TypeId::kByte: return 1;
    case TypeId::kShort: return 2;
    case TypeId::kInt: return 3;
    case TypeId::kLong: return 4;
    case TypeId::kFloat: return 6;
    case TypeId::kDouble: return 7;
    default: return 0;
  }
}
}  // namespace

TypePtr decimalForIntegral(const DataType& t) {
  switch (t.id()) {
    case TypeId::kByte: return DataType::decimal(3, 0);
    case TypeId::kShort: return DataType::decimal(5, 0);
    case TypeId::kInt: return DataType::decimal(10, 0);
    case TypeId::kLong: return DataType::decimal(20, 0);
    default: return DataType::decimal(38, 18);
  }
}

TypePtr widerType(const TypePtr& a, const TypePtr& b) {
  if (typesEqual(a, b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->id() == TypeId::kDecimal || b->id() == TypeId::kDecimal) {
    if (a->isFractional() || b->isFractional()) return DataType::double_();
    TypePtr da = a->id() == TypeId::kDecimal ? a : (a->isIntegral() ? decimalForIntegral(*a) : nullptr);
    TypePtr db = b->id() == TypeId::kDecimal ? b : (b->isIntegral() ? decimalForIntegral(*b) : nullptr);
    if (!da || !db) {
      if (a->id() == TypeId::kString || b->id() == TypeId::kString) return DataType::double_();
      return nullptr;
    }
    int scale = std::max(da->scale(), db->scale());
    int intDigits = std::max(da->precision() - da->scale(), db->precision() - db->scale());
    return DataType::decimal(std::min(38, intDigits + scale), std::min(scale, 38 - std::min(38, intDigits)));
  }
  int ra = numericRank(a->id()), rb = numericRank(b->id());
  if (ra && rb) return ra >= rb ? a : b;
  if ((a->id() == TypeId::kDate && b->id() == TypeId::kTimestamp) ||
      (a->id() == TypeId::kTimestamp && b->id() == TypeId::kDate)) {
    return DataType::timestamp();
  }
  if (a->id() == TypeId::kString && b->id() != TypeId::kString) {
    if (b->isNumeric()) return DataType::double_();
    if (b->id() == TypeId::kDate || b->id() == TypeId::kTimestamp || b->id() == TypeId::kBoolean) return b;
    return nullptr;
  }
  if (b->id() == TypeId::kString) return widerType(b, a);
  if (a->id() == TypeId::kArray && b->id() == TypeId::kArray) {
    TypePtr e = widerType(a->elementType(), b->elementType());
    return e ? DataType::array(e) : nullptr;
  }
  return nullptr;
}

TypePtr comparisonType(const TypePtr& l, const TypePtr& r) {
  if (typesEqual(l, r)) return l;
  bool ls = l->id() == TypeId::kString, rs = r->id() == TypeId::kString;
  if (ls && !rs && !r->isNested() && r->id() != TypeId::kNull) return r;
  if (rs && !ls && !l->isNested() && l->id() != TypeId::kNull) return l;
  return widerType(l, r);
}

TypePtr commonType(const std::vector<TypePtr>& types) {
  if (types.empty()) return DataType::null();
  // Unlike arithmetic, a string meeting another atomic type makes a string here
  // (coalesce(1, 'a') is a string), as Spark's findWiderCommonType.
  TypePtr t = types[0];
  for (size_t i = 1; i < types.size() && t; ++i) {
    const TypePtr& u = types[i];
    bool stringMeetsAtomic = (t->id() == TypeId::kString && !u->isNested() && u->id() != TypeId::kNull) ||
                             (u->id() == TypeId::kString && !t->isNested() && t->id() != TypeId::kNull);
    t = stringMeetsAtomic ? DataType::string() : widerType(t, u);
  }
  return t;
}

}  // namespace spate
