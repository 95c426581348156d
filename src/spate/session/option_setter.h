#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include <fmt/format.h>

#include "spate/io/options.h"

namespace spate::sql {

// The option(...) / options(...) calls every reader and writer takes, as Spark's: a
// value of any common type is stored as its text, and each call returns the builder
// so calls chain.
template <typename Builder>
class OptionSetter {
 public:
  Builder& option(const std::string& key, const std::string& value) {
    options_.set(key, value);
    return static_cast<Builder&>(*this);
  }
  Builder& option(const std::string& key, const char* value) { return option(key, std::string(value)); }
  Builder& option(const std::string& key, bool value) { return option(key, std::string(value ? "true" : "false")); }
  Builder& option(const std::string& key, int64_t value) { return option(key, std::to_string(value)); }
  Builder& option(const std::string& key, int value) { return option(key, static_cast<int64_t>(value)); }
  Builder& option(const std::string& key, double value) { return option(key, fmt::format("{}", value)); }
  Builder& options(const std::vector<std::pair<std::string, std::string>>& entries) {
    for (const auto& [k, v] : entries) options_.set(k, v);
    return static_cast<Builder&>(*this);
  }

 protected:
  Options options_;
};

}  // namespace spate::sql
