// Expressions, lowest precedence first: OR, AND, NOT, comparisons and predicates,
// |, ^, &, + - ||, * / % DIV, unary - + ~, postfix [i] and .field, primaries.

#include "spate/common/strings.h"
#include "spate/sql/parser.h"

namespace spate::sql {

namespace {

// Parser::Pos is private; a template lets these helpers take it without naming it.
template <typename P>
ExprPtr at(ExprPtr e, const P& pos) {
  return withPosition(std::move(e), pos.line, pos.column);
}

const char* comparisonName(const Token& t) {
  if (t.kind != TokenKind::kOperator) return nullptr;
  if (t.text == "=" || t.text == "==") return "=";
  if (t.text == "<>" || t.text == "!=") return "!=";
  for (const char* op : {"<", "<=", ">", ">=", "<=>"}) {
    if (t.text == op) return op;
  }
  return nullptr;
}

bool isPredicateKeyword(const Token& t) {
  for (const char* kw : {"BETWEEN", "IN", "LIKE", "ILIKE", "RLIKE", "REGEXP"}) {
    if (t.isKeyword(kw)) return true;
  }
  return false;
}

bool isNameToken(const Token& t) { return t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kQuotedIdentifier; }

}  // namespace

Result<ExprPtr> Parser::parseExpr() {
  DepthGuard guard(depth_);
  SPATE_RETURN_IF_ERROR(checkDepth());
  return parseOr();
}

Result<ExprPtr> Parser::parseNamedExpression() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr e, parseExpr());
  // Spark does not let * take an alias; leaving the word unread reports it there.
  if (e->kind == ExprKind::kStar) return e;
  SPATE_ASSIGN_OR_RETURN(std::string name, parseOptionalAlias());
  if (!name.empty()) e = at(alias(e, std::move(name)), start);
  return e;
}

Result<std::vector<ExprPtr>> Parser::parseExprList() {
  std::vector<ExprPtr> items;
  do {
    SPATE_ASSIGN_OR_RETURN(ExprPtr e, parseExpr());
    items.push_back(std::move(e));
  } while (matchOperator(","));
  return items;
}

Result<ExprPtr> Parser::parseOr() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseAnd());
  while (matchKeyword("OR")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseAnd());
    left = at(call("or", {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseAnd() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseNot());
  while (matchKeyword("AND")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseNot());
    left = at(call("and", {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseNot() {
  if (!peekKeyword("NOT") && !peekOperator("!")) return parseComparison();
  DepthGuard guard(depth_);
  SPATE_RETURN_IF_ERROR(checkDepth());
  Pos start = here();
  advance();
  SPATE_ASSIGN_OR_RETURN(ExprPtr operand, parseNot());
  return at(call("not", {operand}), start);
}

Result<ExprPtr> Parser::parseComparison() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseBitOr());
  while (true) {
    if (const char* op = comparisonName(peek())) {
      advance();
      SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseBitOr());
      left = at(call(op, {left, right}), start);
      continue;
    }
    bool predicate = peekKeyword("IS") || isPredicateKeyword(peek()) ||
                     (peekKeyword("NOT") && isPredicateKeyword(peek(1)));
    if (!predicate) return left;
    SPATE_ASSIGN_OR_RETURN(left, parsePredicate(left, start));
  }
}

Result<ExprPtr> Parser::parsePredicate(ExprPtr left, Pos start) {
  if (matchKeyword("IS")) {
    bool negated = matchKeyword("NOT");
    if (matchKeyword("NULL")) return at(call(negated ? "isnotnull" : "isnull", {left}), start);
    ExprPtr e;
    if (peekKeyword("TRUE") || peekKeyword("FALSE")) {
      // IS TRUE is null-safe: a NULL operand gives false rather than NULL.
      Pos litPos = here();
      bool value = advance().isKeyword("TRUE");
      e = at(call("<=>", {left, at(literal(Value::boolean(value), DataType::boolean()), litPos)}), start);
      if (negated) e = at(call("not", {e}), start);
      return e;
    }
    if (matchKeyword("DISTINCT")) {
      SPATE_RETURN_IF_ERROR(expectKeyword("FROM"));
      SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseBitOr());
      e = at(call("<=>", {left, right}), start);
      if (!negated) e = at(call("not", {e}), start);
      return e;
    }
    return syntaxError(negated ? "NULL, TRUE, FALSE or DISTINCT FROM after IS NOT"
                               : "NULL, TRUE, FALSE or DISTINCT FROM after IS");
  }
  bool negated = matchKeyword("NOT");
  ExprPtr e;
  if (matchKeyword("BETWEEN")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr low, parseBitOr());
    SPATE_RETURN_IF_ERROR(expectKeyword("AND"));
    SPATE_ASSIGN_OR_RETURN(ExprPtr high, parseBitOr());
    e = at(call("and", {at(call(">=", {left, low}), start), at(call("<=", {left, high}), start)}), start);
  } else if (matchKeyword("IN")) {
    if (!peekOperator("(")) return syntaxError("'(' after IN");
    if (peekKeyword("SELECT", 1) || peekKeyword("WITH", 1)) {
      return errorAt(peek(), "IN (subquery) is not supported yet: join with the subquery instead");
    }
    advance();
    SPATE_ASSIGN_OR_RETURN(std::vector<ExprPtr> list, parseExprList());
    SPATE_RETURN_IF_ERROR(expectOperator(")"));
    std::vector<ExprPtr> args{left};
    args.insert(args.end(), list.begin(), list.end());
    e = at(call("in", std::move(args)), start);
  } else if (peekKeyword("LIKE") || peekKeyword("ILIKE")) {
    std::string name = toLower(advance().text);
    SPATE_ASSIGN_OR_RETURN(ExprPtr pattern, parseBitOr());
    std::vector<ExprPtr> args{left, pattern};
    if (matchKeyword("ESCAPE")) {
      if (peek().kind != TokenKind::kString) return syntaxError("a string after ESCAPE");
      Pos escPos = here();
      args.push_back(at(literal(Value::string(advance().text), DataType::string()), escPos));
    }
    e = at(call(name, std::move(args)), start);
  } else if (matchKeyword("RLIKE") || matchKeyword("REGEXP")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr pattern, parseBitOr());
    e = at(call("rlike", {left, pattern}), start);
  } else {
    return syntaxError("BETWEEN, IN, LIKE or RLIKE after NOT");
  }
  if (negated) e = at(call("not", {e}), start);
  return e;
}

Result<ExprPtr> Parser::parseBitOr() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseBitXor());
  while (matchOperator("|")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseBitXor());
    left = at(call("|", {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseBitXor() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseBitAnd());
  while (matchOperator("^")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseBitAnd());
    left = at(call("^", {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseBitAnd() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseAdditive());
  while (matchOperator("&")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseAdditive());
    left = at(call("&", {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseAdditive() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseMultiplicative());
  while (peekOperator("+") || peekOperator("-") || peekOperator("||")) {
    std::string op = advance().text;
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseMultiplicative());
    left = at(call(op == "||" ? "concat" : op, {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseMultiplicative() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr left, parseUnary());
  while (peekOperator("*") || peekOperator("/") || peekOperator("%") || peekKeyword("DIV")) {
    std::string op = toLower(advance().text);
    SPATE_ASSIGN_OR_RETURN(ExprPtr right, parseUnary());
    left = at(call(op, {left, right}), start);
  }
  return left;
}

Result<ExprPtr> Parser::parseUnary() {
  DepthGuard guard(depth_);
  SPATE_RETURN_IF_ERROR(checkDepth());
  Pos start = here();
  if (peekOperator("-")) {
    // Fold -<number> into the literal so that -1 is an INT and -9223372036854775808L,
    // whose magnitude alone overflows, still parses.
    if (peek(1).kind == TokenKind::kNumber && !peekOperator("[", 2) && !peekOperator(".", 2)) {
      advance();
      const Token& number = advance();
      SPATE_ASSIGN_OR_RETURN(ExprPtr lit, parseNumber(number, /*negative=*/true));
      return at(lit, start);
    }
    advance();
    SPATE_ASSIGN_OR_RETURN(ExprPtr operand, parseUnary());
    return at(call("negative", {operand}), start);
  }
  if (matchOperator("+")) return parseUnary();
  if (matchOperator("~")) {
    SPATE_ASSIGN_OR_RETURN(ExprPtr operand, parseUnary());
    return at(call("~", {operand}), start);
  }
  return parsePostfix();
}

Result<ExprPtr> Parser::parsePostfix() {
  Pos start = here();
  SPATE_ASSIGN_OR_RETURN(ExprPtr e, parsePrimary());
  while (true) {
    if (matchOperator("[")) {
      SPATE_ASSIGN_OR_RETURN(ExprPtr index, parseExpr());
      SPATE_RETURN_IF_ERROR(expectOperator("]"));
      e = at(call("get", {e, index}), start);
    } else if (peekOperator(".") && isNameToken(peek(1))) {
      advance();
      Pos fieldPos = here();
      std::string field = advance().text;
      e = at(call("get_field", {e, at(literal(Value::string(field), DataType::string()), fieldPos)}), start);
    } else {
      return e;
    }
  }
}

Result<ExprPtr> Parser::parsePrimary() {
  const Token& t = peek();
  Pos start = here();
  switch (t.kind) {
    case TokenKind::kNumber: return parseNumber(advance(), /*negative=*/false);
    case TokenKind::kString: {
      // Adjacent literals concatenate: 'it''s' reads as 'its', as in Spark.
      std::string s;
      while (peek().kind == TokenKind::kString) s += advance().text;
      return at(literal(Value::string(std::move(s)), DataType::string()), start);
    }
    case TokenKind::kBinary: return at(literal(Value::string(advance().text), DataType::binary()), start);
    case TokenKind::kIdentifier:
    case TokenKind::kQuotedIdentifier: return parseIdentifierExpression();
    case TokenKind::kOperator:
      if (t.isOperator("*")) {
        advance();
        return at(star(), start);
      }
      if (t.isOperator("(")) {
        if (peekKeyword("SELECT", 1) || peekKeyword("WITH", 1)) {
          return errorAt(t, "Scalar subqueries are not supported yet: join with the subquery instead");
        }
        advance();
        SPATE_ASSIGN_OR_RETURN(ExprPtr inner, parseExpr());
        SPATE_RETURN_IF_ERROR(expectOperator(")"));
        return inner;
      }
      return syntaxError("an expression");
    case TokenKind::kEnd:
    case TokenKind::kError: return syntaxError("an expression");
  }
  return syntaxError("an expression");
}

Result<ExprPtr> Parser::parseIdentifierExpression() {
  const Token& t = peek();
  Pos start = here();
  bool isCall = peekOperator("(", 1);
  if (t.kind == TokenKind::kIdentifier) {
    if (t.isKeyword("NULL")) {
      advance();
      return at(nullLiteral(), start);
    }
    if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) {
      bool value = advance().isKeyword("TRUE");
      return at(literal(Value::boolean(value), DataType::boolean()), start);
    }
    if (t.isKeyword("CASE")) return parseCase();
    if (t.isKeyword("CAST") && isCall) return parseCast();
    if (t.isKeyword("INTERVAL") && startsInterval()) return parseInterval();
    if ((t.isKeyword("DATE") || t.isKeyword("TIMESTAMP") || t.isKeyword("TIMESTAMP_NTZ") ||
         t.isKeyword("TIMESTAMP_LTZ")) &&
        peek(1).kind == TokenKind::kString) {
      return parseTypedLiteral();
    }
    if (t.isKeyword("EXISTS") && isCall) {
      return errorAt(t, "EXISTS (subquery) is not supported yet: use a LEFT SEMI JOIN instead");
    }
    // Some operator keywords are functions too: like(s, p), rlike(s, p), regexp(s, p).
    bool operatorFunction = t.isKeyword("LIKE") || t.isKeyword("ILIKE") || t.isKeyword("RLIKE") || t.isKeyword("REGEXP");
    if (isReservedWord(t) && !(operatorFunction && isCall)) return syntaxError("an expression");
    if (isCall) return parseFunctionCall();
    // Spark reads these as calls even without parentheses.
    if (t.isKeyword("CURRENT_DATE") || t.isKeyword("CURRENT_TIMESTAMP")) {
      return at(call(toLower(advance().text), {}), start);
    }
  } else if (isCall) {
    return parseFunctionCall();
  }
  std::vector<std::string> parts{advance().text};
  while (peekOperator(".")) {
    const Token& next = peek(1);
    if (next.isOperator("*")) {
      advance();
      advance();
      return at(star(std::move(parts)), start);
    }
    if (!isNameToken(next) || isReservedWord(next)) break;
    advance();
    parts.push_back(advance().text);
  }
  return at(columnRef(std::move(parts)), start);
}

Result<ExprPtr> Parser::parseFunctionCall() {
  Pos start = here();
  std::string name = advance().text;
  SPATE_RETURN_IF_ERROR(expectOperator("("));
  bool distinct = false;
  std::vector<ExprPtr> args;
  if (!peekOperator(")")) {
    if (matchKeyword("DISTINCT")) {
      distinct = true;
    } else if (peekKeyword("ALL") && !peekOperator(")", 1) && !peekOperator(",", 1) && !peekOperator(".", 1)) {
      advance();
    }
    if (peekOperator("*") && peekOperator(")", 1)) {
      args.push_back(at(star(), here()));
      advance();
    } else {
      SPATE_ASSIGN_OR_RETURN(args, parseExprList());
    }
  }
  SPATE_RETURN_IF_ERROR(expectOperator(")"));
  ExprPtr filter;
  if (peekKeyword("FILTER") && peekOperator("(", 1)) {
    advance();
    advance();
    SPATE_RETURN_IF_ERROR(expectKeyword("WHERE"));
    SPATE_ASSIGN_OR_RETURN(filter, parseExpr());
    SPATE_RETURN_IF_ERROR(expectOperator(")"));
  }
  if (peekKeyword("OVER")) return errorAt(peek(), "Window functions (OVER ...) are not supported yet");
  if (!filter) return at(call(std::move(name), std::move(args), distinct), start);
  args.push_back(std::move(filter));
  auto filtered = std::make_shared<Expr>(*call(std::move(name), std::move(args), distinct));
  filtered->hasFilter = true;
  return at(filtered, start);
}

Result<ExprPtr> Parser::parseCase() {
  Pos start = here();
  advance();  // CASE
  ExprPtr operand;
  if (!peekKeyword("WHEN")) {
    SPATE_ASSIGN_OR_RETURN(operand, parseExpr());
  }
  std::vector<ExprPtr> whenThens;
  while (matchKeyword("WHEN")) {
    Pos conditionPos = here();
    SPATE_ASSIGN_OR_RETURN(ExprPtr condition, parseExpr());
    // CASE x WHEN v is CASE WHEN x = v.
    if (operand) condition = at(call("=", {operand, condition}), conditionPos);
    SPATE_RETURN_IF_ERROR(expectKeyword("THEN"));
    SPATE_ASSIGN_OR_RETURN(ExprPtr value, parseExpr());
    whenThens.push_back(std::move(condition));
    whenThens.push_back(std::move(value));
  }
  if (whenThens.empty()) return syntaxError("WHEN");
  ExprPtr elseValue;
  if (matchKeyword("ELSE")) {
    SPATE_ASSIGN_OR_RETURN(elseValue, parseExpr());
  }
  if (!matchKeyword("END")) return syntaxError(elseValue ? "END" : "WHEN, ELSE or END");
  return at(caseWhen(std::move(whenThens), std::move(elseValue)), start);
}

Result<ExprPtr> Parser::parseCast() {
  Pos start = here();
  advance();  // CAST
  SPATE_RETURN_IF_ERROR(expectOperator("("));
  SPATE_ASSIGN_OR_RETURN(ExprPtr operand, parseExpr());
  SPATE_RETURN_IF_ERROR(expectKeyword("AS"));
  SPATE_ASSIGN_OR_RETURN(TypePtr type, parseCastType());
  SPATE_RETURN_IF_ERROR(expectOperator(")"));
  return at(cast(std::move(operand), std::move(type)), start);
}

bool Parser::startsInterval() const {
  const Token& next = peek(1);
  if (next.kind == TokenKind::kString || next.kind == TokenKind::kNumber) return true;
  return (next.isOperator("-") || next.isOperator("+")) && peek(2).kind == TokenKind::kNumber;
}

}  // namespace spate::sql
