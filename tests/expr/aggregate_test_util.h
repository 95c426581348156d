#pragma once

// Runs one aggregate the way the hash aggregation operator does: arguments bound and
// resolved through the registry, then the state fed a few rows at a time (so every
// test crosses batch boundaries), with group ids given per row.

#include <algorithm>
#include <string>
#include <vector>

#include "expr_test_util.h"
#include "spate/columnar/selection.h"
#include "spate/expr/aggregate_distinct.h"

namespace spate::testing {

struct AggResult {
  std::string type;                 // simpleString of the result type
  std::vector<std::string> values;  // one per group, as show() prints them
  std::string error;
};

inline Result<ResolvedAggregate> resolveAggregate(const std::string& name, const std::vector<ExprPtr>& args,
                                                  const BatchPtr& batch, bool distinct,
                                                  std::vector<BoundExprPtr>& bound) {
  const AggregateFunction* f = FunctionRegistry::builtin().aggregate(name);
  if (!f) return Status::AnalysisError("no aggregate {}", name);
  auto n = static_cast<int>(args.size());
  if (n < f->minArgs || (f->maxArgs >= 0 && n > f->maxArgs)) return Status::AnalysisError("wrong argument count");
  bound.clear();
  for (const auto& a : args) {
    if (a->kind == ExprKind::kStar) {
      bound.push_back(std::make_shared<BoundLiteral>(Value::integer(1), DataType::int_()));
      continue;
    }
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindExpr(*a, scopeOf(*batch)));
    bound.push_back(std::move(b));
  }
  SPATE_ASSIGN_OR_RETURN(ResolvedAggregate ra, f->resolve(bound));
  if (distinct) {
    std::vector<TypePtr> types;
    for (const auto& b : bound) types.push_back(b->type());
    SPATE_ASSIGN_OR_RETURN(ra, makeDistinctAggregate(std::move(ra), types));
  }
  return ra;
}

// groups[i] is row i's group; numGroups may exceed the ids used (empty groups).
inline AggResult runAggregate(const std::string& name, const std::vector<ExprPtr>& args, const BatchPtr& batch,
                              const std::vector<uint32_t>& groups, int64_t numGroups, bool distinct = false,
                              int64_t batchSize = 3) {
  AggResult out;
  std::vector<BoundExprPtr> bound;
  auto ra = resolveAggregate(name, args, batch, distinct, bound);
  if (!ra.ok()) {
    out.error = ra.status().toString();
    return out;
  }
  auto state = ra->create();
  EvalContext ctx;
  int64_t seen = 0;
  state->resize(0);
  for (int64_t off = 0; off < batch->numRows(); off += batchSize) {
    int64_t len = std::min(batchSize, batch->numRows() - off);
    BatchPtr slice = sliceBatch(batch, off, len);
    std::vector<ColumnPtr> cols;
    for (const auto& b : bound) {
      auto c = b->eval(*slice, ctx);
      if (!c.ok()) {
        out.error = c.status().toString();
        return out;
      }
      cols.push_back(*c);
    }
    for (int64_t i = off; i < off + len; ++i) seen = std::max<int64_t>(seen, groups[static_cast<size_t>(i)] + 1);
    state->resize(seen);
    state->update(cols, groups.data() + off, len);
  }
  state->resize(numGroups);
  auto result = state->finalize(numGroups);
  if (!result.ok()) {
    out.error = result.status().toString();
    return out;
  }
  const ColumnPtr& c = *result;
  out.type = ra->type->simpleString();
  if (!typesEqual(c->type(), ra->type)) out.error = "result type " + c->type()->simpleString() + " != " + out.type;
  if (c->length() != numGroups) out.error = "wrong result length";
  for (int64_t g = 0; g < c->length(); ++g) out.values.push_back(c->valueAt(g).toString(*c->type()));
  return out;
}

// One group holding every row.
inline AggResult runGlobal(const std::string& name, const std::vector<ExprPtr>& args, const BatchPtr& batch,
                           bool distinct = false) {
  std::vector<uint32_t> groups(static_cast<size_t>(batch->numRows()), 0);
  return runAggregate(name, args, batch, groups, 1, distinct);
}

// The single value of a global aggregate, or its error.
inline std::string global(const std::string& name, const std::vector<ExprPtr>& args, const BatchPtr& batch,
                          bool distinct = false) {
  AggResult r = runGlobal(name, args, batch, distinct);
  if (!r.error.empty()) return "ERROR: " + r.error;
  return r.values.at(0);
}

// "[3, 1, 2]" -> "[1, 2, 3]" (elements compared as strings; for collect_set).
inline std::string sortedList(const std::string& s) {
  if (s.size() < 2 || s.front() != '[') return s;
  std::vector<std::string> items;
  std::string inner = s.substr(1, s.size() - 2);
  size_t start = 0;
  while (!inner.empty() && start <= inner.size()) {
    size_t comma = inner.find(", ", start);
    if (comma == std::string::npos) comma = inner.size();
    items.push_back(inner.substr(start, comma - start));
    start = comma + 2;
  }
  std::sort(items.begin(), items.end());
  std::string out = "[";
  for (size_t i = 0; i < items.size(); ++i) out += (i ? ", " : "") + items[i];
  return out + "]";
}

}  // namespace spate::testing
