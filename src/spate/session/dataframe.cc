#include "spate/session/dataframe.h"

#include "spate/session/data_stream_writer.h"

#include <cstdio>

#include "spate/common/error.h"
#include "spate/common/strings.h"
#include "spate/exec/physical_planner.h"
#include "spate/plan/plan_builder.h"
#include "spate/session/reader.h"
#include "spate/session/session.h"
#include "spate/io/show.h"
#include "spate/sql/ast.h"

namespace spate::sql {

namespace {

std::vector<ExprPtr> exprsOf(const std::vector<Column>& cols) {
  std::vector<ExprPtr> out;
  for (const auto& c : cols) out.push_back(c.expr());
  return out;
}

Result<sql::JoinType> parseJoinType(const std::string& how) {
  std::string h = toLower(how);
  std::string compact;
  for (char c : h) {
    if (c != '_') compact += c;
  }
  if (compact == "inner") return sql::JoinType::kInner;
  if (compact == "left" || compact == "leftouter") return sql::JoinType::kLeft;
  if (compact == "right" || compact == "rightouter") return sql::JoinType::kRight;
  if (compact == "full" || compact == "outer" || compact == "fullouter") return sql::JoinType::kFull;
  if (compact == "semi" || compact == "leftsemi") return sql::JoinType::kLeftSemi;
  if (compact == "anti" || compact == "leftanti") return sql::JoinType::kLeftAnti;
  if (compact == "cross") return sql::JoinType::kCross;
  return Status::Invalid("Unsupported join type '{}'. Supported join types include: 'inner', 'outer', 'full', "
                         "'fullouter', 'full_outer', 'leftouter', 'left', 'left_outer', 'rightouter', 'right', "
                         "'right_outer', 'leftsemi', 'left_semi', 'semi', 'leftanti', 'left_anti', 'anti', 'cross'.",
                         how);
}

// A reference to an output column that stays exact when names repeat (after joins).
ExprPtr refTo(const Attribute& a) {
  auto ref = std::make_shared<Expr>(*columnRef(std::vector<std::string>{a.name}));
  if (!a.qualifier.empty()) ref->nameParts.insert(ref->nameParts.begin(), a.qualifier);
  ref->attributeId = a.id;
  return ref;
}

}  // namespace

DataFrame DataFrame::wrap(Result<PlanPtr> plan) const { return DataFrame(session_, valueOrThrow(std::move(plan))); }

std::vector<std::string> DataFrame::columns() const { return plan_->schema()->names(); }

DataFrame DataFrame::select(const std::vector<Column>& columns) const {
  return wrap(plan::project(plan_, exprsOf(columns)));
}

DataFrame DataFrame::selectExpr(const std::vector<std::string>& expressions) const {
  std::vector<ExprPtr> items;
  for (const auto& text : expressions) items.push_back(valueOrThrow(sql::parseExpression(text)));
  return wrap(plan::project(plan_, items));
}

DataFrame DataFrame::filter(const Column& condition) const { return wrap(plan::filter(plan_, condition.expr())); }
DataFrame DataFrame::filter(const std::string& condition) const {
  return wrap(plan::filter(plan_, valueOrThrow(sql::parseExpression(condition))));
}

DataFrame DataFrame::withColumn(const std::string& name, const Column& value) const {
  std::vector<ExprPtr> items;
  bool replaced = false;
  for (const auto& a : plan_->output) {
    if (equalsIgnoreCase(a.name, name)) {
      items.push_back(spate::alias(value.expr(), name));
      replaced = true;
    } else {
      items.push_back(refTo(a));
    }
  }
  if (!replaced) items.push_back(spate::alias(value.expr(), name));
  return wrap(plan::project(plan_, items));
}

DataFrame DataFrame::withColumnRenamed(const std::string& existing, const std::string& newName) const {
  std::vector<std::string> names;
  for (const auto& a : plan_->output) names.push_back(equalsIgnoreCase(a.name, existing) ? newName : a.name);
  return wrap(plan::renameColumns(plan_, names));
}

DataFrame DataFrame::drop(const std::vector<std::string>& columns) const {
  std::vector<ExprPtr> items;
  for (size_t i = 0; i < plan_->output.size(); ++i) {
    bool dropped = false;
    for (const auto& c : columns) dropped = dropped || equalsIgnoreCase(plan_->output[i].name, c);
    if (!dropped) items.push_back(refTo(plan_->output[i]));
  }
  return wrap(plan::project(plan_, items));
}

DataFrame DataFrame::toDF(const std::vector<std::string>& names) const { return wrap(plan::renameColumns(plan_, names)); }

GroupedData DataFrame::groupBy(const std::vector<Column>& keys) const { return GroupedData(session_, plan_, keys); }

DataFrame DataFrame::orderBy(const std::vector<Column>& keys) const {
  return wrap(plan::sortResolvingDropped(plan_, exprsOf(keys)));
}

DataFrame DataFrame::withWatermark(const std::string& eventTime, const std::string& delayThreshold) const {
  return wrap(plan::withWatermark(plan_, eventTime, delayThreshold));
}

DataFrame DataFrame::limit(int64_t n) const {
  if (n < 0) throw Error(Status::Invalid("The limit expression must be equal to or greater than 0, but got {}", n));
  return DataFrame(session_, plan::limit(plan_, n));
}

DataFrame DataFrame::distinct() const { return DataFrame(session_, plan::distinct(plan_)); }

DataFrame DataFrame::dropDuplicates(const std::vector<std::string>& columns) const {
  return wrap(plan::dropDuplicates(plan_, columns));
}

DataFrame DataFrame::dropDuplicatesWithinWatermark(const std::vector<std::string>& columns) const {
  return wrap(plan::dropDuplicates(plan_, columns, /*withinWatermark=*/true));
}

DataFrame DataFrame::join(const DataFrame& other, const Column& on, const std::string& how) const {
  return wrap(plan::join(plan_, other.plan_, valueOrThrow(parseJoinType(how)), on.expr()));
}

DataFrame DataFrame::join(const DataFrame& other, const std::vector<std::string>& usingColumns,
                          const std::string& how) const {
  return wrap(plan::join(plan_, other.plan_, valueOrThrow(parseJoinType(how)), nullptr, usingColumns));
}

DataFrame DataFrame::crossJoin(const DataFrame& other) const {
  return wrap(plan::join(plan_, other.plan_, sql::JoinType::kCross, nullptr));
}

DataFrame DataFrame::unionAll(const DataFrame& other) const { return wrap(plan::unionAll(plan_, other.plan_)); }
DataFrame DataFrame::unionByName(const DataFrame& other) const { return wrap(plan::unionByName(plan_, other.plan_)); }
DataFrame DataFrame::intersect(const DataFrame& other) const { return wrap(plan::intersect(plan_, other.plan_)); }
DataFrame DataFrame::subtract(const DataFrame& other) const { return wrap(plan::except(plan_, other.plan_)); }
DataFrame DataFrame::exceptAll(const DataFrame& other) const { return subtract(other); }

Column DataFrame::col(const std::string& name) const {
  auto r = BindScope(plan_->output).resolve({name});
  if (!r.ok()) throw Error(r.status());
  return Column(refTo(plan_->output[static_cast<size_t>(r->ordinal)]));
}

DataFrame DataFrame::alias(const std::string& name) const { return DataFrame(session_, plan::withQualifier(plan_, name)); }

namespace {
// current_timestamp() is fixed for the whole query, as in Spark.
exec::ExecContext queryContext() {
  exec::ExecContext ctx;
  ctx.eval.currentTimestampMicros = std::chrono::duration_cast<std::chrono::microseconds>(
                                        std::chrono::system_clock::now().time_since_epoch())
                                        .count();
  return ctx;
}
}  // namespace

BatchPtr DataFrame::toBatch() const {
  exec::ExecContext ctx = queryContext();
  return valueOrThrow(exec::executeToBatch(plan_, ctx));
}

std::vector<BatchPtr> DataFrame::toBatches() const {
  exec::ExecContext ctx = queryContext();
  return valueOrThrow(exec::executeToBatches(plan_, ctx));
}

std::vector<Row> DataFrame::collect() const {
  BatchPtr b = toBatch();
  std::vector<Row> rows;
  rows.reserve(static_cast<size_t>(b->numRows()));
  for (int64_t r = 0; r < b->numRows(); ++r) rows.emplace_back(b->schema(), b->row(r));
  return rows;
}

int64_t DataFrame::count() const {
  exec::ExecContext ctx;
  auto stream = valueOrThrow(exec::buildStream(plan_, ctx, std::vector<bool>(plan_->output.size(), false)));
  int64_t n = 0;
  while (true) {
    BatchPtr b = valueOrThrow(stream->next());
    if (!b) break;
    n += b->numRows();
  }
  return n;
}

std::string DataFrame::showString(int numRows, int truncate) const {
  BatchPtr b = limit(numRows + 1).toBatch();
  return spate::showString(*b, numRows, truncate);
}

void DataFrame::show(int numRows, bool truncate) const { show(numRows, truncate ? 20 : 0); }
void DataFrame::show(int numRows, int truncate) const {
  std::string s = showString(numRows, truncate);
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void DataFrame::printSchema() const {
  std::string s = plan_->schema()->treeString();
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

std::string DataFrame::explainString(bool extended) const {
  std::string out;
  if (extended) {
    out += "== Analyzed Logical Plan ==\n";
    std::vector<std::string> cols;
    SchemaPtr schema = plan_->schema();  // held: schema() builds a new one
    for (const auto& f : schema->fields()) cols.push_back(f.name + ": " + f.type->simpleString());
    out += joinStrings(cols, ", ") + "\n" + plan_->treeString() + "\n";
  }
  out += "== Physical Plan ==\n" + plan_->treeString();
  return out;
}

void DataFrame::explain(bool extended) const {
  std::string s = explainString(extended);
  std::fwrite(s.data(), 1, s.size(), stdout);
  std::fputc('\n', stdout);
  std::fflush(stdout);
}

void DataFrame::createOrReplaceTempView(const std::string& name) const { session_->registerView(name, plan_, true); }
void DataFrame::createTempView(const std::string& name) const { session_->registerView(name, plan_, false); }

DataFrameWriter DataFrame::write() const {
  if (isStreaming()) throw Error(Status::AnalysisError("'write' can not be called on streaming Dataset/DataFrame"));
  return DataFrameWriter(*this);
}

DataStreamWriter DataFrame::writeStream() const {
  if (!isStreaming()) {
    throw Error(Status::AnalysisError("'writeStream' can be called only on streaming Dataset/DataFrame"));
  }
  return DataStreamWriter(*this);
}

DataFrame GroupedData::agg(const std::vector<Column>& aggregates) const {
  std::vector<ExprPtr> items = exprsOf(keys_);
  for (const auto& a : aggregates) items.push_back(a.expr());
  return DataFrame(session_, valueOrThrow(plan::aggregate(child_, exprsOf(keys_), items)));
}

DataFrame GroupedData::count() const {
  return agg(std::vector<Column>{Column(spate::alias(call("count", {star()}), "count"))});
}

DataFrame GroupedData::numericAggregate(const char* fn, const std::vector<std::string>& columns) const {
  std::vector<Column> aggs;
  if (columns.empty()) {
    // All numeric columns that are not grouping keys, as Spark.
    for (const auto& a : child_->output) {
      bool isKey = false;
      for (const auto& k : keys_) {
        isKey = isKey || (k.expr()->kind == ExprKind::kColumn && equalsIgnoreCase(k.expr()->nameParts.back(), a.name));
      }
      if (!isKey && a.type->isNumeric()) aggs.push_back(Column(call(fn, {columnRef(std::vector<std::string>{a.name})})));
    }
  } else {
    for (const auto& c : columns) {
      auto r = BindScope(child_->output).resolve({c});
      if (!r.ok()) throw Error(r.status());
      if (!child_->output[static_cast<size_t>(r->ordinal)].type->isNumeric()) {
        throw Error(Status::AnalysisError("\"{}\" is not a numeric column. Aggregation function can only be applied "
                                          "on a numeric column.",
                                          c));
      }
      aggs.push_back(Column(call(fn, {columnRef(c)})));
    }
  }
  return agg(aggs);
}

DataFrame GroupedData::sum(const std::vector<std::string>& columns) const { return numericAggregate("sum", columns); }
DataFrame GroupedData::avg(const std::vector<std::string>& columns) const { return numericAggregate("avg", columns); }
DataFrame GroupedData::mean(const std::vector<std::string>& columns) const { return avg(columns); }
DataFrame GroupedData::min(const std::vector<std::string>& columns) const { return numericAggregate("min", columns); }
DataFrame GroupedData::max(const std::vector<std::string>& columns) const { return numericAggregate("max", columns); }

}  // namespace spate::sql
