#pragma once

// A small JSON document model for the engine's own files and reports: checkpoint
// offsets and commits, progress events, source logs. Object members keep their order,
// so what we write reads back and prints the same.

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spate/common/status.h"

namespace spate {

class Json {
 public:
  enum class Kind { kNull, kBool, kInt, kDouble, kString, kArray, kObject };

  Json() = default;
  Json(std::nullptr_t) {}
  Json(bool b) : kind_(Kind::kBool), int_(b) {}
  Json(int v) : kind_(Kind::kInt), int_(v) {}
  Json(int64_t v) : kind_(Kind::kInt), int_(v) {}
  Json(double v) : kind_(Kind::kDouble), double_(v) {}
  Json(std::string s) : kind_(Kind::kString), string_(std::move(s)) {}
  Json(const char* s) : kind_(Kind::kString), string_(s) {}
  static Json array() { Json j; j.kind_ = Kind::kArray; return j; }
  static Json object() { Json j; j.kind_ = Kind::kObject; return j; }

  Kind kind() const { return kind_; }
  bool isNull() const { return kind_ == Kind::kNull; }
  bool isObject() const { return kind_ == Kind::kObject; }
  bool isArray() const { return kind_ == Kind::kArray; }
  bool isString() const { return kind_ == Kind::kString; }
  bool isNumber() const { return kind_ == Kind::kInt || kind_ == Kind::kDouble; }

  bool asBool() const { return int_ != 0; }
  int64_t asInt() const { return kind_ == Kind::kDouble ? static_cast<int64_t>(double_) : int_; }
  double asDouble() const { return kind_ == Kind::kInt ? static_cast<double>(int_) : double_; }
  const std::string& asString() const { return string_; }

  // Arrays.
  Json& push(Json v);
  const std::vector<Json>& items() const { return items_; }
  // Objects: set() replaces an existing member or appends a new one.
  Json& set(std::string key, Json v);
  const Json* find(std::string_view key) const;
  const std::vector<std::pair<std::string, Json>>& members() const { return members_; }

  // Compact, or indented by two spaces per level with " : " after keys as Jackson's
  // pretty printer (Spark's prettyJson).
  std::string dump(bool pretty = false) const;

  // ParseError with the position of the problem.
  static Result<Json> parse(std::string_view text);

  // Typed member access for reading our own files: an error naming `what` and the
  // key when the member is missing or of another type.
  Result<int64_t> intMember(std::string_view key, std::string_view what) const;
  Result<std::string> stringMember(std::string_view key, std::string_view what) const;

 private:
  void dumpTo(std::string& out, bool pretty, int indent) const;

  Kind kind_ = Kind::kNull;
  int64_t int_ = 0;
  double double_ = 0;
  std::string string_;
  std::vector<Json> items_;
  std::vector<std::pair<std::string, Json>> members_;
};

}  // namespace spate
