#pragma once

// Partition discovery (Spark's PartitioningUtils.parsePartitions): the columns and
// values that "k=v" folders between a table's base path and its data files stand for.

#include <string>
#include <string_view>
#include <vector>

#include "spate/columnar/batch.h"
#include "spate/common/status.h"
#include "spate/types/schema.h"
#include "spate/types/value.h"

namespace spate {

// The type Spark infers for one raw (still escaped) partition folder value, with
// spark.sql.sources.partitionColumnTypeInference.enabled: int, bigint, decimal(p,0)
// for whole numbers beyond bigint, double, timestamp ("yyyy-MM-dd HH:mm:ss[.S]"),
// date ("yyyy-MM-dd"), else string; __HIVE_DEFAULT_PARTITION__ is null (void).
TypePtr inferPartitionValueType(std::string_view raw);

// The type two partitions' values of one column share: Spark's widening without
// precision loss (int + bigint = bigint, date + timestamp = timestamp), and string when
// nothing wider fits (double with bigint or decimal included).
TypePtr widerPartitionType(const TypePtr& a, const TypePtr& b);

struct PartitionDiscoveryOptions {
  bool typeInference = true;  // off: every partition column is a string
  // A user schema: the partition columns it names take its types.
  SchemaPtr userSchema;
  // spark.sql.sources.validatePartitionColumns: a value that does not cast to the
  // user's type is an error naming the value and the column; off: it is null.
  bool validateValues = true;
};

// The data files of a table with the partition values of each.
struct PartitionedFiles {
  std::vector<std::string> files;
  // The partition columns (nullable), in folder order; empty when not partitioned.
  SchemaPtr partitionSchema;
  // Per file, the values of partitionSchema's columns (empty when not partitioned).
  std::vector<std::vector<Value>> values;
};

// Discovers the partitioning of files (absolute paths) under basePaths (absolute
// directories): each file's folders from its own up to a base path are read as k=v.
// When the table is partitioned, files outside any partition folder are not part of
// it (as in Spark) and are dropped. Spark's errors for inconsistent layouts:
// "Conflicting directory structures detected" (several roots) and "Conflicting
// partition column names detected" (different columns at different depths).
Result<PartitionedFiles> discoverPartitions(const std::vector<std::string>& files,
                                            const std::vector<std::string>& basePaths,
                                            const PartitionDiscoveryOptions& options);

// The values of known partition columns for one file under basePath, for sources that
// fixed their partition schema earlier (the streaming file source): a column whose
// folder is missing is null; a value that does not cast is an error.
Result<std::vector<Value>> partitionValuesOf(const std::string& file, const std::string& basePath,
                                             const Schema& partitionSchema);

// A batch of a file's data columns with its partition values appended as constant
// columns, under schema (the data columns, then the partition columns).
BatchPtr appendPartitionValues(const BatchPtr& batch, const std::vector<Value>& values, const SchemaPtr& schema);

// A file source's two schemas, from the schema of its files' data and its partition
// columns: what the files are read with (the data columns, less any named like a
// partition column, case-insensitively) and what the source gives (those, then the
// partition columns).
struct FileSourceSchemas {
  SchemaPtr data;
  SchemaPtr full;
};
FileSourceSchemas fileSourceSchemas(const Schema& data, const Schema& partitions);

}  // namespace spate
