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
  // STREAM(name) in FROM: the named view read as a stream. A view over a file source
  // becomes a streaming file source with the view's format, options and schema; a view
  // that is a stream is that stream. Only the session knows how views were made, so
  // the default refuses every name.
  virtual Result<PlanPtr> lookupStream(const std::string& name) const;
};

// The error STREAM(name) gives for a name that is not a view over a source.
Status notAStreamSource(const std::string& name, const std::string& why);

// Turns a parsed query into a resolved logical plan.
Result<PlanPtr> planQuery(const sql::QueryAst& query, const Catalog& catalog);

}  // namespace spate::plan
