#include "spate/io/delta_schema.h"

#include <cstdio>

namespace spate::delta {

namespace {

Json typeToJson(const DataType& type);

Json fieldToJson(const Field& field) {
  Json f = Json::object();
  f.set("name", field.name);
  f.set("type", typeToJson(*field.type));
  f.set("nullable", field.nullable);
  f.set("metadata", Json::object());
  return f;
}

Json typeToJson(const DataType& type) {
  switch (type.id()) {
    case TypeId::kArray: {
      Json a = Json::object();
      a.set("type", "array");
      a.set("elementType", typeToJson(*type.elementType()));
      a.set("containsNull", type.containsNull());
      return a;
    }
    case TypeId::kMap: {
      Json m = Json::object();
      m.set("type", "map");
      m.set("keyType", typeToJson(*type.keyType()));
      m.set("valueType", typeToJson(*type.valueType()));
      m.set("valueContainsNull", type.valueContainsNull());
      return m;
    }
    case TypeId::kStruct: {
      Json s = Json::object();
      s.set("type", "struct");
      Json fields = Json::array();
      for (const auto& f : type.fields()) fields.push(fieldToJson(f));
      s.set("fields", std::move(fields));
      return s;
    }
    default: return Json(type.typeName());
  }
}

Result<TypePtr> primitiveFromName(const std::string& name, std::string_view field) {
  static const std::pair<const char*, TypePtr (*)()> kNames[] = {
      {"boolean", &DataType::boolean}, {"byte", &DataType::byte_},     {"short", &DataType::short_},
      {"integer", &DataType::int_},    {"long", &DataType::long_},     {"float", &DataType::float_},
      {"double", &DataType::double_},  {"string", &DataType::string},  {"binary", &DataType::binary},
      {"date", &DataType::date},       {"timestamp", &DataType::timestamp},
      {"timestamp_ntz", &DataType::timestamp},
  };
  for (const auto& [n, make] : kNames) {
    if (name == n) return make();
  }
  int precision = 0;
  int scale = 0;
  char tail = 0;
  if (std::sscanf(name.c_str(), "decimal(%d,%d)%c", &precision, &scale, &tail) == 2 ||
      std::sscanf(name.c_str(), "decimal(%d, %d)%c", &precision, &scale, &tail) == 2) {
    if (precision < 1 || precision > DataType::kMaxDecimalPrecision || scale < 0 || scale > precision) {
      return Status::Invalid("Delta schema: field '{}' has an invalid type '{}'", field, name);
    }
    return DataType::decimal(precision, scale);
  }
  return Status::NotImplemented("Delta schema: field '{}' has type '{}', which spate does not support", field, name);
}

Result<TypePtr> typeFromJson(const Json& j, std::string_view field);

Result<Field> fieldFromJson(const Json& j) {
  if (!j.isObject()) return Status::Invalid("Delta schema: a field is not a JSON object");
  SPATE_ASSIGN_OR_RETURN(std::string name, j.stringMember("name", "Delta schema field"));
  const Json* type = j.find("type");
  if (!type) return Status::Invalid("Delta schema: field '{}' has no type", name);
  SPATE_ASSIGN_OR_RETURN(TypePtr t, typeFromJson(*type, name));
  const Json* nullable = j.find("nullable");
  return Field{name, std::move(t), nullable == nullptr || nullable->asBool()};
}

Result<TypePtr> typeFromJson(const Json& j, std::string_view field) {
  if (j.isString()) return primitiveFromName(j.asString(), field);
  if (!j.isObject()) return Status::Invalid("Delta schema: field '{}' has a malformed type", field);
  SPATE_ASSIGN_OR_RETURN(std::string kind, j.stringMember("type", "Delta schema type"));
  if (kind == "struct") {
    const Json* fields = j.find("fields");
    if (!fields || !fields->isArray()) return Status::Invalid("Delta schema: struct '{}' has no fields", field);
    std::vector<Field> out;
    for (const auto& f : fields->items()) {
      SPATE_ASSIGN_OR_RETURN(Field parsed, fieldFromJson(f));
      out.push_back(std::move(parsed));
    }
    return DataType::struct_(std::move(out));
  }
  if (kind == "array") {
    const Json* element = j.find("elementType");
    if (!element) return Status::Invalid("Delta schema: array '{}' has no elementType", field);
    SPATE_ASSIGN_OR_RETURN(TypePtr e, typeFromJson(*element, field));
    const Json* containsNull = j.find("containsNull");
    return DataType::array(std::move(e), containsNull == nullptr || containsNull->asBool());
  }
  if (kind == "map") {
    const Json* key = j.find("keyType");
    const Json* value = j.find("valueType");
    if (!key || !value) return Status::Invalid("Delta schema: map '{}' needs keyType and valueType", field);
    SPATE_ASSIGN_OR_RETURN(TypePtr k, typeFromJson(*key, field));
    SPATE_ASSIGN_OR_RETURN(TypePtr v, typeFromJson(*value, field));
    const Json* valueContainsNull = j.find("valueContainsNull");
    return DataType::map(std::move(k), std::move(v), valueContainsNull == nullptr || valueContainsNull->asBool());
  }
  return Status::NotImplemented("Delta schema: field '{}' has type '{}', which spate does not support", field, kind);
}

}  // namespace

Json schemaToJson(const Schema& schema) { return typeToJson(*schema.asStructType()); }

std::string schemaToString(const Schema& schema) { return schemaToJson(schema).dump(); }

Result<Schema> schemaFromString(std::string_view text) {
  auto parsed = Json::parse(text);
  if (!parsed.ok()) return Status::Invalid("Delta schemaString is not valid JSON: {}", parsed.status().message());
  SPATE_ASSIGN_OR_RETURN(TypePtr type, typeFromJson(*parsed, "<root>"));
  if (type->id() != TypeId::kStruct) return Status::Invalid("Delta schemaString is not a struct type");
  return Schema(type->fields());
}

}  // namespace spate::delta
