#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "spate/common/status.h"

namespace spate::sql {

enum class TokenKind {
  kIdentifier,        // plain word; keywords are identifiers compared case-insensitively
  kQuotedIdentifier,  // `back quoted`: never a keyword
  kString,            // '...' or "...", text holds the unescaped value
  kNumber,            // raw numeric text including any suffix: 10, 1.5, 1e3, 10L, 2.5BD
  kBinary,            // X'0AFF', text holds the decoded bytes
  kOperator,          // punctuation and operators: ( ) , . ; = <=> || ...
  kEnd,
  // A lexing failure kept as a token so that the parser reports it where it is reached
  // (and SET can take a raw value the lexer cannot read); text holds the message.
  kError,
};

struct Token {
  TokenKind kind = TokenKind::kEnd;
  std::string text;
  int line = 1;
  int column = 1;     // 1-based, in bytes
  size_t offset = 0;  // into the source text
  size_t length = 0;  // bytes of source text the token spans

  bool isOperator(std::string_view op) const { return kind == TokenKind::kOperator && text == op; }
  // A plain identifier equal to the keyword, case-insensitively.
  bool isKeyword(std::string_view keyword) const;
};

// Splits the text into tokens; the result always ends with a kEnd token. Lexing errors
// become kError tokens and lexing resumes after them.
std::vector<Token> lexTokens(std::string_view text);

// As lexTokens, failing with a ParseError on the first kError token.
Result<std::vector<Token>> tokenize(std::string_view text);

// "<message> (line L, column C)\n<source line>\n<caret under column C>", the shape of
// every parse error.
std::string formatErrorAt(std::string_view source, std::string_view message, int line, int column);

}  // namespace spate::sql
