#pragma once

#include <string>
#include <vector>

#include "spate/plan/logical_plan.h"
#include "spate/sql/ast.h"

namespace spate::plan {

// Resolves table names in FROM clauses: temporary views, memory tables.
class Catalog {
 public:
  virtual ~Catalog() = default;
  // nullptr when no such table.
  virtual PlanPtr lookup(const std::string& name) const = 0;
  virtual std::vector<std::string> tableNames() const = 0;
};

// Turns a parsed query into a resolved logical plan.
Result<PlanPtr> planQuery(const sql::QueryAst& query, const Catalog& catalog);

}  // namespace spate::plan
