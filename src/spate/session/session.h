#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "spate/io/options.h"
#include "spate/plan/sql_planner.h"
#include "spate/session/dataframe.h"
#include "spate/session/data_stream_reader.h"
#include "spate/session/reader.h"
#include "spate/session/streaming_query.h"

namespace spate::sql {

class Session;

class SessionBuilder {
 public:
  SessionBuilder& appName(std::string name);
  // Accepted for compatibility ("local[2]"); spate always runs in this process.
  SessionBuilder& master(std::string master);
  SessionBuilder& config(const std::string& key, const std::string& value);
  std::shared_ptr<Session> getOrCreate();

 private:
  std::string appName_ = "spate";
  std::string master_ = "local[*]";
  std::map<std::string, std::string> conf_;
};

// Runtime configuration (spark.conf): string values by key.
class RuntimeConfig {
 public:
  void set(const std::string& key, const std::string& value);
  std::string get(const std::string& key, const std::string& def = "") const;
  bool has(const std::string& key) const;
  std::map<std::string, std::string> all() const;

 private:
  mutable std::mutex mu_;
  std::map<std::string, std::string> values_;
};

// The entry point (Spark's SparkSession): reads data, runs SQL, holds temporary views
// and configuration.
class Session : public std::enable_shared_from_this<Session> {
 public:
  static SessionBuilder builder();
  // The session getOrCreate() made first, if any.
  static std::shared_ptr<Session> active();

  const std::string& appName() const { return appName_; }
  RuntimeConfig& conf() { return conf_; }

  DataFrameReader read();
  DataStreamReader readStream();
  // The session's streaming queries (spark.streams).
  StreamingQueryManager streams();
  const std::shared_ptr<streaming::StreamingQueryManager>& streamsManager() const { return streams_; }
  // Runs one or more ';'-separated statements; returns the result of the last one
  // (an empty DataFrame for statements without rows).
  DataFrame sql(const std::string& text);
  Result<DataFrame> trySql(const std::string& text);
  // Runs one parsed statement (the CLI prints each statement's result of a script).
  Result<DataFrame> executeStatement(const sql::Statement& statement);
  DataFrame table(const std::string& name);
  DataFrame range(int64_t end) { return range(0, end, 1); }
  DataFrame range(int64_t start, int64_t end, int64_t step = 1);
  DataFrame createDataFrame(const std::vector<std::vector<Value>>& rows, const Schema& schema);
  DataFrame createDataFrame(const std::vector<std::vector<Value>>& rows, const std::string& ddlSchema);
  // Over batches already in memory (no copy); they must all have `schema`'s columns.
  DataFrame createDataFrame(std::vector<BatchPtr> batches, SchemaPtr schema);
  DataFrame emptyDataFrame();

  // Temporary views.
  void registerView(const std::string& name, PlanPtr plan, bool replace);
  bool dropView(const std::string& name);
  const plan::Catalog& catalog() const;

  explicit Session(std::string appName);
  ~Session();

 private:
  class ViewCatalog;

  std::string appName_;
  RuntimeConfig conf_;
  std::unique_ptr<ViewCatalog> catalog_;
  std::shared_ptr<streaming::StreamingQueryManager> streams_;
};

}  // namespace spate::sql
