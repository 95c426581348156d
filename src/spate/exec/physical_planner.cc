#include "spate/exec/physical_planner.h"

#include <algorithm>
#include <optional>

#include "spate/columnar/selection.h"

namespace spate::exec {

namespace {

using Required = std::vector<ColumnUse>;

Required readNone(size_t width) { return Required(width); }
Required readAll(size_t width) { return Required(width, ColumnUse::all()); }

std::vector<bool> readFlags(const Required& r) {
  std::vector<bool> flags(r.size());
  for (size_t i = 0; i < r.size(); ++i) flags[i] = r[i].read;
  return flags;
}

// Marks what e reads: a chain of struct field accesses over a column reads only that
// field of it (so a JSON source converts only the fields a query uses).
void collectColumns(const BoundExprPtr& e, Required& out) {
  if (!e) return;
  std::pair<int, int> path[16];
  size_t depth = 0;
  const BoundExpr* x = e.get();
  while (x->fieldIndex() >= 0 && depth < std::size(path)) {
    path[depth++] = {x->fieldIndex(), static_cast<int>(x->children()[0]->type()->fields().size())};
    x = x->children()[0].get();
  }
  int o = x->columnOrdinal();
  if (o >= 0 && static_cast<size_t>(o) < out.size()) {
    std::reverse(path, path + depth);
    out[static_cast<size_t>(o)].readPath(path, depth);
    return;
  }
  for (const auto& c : e->children()) collectColumns(c, out);
}

Required columnsOf(const std::vector<BoundExprPtr>& exprs, size_t width) {
  Required r = readNone(width);
  for (const auto& e : exprs) collectColumns(e, r);
  return r;
}

// Adds what b reads to a.
void merge(ColumnUse& a, const ColumnUse& b) {
  if (!b.read || a.whole()) return;
  if (b.whole() || !a.read) {
    a = b;
    return;
  }
  for (size_t i = 0; i < a.fields.size(); ++i) merge(a.fields[i], b.fields[i]);
}

// The child columns each node reads, given the columns its parent reads from it
// (`required`). Operators that copy rows (filter, sort, join) gather only these; the
// others travel as constant nulls, which cost nothing.
std::vector<Required> childRequirements(const LogicalPlan& p, const Required& required) {
  switch (p.kind) {
    case PlanKind::kProject: {
      Required r = readNone(p.children[0]->output.size());
      for (size_t i = 0; i < p.exprs.size(); ++i) {
        if (i < required.size() && !required[i].read) continue;
        // A column passed on reads of its input what is read of it.
        int o = p.exprs[i]->columnOrdinal();
        if (o >= 0 && i < required.size() && static_cast<size_t>(o) < r.size()) merge(r[static_cast<size_t>(o)], required[i]);
        else collectColumns(p.exprs[i], r);
      }
      return {r};
    }
    case PlanKind::kFilter:
    case PlanKind::kSort:
    case PlanKind::kLimit: {
      Required r = required;
      collectColumns(p.predicate, r);
      for (const auto& k : p.sortKeys) collectColumns(k.expr, r);
      return {r};
    }
    case PlanKind::kUnion: return std::vector<Required>(p.children.size(), required);
    case PlanKind::kStateful: {
      const size_t width = p.children[0]->output.size();
      const std::vector<BoundExprPtr>* read = p.stateful->inputExprs();
      return {read ? columnsOf(*read, width) : readAll(width)};
    }
    case PlanKind::kWatermark:
    case PlanKind::kDeduplicate: {
      Required r = required;
      for (const auto& e : p.exprs) collectColumns(e, r);
      return {r};
    }
    case PlanKind::kAggregate: {
      Required r = columnsOf(p.exprs, p.children[0]->output.size());
      for (const auto& a : p.aggregates) {
        for (const auto& e : a.args) collectColumns(e, r);
      }
      return {r};
    }
    case PlanKind::kGenerate: {
      size_t width = p.children[0]->output.size();
      Required r(required.begin(), required.begin() + static_cast<std::ptrdiff_t>(width));
      for (const auto& e : p.generatorArgs) collectColumns(e, r);
      return {r};
    }
    case PlanKind::kJoin: {
      size_t nl = p.children[0]->output.size(), nr = p.children[1]->output.size();
      Required both = readNone(nl + nr);
      for (size_t i = 0; i < required.size() && i < both.size(); ++i) both[i] = required[i];
      collectColumns(p.predicate, both);
      Required l(both.begin(), both.begin() + static_cast<std::ptrdiff_t>(nl));
      Required r(both.begin() + static_cast<std::ptrdiff_t>(nl), both.end());
      for (const auto& k : p.leftKeys) collectColumns(k, l);
      for (const auto& k : p.rightKeys) collectColumns(k, r);
      return {l, r};
    }
    default: return {};
  }
}

// The filter a node's child is built under: a filter reaches a scan through projections,
// which it sees through as long as they pass scan columns on (scanColumn follows them).
std::optional<ScanFilter> filterForChild(const LogicalPlan& p, const std::optional<ScanFilter>& above) {
  if (p.kind == PlanKind::kFilter) {
    std::vector<int> identity(p.children[0]->output.size());
    for (size_t i = 0; i < identity.size(); ++i) identity[i] = static_cast<int>(i);
    return ScanFilter{p.predicate, p.children[0]->schema(), std::move(identity)};
  }
  if (p.kind != PlanKind::kProject || !above) return std::nullopt;
  ScanFilter below = *above;
  for (int& c : below.scanColumn) {
    if (c >= 0) c = p.exprs[static_cast<size_t>(c)]->columnOrdinal();
  }
  return below;
}

// A projection's expressions, with an output nobody reads not computed: its inputs may
// not have been read.
std::vector<BoundExprPtr> projectedExprs(const LogicalPlan& p, const Required& required) {
  std::vector<BoundExprPtr> exprs = p.exprs;
  for (size_t i = 0; i < exprs.size() && i < required.size(); ++i) {
    if (!required[i].read) exprs[i] = std::make_shared<BoundLiteral>(Value::null(), exprs[i]->type());
  }
  return exprs;
}

Result<BatchStreamPtr> build(const PlanPtr& plan, ExecContext& ctx, const Required& required,
                             const std::optional<ScanFilter>& filter);

// A projection straight over a filter, built as one operator (makeFilterProject).
Result<BatchStreamPtr> buildFilterProject(const PlanPtr& project, ExecContext& ctx, const Required& required,
                                          const std::optional<ScanFilter>& filter) {
  const PlanPtr& filterPlan = project->children[0];
  Required filterNeeds = childRequirements(*project, required)[0];
  std::optional<ScanFilter> filterAbove = filterForChild(*project, filter);
  Required belowNeeds = childRequirements(*filterPlan, filterNeeds)[0];
  SPATE_ASSIGN_OR_RETURN(BatchStreamPtr below, build(filterPlan->children[0], ctx, belowNeeds,
                                                     filterForChild(*filterPlan, filterAbove)));
  return makeFilterProject(std::move(below), filterPlan->predicate, readFlags(filterNeeds), project->schema(),
                           projectedExprs(*project, required), ctx);
}

// filter: the filter above plan as plan's output sees it (see filterForChild).
Result<BatchStreamPtr> build(const PlanPtr& plan, ExecContext& ctx, const Required& required,
                             const std::optional<ScanFilter>& filter) {
  if (plan->kind == PlanKind::kProject && plan->children[0]->kind == PlanKind::kFilter) {
    return buildFilterProject(plan, ctx, required, filter);
  }
  SchemaPtr schema = plan->schema();
  std::vector<Required> childNeeds = childRequirements(*plan, required);
  std::optional<ScanFilter> childFilter = filterForChild(*plan, filter);
  std::vector<BatchStreamPtr> kids;
  for (size_t i = 0; i < plan->children.size(); ++i) {
    SPATE_ASSIGN_OR_RETURN(BatchStreamPtr k, build(plan->children[i], ctx, childNeeds[i], childFilter));
    kids.push_back(std::move(k));
  }
  switch (plan->kind) {
    case PlanKind::kScan: return plan->source->open(ScanRequest{required, filter, &ctx.eval});
    case PlanKind::kValues: return makeBatchesScan(schema, {plan->rows});
    case PlanKind::kProject: return makeProject(std::move(kids[0]), schema, projectedExprs(*plan, required), ctx);
    case PlanKind::kFilter: return makeFilter(std::move(kids[0]), plan->predicate, readFlags(required), ctx);
    case PlanKind::kLimit: return makeLimit(std::move(kids[0]), plan->limit);
    case PlanKind::kUnion: return makeUnion(std::move(kids), schema);
    case PlanKind::kGenerate: return makeGenerate(std::move(kids[0]), schema, *plan, ctx);
    case PlanKind::kSort: return makeSort(std::move(kids[0]), schema, plan->sortKeys, readFlags(required), ctx);
    case PlanKind::kAggregate:
      if (plan->sessionWindowKey >= 0) return makeSessionAggregate(std::move(kids[0]), schema, *plan, ctx);
      return makeHashAggregate(std::move(kids[0]), schema, *plan, ctx);
    case PlanKind::kJoin: return makeHashJoin(std::move(kids[0]), std::move(kids[1]), schema, *plan, ctx);
    case PlanKind::kStateful: return plan->stateful->open(std::move(kids[0]), ctx.eval);
    case PlanKind::kWatermark: return std::move(kids[0]);  // a batch query has no watermark
    case PlanKind::kDeduplicate:
      if (plan->withinWatermark) {
        return Status::AnalysisError("dropDuplicatesWithinWatermark is not supported with batch DataFrames/DataSets");
      }
      return makeDeduplicate(std::move(kids[0]), plan->exprs, readFlags(required), ctx);
    case PlanKind::kStreamingScan:
      return Status::AnalysisError(
          "Queries with streaming sources must be executed with writeStream.start(): {}", plan->stream->describe());
  }
  return Status::Internal("unknown plan kind");
}

void collectStreamingScans(const LogicalPlan& p, const Required& required, const std::optional<ScanFilter>& filter,
                           std::vector<ScanRequest>& out) {
  if (p.kind == PlanKind::kStreamingScan) {
    out.push_back(ScanRequest{required, filter, nullptr});
    return;
  }
  std::vector<Required> childNeeds = childRequirements(p, required);
  std::optional<ScanFilter> childFilter = filterForChild(p, filter);
  for (size_t i = 0; i < p.children.size(); ++i) {
    collectStreamingScans(*p.children[i], i < childNeeds.size() ? childNeeds[i] : readAll(p.children[i]->output.size()),
                          childFilter, out);
  }
}

}  // namespace

std::vector<ScanRequest> streamingScanRequests(const PlanPtr& plan) {
  std::vector<ScanRequest> out;
  collectStreamingScans(*plan, readAll(plan->output.size()), std::nullopt, out);
  return out;
}

Result<BatchStreamPtr> buildStream(const PlanPtr& plan, ExecContext& ctx) {
  return build(plan, ctx, readAll(plan->output.size()), std::nullopt);
}

Result<BatchStreamPtr> buildStream(const PlanPtr& plan, ExecContext& ctx, const std::vector<bool>& columnsRead) {
  Required r(columnsRead.size());
  for (size_t i = 0; i < r.size(); ++i) r[i].read = columnsRead[i];
  return build(plan, ctx, r, std::nullopt);
}

Result<std::vector<BatchPtr>> executeToBatches(const PlanPtr& plan, ExecContext& ctx) {
  SPATE_ASSIGN_OR_RETURN(BatchStreamPtr stream, buildStream(plan, ctx));
  return drain(*stream);
}

Result<BatchPtr> executeToBatch(const PlanPtr& plan, ExecContext& ctx) {
  SPATE_ASSIGN_OR_RETURN(std::vector<BatchPtr> batches, executeToBatches(plan, ctx));
  SchemaPtr schema = plan->schema();
  if (batches.empty()) {
    std::vector<ColumnPtr> cols;
    for (const auto& f : schema->fields()) cols.push_back(Column::nulls(f.type, 0));
    return std::make_shared<const Batch>(schema, std::move(cols), 0);
  }
  return concatBatches(schema, batches);
}

}  // namespace spate::exec
