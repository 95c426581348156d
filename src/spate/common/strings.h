#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace spate {

// Spark resolves identifiers case-insensitively (spark.sql.caseSensitive=false).
bool equalsIgnoreCase(std::string_view a, std::string_view b);
std::string toLower(std::string_view s);
std::string toUpper(std::string_view s);
std::string_view trimView(std::string_view s);
std::vector<std::string> splitString(std::string_view s, char sep);
std::string joinStrings(const std::vector<std::string>& parts, std::string_view sep);
// Backquotes a name when it is not a plain identifier, as Spark prints it.
std::string quoteIdentifierIfNeeded(std::string_view name);
// A random version-4 UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx": query ids, part files.
std::string randomUuid();

}  // namespace spate
