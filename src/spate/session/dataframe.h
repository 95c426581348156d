#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/plan/logical_plan.h"
#include "spate/session/column.h"
#include "spate/session/row.h"

namespace spate::sql {

class Session;
class DataFrame;
class DataFrameWriter;
class DataStreamWriter;

// groupBy(...) awaiting its aggregates.
class GroupedData {
 public:
  GroupedData(std::shared_ptr<Session> session, PlanPtr child, std::vector<Column> keys)
      : session_(std::move(session)), child_(std::move(child)), keys_(std::move(keys)) {}

  DataFrame agg(const std::vector<Column>& aggregates) const;
  template <typename... C>
  DataFrame agg(const Column& first, const C&... rest) const;
  DataFrame count() const;
  DataFrame sum(const std::vector<std::string>& columns = {}) const;
  DataFrame avg(const std::vector<std::string>& columns = {}) const;
  DataFrame mean(const std::vector<std::string>& columns = {}) const;
  DataFrame min(const std::vector<std::string>& columns = {}) const;
  DataFrame max(const std::vector<std::string>& columns = {}) const;

 private:
  DataFrame numericAggregate(const char* fn, const std::vector<std::string>& columns) const;
  std::shared_ptr<Session> session_;
  PlanPtr child_;
  std::vector<Column> keys_;
};

// A distributed-collection-shaped handle on a logical plan (Spark's DataFrame). Methods
// build new DataFrames; the plan is resolved eagerly, so a bad column name fails at the
// call that names it. Errors are thrown as spate::Error.
class DataFrame {
 public:
  DataFrame(std::shared_ptr<Session> session, PlanPtr plan)
      : session_(std::move(session)), plan_(std::move(plan)) {}

  const PlanPtr& logicalPlan() const { return plan_; }
  const std::shared_ptr<Session>& session() const { return session_; }
  SchemaPtr schema() const { return plan_->schema(); }
  std::vector<std::string> columns() const;
  // Whether a streaming source feeds this DataFrame: then it runs only through
  // writeStream().start().
  bool isStreaming() const { return plan_->isStreaming(); }

  DataFrame select(const std::vector<Column>& columns) const;
  template <typename... C>
  DataFrame select(const Column& first, const C&... rest) const {
    return select(std::vector<Column>{first, Column(rest)...});
  }
  DataFrame selectExpr(const std::vector<std::string>& expressions) const;
  template <typename... S>
  DataFrame selectExpr(const std::string& first, const S&... rest) const {
    return selectExpr(std::vector<std::string>{first, std::string(rest)...});
  }
  DataFrame filter(const Column& condition) const;
  DataFrame filter(const std::string& condition) const;
  DataFrame filter(const char* condition) const { return filter(std::string(condition)); }
  DataFrame where(const Column& condition) const { return filter(condition); }
  DataFrame where(const std::string& condition) const { return filter(condition); }
  DataFrame where(const char* condition) const { return filter(std::string(condition)); }
  DataFrame withColumn(const std::string& name, const Column& value) const;
  DataFrame withColumnRenamed(const std::string& existing, const std::string& newName) const;
  DataFrame drop(const std::vector<std::string>& columns) const;
  template <typename... S>
  DataFrame drop(const std::string& first, const S&... rest) const {
    return drop(std::vector<std::string>{first, std::string(rest)...});
  }
  DataFrame toDF(const std::vector<std::string>& names) const;
  GroupedData groupBy(const std::vector<Column>& keys) const;
  template <typename... C>
  GroupedData groupBy(const Column& first, const C&... rest) const {
    return groupBy(std::vector<Column>{first, Column(rest)...});
  }
  GroupedData groupBy() const { return groupBy(std::vector<Column>{}); }
  DataFrame agg(const std::vector<Column>& aggregates) const { return groupBy().agg(aggregates); }
  DataFrame orderBy(const std::vector<Column>& keys) const;
  template <typename... C>
  DataFrame orderBy(const Column& first, const C&... rest) const {
    return orderBy(std::vector<Column>{first, Column(rest)...});
  }
  template <typename... C>
  DataFrame sort(const Column& first, const C&... rest) const {
    return orderBy(std::vector<Column>{first, Column(rest)...});
  }
  DataFrame limit(int64_t n) const;
  // Marks eventTime (a timestamp column) as event time, with rows later than the
  // watermark (max event time seen - delayThreshold, e.g. "10 minutes") dropped by
  // stateful operators of a stream.
  DataFrame withWatermark(const std::string& eventTime, const std::string& delayThreshold) const;
  DataFrame distinct() const;
  DataFrame dropDuplicates(const std::vector<std::string>& columns = {}) const;
  // On a stream: drops a row whose key was seen within the watermark delay (the key's
  // state lives until the watermark passes its event time + delay). Streams only.
  DataFrame dropDuplicatesWithinWatermark(const std::vector<std::string>& columns = {}) const;
  // how: inner, left/left_outer, right/right_outer, full/outer/full_outer, semi/left_semi,
  // anti/left_anti, cross.
  DataFrame join(const DataFrame& other, const Column& on, const std::string& how = "inner") const;
  DataFrame join(const DataFrame& other, const std::vector<std::string>& usingColumns,
                 const std::string& how = "inner") const;
  DataFrame join(const DataFrame& other, const std::string& usingColumn, const std::string& how = "inner") const {
    return join(other, std::vector<std::string>{usingColumn}, how);
  }
  DataFrame join(const DataFrame& other, const char* usingColumn, const std::string& how = "inner") const {
    return join(other, std::vector<std::string>{usingColumn}, how);
  }
  DataFrame crossJoin(const DataFrame& other) const;
  DataFrame unionAll(const DataFrame& other) const;
  DataFrame union_(const DataFrame& other) const { return unionAll(other); }
  DataFrame unionByName(const DataFrame& other) const;
  DataFrame intersect(const DataFrame& other) const;
  DataFrame exceptAll(const DataFrame& other) const;
  DataFrame subtract(const DataFrame& other) const;
  // A column of this DataFrame, qualified so it stays unambiguous in self-joins.
  Column col(const std::string& name) const;
  Column operator[](const std::string& name) const { return col(name); }
  DataFrame alias(const std::string& alias) const;

  // Actions.
  std::vector<Row> collect() const;
  std::vector<Row> take(int64_t n) const { return limit(n).collect(); }
  BatchPtr toBatch() const;
  // The result as the engine's batches, uncopied (for Arrow export).
  std::vector<BatchPtr> toBatches() const;
  int64_t count() const;
  void show(int numRows = 20, bool truncate = true) const;
  void show(int numRows, int truncate) const;
  std::string showString(int numRows = 20, int truncate = 20) const;
  void printSchema() const;
  std::string explainString(bool extended = false) const;
  void explain(bool extended = false) const;
  void createOrReplaceTempView(const std::string& name) const;
  void createTempView(const std::string& name) const;
  DataFrameWriter write() const;
  DataStreamWriter writeStream() const;

 private:
  DataFrame wrap(Result<PlanPtr> plan) const;
  std::shared_ptr<Session> session_;
  PlanPtr plan_;
};

template <typename... C>
DataFrame GroupedData::agg(const Column& first, const C&... rest) const {
  return agg(std::vector<Column>{first, Column(rest)...});
}

}  // namespace spate::sql
