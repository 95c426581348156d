#pragma once

// Parsing helpers shared by the statement parser tests.

#include <gtest/gtest.h>

#include <string>
#include <string_view>

#include "spate/sql/ast.h"

namespace spate::sql::testing {

// The statement, failing the test when it does not parse.
inline Statement stmtOk(std::string_view text) {
  auto r = parseStatement(text);
  EXPECT_TRUE(r.ok()) << text << "\n" << r.status().message();
  return r.ok() ? *r : Statement{};
}

// The parse error's message, failing the test when the statement parses.
inline std::string errorOf(std::string_view text) {
  auto r = parseStatement(text);
  EXPECT_FALSE(r.ok()) << "expected an error for: " << text;
  return r.ok() ? "" : r.status().message();
}

}  // namespace spate::sql::testing
