// Statements, queries (WITH, set operations, SELECT blocks, ORDER BY, LIMIT) and the
// FROM clause.

#include <optional>

#include "spate/common/duration.h"
#include "spate/common/strings.h"
#include "spate/sql/parser.h"
#include "spate/types/schema.h"

namespace spate::sql {

namespace {

// Spark's name for a derived table nobody named.
constexpr const char* kAutoSubqueryName = "__auto_generated_subquery_name";

template <typename P>
ExprPtr at(ExprPtr e, const P& pos) {
  return withPosition(std::move(e), pos.line, pos.column);
}

std::string joinName(const std::vector<std::string>& parts) { return joinStrings(parts, "."); }

}  // namespace

// ---- statements

Result<Statement> Parser::parseStatementBody() {
  Statement s;
  const Token& first = peek();
  s.line = first.line;
  s.column = first.column;
  if (first.isKeyword("SELECT") || first.isKeyword("WITH") || first.isKeyword("VALUES") || first.isOperator("(")) {
    s.kind = StatementKind::kQuery;
    SPATE_ASSIGN_OR_RETURN(s.query, parseQuery());
    return s;
  }
  if (first.isKeyword("CREATE")) return parseCreateView();
  if (first.isKeyword("START")) return parseStartStreamingQuery();
  if (first.isKeyword("SET")) return parseSet();
  if (matchKeyword("DROP")) {
    s.kind = StatementKind::kDropView;
    if (!matchKeyword("VIEW")) return syntaxError("VIEW after DROP (only temporary views can be dropped)");
    if (matchKeyword("IF")) {
      SPATE_RETURN_IF_ERROR(expectKeyword("EXISTS"));
      s.ifExists = true;
    }
    SPATE_ASSIGN_OR_RETURN(auto name, parseQualifiedName("a view name"));
    s.name = joinName(name);
    return s;
  }
  if (matchKeyword("INSERT")) {
    s.kind = StatementKind::kInsertInto;
    if (!matchKeyword("INTO")) return syntaxError("INTO after INSERT");
    matchKeyword("TABLE");
    SPATE_ASSIGN_OR_RETURN(auto name, parseQualifiedName("a table name"));
    s.name = joinName(name);
    SPATE_ASSIGN_OR_RETURN(s.query, parseQuery());
    return s;
  }
  if (matchKeyword("EXPLAIN")) {
    s.kind = StatementKind::kExplain;
    s.extended = matchKeyword("EXTENDED");
    SPATE_ASSIGN_OR_RETURN(s.query, parseQuery());
    return s;
  }
  if (matchKeyword("SHOW")) {
    s.kind = StatementKind::kShowTables;
    if (!matchKeyword("TABLES")) return syntaxError("TABLES after SHOW");
    return s;
  }
  if (matchKeyword("DESCRIBE") || matchKeyword("DESC")) {
    s.kind = StatementKind::kDescribe;
    matchKeyword("TABLE");
    bool nameFollows = peek(1).kind == TokenKind::kIdentifier || peek(1).kind == TokenKind::kQuotedIdentifier;
    if ((peekKeyword("EXTENDED") || peekKeyword("FORMATTED")) && nameFollows) {
      advance();
      s.extended = true;
    }
    SPATE_ASSIGN_OR_RETURN(auto name, parseQualifiedName("a table name"));
    s.name = joinName(name);
    return s;
  }
  return syntaxError(
      "a statement (SELECT, WITH, VALUES, CREATE, DROP, INSERT, EXPLAIN, SHOW, DESCRIBE, SET or START STREAMING "
      "QUERY)");
}

Result<Statement> Parser::parseCreateView() {
  Statement s;
  s.kind = StatementKind::kCreateView;
  s.line = peek().line;
  s.column = peek().column;
  advance();  // CREATE
  if (matchKeyword("OR")) {
    SPATE_RETURN_IF_ERROR(expectKeyword("REPLACE"));
    s.orReplace = true;
  }
  if (peekKeyword("GLOBAL")) return errorAt(peek(), "Global temporary views are not supported: use TEMPORARY VIEW");
  if (!matchKeyword("TEMPORARY") && !matchKeyword("TEMP")) {
    return syntaxError("TEMPORARY or TEMP (only CREATE [OR REPLACE] TEMPORARY VIEW is supported)");
  }
  SPATE_RETURN_IF_ERROR(expectKeyword("VIEW"));
  SPATE_ASSIGN_OR_RETURN(auto name, parseQualifiedName("a view name"));
  s.name = joinName(name);
  if (peekOperator("(")) {
    size_t close = findClosingParen(pos_);
    if (!tokens_[close].isOperator(")")) {
      pos_ = close;
      return syntaxError("')' to close the column list");
    }
    size_t begin = peek().offset + 1;
    std::string_view ddl = trimView(text_.substr(begin, tokens_[close].offset - begin));
    size_t ddlOffset = static_cast<size_t>(ddl.data() - text_.data());
    SPATE_RETURN_IF_ERROR(checkTypeText(ddl, ddlOffset));
    auto schema = Schema::fromDDL(ddl);
    if (!schema.ok()) return typeTextError(schema.status(), ddl, ddlOffset, "the column list");
    s.schemaDDL = std::string(ddl);
    pos_ = close + 1;
  }
  if (matchKeyword("USING")) {
    SPATE_ASSIGN_OR_RETURN(s.format, parseFormatName("a data source format such as csv, json, text, rate or socket"));
    if (matchKeyword("OPTIONS")) {
      SPATE_ASSIGN_OR_RETURN(s.options, parseOptionList());
    }
    return s;
  }
  if (matchKeyword("AS")) {
    if (!s.schemaDDL.empty()) {
      return errorAt(Pos{s.line, s.column}, "A column list is only supported with CREATE TEMPORARY VIEW ... USING");
    }
    SPATE_ASSIGN_OR_RETURN(s.query, parseQuery());
    return s;
  }
  return syntaxError("USING or AS");
}

Result<std::string> Parser::parseFormatName(std::string_view what) {
  SPATE_ASSIGN_OR_RETURN(auto parts, parseQualifiedName(what));
  std::string name = joinName(parts);
  // rate-micro-batch lexes as rate - micro - batch: glue only what is written without
  // spaces, so that a '-' that means something else is left alone.
  while (peekOperator("-") && peek(1).kind == TokenKind::kIdentifier) {
    const Token& previous = tokens_[pos_ - 1];
    const Token& minus = peek();
    const Token& next = peek(1);
    if (previous.offset + previous.length != minus.offset || minus.offset + minus.length != next.offset) break;
    advance();
    name += "-" + advance().text;
  }
  return name;
}

Result<std::vector<std::pair<std::string, std::string>>> Parser::parseOptionList() {
  SPATE_RETURN_IF_ERROR(expectOperator("("));
  std::vector<std::pair<std::string, std::string>> options;
  if (!peekOperator(")")) {
    do {
      SPATE_ASSIGN_OR_RETURN(auto option, parseOption());
      options.push_back(std::move(option));
    } while (matchOperator(","));
  }
  SPATE_RETURN_IF_ERROR(expectOperator(")"));
  return options;
}

Result<Statement> Parser::parseStartStreamingQuery() {
  Statement s;
  s.kind = StatementKind::kStartStreamingQuery;
  s.line = peek().line;
  s.column = peek().column;
  advance();  // START
  if (!matchKeyword("STREAMING")) return syntaxError("STREAMING QUERY after START");
  SPATE_RETURN_IF_ERROR(expectKeyword("QUERY"));
  if (!peekKeyword("USING")) {
    SPATE_ASSIGN_OR_RETURN(s.name, parseIdentifier("a query name or USING"));
  }
  if (!matchKeyword("USING")) return syntaxError("USING and a sink (console, memory, csv, json, text or noop)");
  SPATE_ASSIGN_OR_RETURN(s.format, parseFormatName("a sink such as console, memory, csv, json, text or noop"));
  SPATE_RETURN_IF_ERROR(parseStreamingClauses(s));
  if (!matchKeyword("AS")) {
    return syntaxError("OPTIONS, OUTPUT MODE, TRIGGER, CHECKPOINT LOCATION, PARTITIONED BY, or AS and the query");
  }
  SPATE_ASSIGN_OR_RETURN(s.query, parseQuery());
  return s;
}

Status Parser::parseStreamingClauses(Statement& s) {
  struct Clause {
    const char* name;
    std::optional<Pos> seen;
  };
  Clause options{"OPTIONS", {}}, outputMode{"OUTPUT MODE", {}}, trigger{"TRIGGER", {}};
  Clause checkpoint{"CHECKPOINT LOCATION", {}}, partitioned{"PARTITIONED BY", {}};
  // Marks the clause at the current token as seen; a second one is an error there.
  auto enter = [&](Clause& clause) -> Status {
    if (clause.seen) {
      return errorAt(peek(), fmt::format("{} is given twice in START STREAMING QUERY (first at line {}, column {})",
                                         clause.name, clause.seen->line, clause.seen->column));
    }
    clause.seen = here();
    advance();
    return Status::OK();
  };
  while (true) {
    if (peekKeyword("OPTIONS")) {
      SPATE_RETURN_IF_ERROR(enter(options));
      SPATE_ASSIGN_OR_RETURN(s.options, parseOptionList());
    } else if (peekKeyword("OUTPUT")) {
      SPATE_RETURN_IF_ERROR(enter(outputMode));
      SPATE_RETURN_IF_ERROR(expectKeyword("MODE"));
      const Token& t = peek();
      std::string mode = t.kind == TokenKind::kIdentifier || t.kind == TokenKind::kString ? toLower(t.text) : "";
      if (mode != "append" && mode != "update" && mode != "complete") {
        return syntaxError("append, update or complete after OUTPUT MODE");
      }
      advance();
      s.outputMode = std::move(mode);
    } else if (peekKeyword("TRIGGER")) {
      SPATE_RETURN_IF_ERROR(enter(trigger));
      SPATE_RETURN_IF_ERROR(parseTriggerClause(s));
    } else if (peekKeyword("PARTITIONED")) {
      SPATE_RETURN_IF_ERROR(enter(partitioned));
      SPATE_RETURN_IF_ERROR(expectKeyword("BY"));
      SPATE_ASSIGN_OR_RETURN(s.partitionBy, parseIdentifierList("a partition column name"));
    } else if (peekKeyword("CHECKPOINT")) {
      SPATE_RETURN_IF_ERROR(enter(checkpoint));
      SPATE_RETURN_IF_ERROR(expectKeyword("LOCATION"));
      if (peek().kind != TokenKind::kString) return syntaxError("a quoted path after CHECKPOINT LOCATION");
      if (trimView(peek().text).empty()) return errorAt(peek(), "CHECKPOINT LOCATION must not be empty");
      s.checkpointLocation = advance().text;
    } else {
      break;
    }
  }
  if (checkpoint.seen) {
    for (const auto& [key, value] : s.options) {
      if (equalsIgnoreCase(key, "checkpointLocation")) {
        return errorAt(*checkpoint.seen,
                       "The checkpoint location is given twice, by CHECKPOINT LOCATION and by OPTIONS "
                       "(checkpointLocation ...): keep one");
      }
    }
  }
  return Status::OK();
}

Status Parser::parseTriggerClause(Statement& s) {
  if (matchKeyword("ONCE")) {
    s.trigger = TriggerKind::kOnce;
    return Status::OK();
  }
  if (matchKeyword("AVAILABLE")) {
    SPATE_RETURN_IF_ERROR(expectKeyword("NOW"));
    s.trigger = TriggerKind::kAvailableNow;
    return Status::OK();
  }
  if (matchKeyword("PROCESSING")) {
    SPATE_RETURN_IF_ERROR(expectKeyword("TIME"));
    if (peek().kind != TokenKind::kString) {
      return syntaxError("a quoted interval such as '2 seconds' after PROCESSING TIME");
    }
    // Checked here so that a bad interval points at the file rather than failing at start.
    auto valid = parseDuration(peek().text, "TRIGGER PROCESSING TIME");
    if (!valid.ok()) return errorAt(peek(), valid.status().message());
    s.trigger = TriggerKind::kProcessingTime;
    s.triggerInterval = advance().text;
    return Status::OK();
  }
  return syntaxError("PROCESSING TIME '<interval>', ONCE or AVAILABLE NOW after TRIGGER");
}

Result<std::pair<std::string, std::string>> Parser::parseOption() {
  std::string key;
  if (peek().kind == TokenKind::kString) {
    key = advance().text;
  } else {
    // Dotted keys such as spark.sql.x; any word, keywords included.
    SPATE_ASSIGN_OR_RETURN(key, parseAnyIdentifier("an option name"));
    while (peekOperator(".") &&
           (peek(1).kind == TokenKind::kIdentifier || peek(1).kind == TokenKind::kQuotedIdentifier)) {
      advance();
      key += "." + advance().text;
    }
  }
  matchOperator("=");
  const Token& t = peek();
  if (t.kind == TokenKind::kString) {
    std::string value;
    while (peek().kind == TokenKind::kString) value += advance().text;
    return std::make_pair(std::move(key), std::move(value));
  }
  if (t.kind == TokenKind::kNumber) return std::make_pair(std::move(key), advance().text);
  if ((t.isOperator("-") || t.isOperator("+")) && peek(1).kind == TokenKind::kNumber) {
    std::string sign = advance().text == "-" ? "-" : "";
    return std::make_pair(std::move(key), sign + advance().text);
  }
  if (t.isKeyword("TRUE") || t.isKeyword("FALSE")) return std::make_pair(std::move(key), toLower(advance().text));
  return syntaxError(fmt::format("a string, number or boolean value for option '{}'", key));
}

Result<Statement> Parser::parseSet() {
  Statement s;
  s.kind = StatementKind::kSet;
  s.line = peek().line;
  s.column = peek().column;
  advance();  // SET
  // Key and value are raw text: a value is whatever follows '=' up to the ';', and the
  // lexer's complaints about it (SET x = $HOME) do not matter.
  auto rawUntil = [&](bool stopAtEquals) {
    const Token* firstToken = nullptr;
    const Token* lastToken = nullptr;
    while (peek().kind != TokenKind::kEnd && !peekOperator(";") && !(stopAtEquals && peekOperator("="))) {
      const Token& t = advance();
      if (!firstToken) firstToken = &t;
      lastToken = &t;
    }
    if (!firstToken) return std::string();
    size_t begin = firstToken->offset;
    return std::string(trimView(text_.substr(begin, lastToken->offset + lastToken->length - begin)));
  };
  s.name = rawUntil(/*stopAtEquals=*/true);
  if (matchOperator("=")) {
    if (s.name.empty()) return errorAt(Pos{s.line, s.column}, "SET needs a key before '='");
    s.value = rawUntil(/*stopAtEquals=*/false);
  }
  return s;
}

// ---- queries

Parser::MutableQuery Parser::wrapInSelect(MutableQuery query) const {
  auto ref = std::make_shared<TableRef>();
  ref->kind = TableRefKind::kSubquery;
  ref->alias = kAutoSubqueryName;
  ref->line = query->line;
  ref->column = query->column;
  auto outer = std::make_shared<QueryAst>();
  outer->kind = QueryAst::Kind::kSelect;
  outer->line = query->line;
  outer->column = query->column;
  outer->select.items = {withPosition(star(), query->line, query->column)};
  ref->subquery = std::move(query);
  outer->select.from = std::move(ref);
  return outer;
}

Result<Parser::MutableQuery> Parser::parseQuery() {
  DepthGuard guard(depth_);
  SPATE_RETURN_IF_ERROR(checkDepth());
  Pos start = here();
  std::vector<std::pair<std::string, QueryPtr>> ctes;
  if (matchKeyword("WITH")) {
    do {
      SPATE_ASSIGN_OR_RETURN(std::string name, parseIdentifier("a name for the WITH query"));
      if (peekOperator("(")) return errorAt(peek(), "Column lists on WITH queries are not supported yet");
      SPATE_RETURN_IF_ERROR(expectKeyword("AS"));
      SPATE_RETURN_IF_ERROR(expectOperator("("));
      SPATE_ASSIGN_OR_RETURN(MutableQuery cte, parseQuery());
      SPATE_RETURN_IF_ERROR(expectOperator(")"));
      ctes.emplace_back(std::move(name), std::move(cte));
    } while (matchOperator(","));
  }
  SPATE_ASSIGN_OR_RETURN(MutableQuery query, parseSetOperations());
  std::vector<ExprPtr> orderBy;
  ExprPtr limit;
  if (peekKeyword("ORDER")) {
    SPATE_ASSIGN_OR_RETURN(orderBy, parseOrderBy());
  }
  if (matchKeyword("LIMIT")) {
    if (!matchKeyword("ALL")) {
      SPATE_ASSIGN_OR_RETURN(limit, parseExpr());
    }
  }
  if (!orderBy.empty() || limit) {
    // A parenthesized query keeps its own ORDER BY/LIMIT; the outer ones apply on top.
    if (!query->orderBy.empty() || query->limit) query = wrapInSelect(std::move(query));
    if (!orderBy.empty()) query->orderBy = std::move(orderBy);
    if (limit) query->limit = std::move(limit);
  }
  if (!ctes.empty()) {
    if (!query->ctes.empty()) query = wrapInSelect(std::move(query));
    query->ctes = std::move(ctes);
    query->line = start.line;
    query->column = start.column;
  }
  return query;
}

Result<std::vector<ExprPtr>> Parser::parseOrderBy() {
  advance();  // ORDER
  SPATE_RETURN_IF_ERROR(expectKeyword("BY"));
  std::vector<ExprPtr> items;
  do {
    Pos start = here();
    SPATE_ASSIGN_OR_RETURN(ExprPtr e, parseExpr());
    bool ascending = true;
    if (matchKeyword("DESC")) {
      ascending = false;
    } else {
      matchKeyword("ASC");
    }
    // Spark's defaults: ASC puts NULLs first, DESC last.
    bool nullsFirst = ascending;
    if (matchKeyword("NULLS")) {
      if (matchKeyword("FIRST")) {
        nullsFirst = true;
      } else if (matchKeyword("LAST")) {
        nullsFirst = false;
      } else {
        return syntaxError("FIRST or LAST after NULLS");
      }
    }
    items.push_back(at(sortOrder(std::move(e), ascending, nullsFirst), start));
  } while (matchOperator(","));
  return items;
}

Result<Parser::MutableQuery> Parser::parseSetOperations() {
  SPATE_ASSIGN_OR_RETURN(MutableQuery left, parseIntersections());
  while (peekKeyword("UNION") || peekKeyword("EXCEPT") || peekKeyword("MINUS")) {
    const Token& opToken = advance();
    bool isUnion = opToken.isKeyword("UNION");
    SetOpKind kind = isUnion ? SetOpKind::kUnionDistinct : SetOpKind::kExceptDistinct;
    if (matchKeyword("ALL")) {
      if (!isUnion) return errorAt(opToken, "EXCEPT ALL is not supported yet: use EXCEPT (distinct)");
      kind = SetOpKind::kUnionAll;
    } else {
      matchKeyword("DISTINCT");
    }
    SPATE_ASSIGN_OR_RETURN(MutableQuery right, parseIntersections());
    auto node = std::make_shared<QueryAst>();
    node->kind = QueryAst::Kind::kSetOp;
    node->setOp = kind;
    node->line = left->line;
    node->column = left->column;
    node->left = std::move(left);
    node->right = std::move(right);
    left = std::move(node);
  }
  return left;
}

// INTERSECT binds tighter than UNION and EXCEPT, as in Spark.
Result<Parser::MutableQuery> Parser::parseIntersections() {
  SPATE_ASSIGN_OR_RETURN(MutableQuery left, parseQueryTerm());
  while (peekKeyword("INTERSECT")) {
    const Token& opToken = advance();
    if (matchKeyword("ALL")) return errorAt(opToken, "INTERSECT ALL is not supported yet: use INTERSECT (distinct)");
    matchKeyword("DISTINCT");
    SPATE_ASSIGN_OR_RETURN(MutableQuery right, parseQueryTerm());
    auto node = std::make_shared<QueryAst>();
    node->kind = QueryAst::Kind::kSetOp;
    node->setOp = SetOpKind::kIntersectDistinct;
    node->line = left->line;
    node->column = left->column;
    node->left = std::move(left);
    node->right = std::move(right);
    left = std::move(node);
  }
  return left;
}

Result<Parser::MutableQuery> Parser::parseQueryTerm() {
  if (peekKeyword("SELECT")) return parseSelect();
  if (peekKeyword("VALUES")) {
    auto query = std::make_shared<QueryAst>();
    query->kind = QueryAst::Kind::kValues;
    query->line = peek().line;
    query->column = peek().column;
    SPATE_ASSIGN_OR_RETURN(query->values, parseValuesTable());
    return query;
  }
  if (matchOperator("(")) {
    SPATE_ASSIGN_OR_RETURN(MutableQuery inner, parseQuery());
    SPATE_RETURN_IF_ERROR(expectOperator(")"));
    return inner;
  }
  return syntaxError("SELECT, VALUES or '('");
}

Result<Parser::MutableQuery> Parser::parseSelect() {
  auto query = std::make_shared<QueryAst>();
  query->kind = QueryAst::Kind::kSelect;
  query->line = peek().line;
  query->column = peek().column;
  advance();  // SELECT
  SelectAst& select = query->select;
  if (matchKeyword("DISTINCT")) {
    select.distinct = true;
  } else {
    matchKeyword("ALL");
  }
  do {
    SPATE_ASSIGN_OR_RETURN(ExprPtr item, parseNamedExpression());
    select.items.push_back(std::move(item));
  } while (matchOperator(","));
  if (matchKeyword("FROM")) {
    SPATE_ASSIGN_OR_RETURN(select.from, parseFromClause());
  }
  if (matchKeyword("WHERE")) {
    SPATE_ASSIGN_OR_RETURN(select.where, parseExpr());
  }
  if (matchKeyword("GROUP")) {
    SPATE_RETURN_IF_ERROR(expectKeyword("BY"));
    SPATE_ASSIGN_OR_RETURN(select.groupBy, parseExprList());
  }
  if (matchKeyword("HAVING")) {
    SPATE_ASSIGN_OR_RETURN(select.having, parseExpr());
  }
  return query;
}

// ---- FROM

Result<Parser::MutableTableRef> Parser::parseFromClause() {
  SPATE_ASSIGN_OR_RETURN(MutableTableRef left, parseJoinedRelation());
  while (peekOperator(",")) {
    Pos pos = here();
    advance();
    SPATE_ASSIGN_OR_RETURN(MutableTableRef right, parseJoinedRelation());
    auto join = std::make_shared<TableRef>();
    join->kind = TableRefKind::kJoin;
    join->joinType = JoinType::kCross;
    join->line = pos.line;
    join->column = pos.column;
    join->left = std::move(left);
    join->right = std::move(right);
    left = std::move(join);
  }
  return left;
}

Result<Parser::MutableTableRef> Parser::parseJoinedRelation() {
  SPATE_ASSIGN_OR_RETURN(MutableTableRef left, parseRelationPrimary());
  while (true) {
    Pos pos = here();
    JoinType type;
    if (peekKeyword("NATURAL")) return errorAt(peek(), "NATURAL JOIN is not supported yet: use JOIN ... USING (...)");
    if (peekKeyword("JOIN") || matchKeyword("INNER")) {
      type = JoinType::kInner;
    } else if (matchKeyword("CROSS")) {
      type = JoinType::kCross;
    } else if (matchKeyword("LEFT")) {
      if (matchKeyword("SEMI")) {
        type = JoinType::kLeftSemi;
      } else if (matchKeyword("ANTI")) {
        type = JoinType::kLeftAnti;
      } else {
        matchKeyword("OUTER");
        type = JoinType::kLeft;
      }
    } else if (matchKeyword("RIGHT")) {
      matchKeyword("OUTER");
      type = JoinType::kRight;
    } else if (matchKeyword("FULL")) {
      matchKeyword("OUTER");
      type = JoinType::kFull;
    } else if (matchKeyword("SEMI")) {
      type = JoinType::kLeftSemi;
    } else if (matchKeyword("ANTI")) {
      type = JoinType::kLeftAnti;
    } else {
      return left;
    }
    SPATE_RETURN_IF_ERROR(expectKeyword("JOIN"));
    SPATE_ASSIGN_OR_RETURN(MutableTableRef right, parseRelationPrimary());
    auto join = std::make_shared<TableRef>();
    join->kind = TableRefKind::kJoin;
    join->joinType = type;
    join->line = pos.line;
    join->column = pos.column;
    if (matchKeyword("ON")) {
      SPATE_ASSIGN_OR_RETURN(join->condition, parseExpr());
    } else if (matchKeyword("USING")) {
      SPATE_ASSIGN_OR_RETURN(join->usingColumns, parseIdentifierList("a column name"));
    }
    join->left = std::move(left);
    join->right = std::move(right);
    left = std::move(join);
  }
}

bool Parser::parenthesisStartsQuery() const {
  size_t ahead = 0;
  while (peekOperator("(", ahead)) ++ahead;
  const Token& t = peek(ahead);
  return t.isKeyword("SELECT") || t.isKeyword("WITH") || t.isKeyword("VALUES");
}

Result<Parser::MutableTableRef> Parser::parseRelationPrimary() {
  DepthGuard guard(depth_);
  SPATE_RETURN_IF_ERROR(checkDepth());
  Pos start = here();
  MutableTableRef ref;
  if (peekOperator("(")) {
    if (!parenthesisStartsQuery()) {
      // A parenthesized join: (a JOIN b ON ...).
      advance();
      SPATE_ASSIGN_OR_RETURN(ref, parseFromClause());
      SPATE_RETURN_IF_ERROR(expectOperator(")"));
      return ref;
    }
    advance();
    SPATE_ASSIGN_OR_RETURN(MutableQuery query, parseQuery());
    SPATE_RETURN_IF_ERROR(expectOperator(")"));
    if (query->kind == QueryAst::Kind::kValues && query->ctes.empty() && query->orderBy.empty() && !query->limit &&
        query->values->alias.empty()) {
      // (VALUES ...) AS t(a, b) is an inline table, not a subquery.
      ref = std::make_shared<TableRef>(*query->values);
    } else {
      ref = std::make_shared<TableRef>();
      ref->kind = TableRefKind::kSubquery;
      ref->subquery = std::move(query);
    }
  } else if (peekKeyword("VALUES")) {
    return parseValuesTable();
  } else if (peek().kind == TokenKind::kIdentifier && !isReservedWord(peek()) && peekOperator("(", 1)) {
    ref = std::make_shared<TableRef>();
    ref->kind = TableRefKind::kFunction;
    ref->name = {toLower(advance().text)};
    advance();  // (
    if (!peekOperator(")")) {
      SPATE_ASSIGN_OR_RETURN(ref->functionArgs, parseExprList());
    }
    SPATE_RETURN_IF_ERROR(expectOperator(")"));
  } else {
    SPATE_ASSIGN_OR_RETURN(auto name, parseQualifiedName("a table name, (subquery) or VALUES"));
    ref = std::make_shared<TableRef>();
    ref->kind = TableRefKind::kNamed;
    ref->name = std::move(name);
  }
  ref->line = start.line;
  ref->column = start.column;
  SPATE_RETURN_IF_ERROR(parseTableAlias(*ref));
  return ref;
}

Result<Parser::MutableTableRef> Parser::parseValuesTable() {
  auto ref = std::make_shared<TableRef>();
  ref->kind = TableRefKind::kValues;
  ref->line = peek().line;
  ref->column = peek().column;
  advance();  // VALUES
  do {
    if (matchOperator("(")) {
      SPATE_ASSIGN_OR_RETURN(auto row, parseExprList());
      SPATE_RETURN_IF_ERROR(expectOperator(")"));
      ref->rows.push_back(std::move(row));
    } else {
      // VALUES 1, 2: each expression is a one-column row.
      SPATE_ASSIGN_OR_RETURN(ExprPtr value, parseExpr());
      ref->rows.push_back({std::move(value)});
    }
  } while (matchOperator(","));
  SPATE_RETURN_IF_ERROR(parseTableAlias(*ref));
  return ref;
}

Status Parser::parseTableAlias(TableRef& ref) {
  SPATE_ASSIGN_OR_RETURN(ref.alias, parseOptionalAlias());
  if (!ref.alias.empty() && peekOperator("(")) {
    SPATE_ASSIGN_OR_RETURN(ref.columnAliases, parseIdentifierList("a column name"));
  }
  // WATERMARK ts DELAY OF INTERVAL 10 MINUTES: withWatermark in SQL, as Databricks
  // SQL writes it.
  if (matchKeyword("WATERMARK")) {
    SPATE_ASSIGN_OR_RETURN(ref.watermarkColumn, parseQualifiedName("the event-time column after WATERMARK"));
    if (!matchKeyword("DELAY") || !matchKeyword("OF")) return syntaxError("DELAY OF after the WATERMARK column");
    SPATE_ASSIGN_OR_RETURN(ref.watermarkDelay, parseExpr());
  }
  return Status::OK();
}

}  // namespace spate::sql
