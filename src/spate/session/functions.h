#pragma once

#include <string>
#include <vector>

#include "spate/session/column.h"

// The DataFrame API's functions (Spark's org.apache.spark.sql.functions): every SQL
// function is reachable through callFunction(name, args); the common ones have their
// Spark names here.
namespace spate::sql::functions {

Column col(const std::string& name);
Column column(const std::string& name);
// Parses a SQL expression: expr("length(name) > 3").
Column expr(const std::string& sqlExpression);
using spate::sql::lit;
Column when(const Column& condition, const Column& value);
Column callFunction(const std::string& name, std::vector<Column> args);

// Aggregates.
Column count(const Column& c);
Column countDistinct(const std::vector<Column>& cols);
Column sum(const Column& c);
Column sumDistinct(const Column& c);
Column avg(const Column& c);
Column mean(const Column& c);
Column min(const Column& c);
Column max(const Column& c);
Column first(const Column& c, bool ignoreNulls = false);
Column last(const Column& c, bool ignoreNulls = false);
Column collect_list(const Column& c);
Column collect_set(const Column& c);
Column approx_count_distinct(const Column& c);
Column stddev(const Column& c);
Column variance(const Column& c);

// Generators.
Column explode(const Column& c);
Column explode_outer(const Column& c);
Column posexplode(const Column& c);

// Strings.
Column split(const Column& str, const std::string& pattern, int limit = -1);
Column upper(const Column& c);
Column lower(const Column& c);
Column length(const Column& c);
Column trim(const Column& c);
Column ltrim(const Column& c);
Column rtrim(const Column& c);
Column substring(const Column& str, int pos, int len);
Column concat(const std::vector<Column>& cols);
Column concat_ws(const std::string& sep, const std::vector<Column>& cols);
Column regexp_extract(const Column& str, const std::string& pattern, int idx);
Column regexp_replace(const Column& str, const std::string& pattern, const std::string& replacement);
Column instr(const Column& str, const std::string& substring);
Column lpad(const Column& str, int len, const std::string& pad);
Column rpad(const Column& str, int len, const std::string& pad);

// Math and null handling.
Column abs(const Column& c);
Column round(const Column& c, int scale = 0);
Column floor(const Column& c);
Column ceil(const Column& c);
Column sqrt(const Column& c);
Column pow(const Column& a, const Column& b);
Column exp(const Column& c);
Column log(const Column& c);
Column greatest(const std::vector<Column>& cols);
Column least(const std::vector<Column>& cols);
Column coalesce(const std::vector<Column>& cols);
Column isnull(const Column& c);
Column hash(const std::vector<Column>& cols);

// Dates and times.
Column current_timestamp();
Column to_timestamp(const Column& c);
Column to_timestamp(const Column& c, const std::string& format);
Column to_date(const Column& c);
Column to_date(const Column& c, const std::string& format);
Column date_format(const Column& c, const std::string& format);
Column unix_timestamp(const Column& c);
Column from_unixtime(const Column& c);
Column year(const Column& c);
Column month(const Column& c);
Column dayofmonth(const Column& c);
Column hour(const Column& c);
Column minute(const Column& c);
Column second(const Column& c);
Column date_trunc(const std::string& unit, const Column& c);
// Event-time windows: window(time, "1 hour"), sliding window(time, "10 minutes", "5 minutes"),
// with a start offset window(time, "1 hour", "1 hour", "15 minutes").
Column window(const Column& timeColumn, const std::string& windowDuration);
Column window(const Column& timeColumn, const std::string& windowDuration, const std::string& slideDuration,
              const std::string& startTime = "0 seconds");
Column window_time(const Column& windowColumn);
// Session windows: each row opens [time, time + gap); a key's overlapping sessions merge.
// The gap is a duration string, or an expression giving one (or an interval) per row.
Column session_window(const Column& timeColumn, const std::string& gapDuration);
inline Column session_window(const Column& timeColumn, const char* gapDuration) {
  return session_window(timeColumn, std::string(gapDuration));
}
Column session_window(const Column& timeColumn, const Column& gapDuration);

// Collections and JSON.
Column array(const std::vector<Column>& cols);
Column struct_(const std::vector<Column>& cols);
Column size(const Column& c);
Column element_at(const Column& c, const Column& key);
Column array_contains(const Column& c, const Column& value);
Column from_json(const Column& c, const std::string& schemaDDL);
Column to_json(const Column& c);
Column get_json_object(const Column& c, const std::string& path);

}  // namespace spate::sql::functions
