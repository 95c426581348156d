#include "spate/expr/binder.h"

#include <atomic>

#include "spate/common/strings.h"
#include "spate/expr/cast.h"
#include "spate/expr/kernels.h"
#include "spate/expr/type_coercion.h"

namespace spate {

std::string positionSuffix(const Expr& e) {
  if (e.line <= 0) return "";
  return fmt::format(" (line {}, column {})", e.line, e.column);
}

int64_t newAttributeId() {
  static std::atomic<int64_t> next{1};
  return next.fetch_add(1);
}

std::string BindScope::describeColumns() const {
  std::vector<std::string> names;
  for (const auto& a : attributes_) {
    names.push_back("`" + (a.qualifier.empty() ? a.name : a.qualifier + "`.`" + a.name) + "`");
  }
  return "[" + joinStrings(names, ", ") + "]";
}

Result<BindScope::Resolved> BindScope::resolve(const std::vector<std::string>& parts) const {
  auto findMatches = [&](bool qualified) {
    std::vector<int> matches;
    for (size_t i = 0; i < attributes_.size(); ++i) {
      const auto& a = attributes_[i];
      if (qualified) {
        if (parts.size() >= 2 && equalsIgnoreCase(a.qualifier, parts[0]) && equalsIgnoreCase(a.name, parts[1])) {
          matches.push_back(static_cast<int>(i));
        }
      } else if (equalsIgnoreCase(a.name, parts[0])) {
        matches.push_back(static_cast<int>(i));
      }
    }
    return matches;
  };
  std::string full = joinStrings(parts, ".");
  for (bool qualified : {true, false}) {
    if (qualified && parts.size() < 2) continue;
    std::vector<int> m = findMatches(qualified);
    if (m.empty()) continue;
    if (m.size() > 1) {
      return Status::AnalysisError("Reference `{}` is ambiguous, could be: {}", full, describeColumns());
    }
    Resolved r;
    r.ordinal = m[0];
    r.fieldPath.assign(parts.begin() + (qualified ? 2 : 1), parts.end());
    return r;
  }
  return Status::AnalysisError("A column or function parameter with name `{}` cannot be resolved. Available columns: {}",
                               full, describeColumns());
}

namespace {

class BoundCall final : public BoundExpr {
 public:
  BoundCall(std::string name, ResolvedScalar fn, std::vector<BoundExprPtr> args)
      : BoundExpr(fn.type, fn.nullable, std::move(args)), name_(std::move(name)), fn_(std::move(fn)) {}

  Result<ColumnPtr> eval(const Batch& input, EvalContext& ctx) const override {
    SPATE_ASSIGN_OR_RETURN(std::vector<ColumnPtr> args, evalChildren(*this, input, ctx));
    if (!fn_.handlesConstants) {
      for (auto& a : args) a = Column::flatten(a);
    }
    return fn_.kernel(args, input.numRows(), ctx);
  }
  const std::string* functionName() const override { return &name_; }
  bool deterministic() const override {
    if (!fn_.deterministic) return false;
    for (const auto& c : children()) {
      if (!c->deterministic()) return false;
    }
    return true;
  }
  std::string toString() const override {
    std::string s = name_ + "(";
    for (size_t i = 0; i < children().size(); ++i) s += (i ? ", " : "") + children()[i]->toString();
    return s + ")";
  }

 private:
  std::string name_;
  ResolvedScalar fn_;
};

// A struct field of a struct-valued child; null where the struct is null.
class BoundFieldAccess final : public BoundExpr {
 public:
  BoundFieldAccess(BoundExprPtr child, int index)
      : BoundExpr(child->type()->fields()[static_cast<size_t>(index)].type, true, {child}), index_(index) {}
  Result<ColumnPtr> eval(const Batch& input, EvalContext& ctx) const override {
    SPATE_ASSIGN_OR_RETURN(ColumnPtr s, evalShared(*children()[0], input, ctx));
    s = Column::flatten(s);
    ColumnPtr f = s->child(static_cast<size_t>(index_));
    if (!s->mayHaveNulls()) return f;
    BufferPtr validity = combineValidity({s, f}, s->length());
    return std::make_shared<Column>(f->type(), f->length(), validity, f->valuesBuffer(), f->dataBuffer(),
                                    f->children());
  }
  std::string toString() const override {
    return children()[0]->toString() + "." + children()[0]->type()->fields()[static_cast<size_t>(index_)].name;
  }
  int fieldIndex() const override { return index_; }

 private:
  int index_;
};

// CASE WHEN c1 THEN v1 ... ELSE e END: each row takes the first branch whose condition
// is true (null counts as false), else the ELSE value or null.
class BoundCase final : public BoundExpr {
 public:
  BoundCase(TypePtr type, std::vector<BoundExprPtr> children, bool hasElse)
      : BoundExpr(std::move(type), true, std::move(children)), hasElse_(hasElse) {}
  Result<ColumnPtr> eval(const Batch& input, EvalContext& ctx) const override {
    int64_t n = input.numRows();
    size_t pairs = (children().size() - (hasElse_ ? 1 : 0)) / 2;
    std::vector<int32_t> chosen(static_cast<size_t>(n), -1);
    int64_t undecided = n;
    for (size_t p = 0; p < pairs && undecided > 0; ++p) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr cond, evalShared(*children()[2 * p], input, ctx));
      for (int64_t i = 0; i < n; ++i) {
        if (chosen[static_cast<size_t>(i)] < 0 && cond->isValid(i) && cond->boolAt(i)) {
          chosen[static_cast<size_t>(i)] = static_cast<int32_t>(p);
          --undecided;
        }
      }
    }
    std::vector<ColumnPtr> values;
    for (size_t p = 0; p < pairs; ++p) {
      SPATE_ASSIGN_OR_RETURN(ColumnPtr v, evalShared(*children()[2 * p + 1], input, ctx));
      values.push_back(v);
    }
    ColumnPtr elseValue;
    if (hasElse_) {
      SPATE_ASSIGN_OR_RETURN(elseValue, evalShared(*children().back(), input, ctx));
    }
    if (type()->id() == TypeId::kString) return gatherStrings(chosen, values, elseValue.get());
    ColumnBuilder out(type());
    for (int64_t i = 0; i < n; ++i) {
      int32_t c = chosen[static_cast<size_t>(i)];
      if (c >= 0) out.appendFrom(*values[static_cast<size_t>(c)], i);
      else if (elseValue) out.appendFrom(*elseValue, i);
      else out.appendNull();
    }
    return out.finish();
  }
  // The chosen branch's string of each row (the else value's, or null, when none is).
  ColumnPtr gatherStrings(const std::vector<int32_t>& chosen, const std::vector<ColumnPtr>& values,
                          const Column* elseValue) const {
    std::vector<const Column*> from;
    for (const auto& v : values) from.push_back(v.get());
    from.push_back(elseValue);
    const size_t otherwise = values.size();
    const auto n = static_cast<int64_t>(chosen.size());
    StringColumnBuilder out(type(), n);
    for (int64_t i = 0; i < n; ++i) {
      const int32_t c = chosen[static_cast<size_t>(i)];
      const Column* col = from[c >= 0 ? static_cast<size_t>(c) : otherwise];
      if (col && col->isValid(i)) out.append(col->stringAt(i));
      else out.appendNull();
    }
    return out.finish();
  }

  std::string toString() const override {
    std::string s = "CASE";
    size_t pairs = (children().size() - (hasElse_ ? 1 : 0)) / 2;
    for (size_t p = 0; p < pairs; ++p) {
      s += " WHEN " + children()[2 * p]->toString() + " THEN " + children()[2 * p + 1]->toString();
    }
    if (hasElse_) s += " ELSE " + children().back()->toString();
    return s + " END";
  }

 private:
  bool hasElse_;
};

bool allLiteral(const std::vector<BoundExprPtr>& args) {
  for (const auto& a : args) {
    if (!a->literalValue()) return false;
  }
  return true;
}

Result<BoundExprPtr> foldIfConstant(BoundExprPtr e) {
  if (e->literalValue() || !e->deterministic() || !allLiteral(e->children()) || e->children().empty()) return e;
  EvalContext ctx;
  SPATE_ASSIGN_OR_RETURN(Value v, evalConstant(e, ctx));
  return BoundExprPtr(std::make_shared<BoundLiteral>(std::move(v), e->type()));
}

Result<BoundExprPtr> bindFieldPath(BoundExprPtr base, const std::vector<std::string>& path, const Expr& e) {
  for (const auto& field : path) {
    if (base->type()->id() != TypeId::kStruct) {
      return Status::AnalysisError("Cannot access field `{}` of `{}` of type {}: it is not a struct{}", field,
                                   base->toString(), base->type()->simpleString(), positionSuffix(e));
    }
    int idx = base->type()->fieldIndex(field);
    if (idx < 0) {
      std::vector<std::string> names;
      for (const auto& f : base->type()->fields()) names.push_back("`" + f.name + "`");
      return Status::AnalysisError("No such struct field `{}` in {}{}", field, joinStrings(names, ", "),
                                   positionSuffix(e));
    }
    base = std::make_shared<BoundFieldAccess>(base, idx);
  }
  return base;
}

Result<BoundExprPtr> bindImpl(const Expr& e, const BindScope& scope, const BindHooks& hooks,
                              const FunctionRegistry& registry);

Result<BoundExprPtr> bindFunction(const Expr& e, const BindScope& scope, const BindHooks& hooks,
                                  const FunctionRegistry& registry) {
  if (registry.aggregate(e.name)) {
    if (!hooks.onAggregate) {
      return Status::AnalysisError("Aggregate function {}() is not allowed here: use it in SELECT with GROUP BY or agg(){}",
                                   e.name, positionSuffix(e));
    }
    return hooks.onAggregate(e);
  }
  if (e.hasFilter) {
    return Status::AnalysisError("FILTER (WHERE ...) is only allowed on aggregate functions, not on {}(){}", e.name,
                                 positionSuffix(e));
  }
  if (registry.generator(e.name)) {
    if (!hooks.onGenerator) {
      return Status::AnalysisError("Generator function {}() is only allowed as a top-level SELECT item{}", e.name,
                                   positionSuffix(e));
    }
    return hooks.onGenerator(e);
  }
  if (e.name == "get_field" && e.children.size() == 2 && e.children[1]->kind == ExprKind::kLiteral) {
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr base, bindImpl(*e.children[0], scope, hooks, registry));
    return bindFieldPath(base, {e.children[1]->literal.asString()}, e);
  }
  const ScalarFunction* fn = registry.scalar(e.name);
  if (!fn) {
    return Status::AnalysisError(
        "Undefined function: `{}`. This function is neither a built-in function nor a temporary function{}", e.name,
        positionSuffix(e));
  }
  std::vector<BoundExprPtr> args;
  for (const auto& c : e.children) {
    if (c->kind == ExprKind::kStar) {
      return Status::AnalysisError("Invalid use of '*' in {}(){}", e.name, positionSuffix(e));
    }
    SPATE_ASSIGN_OR_RETURN(BoundExprPtr a, bindImpl(*c, scope, hooks, registry));
    args.push_back(std::move(a));
  }
  auto n = static_cast<int>(args.size());
  if (n < fn->minArgs || (fn->maxArgs >= 0 && n > fn->maxArgs)) {
    std::string expected = fn->maxArgs < 0             ? fmt::format("at least {}", fn->minArgs)
                           : fn->minArgs == fn->maxArgs ? std::to_string(fn->minArgs)
                                                        : fmt::format("{} to {}", fn->minArgs, fn->maxArgs);
    return Status::AnalysisError("Function {}() takes {} argument(s) but {} were given: {}{}", e.name, expected, n,
                                 e.sql(), positionSuffix(e));
  }
  auto resolved = fn->resolve(args);
  if (!resolved.ok()) {
    return Status(resolved.status().code(),
                  resolved.status().message() + " in `" + e.sql() + "`" + positionSuffix(e));
  }
  BoundExprPtr call = std::make_shared<BoundCall>(fn->name, std::move(resolved).value(), std::move(args));
  return foldIfConstant(call);
}

Result<BoundExprPtr> bindImpl(const Expr& e, const BindScope& scope, const BindHooks& hooks,
                              const FunctionRegistry& registry) {
  if (hooks.onExpression) {
    if (BoundExprPtr matched = hooks.onExpression(e)) return matched;
  }
  switch (e.kind) {
    case ExprKind::kColumn: {
      if (e.attributeId != 0) {
        const auto& attrs = scope.attributes();
        for (size_t i = 0; i < attrs.size(); ++i) {
          if (attrs[i].id == e.attributeId) {
            return BoundExprPtr(std::make_shared<BoundColumn>(static_cast<int>(i), attrs[i].name, attrs[i].type,
                                                              attrs[i].nullable));
          }
        }
      }
      auto r = scope.resolve(e.nameParts);
      if (!r.ok()) return Status(r.status().code(), r.status().message() + positionSuffix(e));
      const Attribute& a = scope.attributes()[static_cast<size_t>(r->ordinal)];
      BoundExprPtr col = std::make_shared<BoundColumn>(r->ordinal, a.name, a.type, a.nullable);
      return bindFieldPath(col, r->fieldPath, e);
    }
    case ExprKind::kLiteral: return BoundExprPtr(std::make_shared<BoundLiteral>(e.literal, e.literalType));
    case ExprKind::kAlias: return bindImpl(*e.children[0], scope, hooks, registry);
    case ExprKind::kCast: {
      SPATE_ASSIGN_OR_RETURN(BoundExprPtr child, bindImpl(*e.children[0], scope, hooks, registry));
      auto c = makeCast(child, e.castType);
      if (!c.ok()) return Status(c.status().code(), c.status().message() + positionSuffix(e));
      return c;
    }
    case ExprKind::kFunction: return bindFunction(e, scope, hooks, registry);
    case ExprKind::kCase: {
      std::vector<BoundExprPtr> kids;
      for (const auto& c : e.children) {
        SPATE_ASSIGN_OR_RETURN(BoundExprPtr k, bindImpl(*c, scope, hooks, registry));
        kids.push_back(std::move(k));
      }
      size_t pairs = (kids.size() - (e.hasElse ? 1 : 0)) / 2;
      std::vector<TypePtr> valueTypes;
      for (size_t p = 0; p < pairs; ++p) {
        auto& cond = kids[2 * p];
        if (cond->type()->id() != TypeId::kBoolean && cond->type()->id() != TypeId::kNull) {
          return Status::TypeError("CASE WHEN condition {} must be boolean, not {}{}", e.children[2 * p]->sql(),
                                   cond->type()->simpleString(), positionSuffix(e));
        }
        SPATE_ASSIGN_OR_RETURN(cond, makeCast(cond, DataType::boolean()));
        valueTypes.push_back(kids[2 * p + 1]->type());
      }
      if (e.hasElse) valueTypes.push_back(kids.back()->type());
      TypePtr t = commonType(valueTypes);
      if (!t) {
        std::vector<std::string> names;
        for (const auto& vt : valueTypes) names.push_back(vt->simpleString());
        return Status::TypeError("CASE branches have incompatible types [{}] in {}{}", joinStrings(names, ", "),
                                 e.sql(), positionSuffix(e));
      }
      for (size_t p = 0; p < pairs; ++p) {
        SPATE_ASSIGN_OR_RETURN(kids[2 * p + 1], makeCast(kids[2 * p + 1], t));
      }
      if (e.hasElse) {
        SPATE_ASSIGN_OR_RETURN(kids.back(), makeCast(kids.back(), t));
      }
      return foldIfConstant(std::make_shared<BoundCase>(t, std::move(kids), e.hasElse));
    }
    case ExprKind::kStar:
      return Status::AnalysisError("'*' is only allowed as a SELECT item or in count(*){}", positionSuffix(e));
    case ExprKind::kSortOrder: return bindImpl(*e.children[0], scope, hooks, registry);
  }
  return Status::Internal("unknown expression kind");
}

}  // namespace

Result<BoundExprPtr> bindExpr(const Expr& e, const BindScope& scope, const BindHooks& hooks,
                              const FunctionRegistry& registry) {
  return bindImpl(e, scope, hooks, registry);
}

Result<BoundExprPtr> makeScalarCall(const std::string& name, std::vector<BoundExprPtr> args,
                                    const FunctionRegistry& registry) {
  const ScalarFunction* fn = registry.scalar(name);
  if (!fn) return Status::Internal("no scalar function {}", name);
  SPATE_ASSIGN_OR_RETURN(ResolvedScalar r, fn->resolve(args));
  return foldIfConstant(std::make_shared<BoundCall>(fn->name, std::move(r), std::move(args)));
}

bool containsAggregate(const Expr& e, const FunctionRegistry& registry) {
  if (e.kind == ExprKind::kFunction && registry.aggregate(e.name)) return true;
  for (const auto& c : e.children) {
    if (containsAggregate(*c, registry)) return true;
  }
  return false;
}

}  // namespace spate
