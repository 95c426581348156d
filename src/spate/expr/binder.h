#pragma once

#include <functional>
#include <string>
#include <vector>

#include "spate/expr/expr.h"
#include "spate/expr/function_registry.h"

namespace spate {

// A column visible to expressions: its name, the table alias it can be qualified with
// (t in t.id), and its type.
struct Attribute {
  std::string name;
  std::string qualifier;
  TypePtr type;
  bool nullable = true;
  // Identifies the column across plan nodes (Spark's exprId), so df1["id"] == df2["id"]
  // resolves even where the names alone are ambiguous. 0: none.
  int64_t id = 0;
};

// A fresh attribute id.
int64_t newAttributeId();

// Where an expression's names resolve: the input columns of the operator (ordinal =
// position in the input batch).
class BindScope {
 public:
  BindScope() = default;
  explicit BindScope(std::vector<Attribute> attributes) : attributes_(std::move(attributes)) {}
  const std::vector<Attribute>& attributes() const { return attributes_; }

  struct Resolved {
    int ordinal = -1;
    std::vector<std::string> fieldPath;  // struct fields below the column: a.b.c
  };
  // Resolves ["a"], ["t","a"], ["a","b"] (struct field), case-insensitively. An unknown
  // or ambiguous name is an AnalysisError naming it and the columns that exist.
  Result<Resolved> resolve(const std::vector<std::string>& nameParts) const;
  std::string describeColumns() const;

 private:
  std::vector<Attribute> attributes_;
};

// Hooks for the plan layer: an aggregate or generator call met inside an expression is
// handed over and replaced by what the hook returns (a reference to the aggregate's
// output column). Without a hook such calls are an error.
struct BindHooks {
  std::function<Result<BoundExprPtr>(const Expr& call)> onAggregate;
  std::function<Result<BoundExprPtr>(const Expr& call)> onGenerator;
  // Expressions matched as a whole before binding (GROUP BY keys in an aggregation's
  // output): returns nullptr when e is not one of them.
  std::function<BoundExprPtr(const Expr& e)> onExpression;
};

Result<BoundExprPtr> bindExpr(const Expr& e, const BindScope& scope, const BindHooks& hooks = {},
                              const FunctionRegistry& registry = FunctionRegistry::builtin());

// A bound call of a scalar function; exposed for functions that build others.
Result<BoundExprPtr> makeScalarCall(const std::string& name, std::vector<BoundExprPtr> args,
                                    const FunctionRegistry& registry = FunctionRegistry::builtin());

// Appends " (line L, column C)" when the expression came from query text.
std::string positionSuffix(const Expr& e);

// True when the expression (or a child) calls an aggregate function.
bool containsAggregate(const Expr& e, const FunctionRegistry& registry = FunctionRegistry::builtin());

}  // namespace spate
