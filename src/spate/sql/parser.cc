#include "spate/sql/parser.h"

#include <algorithm>
#include <array>

#include "spate/common/strings.h"

namespace spate::sql {

namespace {

// Words that never name a column or table unless back-quoted: they are what lets the
// parser see where a clause ends.
constexpr std::array kReservedWords = {
    "AND",   "AS",     "BETWEEN", "BY",   "CROSS", "DISTINCT", "ELSE",   "END",   "EXCEPT", "FROM",
    "GROUP", "HAVING", "IN",      "INNER", "INTERSECT", "IS",  "JOIN",   "LIKE",  "LIMIT",  "MINUS",
    "NOT",   "ON",     "OR",      "ORDER", "OUTER", "REGEXP",  "RLIKE",  "SELECT", "THEN",  "UNION",
    "USING", "WHEN",   "WHERE",   "WITH",
};

// Further words that may be names (left(s, 2), a column called `values`) but cannot
// start an implicit alias, so "FROM t LEFT JOIN u" does not alias t as LEFT.
constexpr std::array kNonAliasWords = {
    "ALL",     "ANTI",   "ASC",    "CLUSTER", "DESC",   "DISTRIBUTE", "DIV",   "ESCAPE", "FALSE", "FULL",
    "LATERAL", "LEFT",   "NATURAL", "NULL",   "NULLS",  "OFFSET",     "OVER",  "PIVOT",  "RIGHT", "SEMI",
    "SORT",    "TABLESAMPLE", "TRUE", "UNPIVOT", "VALUES", "WATERMARK", "WINDOW",
};

template <size_t N>
bool containsWord(const std::array<const char*, N>& words, const Token& token) {
  if (token.kind != TokenKind::kIdentifier) return false;
  return std::any_of(words.begin(), words.end(), [&](const char* w) { return equalsIgnoreCase(token.text, w); });
}

}  // namespace

Parser::Parser(std::string_view text) : text_(text), tokens_(lexTokens(text)) {}

// ---- tokens

const Token& Parser::peek(size_t ahead) const { return tokens_[std::min(pos_ + ahead, tokens_.size() - 1)]; }

const Token& Parser::advance() {
  const Token& t = tokens_[std::min(pos_, tokens_.size() - 1)];
  if (pos_ + 1 < tokens_.size()) ++pos_;
  return t;
}

bool Parser::matchKeyword(std::string_view keyword) {
  if (!peekKeyword(keyword)) return false;
  advance();
  return true;
}

bool Parser::matchOperator(std::string_view op) {
  if (!peekOperator(op)) return false;
  advance();
  return true;
}

Status Parser::expectKeyword(std::string_view keyword) {
  if (matchKeyword(keyword)) return Status::OK();
  return syntaxError(keyword);
}

Status Parser::expectOperator(std::string_view op) {
  if (matchOperator(op)) return Status::OK();
  return syntaxError(fmt::format("'{}'", op));
}

// ---- errors

std::string Parser::tokenSource(const Token& token) const {
  std::string_view s = text_.substr(std::min(token.offset, text_.size()), token.length);
  constexpr size_t kMaxShown = 40;
  if (s.size() > kMaxShown) return std::string(s.substr(0, kMaxShown - 3)) + "...";
  return std::string(s);
}

Status Parser::syntaxError(std::string_view expected) const {
  const Token& t = peek();
  // The lexer's own message says more than "at or near" an unreadable token.
  if (t.kind == TokenKind::kError) return errorAt(t, t.text);
  std::string near = t.kind == TokenKind::kEnd ? "end of input" : "'" + tokenSource(t) + "'";
  return errorAt(t, fmt::format("Syntax error at or near {}: expected {}", near, expected));
}

Status Parser::errorAt(const Token& token, std::string_view message) const {
  return errorAt(Pos{token.line, token.column}, message);
}

Status Parser::errorAt(Pos pos, std::string_view message) const {
  return Status(StatusCode::kParseError, formatErrorAt(text_, message, pos.line, pos.column));
}

Status Parser::checkDepth() const {
  if (depth_ <= kMaxDepth) return Status::OK();
  return errorAt(peek(), fmt::format("The statement is nested too deeply (more than {} levels)", kMaxDepth));
}

Parser::Pos Parser::positionOfOffset(size_t offset) const {
  Pos p{1, 1};
  for (size_t i = 0; i < offset && i < text_.size(); ++i) {
    if (text_[i] == '\n') {
      ++p.line;
      p.column = 1;
    } else {
      ++p.column;
    }
  }
  return p;
}

size_t Parser::findClosingParen(size_t open) const {
  int depth = 0;
  for (size_t i = open; i < tokens_.size(); ++i) {
    const Token& t = tokens_[i];
    if (t.kind == TokenKind::kEnd || t.kind == TokenKind::kError) return i;
    if (t.isOperator("(")) ++depth;
    if (t.isOperator(")") && --depth == 0) return i;
  }
  return tokens_.size() - 1;
}

// ---- names

bool Parser::isReservedWord(const Token& token) { return containsWord(kReservedWords, token); }

bool Parser::isNonAliasWord(const Token& token) {
  return containsWord(kReservedWords, token) || containsWord(kNonAliasWords, token);
}

Result<std::string> Parser::parseIdentifier(std::string_view what) {
  const Token& t = peek();
  if (t.kind == TokenKind::kQuotedIdentifier || (t.kind == TokenKind::kIdentifier && !isReservedWord(t))) {
    return advance().text;
  }
  return syntaxError(what);
}

Result<std::string> Parser::parseAnyIdentifier(std::string_view what) {
  const Token& t = peek();
  if (t.kind == TokenKind::kQuotedIdentifier || t.kind == TokenKind::kIdentifier) return advance().text;
  return syntaxError(what);
}

Result<std::vector<std::string>> Parser::parseQualifiedName(std::string_view what) {
  std::vector<std::string> parts;
  SPATE_ASSIGN_OR_RETURN(std::string first, parseIdentifier(what));
  parts.push_back(std::move(first));
  while (peekOperator(".") &&
         (peek(1).kind == TokenKind::kIdentifier || peek(1).kind == TokenKind::kQuotedIdentifier)) {
    advance();
    parts.push_back(advance().text);
  }
  return parts;
}

Result<std::vector<std::string>> Parser::parseIdentifierList(std::string_view what) {
  SPATE_RETURN_IF_ERROR(expectOperator("("));
  std::vector<std::string> names;
  do {
    SPATE_ASSIGN_OR_RETURN(std::string name, parseIdentifier(what));
    names.push_back(std::move(name));
  } while (matchOperator(","));
  SPATE_RETURN_IF_ERROR(expectOperator(")"));
  return names;
}

Result<std::string> Parser::parseOptionalAlias() {
  if (matchKeyword("AS")) return parseAnyIdentifier("an alias name after AS");
  const Token& t = peek();
  if (t.kind == TokenKind::kQuotedIdentifier || (t.kind == TokenKind::kIdentifier && !isNonAliasWord(t))) {
    return advance().text;
  }
  return std::string();
}

// ---- entry points

Result<std::vector<Statement>> Parser::parseScript() {
  std::vector<Statement> statements;
  while (true) {
    while (matchOperator(";")) {
    }
    if (peek().kind == TokenKind::kEnd) break;
    SPATE_ASSIGN_OR_RETURN(Statement s, parseStatementBody());
    if (!atStatementEnd()) return syntaxError("end of input");
    statements.push_back(std::move(s));
  }
  return statements;
}

Result<Statement> Parser::parseSingleStatement() {
  while (matchOperator(";")) {
  }
  if (peek().kind == TokenKind::kEnd) return syntaxError("a statement");
  SPATE_ASSIGN_OR_RETURN(Statement s, parseStatementBody());
  while (matchOperator(";")) {
  }
  if (peek().kind != TokenKind::kEnd) return syntaxError("end of input");
  return s;
}

Result<ExprPtr> Parser::parseStandaloneExpression() {
  if (peek().kind == TokenKind::kEnd) return syntaxError("an expression");
  SPATE_ASSIGN_OR_RETURN(ExprPtr e, parseNamedExpression());
  if (peek().kind != TokenKind::kEnd) return syntaxError("end of input");
  return e;
}

Result<std::vector<Statement>> parseStatements(std::string_view text) { return Parser(text).parseScript(); }

Result<Statement> parseStatement(std::string_view text) { return Parser(text).parseSingleStatement(); }

Result<ExprPtr> parseExpression(std::string_view text) { return Parser(text).parseStandaloneExpression(); }

}  // namespace spate::sql
