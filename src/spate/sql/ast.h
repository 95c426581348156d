#pragma once

#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "spate/common/status.h"
#include "spate/expr/expr.h"

namespace spate::sql {

// The syntax tree of Spark SQL statements. Expressions are expr/expr.h's unresolved
// Expr; the plan layer turns a QueryAst into a logical plan.

struct QueryAst;
using QueryPtr = std::shared_ptr<const QueryAst>;
struct TableRef;
using TableRefPtr = std::shared_ptr<const TableRef>;

enum class JoinType { kInner, kLeft, kRight, kFull, kLeftSemi, kLeftAnti, kCross };

enum class TableRefKind {
  kNamed,     // name (maybe qualified: db.t)
  kSubquery,  // (SELECT ...)
  kValues,    // VALUES (1, 'a'), (2, 'b')
  kJoin,      // left JOIN right ON condition | USING (cols)
  kFunction,  // table-valued function: range(10), range(0, 10, 2), STREAM(view)
};

struct TableRef {
  TableRefKind kind = TableRefKind::kNamed;
  std::vector<std::string> name;            // kNamed; kFunction: {functionName}
  std::string alias;                        // AS t
  std::vector<std::string> columnAliases;   // AS t(id, name)
  std::vector<std::string> watermarkColumn; // WATERMARK ts DELAY OF INTERVAL 10 MINUTES
  ExprPtr watermarkDelay;                   // the interval (or a string such as '10 minutes')
  QueryPtr subquery;                        // kSubquery
  std::vector<std::vector<ExprPtr>> rows;   // kValues
  std::vector<ExprPtr> functionArgs;        // kFunction
  JoinType joinType = JoinType::kInner;     // kJoin
  TableRefPtr left, right;                  // kJoin
  ExprPtr condition;                        // kJoin ON
  std::vector<std::string> usingColumns;    // kJoin USING
  int line = 0, column = 0;
};

// One SELECT block.
struct SelectAst {
  bool distinct = false;
  std::vector<ExprPtr> items;  // kStar, kAlias or any expression
  TableRefPtr from;            // null: SELECT without FROM
  ExprPtr where;
  std::vector<ExprPtr> groupBy;
  ExprPtr having;
};

enum class SetOpKind { kUnionAll, kUnionDistinct, kExceptDistinct, kIntersectDistinct };

struct QueryAst {
  enum class Kind { kSelect, kSetOp, kValues };
  Kind kind = Kind::kSelect;
  std::vector<std::pair<std::string, QueryPtr>> ctes;  // WITH name AS (query), ...
  SelectAst select;                                    // kSelect
  TableRefPtr values;                                  // kValues: a bare VALUES statement
  SetOpKind setOp = SetOpKind::kUnionAll;              // kSetOp
  QueryPtr left, right;                                // kSetOp
  std::vector<ExprPtr> orderBy;                        // kSortOrder expressions
  ExprPtr limit;                                       // LIMIT expression (an integer literal)
  int line = 0, column = 0;
};

enum class StatementKind {
  kQuery,            // query
  kCreateView,       // CREATE [OR REPLACE] TEMP[ORARY] VIEW name [(schema)] USING fmt [OPTIONS (...)] | AS query
  kDropView,         // DROP VIEW [IF EXISTS] name
  kInsertInto,       // INSERT INTO name query
  kExplain,          // EXPLAIN [EXTENDED] query
  kShowTables,       // SHOW TABLES
  kDescribe,         // DESCRIBE [TABLE] name
  kSet,              // SET key = value | SET key | SET
  kStartStreamingQuery,  // START STREAMING QUERY [name] USING sink [clauses] AS query
};

// START STREAMING QUERY's TRIGGER clause; the plan layer knows no triggers, so the
// session maps this onto streaming::Trigger.
enum class TriggerKind {
  kDefault,         // no clause: the next batch as soon as the last one ends
  kProcessingTime,  // TRIGGER PROCESSING TIME '2 seconds'
  kOnce,            // TRIGGER ONCE
  kAvailableNow,    // TRIGGER AVAILABLE NOW
};

struct Statement {
  StatementKind kind = StatementKind::kQuery;
  QueryPtr query;  // kQuery, kExplain, kInsertInto, kCreateView AS, kStartStreamingQuery
  std::string name;                                         // view / table name, SET key
  bool orReplace = false;
  bool ifExists = false;
  bool extended = false;                                    // EXPLAIN EXTENDED
  std::string format;                                       // USING format
  std::string schemaDDL;                                    // CREATE VIEW v (id INT, ...) USING ...
  std::vector<std::pair<std::string, std::string>> options; // OPTIONS (path 'x', header 'true')
  std::string value;                                        // SET key = value
  // kStartStreamingQuery: name is the query name (empty: none), format the sink and
  // options the sink's options.
  std::string outputMode;                                   // "append", "update" or "complete"; empty: append
  TriggerKind trigger = TriggerKind::kDefault;
  std::string triggerInterval;                              // kProcessingTime: '2 seconds'
  std::string checkpointLocation;                           // CHECKPOINT LOCATION 'path'
  std::vector<std::string> partitionBy;                     // PARTITIONED BY (a, b)
  int line = 0, column = 0;
};

// Parses a script of ';'-separated statements. Errors carry line, column and the token.
Result<std::vector<Statement>> parseStatements(std::string_view text);
// Exactly one statement (a trailing ';' is allowed).
Result<Statement> parseStatement(std::string_view text);
// One expression, as selectExpr, expr() and filter strings take it: "x + 1 AS y".
Result<ExprPtr> parseExpression(std::string_view text);

}  // namespace spate::sql
