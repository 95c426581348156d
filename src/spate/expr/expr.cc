#include "spate/expr/expr.h"

#include "spate/common/strings.h"

namespace spate {

namespace {

bool isInfixOperator(const std::string& name) {
  static const char* kOps[] = {"+", "-", "*", "/", "%", "div", "=", "==", "<=>", "!=", "<>", "<", "<=", ">", ">=",
                               "and", "or", "||", "&", "|", "^"};
  for (const char* op : kOps) {
    if (name == op) return true;
  }
  return false;
}

std::string functionText(const Expr& e, bool forSql) {
  auto argText = [&](size_t i) { return forSql ? e.children[i]->sql() : e.children[i]->displayName(); };
  if (isInfixOperator(e.name) && e.children.size() == 2) {
    std::string op = e.name == "and" ? "AND" : e.name == "or" ? "OR" : e.name;
    return "(" + argText(0) + " " + op + " " + argText(1) + ")";
  }
  if (e.name == "not" && e.children.size() == 1) return "(NOT " + argText(0) + ")";
  if (e.name == "negative" && e.children.size() == 1) return "(- " + argText(0) + ")";
  if (e.name == "isnull" && e.children.size() == 1) return "(" + argText(0) + " IS NULL)";
  if (e.name == "isnotnull" && e.children.size() == 1) return "(" + argText(0) + " IS NOT NULL)";
  if ((e.name == "like" || e.name == "rlike") && e.children.size() == 2) {
    return argText(0) + " " + toUpper(e.name) + " " + argText(1);
  }
  if (e.name == "in" && !e.children.empty()) {
    std::string s = "(" + argText(0) + " IN (";
    for (size_t i = 1; i < e.children.size(); ++i) s += (i > 1 ? ", " : "") + argText(i);
    return s + "))";
  }
  size_t numArgs = e.children.size() - (e.hasFilter ? 1 : 0);
  std::string s = e.name + "(";
  if (e.name == "count" && numArgs == 1 && e.children[0]->kind == ExprKind::kStar) {
    s += "1";
  } else {
    if (e.distinct) s += "DISTINCT ";
    for (size_t i = 0; i < numArgs; ++i) s += (i ? ", " : "") + argText(i);
  }
  s += ")";
  if (e.hasFilter) s += " FILTER (WHERE " + argText(numArgs) + ")";
  return s;
}

std::string literalSql(const Expr& e) {
  if (e.literal.isNull()) return "NULL";
  switch (e.literalType->id()) {
    case TypeId::kString: {
      std::string s = "'";
      for (char c : e.literal.asString()) {
        if (c == '\'') s += '\\';
        s += c;
      }
      return s + "'";
    }
    case TypeId::kLong: return std::to_string(e.literal.asInt()) + "L";
    case TypeId::kDate: return "DATE '" + e.literal.toString(*e.literalType) + "'";
    case TypeId::kTimestamp: return "TIMESTAMP '" + e.literal.toString(*e.literalType) + "'";
    default: return e.literal.toString(*e.literalType);
  }
}

}  // namespace

std::string Expr::displayName() const {
  switch (kind) {
    case ExprKind::kColumn: return nameParts.empty() ? "" : nameParts.back();
    case ExprKind::kStar: return nameParts.empty() ? "*" : joinStrings(nameParts, ".") + ".*";
    case ExprKind::kLiteral:
      if (literal.isNull()) return "NULL";
      if (literalType->id() == TypeId::kString) return literal.asString();
      return literal.toString(*literalType);
    case ExprKind::kFunction:
      // s.field (written after an expression or a keyword, as window.end) is named
      // by the field, as Spark names struct field access.
      if (name == "get_field" && children.size() == 2 && children[1]->kind == ExprKind::kLiteral &&
          !children[1]->literal.isNull() && children[1]->literalType->id() == TypeId::kString) {
        return children[1]->literal.asString();
      }
      return functionText(*this, false);
    case ExprKind::kAlias: return name;
    case ExprKind::kCast:
      if (children[0]->kind == ExprKind::kColumn || children[0]->kind == ExprKind::kAlias) {
        return children[0]->displayName();
      }
      return "CAST(" + children[0]->displayName() + " AS " + castType->ddl() + ")";
    case ExprKind::kCase: {
      std::string s = "CASE";
      size_t pairs = (children.size() - (hasElse ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        s += " WHEN " + children[2 * i]->displayName() + " THEN " + children[2 * i + 1]->displayName();
      }
      if (hasElse) s += " ELSE " + children.back()->displayName();
      return s + " END";
    }
    case ExprKind::kSortOrder:
      return children[0]->displayName() + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
  }
  return "";
}

std::string Expr::sql() const {
  switch (kind) {
    case ExprKind::kColumn: {
      std::vector<std::string> parts;
      for (const auto& p : nameParts) parts.push_back(quoteIdentifierIfNeeded(p));
      return joinStrings(parts, ".");
    }
    case ExprKind::kLiteral: return literalSql(*this);
    case ExprKind::kFunction: return functionText(*this, true);
    case ExprKind::kAlias: return children[0]->sql() + " AS " + quoteIdentifierIfNeeded(name);
    case ExprKind::kCast: return "CAST(" + children[0]->sql() + " AS " + castType->ddl() + ")";
    case ExprKind::kCase: {
      std::string s = "CASE";
      size_t pairs = (children.size() - (hasElse ? 1 : 0)) / 2;
      for (size_t i = 0; i < pairs; ++i) {
        s += " WHEN " + children[2 * i]->sql() + " THEN " + children[2 * i + 1]->sql();
      }
      if (hasElse) s += " ELSE " + children.back()->sql();
      return s + " END";
    }
    case ExprKind::kSortOrder:
      return children[0]->sql() + (ascending ? " ASC" : " DESC") + (nullsFirst ? " NULLS FIRST" : " NULLS LAST");
    default: return displayName();
  }
}

ExprPtr columnRef(std::vector<std::string> nameParts) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kColumn;
  e->nameParts = std::move(nameParts);
  return e;
}

ExprPtr columnRef(const std::string& dotted) {
  std::vector<std::string> parts;
  std::string cur;
  bool quoted = false;
  for (size_t i = 0; i < dotted.size(); ++i) {
    char c = dotted[i];
    if (c == '`') {
      if (quoted && i + 1 < dotted.size() && dotted[i + 1] == '`') {
        cur += '`';
        ++i;
      } else {
        quoted = !quoted;
      }
    } else if (c == '.' && !quoted) {
      parts.push_back(cur);
      cur.clear();
    } else {
      cur += c;
    }
  }
  parts.push_back(cur);
  if (parts.size() > 1 && parts.back() == "*") {
    parts.pop_back();
    return star(parts);
  }
  if (parts.size() == 1 && parts[0] == "*") return star();
  return columnRef(std::move(parts));
}

ExprPtr star(std::vector<std::string> qualifier) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kStar;
  e->nameParts = std::move(qualifier);
  return e;
}

ExprPtr literal(Value v, TypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kLiteral;
  e->literal = std::move(v);
  e->literalType = std::move(type);
  return e;
}

ExprPtr nullLiteral() { return literal(Value(), DataType::null()); }

ExprPtr call(std::string name, std::vector<ExprPtr> args, bool distinct) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kFunction;
  e->name = toLower(name);
  e->children = std::move(args);
  e->distinct = distinct;
  return e;
}

ExprPtr alias(ExprPtr child, std::string name) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kAlias;
  e->name = std::move(name);
  e->children = {std::move(child)};
  return e;
}

ExprPtr cast(ExprPtr child, TypePtr type) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCast;
  e->castType = std::move(type);
  e->children = {std::move(child)};
  return e;
}

ExprPtr caseWhen(std::vector<ExprPtr> whenThens, ExprPtr elseValue) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kCase;
  e->children = std::move(whenThens);
  if (elseValue) {
    e->children.push_back(std::move(elseValue));
    e->hasElse = true;
  }
  return e;
}

ExprPtr sortOrder(ExprPtr child, bool ascending, bool nullsFirst) {
  auto e = std::make_shared<Expr>();
  e->kind = ExprKind::kSortOrder;
  e->children = {std::move(child)};
  e->ascending = ascending;
  e->nullsFirst = nullsFirst;
  return e;
}

ExprPtr withPosition(ExprPtr e, int line, int column) {
  auto copy = std::make_shared<Expr>(*e);
  copy->line = line;
  copy->column = column;
  return copy;
}

}  // namespace spate
