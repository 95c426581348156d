#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "spate/sql/ast.h"
#include "spate/sql/lexer.h"

namespace spate::sql {

// The recursive-descent parser behind parseStatements, parseStatement and
// parseExpression (declared in sql/ast.h). Token handling and errors live in
// parser.cc, expressions in expression_parser.cc, queries and statements in
// statement_parser.cc.
class Parser {
 public:
  explicit Parser(std::string_view text);

  Result<std::vector<Statement>> parseScript();
  Result<Statement> parseSingleStatement();
  Result<ExprPtr> parseStandaloneExpression();

 private:
  using MutableQuery = std::shared_ptr<QueryAst>;
  using MutableTableRef = std::shared_ptr<TableRef>;

  struct Pos {
    int line = 0;
    int column = 0;
  };

  // Bounds recursion so that deeply nested input fails cleanly instead of overflowing
  // the stack.
  class DepthGuard {
   public:
    explicit DepthGuard(int& depth) : depth_(depth) { ++depth_; }
    ~DepthGuard() { --depth_; }
    DepthGuard(const DepthGuard&) = delete;
    DepthGuard& operator=(const DepthGuard&) = delete;

   private:
    int& depth_;
  };
  static constexpr int kMaxDepth = 200;

  // ---- tokens and errors (parser.cc)
  const Token& peek(size_t ahead = 0) const;
  const Token& advance();
  Pos here() const { return {peek().line, peek().column}; }
  bool peekKeyword(std::string_view keyword, size_t ahead = 0) const { return peek(ahead).isKeyword(keyword); }
  bool peekOperator(std::string_view op, size_t ahead = 0) const { return peek(ahead).isOperator(op); }
  bool matchKeyword(std::string_view keyword);
  bool matchOperator(std::string_view op);
  Status expectKeyword(std::string_view keyword);
  Status expectOperator(std::string_view op);
  // "Syntax error at or near 'X': expected <what>" at the current token.
  Status syntaxError(std::string_view expected) const;
  Status errorAt(const Token& token, std::string_view message) const;
  Status errorAt(Pos pos, std::string_view message) const;
  Status checkDepth() const;
  bool atStatementEnd() const { return peek().kind == TokenKind::kEnd || peekOperator(";"); }
  Pos positionOfOffset(size_t offset) const;
  std::string tokenSource(const Token& token) const;
  // Index of the ')' closing the '(' at tokens_[open], or of the kEnd/kError token that
  // cut the scan short.
  size_t findClosingParen(size_t open) const;

  static bool isReservedWord(const Token& token);    // never a bare column or table name
  static bool isNonAliasWord(const Token& token);    // cannot start an implicit alias
  Result<std::string> parseIdentifier(std::string_view what);  // plain (not reserved) or `quoted`
  Result<std::string> parseAnyIdentifier(std::string_view what);  // any word, keywords too
  Result<std::vector<std::string>> parseQualifiedName(std::string_view what);
  Result<std::vector<std::string>> parseIdentifierList(std::string_view what);  // ( a, b, ... )
  // An implicit or AS alias when one follows; empty when none does.
  Result<std::string> parseOptionalAlias();

  // ---- expressions (expression_parser.cc)
  Result<ExprPtr> parseExpr();
  Result<ExprPtr> parseNamedExpression();
  Result<std::vector<ExprPtr>> parseExprList();
  Result<ExprPtr> parseOr();
  Result<ExprPtr> parseAnd();
  Result<ExprPtr> parseNot();
  Result<ExprPtr> parseComparison();
  Result<ExprPtr> parsePredicate(ExprPtr left, Pos start);
  Result<ExprPtr> parseBitOr();
  Result<ExprPtr> parseBitXor();
  Result<ExprPtr> parseBitAnd();
  Result<ExprPtr> parseAdditive();
  Result<ExprPtr> parseMultiplicative();
  Result<ExprPtr> parseUnary();
  Result<ExprPtr> parsePostfix();
  Result<ExprPtr> parsePrimary();
  Result<ExprPtr> parseIdentifierExpression();
  Result<ExprPtr> parseFunctionCall();
  Result<ExprPtr> parseCase();
  Result<ExprPtr> parseCast();
  Result<TypePtr> parseCastType();
  // Rejects type text that types/schema.cc cannot read safely; offset locates it in text_.
  Status checkTypeText(std::string_view typeText, size_t offset) const;
  // A types/schema.cc error re-anchored from "at position N" of typeText onto the query.
  Status typeTextError(const Status& status, std::string_view typeText, size_t offset, std::string_view what) const;
  Result<ExprPtr> parseTypedLiteral();
  Result<ExprPtr> parseInterval();
  Result<ExprPtr> parseNumber(const Token& token, bool negative);
  bool startsInterval() const;

  // ---- queries and statements (statement_parser.cc)
  Result<Statement> parseStatementBody();
  Result<Statement> parseCreateView();
  Result<Statement> parseStartStreamingQuery();
  // The clauses between USING sink and AS, each at most once and in any order.
  Status parseStreamingClauses(Statement& s);
  Status parseTriggerClause(Statement& s);
  Result<Statement> parseSet();
  Result<MutableQuery> parseQuery();
  Result<MutableQuery> parseSetOperations();
  Result<MutableQuery> parseIntersections();
  Result<MutableQuery> parseQueryTerm();
  Result<MutableQuery> parseSelect();
  Result<std::vector<ExprPtr>> parseOrderBy();
  Result<MutableTableRef> parseFromClause();
  Result<MutableTableRef> parseJoinedRelation();
  Result<MutableTableRef> parseRelationPrimary();
  Result<MutableTableRef> parseValuesTable();
  Status parseTableAlias(TableRef& ref);
  bool parenthesisStartsQuery() const;
  MutableQuery wrapInSelect(MutableQuery query) const;
  Result<std::pair<std::string, std::string>> parseOption();
  // OPTIONS ( k 'v', ... ) after the OPTIONS keyword.
  Result<std::vector<std::pair<std::string, std::string>>> parseOptionList();
  // A data source or sink name after USING: csv, org.x.y, and hyphenated names such as
  // rate-micro-batch written without back quotes.
  Result<std::string> parseFormatName(std::string_view what);

  std::string_view text_;
  std::vector<Token> tokens_;
  size_t pos_ = 0;
  int depth_ = 0;
};

}  // namespace spate::sql
