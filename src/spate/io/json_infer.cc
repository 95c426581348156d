#include "spate/io/json_infer.h"

#include <algorithm>
#include <charconv>
#include <optional>

#include "spate/io/value_text.h"

namespace spate {

// The type inferred so far for one position of the records, merged in place so that
// records with known fields allocate nothing.
struct JsonSchemaInferrer::Node {
  enum class Kind : uint8_t { kNull, kBoolean, kLong, kDouble, kDecimal, kString, kArray, kStruct };
  Kind kind = Kind::kNull;
  int precision = 0;
  int scale = 0;
  std::unique_ptr<Node> element;
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> fields;
  size_t hint = 0;  // where the next key is looked for first: objects repeat their order

  void becomeString() {
    kind = Kind::kString;
    element.reset();
    fields.clear();
  }

  Node& field(std::string_view key) {
    const size_t n = fields.size();
    for (size_t k = 0; k < n; ++k) {
      size_t i = hint + k < n ? hint + k : hint + k - n;
      if (fields[i].first == key) {
        hint = i + 1;
        return *fields[i].second;
      }
    }
    fields.emplace_back(std::string(key), std::make_unique<Node>());
    hint = n + 1;
    return *fields.back().second;
  }

  // Spark's compatibleType for two atomic types.
  void mergeAtomic(Kind k, int p = 0, int s = 0) {
    if (kind == k && k != Kind::kDecimal) return;
    if (kind == Kind::kNull) {
      kind = k;
      precision = p;
      scale = s;
      return;
    }
    if (kind == Kind::kString) return;
    auto numeric = [](Kind x) { return x == Kind::kLong || x == Kind::kDouble || x == Kind::kDecimal; };
    if (!numeric(kind) || !numeric(k)) {
      becomeString();
      return;
    }
    if (kind == Kind::kDouble || k == Kind::kDouble) {
      kind = Kind::kDouble;
      return;
    }
    // Decimals, with bigint as decimal(20, 0).
    int p1 = kind == Kind::kLong ? 20 : precision, s1 = kind == Kind::kLong ? 0 : scale;
    int p2 = k == Kind::kLong ? 20 : p, s2 = k == Kind::kLong ? 0 : s;
    int sc = std::max(s1, s2);
    int range = std::max(p1 - s1, p2 - s2);
    if (range + sc > 38) {
      kind = Kind::kDouble;
      return;
    }
    kind = Kind::kDecimal;
    precision = range + sc;
    scale = sc;
  }
};

JsonSchemaInferrer::JsonSchemaInferrer(const JsonReadOptions& options)
    : o_(options), root_(std::make_unique<Node>()) {
  root_->kind = Node::Kind::kStruct;
}

JsonSchemaInferrer::~JsonSchemaInferrer() = default;

void JsonSchemaInferrer::merge(Node& node, JsonElement v) {
  using Kind = Node::Kind;
  const bool asString = o_.primitivesAsString;
  switch (v.type()) {
    case JsonType::NULL_VALUE: return;
    case JsonType::BOOL: node.mergeAtomic(asString ? Kind::kString : Kind::kBoolean); return;
    case JsonType::INT64: node.mergeAtomic(asString ? Kind::kString : Kind::kLong); return;
    case JsonType::UINT64: {
      // Beyond bigint: Jackson's BigInteger, a decimal of its digits.
      int digits = static_cast<int>(std::to_string(v.get_uint64().value_unsafe()).size());
      node.mergeAtomic(asString ? Kind::kString : Kind::kDecimal, digits, 0);
      return;
    }
    case JsonType::DOUBLE: {
      if (asString) {
        node.mergeAtomic(Kind::kString);
      } else if (o_.prefersDecimal) {
        char buf[64];
        auto r = std::to_chars(buf, buf + sizeof(buf), v.get_double().value_unsafe());
        DecimalText d;
        if (scanDecimalText(std::string_view(buf, static_cast<size_t>(r.ptr - buf)), d)) {
          int s = std::max(0, d.scale());
          int p = std::max(d.precision() + (d.scale() < 0 ? -d.scale() : 0), s);
          if (p <= 38) {
            node.mergeAtomic(Kind::kDecimal, p, s);
            return;
          }
        }
        node.mergeAtomic(Kind::kDouble);
      } else {
        node.mergeAtomic(Kind::kDouble);
      }
      return;
    }
    case JsonType::STRING: node.mergeAtomic(Kind::kString); return;
    case JsonType::ARRAY:
      if (node.kind == Kind::kNull) {
        node.kind = Kind::kArray;
        node.element = std::make_unique<Node>();
      }
      if (node.kind != Kind::kArray) {
        if (node.kind != Kind::kString) node.becomeString();
        return;
      }
      for (JsonElement e : jsonArray(v)) merge(*node.element, e);
      return;
    case JsonType::OBJECT:
      if (node.kind == Kind::kNull) node.kind = Kind::kStruct;
      if (node.kind != Kind::kStruct) {
        if (node.kind != Kind::kString) node.becomeString();
        return;
      }
      for (auto kv : jsonObject(v)) merge(node.field(kv.key), kv.value);
      return;
  }
}

bool JsonSchemaInferrer::addRecord(JsonElement doc) {
  if (doc.type() == JsonType::OBJECT) {
    merge(*root_, doc);
    return true;
  }
  if (doc.type() != JsonType::ARRAY) return false;
  for (JsonElement e : jsonArray(doc)) {
    if (e.type() != JsonType::OBJECT) return false;
  }
  for (JsonElement e : jsonArray(doc)) merge(*root_, e);
  return true;
}

namespace {

// Spark's canonicalizeType: null-only becomes string (or is dropped with
// dropFieldIfAllNull), empty structs and nameless fields are dropped, struct fields
// are sorted by name.
std::optional<TypePtr> canonical(const JsonSchemaInferrer::Node& n, bool dropAllNull) {
  using Kind = JsonSchemaInferrer::Node::Kind;
  switch (n.kind) {
    case Kind::kNull:
      if (dropAllNull) return std::nullopt;
      return DataType::string();
    case Kind::kBoolean: return DataType::boolean();
    case Kind::kLong: return DataType::long_();
    case Kind::kDouble: return DataType::double_();
    case Kind::kDecimal: return DataType::decimal(n.precision, n.scale);
    case Kind::kString: return DataType::string();
    case Kind::kArray: {
      auto elem = canonical(*n.element, dropAllNull);
      if (!elem) return std::nullopt;
      return DataType::array(*elem);
    }
    case Kind::kStruct: {
      std::vector<Field> fields;
      for (const auto& [name, child] : n.fields) {
        if (name.empty()) continue;
        auto t = canonical(*child, dropAllNull);
        if (t) fields.push_back({name, *t, true});
      }
      if (fields.empty()) return std::nullopt;
      std::sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
      return DataType::struct_(std::move(fields));
    }
  }
  return std::nullopt;
}

}  // namespace

Schema JsonSchemaInferrer::finish() const {
  std::vector<Field> fields;
  auto root = canonical(*root_, o_.dropFieldIfAllNull);
  if (root) fields = (*root)->fields();
  if (corrupt_) {
    bool present = false;
    for (const auto& f : fields) present |= f.name == o_.corruptColumn;
    if (!present) {
      fields.push_back({o_.corruptColumn, DataType::string(), true});
      std::sort(fields.begin(), fields.end(), [](const Field& a, const Field& b) { return a.name < b.name; });
    }
  }
  return Schema(std::move(fields));
}

}  // namespace spate
