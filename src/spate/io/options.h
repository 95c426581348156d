#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "spate/common/status.h"

namespace spate {

// The options of a reader or writer, as OPTIONS (...) or .option() give them. Spark's
// option keys are case-insensitive ("inferSchema" == "inferschema"); values are kept
// as written. Typed getters return a user-facing error naming the option on a bad value.
class Options {
 public:
  Options() = default;
  Options(std::initializer_list<std::pair<std::string, std::string>> entries);

  Options& set(std::string_view key, std::string value);
  bool has(std::string_view key) const;
  void erase(std::string_view key);

  // The value, or def when absent.
  std::string get(std::string_view key, std::string_view def = "") const;
  // "true"/"false" in any case.
  Result<bool> getBool(std::string_view key, bool def) const;
  Result<int64_t> getInt(std::string_view key, int64_t def) const;
  Result<double> getDouble(std::string_view key, double def) const;
  // One character; "" gives '\0' (Spark's "disabled"); escapes \t \n \r \0 \\ \" \'
  // and \uXXXX (below 0x80) are accepted as they are written in SQL or code.
  Result<char> getChar(std::string_view key, char def) const;

  // Keys (as first written) that no getter has read, for warnings about typos.
  std::vector<std::string> unusedKeys() const;
  // (key as written, value) pairs in key order.
  std::vector<std::pair<std::string, std::string>> entries() const;
  size_t size() const { return map_.size(); }

 private:
  struct Entry {
    std::string key;  // as written
    std::string value;
  };
  const Entry* find(std::string_view key) const;

  std::map<std::string, Entry> map_;  // by lower-cased key
  mutable std::set<std::string> used_;
};

// Decodes an option value that must be one character (see Options::getChar).
Result<char> parseCharOption(std::string_view key, std::string_view value);

}  // namespace spate
