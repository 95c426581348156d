#include "spate/plan/plan_builder.h"

#include <map>

#include "spate/common/duration.h"
#include "spate/common/strings.h"
#include "spate/expr/aggregate_distinct.h"
#include "spate/expr/aggregate_filter.h"
#include "spate/expr/cast.h"
#include "spate/expr/type_coercion.h"

namespace spate::plan {

namespace {

const FunctionRegistry& registry() { return FunctionRegistry::builtin(); }

BindScope scopeOf(const PlanPtr& plan) { return BindScope(plan->output); }

// The name of a SELECT item's output column.
std::string outputName(const Expr& item) { return item.kind == ExprKind::kAlias ? item.name : item.displayName(); }

// A reference to column `ordinal` of a plan's output.
BoundExprPtr refTo(const std::vector<Attribute>& attrs, size_t ordinal) {
  const Attribute& a = attrs[ordinal];
  return std::make_shared<BoundColumn>(static_cast<int>(ordinal), a.name, a.type, a.nullable);
}

// Expands '*' / 't.*' into the matching columns of the scope.
Result<std::vector<size_t>> expandStar(const Expr& star, const std::vector<Attribute>& attrs) {
  std::vector<size_t> out;
  for (size_t i = 0; i < attrs.size(); ++i) {
    if (star.nameParts.empty() || equalsIgnoreCase(attrs[i].qualifier, star.nameParts.back())) out.push_back(i);
  }
  if (out.empty() && !star.nameParts.empty()) {
    return Status::AnalysisError("Cannot resolve '{}.*' given input columns {}{}", star.nameParts.back(),
                                 BindScope(attrs).describeColumns(), positionSuffix(star));
  }
  return out;
}

const char* const kGeneratedQualifier = "__generated";

bool isGeneratorCall(const Expr& e) { return e.kind == ExprKind::kFunction && registry().generator(e.name); }

// 'e.*' where e is no table but a struct column (from_json(...) AS e): its fields, each
// named by the field, as Spark expands it. Nothing when e is not a column.
Result<bool> expandStructStar(const Expr& star, const BindScope& scope, const BindHooks& hooks,
                              std::vector<Attribute>& output, std::vector<BoundExprPtr>& exprs) {
  auto bound = bindExpr(*columnRef(star.nameParts), scope, hooks);
  if (!bound.ok()) return false;
  const TypePtr& type = (*bound)->type();
  if (type->id() != TypeId::kStruct) {
    return Status::AnalysisError("Can only star expand struct data types. Attribute: `{}` is {}{}",
                                 joinStrings(star.nameParts, "."), type->simpleString(), positionSuffix(star));
  }
  for (const auto& field : type->fields()) {
    std::vector<std::string> path = star.nameParts;
    path.push_back(field.name);
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr f, bindExpr(*columnRef(std::move(path)), scope, hooks));
    output.push_back(Attribute{field.name, "", f->type(), f->nullable(), newAttributeId()});
    exprs.push_back(std::move(f));
  }
  return true;
}

// Binds SELECT items over a scope into a Project node on `child`.
Result<PlanPtr> bindProjection(const PlanPtr& child, const std::vector<ExprPtr>& items, const BindHooks& hooks) {
  std::vector<Attribute> output;
  std::vector<BoundExprPtr> exprs;
  BindScope scope = scopeOf(child);
  for (const auto& item : items) {
    if (item->kind == ExprKind::kStar) {
      auto cols = expandStar(*item, child->output);
      if (!cols.ok() && !item->nameParts.empty()) {
        SPATE_ASSIGN_OR_RETURN(bool expanded, expandStructStar(*item, scope, hooks, output, exprs));
        if (expanded) continue;
      }
      SPATE_RETURN_IF_ERROR(cols.status());
      for (size_t c : *cols) {
        output.push_back(child->output[c]);
        exprs.push_back(refTo(child->output, c));
      }
      continue;
    }
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr bound, bindExpr(*item, scope, hooks));
    Attribute attr{outputName(*item), "", bound->type(), bound->nullable(), newAttributeId()};
    const Expr& inner = stripAlias(*item);
    if (item->kind != ExprKind::kAlias && inner.kind == ExprKind::kColumn && bound->columnOrdinal() >= 0) {
      const Attribute& source = child->output[static_cast<size_t>(bound->columnOrdinal())];
      attr.qualifier = source.qualifier;
      attr.id = source.id;
    }
    output.push_back(std::move(attr));
    exprs.push_back(std::move(bound));
  }
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kProject;
  p->output = std::move(output);
  p->children = {child};
  p->exprs = std::move(exprs);
  return PlanPtr(p);
}

// Adds a Generate node for the generator item and returns the item list rewritten to
// refer to its output columns.
Result<std::pair<PlanPtr, std::vector<ExprPtr>>> planGenerator(const PlanPtr& child, const std::vector<ExprPtr>& items) {
  size_t which = items.size();
  for (size_t i = 0; i < items.size(); ++i) {
    if (isGeneratorCall(stripAlias(*items[i]))) {
      if (which != items.size()) {
        return Status::AnalysisError("Only one generator (explode, posexplode, inline) is allowed per SELECT{}",
                                     positionSuffix(*items[i]));
      }
      which = i;
    }
  }
  if (which == items.size()) return std::make_pair(child, items);
  const Expr& call = stripAlias(*items[which]);
  const GeneratorFunction* gen = registry().generator(call.name);
  std::vector<BoundExprPtr> args;
  BindScope scope = scopeOf(child);
  for (const auto& a : call.children) {
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindExpr(*a, scope));
    args.push_back(std::move(b));
  }
  auto n = static_cast<int>(args.size());
  if (n < gen->minArgs || (gen->maxArgs >= 0 && n > gen->maxArgs)) {
    return Status::AnalysisError("Function {}() takes {} argument(s) but {} were given{}", call.name, gen->minArgs, n,
                                 positionSuffix(call));
  }
  auto resolved = gen->resolve(args);
  if (!resolved.ok()) {
    return Status(resolved.status().code(), resolved.status().message() + " in `" + call.sql() + "`" + positionSuffix(call));
  }
  auto node = std::make_shared<LogicalPlan>();
  node->kind = PlanKind::kGenerate;
  node->children = {child};
  node->output = child->output;
  node->generatorName = call.name;
  node->generatorOuter = call.name.size() > 6 && call.name.substr(call.name.size() - 6) == "_outer";
  std::vector<ExprPtr> rewritten;
  for (size_t i = 0; i < which; ++i) rewritten.push_back(items[i]);
  auto fields = resolved->outputFields;
  if (items[which]->kind == ExprKind::kAlias && fields.size() == 1) fields[0].name = items[which]->name;
  // Generated columns get a private qualifier so they cannot clash with the child's.
  const std::string qualifier = kGeneratedQualifier;
  for (const auto& f : fields) {
    node->output.push_back({f.name, qualifier, f.type, true, newAttributeId()});
    rewritten.push_back(alias(columnRef({qualifier, f.name}), f.name));
  }
  for (size_t i = which + 1; i < items.size(); ++i) rewritten.push_back(items[i]);
  node->generator = std::move(resolved).value();
  node->generatorArgs = std::move(args);
  return std::make_pair(PlanPtr(node), std::move(rewritten));
}

}  // namespace

PlanPtr scan(TableSourcePtr source, const std::string& qualifier) {
  std::vector<Attribute> out;
  SchemaPtr schema = source->schema();  // held: schema() may build a new one
  for (const auto& f : schema->fields()) out.push_back({f.name, qualifier, f.type, f.nullable, newAttributeId()});
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kScan;
  p->output = std::move(out);
  p->source = std::move(source);
  return p;
}

PlanPtr streamingScan(std::shared_ptr<const StreamingRelation> stream, const std::string& qualifier) {
  std::vector<Attribute> out;
  SchemaPtr schema = stream->schema();  // held: schema() may build a new one
  for (const auto& f : schema->fields()) out.push_back({f.name, qualifier, f.type, f.nullable, newAttributeId()});
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kStreamingScan;
  p->output = std::move(out);
  p->stream = std::move(stream);
  return p;
}

PlanPtr values(BatchPtr rows, const std::string& qualifier) {
  std::vector<Attribute> out;
  SchemaPtr schema = rows->schema();  // held: schema() may build a new one
  for (const auto& f : schema->fields()) out.push_back({f.name, qualifier, f.type, f.nullable, newAttributeId()});
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kValues;
  p->output = std::move(out);
  p->rows = std::move(rows);
  return p;
}

Result<PlanPtr> project(const PlanPtr& child, const std::vector<ExprPtr>& items) {
  for (const auto& item : items) {
    if (containsAggregate(*item)) return aggregate(child, {}, items);
  }
  SPATE_ASSIGN_OR_RETURN(auto generated, planGenerator(child, items));
  return bindProjection(generated.first, generated.second, {});
}

Result<PlanPtr> filter(const PlanPtr& child, const ExprPtr& condition) {
  if (containsAggregate(*condition)) {
    return Status::AnalysisError("Aggregate functions are not allowed in WHERE: {}{}; use HAVING", condition->sql(),
                                 positionSuffix(*condition));
  }
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr pred, bindExpr(*condition, scopeOf(child)));
  if (pred->type()->id() != TypeId::kBoolean) {
    if (pred->type()->id() != TypeId::kNull) {
      return Status::TypeError("Filter condition {} must be boolean, not {}{}", condition->sql(),
                               pred->type()->simpleString(), positionSuffix(*condition));
    }
    SPATE_ASSIGN_OR_RETURN(pred, makeCast(pred, DataType::boolean()));
  }
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kFilter;
  p->output = child->output;
  p->children = {child};
  p->predicate = std::move(pred);
  return PlanPtr(p);
}

namespace {

// e with every subexpression whose SQL text is `text` replaced by `with`.
ExprPtr replaceBySql(const ExprPtr& e, const std::string& text, const ExprPtr& with) {
  if (e->sql() == text) return with;
  bool changed = false;
  std::vector<ExprPtr> kids;
  for (const auto& c : e->children) {
    kids.push_back(replaceBySql(c, text, with));
    changed |= kids.back() != c;
  }
  if (!changed) return e;
  auto copy = std::make_shared<Expr>(*e);
  copy->children = std::move(kids);
  return copy;
}

// The condition of agg(...) FILTER (WHERE condition), bound over the aggregate's input.
Result<BoundExprPtr> bindAggregateFilter(const Expr& call, const BindScope& scope) {
  const Expr& condition = *call.children.back();
  if (containsAggregate(condition)) {
    return Status::AnalysisError("The FILTER expression {} in {} is invalid: it contains an aggregate function{}",
                                 condition.sql(), call.sql(), positionSuffix(condition));
  }
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr bound, bindExpr(condition, scope));
  if (bound->type()->id() != TypeId::kBoolean) {
    return Status::AnalysisError(
        "The FILTER expression {} in {} is invalid: expected a FILTER expression of the BOOLEAN type, not {}{}",
        condition.sql(), call.sql(), bound->type()->simpleString(), positionSuffix(condition));
  }
  return bound;
}

bool isWindowCall(const Expr& e) { return e.kind == ExprKind::kFunction && toLower(e.name) == "window"; }

}  // namespace

Result<PlanPtr> aggregate(const PlanPtr& input, const std::vector<ExprPtr>& groupByIn,
                          const std::vector<ExprPtr>& itemsIn, const ExprPtr& havingIn) {
  std::vector<ExprPtr> items = itemsIn;
  ExprPtr having = havingIn;
  // GROUP BY 1 refers to the first SELECT item, as Spark's groupByOrdinal.
  std::vector<ExprPtr> groupBy;
  for (const auto& g : groupByIn) {
    if (g->kind == ExprKind::kLiteral && !g->literal.isNull() && g->literalType->id() == TypeId::kInt) {
      int64_t k = g->literal.asInt();
      if (k < 1 || k > static_cast<int64_t>(items.size())) {
        return Status::AnalysisError("GROUP BY position {} is not in the select list (valid range is [1, {}]){}", k,
                                     items.size(), positionSuffix(*g));
      }
      groupBy.push_back(items[static_cast<size_t>(k - 1)]);
    } else {
      groupBy.push_back(g);
    }
  }
  // GROUP BY window(time, ...): the window generator goes below the aggregation (each
  // row once per window it falls in), and the key, with every select item naming the
  // same call, becomes its output column, as Spark's TimeWindowing rule does.
  PlanPtr child = input;
  for (auto& g : groupBy) {
    if (!isWindowCall(stripAlias(*g))) continue;
    if (child != input) {
      return Status::AnalysisError(
          "Multiple time window expressions would result in a cartesian product of rows, therefore they are "
          "currently not supported{}",
          positionSuffix(*g));
    }
    std::string text = stripAlias(*g).sql();
    SPATE_ASSIGN_OR_RETURN(auto generated, planGenerator(child, {g}));
    child = generated.first;
    ExprPtr column = stripAlias(*generated.second[0]).kind == ExprKind::kColumn ? generated.second[0]->children[0]
                                                                                   : generated.second[0];
    for (auto& item : items) item = replaceBySql(item, text, column);
    if (having) having = replaceBySql(having, text, column);
    g = generated.second[0];
  }
  BindScope childScope = scopeOf(child);
  std::vector<BoundExprPtr> keys;
  std::vector<Attribute> keyAttrs;
  for (const auto& g : groupBy) {
    if (containsAggregate(*g)) {
      return Status::AnalysisError("Aggregate functions are not allowed in GROUP BY: {}{}", g->sql(), positionSuffix(*g));
    }
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr k, bindExpr(stripAlias(*g), childScope));
    Attribute a{outputName(*g), "", k->type(), k->nullable(), newAttributeId()};
    // As Spark, GROUP BY session_window(...) gives a column named session_window.
    if (g->kind == ExprKind::kFunction && toLower(g->name) == "session_window") a.name = "session_window";
    if (k->columnOrdinal() >= 0 && stripAlias(*g).kind == ExprKind::kColumn) {
      a.qualifier = child->output[static_cast<size_t>(k->columnOrdinal())].qualifier;
      a.id = child->output[static_cast<size_t>(k->columnOrdinal())].id;
      // A window key is a plain `window` column above the aggregation, so a second
      // GROUP BY window(...) over it gets a generated column of its own.
      if (a.qualifier == kGeneratedQualifier) a.qualifier.clear();
    }
    keyAttrs.push_back(std::move(a));
    keys.push_back(std::move(k));
  }
  const size_t numKeys = keys.size();
  std::vector<AggregateCall> aggs;
  std::vector<Attribute> aggAttrs;
  std::map<std::string, size_t> aggBySql;

  BindHooks hooks;
  hooks.onExpression = [&](const Expr& e) -> BoundExprPtr {
    if (e.kind == ExprKind::kLiteral || e.kind == ExprKind::kAlias) return nullptr;
    std::string text = e.sql();
    for (size_t i = 0; i < numKeys; ++i) {
      const Expr& g = stripAlias(*groupBy[i]);
      if (g.sql() == text) return refTo(keyAttrs, i);
      // t.a and a name the same key column.
      if (e.kind == ExprKind::kColumn && keys[i]->columnOrdinal() >= 0) {
        auto r = childScope.resolve(e.nameParts);
        if (r.ok() && r->fieldPath.empty() && r->ordinal == keys[i]->columnOrdinal()) return refTo(keyAttrs, i);
      }
    }
    return nullptr;
  };
  hooks.onAggregate = [&](const Expr& call) -> Result<BoundExprPtr> {
    std::string text = call.sql();
    auto found = aggBySql.find(text);
    if (found == aggBySql.end()) {
      std::vector<BoundExprPtr> args;
      size_t numArgs = call.children.size() - (call.hasFilter ? 1 : 0);
      for (size_t i = 0; i < numArgs; ++i) {
        const ExprPtr& a = call.children[i];
        if (a->kind == ExprKind::kStar) {
          if (call.name != "count") {
            return Status::AnalysisError("'*' is only allowed in count(*), not in {}{}", text, positionSuffix(call));
          }
          args.push_back(std::make_shared<BoundLiteral>(Value::integer(1), DataType::int_()));
          continue;
        }
        if (containsAggregate(*a)) {
          return Status::AnalysisError(
              "It is not allowed to use an aggregate function in the argument of another aggregate function: {}{}", text,
              positionSuffix(call));
        }
        SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindExpr(*a, childScope));
        args.push_back(std::move(b));
      }
      const AggregateFunction* fn = registry().aggregate(call.name);
      auto n = static_cast<int>(args.size());
      if (n < fn->minArgs || (fn->maxArgs >= 0 && n > fn->maxArgs)) {
        return Status::AnalysisError("Function {}() takes {}{} argument(s) but {} were given: {}{}", call.name,
                                     fn->minArgs, fn->maxArgs == fn->minArgs ? "" : " or more", n, text,
                                     positionSuffix(call));
      }
      auto resolved = fn->resolve(args);
      if (!resolved.ok()) {
        return Status(resolved.status().code(), resolved.status().message() + " in `" + text + "`" + positionSuffix(call));
      }
      ResolvedAggregate ra = std::move(resolved).value();
      if (call.distinct) {
        std::vector<TypePtr> argTypes;
        for (const auto& a : args) argTypes.push_back(a->type());
        SPATE_ASSIGN_OR_RETURN(ra, makeDistinctAggregate(std::move(ra), argTypes));
      }
      if (call.hasFilter) {
        SPATE_ASSIGN_OR_RETURN(BoundExprPtr condition, bindAggregateFilter(call, childScope));
        args.push_back(std::move(condition));
        ra = makeFilteredAggregate(std::move(ra));
      }
      aggAttrs.push_back({call.displayName(), "", ra.type, ra.nullable, newAttributeId()});
      aggs.push_back({fn->name, std::move(args), std::move(ra), call.distinct, call.hasFilter});
      found = aggBySql.emplace(text, aggs.size() - 1).first;
    }
    const Attribute& a = aggAttrs[found->second];
    return BoundExprPtr(std::make_shared<BoundColumn>(static_cast<int>(numKeys + found->second), a.name, a.type, a.nullable));
  };

  // Columns not grouped and not aggregated cannot be resolved after the aggregation.
  BindScope keyScope(keyAttrs);
  auto bindOver = [&](const Expr& e) -> Result<BoundExprPtr> {
    auto r = bindExpr(e, keyScope, hooks);
    if (!r.ok() && r.status().code() == StatusCode::kAnalysisError &&
        r.status().message().find("cannot be resolved") != std::string::npos) {
      // Point at the first column that exists below but is not grouped.
      std::function<const Expr*(const Expr&)> firstUngrouped = [&](const Expr& x) -> const Expr* {
        if (x.kind == ExprKind::kFunction && registry().aggregate(x.name)) return nullptr;
        if (hooks.onExpression(x)) return nullptr;
        if (x.kind == ExprKind::kColumn && childScope.resolve(x.nameParts).ok()) return &x;
        for (const auto& c : x.children) {
          if (const Expr* f = firstUngrouped(*c)) return f;
        }
        return nullptr;
      };
      if (const Expr* col = firstUngrouped(e)) {
        return Status::AnalysisError(
            "expression `{}` is neither present in the group by, nor is it an aggregate function. Add it to GROUP BY "
            "or wrap it in an aggregate such as first(){}",
            col->sql(), positionSuffix(*col));
      }
    }
    return r;
  };

  std::vector<BoundExprPtr> projections;
  std::vector<Attribute> projOutput;
  for (const auto& item : items) {
    if (item->kind == ExprKind::kStar) {
      return Status::AnalysisError("'*' cannot be selected together with GROUP BY or aggregates{}", positionSuffix(*item));
    }
    if (isGeneratorCall(stripAlias(*item))) {
      return Status::AnalysisError("Generators are not supported together with aggregates in one SELECT{}",
                                   positionSuffix(*item));
    }
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindOver(*item));
    Attribute attr{outputName(*item), "", b->type(), b->nullable(), newAttributeId()};
    if (item->kind != ExprKind::kAlias && b->columnOrdinal() >= 0) {
      const Attribute& source = b->columnOrdinal() < static_cast<int>(numKeys)
                                    ? keyAttrs[static_cast<size_t>(b->columnOrdinal())]
                                    : aggAttrs[static_cast<size_t>(b->columnOrdinal()) - numKeys];
      attr.qualifier = source.qualifier;
      attr.id = source.id;
    }
    projOutput.push_back(std::move(attr));
    projections.push_back(std::move(b));
  }
  BoundExprPtr havingPred;
  if (having) {
    // HAVING may name a SELECT alias (HAVING total > 5), as in Spark.
    auto keysAndAggs = hooks.onExpression;
    hooks.onExpression = [&](const Expr& e) -> BoundExprPtr {
      if (BoundExprPtr b = keysAndAggs(e)) return b;
      if (e.kind == ExprKind::kColumn && e.nameParts.size() == 1 && !keyScope.resolve(e.nameParts).ok()) {
        for (size_t i = 0; i < items.size(); ++i) {
          if (items[i]->kind == ExprKind::kAlias && equalsIgnoreCase(items[i]->name, e.nameParts[0])) {
            return projections[i];
          }
        }
      }
      return nullptr;
    };
    SPATE_ASSIGN_OR_RETURN(havingPred, bindOver(*having));
    if (havingPred->type()->id() != TypeId::kBoolean) {
      return Status::TypeError("HAVING condition {} must be boolean, not {}", having->sql(),
                               havingPred->type()->simpleString());
    }
  }

  auto agg = std::make_shared<LogicalPlan>();
  agg->kind = PlanKind::kAggregate;
  agg->children = {child};
  agg->output = keyAttrs;
  agg->output.insert(agg->output.end(), aggAttrs.begin(), aggAttrs.end());
  agg->exprs = std::move(keys);
  agg->aggregates = std::move(aggs);
  // GROUP BY session_window(time, gap): the rows' sessions of each key are merged by
  // the session aggregation (Spark's MergingSessionsExec) rather than grouped as is.
  for (size_t i = 0; i < groupBy.size(); ++i) {
    const Expr& g = stripAlias(*groupBy[i]);
    if (g.kind != ExprKind::kFunction || toLower(g.name) != "session_window") continue;
    if (agg->sessionWindowKey >= 0 || child != input) {
      return Status::AnalysisError("Only one time window (window or session_window) is allowed per GROUP BY{}",
                                   positionSuffix(g));
    }
    agg->sessionWindowKey = static_cast<int>(i);
  }
  PlanPtr top = agg;
  if (havingPred) {
    auto f = std::make_shared<LogicalPlan>();
    f->kind = PlanKind::kFilter;
    f->output = top->output;
    f->children = {top};
    f->predicate = havingPred;
    top = f;
  }
  auto proj = std::make_shared<LogicalPlan>();
  proj->kind = PlanKind::kProject;
  proj->output = std::move(projOutput);
  proj->children = {top};
  proj->exprs = std::move(projections);
  return PlanPtr(proj);
}

Result<PlanPtr> sort(const PlanPtr& child, const std::vector<ExprPtr>& orders) {
  BindScope scope = scopeOf(child);
  std::vector<SortKey> keys;
  for (const auto& o : orders) {
    bool asc = true, nullsFirst = true;
    const Expr* e = o.get();
    if (o->kind == ExprKind::kSortOrder) {
      asc = o->ascending;
      nullsFirst = o->nullsFirst;
      e = o->children[0].get();
    }
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindExpr(*e, scope));
    if (b->type()->id() == TypeId::kMap) {
      return Status::TypeError("Cannot sort by {} of type {}: maps are not orderable{}", e->sql(),
                               b->type()->simpleString(), positionSuffix(*e));
    }
    keys.push_back({std::move(b), asc, nullsFirst});
  }
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kSort;
  p->output = child->output;
  p->children = {child};
  p->sortKeys = std::move(keys);
  return PlanPtr(p);
}

Result<PlanPtr> sortResolvingDropped(const PlanPtr& child, const std::vector<ExprPtr>& orders) {
  auto sorted = sort(child, orders);
  if (sorted.ok() || child->kind != PlanKind::kProject || child->children[0]->kind == PlanKind::kGenerate) {
    return sorted;
  }
  // A projection is row for row: sorting its input orders its output the same way.
  auto below = sort(child->children[0], orders);
  if (!below.ok()) return sorted;
  auto p = std::make_shared<LogicalPlan>(*child);
  p->children = {*below};
  return PlanPtr(p);
}

Result<PlanPtr> withWatermark(const PlanPtr& child, const std::string& eventTime, const std::string& delay) {
  auto parsed = parseIntervalString(delay);
  if (!parsed.ok()) {
    return Status::AnalysisError("Invalid delay threshold '{}' in withWatermark: {}", delay, parsed.status().message());
  }
  return withWatermark(child, eventTime, static_cast<int64_t>(*parsed));
}

Result<PlanPtr> withWatermark(const PlanPtr& child, const std::string& eventTime, int64_t delayMicros) {
  SPATE_ASSIGN_OR_RETURN(ExprPtr column, sql::parseExpression(eventTime));
  SPATE_ASSIGN_OR_RETURN(BoundExprPtr bound, bindExpr(*column, scopeOf(child)));
  if (bound->columnOrdinal() < 0) {
    return Status::AnalysisError("withWatermark() needs a column name, not the expression {}", eventTime);
  }
  if (bound->type()->id() != TypeId::kTimestamp) {
    return Status::AnalysisError("Event time must be defined on a window or a timestamp, but {} is of type {}",
                                 eventTime, bound->type()->simpleString());
  }
  if (delayMicros < 0) return Status::AnalysisError("The watermark delay must not be negative");
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kWatermark;
  p->output = child->output;
  p->children = {child};
  p->exprs = {std::move(bound)};
  p->watermarkDelayMicros = delayMicros;
  return PlanPtr(p);
}

PlanPtr limit(const PlanPtr& child, int64_t n) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kLimit;
  p->output = child->output;
  p->children = {child};
  p->limit = n;
  return p;
}

PlanPtr distinct(const PlanPtr& child) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kAggregate;
  p->output = child->output;
  p->children = {child};
  for (size_t i = 0; i < child->output.size(); ++i) p->exprs.push_back(refTo(child->output, i));
  return p;
}

Result<PlanPtr> dropDuplicates(const PlanPtr& child, const std::vector<std::string>& columns, bool withinWatermark) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kDeduplicate;
  p->children = {child};
  p->output = child->output;
  p->withinWatermark = withinWatermark;
  if (columns.empty()) {
    for (size_t i = 0; i < child->output.size(); ++i) p->exprs.push_back(refTo(child->output, i));
  } else {
    BindScope scope = scopeOf(child);
    for (const auto& c : columns) {
      auto r = scope.resolve({c});
      if (!r.ok()) {
        return Status::AnalysisError("Cannot resolve column name \"{}\" among ({})", c, scope.describeColumns());
      }
      p->exprs.push_back(refTo(child->output, static_cast<size_t>(r->ordinal)));
    }
  }
  return PlanPtr(p);
}

namespace {

void splitConjuncts(const ExprPtr& e, std::vector<ExprPtr>& out) {
  if (e->kind == ExprKind::kFunction && e->name == "and" && e->children.size() == 2) {
    splitConjuncts(e->children[0], out);
    splitConjuncts(e->children[1], out);
  } else {
    out.push_back(e);
  }
}


}  // namespace

Result<PlanPtr> join(const PlanPtr& left, const PlanPtr& right, sql::JoinType type, const ExprPtr& conditionIn,
                     const std::vector<std::string>& usingColumns) {
  using sql::JoinType;
  ExprPtr condition = conditionIn;
  std::vector<std::pair<int, int>> usingPairs;
  for (const auto& name : usingColumns) {
    auto l = BindScope(left->output).resolve({name});
    auto r = BindScope(right->output).resolve({name});
    if (!l.ok() || !r.ok()) {
      return Status::AnalysisError("USING column `{}` cannot be resolved on the {} side of the join", name,
                                   l.ok() ? "right" : "left");
    }
    usingPairs.emplace_back(l->ordinal, r->ordinal);
  }
  auto node = std::make_shared<LogicalPlan>();
  node->kind = PlanKind::kJoin;
  node->joinType = type;
  node->children = {left, right};
  bool leftNullable = type == JoinType::kRight || type == JoinType::kFull;
  bool rightNullable = type == JoinType::kLeft || type == JoinType::kFull;
  std::vector<Attribute> combined;
  for (auto a : left->output) {
    a.nullable = a.nullable || leftNullable;
    combined.push_back(a);
  }
  for (auto a : right->output) {
    a.nullable = a.nullable || rightNullable;
    combined.push_back(a);
  }
  BindScope leftScope(left->output), rightScope(right->output), both(combined);
  auto addKeyPair = [&](BoundExprPtr l, BoundExprPtr r) -> Status {
    TypePtr t = comparisonType(l->type(), r->type());
    if (!t) {
      return Status::TypeError("Join keys {} ({}) and {} ({}) cannot be compared", l->toString(),
                               l->type()->simpleString(), r->toString(), r->type()->simpleString());
    }
    SPATE_ASSIGN_OR_RETURN(l, makeCast(l, t));
    SPATE_ASSIGN_OR_RETURN(r, makeCast(r, t));
    node->leftKeys.push_back(std::move(l));
    node->rightKeys.push_back(std::move(r));
    return Status::OK();
  };
  for (auto [l, r] : usingPairs) {
    SPATE_RETURN_IF_ERROR(addKeyPair(refTo(left->output, static_cast<size_t>(l)), refTo(right->output, static_cast<size_t>(r))));
  }
  std::vector<BoundExprPtr> residual;
  if (condition) {
    std::vector<ExprPtr> conjuncts;
    splitConjuncts(condition, conjuncts);
    for (const auto& c : conjuncts) {
      if (c->kind == ExprKind::kFunction && c->name == "=" && c->children.size() == 2) {
        auto l1 = bindExpr(*c->children[0], leftScope), r1 = bindExpr(*c->children[1], rightScope);
        if (l1.ok() && r1.ok()) {
          SPATE_RETURN_IF_ERROR(addKeyPair(*l1, *r1));
          continue;
        }
        auto l2 = bindExpr(*c->children[1], leftScope), r2 = bindExpr(*c->children[0], rightScope);
        if (l2.ok() && r2.ok()) {
          SPATE_RETURN_IF_ERROR(addKeyPair(*l2, *r2));
          continue;
        }
      }
      SPATE_ASSIGN_OR_RETURN(BoundExprPtr b, bindExpr(*c, both));
      if (b->type()->id() != TypeId::kBoolean) {
        return Status::TypeError("Join condition {} must be boolean, not {}{}", c->sql(), b->type()->simpleString(),
                                 positionSuffix(*c));
      }
      residual.push_back(std::move(b));
    }
  }
  for (auto& r : residual) {
    if (!node->predicate) {
      node->predicate = r;
    } else {
      SPATE_ASSIGN_OR_RETURN(node->predicate, makeScalarCall("and", {node->predicate, r}));
    }
  }
  node->output = (type == JoinType::kLeftSemi || type == JoinType::kLeftAnti) ? left->output : combined;
  if (usingPairs.empty()) return PlanPtr(node);
  // USING: the join columns once (coalesced for a full join), then the rest of each side.
  auto proj = std::make_shared<LogicalPlan>();
  proj->kind = PlanKind::kProject;
  proj->children = {node};
  size_t nl = left->output.size();
  std::vector<bool> usedL(nl, false), usedR(right->output.size(), false);
  for (auto [l, r] : usingPairs) {
    usedL[static_cast<size_t>(l)] = true;
    usedR[static_cast<size_t>(r)] = true;
    BoundExprPtr e = type == JoinType::kRight ? refTo(node->output, nl + static_cast<size_t>(r))
                                              : refTo(node->output, static_cast<size_t>(l));
    if (type == JoinType::kFull) {
      SPATE_ASSIGN_OR_RETURN(e, makeScalarCall("coalesce", {refTo(node->output, static_cast<size_t>(l)),
                                                            refTo(node->output, nl + static_cast<size_t>(r))}));
    }
    proj->exprs.push_back(e);
    proj->output.push_back({left->output[static_cast<size_t>(l)].name, "", e->type(), e->nullable(), newAttributeId()});
  }
  for (size_t i = 0; i < nl; ++i) {
    if (usedL[i]) continue;
    proj->exprs.push_back(refTo(node->output, i));
    proj->output.push_back(node->output[i]);
  }
  if (type != JoinType::kLeftSemi && type != JoinType::kLeftAnti) {
    for (size_t i = 0; i < right->output.size(); ++i) {
      if (usedR[i]) continue;
      proj->exprs.push_back(refTo(node->output, nl + i));
      proj->output.push_back(node->output[nl + i]);
    }
  }
  return PlanPtr(proj);
}

namespace {

// Casts a plan's columns to the given types (no-op where they match).
Result<PlanPtr> castColumns(const PlanPtr& child, const std::vector<TypePtr>& types) {
  bool same = true;
  for (size_t i = 0; i < types.size(); ++i) same = same && typesEqual(child->output[i].type, types[i]);
  if (same) return child;
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kProject;
  p->children = {child};
  for (size_t i = 0; i < types.size(); ++i) {
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr e, makeCast(refTo(child->output, i), types[i]));
    p->exprs.push_back(e);
    Attribute a = child->output[i];
    a.type = types[i];
    p->output.push_back(a);
  }
  return PlanPtr(p);
}

Result<std::vector<TypePtr>> unionTypes(const PlanPtr& left, const PlanPtr& right, const char* op) {
  if (left->output.size() != right->output.size()) {
    return Status::AnalysisError("{} can only be performed on inputs with the same number of columns, but the first "
                                 "has {} columns and the second has {}",
                                 op, left->output.size(), right->output.size());
  }
  std::vector<TypePtr> types;
  for (size_t i = 0; i < left->output.size(); ++i) {
    TypePtr t = commonType({left->output[i].type, right->output[i].type});
    if (!t) {
      return Status::AnalysisError("{} column {} (`{}`) has incompatible types {} and {}", op, i + 1,
                                   left->output[i].name, left->output[i].type->simpleString(),
                                   right->output[i].type->simpleString());
    }
    types.push_back(t);
  }
  return types;
}

// Left columns equal right columns, nulls equal, as a join of all columns.
Result<PlanPtr> setJoin(const PlanPtr& left, const PlanPtr& right, sql::JoinType type, const char* op) {
  SPATE_ASSIGN_OR_RETURN(std::vector<TypePtr> types, unionTypes(left, right, op));
  SPATE_ASSIGN_OR_RETURN(PlanPtr l, castColumns(distinct(left), types));
  SPATE_ASSIGN_OR_RETURN(PlanPtr r, castColumns(right, types));
  auto node = std::make_shared<LogicalPlan>();
  node->kind = PlanKind::kJoin;
  node->joinType = type;
  node->children = {l, r};
  node->output = l->output;
  node->nullsEqual = true;
  for (size_t i = 0; i < types.size(); ++i) {
    node->leftKeys.push_back(refTo(l->output, i));
    node->rightKeys.push_back(refTo(r->output, i));
  }
  return PlanPtr(node);
}

}  // namespace

Result<PlanPtr> unionAll(const PlanPtr& left, const PlanPtr& right) {
  SPATE_ASSIGN_OR_RETURN(std::vector<TypePtr> types, unionTypes(left, right, "UNION"));
  SPATE_ASSIGN_OR_RETURN(PlanPtr l, castColumns(left, types));
  SPATE_ASSIGN_OR_RETURN(PlanPtr r, castColumns(right, types));
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kUnion;
  p->children = {l, r};
  for (size_t i = 0; i < types.size(); ++i) {
    Attribute a = l->output[i];
    a.nullable = a.nullable || r->output[i].nullable;
    p->output.push_back(a);
  }
  return PlanPtr(p);
}

Result<PlanPtr> unionByName(const PlanPtr& left, const PlanPtr& right) {
  std::vector<ExprPtr> items;
  BindScope rs(right->output);
  for (const auto& a : left->output) {
    if (!rs.resolve({a.name}).ok()) {
      return Status::AnalysisError("unionByName: column `{}` of the first input is missing from the second, which has {}",
                                   a.name, rs.describeColumns());
    }
    items.push_back(columnRef(std::vector<std::string>{a.name}));
  }
  if (right->output.size() != left->output.size()) {
    return Status::AnalysisError("unionByName: the inputs have {} and {} columns", left->output.size(),
                                 right->output.size());
  }
  SPATE_ASSIGN_OR_RETURN(PlanPtr reordered, project(right, items));
  return unionAll(left, reordered);
}

Result<PlanPtr> except(const PlanPtr& left, const PlanPtr& right) {
  return setJoin(left, right, sql::JoinType::kLeftAnti, "EXCEPT");
}

Result<PlanPtr> intersect(const PlanPtr& left, const PlanPtr& right) {
  return setJoin(left, right, sql::JoinType::kLeftSemi, "INTERSECT");
}

PlanPtr withQualifier(const PlanPtr& child, const std::string& alias) {
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kProject;
  p->children = {child};
  for (size_t i = 0; i < child->output.size(); ++i) {
    p->exprs.push_back(refTo(child->output, i));
    Attribute a = child->output[i];
    a.qualifier = alias;
    p->output.push_back(a);
  }
  return p;
}

Result<PlanPtr> renameColumns(const PlanPtr& child, const std::vector<std::string>& names) {
  if (names.size() != child->output.size()) {
    return Status::AnalysisError("Expected {} column names but got {}: {}", child->output.size(), names.size(),
                                 joinStrings(names, ", "));
  }
  auto p = std::make_shared<LogicalPlan>();
  p->kind = PlanKind::kProject;
  p->children = {child};
  for (size_t i = 0; i < child->output.size(); ++i) {
    p->exprs.push_back(refTo(child->output, i));
    Attribute a = child->output[i];
    a.name = names[i];
    p->output.push_back(a);
  }
  return PlanPtr(p);
}

}  // namespace spate::plan
