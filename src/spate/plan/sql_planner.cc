#include "spate/plan/sql_planner.h"

#include <map>

#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/expr/type_coercion.h"
#include "spate/plan/plan_builder.h"
#include "spate/plan/range_source.h"

namespace spate::plan {

namespace {

// CTE names shadow the catalog's tables within their query.
class ScopedCatalog final : public Catalog {
 public:
  explicit ScopedCatalog(const Catalog& parent) : parent_(parent) {}
  PlanPtr lookup(const std::string& name) const override {
    auto it = ctes_.find(toLower(name));
    return it != ctes_.end() ? it->second : parent_.lookup(name);
  }
  std::vector<std::string> tableNames() const override { return parent_.tableNames(); }
  Result<PlanPtr> lookupStream(const std::string& name) const override {
    if (ctes_.count(toLower(name))) return notAStreamSource(name, fmt::format("`{}` is a WITH query", name));
    return parent_.lookupStream(name);
  }
  void add(const std::string& name, PlanPtr plan) { ctes_[toLower(name)] = std::move(plan); }

 private:
  const Catalog& parent_;
  std::map<std::string, PlanPtr> ctes_;
};

std::string positionOf(int line, int column) {
  return line > 0 ? fmt::format(" (line {}, column {})", line, column) : "";
}

Result<int64_t> constantInt(const ExprPtr& e, const char* what) {
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindExpr(*e, BindScope()));
  if (!b->literalValue() || !b->type()->isIntegral()) {
    return Status::AnalysisError("{} must be an integer constant, not {}{}", what, e->sql(), positionSuffix(*e));
  }
  if (b->literalValue()->isNull()) return Status::AnalysisError("{} must not be null{}", what, positionSuffix(*e));
  return b->literalValue()->asInt();
}

Result<PlanPtr> planValues(const sql::TableRef& ref) {
  std::vector<std::vector<Value>> rows;
  std::vector<std::vector<TypePtr>> typesByColumn;
  size_t width = ref.rows.empty() ? 0 : ref.rows[0].size();
  EvalContext ctx;
  std::vector<std::vector<BoundExprPtr>> bound;
  for (const auto& row : ref.rows) {
    if (row.size() != width) {
      return Status::AnalysisError("VALUES rows must all have {} values, but one has {}{}", width, row.size(),
                                   positionOf(ref.line, ref.column));
    }
    std::vector<BoundExprPtr> b;
    for (const auto& e : row) {
      SPATE_ASSIGN_OR_RETURN(BoundExprPtr x, bindExpr(*e, BindScope()));
      b.push_back(std::move(x));
    }
    bound.push_back(std::move(b));
  }
  auto schema = std::make_shared<Schema>();
  std::vector<TypePtr> types;
  for (size_t c = 0; c < width; ++c) {
    std::vector<TypePtr> ts;
    for (const auto& r : bound) ts.push_back(r[c]->type());
    TypePtr t = commonType(ts);
    if (!t) return Status::AnalysisError("VALUES column {} has incompatible types", c + 1);
    types.push_back(t);
    std::string name = c < ref.columnAliases.size() ? ref.columnAliases[c] : fmt::format("col{}", c + 1);
    schema->add(name, t, true);
  }
  if (!ref.columnAliases.empty() && ref.columnAliases.size() != width) {
    return Status::AnalysisError("VALUES has {} columns but {} column names were given{}", width,
                                 ref.columnAliases.size(), positionOf(ref.line, ref.column));
  }
  for (auto& r : bound) {
    std::vector<Value> vals;
    for (size_t c = 0; c < width; ++c) {
      SPATE_ASSIGN_OR_RETURN(BoundExprPtr casted, makeCast(r[c], types[c]));
      SPATE_ASSIGN_OR_RETURN(Value v, evalConstant(casted, ctx));
      vals.push_back(std::move(v));
    }
    rows.push_back(std::move(vals));
  }
  return values(batchFromRows(schema, rows), ref.alias);
}

Result<PlanPtr> planTableRef(const sql::TableRef& ref, const Catalog& catalog);

Result<PlanPtr> applyAlias(PlanPtr p, const sql::TableRef& ref) {
  if (!ref.columnAliases.empty() && ref.kind != sql::TableRefKind::kValues) {
    SPATE_ASSIGN_OR_RETURN(p, renameColumns(p, ref.columnAliases));
  }
  if (!ref.alias.empty()) p = withQualifier(p, ref.alias);
  return p;
}

// STREAM(view): the view read as a stream, named like the view unless aliased.
Result<PlanPtr> planStream(const sql::TableRef& ref, const Catalog& catalog) {
  std::string position = positionOf(ref.line, ref.column);
  if (ref.functionArgs.size() != 1 || ref.functionArgs[0]->kind != ExprKind::kColumn) {
    return Status::AnalysisError("STREAM() takes the name of one view, as in STREAM(events){}", position);
  }
  const std::vector<std::string>& parts = ref.functionArgs[0]->nameParts;
  auto stream = catalog.lookupStream(joinStrings(parts, "."));
  if (!stream.ok()) return Status(stream.status().code(), stream.status().message() + position);
  PlanPtr p = withQualifier(*stream, ref.alias.empty() ? parts.back() : ref.alias);
  if (!ref.columnAliases.empty()) return renameColumns(p, ref.columnAliases);
  return p;
}

Result<PlanPtr> planTableRefBody(const sql::TableRef& ref, const Catalog& catalog);

// The table reference, with its WATERMARK clause applied.
Result<PlanPtr> planTableRef(const sql::TableRef& ref, const Catalog& catalog) {
  SPATE_ASSIGN_OR_RETURN(PlanPtr p, planTableRefBody(ref, catalog));
  if (ref.watermarkColumn.empty()) return p;
  const Expr& delay = *ref.watermarkDelay;
  std::string position = positionOf(ref.line, ref.column);
  if (delay.kind != ExprKind::kLiteral || delay.literal.isNull() ||
      (delay.literalType->id() != TypeId::kInterval && delay.literalType->id() != TypeId::kString)) {
    return Status::AnalysisError("WATERMARK ... DELAY OF needs an interval such as INTERVAL 10 MINUTES, not {}{}",
                                 delay.sql(), position);
  }
  std::string column = joinStrings(ref.watermarkColumn, ".");
  auto marked = delay.literalType->id() == TypeId::kInterval
                    ? withWatermark(p, column, delay.literal.asInt())
                    : withWatermark(p, column, delay.literal.asString());
  if (!marked.ok()) return Status(marked.status().code(), marked.status().message() + position);
  return marked;
}

Result<PlanPtr> planTableRefBody(const sql::TableRef& ref, const Catalog& catalog) {
  switch (ref.kind) {
    case sql::TableRefKind::kNamed: {
      std::string name = joinStrings(ref.name, ".");
      PlanPtr p = catalog.lookup(name);
      if (!p && ref.name.size() > 1) p = catalog.lookup(ref.name.back());
      if (!p) {
        std::vector<std::string> known = catalog.tableNames();
        return Status::AnalysisError("The table or view `{}` cannot be found. Known tables and views: [{}]{}", name,
                                     joinStrings(known, ", "), positionOf(ref.line, ref.column));
      }
      p = withQualifier(p, ref.alias.empty() ? ref.name.back() : ref.alias);
      if (!ref.columnAliases.empty()) return renameColumns(p, ref.columnAliases);
      return p;
    }
    case sql::TableRefKind::kSubquery: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr p, planQuery(*ref.subquery, catalog));
      return applyAlias(p, ref);
    }
    case sql::TableRefKind::kValues: return planValues(ref);
    case sql::TableRefKind::kFunction: {
      std::string fn = ref.name.empty() ? "" : toLower(ref.name[0]);
      if (fn == "stream") return planStream(ref, catalog);
      if (fn != "range") {
        return Status::AnalysisError("Unknown table-valued function `{}`; supported: range, stream{}", fn,
                                     positionOf(ref.line, ref.column));
      }
      std::vector<int64_t> a;
      for (const auto& e : ref.functionArgs) {
        SPATE_ASSIGN_OR_RETURN(int64_t v, constantInt(e, "range() argument"));
        a.push_back(v);
      }
      if (a.empty() || a.size() > 3) {
        return Status::AnalysisError("range() takes 1 to 3 arguments{}", positionOf(ref.line, ref.column));
      }
      int64_t start = a.size() == 1 ? 0 : a[0], end = a.size() == 1 ? a[0] : a[1], step = a.size() == 3 ? a[2] : 1;
      if (step == 0) return Status::AnalysisError("range() step must not be 0{}", positionOf(ref.line, ref.column));
      PlanPtr p = scan(std::make_shared<RangeSource>(start, end, step), ref.alias);
      return applyAlias(p, ref);
    }
    case sql::TableRefKind::kJoin: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr l, planTableRef(*ref.left, catalog));
      SPATE_ASSIGN_OR_RETURN(PlanPtr r, planTableRef(*ref.right, catalog));
      return join(l, r, ref.joinType, ref.condition, ref.usingColumns);
    }
  }
  return Status::Internal("unknown table reference kind");
}

bool hasAggregates(const sql::SelectAst& s) {
  if (!s.groupBy.empty() || s.having) return true;
  for (const auto& i : s.items) {
    if (containsAggregate(*i)) return true;
  }
  return false;
}

// ORDER BY items that repeat a SELECT item's expression refer to its output column.
std::vector<ExprPtr> rewriteOrderBy(const std::vector<ExprPtr>& orderBy, const std::vector<ExprPtr>& items,
                                    const PlanPtr& projected) {
  std::vector<ExprPtr> out;
  for (const auto& o : orderBy) {
    const ExprPtr& inner = o->kind == ExprKind::kSortOrder ? o->children[0] : o;
    ExprPtr replacement;
    if (inner->kind == ExprKind::kLiteral && !inner->literal.isNull() && inner->literalType->id() == TypeId::kInt) {
      int64_t k = inner->literal.asInt();  // ORDER BY 1
      if (k >= 1 && k <= static_cast<int64_t>(projected->output.size())) {
        replacement = columnRef(std::vector<std::string>{projected->output[static_cast<size_t>(k - 1)].name});
      }
    } else if (inner->kind != ExprKind::kColumn) {
      for (size_t i = 0; i < items.size() && i < projected->output.size(); ++i) {
        if (stripAlias(*items[i]).sql() == inner->sql()) {
          replacement = columnRef(std::vector<std::string>{projected->output[i].name});
          break;
        }
      }
    }
    if (!replacement) {
      out.push_back(o);
    } else if (o->kind == ExprKind::kSortOrder) {
      out.push_back(sortOrder(replacement, o->ascending, o->nullsFirst));
    } else {
      out.push_back(replacement);
    }
  }
  return out;
}

Result<PlanPtr> planSelect(const sql::QueryAst& q, const Catalog& catalog) {
  const sql::SelectAst& s = q.select;
  PlanPtr input;
  if (s.from) {
    SPATE_ASSIGN_OR_RETURN(input, planTableRef(*s.from, catalog));
  } else {
    auto one = std::make_shared<Schema>();
    input = values(std::make_shared<Batch>(one, std::vector<ColumnPtr>{}, 1));
  }
  if (s.where) {
    SPATE_ASSIGN_OR_RETURN(input, filter(input, s.where));
  }
  bool aggregated = hasAggregates(s);
  PlanPtr projected;
  if (aggregated) {
    SPATE_ASSIGN_OR_RETURN(projected, aggregate(input, s.groupBy, s.items, s.having));
  } else {
    SPATE_ASSIGN_OR_RETURN(projected, project(input, s.items));
  }
  if (s.distinct) projected = distinct(projected);
  if (!q.orderBy.empty()) {
    std::vector<ExprPtr> orders = rewriteOrderBy(q.orderBy, s.items, projected);
    // ORDER BY a column that is not selected sorts below the projection, as Spark.
    auto sorted = aggregated || s.distinct ? sort(projected, orders) : sortResolvingDropped(projected, orders);
    if (!sorted.ok()) return sorted.status();
    projected = *sorted;
  }
  if (q.limit) {
    SPATE_ASSIGN_OR_RETURN(int64_t n, constantInt(q.limit, "LIMIT"));
    if (n < 0) return Status::AnalysisError("LIMIT must not be negative, got {}", n);
    projected = limit(projected, n);
  }
  return projected;
}

}  // namespace

Status notAStreamSource(const std::string& name, const std::string& why) {
  return Status::AnalysisError(
      "STREAM({}) needs a view created with CREATE TEMPORARY VIEW ... USING a file or streaming source; {}", name,
      why);
}

Result<PlanPtr> Catalog::lookupStream(const std::string& name) const {
  return notAStreamSource(name, lookup(name) ? fmt::format("`{}` is not one", name)
                                             : fmt::format("no view `{}` exists", name));
}

Result<PlanPtr> planQuery(const sql::QueryAst& query, const Catalog& parent) {
  ScopedCatalog catalog(parent);
  for (const auto& [name, cte] : query.ctes) {
    SPATE_ASSIGN_OR_RETURN(PlanPtr p, planQuery(*cte, catalog));
    catalog.add(name, p);
  }
  switch (query.kind) {
    case sql::QueryAst::Kind::kSelect: return planSelect(query, catalog);
    case sql::QueryAst::Kind::kValues: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr p, planValues(*query.values));
      if (!query.orderBy.empty()) {
        SPATE_ASSIGN_OR_RETURN(p, sort(p, query.orderBy));
      }
      if (query.limit) {
        SPATE_ASSIGN_OR_RETURN(int64_t n, constantInt(query.limit, "LIMIT"));
        p = limit(p, n);
      }
      return p;
    }
    case sql::QueryAst::Kind::kSetOp: {
      SPATE_ASSIGN_OR_RETURN(PlanPtr l, planQuery(*query.left, catalog));
      SPATE_ASSIGN_OR_RETURN(PlanPtr r, planQuery(*query.right, catalog));
      PlanPtr p;
      switch (query.setOp) {
        case sql::SetOpKind::kUnionAll: {
          SPATE_ASSIGN_OR_RETURN(p, unionAll(l, r));
          break;
        }
        case sql::SetOpKind::kUnionDistinct: {
          SPATE_ASSIGN_OR_RETURN(p, unionAll(l, r));
          p = distinct(p);
          break;
        }
        case sql::SetOpKind::kExceptDistinct: {
          SPATE_ASSIGN_OR_RETURN(p, except(l, r));
          break;
        }
        case sql::SetOpKind::kIntersectDistinct: {
          SPATE_ASSIGN_OR_RETURN(p, intersect(l, r));
          break;
        }
      }
      if (!query.orderBy.empty()) {
        SPATE_ASSIGN_OR_RETURN(p, sort(p, query.orderBy));
      }
      if (query.limit) {
        SPATE_ASSIGN_OR_RETURN(int64_t n, constantInt(query.limit, "LIMIT"));
        p = limit(p, n);
      }
      return p;
    }
  }
  return Status::Internal("unknown query kind");
}

}  // namespace spate::plan
