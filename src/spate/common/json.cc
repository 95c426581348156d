#include "spate/common/json.h"

#include <cmath>

#include "spate/common/json_text.h"
#include "spate/expr/json_simdjson.h"

namespace spate {

Json& Json::push(Json v) {
  kind_ = Kind::kArray;
  items_.push_back(std::move(v));
  return items_.back();
}

Json& Json::set(std::string key, Json v) {
  kind_ = Kind::kObject;
  for (auto& [k, existing] : members_) {
    if (k == key) {
      existing = std::move(v);
      return existing;
    }
  }
  members_.emplace_back(std::move(key), std::move(v));
  return members_.back().second;
}

const Json* Json::find(std::string_view key) const {
  for (const auto& [k, v] : members_) {
    if (k == key) return &v;
  }
  return nullptr;
}

namespace {

void newline(std::string& out, int indent) {
  out += '\n';
  out.append(static_cast<size_t>(indent) * 2, ' ');
}

Result<Json> fromElement(simdjson::dom::element e) {
  switch (e.type()) {
    case simdjson::dom::element_type::NULL_VALUE: return Json();
    case simdjson::dom::element_type::BOOL: return Json(bool(e.get_bool().value_unsafe()));
    case simdjson::dom::element_type::INT64: return Json(int64_t(e.get_int64().value_unsafe()));
    case simdjson::dom::element_type::UINT64: return Json(static_cast<double>(e.get_uint64().value_unsafe()));
    case simdjson::dom::element_type::DOUBLE: return Json(double(e.get_double().value_unsafe()));
    case simdjson::dom::element_type::STRING: return Json(std::string(e.get_string().value_unsafe()));
    case simdjson::dom::element_type::ARRAY: {
      Json a = Json::array();
      simdjson::dom::array array;
      if (e.get_array().get(array)) return Status::ParseError("invalid JSON array");
      for (simdjson::dom::element item : array) {
        SPATE_ASSIGN_OR_RETURN(Json v, fromElement(item));
        a.push(std::move(v));
      }
      return a;
    }
    case simdjson::dom::element_type::OBJECT: {
      Json o = Json::object();
      simdjson::dom::object object;
      if (e.get_object().get(object)) return Status::ParseError("invalid JSON object");
      for (auto field : object) {
        SPATE_ASSIGN_OR_RETURN(Json v, fromElement(field.value));
        o.set(std::string(field.key), std::move(v));
      }
      return o;
    }
  }
  return Json();
}

}  // namespace

void Json::dumpTo(std::string& out, bool pretty, int indent) const {
  switch (kind_) {
    case Kind::kNull: out += "null"; return;
    case Kind::kBool: out += int_ ? "true" : "false"; return;
    case Kind::kInt: out += std::to_string(int_); return;
    case Kind::kDouble: appendJsonDouble(out, double_); return;
    case Kind::kString: appendJsonString(out, string_); return;
    case Kind::kArray: {
      // Jackson's pretty printer: "[ a, b ]", "[ ]"; arrays add no indentation level.
      out += pretty ? "[ " : "[";
      for (size_t i = 0; i < items_.size(); ++i) {
        if (i) out += pretty ? ", " : ",";
        items_[i].dumpTo(out, pretty, indent);
      }
      out += pretty ? (items_.empty() ? "]" : " ]") : "]";
      return;
    }
    case Kind::kObject: {
      out += '{';
      if (members_.empty()) {
        out += pretty ? " }" : "}";
        return;
      }
      for (size_t i = 0; i < members_.size(); ++i) {
        if (i) out += ',';
        if (pretty) newline(out, indent + 1);
        appendJsonString(out, members_[i].first);
        out += pretty ? " : " : ":";
        members_[i].second.dumpTo(out, pretty, indent + 1);
      }
      if (pretty) newline(out, indent);
      out += '}';
      return;
    }
  }
}

std::string Json::dump(bool pretty) const {
  std::string out;
  dumpTo(out, pretty, 0);
  return out;
}

Result<Json> Json::parse(std::string_view text) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(text);
  simdjson::dom::element root;
  auto error = parser.parse(padded).get(root);
  if (error) return Status::ParseError("invalid JSON: {}", simdjson::error_message(error));
  return fromElement(root);
}

Result<int64_t> Json::intMember(std::string_view key, std::string_view what) const {
  const Json* v = find(key);
  if (!v || v->kind() != Kind::kInt) return Status::ParseError("{}: expected an integer \"{}\"", what, key);
  return v->asInt();
}

Result<std::string> Json::stringMember(std::string_view key, std::string_view what) const {
  const Json* v = find(key);
  if (!v || !v->isString()) return Status::ParseError("{}: expected a string \"{}\"", what, key);
  return v->asString();
}

}  // namespace spate
