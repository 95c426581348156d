// Every function in the registry must be pinned by at least one SQL logic test that
// calls it by name, and each family's file must exercise nulls.

#include <gtest/gtest.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "spate/common/strings.h"
#include "spate/expr/function_registry.h"

namespace spate {
namespace {

std::string allSqlLogicText() {
  std::string text;
  for (const auto& entry : std::filesystem::recursive_directory_iterator("tests/sql_logic")) {
    if (entry.path().extension() != ".test") continue;
    std::ifstream in(entry.path());
    std::stringstream ss;
    ss << in.rdbuf();
    text += toLower(ss.str());
  }
  return text;
}

bool isOperator(const std::string& name) {
  return !name.empty() && !std::isalpha(static_cast<unsigned char>(name[0]));
}

TEST(RegistryCoverage, EveryFunctionHasASqlLogicTest) {
  std::string text = allSqlLogicText();
  ASSERT_FALSE(text.empty()) << "run from the repository root";
  // Operators and names the parser produces from syntax are tested through that syntax.
  const std::vector<std::string> bySyntax = {"and", "or", "not", "in", "like", "rlike", "isnull", "isnotnull",
                                             "negative", "positive", "get", "get_field", "div"};
  std::vector<std::string> missing;
  for (const auto& name : FunctionRegistry::builtin().names()) {
    if (isOperator(name)) continue;
    if (std::find(bySyntax.begin(), bySyntax.end(), name) != bySyntax.end()) continue;
    if (text.find(name + "(") == std::string::npos) missing.push_back(name);
  }
  EXPECT_TRUE(missing.empty()) << "functions without a SQL logic test: " << joinStrings(missing, ", ");
}

TEST(RegistryCoverage, HasTheFunctionsSparkUsersReachFor) {
  const auto& r = FunctionRegistry::builtin();
  for (const char* name :
       {"split", "explode", "lower", "upper", "length", "substring", "concat", "concat_ws", "trim", "ltrim", "rtrim",
        "regexp_extract", "regexp_replace", "instr", "lpad", "rpad", "abs", "round", "floor", "ceil", "sqrt", "pow",
        "exp", "log", "greatest", "least", "coalesce", "nvl", "isnull", "isnotnull", "hash", "to_timestamp", "to_date",
        "date_format", "unix_timestamp", "from_unixtime", "current_timestamp", "year", "month", "dayofmonth", "hour",
        "minute", "second", "date_trunc", "array", "size", "element_at", "array_contains", "struct", "named_struct",
        "from_json", "to_json", "get_json_object", "count", "sum", "avg", "min", "max", "first", "last",
        "collect_list", "collect_set", "approx_count_distinct", "stddev", "variance"}) {
    EXPECT_TRUE(r.exists(name)) << name;
  }
}

}  // namespace
}  // namespace spate
