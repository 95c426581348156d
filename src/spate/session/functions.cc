#include "spate/session/functions.h"

#include "spate/common/error.h"
#include "spate/sql/ast.h"

namespace spate::sql::functions {

namespace {
std::vector<ExprPtr> exprs(const std::vector<Column>& cols) {
  std::vector<ExprPtr> out;
  for (const auto& c : cols) out.push_back(c.expr());
  return out;
}
Column fn(const char* name, std::vector<Column> args) { return call(name, exprs(args)); }
}  // namespace

Column col(const std::string& name) { return Column(name); }
Column column(const std::string& name) { return Column(name); }
Column expr(const std::string& sqlExpression) { return Column(valueOrThrow(sql::parseExpression(sqlExpression))); }
Column when(const Column& condition, const Column& value) { return caseWhen({condition.expr(), value.expr()}, nullptr); }
Column callFunction(const std::string& name, std::vector<Column> args) { return call(name, exprs(args)); }

Column count(const Column& c) {
  if (c.expr()->kind == ExprKind::kStar) return call("count", {star()});
  return fn("count", {c});
}
Column countDistinct(const std::vector<Column>& cols) { return call("count", exprs(cols), true); }
Column sum(const Column& c) { return fn("sum", {c}); }
Column sumDistinct(const Column& c) { return call("sum", {c.expr()}, true); }
Column avg(const Column& c) { return fn("avg", {c}); }
Column mean(const Column& c) { return fn("mean", {c}); }
Column min(const Column& c) { return fn("min", {c}); }
Column max(const Column& c) { return fn("max", {c}); }
Column first(const Column& c, bool ignoreNulls) { return fn("first", {c, lit(ignoreNulls)}); }
Column last(const Column& c, bool ignoreNulls) { return fn("last", {c, lit(ignoreNulls)}); }
Column collect_list(const Column& c) { return fn("collect_list", {c}); }
Column collect_set(const Column& c) { return fn("collect_set", {c}); }
Column approx_count_distinct(const Column& c) { return fn("approx_count_distinct", {c}); }
Column stddev(const Column& c) { return fn("stddev", {c}); }
Column variance(const Column& c) { return fn("variance", {c}); }

Column explode(const Column& c) { return fn("explode", {c}); }
Column explode_outer(const Column& c) { return fn("explode_outer", {c}); }
Column posexplode(const Column& c) { return fn("posexplode", {c}); }

Column split(const Column& str, const std::string& pattern, int limit) {
  return fn("split", {str, lit(pattern), lit(limit)});
}
Column upper(const Column& c) { return fn("upper", {c}); }
Column lower(const Column& c) { return fn("lower", {c}); }
Column length(const Column& c) { return fn("length", {c}); }
Column trim(const Column& c) { return fn("trim", {c}); }
Column ltrim(const Column& c) { return fn("ltrim", {c}); }
Column rtrim(const Column& c) { return fn("rtrim", {c}); }
Column substring(const Column& str, int pos, int len) { return fn("substring", {str, lit(pos), lit(len)}); }
Column concat(const std::vector<Column>& cols) { return fn("concat", cols); }
Column concat_ws(const std::string& sep, const std::vector<Column>& cols) {
  std::vector<Column> args{lit(sep)};
  args.insert(args.end(), cols.begin(), cols.end());
  return fn("concat_ws", args);
}
Column regexp_extract(const Column& str, const std::string& pattern, int idx) {
  return fn("regexp_extract", {str, lit(pattern), lit(idx)});
}
Column regexp_replace(const Column& str, const std::string& pattern, const std::string& replacement) {
  return fn("regexp_replace", {str, lit(pattern), lit(replacement)});
}
Column instr(const Column& str, const std::string& substring) { return fn("instr", {str, lit(substring)}); }
Column lpad(const Column& str, int len, const std::string& pad) { return fn("lpad", {str, lit(len), lit(pad)}); }
Column rpad(const Column& str, int len, const std::string& pad) { return fn("rpad", {str, lit(len), lit(pad)}); }

Column abs(const Column& c) { return fn("abs", {c}); }
Column round(const Column& c, int scale) { return fn("round", {c, lit(scale)}); }
Column floor(const Column& c) { return fn("floor", {c}); }
Column ceil(const Column& c) { return fn("ceil", {c}); }
Column sqrt(const Column& c) { return fn("sqrt", {c}); }
Column pow(const Column& a, const Column& b) { return fn("pow", {a, b}); }
Column exp(const Column& c) { return fn("exp", {c}); }
Column log(const Column& c) { return fn("log", {c}); }
Column greatest(const std::vector<Column>& cols) { return fn("greatest", cols); }
Column least(const std::vector<Column>& cols) { return fn("least", cols); }
Column coalesce(const std::vector<Column>& cols) { return fn("coalesce", cols); }
Column isnull(const Column& c) { return fn("isnull", {c}); }
Column hash(const std::vector<Column>& cols) { return fn("hash", cols); }

Column current_timestamp() { return fn("current_timestamp", {}); }
Column to_timestamp(const Column& c) { return fn("to_timestamp", {c}); }
Column to_timestamp(const Column& c, const std::string& format) { return fn("to_timestamp", {c, lit(format)}); }
Column to_date(const Column& c) { return fn("to_date", {c}); }
Column to_date(const Column& c, const std::string& format) { return fn("to_date", {c, lit(format)}); }
Column date_format(const Column& c, const std::string& format) { return fn("date_format", {c, lit(format)}); }
Column unix_timestamp(const Column& c) { return fn("unix_timestamp", {c}); }
Column from_unixtime(const Column& c) { return fn("from_unixtime", {c}); }
Column year(const Column& c) { return fn("year", {c}); }
Column month(const Column& c) { return fn("month", {c}); }
Column dayofmonth(const Column& c) { return fn("dayofmonth", {c}); }
Column hour(const Column& c) { return fn("hour", {c}); }
Column minute(const Column& c) { return fn("minute", {c}); }
Column second(const Column& c) { return fn("second", {c}); }
Column date_trunc(const std::string& unit, const Column& c) { return fn("date_trunc", {lit(unit), c}); }

Column window(const Column& timeColumn, const std::string& windowDuration) {
  return fn("window", {timeColumn, lit(windowDuration)});
}
Column window(const Column& timeColumn, const std::string& windowDuration, const std::string& slideDuration,
              const std::string& startTime) {
  return fn("window", {timeColumn, lit(windowDuration), lit(slideDuration), lit(startTime)});
}
Column window_time(const Column& windowColumn) { return fn("window_time", {windowColumn}); }
Column session_window(const Column& timeColumn, const std::string& gapDuration) {
  return fn("session_window", {timeColumn, lit(gapDuration)});
}
Column session_window(const Column& timeColumn, const Column& gapDuration) {
  return fn("session_window", {timeColumn, gapDuration});
}

Column array(const std::vector<Column>& cols) { return fn("array", cols); }
Column struct_(const std::vector<Column>& cols) { return fn("struct", cols); }
Column size(const Column& c) { return fn("size", {c}); }
Column element_at(const Column& c, const Column& key) { return fn("element_at", {c, key}); }
Column array_contains(const Column& c, const Column& value) { return fn("array_contains", {c, value}); }
Column from_json(const Column& c, const std::string& schemaDDL) { return fn("from_json", {c, lit(schemaDDL)}); }
Column to_json(const Column& c) { return fn("to_json", {c}); }
Column get_json_object(const Column& c, const std::string& path) { return fn("get_json_object", {c, lit(path)}); }

}  // namespace spate::sql::functions
