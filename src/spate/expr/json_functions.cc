// JSON functions: from_json, to_json, get_json_object, json_tuple (a generator),
// json_array_length, json_object_keys, schema_of_json. Parsing uses simdjson's DOM
// parser, one per kernel call (a batch); conversions are in json_convert.h, writing in
// json_writer.h, paths in json_path.h.
//
// Spark semantics: a null input gives null; from_json in its default PERMISSIVE mode
// turns a malformed record into a struct of nulls (null for an array or map schema)
// and keeps the fields that did convert (FAILFAST makes either an error); empty or
// blank input is null. get_json_object returns null for invalid JSON or a path that
// matches nothing. Unlike Jackson, simdjson accepts only strict JSON (no single
// quotes, comments or trailing text).

#include <optional>

#include "spate/expr/json_simdjson.h"

#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/expr/function_registry.h"
#include "spate/expr/json_convert.h"
#include "spate/expr/json_infer.h"
#include "spate/expr/json_path.h"
#include "spate/expr/json_writer.h"
#include "spate/expr/kernels.h"
#include "spate/types/schema.h"

namespace spate {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

Status requireString(const char* fn, std::vector<BoundExprPtr>& args, size_t i) {
  // Other atomic types are cast to string implicitly, as in Spark.
  if (args[i]->type()->isNested() || args[i]->type()->id() == TypeId::kBinary) {
    return Status::TypeError("{}() expects a string as argument {}, but {} is {}", fn, i + 1, args[i]->toString(),
                             args[i]->type()->simpleString());
  }
  SPATE_ASSIGN_OR_RETURN(args[i], makeCast(args[i], DataType::string()));
  return Status::OK();
}

Result<std::string> stringLiteral(const char* fn, const char* what, const BoundExprPtr& e) {
  const Value* v = e->literalValue();
  if (!v || v->isNull() || e->type()->id() != TypeId::kString) {
    return Status::TypeError("{}() expects {} as a string literal, but got {} of type {}", fn, what, e->toString(),
                             e->type()->simpleString());
  }
  return v->asString();
}

// Options as a literal map<string, string>, e.g. map('mode', 'FAILFAST').
Result<std::vector<std::pair<std::string, std::string>>> literalOptions(const char* fn, const BoundExprPtr& e) {
  const Value* v = e->literalValue();
  const DataType& t = *e->type();
  if (!v || t.id() != TypeId::kMap || t.keyType()->id() != TypeId::kString ||
      t.valueType()->id() != TypeId::kString) {
    return Status::TypeError("{}() expects options as a literal map of strings, as map('mode', 'FAILFAST'), but got {}",
                             fn, e->toString());
  }
  std::vector<std::pair<std::string, std::string>> out;
  if (v->isNull()) return out;
  const MapEntries& m = v->asMap();
  for (size_t i = 0; i < m.keys.size(); ++i) {
    out.emplace_back(m.keys[i].asString(), m.values[i].isNull() ? "" : m.values[i].asString());
  }
  return out;
}

TypePtr asNullable(const TypePtr& t) {
  switch (t->id()) {
    case TypeId::kArray: return DataType::array(asNullable(t->elementType()), true);
    case TypeId::kMap: return DataType::map(t->keyType(), asNullable(t->valueType()), true);
    case TypeId::kStruct: {
      std::vector<Field> fields;
      for (const auto& f : t->fields()) fields.push_back({f.name, asNullable(f.type), true});
      return DataType::struct_(std::move(fields));
    }
    default: return t;
  }
}

// A from_json schema: a DDL column list ('a INT, b STRING') or a nested type
// ('STRUCT<...>', 'ARRAY<INT>', 'MAP<STRING, INT>').
Result<TypePtr> parseJsonSchema(const std::string& text) {
  TypePtr type;
  auto asType = parseDataType(text);
  if (asType.ok()) {
    type = *asType;
  } else {
    auto asSchema = Schema::fromDDL(text);
    if (!asSchema.ok()) {
      return Status::TypeError("from_json() cannot parse the schema '{}': {}", text, asSchema.status().message());
    }
    type = asSchema->asStructType();
  }
  if (!type->isNested()) {
    return Status::TypeError("from_json() expects a struct, an array or a map schema, but got {}",
                             type->simpleString());
  }
  SPATE_RETURN_IF_ERROR(JsonConverter::checkType(*type));
  return asNullable(type);
}

bool isBlank(std::string_view s) {
  for (char c : s) {
    if (c != ' ' && c != '\t' && c != '\n' && c != '\r') return false;
  }
  return true;
}

Status malformed(std::string_view record) {
  return Status::ExecutionError(
      "[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record parsing: {}. Parse Mode: FAILFAST. To "
      "process malformed records as null result, try setting the option 'mode' as 'PERMISSIVE'.",
      record);
}

Result<ResolvedScalar> resolveFromJson(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireString("from_json", args, 0));
  SPATE_ASSIGN_OR_RETURN(std::string schemaText, stringLiteral("from_json", "the schema", args[1]));
  SPATE_ASSIGN_OR_RETURN(TypePtr type, parseJsonSchema(schemaText));
  bool failFast = false;
  if (args.size() == 3) {
    SPATE_ASSIGN_OR_RETURN(auto options, literalOptions("from_json", args[2]));
    for (const auto& [k, v] : options) {
      if (!equalsIgnoreCase(k, "mode")) continue;
      if (equalsIgnoreCase(v, "FAILFAST")) {
        failFast = true;
      } else if (!equalsIgnoreCase(v, "PERMISSIVE")) {
        return Status::TypeError(
            "from_json() doesn't support the {} mode. Acceptable modes are PERMISSIVE and FAILFAST.", v);
      }
    }
  }
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type, failFast](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& in = *a[0];
    simdjson::dom::parser parser;
    JsonConverter converter(type);
    // An array<struct> schema also takes a single object, as a one-element array.
    bool objectAsArray = type->id() == TypeId::kArray && type->elementType()->id() == TypeId::kStruct;
    std::optional<JsonConverter> elementConverter;
    if (objectAsArray) elementConverter.emplace(type->elementType());
    element_type rootKind = type->id() == TypeId::kArray ? element_type::ARRAY : element_type::OBJECT;
    ColumnBuilder out(type);
    // simdjson reads up to SIMDJSON_PADDING bytes past a text: a value with that much
    // of the column's buffer after it is parsed in place, not copied to a padded one.
    const char* bytes = in.stringData();
    const int64_t readable = !in.isConstant() && in.dataBuffer() ? in.dataBuffer()->capacity() : 0;
    for (int64_t i = 0; i < n; ++i) {
      if (in.isNull(i)) {
        out.appendNull();
        continue;
      }
      std::string_view text = in.stringAt(i);
      if (isBlank(text)) {
        out.appendNull();
        continue;
      }
      element doc;
      bool inPlace = (text.data() - bytes) + static_cast<int64_t>(text.size() + simdjson::SIMDJSON_PADDING) <= readable;
      bool parsed = !parser.parse(text.data(), text.size(), !inPlace).get(doc);
      bool ok = false;
      if (parsed && doc.type() == rootKind) {
        ok = converter.append(doc, out);
        if (ok || !failFast) continue;
      } else if (parsed && objectAsArray && doc.type() == element_type::OBJECT) {
        ok = elementConverter->append(doc, out.child(0));
        out.closeList();
        if (ok || !failFast) continue;
      }
      if (failFast) return malformed(text);
      if (type->id() == TypeId::kStruct) {
        for (size_t f = 0; f < type->fields().size(); ++f) out.child(f).appendNull();
        out.closeStruct();
      } else {
        out.appendNull();
      }
    }
    return out.finish();
  };
  return r;
}

Result<ResolvedScalar> resolveToJson(std::vector<BoundExprPtr>& args) {
  const TypePtr& t = args[0]->type();
  if (!t->isNested()) {
    return Status::TypeError("to_json() expects a struct, an array or a map, but {} is {}", args[0]->toString(),
                             t->simpleString());
  }
  JsonWriteOptions options;
  if (args.size() == 2) {
    SPATE_ASSIGN_OR_RETURN(auto opts, literalOptions("to_json", args[1]));
    for (const auto& [k, v] : opts) {
      if (equalsIgnoreCase(k, "ignoreNullFields")) options.ignoreNullFields = !equalsIgnoreCase(v, "false");
    }
  }
  auto writer = std::make_shared<const JsonWriter>(t, options);
  ResolvedScalar r;
  r.type = DataType::string();
  r.handlesConstants = true;
  r.kernel = [writer](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& in = *a[0];
    std::string scratch;
    StringColumnBuilder out(DataType::string(), n, n * 16);
    for (int64_t i = 0; i < n; ++i) {
      if (in.isNull(i)) {
        out.appendNull();
        continue;
      }
      scratch.clear();
      writer->write(in, i, scratch);
      out.append(scratch);
    }
    return out.finish();
  };
  return r;
}

Result<ResolvedScalar> resolveGetJsonObject(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireString("get_json_object", args, 0));
  SPATE_RETURN_IF_ERROR(requireString("get_json_object", args, 1));
  // A literal path is parsed once; nullopt inside means "invalid", so every row is null.
  std::optional<std::optional<JsonPath>> fixed;
  if (const Value* v = args[1]->literalValue()) {
    fixed.emplace(v->isNull() ? std::nullopt : parseJsonPath(v->asString()));
  }
  ResolvedScalar r;
  r.type = DataType::string();
  r.handlesConstants = true;
  r.kernel = [fixed](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    const Column& in = *a[0];
    const Column& pathCol = *a[1];
    simdjson::dom::parser parser;
    std::optional<JsonPath> path;
    std::string pathText, scratch;
    bool havePath = false;
    if (fixed) {
      path = *fixed;
      havePath = true;
    }
    StringColumnBuilder out(DataType::string(), n, n * 8);
    for (int64_t i = 0; i < n; ++i) {
      if (in.isNull(i) || pathCol.isNull(i)) {
        out.appendNull();
        continue;
      }
      if (!fixed && (!havePath || pathCol.stringAt(i) != pathText)) {
        pathText = std::string(pathCol.stringAt(i));
        path = parseJsonPath(pathText);
        havePath = true;
      }
      std::string_view text = in.stringAt(i);
      element doc;
      scratch.clear();
      if (!path || parser.parse(text.data(), text.size()).get(doc) || !evaluateJsonPath(doc, *path, scratch)) {
        out.appendNull();
      } else {
        out.append(scratch);
      }
    }
    return out.finish();
  };
  return r;
}

// Parses row i of a string column; false for null or invalid JSON.
bool parseRow(simdjson::dom::parser& parser, const Column& in, int64_t i, element& doc) {
  if (in.isNull(i)) return false;
  std::string_view text = in.stringAt(i);
  return !parser.parse(text.data(), text.size()).get(doc);
}

Result<ResolvedScalar> resolveJsonArrayLength(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireString("json_array_length", args, 0));
  ResolvedScalar r;
  r.type = DataType::int_();
  r.handlesConstants = true;
  r.kernel = [](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    simdjson::dom::parser parser;
    return buildFixedOrNull<int32_t>(n, DataType::int_(), {}, [&](int64_t i, int32_t& o) {
      element doc;
      if (!parseRow(parser, *a[0], i, doc) || doc.type() != element_type::ARRAY) return false;
      simdjson::dom::array arr;
      arr = doc.get_array().value_unsafe();
      o = static_cast<int32_t>(arr.size());
      return true;
    });
  };
  return r;
}

Result<ResolvedScalar> resolveJsonObjectKeys(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireString("json_object_keys", args, 0));
  TypePtr type = DataType::array(DataType::string());
  ResolvedScalar r;
  r.type = type;
  r.handlesConstants = true;
  r.kernel = [type](const std::vector<ColumnPtr>& a, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    simdjson::dom::parser parser;
    ColumnBuilder out(type);
    for (int64_t i = 0; i < n; ++i) {
      element doc;
      if (!parseRow(parser, *a[0], i, doc) || doc.type() != element_type::OBJECT) {
        out.appendNull();
        continue;
      }
      simdjson::dom::object obj;
      obj = doc.get_object().value_unsafe();
      for (auto kv : obj) out.child(0).appendString(kv.key);
      out.closeList();
    }
    return out.finish();
  };
  return r;
}

// schema_of_json(json): the DDL of the inferred type, computed once from a literal.
Result<ResolvedScalar> resolveSchemaOfJson(std::vector<BoundExprPtr>& args) {
  SPATE_ASSIGN_OR_RETURN(std::string json, stringLiteral("schema_of_json", "the JSON text", args[0]));
  simdjson::dom::parser parser;
  element doc;
  if (parser.parse(json.data(), json.size()).get(doc)) {
    return Status::TypeError("schema_of_json() cannot parse its input as JSON: {}", json);
  }
  TypePtr inferred = inferJsonType(doc);
  TypePtr canonical = canonicalizeJsonType(inferred);
  if (!canonical) {
    if (inferred->id() == TypeId::kStruct) canonical = DataType::struct_({});
    else if (inferred->id() == TypeId::kArray) canonical = DataType::array(DataType::struct_({}));
    else canonical = DataType::string();
  }
  Value result = Value::string(canonical->ddl());
  ResolvedScalar r;
  r.type = DataType::string();
  r.nullable = false;
  r.handlesConstants = true;
  r.kernel = [result](const std::vector<ColumnPtr>&, int64_t n, EvalContext&) -> Result<ColumnPtr> {
    return Column::constant(result, DataType::string(), n);
  };
  return r;
}

// json_tuple(json, 'a', 'b', ...): one row of strings c0, c1, ... per input row, each
// as get_json_object(json, '$.a') would give it; all null for invalid JSON.
Result<ResolvedGenerator> resolveJsonTuple(std::vector<BoundExprPtr>& args) {
  SPATE_RETURN_IF_ERROR(requireString("json_tuple", args, 0));
  std::vector<std::string> names;
  ResolvedGenerator g;
  for (size_t i = 1; i < args.size(); ++i) {
    SPATE_ASSIGN_OR_RETURN(std::string name, stringLiteral("json_tuple", "field names", args[i]));
    names.push_back(std::move(name));
    g.outputFields.push_back({"c" + std::to_string(i - 1), DataType::string(), true});
  }
  g.kernel = [names](const std::vector<ColumnPtr>& a, int64_t n) -> Result<GeneratorOutput> {
    const Column& in = *a[0];
    simdjson::dom::parser parser;
    std::vector<StringColumnBuilder> cols;
    for (size_t j = 0; j < names.size(); ++j) cols.emplace_back(DataType::string(), n, n * 8);
    std::vector<element> found(names.size());
    std::vector<uint8_t> present(names.size());
    std::string scratch;
    for (int64_t i = 0; i < n; ++i) {
      element doc;
      std::fill(present.begin(), present.end(), 0);
      if (parseRow(parser, in, i, doc) && doc.type() == element_type::OBJECT) {
        simdjson::dom::object obj;
        obj = doc.get_object().value_unsafe();
        for (auto kv : obj) {
          for (size_t j = 0; j < names.size(); ++j) {
            if (kv.key != names[j]) continue;
            found[j] = kv.value;
            present[j] = kv.value.type() != element_type::NULL_VALUE;
          }
        }
      }
      for (size_t j = 0; j < names.size(); ++j) {
        if (!present[j]) {
          cols[j].appendNull();
        } else if (found[j].type() == element_type::STRING) {
          cols[j].append(found[j].get_string().value_unsafe());
        } else {
          scratch.clear();
          writeJsonElement(found[j], scratch);
          cols[j].append(scratch);
        }
      }
    }
    GeneratorOutput out;
    for (auto& c : cols) out.columns.push_back(c.finish());
    out.sourceRows.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) out.sourceRows[static_cast<size_t>(i)] = static_cast<int32_t>(i);
    return out;
  };
  return g;
}

}  // namespace

void registerJsonFunctions(FunctionRegistry& r) {
  r.addScalar({"from_json", 2, 3, resolveFromJson});
  r.addScalar({"to_json", 1, 2, resolveToJson});
  r.addScalar({"get_json_object", 2, 2, resolveGetJsonObject});
  r.addScalar({"json_array_length", 1, 1, resolveJsonArrayLength});
  r.addScalar({"json_object_keys", 1, 1, resolveJsonObjectKeys});
  r.addScalar({"schema_of_json", 1, 2, resolveSchemaOfJson});
  r.addGenerator({"json_tuple", 2, -1, resolveJsonTuple});
}

}  // namespace spate
