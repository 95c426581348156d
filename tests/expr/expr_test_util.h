#pragma once

// Helpers for expression tests: build a batch from a DDL schema and rows, bind an
// unresolved expression against it and evaluate it.

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/expr/binder.h"
#include "spate/sql/ast.h"
#include "spate/types/schema.h"

namespace spate::testing {

inline BatchPtr makeBatch(const std::string& ddl, const std::vector<std::vector<Value>>& rows) {
  auto schema = std::make_shared<Schema>(Schema::fromDDL(ddl).value());
  return batchFromRows(schema, rows);
}

inline BindScope scopeOf(const Batch& batch) {
  std::vector<Attribute> attrs;
  for (const auto& f : batch.schema()->fields()) attrs.push_back({f.name, "", f.type, f.nullable});
  return BindScope(std::move(attrs));
}

// Binds and evaluates e over batch; the result column or the error.
inline Result<ColumnPtr> evalExpr(const ExprPtr& e, const BatchPtr& batch) {
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr bound, bindExpr(*e, scopeOf(*batch)));
  EvalContext ctx;
  ctx.currentTimestampMicros = 1700000000000000;
  SPATE_ASSIGN_OR_RETURN(ColumnPtr c, bound->eval(*batch, ctx));
  return Column::flatten(c);
}

// Each row of the result as Spark's show() prints the value ("null" for null).
inline std::vector<std::string> evalToStrings(const ExprPtr& e, const BatchPtr& batch) {
  auto r = evalExpr(e, batch);
  if (!r.ok()) return {"ERROR: " + r.status().toString()};
  std::vector<std::string> out;
  for (int64_t i = 0; i < (*r)->length(); ++i) out.push_back((*r)->valueAt(i).toString(*(*r)->type()));
  return out;
}

// A SQL expression parsed for a test; a parse failure fails the test.
inline ExprPtr parse(const std::string& text) {
  auto r = sql::parseExpression(text);
  EXPECT_TRUE(r.ok()) << text << ": " << r.status().toString();
  return r.ok() ? *r : nullLiteral();
}

inline ExprPtr str(const std::string& s) { return literal(Value::string(s), DataType::string()); }
inline ExprPtr i32(int64_t v) { return literal(Value::integer(v), DataType::int_()); }
inline ExprPtr i64(int64_t v) { return literal(Value::integer(v), DataType::long_()); }
inline ExprPtr f64(double v) { return literal(Value::fractional(v), DataType::double_()); }
inline ExprPtr col(const std::string& name) { return columnRef(name); }

}  // namespace spate::testing
