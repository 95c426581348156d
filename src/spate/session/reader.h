#pragma once

#include <memory>
#include <string>
#include <vector>

#include "spate/io/options.h"
#include "spate/io/partition_discovery.h"
#include "spate/session/option_setter.h"
#include "spate/plan/logical_plan.h"
#include "spate/session/dataframe.h"

namespace spate::sql {

// spark.read: format, options and schema, then load().
class DataFrameReader : public OptionSetter<DataFrameReader> {
 public:
  explicit DataFrameReader(std::shared_ptr<Session> session) : session_(std::move(session)) {}

  DataFrameReader& format(const std::string& source);
  DataFrameReader& schema(const Schema& schema);
  DataFrameReader& schema(const std::string& ddl);

  DataFrame load();
  DataFrame load(const std::string& path);
  DataFrame load(const std::vector<std::string>& paths);
  DataFrame csv(const std::string& path);
  DataFrame json(const std::string& path);
  DataFrame text(const std::string& path);
  DataFrame table(const std::string& name);

 private:
  std::shared_ptr<Session> session_;
  std::string format_ = "parquet";
  std::shared_ptr<Schema> schema_;
};

// df.write: format, mode and options, then save().
class DataFrameWriter : public OptionSetter<DataFrameWriter> {
 public:
  explicit DataFrameWriter(DataFrame df) : df_(std::move(df)) {}
  DataFrameWriter& format(const std::string& source);
  // "error"/"errorifexists" (default), "overwrite", "append", "ignore".
  DataFrameWriter& mode(const std::string& saveMode);
  // Rows go to the folder of their values, col1=v1/col2=v2/ (Spark's Hive-style
  // layout); the files hold the other columns.
  DataFrameWriter& partitionBy(const std::vector<std::string>& columns);
  void save(const std::string& path);
  // A managed table in the warehouse (spark.sql.warehouse.dir/<name>) that
  // spark.table(name) and SQL read; format("delta") only.
  void saveAsTable(const std::string& name);
  // Formats without a path: kafka (kafka.bootstrap.servers and topic options).
  void save();
  void csv(const std::string& path);
  void json(const std::string& path);
  void text(const std::string& path);

 private:
  std::vector<BatchPtr> runQuery() const;

  DataFrame df_;
  std::string format_ = "parquet";
  std::string mode_ = "errorifexists";
  std::vector<std::string> partitionBy_;
};

// Partition discovery as the session's configuration sets it:
// spark.sql.sources.partitionColumnTypeInference.enabled and
// spark.sql.sources.validatePartitionColumns (both default true).
PartitionDiscoveryOptions partitionDiscoveryConf(Session& session);

// The records of a Kafka offset range (spark.read.format("kafka") options), read when
// the query runs; the options are checked then.
TableSourcePtr makeKafkaTableSource(const Options& options, bool includeHeaders);

// A table source over the files of a path in a file format, as read.format(...).load()
// and CREATE TEMPORARY VIEW ... USING make. The schema is the user's or inferred once,
// followed by the partition columns discovered in k=v folders (option basePath: where
// discovery stops; discovery: see partitionDiscoveryConf; its userSchema is set here).
Result<TableSourcePtr> makeFileSource(const std::string& format, const std::vector<std::string>& paths,
                                      const Options& options, std::shared_ptr<Schema> userSchema,
                                      PartitionDiscoveryOptions discovery = {});

}  // namespace spate::sql
