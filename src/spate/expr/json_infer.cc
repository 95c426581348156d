#include "spate/expr/json_infer.h"

#include <algorithm>
#include <map>

#include "spate/expr/type_coercion.h"

namespace spate {

using simdjson::dom::element;
using simdjson::dom::element_type;

namespace {

std::vector<Field> sortedFields(std::vector<Field> fields) {
  std::stable_sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
  return fields;
}

// Decimals meet doubles as double and each other as the wider decimal, as Spark.
TypePtr mergeDecimal(const TypePtr& a, const TypePtr& b) {
  if (a->isFractional() || b->isFractional()) return DataType::double_();
  TypePtr w = widerType(a, b);
  return w ? w : DataType::double_();
}

}  // namespace

TypePtr inferJsonType(element v) {
  switch (v.type()) {
    case element_type::NULL_VALUE: return DataType::null();
    case element_type::BOOL: return DataType::boolean();
    case element_type::INT64: return DataType::long_();
    case element_type::UINT64: return DataType::decimal(20, 0);
    case element_type::DOUBLE: return DataType::double_();
    case element_type::STRING: return DataType::string();
    case element_type::ARRAY: {
      simdjson::dom::array arr;
      arr = v.get_array().value_unsafe();
      TypePtr elem = DataType::null();
      for (element e : arr) elem = mergeJsonTypes(elem, inferJsonType(e));
      return DataType::array(elem);
    }
    case element_type::OBJECT: {
      simdjson::dom::object obj;
      obj = v.get_object().value_unsafe();
      // A repeated key merges its values' types.
      std::map<std::string, TypePtr, std::less<>> byName;
      for (auto kv : obj) {
        TypePtr t = inferJsonType(kv.value);
        auto it = byName.find(kv.key);
        if (it == byName.end()) byName.emplace(std::string(kv.key), t);
        else it->second = mergeJsonTypes(it->second, t);
      }
      std::vector<Field> fields;
      for (auto& [name, t] : byName) fields.push_back({name, t, true});
      return DataType::struct_(std::move(fields));
    }
  }
  return DataType::string();
}

TypePtr mergeJsonTypes(const TypePtr& a, const TypePtr& b) {
  if (typesEqual(a, b)) return a;
  if (a->id() == TypeId::kNull) return b;
  if (b->id() == TypeId::kNull) return a;
  if (a->isNumeric() && b->isNumeric()) {
    if (a->id() == TypeId::kDecimal || b->id() == TypeId::kDecimal) return mergeDecimal(a, b);
    return widerType(a, b);
  }
  if (a->id() == TypeId::kArray && b->id() == TypeId::kArray) {
    return DataType::array(mergeJsonTypes(a->elementType(), b->elementType()));
  }
  if (a->id() == TypeId::kStruct && b->id() == TypeId::kStruct) {
    std::vector<Field> fields = a->fields();
    for (const auto& f : b->fields()) {
      auto it = std::find_if(fields.begin(), fields.end(), [&](const Field& g) { return g.name == f.name; });
      if (it == fields.end()) fields.push_back(f);
      else it->type = mergeJsonTypes(it->type, f.type);
    }
    return DataType::struct_(sortedFields(std::move(fields)));
  }
  return DataType::string();
}

TypePtr canonicalizeJsonType(const TypePtr& t) {
  switch (t->id()) {
    case TypeId::kNull: return DataType::string();
    case TypeId::kArray: {
      TypePtr e = canonicalizeJsonType(t->elementType());
      return e ? DataType::array(e) : nullptr;
    }
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (const auto& f : t->fields()) {
        if (f.name.empty()) continue;
        if (TypePtr c = canonicalizeJsonType(f.type)) fields.push_back({f.name, c, true});
      }
      return fields.empty() ? nullptr : DataType::struct_(std::move(fields));
    }
    default: return t;
  }
}

}  // namespace spate
