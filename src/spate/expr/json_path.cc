#include "spate/expr/json_path.h"

#include <charconv>

#include "spate/expr/json_convert.h"

namespace spate {

using simdjson::dom::element;
using simdjson::dom::element_type;
using Kind = JsonPathStep::Kind;

std::optional<JsonPath> parseJsonPath(std::string_view p) {
  if (p.empty() || p[0] != '$') return std::nullopt;
  JsonPath path;
  size_t i = 1;
  while (i < p.size()) {
    JsonPathStep step;
    if (p.substr(i, 2) == ".*" || p.substr(i, 5) == "['*']") {
      step.kind = Kind::kKeyWildcard;
      i += p[i] == '.' ? 2 : 5;
    } else if (p[i] == '.') {
      size_t end = p.find_first_of(".[", i + 1);
      if (end == std::string_view::npos) end = p.size();
      if (end == i + 1) return std::nullopt;
      step.name = std::string(p.substr(i + 1, end - i - 1));
      i = end;
    } else if (p.substr(i, 2) == "['") {
      size_t end = p.find("']", i + 2);
      if (end == std::string_view::npos || end == i + 2) return std::nullopt;
      step.name = std::string(p.substr(i + 2, end - i - 2));
      if (step.name.find_first_of("'?") != std::string::npos) return std::nullopt;
      i = end + 2;
    } else if (p[i] == '[') {
      size_t end = p.find(']', i + 1);
      if (end == std::string_view::npos || end == i + 1) return std::nullopt;
      std::string_view inner = p.substr(i + 1, end - i - 1);
      if (inner == "*") {
        step.kind = Kind::kArrayWildcard;
      } else {
        step.kind = Kind::kIndex;
        auto res = std::from_chars(inner.data(), inner.data() + inner.size(), step.index);
        if (res.ec != std::errc() || res.ptr != inner.data() + inner.size() || inner[0] == '-') return std::nullopt;
      }
      i = end + 1;
    } else {
      return std::nullopt;
    }
    path.push_back(std::move(step));
  }
  return path;
}

namespace {

// How a match is written: Raw (no wildcard above: strings unquoted), Quoted (inside
// a wildcard: every value as JSON), Flatten (under a double wildcard: arrays are
// spliced into the enclosing one).
enum class Style { kRaw, kQuoted, kFlatten };

// A minimal JSON generator that puts commas between the values of an open array.
class PathWriter {
 public:
  explicit PathWriter(std::string& out) : out_(out) {}
  void value(element v) {
    separate();
    writeJsonElement(v, out_);
  }
  void rawValue(std::string_view s) {
    separate();
    out_ += s;
  }
  void raw(std::string_view s) { out_ += s; }
  void startArray() {
    separate();
    out_ += '[';
    first_.push_back(true);
  }
  void endArray() {
    out_ += ']';
    first_.pop_back();
  }

 private:
  void separate() {
    if (first_.empty()) return;
    if (!first_.back()) out_ += ',';
    first_.back() = false;
  }
  std::string& out_;
  std::vector<bool> first_;
};

simdjson::dom::array asArray(element v) {
  simdjson::dom::array a;
  a = v.get_array().value_unsafe();
  return a;
}

bool evaluate(element v, const JsonPath& path, size_t i, Style style, PathWriter& w) {
  element_type t = v.type();
  if (i == path.size()) {
    if (t == element_type::STRING && style == Style::kRaw) {
      w.raw(v.get_string().value_unsafe());
      return true;
    }
    if (t == element_type::ARRAY && style == Style::kFlatten) {
      bool dirty = false;
      for (element e : asArray(v)) dirty |= evaluate(e, path, i, style, w);
      return dirty;
    }
    w.value(v);
    return true;
  }
  const JsonPathStep& step = path[i];
  if (t == element_type::OBJECT && step.kind == Kind::kKey) {
    simdjson::dom::object obj;
    obj = v.get_object().value_unsafe();
    for (auto kv : obj) {
      if (kv.key != step.name || kv.value.type() == element_type::NULL_VALUE) continue;
      if (evaluate(kv.value, path, i + 1, style, w)) return true;
    }
    return false;
  }
  if (t != element_type::ARRAY) return false;
  simdjson::dom::array arr = asArray(v);
  bool nextIsWildcard = i + 1 < path.size() && path[i + 1].kind == Kind::kArrayWildcard;
  if (step.kind == Kind::kArrayWildcard && nextIsWildcard) {
    // Hive's double wildcard flattens nested arrays into one.
    bool dirty = false;
    w.startArray();
    for (element e : arr) dirty |= evaluate(e, path, i + 2, Style::kFlatten, w);
    w.endArray();
    return dirty;
  }
  if (step.kind == Kind::kArrayWildcard && style != Style::kQuoted) {
    Style next = style == Style::kRaw ? Style::kQuoted : Style::kFlatten;
    std::string buffer;
    PathWriter inner(buffer);
    int matches = 0;
    inner.startArray();
    for (element e : arr) matches += evaluate(e, path, i + 1, next, inner) ? 1 : 0;
    inner.endArray();
    // One match is returned without the enclosing brackets, as Hive does.
    if (matches > 1) w.rawValue(buffer);
    else if (matches == 1) w.rawValue(std::string_view(buffer).substr(1, buffer.size() - 2));
    return matches > 0;
  }
  if (step.kind == Kind::kArrayWildcard) {
    bool dirty = false;
    w.startArray();
    for (element e : arr) dirty |= evaluate(e, path, i + 1, Style::kQuoted, w);
    w.endArray();
    return dirty;
  }
  if (step.kind == Kind::kIndex) {
    element e;
    if (step.index >= static_cast<int64_t>(arr.size()) || arr.at(static_cast<size_t>(step.index)).get(e)) return false;
    return evaluate(e, path, i + 1, nextIsWildcard ? Style::kQuoted : style, w);
  }
  return false;
}

}  // namespace

bool evaluateJsonPath(element root, const JsonPath& path, std::string& out) {
  PathWriter w(out);
  return evaluate(root, path, 0, Style::kRaw, w);
}

}  // namespace spate
