#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/types/data_type.h"
#include "spate/types/value.h"

namespace spate {

// An unresolved expression as the SQL parser and the DataFrame API build it: names are
// not yet bound to columns and functions not yet to kernels (see expr/binder.h).
// Operators are function calls named as Spark's registry names them: "+", "-", "*",
// "/", "%", "div", "=", "<=>", "!=", "<", "<=", ">", ">=", "and", "or", "not",
// "negative", "isnull", "isnotnull", "like", "rlike", "in".
enum class ExprKind {
  kColumn,    // nameParts: ["a"], ["t", "a"], ["a", "b"] for a struct field
  kStar,      // nameParts: optional qualifier ["t"]
  kLiteral,   // value + literalType
  kFunction,  // name + children (+ distinct for aggregates)
  kAlias,     // name + children[0]
  kCast,      // castType + children[0]
  kCase,      // children: when1, then1, when2, then2, ..., [else]; hasElse
  kSortOrder, // children[0] + ascending + nullsFirst (ORDER BY items)
};

struct Expr;
using ExprPtr = std::shared_ptr<const Expr>;

struct Expr {
  ExprKind kind = ExprKind::kLiteral;
  std::vector<std::string> nameParts;
  std::string name;
  Value literal;
  TypePtr literalType;
  TypePtr castType;
  std::vector<ExprPtr> children;
  bool distinct = false;
  // An aggregate call with FILTER (WHERE condition): the condition is the last child.
  bool hasFilter = false;
  bool hasElse = false;
  bool ascending = true;
  bool nullsFirst = true;
  // kColumn: the Attribute::id this reference was made from (DataFrame.col), else 0.
  int64_t attributeId = 0;
  // Where the expression starts in query text (1-based), 0 when built from the API.
  int line = 0;
  int column = 0;

  // Spark's generated column name: "(a + 1)", "count(1)", "sum(value)", "lower(name)";
  // a column keeps its name, an alias gives its own, CAST(col AS t) keeps col's name.
  std::string displayName() const;
  // The SQL text of the expression, for messages and explain().
  std::string sql() const;
};

// Builders, shared by the parser and the DataFrame API.
ExprPtr columnRef(std::vector<std::string> nameParts);
ExprPtr columnRef(const std::string& dottedName);  // "a", "t.a", "a.b", "`odd.name`"
ExprPtr star(std::vector<std::string> qualifier = {});
ExprPtr literal(Value v, TypePtr type);
ExprPtr nullLiteral();
ExprPtr call(std::string name, std::vector<ExprPtr> args, bool distinct = false);
ExprPtr alias(ExprPtr child, std::string name);
ExprPtr cast(ExprPtr child, TypePtr type);
ExprPtr caseWhen(std::vector<ExprPtr> whenThens, ExprPtr elseValue);
ExprPtr sortOrder(ExprPtr child, bool ascending, bool nullsFirst);
ExprPtr withPosition(ExprPtr e, int line, int column);
// The expression under an alias (or e itself).
inline const Expr& stripAlias(const Expr& e) { return e.kind == ExprKind::kAlias ? *e.children[0] : e; }

}  // namespace spate
