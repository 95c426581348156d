#pragma once

// Hive-style partition folder names ("year=2024", "at=2024-01-02 03%3A04%3A05"), shared
// by the partitioned writers and partition discovery on read.

#include <optional>
#include <string>
#include <string_view>

namespace spate {

// The folder value of a null or empty partition value (Hive's and Spark's name).
inline constexpr std::string_view kDefaultPartitionName = "__HIVE_DEFAULT_PARTITION__";

// Spark's ExternalCatalogUtils.escapePathName: control characters, DEL and
// " # % ' * / : = ? \ { [ ] ^ become %XX (upper-case hex); everything else, spaces and
// non-ASCII bytes included, stays as it is.
std::string escapePathName(std::string_view name);

// Spark's unescapePathName: each '%' followed by two hex digits is that byte; any
// other '%' stays as it is.
std::string unescapePathName(std::string_view name);

// "<escaped column>=<escaped value>", the value being the partition value cast to
// string; null or empty gives __HIVE_DEFAULT_PARTITION__.
std::string partitionDirName(std::string_view column, const std::optional<std::string_view>& value);

// A folder name split as "column=raw value" (column unescaped, value still escaped);
// nothing when the name has no '=' or an empty column or value.
struct PartitionDirName {
  std::string column;
  std::string rawValue;
};
std::optional<PartitionDirName> parsePartitionDirName(std::string_view name);

}  // namespace spate
