#include <gtest/gtest.h>

#include "spate/sql/lexer.h"

namespace spate::sql {
namespace {

std::vector<Token> lexOk(std::string_view text) {
  auto r = tokenize(text);
  EXPECT_TRUE(r.ok()) << r.status().message();
  return r.ok() ? *r : std::vector<Token>{};
}

std::string lexError(std::string_view text) {
  auto r = tokenize(text);
  EXPECT_FALSE(r.ok()) << "expected a lexing error for: " << text;
  return r.ok() ? "" : r.status().message();
}

TEST(SqlLexer, SplitsWordsNumbersStringsAndOperatorsWithPositions) {
  auto tokens = lexOk("SELECT a1, 10L\n  FROM t WHERE x <=> 'y' AND b <> 2.5e3");
  ASSERT_EQ(tokens.size(), 15u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kIdentifier);
  EXPECT_TRUE(tokens[0].isKeyword("select"));
  EXPECT_EQ(tokens[1].text, "a1");
  EXPECT_EQ(tokens[1].column, 8);
  EXPECT_TRUE(tokens[2].isOperator(","));
  EXPECT_EQ(tokens[3].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[3].text, "10L");
  EXPECT_EQ(tokens[4].text, "FROM");
  EXPECT_EQ(tokens[4].line, 2);
  EXPECT_EQ(tokens[4].column, 3);
  EXPECT_TRUE(tokens[8].isOperator("<=>"));
  EXPECT_EQ(tokens[9].kind, TokenKind::kString);
  EXPECT_EQ(tokens[9].text, "y");
  EXPECT_TRUE(tokens[12].isOperator("<>"));
  EXPECT_EQ(tokens[13].text, "2.5e3");
  EXPECT_EQ(tokens[14].kind, TokenKind::kEnd);
}

TEST(SqlLexer, SkipsLineAndNestedBlockComments) {
  auto tokens = lexOk("a -- comment ; 'x\n/* outer /* inner */ still */ b");
  ASSERT_EQ(tokens.size(), 3u);
  EXPECT_EQ(tokens[0].text, "a");
  EXPECT_EQ(tokens[1].text, "b");
  EXPECT_EQ(tokens[1].line, 2);
  EXPECT_EQ(tokens[1].column, 31);
}

TEST(SqlLexer, UnescapesStringsAndQuotedIdentifiers) {
  auto tokens = lexOk(R"('a\nb\t\\\'' "q\"x" `we``ird.name` X'0aFF' '100\%')");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].text, "a\nb\t\\'");
  EXPECT_EQ(tokens[1].text, "q\"x");
  EXPECT_EQ(tokens[2].kind, TokenKind::kQuotedIdentifier);
  EXPECT_EQ(tokens[2].text, "we`ird.name");
  EXPECT_EQ(tokens[3].kind, TokenKind::kBinary);
  EXPECT_EQ(tokens[3].text, std::string("\x0a\xff", 2));
  // LIKE needs the escape, so \% keeps its backslash.
  EXPECT_EQ(tokens[4].text, "100\\%");
}

TEST(SqlLexer, NumbersStartingWithADotAndFieldAccess) {
  auto tokens = lexOk(".5 t.b");
  ASSERT_EQ(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].kind, TokenKind::kNumber);
  EXPECT_EQ(tokens[0].text, ".5");
  EXPECT_TRUE(tokens[2].isOperator("."));
}

TEST(SqlLexer, ReportsUnterminatedStringWithPosition) {
  std::string msg = lexError("SELECT 'abc");
  EXPECT_EQ(msg, "Unterminated string literal (line 1, column 8)\nSELECT 'abc\n       ^");
}

TEST(SqlLexer, ReportsUnterminatedCommentAndIdentifier) {
  EXPECT_NE(lexError("SELECT 1 /* never closed").find("Unterminated /* comment (line 1, column 10)"),
            std::string::npos);
  EXPECT_NE(lexError("SELECT `abc").find("Unterminated `quoted` identifier (line 1, column 8)"), std::string::npos);
}

TEST(SqlLexer, ReportsBadNumbersAndCharacters) {
  EXPECT_NE(lexError("SELECT 12abc").find("Invalid numeric literal '12abc'"), std::string::npos);
  EXPECT_NE(lexError("SELECT\n  a $ b").find("Unexpected character '$' (line 2, column 5)"), std::string::npos);
  EXPECT_NE(lexError("SELECT X'0G'").find("Invalid binary literal X'0G'"), std::string::npos);
}

TEST(SqlLexer, ErrorTokensDoNotStopLexing) {
  auto tokens = lexTokens("a $ b");
  ASSERT_EQ(tokens.size(), 4u);
  EXPECT_EQ(tokens[1].kind, TokenKind::kError);
  EXPECT_EQ(tokens[2].text, "b");
}

TEST(SqlLexer, FormatsCaretUnderTheColumn) {
  EXPECT_EQ(formatErrorAt("a\n\tbc d", "Oops", 2, 5), "Oops (line 2, column 5)\n\tbc d\n\t   ^");
  // Columns count bytes, but the caret lines up with characters.
  EXPECT_EQ(formatErrorAt("\xC3\xA9 x", "Oops", 1, 4), "Oops (line 1, column 4)\n\xC3\xA9 x\n  ^");
  EXPECT_NE(lexError(std::string("a \x01")).find("Unexpected character '\\x01'"), std::string::npos);
}

}  // namespace
}  // namespace spate::sql
