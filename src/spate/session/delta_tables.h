#pragma once

// Delta tables as the session reads and writes them: spark.read.format("delta"),
// df.write.format("delta") with its save modes, saveAsTable / toTable into the
// warehouse (spark.sql.warehouse.dir, default ./spark-warehouse/<name>), and the
// lookup of such managed tables by name for spark.table(name) and SQL.

#include <string>

#include "spate/io/options.h"
#include "spate/plan/logical_plan.h"

namespace spate::sql {

class RuntimeConfig;

// The table at path: its latest version each time a query runs, or the version that
// option versionAsOf (a number) or timestampAsOf ("2024-01-01 10:00:00", UTC) names.
Result<TableSourcePtr> makeDeltaTableSource(const std::string& path, const Options& options);

// Writes the rows to the table at path with a save mode: "append", "overwrite",
// "errorifexists" (an error when a table is there) or "ignore" (nothing when one is).
// operation is commitInfo's ("WRITE", "CREATE TABLE AS SELECT").
Status saveDeltaTable(const std::string& path, const std::string& saveMode, const SchemaPtr& schema,
                      const std::vector<BatchPtr>& rows, const Options& options, const std::string& operation);

// <warehouse>/<name>, absolute; an error for a name that is not one identifier.
Result<std::string> managedTablePath(const RuntimeConfig& conf, const std::string& name);
// Whether a Delta table named name exists in the warehouse.
bool managedDeltaTableExists(const RuntimeConfig& conf, const std::string& name);
// The names of the warehouse's Delta tables, sorted (SHOW TABLES).
std::vector<std::string> managedDeltaTables(const RuntimeConfig& conf);

}  // namespace spate::sql
