#include "spate/plan/logical_plan.h"

#include "spate/common/strings.h"

namespace spate {

SchemaPtr LogicalPlan::schema() const {
  auto s = std::make_shared<Schema>();
  for (const auto& a : output) s->add(a.name, a.type, a.nullable);
  return s;
}

bool LogicalPlan::isStreaming() const {
  if (kind == PlanKind::kStreamingScan) return true;
  for (const auto& c : children) {
    if (c->isStreaming()) return true;
  }
  return false;
}

namespace {

std::string joinTypeName(sql::JoinType t) {
  switch (t) {
    case sql::JoinType::kInner: return "Inner";
    case sql::JoinType::kLeft: return "LeftOuter";
    case sql::JoinType::kRight: return "RightOuter";
    case sql::JoinType::kFull: return "FullOuter";
    case sql::JoinType::kLeftSemi: return "LeftSemi";
    case sql::JoinType::kLeftAnti: return "LeftAnti";
    case sql::JoinType::kCross: return "Cross";
  }
  return "?";
}

std::string exprList(const std::vector<BoundExprPtr>& exprs, const std::vector<Attribute>* names = nullptr) {
  std::vector<std::string> parts;
  for (size_t i = 0; i < exprs.size(); ++i) {
    std::string s = exprs[i]->toString();
    if (names && (*names)[i].name != s) s += " AS " + (*names)[i].name;
    parts.push_back(s);
  }
  return "[" + joinStrings(parts, ", ") + "]";
}

std::string nodeLine(const LogicalPlan& p) {
  switch (p.kind) {
    case PlanKind::kScan: return "Scan " + p.source->describe();
    case PlanKind::kValues: return fmt::format("LocalRelation [{} rows]", p.rows->numRows());
    case PlanKind::kProject: return "Project " + exprList(p.exprs, &p.output);
    case PlanKind::kFilter: return "Filter " + p.predicate->toString();
    case PlanKind::kAggregate: {
      std::vector<std::string> aggs;
      for (const auto& a : p.aggregates) {
        std::vector<std::string> args;
        for (const auto& x : a.args) args.push_back(x->toString());
        std::string filter;
        if (a.filtered) {
          filter = " FILTER (WHERE " + args.back() + ")";
          args.pop_back();
        }
        aggs.push_back(a.name + "(" + std::string(a.distinct ? "DISTINCT " : "") + joinStrings(args, ", ") + ")" +
                       filter);
      }
      return std::string(p.sessionWindowKey >= 0 ? "SessionAggregate" : "Aggregate") + " keys=" + exprList(p.exprs) +
             " functions=[" + joinStrings(aggs, ", ") + "]";
    }
    case PlanKind::kSort: {
      std::vector<std::string> keys;
      for (const auto& k : p.sortKeys) {
        keys.push_back(k.expr->toString() + (k.ascending ? " ASC" : " DESC") +
                       (k.nullsFirst ? " NULLS FIRST" : " NULLS LAST"));
      }
      return "Sort [" + joinStrings(keys, ", ") + "]";
    }
    case PlanKind::kLimit: return fmt::format("Limit {}", p.limit);
    case PlanKind::kJoin: {
      std::string s = "Join " + joinTypeName(p.joinType);
      if (!p.leftKeys.empty()) s += " keys=" + exprList(p.leftKeys) + " = " + exprList(p.rightKeys);
      if (p.predicate) s += " condition=" + p.predicate->toString();
      return s;
    }
    case PlanKind::kUnion: return "Union";
    case PlanKind::kGenerate: return "Generate " + p.generatorName + exprList(p.generatorArgs);
    case PlanKind::kStreamingScan: return "StreamingRelation " + p.stream->describe();
    case PlanKind::kStateful: return p.stateful->describe();
    case PlanKind::kDeduplicate:
      return std::string(p.withinWatermark ? "DeduplicateWithinWatermark " : "Deduplicate ") + exprList(p.exprs);
    case PlanKind::kWatermark:
      return fmt::format("EventTimeWatermark {}, delay = {} ms", p.exprs[0]->toString(), p.watermarkDelayMicros / 1000);
  }
  return "?";
}

void appendTree(const LogicalPlan& p, const std::string& indent, std::string& out) {
  out += indent + nodeLine(p) + "\n";
  for (const auto& c : p.children) appendTree(*c, indent + "   ", out);
}

}  // namespace

std::string LogicalPlan::treeString() const {
  std::string out;
  appendTree(*this, "", out);
  return out;
}

}  // namespace spate
