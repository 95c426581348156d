#include "spate/io/options.h"

#include <charconv>

#include "spate/common/strings.h"

namespace spate {

Options::Options(std::initializer_list<std::pair<std::string, std::string>> entries) {
  for (const auto& [k, v] : entries) set(k, v);
}

Options& Options::set(std::string_view key, std::string value) {
  map_[toLower(key)] = Entry{std::string(key), std::move(value)};
  return *this;
}

bool Options::has(std::string_view key) const { return find(key) != nullptr; }

void Options::erase(std::string_view key) { map_.erase(toLower(key)); }

const Options::Entry* Options::find(std::string_view key) const {
  std::string lower = toLower(key);
  auto it = map_.find(lower);
  if (it == map_.end()) return nullptr;
  used_.insert(std::move(lower));
  return &it->second;
}

std::string Options::get(std::string_view key, std::string_view def) const {
  const Entry* e = find(key);
  return e ? e->value : std::string(def);
}

Result<bool> Options::getBool(std::string_view key, bool def) const {
  const Entry* e = find(key);
  if (!e) return def;
  if (equalsIgnoreCase(e->value, "true")) return true;
  if (equalsIgnoreCase(e->value, "false")) return false;
  return Status::Invalid("Option '{}' must be 'true' or 'false', got '{}'", key, e->value);
}

Result<int64_t> Options::getInt(std::string_view key, int64_t def) const {
  const Entry* e = find(key);
  if (!e) return def;
  std::string_view s = trimView(e->value);
  int64_t v = 0;
  const char* b = s.data() + (!s.empty() && s[0] == '+' ? 1 : 0);
  auto [ptr, ec] = std::from_chars(b, s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    return Status::Invalid("Option '{}' must be an integer, got '{}'", key, e->value);
  }
  return v;
}

Result<double> Options::getDouble(std::string_view key, double def) const {
  const Entry* e = find(key);
  if (!e) return def;
  std::string_view s = trimView(e->value);
  double v = 0;
  auto [ptr, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (s.empty() || ec != std::errc() || ptr != s.data() + s.size()) {
    return Status::Invalid("Option '{}' must be a number, got '{}'", key, e->value);
  }
  return v;
}

Result<char> parseCharOption(std::string_view key, std::string_view v) {
  if (v.empty()) return '\0';
  if (v.size() == 1) return v[0];
  if (v.size() == 2 && v[0] == '\\') {
    switch (v[1]) {
      case 't': return '\t';
      case 'n': return '\n';
      case 'r': return '\r';
      case '0': return '\0';
      case '\\': return '\\';
      case '"': return '"';
      case '\'': return '\'';
      default: break;
    }
  }
  if (v.size() == 6 && v[0] == '\\' && v[1] == 'u') {
    unsigned code = 0;
    auto [ptr, ec] = std::from_chars(v.data() + 2, v.data() + 6, code, 16);
    if (ec == std::errc() && ptr == v.data() + 6 && code < 0x80) return static_cast<char>(code);
  }
  return Status::Invalid("Option '{}' must be a single character, got '{}'", key, v);
}

Result<char> Options::getChar(std::string_view key, char def) const {
  const Entry* e = find(key);
  if (!e) return def;
  return parseCharOption(key, e->value);
}

std::vector<std::string> Options::unusedKeys() const {
  std::vector<std::string> out;
  for (const auto& [lower, e] : map_) {
    if (!used_.count(lower)) out.push_back(e.key);
  }
  return out;
}

std::vector<std::pair<std::string, std::string>> Options::entries() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [lower, e] : map_) out.emplace_back(e.key, e.value);
  return out;
}

}  // namespace spate
